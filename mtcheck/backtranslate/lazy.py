"""A back-translator that loads its model on first use.

``mtcheck check`` wraps the model in the back-translation cache; on a re-run every
paragraph is a cache hit, and loading the model (importing CTranslate2 or torch, reading
the weights, converting them the first time) would be pure overhead. This wrapper knows
everything the cache needs up front (backend name, identity with its precision suffix,
decoding settings) and builds the real backend only when a text actually reaches it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from mtcheck.backtranslate.base import Backtranslator, DecodeSettings, ModelUnavailable
from mtcheck.types import BackTranslation


class LazyBacktranslator:
    """Backtranslator facade; ``build()`` runs at the first non-empty call."""

    def __init__(
        self,
        backend: str,
        identity: str,
        settings: DecodeSettings,
        build: Callable[[], Backtranslator],
        *,
        parallel_batches: int = 1,
    ) -> None:
        self.backend = backend
        self.identity = identity
        self.settings = settings
        # Batches the backend can run at once (the cache sends that many per call).
        self.parallel_batches = max(1, parallel_batches)
        self._build = build
        self._inner: Backtranslator | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._inner is not None

    def inner(self) -> Backtranslator:
        """The real back-translator, built on the first call."""
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    built = self._build()
                    if built.identity != self.identity:
                        # Cache entries are filed under self.identity: a backend that ends
                        # up computing something else (e.g. a precision it could not use)
                        # must not write under the wrong name.
                        raise ModelUnavailable(
                            f"the {self.backend} backend loaded as {built.identity!r} instead "
                            f"of {self.identity!r}; run with --no-cache or another backend"
                        )
                    self._inner = built
        return self._inner

    def translate(self, texts: Sequence[str]) -> list[BackTranslation]:
        if not texts:
            return []
        return self.inner().translate(texts)

    def score(self, texts: Sequence[str], targets: Sequence[str]) -> list[BackTranslation]:
        if len(texts) != len(targets):
            raise ValueError(f"score() got {len(texts)} texts but {len(targets)} targets")
        if not texts:
            return []
        return self.inner().score(texts, targets)
