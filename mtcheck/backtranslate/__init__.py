"""Back-translation: resolve the Marian model, build a backend, optionally cache results.

Importing this package is cheap: torch, transformers and CTranslate2 are imported only
when ``load_backtranslator`` builds a backend.

Backends register a loader in ``BACKENDS``; ``AUTO_ORDER`` lists what ``backend="auto"``
tries, first usable wins. (A CTranslate2 loader goes in front of "transformers" there.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    "resolve_model",
]


class BackendMissing(Exception):
    """A backend's libraries are not installed (``auto`` then tries the next one)."""


@dataclass(frozen=True, slots=True)
class BackendOptions:
    """Backend-specific knobs; each backend reads the ones it knows."""

    quantize: bool = False  # transformers: dynamic int8 Linear layers
    compute_type: str = "int8"  # CTranslate2 weights/compute type


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


BACKENDS: dict[str, BackendLoader] = {"transformers": _load_transformers}
AUTO_ORDER: list[str] = ["transformers"]


def load_backtranslator(
    name: str,
    *,
    backend: str,
    settings: DecodeSettings,
    revision: str | None,
    quantize: bool,
    allow_download: bool = False,
    compute_type: str = "int8",
) -> Backtranslator:
    """Resolve ``name`` (local folder or hub id, never downloading unless allowed) and build
    a backend; raises ModelUnavailable with a one-line reason when that is not possible.

    ``quantize`` is the transformers backend's dynamic int8; ``compute_type`` is for
    CTranslate2 (ignored by transformers).
    """
    if backend != "auto" and backend not in BACKENDS:
        known = ", ".join(["auto", *BACKENDS])
        raise ValueError(f"unknown back-translation backend {backend!r} (expected {known})")
    model = resolve_model(name, revision, allow_download=allow_download)
    options = BackendOptions(quantize=quantize, compute_type=compute_type)
    reasons = []
    for candidate in AUTO_ORDER if backend == "auto" else [backend]:
        try:
            return BACKENDS[candidate](model, settings, options)
        except BackendMissing as exc:
            reasons.append(str(exc))
        except ModelUnavailable:
            raise
        except Exception as exc:  # a broken model folder fails in many library-specific ways
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise ModelUnavailable(
                f"cannot load {name} from {model.path} with {candidate}: "
                f"{type(exc).__name__}{': ' + first if first else ''}"
            ) from None
    raise ModelUnavailable("; ".join(reasons))
