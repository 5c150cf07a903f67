"""What every check receives and returns.

A check sees one paragraph at a time, but inside its document: ``DocContext`` carries
the whole document, every paragraph's back-translation, the English source when one
is given, and a memo for work a check does once per document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from mtcheck.config import Config
from mtcheck.types import BackTranslation, Document, Finding, Paragraph, Severity

T = TypeVar("T")


@dataclass
class DocContext:
    document: Document
    config: Config
    backtranslations: dict[int, BackTranslation] = field(default_factory=dict)
    # Forced scoring of the given English source under the fr->en model, per paragraph.
    source_scores: dict[int, BackTranslation] = field(default_factory=dict)
    # French round trip (fr -> en -> fr) per paragraph, when a round-trip model is set.
    roundtrips: dict[int, str] = field(default_factory=dict)
    model_available: bool = False
    _memo: dict[str, Any] = field(default_factory=dict)

    def backtranslation(self, para: Paragraph) -> BackTranslation | None:
        return self.backtranslations.get(para.index)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a per-document value once (for example a normalisation over paragraphs)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def finding(
        self,
        para: Paragraph,
        start: int,
        end: int,
        *,
        check: str,
        category: str,
        severity: Severity | str,
        message: str,
        suggestion: str | None = None,
        evidence: str | None = None,
        rule: str | None = None,
    ) -> Finding:
        """Build a Finding from document offsets; ``text`` is sliced from the document."""
        if not (para.start <= start < end <= para.end):
            raise ValueError(
                f"finding span {start}-{end} lies outside paragraph {para.index} "
                f"({para.start}-{para.end})"
            )
        return Finding(
            document=self.document.path,
            paragraph=para.index,
            start=start,
            end=end,
            text=self.document.text[start:end],
            check=check,
            category=category,
            severity=Severity.parse(severity) if isinstance(severity, str) else severity,
            message=message,
            suggestion=suggestion,
            evidence=evidence,
            rule=rule,
        )


class Check:
    """Base class: subclasses set ``name`` and implement ``check``.

    ``needs_model`` checks run only when back-translations exist;
    ``options`` is the check's ``[checks.<name>]`` table from the configuration.
    """

    name: ClassVar[str] = ""
    needs_model: ClassVar[bool] = False

    def __init__(self, config: Config) -> None:
        self.config = config
        self.options: dict[str, Any] = config.check_options(self.name)

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        raise NotImplementedError
