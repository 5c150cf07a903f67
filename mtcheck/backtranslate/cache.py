"""A persistent cache of back-translations, so re-checking a text costs no model time.

Storage: one SQLite file in ``mtcheck.paths.cache_dir()`` in WAL mode (readers never block
the writer and vice versa; several mtcheck processes can share it). Each write is one
``BEGIN IMMEDIATE`` transaction, so an entry is stored whole or not at all. A cache that is
corrupt, unreadable or locked for too long turns itself off with a one-line warning (on the
``mtcheck`` logger) and the run carries on uncached: the cache can never fail a check.

Key: sha256 over ``[CACHE_FORMAT, model identity, DecodeSettings.cache_key(), kind, text]``
where kind is ``"translate"`` or ``"score:" + sha256(target)``.

The backend name is deliberately *not* in the key: all Marian backends share the
tokenisation, splitting, detokenisation and alignment code (``mtcheck.backtranslate.marian``),
and fp32 transformers and fp32 CTranslate2 agree to ~1e-4 nats, so a result from one is a
valid result for the other and sharing saves a second back-translation. What does change
the numbers is reduced precision, so a backend that computes in int8 (torch dynamic
quantization, a CTranslate2 int8 compute type) must put it in its ``identity`` (for example
``<model>+torch-dynamic-int8``): int8 results are then filed apart from fp32 ones.
``CACHE_FORMAT`` is bumped whenever the meaning of a stored result changes (normalisation,
alignment definition, detokenisation), which retires every older entry at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from mtcheck.backtranslate.base import Backtranslator, DecodeSettings
from mtcheck.paths import cache_dir
from mtcheck.store import SqliteStore
from mtcheck.types import BackTranslation

CACHE_FORMAT = "mtcheck-bt-1"
CACHE_FILENAME = "backtranslations.sqlite3"


def cache_key(identity: str, settings_key: str, kind: str, text: str) -> str:
    """The cache key of one back-translation (see the module docstring)."""
    payload = json.dumps([CACHE_FORMAT, identity, settings_key, kind, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _dump(bt: BackTranslation) -> str:
    return json.dumps(bt.to_json(), ensure_ascii=False, separators=(",", ":"))


def score_kind(target: str) -> str:
    return "score:" + hashlib.sha256(target.encode("utf-8")).hexdigest()


class TranslationCache:
    """Key -> BackTranslation store (``mtcheck.store.SqliteStore``): trouble turns it off."""

    def __init__(
        self, path: Path | None = None, *, warn: Callable[[str], None] | None = None
    ) -> None:
        self.store = SqliteStore(
            Path(path) if path is not None else cache_dir() / CACHE_FILENAME,
            "backtranslations",
            label="back-translation cache",
            warn=warn,
        )
        self.path = self.store.path

    @property
    def enabled(self) -> bool:
        return self.store.enabled

    @classmethod
    def open_default(cls) -> TranslationCache:
        """The shared cache file in ``cache_dir()`` (``--cache-dir``/MTCHECK_CACHE_DIR)."""
        return cls(cache_dir() / CACHE_FILENAME)

    def get_many(self, keys: Sequence[str]) -> dict[str, BackTranslation]:
        """The cached back-translations among ``keys`` (unreadable entries count as misses)."""
        found: dict[str, BackTranslation] = {}
        for key, value in self.store.get_raw(keys).items():
            try:
                found[key] = BackTranslation.from_json(json.loads(value))
            except (ValueError, TypeError, KeyError, AssertionError):
                continue
        return found

    def put_many(self, items: Iterable[tuple[str, BackTranslation]], identity: str = "") -> None:
        """Store entries in one transaction: all of them or none."""
        self.store.put_raw(((key, _dump(bt)) for key, bt in items), identity=identity)

    def count(self) -> int:
        return self.store.count()

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        return self.store.clear()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachedBacktranslator:
    """A Backtranslator that answers from the cache and sends only misses to ``inner``.

    Misses go to the backend in batches of ``settings.batch_size`` times the backend's
    ``parallel_batches`` (longest first, identical texts once) and each batch is stored as
    soon as it returns, so an interrupted or failed run keeps everything computed before
    the failure.
    """

    def __init__(self, inner: Backtranslator, cache: TranslationCache) -> None:
        self.inner = inner
        self.cache = cache
        self.backend: str = inner.backend
        self.identity: str = inner.identity
        self.settings: DecodeSettings = inner.settings
        self.hits = 0
        self.misses = 0

    def translate(self, texts: Sequence[str]) -> list[BackTranslation]:
        kinds = ["translate"] * len(texts)
        return self._run(
            list(texts), kinds, lambda idx: self.inner.translate([texts[i] for i in idx])
        )

    def score(self, texts: Sequence[str], targets: Sequence[str]) -> list[BackTranslation]:
        if len(texts) != len(targets):
            raise ValueError(f"score() got {len(texts)} texts but {len(targets)} targets")
        kinds = [score_kind(t) for t in targets]
        return self._run(
            list(texts),
            kinds,
            lambda idx: self.inner.score([texts[i] for i in idx], [targets[i] for i in idx]),
        )

    def _run(
        self,
        texts: list[str],
        kinds: list[str],
        compute: Callable[[list[int]], list[BackTranslation]],
    ) -> list[BackTranslation]:
        results: list[BackTranslation | None] = [None] * len(texts)
        settings_key = self.settings.cache_key()
        keys: list[str] = []
        for i, (text, kind) in enumerate(zip(texts, kinds, strict=True)):
            if not text.strip():
                results[i] = BackTranslation(text="")
            keys.append(cache_key(self.identity, settings_key, kind, text))
        wanted = [keys[i] for i in range(len(texts)) if results[i] is None]
        found = self.cache.get_many(wanted)

        first: dict[str, int] = {}  # one computation per distinct key
        for i, key in enumerate(keys):
            if results[i] is not None:
                continue
            if key in found:
                results[i] = found[key]
                self.hits += 1
            elif key not in first:
                first[key] = i
        todo = sorted(first.values(), key=lambda i: -len(texts[i]))
        self.misses += len(todo)

        # A backend that runs several batches at once (CTranslate2 replicas) gets that many.
        parallel = max(1, int(getattr(self.inner, "parallel_batches", 1) or 1))
        size = max(1, self.settings.batch_size) * parallel
        computed: dict[str, BackTranslation] = {}
        for k in range(0, len(todo), size):
            batch = todo[k : k + size]
            outputs = compute(batch)
            if len(outputs) != len(batch):
                raise RuntimeError(f"{self.backend} returned {len(outputs)} of {len(batch)}")
            pairs = [(keys[i], bt) for i, bt in zip(batch, outputs, strict=True)]
            self.cache.put_many(pairs, identity=self.identity)
            computed.update(pairs)
        out: list[BackTranslation] = []
        for i, bt in enumerate(results):
            out.append(bt if bt is not None else computed[keys[i]])
        return out
