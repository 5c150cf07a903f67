"""The flow: documents -> back-translation (batched over a window) -> checks -> scores.

Documents stream through in windows of a few dozen paragraphs: big enough to fill the
model's batches, small enough that memory stays bounded and results come out as each
window's documents finish.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from mtcheck.backtranslate.base import Backtranslator
from mtcheck.checks import Check, DocContext
from mtcheck.config import Config
from mtcheck.score import dedupe, document_score, paragraph_score
from mtcheck.types import BackTranslation, Document, Finding, Paragraph


@dataclass(frozen=True)
class ModelStatus:
    name: str
    available: bool
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "available": self.available, "reason": self.reason}


@dataclass
class ParagraphResult:
    paragraph: Paragraph
    score: float
    backtranslation: BackTranslation | None
    findings: list[Finding]


@dataclass
class DocumentResult:
    document: Document
    score: float
    paragraphs: list[ParagraphResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.paragraphs for f in p.findings]


ProgressFn = Callable[[int, int], None]  # (documents done, paragraphs done) increments


class Engine:
    """Runs the checks over documents, using a back-translator when one is available."""

    def __init__(
        self,
        config: Config,
        checks: Sequence[Check],
        backtranslator: Backtranslator | None = None,
        roundtripper: Backtranslator | None = None,
        window: int | None = None,
    ) -> None:
        self.config = config
        self.checks = list(checks)
        self.backtranslator = backtranslator
        self.roundtripper = roundtripper
        batch = int(config.section("decoding").get("batch_size", 16))
        self.window = window or max(64, 4 * batch)
        self.strict = os.environ.get("MTCHECK_STRICT") == "1"
        self._warned: set[str] = set()

    def run(
        self, documents: Iterable[Document], progress: ProgressFn | None = None
    ) -> Iterator[DocumentResult]:
        pending: list[Document] = []
        size = 0
        for doc in documents:
            pending.append(doc)
            size += len(doc.paragraphs)
            if size >= self.window:
                yield from self._process(pending, progress)
                pending, size = [], 0
        if pending:
            yield from self._process(pending, progress)

    def _process(
        self, docs: list[Document], progress: ProgressFn | None
    ) -> Iterator[DocumentResult]:
        bts: dict[str, BackTranslation] = {}
        scores: dict[tuple[str, str], BackTranslation] = {}
        roundtrips: dict[str, str] = {}
        if self.backtranslator is not None:
            texts = list(dict.fromkeys(p.text for d in docs for p in d.paragraphs))
            bts = dict(zip(texts, self.backtranslator.translate(texts), strict=True))
            pairs = list(
                dict.fromkeys((p.text, p.source) for d in docs for p in d.paragraphs if p.source)
            )
            if pairs and self.config.check_enabled("source_divergence"):
                results = self.backtranslator.score([a for a, _ in pairs], [b for _, b in pairs])
                scores = {(a, b): r for (a, b), r in zip(pairs, results, strict=True)}
            if self.roundtripper is not None:
                english = list(dict.fromkeys(bt.text for bt in bts.values() if bt.text))
                back = self.roundtripper.translate(english)
                roundtrips = {en: fr.text for en, fr in zip(english, back, strict=True)}
        for doc in docs:
            result = self._check_document(doc, bts, scores, roundtrips)
            if progress is not None:
                progress(1, len(doc.paragraphs))
            yield result

    def _check_document(
        self,
        doc: Document,
        bts: dict[str, BackTranslation],
        scores: dict[tuple[str, str], BackTranslation],
        roundtrips: dict[str, str],
    ) -> DocumentResult:
        ctx = DocContext(
            document=doc,
            config=self.config,
            model_available=self.backtranslator is not None,
        )
        for p in doc.paragraphs:
            bt = bts.get(p.text)
            if bt is not None:
                ctx.backtranslations[p.index] = bt
                if bt.text in roundtrips:
                    ctx.roundtrips[p.index] = roundtrips[bt.text]
            if p.source and (p.text, p.source) in scores:
                ctx.source_scores[p.index] = scores[(p.text, p.source)]
        results = []
        for p in doc.paragraphs:
            findings: list[Finding] = []
            for check in self.checks:
                findings.extend(self._run_check(check, ctx, p))
            findings = dedupe(findings)
            results.append(
                ParagraphResult(
                    paragraph=p,
                    score=paragraph_score(findings, self.config),
                    backtranslation=ctx.backtranslation(p),
                    findings=findings,
                )
            )
        score = document_score(doc.paragraphs, [r.score for r in results])
        return DocumentResult(document=doc, score=score, paragraphs=results)

    def _run_check(self, check: Check, ctx: DocContext, para: Paragraph) -> list[Finding]:
        """One broken check must not sink a corpus run: warn once, keep the other results."""
        try:
            return list(check.check(ctx, para))
        except Exception as exc:
            if self.strict:
                raise
            if check.name not in self._warned:
                self._warned.add(check.name)
                print(
                    f"mtcheck: warning: check {check.name} failed on {ctx.document.path} "
                    f"paragraph {para.index}: {type(exc).__name__}: {exc}; its findings there "
                    "are skipped",
                    file=sys.stderr,
                )
            return []
