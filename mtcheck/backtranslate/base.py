"""The back-translation interface every backend implements.

Kept free of torch/transformers/ctranslate2 imports so that text-only runs stay fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from mtcheck.types import BackTranslation


@dataclass(frozen=True, slots=True)
class DecodeSettings:
    """Decoding settings that change the output, hence part of the cache key."""

    beam_size: int = 1
    max_new_tokens: int = 256
    # A paragraph longer than this many source tokens is split at sentence boundaries.
    max_input_tokens: int = 400
    batch_size: int = 32

    def cache_key(self) -> str:
        # batch_size does not change the output, so it stays out of the key.
        return f"beam={self.beam_size};max_new={self.max_new_tokens};max_in={self.max_input_tokens}"


class ModelUnavailable(Exception):
    """The model cannot be loaded here; the message says why and how to get it."""


@runtime_checkable
class Backtranslator(Protocol):
    """Translates French paragraphs to English with token-level detail.

    ``identity`` names the exact weights (hub id plus revision, or a hash of the
    weights of a local folder): the cache is keyed on it.
    """

    backend: str
    identity: str
    settings: DecodeSettings

    def translate(self, texts: Sequence[str]) -> list[BackTranslation]:
        """Back-translate each text; output order matches input order."""
        ...

    def score(self, texts: Sequence[str], targets: Sequence[str]) -> list[BackTranslation]:
        """Forced scoring: log-probabilities and alignment of a given English text."""
        ...
