"""A small key -> JSON-text store on SQLite, shared by mtcheck's caches.

Why SQLite in WAL mode: readers never block the writer and several mtcheck processes (a CI
matrix, an editor and a gate) can share one cache folder. Each write is one
``BEGIN IMMEDIATE`` transaction, so a batch of entries is stored whole or not at all and a
killed run keeps everything it committed. A store that is corrupt, unreadable or locked
for too long turns itself off with one warning and the run carries on uncached: a cache
can slow a check down when it is gone, never fail it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

_BUSY_TIMEOUT_S = 10.0
_SELECT_CHUNK = 500

log = logging.getLogger("mtcheck.cache")


class SqliteStore:
    """Rows ``(key, tag, value, created)`` in one table; every failure disables the store."""

    def __init__(
        self,
        path: Path,
        table: str,
        *,
        label: str,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        if not table.isidentifier():
            raise ValueError(f"bad table name {table!r}")
        self.path = Path(path)
        self.table = table
        self.label = label
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
                    f"CREATE TABLE IF NOT EXISTS {table} ("
                    " key TEXT PRIMARY KEY,"
                    " identity TEXT NOT NULL,"
                    " value TEXT NOT NULL,"
                    " created REAL NOT NULL)"
                )
                conn.execute(f"SELECT key FROM {table} LIMIT 1").fetchall()
            except BaseException:
                conn.close()
                raise
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)
            return
        self._conn = conn
        self.enabled = True

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
                f"{self.label} off: {self.path} is unusable ({reason}); "
                "continuing without it (delete the file to start a new cache)"
            )

    def get_raw(self, keys: Sequence[str]) -> dict[str, str]:
        """The stored values among ``keys``."""
        found: dict[str, str] = {}
        if self._conn is None or not keys:
            return found
        unique = list(dict.fromkeys(keys))
        try:
            with self._lock:
                for k in range(0, len(unique), _SELECT_CHUNK):
                    chunk = unique[k : k + _SELECT_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = self._conn.execute(
                        f"SELECT key, value FROM {self.table} WHERE key IN ({marks})", chunk
                    ).fetchall()
                    found.update((str(key), str(value)) for key, value in rows)
        except sqlite3.Error as exc:
            self._disable(exc)
        return found

    def put_raw(self, items: Iterable[tuple[str, str]], identity: str = "") -> None:
        """Store entries in one transaction: all of them or none."""
        if self._conn is None:
            return
        now = time.time()
        rows = [(key, identity, value, now) for key, value in items]
        if not rows:
            return
        try:
            with self._lock:
                conn = self._conn
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany(
                        f"INSERT OR REPLACE INTO {self.table} (key, identity, value, created)"
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
                row = self._conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()
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
                self._conn.execute(f"DELETE FROM {self.table}")
                self._conn.execute("VACUUM")
        except sqlite3.Error as exc:
            self._disable(exc)
        return n

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
