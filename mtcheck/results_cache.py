"""A cache of whole-document results, so re-checking an unchanged corpus is near-free.

The back-translation cache saves the model time; this one also saves the checks, which
run at about a hundred paragraphs a second and dominate a warm re-run of a large corpus.
A document's entry holds its paragraph scores, back-translations and findings.

Why a hit can be trusted: the key covers everything a result depends on. That is the
document (path, text, per-paragraph English sources), mtcheck's own code and bundled data
(every ``.py`` file of the package and every file under ``configs/``), the installed
lexicon sources, the effective configuration and any extra rule folders it names, the
checks that run, and the identity and decoding settings of the back-translation and
round-trip models (or "none" when running text-only). Change any of these and the entry
is simply never found again. Documents where a check failed are not stored.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mtcheck.paths import cache_dir, configs_dir
from mtcheck.store import SqliteStore
from mtcheck.types import BackTranslation, Document, Finding, Severity

RESULTS_FORMAT = "mtcheck-results-1"
RESULTS_FILENAME = "results.sqlite3"
_PACKAGE = Path(__file__).resolve().parent


def _hash_files(h: Any, root: Path, pattern: str) -> None:
    if not root.is_dir():
        h.update(f"missing:{root}".encode())
        return
    for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        h.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape"))
        h.update(b"\0")
        try:
            h.update(path.read_bytes())
        except OSError as exc:
            h.update(f"unreadable:{exc.errno}".encode())
        h.update(b"\0")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's code and bundled data: any edit or upgrade retires old entries."""
    from mtcheck.lexicon import _versions

    h = hashlib.sha256()
    _hash_files(h, _PACKAGE, "*.py")
    _hash_files(h, configs_dir(), "*")
    h.update(_versions().encode())
    return h.hexdigest()


def engine_fingerprint(
    config_data: dict[str, Any],
    extra_rule_dirs: Sequence[Path],
    checks: Sequence[str],
    model: str | None,
    roundtrip: str | None,
) -> str:
    """Everything besides the document that a result depends on, as one hash."""
    h = hashlib.sha256()
    h.update(
        json.dumps(
            [RESULTS_FORMAT, code_fingerprint(), config_data, list(checks), model, roundtrip],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        ).encode("utf-8")
    )
    for folder in extra_rule_dirs:
        _hash_files(h, folder, "*")
    return h.hexdigest()


def document_key(fingerprint: str, doc: Document) -> str:
    payload = json.dumps(
        [fingerprint, doc.path, doc.text, [p.source for p in doc.paragraphs]],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _finding_json(f: Finding) -> dict[str, object]:
    data = f.to_json()
    data["rule"] = f.rule
    return data


def _finding(doc: Document, index: int, data: dict[str, Any]) -> Finding:
    start, end = int(data["start"]), int(data["end"])
    text = str(data["text"])
    if doc.text[start:end] != text:
        raise ValueError("stored span does not match the document")
    return Finding(
        document=doc.path,
        paragraph=index,
        start=start,
        end=end,
        text=text,
        check=str(data["check"]),
        category=str(data["category"]),
        severity=Severity.parse(str(data["severity"])),
        message=str(data["message"]),
        suggestion=None if data.get("suggestion") is None else str(data["suggestion"]),
        evidence=None if data.get("evidence") is None else str(data["evidence"]),
        rule=None if data.get("rule") is None else str(data["rule"]),
    )


StoredParagraph = tuple[float, BackTranslation | None, list[Finding]]


def encode(score: float, paragraphs: Iterable[StoredParagraph]) -> str:
    return json.dumps(
        {
            "score": score,
            "paragraphs": [
                {
                    "score": s,
                    "bt": None if bt is None else bt.to_json(),
                    "findings": [_finding_json(f) for f in findings],
                }
                for s, bt, findings in paragraphs
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode(doc: Document, value: str) -> tuple[float, list[StoredParagraph]]:
    """The stored result for ``doc``; raises ValueError when it does not fit the document."""
    try:
        data = json.loads(value)
        rows = data["paragraphs"]
        if len(rows) != len(doc.paragraphs):
            raise ValueError("paragraph count differs")
        out: list[StoredParagraph] = []
        for para, row in zip(doc.paragraphs, rows, strict=True):
            bt = None if row["bt"] is None else BackTranslation.from_json(row["bt"])
            findings = [_finding(doc, para.index, f) for f in row["findings"]]
            out.append((float(row["score"]), bt, findings))
        return float(data["score"]), out
    except (KeyError, TypeError, AssertionError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable entry ({type(exc).__name__})") from None


class ResultCache:
    """Document key -> stored result, in ``results.sqlite3`` beside the translation cache."""

    def __init__(self, path: Path | None = None) -> None:
        self.store = SqliteStore(
            path if path is not None else cache_dir() / RESULTS_FILENAME,
            "results",
            label="results cache",
        )
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        return self.store.get_raw(keys)

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        self.store.put_raw(items, identity=RESULTS_FORMAT)

    def close(self) -> None:
        self.store.close()
