"""Paragraph and document scores (0-100, 100 = clean) and the CI gate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mtcheck.config import Config
from mtcheck.types import Finding, Paragraph, Severity


def paragraph_score(findings: Iterable[Finding], config: Config) -> float:
    """100 minus the severity weight of each finding, floored at 0."""
    penalty = sum(config.severity_weight(f.severity) for f in findings)
    return round(max(0.0, 100.0 - penalty), 1)


def document_score(paragraphs: Sequence[Paragraph], scores: Sequence[float]) -> float:
    """Word-weighted mean of paragraph scores, so a one-line caption weighs little."""
    weights = [max(1, p.words()) for p in paragraphs]
    total = sum(weights)
    if not total:
        return 100.0
    return round(sum(w * s for w, s in zip(weights, scores, strict=True)) / total, 1)


@dataclass(frozen=True)
class Gate:
    """Exit 1 when a finding reaches ``fail_on`` or a document scores under ``fail_under``."""

    fail_on: Severity = Severity.ERROR
    fail_under: float = 0.0

    @classmethod
    def from_config(cls, config: Config) -> Gate:
        gate = config.section("gate")
        return cls(
            fail_on=Severity.parse(str(gate.get("fail_on", "error"))),
            fail_under=float(gate.get("fail_under", 0.0)),
        )

    def finding_fails(self, finding: Finding) -> bool:
        return finding.severity.rank >= self.fail_on.rank

    def document_fails(self, score: float, findings: Iterable[Finding]) -> bool:
        return score < self.fail_under or any(self.finding_fails(f) for f in findings)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Drop a finding when another one of the same category already covers its span.

    Two checks often see the same problem (an English word is both a leftover and a
    non-French word); the editor should read it once, with the strongest severity.
    """
    ordered = sorted(
        findings, key=lambda f: (-f.severity.rank, -(f.end - f.start), f.start, f.check)
    )
    kept: list[Finding] = []
    for f in ordered:
        if any(
            k.category == f.category and k.start <= f.start and f.end <= k.end for k in kept
        ):
            continue
        if any(k.start == f.start and k.end == f.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, f.check))
