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
from typing import TYPE_CHECKING

from mtcheck.backtranslate.base import Backtranslator, ModelUnavailable
from mtcheck.checks import Check, DocContext
from mtcheck.config import Config
from mtcheck.score import dedupe, document_score, paragraph_score
from mtcheck.types import BackTranslation, Document, Finding, Paragraph

if TYPE_CHECKING:
    from mtcheck.results_cache import ResultCache


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
        *,
        results: ResultCache | None = None,
        status: ModelStatus | None = None,
        require_model: bool = False,
    ) -> None:
        self.config = config
        self.checks = list(checks)
        self.backtranslator = backtranslator
        self.roundtripper = roundtripper
        self.results = results
        name = str(config.section("model").get("name", ""))
        self.status = status or ModelStatus(name, backtranslator is not None, None)
        self.require_model = require_model
        self._fingerprint: tuple[tuple[str | None, str | None], str] | None = None
        self.failed_documents: set[str] = set()
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
        stored: dict[int, DocumentResult] = {}
        keys: list[str] = []
        if self.results is not None:
            stored, keys = self._lookup(docs)
        todo = [d for i, d in enumerate(docs) if i not in stored]
        try:
            bts, scores, roundtrips = self._model_outputs(todo)
        except ModelUnavailable as exc:
            # A model that fails when it is first used (broken weights, a lazy load) is
            # handled like one that is missing at start: one notice, then text-only.
            if self.require_model:
                raise
            self._model_lost(str(exc))
            bts, scores, roundtrips = {}, {}, {}
            if self.results is not None:
                # Results are now text-only: file them under the text-only fingerprint.
                from mtcheck.results_cache import document_key

                keys = [document_key(self.fingerprint(), d) for d in docs]
        results: list[DocumentResult] = []
        fresh: list[tuple[str, str]] = []
        for i, doc in enumerate(docs):
            result = stored.get(i)
            if result is None:
                result = self._check_document(doc, bts, scores, roundtrips)
                keep = doc.paragraphs and doc.path not in self.failed_documents
                if self.results is not None and keep:
                    fresh.append((keys[i], _encode(result)))
            results.append(result)
        # Stored before anything is handed out: a reader that stops early loses nothing.
        if self.results is not None and fresh:
            self.results.put_many(fresh)
        for doc, result in zip(docs, results, strict=True):
            if progress is not None:
                progress(1, len(doc.paragraphs))
            yield result

    def _model_lost(self, reason: str) -> None:
        print(f"mtcheck: back-translation off: {reason}", file=sys.stderr)
        self.backtranslator = None
        self.roundtripper = None
        self.status = ModelStatus(self.status.name, False, reason)

    def fingerprint(self) -> str:
        """What results depend on besides the document (changes if the model is lost)."""
        from mtcheck.results_cache import engine_fingerprint

        def ident(bt: Backtranslator | None) -> str | None:
            return None if bt is None else f"{bt.identity}|{bt.settings.cache_key()}"

        models = (ident(self.backtranslator), ident(self.roundtripper))
        if self._fingerprint is None or self._fingerprint[0] != models:
            bundled = self.config.rule_dirs()[:1]
            extra = [d for d in self.config.rule_dirs() if d not in bundled]
            value = engine_fingerprint(
                self.config.data, extra, [c.name for c in self.checks], *models
            )
            self._fingerprint = (models, value)
        return self._fingerprint[1]

    def _lookup(self, docs: list[Document]) -> tuple[dict[int, DocumentResult], list[str]]:
        from mtcheck.results_cache import decode, document_key

        assert self.results is not None
        fingerprint = self.fingerprint()
        keys = [document_key(fingerprint, d) for d in docs]
        found = self.results.get_many([k for d, k in zip(docs, keys, strict=True) if d.paragraphs])
        stored: dict[int, DocumentResult] = {}
        for i, (doc, key) in enumerate(zip(docs, keys, strict=True)):
            value = found.get(key)
            if value is None:
                continue
            try:
                score, rows = decode(doc, value)
            except ValueError:
                continue  # unreadable or stale entry: recompute it
            stored[i] = DocumentResult(
                document=doc,
                score=score,
                paragraphs=[
                    ParagraphResult(paragraph=p, score=s, backtranslation=bt, findings=fs)
                    for p, (s, bt, fs) in zip(doc.paragraphs, rows, strict=True)
                ],
            )
        self.results.hits += len(stored)
        self.results.misses += len(docs) - len(stored)
        return stored, keys

    def _model_outputs(
        self, docs: list[Document]
    ) -> tuple[dict[str, BackTranslation], dict[tuple[str, str], BackTranslation], dict[str, str]]:
        bts: dict[str, BackTranslation] = {}
        scores: dict[tuple[str, str], BackTranslation] = {}
        roundtrips: dict[str, str] = {}
        if self.backtranslator is not None and docs:
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
        return bts, scores, roundtrips

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
            self.failed_documents.add(ctx.document.path)
            if check.name not in self._warned:
                self._warned.add(check.name)
                print(
                    f"mtcheck: warning: check {check.name} failed on {ctx.document.path} "
                    f"paragraph {para.index}: {type(exc).__name__}: {exc}; its findings there "
                    "are skipped",
                    file=sys.stderr,
                )
            return []


def _encode(result: DocumentResult) -> str:
    from mtcheck.results_cache import encode

    return encode(
        result.score,
        [(p.score, p.backtranslation, p.findings) for p in result.paragraphs],
    )
