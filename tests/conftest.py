"""Shared test setup: no network, a private cache folder, and the tiny local Marian model."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DEV = ROOT.parent / "shared" / "dev"

# Nothing in the tests may reach a model hub, even by accident.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("NO_COLOR", "1")


class NetworkAccessError(AssertionError):
    pass


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guard(sock: socket.socket, address: object) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    raise NetworkAccessError(f"test tried to open a network connection to {address!r}")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _guard(self, address)
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _guard(self, address)
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test run gets its own cache folder (the lexicon is built there once)."""
    path = tmp_path_factory.mktemp("mtcheck-cache")
    old = os.environ.get("MTCHECK_CACHE_DIR")
    os.environ["MTCHECK_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("MTCHECK_CACHE_DIR", None)
    else:
        os.environ["MTCHECK_CACHE_DIR"] = old


def make_doc(text: str, path: str = "test.txt"):  # type: ignore[no-untyped-def]
    """A segmented Document from literal text (helper for check tests)."""
    from mtcheck.segment import segment
    from mtcheck.types import Document

    return segment(Document(path=path, text=text))


def run_check(check_name: str, text: str, **ctx_kwargs):  # type: ignore[no-untyped-def]
    """Run one check over every paragraph of ``text``; returns its findings."""
    import importlib

    from mtcheck.checks.base import DocContext
    from mtcheck.config import Config

    config = Config.load()
    doc = make_doc(text)
    module = importlib.import_module(f"mtcheck.checks.{check_name}")
    check = module.CHECK(config)
    ctx = DocContext(document=doc, config=config, **ctx_kwargs)
    findings = []
    for para in doc.paragraphs:
        findings.extend(check.check(ctx, para))
    return findings


# --- tiny Marian model fixture -------------------------------------------------------
# (built locally from random weights and a SentencePiece vocabulary trained on test text)


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight Marian fr->en model folder (opus-mt layout), built once per run.

    Its output is gibberish; use it for structure (lengths, spans, caching), with a small
    ``max_new_tokens`` (e.g. 24) in DecodeSettings.
    """
    from tiny_marian import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"))
