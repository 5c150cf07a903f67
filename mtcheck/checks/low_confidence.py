"""French the back-translation model could not read with confidence.

When MT garbles a phrase (``la coalition des dispositifs contenus``), a French-to-English
model reading it back hesitates: the English words it produces there get low
probabilities. Probabilities are not calibrated across models or domains, so a word is
flagged only when it is both improbable in absolute terms (``floor_logprob``) and an
outlier *within its document* (robust z-score over all back-translated words of the
document, median/MAD). In documents too short to normalise, only the floor applies.

Only content words are judged (hesitating between "the" and "a" says nothing about the
French), and hesitation the French itself explains is ignored: numbers, names copied or
respelled (Kiev -> Kyiv), names in the French, and rare but genuine French words
(Lexique, Zipf below ``rare_zipf``) the model may simply not know. Flagged English words
are mapped to French through the alignment, expanded to whole French words and merged,
so each finding is one French phrase with the hesitant English as evidence.

Paragraphs whose back-translation is unusually uncertain overall get one
paragraph-level finding on their worst sentence. Severity is info or warning, never
error: this is a statistical signal with no diagnosis attached.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from mtcheck.checks.align import (
    EnWord,
    RobustStats,
    english_words,
    expand_to_words,
    french_words,
    is_content,
    merge_spans,
    robust_stats,
    spelled_alike,
    truncate,
)
from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.evidence import backtranslated_words
from mtcheck.lexicon import default_lexicon
from mtcheck.types import Finding, Paragraph, Severity

CATEGORY = "low_confidence"


@dataclass(frozen=True, slots=True)
class _DocStats:
    words: RobustStats
    normalised: bool
    paragraphs: RobustStats
    paragraphs_normalised: bool
    para_means: dict[int, float]


def _p(lp: float) -> str:
    return f"p={math.exp(lp):.2g}"


class LowConfidenceCheck(Check):
    name = "low_confidence"
    needs_model = True

    def _opt(self, key: str, default: float) -> float:
        return float(self.options.get(key, default))

    # -- document statistics ------------------------------------------------------------

    def _scored_words(self, ctx: DocContext, para: Paragraph) -> list[EnWord]:
        """The back-translation's words minus those that say nothing about the French:
        numbers, and names copied or respelled from it (Witkoff, Kiev -> Kyiv)."""
        bt = ctx.backtranslation(para)
        if bt is None:
            return []
        spans = french_words(para.text)
        copied = {para.text[s:e] for s, e in spans}
        names = [w for w in copied if w[:1].isupper()]
        out = []
        for w in english_words(bt, len(para.text)):
            if any(ch.isdigit() for ch in w.text) or w.text in copied:
                continue
            if w.text[:1].isupper() and spelled_alike(w.text, names):
                continue
            out.append(w)
        return out

    def _stats(self, ctx: DocContext) -> _DocStats:
        # Word statistics use content words: function words ("the" or "a"?) carry choices
        # the model may hesitate over in perfectly good French.
        all_lps: list[float] = []
        means: dict[int, float] = {}
        min_words = int(self._opt("paragraph_min_words", 8))
        for para in ctx.document.paragraphs:
            words = self._scored_words(ctx, para)
            all_lps.extend(w.logprob for w in words if is_content(w.text))
            if len(words) >= min_words:
                means[para.index] = sum(w.logprob for w in words) / len(words)
        min_scale = self._opt("min_scale", 0.25)
        word_stats = robust_stats(all_lps, min_scale)
        paras = robust_stats(list(means.values()), self._opt("paragraph_min_scale", 0.1))
        return _DocStats(
            words=word_stats,
            normalised=len(all_lps) >= int(self._opt("min_words", 30)),
            paragraphs=paras,
            paragraphs_normalised=len(means) >= int(self._opt("paragraph_min_paragraphs", 5)),
            para_means=means,
        )

    # -- the check ----------------------------------------------------------------------

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        bt = ctx.backtranslation(para)
        if bt is None or not bt.logprobs:
            return []
        stats = ctx.memo("low_confidence:stats", lambda: self._stats(ctx))
        words = self._scored_words(ctx, para)
        findings = self._span_findings(ctx, para, words, stats)
        covered = [(f.start, f.end) for f in findings]
        para_finding = self._paragraph_finding(ctx, para, words, stats, covered)
        if para_finding is not None:
            findings.append(para_finding)
        return findings

    def _is_low(self, word: EnWord, stats: _DocStats) -> bool:
        if not word.french or not is_content(word.text):
            return False
        if word.logprob >= self._opt("floor_logprob", -2.5):
            return False
        return not (
            stats.normalised and stats.words.z(word.logprob) >= self._opt("z_threshold", -2.5)
        )

    def _explained(self, para: Paragraph, spans: list[tuple[int, int]]) -> bool:
        """Hesitation explained by the French itself: names (capitalised inside a
        sentence) and rare but genuine words the model may simply not know."""
        if not spans:
            return True
        starts = {s.start - para.start for s in para.sentences} | {0}
        words = [para.text[s:e] for s, e in spans]
        info = default_lexicon().lookup(w for w in words)
        rare = self._opt("rare_zipf", 2.5)
        for (s, _), w in zip(spans, words, strict=True):
            if w[:1].isupper() and s not in starts:
                continue  # a name
            i = info[w]
            if i.in_lexique and i.zipf_fr < rare:
                continue  # a rare word of French
            return False
        return True

    def _span_findings(
        self, ctx: DocContext, para: Paragraph, words: list[EnWord], stats: _DocStats
    ) -> list[Finding]:
        text = para.text
        low = [w for w in words if self._is_low(w, stats)]
        if not low:
            return []
        # Each low word lands on whole French words; neighbouring landings merge.
        landing: list[tuple[tuple[int, int], EnWord]] = []
        for w in low:
            spans = [sp for s, e in w.french if (sp := expand_to_words(text, s, e))]
            if self._explained(para, spans):
                continue
            landing.extend((sp, w) for sp in spans)
        clusters = merge_spans(text, (sp for sp, _ in landing), int(self._opt("max_gap_words", 1)))
        max_words = int(self._opt("max_span_words", 6))
        warn_lp = self._opt("warning_logprob", -4.0)
        candidates: list[tuple[float, Finding]] = []
        for cs, ce in clusters:
            members: list[EnWord] = []
            for (s, e), w in landing:
                if cs <= s and e <= ce and w not in members:
                    members.append(w)
            n_words = sum(1 for s, e in french_words(text) if cs <= s and e <= ce)
            if n_words > max_words:
                # An English run smeared over a long stretch of French means the alignment
                # is not telling us where the trouble is; keep the paragraph-level signal.
                continue
            members.sort(key=lambda w: w.index)
            strong = [w for w in members if w.logprob < warn_lp]
            severity = Severity.WARNING if len(strong) >= 2 else Severity.INFO
            listed = ", ".join(
                f"'{w.text}' ({_p(w.logprob)}"
                + (f", z={stats.words.z(w.logprob):.1f})" if stats.normalised else ")")
                for w in members
            )
            evidence = [f"back-translated with low confidence: {listed}"]
            phrase = backtranslated_words(ctx.backtranslation(para), cs, ce)
            if phrase:
                evidence.append(f"back-translation here: '{truncate(phrase, 100)}'")
            if stats.normalised:
                evidence.append(f"document median {_p(stats.words.median)}")
            finding = ctx.finding(
                para,
                para.start + cs,
                para.start + ce,
                check=self.name,
                category=CATEGORY,
                severity=severity,
                message=(
                    "The back-translation model hesitated over this French; "
                    "it may be garbled or mistranslated."
                ),
                evidence="; ".join(evidence),
                rule="low_confidence/words",
            )
            candidates.append((min(w.logprob for w in members), finding))
        candidates.sort(key=lambda c: c[0])
        keep = [f for _, f in candidates[: int(self._opt("max_findings_per_paragraph", 3))]]
        keep.sort(key=lambda f: f.start)
        return keep

    def _paragraph_finding(
        self,
        ctx: DocContext,
        para: Paragraph,
        words: list[EnWord],
        stats: _DocStats,
        covered: list[tuple[int, int]],
    ) -> Finding | None:
        mean = stats.para_means.get(para.index)
        if mean is None:
            return None
        if stats.paragraphs_normalised:
            if mean >= self._opt("paragraph_floor", -1.0):
                return None
            if stats.paragraphs.z(mean) >= self._opt("paragraph_z", -3.0):
                return None
        elif mean >= self._opt("paragraph_floor_alone", -1.5):
            return None
        start, end, sent_mean = self._worst_sentence(para, words)
        if start is None or end is None:
            return None
        if any(start <= s and e <= end for s, e in covered):
            return None  # the span findings inside already explain it
        evidence = [f"mean log-probability {mean:.2f} per word"]
        if stats.paragraphs_normalised:
            evidence[0] += f" (document median {stats.paragraphs.median:.2f})"
        if sent_mean is not None:
            evidence.append(f"this sentence {sent_mean:.2f}")
        phrase = backtranslated_words(
            ctx.backtranslation(para), start - para.start, end - para.start
        )
        if phrase:
            evidence.append(f"back-translation: '{truncate(phrase)}'")
        return ctx.finding(
            para,
            start,
            end,
            check=self.name,
            category=CATEGORY,
            severity=Severity.INFO,
            message=(
                "The back-translation of this passage is unusually uncertain; "
                "read it closely for garbled French."
            ),
            evidence="; ".join(evidence),
            rule="low_confidence/passage",
        )

    def _worst_sentence(
        self, para: Paragraph, words: list[EnWord]
    ) -> tuple[int | None, int | None, float | None]:
        """Document span of the sentence whose aligned English is least confident."""
        sents = [(s.start - para.start, s.end - para.start) for s in para.sentences]
        if len(sents) <= 1:
            return para.start, para.end, None
        per: dict[int, list[float]] = {}
        for w in words:
            if not w.french:
                continue
            pos = w.french[0][0]
            for k, (s, e) in enumerate(sents):
                if s <= pos < e:
                    per.setdefault(k, []).append(w.logprob)
                    break
        scored = [(sum(v) / len(v), k) for k, v in per.items() if len(v) >= 3]
        if not scored:
            return para.start, para.end, None
        mean, k = min(scored)
        s, e = sents[k]
        return para.start + s, para.start + e, mean


CHECK = LowConfidenceCheck
