"""Span-level evaluation against hand-annotated paragraphs (``mtcheck eval``).

Gold rows follow the schema of the development data: ``{"id", "label": "garbled"|"clean",
"fr", "en"|null, "spans": [{"text", "category"}]}``. A finding hits a gold span when their
character spans overlap; that is how the product is judged on unseen text too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.types import Finding


class GoldError(ValueError):
    """The gold file is unreadable or a row breaks the schema."""


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    text: str
    category: str


@dataclass(slots=True)
class GoldRow:
    id: str
    label: str
    fr: str
    en: str | None
    spans: list[GoldSpan]

    @property
    def words(self) -> int:
        return len(self.fr.split())


def _locate(fr: str, text: str, used: set[tuple[int, int]]) -> tuple[int, int] | None:
    """First occurrence of ``text`` in ``fr`` not already taken by another gold span."""
    pos = fr.find(text)
    while pos >= 0:
        span = (pos, pos + len(text))
        if span not in used:
            return span
        pos = fr.find(text, pos + 1)
    return None


def read_gold(path: Path) -> list[GoldRow]:
    rows: list[GoldRow] = []
    try:
        fh = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                fr = data["fr"]
                label = data.get("label", "garbled" if data.get("spans") else "clean")
                if label not in ("garbled", "clean") or not isinstance(fr, str):
                    raise ValueError("label must be garbled or clean, fr a string")
                used: set[tuple[int, int]] = set()
                spans = []
                for s in data.get("spans") or []:
                    span = _locate(fr, s["text"], used)
                    if span is None:
                        raise ValueError(f"span {s['text']!r} is not a substring of fr")
                    used.add(span)
                    spans.append(GoldSpan(span[0], span[1], s["text"], s.get("category", "")))
                rows.append(GoldRow(str(data.get("id", lineno)), label, fr, data.get("en"), spans))
            except (ValueError, KeyError, TypeError) as exc:
                raise GoldError(f"{path}:{lineno}: bad gold row: {exc}") from None
    return rows


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class EvalResult:
    rows: int = 0
    garbled_rows: int = 0
    clean_rows: int = 0
    gold_spans: int = 0
    gold_hit: int = 0
    garbled_findings: int = 0
    garbled_findings_hit: int = 0
    garbled_rows_flagged: int = 0
    clean_rows_flagged: int = 0
    clean_findings: int = 0
    clean_words: int = 0
    gold_by_cat: Counter[str] = field(default_factory=Counter)
    hit_by_cat: Counter[str] = field(default_factory=Counter)
    found_by_cat: Counter[str] = field(default_factory=Counter)
    found_hit_by_cat: Counter[str] = field(default_factory=Counter)
    clean_by_check: Counter[str] = field(default_factory=Counter)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def recall(self) -> float | None:
        return self._ratio(self.gold_hit, self.gold_spans)

    @property
    def precision(self) -> float | None:
        return self._ratio(self.garbled_findings_hit, self.garbled_findings)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    @property
    def paragraph_recall(self) -> float | None:
        return self._ratio(self.garbled_rows_flagged, self.garbled_rows)

    @property
    def clean_rows_flagged_share(self) -> float | None:
        return self._ratio(self.clean_rows_flagged, self.clean_rows)

    @property
    def clean_findings_per_1000_words(self) -> float | None:
        if not self.clean_words:
            return None
        return 1000 * self.clean_findings / self.clean_words

    def per_category(self) -> dict[str, dict[str, float | int | None]]:
        cats = sorted(set(self.gold_by_cat) | set(self.found_by_cat))
        out: dict[str, dict[str, float | int | None]] = {}
        for c in cats:
            out[c] = {
                "gold": self.gold_by_cat[c],
                "recall": self._ratio(self.hit_by_cat[c], self.gold_by_cat[c]),
                "findings": self.found_by_cat[c],
                "precision": self._ratio(self.found_hit_by_cat[c], self.found_by_cat[c]),
            }
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "garbled_rows": self.garbled_rows,
            "clean_rows": self.clean_rows,
            "span_recall": self.recall,
            "span_precision": self.precision,
            "span_f1": self.f1,
            "gold_spans": self.gold_spans,
            "findings_on_garbled": self.garbled_findings,
            "paragraph_recall": self.paragraph_recall,
            "clean_rows_flagged_share": self.clean_rows_flagged_share,
            "clean_findings_per_1000_words": self.clean_findings_per_1000_words,
            "clean_findings": self.clean_findings,
            "clean_words": self.clean_words,
            "by_category": self.per_category(),
            "clean_findings_by_check": dict(self.clean_by_check),
            "false_alarms": self.false_alarms,
        }


def score_rows(rows: Sequence[GoldRow], findings: Iterable[Sequence[Finding]]) -> EvalResult:
    """Compare each row's findings (offsets into ``row.fr``) with its gold spans."""
    res = EvalResult()
    for row, row_findings in zip(rows, findings, strict=True):
        res.rows += 1
        if row.label == "clean":
            res.clean_rows += 1
            res.clean_words += row.words
            res.clean_findings += len(row_findings)
            res.clean_rows_flagged += bool(row_findings)
            for f in row_findings:
                res.clean_by_check[f.check] += 1
                res.false_alarms.append(
                    {"id": row.id, "text": f.text, "check": f.check, "category": f.category,
                     "message": f.message}
                )
            continue
        res.garbled_rows += 1
        res.garbled_rows_flagged += bool(row_findings)
        for g in row.spans:
            res.gold_spans += 1
            res.gold_by_cat[g.category] += 1
            if any(_overlaps(g.start, g.end, f.start, f.end) for f in row_findings):
                res.gold_hit += 1
                res.hit_by_cat[g.category] += 1
        for f in row_findings:
            res.garbled_findings += 1
            res.found_by_cat[f.category] += 1
            if any(_overlaps(g.start, g.end, f.start, f.end) for g in row.spans):
                res.garbled_findings_hit += 1
                res.found_hit_by_cat[f.category] += 1
    return res


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def run_eval(
    engine: Any, model: Any, paths: Sequence[Path], fmt: str, details: bool, out: Any
) -> int:
    """Run the product over each gold file and print the figures; returns the exit code."""
    from mtcheck.segment import segment
    from mtcheck.types import Document

    reports = []
    for path in paths:
        rows = read_gold(path)
        docs = []
        for row in rows:
            doc = segment(Document(path=row.id, text=row.fr))
            if row.en and len(doc.paragraphs) == 1:
                doc.paragraphs[0].source = row.en
            docs.append(doc)
        findings = [r.findings for r in engine.run(docs)]
        result = score_rows(rows, findings)
        reports.append((path, rows, findings, result))
    model = getattr(engine, "status", model)  # a model that failed on first use is off
    if fmt == "json":
        payload = {
            "model": model.to_json(),
            "files": [
                {"path": str(p), **res.to_json()} if details
                else {"path": str(p), **{k: v for k, v in res.to_json().items()
                                         if k != "false_alarms"}}
                for p, _, _, res in reports
            ],
        }
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    _print_text(reports, model, details, out)
    return 0


def _print_text(reports: list[Any], model: Any, details: bool, out: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False)
    state = "on" if model.available else f"off ({model.reason})"
    console.print(f"back-translation: {model.name}: {state}", markup=False)
    for path, rows, findings, res in reports:
        console.rule(str(path), align="left")
        console.print(
            f"{res.rows} rows: {res.garbled_rows} garbled ({res.gold_spans} gold spans), "
            f"{res.clean_rows} clean ({res.clean_words} words)"
        )
        console.print(
            f"span recall {_fmt(res.recall)}  precision {_fmt(res.precision)}  "
            f"F1 {_fmt(res.f1)}  ({res.garbled_findings} findings on garbled rows)"
        )
        console.print(f"paragraph recall on garbled rows {_fmt(res.paragraph_recall)}")
        per_k = res.clean_findings_per_1000_words
        console.print(
            f"clean rows with any finding {_fmt(res.clean_rows_flagged_share)}  "
            f"findings per 1,000 clean words {_fmt(per_k)}"
        )
        table = Table(box=None, header_style="bold")
        for col in ("category", "gold", "recall", "findings", "precision"):
            table.add_column(col, justify="left" if col == "category" else "right")
        for cat, v in res.per_category().items():
            table.add_row(cat, str(v["gold"]), _fmt(v["recall"]),
                          str(v["findings"]), _fmt(v["precision"]))
        console.print(table)
        if details:
            for row, fs in zip(rows, findings, strict=True):
                for f in fs:
                    hit = any(_overlaps(g.start, g.end, f.start, f.end) for g in row.spans)
                    if row.label == "clean":
                        tag = "false alarm"
                    elif not hit:
                        tag = "no gold span"
                    else:
                        continue
                    console.print(f"  {tag}: {row.id} [{f.check}/{f.category}] "
                                  f"{f.text!r}: {f.message}", markup=False)
                for g in row.spans:
                    if not any(_overlaps(g.start, g.end, f.start, f.end) for f in fs):
                        console.print(f"  missed: {row.id} [{g.category}] {g.text!r}",
                                      markup=False)
