"""French whose meaning departs from the given English source (category ``wrong_sense``).

Two signals, both from the fr->en model:

* Replacement: sentences of the source and of the free back-translation are aligned
  monotonically (1-1, 1-2, 2-1, maximising chrF), then their words; a stretch where
  source words are replaced by different back-translated words (each absent from the
  other side) points, through the back-translation's alignment, at the French that was
  mistranslated ("willing agreed" -> "contained devices").
* Forced scoring (``ctx.source_scores``): the log-probability of each word of the TRUE
  English source given the French. A source word the model finds very improbable
  (below ``forced_floor`` and an outlier within the document) and that its own
  back-translation lacks is most likely not said by the French aligned to it.

Forced scoring also separates a mistranslation from a paraphrase: a replacement whose
source words the model finds plausible given the French (above ``veto_logprob``) is a
paraphrase and dropped. Without forced scores there is no such veto, so only sentence
pairs below ``chrf_threshold`` are searched, and findings are info. Forced scoring on
its own (no replacement found) also needs a sentence below ``chrf_threshold``, since
it dislikes free but faithful renderings too. Both signals on one span give a warning.

The category is ``wrong_sense`` because that is what a divergence means to an editor:
the French says something other than the source. Omissions and additions alone are
not flagged (there is nothing in the French to point at, or nothing missing), and names
in another spelling (Kyiv/Kiev) are not divergences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from mtcheck.checks.align import (
    EnWord,
    RobustStats,
    SentencePair,
    align_sentences,
    en_tokens,
    english_words,
    expand_to_words,
    french_words,
    is_content,
    match_key,
    merge_spans,
    robust_stats,
    sentence_spans,
    spelled_alike,
    ter,
    truncate,
)
from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.evidence import backtranslated_words
from mtcheck.types import BackTranslation, Finding, Paragraph, Severity

CATEGORY = "wrong_sense"


@dataclass
class _Candidate:
    kind: str  # "replacement" or "forced"
    span: tuple[int, int]
    pair: SentencePair
    forced: list[tuple[str, float]] = field(default_factory=list)  # source word, logprob
    source_words: list[str] = field(default_factory=list)  # replaced source words
    bt_words: list[str] = field(default_factory=list)  # what the back-translation says


@dataclass(frozen=True, slots=True)
class _State:
    """One paragraph's texts and the word sets both signals consult."""

    text: str  # French paragraph
    source: str  # English source
    bt: BackTranslation
    bt_words: list[EnWord]
    src_scored: list[EnWord]  # source words with forced log-probabilities (may be empty)
    bt_keys: set[str]
    src_keys: set[str]
    copied: set[str]  # French words, lower-cased (names the French kept as they are)


@dataclass(frozen=True, slots=True)
class _Forced:
    stats: RobustStats
    normalised: bool


def _p(lp: float) -> str:
    return f"p={math.exp(lp):.2g}"


def _dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _phrases(items: Iterable[str]) -> str:
    """Quoted phrases, leaving out any already inside a longer one."""
    uniq = _dedupe(x for x in items if x)
    keep = [
        x
        for x in uniq
        if not any(x != y and re.search(rf"(?<!\w){re.escape(x)}(?!\w)", y) for y in uniq)
    ]
    return ", ".join(f"'{x}'" for x in keep)


class SourceDivergenceCheck(Check):
    name = "source_divergence"
    needs_model = True

    def _opt(self, key: str, default: float) -> float:
        return float(self.options.get(key, default))

    def _forced_stats(self, ctx: DocContext) -> _Forced:
        lps: list[float] = []
        for para in ctx.document.paragraphs:
            ss = ctx.source_scores.get(para.index)
            if ss is not None:
                lps.extend(w.logprob for w in english_words(ss) if is_content(w.text))
        return _Forced(
            stats=robust_stats(lps, self._opt("min_scale", 0.5)),
            normalised=len(lps) >= int(self._opt("min_words", 30)),
        )

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        bt = ctx.backtranslation(para)
        if bt is None or not para.source or not para.source.strip():
            return []
        ss = ctx.source_scores.get(para.index)
        if ss is not None and not ss.text.strip():
            ss = None
        source = ss.text if ss is not None else para.source
        forced = ctx.memo("source_divergence:forced", lambda: self._forced_stats(ctx))
        return self._check(ctx, para, bt, ss, source, forced)

    def _check(
        self,
        ctx: DocContext,
        para: Paragraph,
        bt: BackTranslation,
        ss: BackTranslation | None,
        source: str,
        forced: _Forced,
    ) -> list[Finding]:
        text = para.text
        src_sents = sentence_spans(source)
        bt_sents = sentence_spans(bt.text)
        pairs = align_sentences(
            [source[s:e] for s, e in src_sents], [bt.text[s:e] for s, e in bt_sents]
        )
        bt_words = english_words(bt, len(text))
        state = _State(
            text=text,
            source=source,
            bt=bt,
            bt_words=bt_words,
            src_scored=english_words(ss, len(text)) if ss is not None else [],
            bt_keys={match_key(w.text) for w in bt_words},
            src_keys={match_key(w) for _, _, w in en_tokens(source)},
            copied={text[s:e].lower() for s, e in french_words(text)},
        )
        threshold = self._opt("chrf_threshold", 40.0)
        cands: list[_Candidate] = []
        for pair in pairs:
            if pair.a0 == pair.a1 or pair.b0 == pair.b1:
                continue  # an omission or an addition: nothing to compare
            src_range = (src_sents[pair.a0][0], src_sents[pair.a1 - 1][1])
            bt_range = (bt_sents[pair.b0][0], bt_sents[pair.b1 - 1][1])
            # Without forced scores only clearly divergent sentences are searched; with
            # them every sentence is, since forced scoring vetoes mere paraphrases.
            if pair.score < threshold or ss is not None:
                cands.extend(self._replacements(state, pair, src_range, bt_range))
            if ss is not None:
                cands.extend(self._forced_candidates(state, pair, src_range, forced))
        return self._findings(ctx, para, cands, source, bt, src_sents, bt_sents)

    # -- signal 1: source words replaced by other words in the back-translation --------

    def _replacements(
        self,
        st: _State,
        pair: SentencePair,
        src_range: tuple[int, int],
        bt_range: tuple[int, int],
    ) -> list[_Candidate]:
        src_toks = [t for t in en_tokens(st.source) if src_range[0] <= t[0] < src_range[1]]
        hyp = [w for w in st.bt_words if bt_range[0] <= w.start < bt_range[1]]
        matcher = SequenceMatcher(
            None,
            [match_key(t[2]) for t in src_toks],
            [match_key(w.text) for w in hyp],
            autojunk=False,
        )
        veto = self._opt("veto_logprob", -2.0)
        threshold = self._opt("chrf_threshold", 40.0)
        out: list[_Candidate] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace":
                continue
            missing = [
                t for t in src_toks[i1:i2] if is_content(t[2]) and match_key(t[2]) not in st.bt_keys
            ]
            novel = [
                w
                for w in hyp[j1:j2]
                if is_content(w.text) and match_key(w.text) not in st.src_keys and w.french
            ]
            # A name in another spelling (Kyiv in the source, Kiev in the French and its
            # back-translation) is not a divergence.
            respelled = {
                t[2]
                for t in missing
                if t[2][:1].isupper() and spelled_alike(t[2], [w.text for w in novel])
            }
            missing = [t for t in missing if t[2] not in respelled]
            novel = [
                w
                for w in novel
                if not (w.text[:1].isupper() and spelled_alike(w.text, list(respelled)))
            ]
            if not missing or not novel:
                continue
            forced: list[tuple[str, float]] = []
            if st.src_scored:
                for s, e, word in missing:
                    lps = [w.logprob for w in st.src_scored if w.start < e and s < w.end]
                    if lps:
                        forced.append((word, min(lps)))
                # The model finds the source words plausible given this French: the
                # back-translation merely said it differently.
                if forced and min(lp for _, lp in forced) > veto:
                    continue
                if not forced and pair.score >= threshold:
                    continue
            src_phrase = st.source[missing[0][0] : missing[-1][1]]
            bt_phrase = st.bt.text[novel[0].start : novel[-1].end]
            for w in novel:
                for fs, fe in w.french:
                    span = expand_to_words(st.text, fs, fe)
                    if span is None:
                        continue
                    out.append(
                        _Candidate(
                            kind="replacement",
                            span=span,
                            pair=pair,
                            forced=forced,
                            source_words=[src_phrase],
                            bt_words=[bt_phrase],
                        )
                    )
        return out

    # -- signal 2: source words the model finds implausible given the French ----------

    def _forced_candidates(
        self,
        st: _State,
        pair: SentencePair,
        src_range: tuple[int, int],
        forced: _Forced,
    ) -> list[_Candidate]:
        floor = self._opt("forced_floor", -4.0)
        zmax = self._opt("forced_z", -2.5)
        out: list[_Candidate] = []
        for w in st.src_scored:
            if not (src_range[0] <= w.start < src_range[1]):
                continue
            if not is_content(w.text) or w.logprob >= floor or not w.french:
                continue
            if forced.normalised and forced.stats.z(w.logprob) >= zmax:
                continue
            if match_key(w.text) in st.bt_keys or w.text.lower() in st.copied:
                continue  # the back-translation has it after all, or the French kept it
            if w.text[:1].isupper() and spelled_alike(w.text, st.copied):
                continue  # a name in its French spelling (Kyiv/Kiev, Zelenskyy/Zelensky)
            for fs, fe in w.french:
                span = expand_to_words(st.text, fs, fe)
                if span is None:
                    continue
                here = backtranslated_words(st.bt, *span)
                if here and any(match_key(x[2]) == match_key(w.text) for x in en_tokens(here)):
                    continue
                out.append(
                    _Candidate(
                        kind="forced",
                        span=span,
                        pair=pair,
                        forced=[(w.text, w.logprob)],
                        source_words=[w.text],
                        bt_words=[here] if here else [],
                    )
                )
        return out

    # -- findings -----------------------------------------------------------------------

    def _findings(
        self,
        ctx: DocContext,
        para: Paragraph,
        cands: list[_Candidate],
        source: str,
        bt: BackTranslation,
        src_sents: list[tuple[int, int]],
        bt_sents: list[tuple[int, int]],
    ) -> list[Finding]:
        if not cands:
            return []
        text = para.text
        clusters = merge_spans(text, (c.span for c in cands), int(self._opt("max_gap_words", 1)))
        max_words = int(self._opt("max_span_words", 6))
        scored: list[tuple[int, float, Finding]] = []
        for cs, ce in clusters:
            members = [c for c in cands if cs <= c.span[0] and c.span[1] <= ce]
            n_words = sum(1 for s, e in french_words(text) if cs <= s and e <= ce)
            if not members or n_words > max_words:
                continue
            pair = min((c.pair for c in members), key=lambda p: p.score)
            has_forced = any(c.kind == "forced" for c in members)
            has_replacement = any(c.kind == "replacement" for c in members)
            if not has_replacement and pair.score >= self._opt("chrf_threshold", 40.0):
                # Forced scoring alone also dislikes free but faithful renderings; without
                # a word-level replacement it needs a clearly divergent sentence.
                continue
            severity = Severity.WARNING if has_forced and has_replacement else Severity.INFO
            src_seg = source[src_sents[pair.a0][0] : src_sents[pair.a1 - 1][1]]
            bt_seg = bt.text[bt_sents[pair.b0][0] : bt_sents[pair.b1 - 1][1]]
            detail = []
            src_words = _phrases(w for c in members for w in c.source_words)
            bt_said = _phrases(w for c in members for w in c.bt_words)
            forced_words = _dedupe(f"'{w}' ({_p(lp)})" for c in members for w, lp in c.forced)
            if src_words:
                detail.append(
                    f"source has {src_words}"
                    + (f", back-translated as {bt_said}" if bt_said else "")
                )
            if forced_words:
                detail.append("improbable given this French: " + ", ".join(forced_words))
            detail.append(
                f"source: '{truncate(src_seg)}' / back-translation: '{truncate(bt_seg)}' "
                f"(chrF {pair.score:.1f}, TER {ter(bt_seg, src_seg):.2f})"
            )
            finding = ctx.finding(
                para,
                para.start + cs,
                para.start + ce,
                check=self.name,
                category=CATEGORY,
                severity=severity,
                message=(
                    "The back-translation departs from the English source here: "
                    "the French may not say what the source says."
                ),
                evidence="; ".join(detail),
            )
            rank = 0 if severity is Severity.WARNING else 1
            best = min((lp for c in members for _, lp in c.forced), default=0.0)
            scored.append((rank, best, finding))
        scored.sort(key=lambda x: (x[0], x[1]))
        keep = [f for _, _, f in scored[: int(self._opt("max_findings_per_paragraph", 3))]]
        keep.sort(key=lambda f: f.start)
        return keep


CHECK = SourceDivergenceCheck
