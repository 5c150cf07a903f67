"""Find the Marian model on this machine, without ever touching the network by accident.

``--model`` is a local folder or a Hugging Face hub id. A hub id is looked up in the local
Hugging Face cache only (``HF_HUB_CACHE``, else ``HF_HOME``/hub, else
``~/.cache/huggingface/hub``), read at call time so a changed environment is honoured. The
check command never downloads: a missing model raises ``ModelUnavailable`` with a one-line
reason, and only ``download_model`` (``mtcheck model download``) goes online.

A model's identity (part of every cache key) is ``<hub id>@<commit hash>`` for a hub
snapshot, and ``sha256:<digest>`` of the weights and tokenizer files for a local folder;
per-file digests are remembered by path, size and mtime so a 300 MB file is hashed once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtcheck.backtranslate.base import ModelUnavailable
from mtcheck.paths import cache_dir

DEFAULT_REVISION = "main"
# Files every Marian model folder needs (plus one weights file).
REQUIRED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")  # transformers' preference order
OPTIONAL_FILES = (
    "tokenizer_config.json",
    "generation_config.json",
    "target_vocab.json",
    "special_tokens_map.json",
)
# Files whose content changes the output, hence hashed into a local folder's identity.
IDENTITY_FILES = (
    "config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
)
_HASH_CACHE_NAME = "model-hashes.json"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """A model folder ready to load, and the identity its cache entries are filed under."""

    name: str
    path: Path
    identity: str
    source: str  # "local" or "hub-cache"
    commit: str | None = None


# --- environment ------------------------------------------------------------------------


def hub_cache_dir() -> Path:
    """The Hugging Face hub cache folder, from the environment as it is now."""
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        value = os.environ.get(var)
        if value:
            return Path(value).expanduser()
    home = os.environ.get("HF_HOME")
    if home:
        return Path(home).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def hub_offline() -> bool:
    """Whether HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) forbids hub access."""
    return any(
        os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on")
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def _display(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def looks_like_path(name: str) -> bool:
    """A local folder (existing, or written like a path) rather than a hub id."""
    if Path(name).expanduser().exists():
        return True
    return (
        name.startswith((".", "/", "~", "\\"))
        or name.count("/") > 1
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")
    )


# --- local folders ----------------------------------------------------------------------


def weights_file(folder: Path) -> Path | None:
    for name in WEIGHT_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def missing_files(folder: Path) -> list[str]:
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if weights_file(folder) is None:
        missing.append(" or ".join(WEIGHT_FILES))
    return missing


def _hash_cache_path() -> Path:
    return cache_dir() / _HASH_CACHE_NAME


def _load_hash_cache() -> dict[str, Any]:
    try:
        data = json.loads(_hash_cache_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_hash_cache(data: dict[str, Any]) -> None:
    """Atomic replace; a read-only cache folder only costs re-hashing next time."""
    path = _hash_cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".model-hashes-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=0, sort_keys=True)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def file_sha256(path: Path, memo: dict[str, Any] | None = None) -> str:
    """sha256 of a file's content, streamed; ``memo`` maps path -> size/mtime/digest."""
    resolved = path.resolve()
    stat = resolved.stat()
    key = str(resolved)
    if memo is not None:
        entry = memo.get(key)
        if (
            isinstance(entry, dict)
            and entry.get("size") == stat.st_size
            and entry.get("mtime_ns") == stat.st_mtime_ns
            and isinstance(entry.get("sha256"), str)
        ):
            return str(entry["sha256"])
    digest = hashlib.sha256()
    with resolved.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    value = digest.hexdigest()
    if memo is not None:
        memo[key] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": value}
    return value


def local_identity(folder: Path) -> str:
    """``sha256:<hex>`` over the weights and tokenizer files (not the folder's path)."""
    memo = _load_hash_cache()
    before = json.dumps(memo, sort_keys=True)
    files = [folder / n for n in IDENTITY_FILES if (folder / n).is_file()]
    weights = weights_file(folder)
    if weights is not None:
        files.append(weights)
    combined = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        combined.update(f"{path.name}\0{file_sha256(path, memo)}\n".encode())
    if json.dumps(memo, sort_keys=True) != before:
        # Forget files that are gone (deleted models, test folders) while we are at it.
        _save_hash_cache({k: v for k, v in memo.items() if Path(k).exists()})
    return "sha256:" + combined.hexdigest()


def _resolve_local(name: str) -> ResolvedModel:
    folder = Path(name).expanduser()
    if not folder.is_dir():
        raise ModelUnavailable(f"model folder {name} does not exist")
    missing = missing_files(folder)
    if missing:
        raise ModelUnavailable(
            f"{name} is not a Marian model folder "
            f"(missing {', '.join(missing)})"
        )
    try:
        identity = local_identity(folder)
    except OSError as exc:
        raise ModelUnavailable(
            f"cannot read model folder {name}: {_one_line(exc)}"
        ) from None
    return ResolvedModel(name=name, path=folder.resolve(), identity=identity, source="local")


# --- hub cache --------------------------------------------------------------------------


def _not_cached_message(name: str, revision: str, detail: str = "") -> str:
    where = _display(hub_cache_dir())
    rev = "" if revision == DEFAULT_REVISION else f" (revision {revision})"
    offline = " and HF_HUB_OFFLINE=1" if hub_offline() else ""
    what = detail or "is not in the local Hugging Face cache"
    return (
        f"model {name}{rev} {what} ({where}){offline}; "
        "run `mtcheck model download` on a connected machine or pass --model DIR"
    )


def _cached_snapshot(name: str, revision: str) -> Path | None:
    """The cached snapshot folder of ``name`` at ``revision``, without network access."""
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import IncompleteSnapshotError
    except ImportError:  # pragma: no cover - huggingface_hub comes with transformers
        return None
    try:
        return Path(
            snapshot_download(
                name,
                revision=revision,
                cache_dir=str(hub_cache_dir()),
                local_files_only=True,
            )
        )
    except IncompleteSnapshotError as exc:
        # Only a subset of the repository was downloaded (as download_model does); the
        # files we need are checked by the caller.
        return Path(exc.snapshot_path)
    except Exception:  # not cached, invalid id, unreadable cache: all mean "not here"
        return None


def _resolve_hub(name: str, revision: str) -> ResolvedModel:
    snapshot = _cached_snapshot(name, revision)
    if snapshot is None or not snapshot.is_dir():
        raise ModelUnavailable(_not_cached_message(name, revision))
    missing = missing_files(snapshot)
    if missing:
        raise ModelUnavailable(
            _not_cached_message(
                name, revision, f"is only partly cached (missing {', '.join(missing)})"
            )
        )
    commit = snapshot.name
    return ResolvedModel(
        name=name,
        path=snapshot,
        identity=f"{name}@{commit}",
        source="hub-cache",
        commit=commit,
    )


# --- public API -------------------------------------------------------------------------


def resolve_model(
    name: str, revision: str | None = None, *, allow_download: bool = False
) -> ResolvedModel:
    """The model folder for ``--model``: a local folder, else the hub cache.

    Raises ModelUnavailable (one-line message) when it is not here; with ``allow_download``
    a hub model missing from the cache is downloaded first.
    """
    if looks_like_path(name):
        return _resolve_local(name)
    rev = revision or DEFAULT_REVISION
    try:
        return _resolve_hub(name, rev)
    except ModelUnavailable:
        if not allow_download:
            raise
    download_model(name, rev)
    return _resolve_hub(name, rev)


def download_model(name: str, revision: str | None = None) -> Path:
    """Download the files back-translation needs into the hub cache; returns the snapshot.

    The only function in mtcheck that goes online. Fails with a one-line ModelUnavailable
    when offline or when the hub cannot be reached.
    """
    if looks_like_path(name):
        raise ModelUnavailable(f"nothing to download: {name} is a local folder")
    rev = revision or DEFAULT_REVISION
    if hub_offline():
        raise ModelUnavailable(
            f"cannot download {name}: HF_HUB_OFFLINE=1 (or TRANSFORMERS_OFFLINE=1) is set; "
            "unset it on a connected machine, or copy the model folder here and pass --model DIR"
        )
    try:
        from huggingface_hub import HfApi, snapshot_download
    except ImportError as exc:  # pragma: no cover
        raise ModelUnavailable(f"cannot download {name}: {_one_line(exc)}") from None
    cache = str(hub_cache_dir())
    # The hub client logs every retry on stderr; the one-line error below says it all.
    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
    try:
        files = set(HfApi().list_repo_files(name, revision=rev))
        weights = next((w for w in WEIGHT_FILES if w in files), None)
        if weights is None:
            raise ModelUnavailable(
                f"cannot download {name}: the repository has no {' or '.join(WEIGHT_FILES)}"
            )
        patterns = [*REQUIRED_FILES, *OPTIONAL_FILES, weights]
        path = Path(snapshot_download(name, revision=rev, cache_dir=cache, allow_patterns=patterns))
    except ModelUnavailable:
        raise
    except Exception as exc:  # network, auth, unknown repo: one line, no traceback
        raise ModelUnavailable(f"cannot download {name}: {_one_line(exc)}") from None
    missing = missing_files(path)
    if missing:
        raise ModelUnavailable(
            f"cannot use {name}: the download lacks {', '.join(missing)} (not a Marian model?)"
        )
    return path


def model_info(name: str, revision: str | None = None) -> dict[str, object]:
    """Where the model is, its files and size, its identity, and whether it is usable here."""
    rev = revision or DEFAULT_REVISION
    local = looks_like_path(name)
    info: dict[str, object] = {
        "name": name,
        "kind": "local" if local else "hub",
        "revision": None if local else rev,
        "hub_cache": None if local else str(hub_cache_dir()),
        "offline": hub_offline(),
        "available": False,
        "reason": None,
        "path": None,
        "identity": None,
        "commit": None,
        "files": [],
        "size_bytes": 0,
    }
    try:
        resolved = resolve_model(name, revision)
    except ModelUnavailable as exc:
        info["reason"] = str(exc)
        return info
    files = []
    total = 0
    for path in sorted(resolved.path.iterdir()):
        if path.is_file():
            size = path.stat().st_size
            files.append({"name": path.name, "size": size})
            total += size
    info.update(
        available=True,
        path=str(resolved.path),
        identity=resolved.identity,
        commit=resolved.commit,
        files=files,
        size_bytes=total,
    )
    return info
