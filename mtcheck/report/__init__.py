"""Reporters: one module per output format, all fed the same stream of results."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Protocol

from mtcheck.pipeline import DocumentResult, ModelStatus

FORMATS = ("terminal", "json", "jsonl")


@dataclass
class Summary:
    """Running totals, so reporters can stream documents and still close with a summary."""

    documents: int = 0
    paragraphs: int = 0
    findings: int = 0
    empty_documents: list[str] = field(default_factory=list)
    by_category: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    failed_documents: int = 0
    # (score, order, document path, paragraph index, findings) of the worst paragraphs
    _worst: list[tuple[float, int, str, int, int]] = field(default_factory=list)
    worst_size: int = 5

    def add(self, result: DocumentResult, failed: bool) -> None:
        self.documents += 1
        self.failed_documents += failed
        if result.document.empty:
            self.empty_documents.append(result.document.path)
        for p in result.paragraphs:
            self.paragraphs += 1
            self.findings += len(p.findings)
            for f in p.findings:
                self.by_category[f.category] += 1
                self.by_severity[f.severity.value] += 1
            if p.findings:
                item = (-p.score, -self.paragraphs, result.document.path, p.paragraph.index,
                        len(p.findings))
                if len(self._worst) < self.worst_size:
                    heapq.heappush(self._worst, item)
                else:
                    heapq.heappushpop(self._worst, item)

    def worst(self) -> list[tuple[str, int, float, int]]:
        """(document, paragraph index, score, findings), worst first."""
        items = sorted(self._worst, reverse=True)
        return [(path, idx, -neg, n) for neg, _, path, idx, n in items]

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "paragraphs": self.paragraphs,
            "findings": self.findings,
            "by_category": dict(sorted(self.by_category.items())),
        }


class Reporter(Protocol):
    def start(self, model: ModelStatus) -> None: ...

    def document(self, result: DocumentResult, failed: bool) -> None: ...

    def finish(self, summary: Summary, gate_failed: bool) -> None: ...


def make_reporter(fmt: str, out: IO[str], **options: object) -> Reporter:
    if fmt == "json":
        from mtcheck.report.json import JsonReporter

        return JsonReporter(out)
    if fmt == "jsonl":
        from mtcheck.report.json import JsonlReporter

        return JsonlReporter(out)
    from mtcheck.report.terminal import TerminalReporter

    return TerminalReporter(out, **options)  # type: ignore[arg-type]
