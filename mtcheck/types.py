"""Core data types shared by every stage of the pipeline.

Offsets are always Python string indices into the document text as decoded
(BOM removed, line endings unchanged), so every reporter can slice the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """Ordered severities: a gate compares them with ``rank``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r} (expected info, warning or error)"
            ) from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Paragraph:
    """A paragraph with its document offsets; ``source`` is its English original if known."""

    index: int
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    source: str | None = None

    def words(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class Document:
    """One input unit: a file, a stdin stream, or one JSONL row."""

    path: str
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.paragraphs


@dataclass(frozen=True, slots=True)
class Finding:
    """Everything a reporter needs about one flagged span.

    ``start``/``end`` are document offsets and ``text == document.text[start:end]``.
    ``evidence`` says why (for example the back-translated words); ``suggestion``
    is a proposed fix an editor can apply, or None when there is no safe one.
    """

    document: str
    paragraph: int
    start: int
    end: int
    text: str
    check: str
    category: str
    severity: Severity
    message: str
    suggestion: str | None = None
    evidence: str | None = None
    rule: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "check": self.check,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class BackTranslation:
    """An English back-translation of one French paragraph, with token-level detail.

    ``source_spans[j]`` is the character span of French piece ``j`` relative to the
    paragraph text; ``alignment[i]`` is the French piece that English token ``i``
    attends to most (or -1), so checks can map English tokens back to French spans.
    ``token_spans[i]`` is the span of English token ``i`` in ``text``.
    """

    text: str
    tokens: tuple[str, ...] = ()
    token_spans: tuple[tuple[int, int], ...] = ()
    logprobs: tuple[float, ...] = ()
    source_spans: tuple[tuple[int, int], ...] = ()
    alignment: tuple[int, ...] = ()

    def french_span(self, token_index: int) -> tuple[int, int] | None:
        """Paragraph-relative French span aligned to English token ``token_index``."""
        if token_index >= len(self.alignment):
            return None
        j = self.alignment[token_index]
        if j < 0 or j >= len(self.source_spans):
            return None
        return self.source_spans[j]

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "tokens": list(self.tokens),
            "token_spans": [list(s) for s in self.token_spans],
            "logprobs": list(self.logprobs),
            "source_spans": [list(s) for s in self.source_spans],
            "alignment": list(self.alignment),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> BackTranslation:
        def spans(key: str) -> tuple[tuple[int, int], ...]:
            raw = data.get(key) or []
            assert isinstance(raw, list)
            return tuple((int(a), int(b)) for a, b in raw)

        tokens = data.get("tokens") or []
        logprobs = data.get("logprobs") or []
        alignment = data.get("alignment") or []
        assert isinstance(tokens, list) and isinstance(logprobs, list)
        assert isinstance(alignment, list)
        return cls(
            text=str(data["text"]),
            tokens=tuple(str(t) for t in tokens),
            token_spans=spans("token_spans"),
            logprobs=tuple(float(x) for x in logprobs),
            source_spans=spans("source_spans"),
            alignment=tuple(int(x) for x in alignment),
        )
