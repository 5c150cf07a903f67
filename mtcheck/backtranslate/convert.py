"""Convert a Marian model folder to CTranslate2, once, into mtcheck's cache.

Where: ``<cache_dir>/ct2/<sha256(identity)[:24]>-<compute type>/`` holds CTranslate2's
``model.bin``, ``config.json`` and ``shared_vocabulary.json``, plus the files the runtime
needs to tokenise without transformers (``source.spm``, ``target.spm``, ``vocab.json``,
``target_vocab.json``, ``tokenizer_config.json``) and ``mtcheck.json`` (identity, compute
type, positions, alignment spec, versions, conversion time). The folder name depends on
the model identity (a hub commit or a hash of the local weights), so new weights get a new
conversion and old ones are never reused by mistake.

How: the conversion imports torch and transformers (ctranslate2's TransformersConverter
needs them), so it runs in a child process (``python -m mtcheck.backtranslate.convert``):
the checking process never imports them, not even on the first run, and its memory stays
that of CTranslate2. The child writes into a temporary folder next to the final one, which
is renamed into place only when complete: an interrupted conversion leaves nothing
half-written, and two processes converting at once both end with the same valid folder.

Alignment: the decoder spec gets ``alignment_layer = ALIGNMENT_LAYER`` (-2) and
``alignment_heads`` = all of the decoder's heads, so CTranslate2's ``return_attention``
gives exactly the attention ``mtcheck.backtranslate.marian`` defines.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mtcheck.backtranslate.base import ModelUnavailable
from mtcheck.paths import cache_dir

# Bump when the conversion recipe changes (spec tweaks, copied files): retires old folders.
CONVERSION_FORMAT = 1
METADATA = "mtcheck.json"
RUNTIME_FILES = ("source.spm", "target.spm", "vocab.json")
OPTIONAL_RUNTIME_FILES = ("target_vocab.json", "tokenizer_config.json")
# Names CTranslate2 accepts for quantization at conversion time.
COMPUTE_TYPES = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
_TIMEOUT_S = 1800


class ConversionUnavailable(Exception):
    """Conversion cannot run here (converter libraries missing, unsupported model)."""


def converted_dir(identity: str, compute_type: str) -> Path:
    """Where the conversion of the model ``identity`` at ``compute_type`` lives."""
    digest = hashlib.sha256(f"{CONVERSION_FORMAT}\0{identity}".encode()).hexdigest()[:24]
    return cache_dir() / "ct2" / f"{digest}-{compute_type}"


def read_metadata(folder: Path) -> dict[str, Any] | None:
    """The metadata of a finished conversion, or None when ``folder`` is not one."""
    try:
        data = json.loads((folder / METADATA).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != CONVERSION_FORMAT:
        return None
    if not (folder / "model.bin").is_file():
        return None
    return data


def check_compute_type(compute_type: str) -> str:
    if compute_type not in COMPUTE_TYPES:
        raise ValueError(
            f"unknown CTranslate2 compute type {compute_type!r} "
            f"(expected one of {', '.join(COMPUTE_TYPES)})"
        )
    return compute_type


def separate_vocabularies(model_dir: Path) -> bool:
    """Models with separate source/target vocabularies are left to transformers."""
    try:
        config = json.loads((model_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(isinstance(config, dict) and config.get("separate_vocabs"))


def ensure_converted(model_dir: Path, identity: str, compute_type: str) -> Path:
    """The converted folder for this model and compute type, converting it if needed."""
    check_compute_type(compute_type)
    target = converted_dir(identity, compute_type)
    if read_metadata(target) is not None:
        return target
    if separate_vocabularies(model_dir):
        raise ConversionUnavailable(
            "the ctranslate2 backend supports shared source/target vocabularies only"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        _convert_in_child(model_dir, tmp, identity, compute_type)
        _install(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if read_metadata(target) is None:  # pragma: no cover - only if the rename raced oddly
        raise ModelUnavailable(f"CTranslate2 conversion of {model_dir} left no usable model")
    return target


def _install(tmp: Path, target: Path) -> None:
    """Rename the finished conversion into place; a concurrent winner is kept."""
    if read_metadata(target) is not None:
        return
    if target.exists():  # a stale or broken folder from an older format
        shutil.rmtree(target, ignore_errors=True)
    try:
        os.rename(tmp, target)
    except OSError:
        if read_metadata(target) is None:
            raise


def _convert_in_child(model_dir: Path, out: Path, identity: str, compute_type: str) -> None:
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")  # the folder is local: never reach the hub
    env.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    cmd = [
        sys.executable,
        "-m",
        "mtcheck.backtranslate.convert",
        str(model_dir),
        str(out),
        identity,
        compute_type,
    ]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=env, timeout=_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelUnavailable(f"CTranslate2 conversion of {model_dir} failed: {exc}") from None
    if proc.returncode == _EXIT_UNAVAILABLE:
        raise ConversionUnavailable(_last_line(proc.stderr) or "converter unavailable")
    if proc.returncode != 0:
        raise ModelUnavailable(
            f"CTranslate2 conversion of {model_dir} failed: "
            f"{_last_line(proc.stderr) or f'exit code {proc.returncode}'}"
        )


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1] if lines else ""


_EXIT_UNAVAILABLE = 3


# --- the child process -------------------------------------------------------------------


def convert(model_dir: Path, out: Path, identity: str, compute_type: str) -> dict[str, Any]:
    """Convert ``model_dir`` into the (empty or missing) folder ``out``; imports torch."""
    from ctranslate2 import __version__ as ct2_version
    from ctranslate2.converters import TransformersConverter

    from mtcheck.backtranslate.marian import ALIGNMENT_LAYER

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    layers = int(config.get("decoder_layers") or config.get("num_hidden_layers") or 0)
    heads = int(config.get("decoder_attention_heads") or 0)
    if layers < abs(ALIGNMENT_LAYER) or heads < 1:
        raise ValueError(f"unexpected Marian config: {layers} decoder layers, {heads} heads")

    class _AlignedConverter(TransformersConverter):
        def _load(self) -> Any:
            import numpy as np

            spec = super()._load()
            decoder = spec.decoder
            decoder.alignment_layer = np.dtype("int16").type(ALIGNMENT_LAYER)
            decoder.alignment_heads = np.dtype("int16").type(int(decoder.num_heads))
            return spec

    t0 = time.perf_counter()
    _AlignedConverter(str(model_dir)).convert(str(out), quantization=compute_type, force=True)
    for name in RUNTIME_FILES + OPTIONAL_RUNTIME_FILES:
        if (model_dir / name).is_file():
            shutil.copyfile(model_dir / name, out / name)
    meta = {
        "format": CONVERSION_FORMAT,
        "identity": identity,
        "compute_type": compute_type,
        "source": str(model_dir),
        "max_position_embeddings": int(config.get("max_position_embeddings") or 512),
        "decoder_layers": layers,
        "decoder_heads": heads,
        "alignment_layer": ALIGNMENT_LAYER,
        "alignment_heads": heads,
        "ctranslate2": ct2_version,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    # Written last: its presence marks a complete conversion.
    (out / METADATA).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return meta


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(
            "usage: python -m mtcheck.backtranslate.convert MODEL_DIR OUT IDENTITY TYPE",
            file=sys.stderr,
        )
        return 2
    model_dir, out, identity, compute_type = Path(argv[0]), Path(argv[1]), argv[2], argv[3]
    try:
        import ctranslate2  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        print(
            f"CTranslate2 conversion needs ctranslate2, torch and transformers ({exc})",
            file=sys.stderr,
        )
        return _EXIT_UNAVAILABLE
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        convert(model_dir, out, identity, compute_type)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(f"{type(exc).__name__}{': ' + first if first else ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
