"""Back-translation: resolve the Marian model, build a backend, optionally cache results.

Importing this package is cheap: torch, transformers and CTranslate2 are imported only
when ``load_backtranslator`` builds a backend (``prepare_backtranslator`` defers even that
until the first text reaches the model, so a run served from the cache never loads it).

Backends register a loader in ``BACKENDS``, a cheap availability probe in ``PROBES`` (no
import, just "is it installed") and the identity their results are filed under in
``IDENTITIES``; ``AUTO_ORDER`` lists what ``backend="auto"`` tries, first usable wins:
CTranslate2 (measured 3-4x faster than transformers on 2 cores; see benchmarks/), then
transformers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.util import find_spec

from mtcheck.backtranslate.base import Backtranslator, DecodeSettings, ModelUnavailable
from mtcheck.backtranslate.resolve import (
    ResolvedModel,
    download_model,
    model_info,
    resolve_model,
)

__all__ = [
    "AUTO_ORDER",
    "BACKENDS",
    "BackendMissing",
    "BackendOptions",
    "Backtranslator",
    "DecodeSettings",
    "ModelUnavailable",
    "ResolvedModel",
    "download_model",
    "load_backtranslator",
    "model_info",
    "prepare_backtranslator",
    "resolve_model",
]


class BackendMissing(Exception):
    """A backend's libraries are not installed (``auto`` then tries the next one)."""


@dataclass(frozen=True, slots=True)
class BackendOptions:
    """Backend-specific knobs; each backend reads the ones it knows."""

    quantize: bool = False  # transformers: dynamic int8 Linear layers
    compute_type: str = "int8"  # CTranslate2 weights/compute type
    inter_threads: int | None = None  # CTranslate2 replicas (None: by core count)
    intra_threads: int | None = None  # CTranslate2 threads per replica (None: by core count)


BackendLoader = Callable[[ResolvedModel, DecodeSettings, BackendOptions], Backtranslator]


def _load_transformers(
    model: ResolvedModel, settings: DecodeSettings, options: BackendOptions
) -> Backtranslator:
    try:
        from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

        return TransformersBacktranslator(
            model.path, model.identity, settings, quantize=options.quantize
        )
    except ImportError as exc:
        raise BackendMissing(f"transformers backend needs torch and transformers ({exc})") from None


def _installed(*modules: str) -> bool:
    try:
        return all(find_spec(m) is not None for m in modules)
    except (ImportError, ValueError):
        return False


def _probe_transformers(model: ResolvedModel, options: BackendOptions) -> str | None:
    if not _installed("torch", "transformers"):
        return "transformers backend needs torch and transformers (not installed)"
    return None


def _identity_transformers(model: ResolvedModel, options: BackendOptions) -> str:
    from mtcheck.backtranslate.transformers_backend import QUANTIZED_SUFFIX

    return model.identity + (QUANTIZED_SUFFIX if options.quantize else "")


def _probe_ctranslate2(model: ResolvedModel, options: BackendOptions) -> str | None:
    """Why the CTranslate2 backend cannot run here (None: it can), without importing it."""
    if not _installed("ctranslate2", "sentencepiece"):
        return "ctranslate2 backend needs ctranslate2 and sentencepiece (not installed)"
    from mtcheck.backtranslate.convert import (
        converted_dir,
        read_metadata,
        separate_vocabularies,
    )

    if read_metadata(converted_dir(model.identity, options.compute_type)) is not None:
        return None
    if separate_vocabularies(model.path):
        return "ctranslate2 backend supports shared source/target vocabularies only"
    if not _installed("torch", "transformers"):
        return "converting the model to CTranslate2 needs torch and transformers (not installed)"
    return None


def _identity_ctranslate2(model: ResolvedModel, options: BackendOptions) -> str:
    from mtcheck.backtranslate.ctranslate2_backend import identity_suffix

    return model.identity + identity_suffix(options.compute_type)


def _parallel_ctranslate2(options: BackendOptions) -> int:
    from mtcheck.backtranslate.ctranslate2_backend import choose_threads
    from mtcheck.backtranslate.marian import available_cores

    return options.inter_threads or choose_threads(available_cores())[0]


def _load_ctranslate2(
    model: ResolvedModel, settings: DecodeSettings, options: BackendOptions
) -> Backtranslator:
    reason = _probe_ctranslate2(model, options)
    if reason:
        raise BackendMissing(reason)
    from mtcheck.backtranslate.convert import ConversionUnavailable

    try:
        from mtcheck.backtranslate.ctranslate2_backend import CTranslate2Backtranslator

        return CTranslate2Backtranslator(
            model.path,
            model.identity,
            settings,
            compute_type=options.compute_type,
            inter_threads=options.inter_threads,
            intra_threads=options.intra_threads,
        )
    except ImportError as exc:
        raise BackendMissing(f"ctranslate2 backend needs ctranslate2 ({exc})") from None
    except ConversionUnavailable as exc:
        raise BackendMissing(f"ctranslate2 backend: {exc}") from None


Probe = Callable[[ResolvedModel, BackendOptions], "str | None"]
IdentityFn = Callable[[ResolvedModel, BackendOptions], str]

BACKENDS: dict[str, BackendLoader] = {
    "ctranslate2": _load_ctranslate2,
    "transformers": _load_transformers,
}
PROBES: dict[str, Probe] = {
    "ctranslate2": _probe_ctranslate2,
    "transformers": _probe_transformers,
}
IDENTITIES: dict[str, IdentityFn] = {
    "ctranslate2": _identity_ctranslate2,
    "transformers": _identity_transformers,
}
AUTO_ORDER: list[str] = ["ctranslate2", "transformers"]


def _check_choice(backend: str, compute_type: str) -> None:
    if backend != "auto" and backend not in BACKENDS:
        known = ", ".join(["auto", *BACKENDS])
        raise ValueError(f"unknown back-translation backend {backend!r} (expected {known})")
    if backend in ("auto", "ctranslate2"):
        from mtcheck.backtranslate.convert import check_compute_type

        check_compute_type(compute_type)


def _build(
    name: str,
    model: ResolvedModel,
    candidate: str,
    settings: DecodeSettings,
    options: BackendOptions,
) -> Backtranslator:
    """One backend, with any library-specific load failure as a one-line ModelUnavailable."""
    try:
        return BACKENDS[candidate](model, settings, options)
    except (BackendMissing, ModelUnavailable):
        raise
    except Exception as exc:  # a broken model folder fails in many library-specific ways
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise ModelUnavailable(
            f"cannot load {name} from {model.path} with {candidate}: "
            f"{type(exc).__name__}{': ' + first if first else ''}"
        ) from None


def _prepare(
    name: str,
    backend: str,
    revision: str | None,
    allow_download: bool,
    quantize: bool,
    compute_type: str,
    inter_threads: int | None,
    intra_threads: int | None,
) -> tuple[ResolvedModel, BackendOptions]:
    """Validate the choice and resolve the model: what loading now or later both need."""
    _check_choice(backend, compute_type)
    model = resolve_model(name, revision, allow_download=allow_download)
    options = BackendOptions(
        quantize=quantize,
        compute_type=compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
    )
    return model, options


def load_backtranslator(
    name: str,
    *,
    backend: str,
    settings: DecodeSettings,
    revision: str | None,
    quantize: bool,
    allow_download: bool = False,
    compute_type: str = "int8",
    inter_threads: int | None = None,
    intra_threads: int | None = None,
) -> Backtranslator:
    """Resolve ``name`` (local folder or hub id, never downloading unless allowed) and build
    a backend; raises ModelUnavailable with a one-line reason when that is not possible.

    ``quantize`` is the transformers backend's dynamic int8; ``compute_type`` and the
    thread counts are for CTranslate2 (ignored by transformers).
    """
    model, options = _prepare(
        name, backend, revision, allow_download, quantize, compute_type, inter_threads,
        intra_threads,
    )  # fmt: skip
    reasons = []
    for candidate in AUTO_ORDER if backend == "auto" else [backend]:
        try:
            return _build(name, model, candidate, settings, options)
        except BackendMissing as exc:
            reasons.append(str(exc))
    raise ModelUnavailable("; ".join(reasons))


def prepare_backtranslator(
    name: str,
    *,
    backend: str,
    settings: DecodeSettings,
    revision: str | None,
    quantize: bool,
    allow_download: bool = False,
    compute_type: str = "int8",
    inter_threads: int | None = None,
    intra_threads: int | None = None,
) -> Backtranslator:
    """Like ``load_backtranslator``, but the backend is built on first use.

    The model is resolved now (a missing model still fails here, with the same one-line
    reason) and the backend chosen by cheap probes (installed libraries, an existing
    CTranslate2 conversion), so the identity the cache needs is known without importing
    or loading anything; a run served entirely from the cache never loads the model. A
    model whose weights fail to load raises ModelUnavailable at the first translation.
    """
    from mtcheck.backtranslate.lazy import LazyBacktranslator

    model, options = _prepare(
        name, backend, revision, allow_download, quantize, compute_type, inter_threads,
        intra_threads,
    )  # fmt: skip
    reasons = []
    chosen = ""
    for candidate in AUTO_ORDER if backend == "auto" else [backend]:
        reason = PROBES[candidate](model, options)
        if not reason:
            chosen = candidate
            break
        reasons.append(reason)
    if not chosen:
        raise ModelUnavailable("; ".join(reasons))

    def build() -> Backtranslator:
        try:
            return _build(name, model, chosen, settings, options)
        except BackendMissing as exc:
            raise ModelUnavailable(str(exc)) from None

    return LazyBacktranslator(
        chosen,
        IDENTITIES[chosen](model, options),
        settings,
        build,
        parallel_batches=_parallel_ctranslate2(options) if chosen == "ctranslate2" else 1,
    )
