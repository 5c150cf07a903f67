"""French that does not survive a round trip (fr -> en -> fr).

Well-formed French translated to English and back comes out close to itself; garbled
French comes back as something else, because the English step had to guess. Sentences
are aligned monotonically with the round trip (1-1, 1-2, 2-1, maximising chrF) and a
sentence is flagged when its chrF against its round trip is below ``chrf_threshold``
and, in documents with enough sentences to have a norm, also an outlier for the
document (robust z-score). Short sentences are skipped: chrF is noisy on them.

The category is ``low_confidence``: a poor round trip says the models could not read
the French reliably, not what is wrong with it. Severity is info.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mtcheck.checks.align import (
    RobustStats,
    SentencePair,
    align_sentences,
    robust_stats,
    sentence_spans,
    truncate,
)
from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.evidence import backtranslated_words
from mtcheck.types import Finding, Paragraph, Severity

CATEGORY = "low_confidence"


@dataclass(frozen=True, slots=True)
class _Aligned:
    """One paragraph's French sentences (paragraph offsets) aligned with its round trip."""

    french: list[tuple[int, int]]
    roundtrip: str
    rt_sents: list[tuple[int, int]]
    pairs: list[SentencePair]


@dataclass(frozen=True, slots=True)
class _DocRoundtrips:
    paragraphs: dict[int, _Aligned]
    stats: RobustStats
    normalised: bool


class RoundtripCheck(Check):
    name = "roundtrip"
    needs_model = True

    def _opt(self, key: str, default: float) -> float:
        return float(self.options.get(key, default))

    def _words(self, text: str) -> int:
        return len(text.split())

    def _align_doc(self, ctx: DocContext) -> _DocRoundtrips:
        out: dict[int, _Aligned] = {}
        scores: list[float] = []
        min_words = int(self._opt("min_words", 6))
        for para in ctx.document.paragraphs:
            rt = ctx.roundtrips.get(para.index)
            if not rt or not rt.strip():
                continue
            french = [(s.start - para.start, s.end - para.start) for s in para.sentences]
            if not french:
                french = [(0, len(para.text))]
            rt_sents = sentence_spans(rt)
            pairs = align_sentences(
                [para.text[s:e] for s, e in french], [rt[s:e] for s, e in rt_sents]
            )
            out[para.index] = _Aligned(french, rt, rt_sents, pairs)
            for p in pairs:
                if p.a1 > p.a0 and p.b1 > p.b0:
                    fr = para.text[french[p.a0][0] : french[p.a1 - 1][1]]
                    if self._words(fr) >= min_words:
                        scores.append(p.score)
        return _DocRoundtrips(
            paragraphs=out,
            stats=robust_stats(scores, self._opt("min_scale", 5.0)),
            normalised=len(scores) >= int(self._opt("min_sentences", 5)),
        )

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        if not ctx.roundtrips:
            return []
        doc = ctx.memo("roundtrip:aligned", lambda: self._align_doc(ctx))
        aligned = doc.paragraphs.get(para.index)
        if aligned is None:
            return []
        threshold = self._opt("chrf_threshold", 35.0)
        zmax = self._opt("relative_z", -1.5)
        min_words = int(self._opt("min_words", 6))
        bt = ctx.backtranslation(para)
        findings: list[Finding] = []
        for p in aligned.pairs:
            if p.a1 == p.a0 or p.b1 == p.b0:
                continue
            fs, fe = aligned.french[p.a0][0], aligned.french[p.a1 - 1][1]
            french = para.text[fs:fe]
            if self._words(french) < min_words or p.score >= threshold:
                continue
            if doc.normalised and doc.stats.z(p.score) >= zmax:
                continue
            rt_seg = aligned.roundtrip[aligned.rt_sents[p.b0][0] : aligned.rt_sents[p.b1 - 1][1]]
            evidence = [f"round trip (fr→en→fr): '{truncate(rt_seg)}' (chrF {p.score:.1f})"]
            if doc.normalised:
                evidence.append(f"document median chrF {doc.stats.median:.1f}")
            english = backtranslated_words(bt, fs, fe)
            if english:
                evidence.append(f"back-translation: '{truncate(english)}'")
            findings.append(
                ctx.finding(
                    para,
                    para.start + fs,
                    para.start + fe,
                    check=self.name,
                    category=CATEGORY,
                    severity=Severity.INFO,
                    message=(
                        "This sentence comes back quite different after a round trip "
                        "through English; the French may be hard to read or garbled."
                    ),
                    evidence="; ".join(evidence),
                )
            )
        return findings


CHECK = RoundtripCheck
