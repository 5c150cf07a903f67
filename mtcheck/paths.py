"""Where mtcheck keeps its caches and finds its bundled configuration."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_override: Path | None = None


def set_cache_dir(path: Path | None) -> None:
    """Override the cache folder for this process (``--cache-dir``)."""
    global _override
    _override = path


def cache_dir() -> Path:
    """``--cache-dir``, else ``MTCHECK_CACHE_DIR``, else the platform's user cache folder."""
    if _override is not None:
        return _override
    env = os.environ.get("MTCHECK_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir("mtcheck", appauthor=False))


def configs_dir() -> Path:
    """The bundled ``configs/`` folder: inside the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_configs", here.parent / "configs"):
        if (candidate / "default.toml").is_file():
            return candidate
    raise FileNotFoundError("mtcheck's bundled configs/ folder is missing from this install")
