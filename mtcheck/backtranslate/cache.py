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

import contextlib
import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from mtcheck.backtranslate.base import Backtranslator, DecodeSettings
from mtcheck.paths import cache_dir
from mtcheck.types import BackTranslation

CACHE_FORMAT = "mtcheck-bt-1"
CACHE_FILENAME = "backtranslations.sqlite3"
_BUSY_TIMEOUT_S = 10.0
_SELECT_CHUNK = 500

log = logging.getLogger("mtcheck.cache")


def cache_key(identity: str, settings_key: str, kind: str, text: str) -> str:
    """The cache key of one back-translation (see the module docstring)."""
    payload = json.dumps([CACHE_FORMAT, identity, settings_key, kind, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _dump(bt: BackTranslation) -> str:
    return json.dumps(bt.to_json(), ensure_ascii=False, separators=(",", ":"))


def score_kind(target: str) -> str:
    return "score:" + hashlib.sha256(target.encode("utf-8")).hexdigest()


class TranslationCache:
    """SQLite key -> BackTranslation JSON store that degrades to "no cache" on any trouble."""

    def __init__(
        self, path: Path | None = None, *, warn: Callable[[str], None] | None = None
    ) -> None:
        self.path = Path(path) if path is not None else cache_dir() / CACHE_FILENAME
        self._warn = warn or log.warning
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._warned = False
        self.enabled = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                str(self.path),
                timeout=_BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS backtranslations ("
                    " key TEXT PRIMARY KEY,"
                    " identity TEXT NOT NULL,"
                    " value TEXT NOT NULL,"
                    " created REAL NOT NULL)"
                )
                conn.execute("SELECT key FROM backtranslations LIMIT 1").fetchall()
            except BaseException:
                conn.close()
                raise
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)
            return
        self._conn = conn
        self.enabled = True

    @classmethod
    def open_default(cls) -> TranslationCache:
        """The shared cache file in ``cache_dir()`` (``--cache-dir``/MTCHECK_CACHE_DIR)."""
        return cls(cache_dir() / CACHE_FILENAME)

    def _disable(self, exc: BaseException) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None
        self.enabled = False
        if not self._warned:
            self._warned = True
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self._warn(
                f"back-translation cache off: {self.path} is unusable ({reason}); "
                "continuing without it (delete the file to start a new cache)"
            )

    def get_many(self, keys: Sequence[str]) -> dict[str, BackTranslation]:
        """The cached back-translations among ``keys`` (unreadable entries count as misses)."""
        found: dict[str, BackTranslation] = {}
        if self._conn is None or not keys:
            return found
        unique = list(dict.fromkeys(keys))
        try:
            with self._lock:
                for k in range(0, len(unique), _SELECT_CHUNK):
                    chunk = unique[k : k + _SELECT_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = self._conn.execute(
                        f"SELECT key, value FROM backtranslations WHERE key IN ({marks})", chunk
                    ).fetchall()
                    for key, value in rows:
                        try:
                            found[key] = BackTranslation.from_json(json.loads(value))
                        except (ValueError, TypeError, KeyError, AssertionError):
                            continue
        except sqlite3.Error as exc:
            self._disable(exc)
        return found

    def put_many(self, items: Iterable[tuple[str, BackTranslation]], identity: str = "") -> None:
        """Store entries in one transaction: all of them or none."""
        if self._conn is None:
            return
        now = time.time()
        rows = [(key, identity, _dump(bt), now) for key, bt in items]
        if not rows:
            return
        try:
            with self._lock:
                conn = self._conn
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany(
                        "INSERT OR REPLACE INTO backtranslations (key, identity, value, created)"
                        " VALUES (?, ?, ?, ?)",
                        rows,
                    )
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._disable(exc)

    def count(self) -> int:
        if self._conn is None:
            return 0
        try:
            with self._lock:
                row = self._conn.execute("SELECT count(*) FROM backtranslations").fetchone()
            return int(row[0])
        except sqlite3.Error as exc:
            self._disable(exc)
            return 0

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        if self._conn is None:
            return 0
        n = self.count()
        try:
            with self._lock:
                self._conn.execute("DELETE FROM backtranslations")
                self._conn.execute("VACUUM")
        except sqlite3.Error as exc:
            self._disable(exc)
        return n

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachedBacktranslator:
    """A Backtranslator that answers from the cache and sends only misses to ``inner``.

    Misses go to the backend in batches of ``settings.batch_size`` (longest first, identical
    texts once) and each batch is stored as soon as it returns, so an interrupted or failed
    run keeps everything computed before the failure.
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

        size = max(1, self.settings.batch_size)
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


# The name the first drafts used.
BacktranslationCache = TranslationCache
