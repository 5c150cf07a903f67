"""Shared plumbing for the model-based checks.

Back-translations arrive as SentencePiece tokens with log-probabilities and a
cross-attention alignment to French pieces. The checks reason about English *words*
(a word is only as confident as its least confident piece, and flagging half a word
helps nobody) and about whole French words, so this module turns tokens into words,
maps them onto French word spans, merges neighbouring spans, aligns sentences of two
texts monotonically, and computes robust within-document statistics.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from mtcheck.segment import split_sentences
from mtcheck.types import BackTranslation

# ---------------------------------------------------------------------------------------
# English words of a back-translation


@dataclass(frozen=True, slots=True)
class EnWord:
    """One English word of a back-translation (or of a force-scored source).

    ``start``/``end`` index ``BackTranslation.text``; ``logprob`` is the lowest
    log-probability among its pieces; ``french`` holds the paragraph-relative French
    spans its pieces attend to (empty when the alignment says nothing).
    """

    index: int
    start: int
    end: int
    text: str
    tokens: tuple[int, ...]
    logprob: float
    french: tuple[tuple[int, int], ...]


_ALNUM = re.compile(r"\w")


def token_spans(bt: BackTranslation) -> list[tuple[int, int]]:
    """Token spans in ``bt.text``; rebuilt from the token strings when the backend gave none."""
    if len(bt.token_spans) == len(bt.tokens):
        return [(int(a), int(b)) for a, b in bt.token_spans]
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok in bt.tokens:
        piece = tok.replace("▁", "").strip()
        if not piece or piece.startswith("<"):
            spans.append((pos, pos))
            continue
        found = bt.text.find(piece, pos)
        if found < 0:
            spans.append((pos, pos))
            continue
        spans.append((found, found + len(piece)))
        pos = found + len(piece)
    return spans


def english_words(bt: BackTranslation, para_len: int | None = None) -> list[EnWord]:
    """Group tokens into words: a token glued to the previous one (no space, letters on
    both sides) continues its word; punctuation, empty and special tokens are dropped.

    ``para_len`` clamps the French spans to the paragraph (backends may be sloppy).
    """
    spans = token_spans(bt)
    n = len(spans)
    groups: list[list[int]] = []
    prev_end = -1
    for i in range(n):
        a, b = spans[i]
        piece = bt.text[a:b]
        if b <= a or not _ALNUM.search(piece):
            prev_end = -1
            continue
        glued = (
            groups and a == prev_end and a > 0 and bt.text[a - 1].isalnum() and piece[0].isalnum()
        )
        if glued:
            groups[-1].append(i)
        else:
            groups.append([i])
        prev_end = b
    words: list[EnWord] = []
    for g in groups:
        start = spans[g[0]][0]
        end = spans[g[-1]][1]
        lps = [bt.logprobs[i] for i in g if i < len(bt.logprobs)]
        lp = min(lps) if lps else 0.0
        if math.isnan(lp):
            lp = 0.0
        french: list[tuple[int, int]] = []
        for i in g:
            sp = bt.french_span(i)
            if sp is None:
                continue
            s, e = int(sp[0]), int(sp[1])
            if para_len is not None:
                s, e = max(0, s), min(para_len, e)
            if e > s and sp not in french:
                french.append((s, e))
        words.append(
            EnWord(
                index=len(words),
                start=start,
                end=end,
                text=bt.text[start:end].strip(),
                tokens=tuple(g),
                logprob=lp,
                french=tuple(french),
            )
        )
    return words


# ---------------------------------------------------------------------------------------
# French words

# Words joined by hyphens or inner apostrophes ("aujourd’hui"); elided articles and
# pronouns ("l’", "qu’") are split off as words of their own.
_FR_WORD = re.compile(r"\w+(?:[-‐'’]\w+)*")
_ELISION = re.compile(r"(?i)(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]")


@lru_cache(maxsize=256)
def french_words(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the French words of ``text``, elided articles split off (``l’`` + ``Ukraine``)."""
    out: list[tuple[int, int]] = []
    for m in _FR_WORD.finditer(text):
        s, e = m.start(), m.end()
        while True:
            el = _ELISION.match(text, s, e)
            if not el or el.end() >= e:
                break
            out.append((s, el.end()))
            s = el.end()
        out.append((s, e))
    return tuple(out)


def expand_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The smallest run of whole French words covering ``[start, end)``, or None when the
    span holds no word (punctuation or space only)."""
    hit = [(s, e) for s, e in french_words(text) if s < end and start < e]
    if not hit:
        return None
    return hit[0][0], hit[-1][1]


def words_between(text: str, a: int, b: int) -> int:
    return sum(1 for s, e in french_words(text) if s >= a and e <= b)


_BREAK = re.compile(r"[.,!?;:«»\"“”()\[\]…]")


def merge_spans(
    text: str, spans: Iterable[tuple[int, int]], max_gap_words: int = 1
) -> list[tuple[int, int]]:
    """Merge word spans separated by at most ``max_gap_words`` words and no strong
    punctuation, so one garbled phrase yields one finding."""
    ordered = sorted(set(spans))
    out: list[tuple[int, int]] = []
    for s, e in ordered:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s] if s > pe else ""
            if s <= pe or (not _BREAK.search(gap) and words_between(text, pe, s) <= max_gap_words):
                out[-1] = (ps, max(pe, e))
                continue
        out.append((s, e))
    return out


def sentence_of(sentences: Sequence[tuple[int, int]], pos: int) -> int:
    """Index of the sentence holding position ``pos`` (-1 when none does)."""
    for k, (s, e) in enumerate(sentences):
        if s <= pos < e:
            return k
    return -1


# ---------------------------------------------------------------------------------------
# Statistics


@dataclass(frozen=True, slots=True)
class RobustStats:
    """Median and scaled MAD of a sample; ``z`` is a robust z-score."""

    count: int
    median: float
    scale: float

    def z(self, value: float) -> float:
        return (value - self.median) / self.scale


def robust_stats(values: Sequence[float], min_scale: float) -> RobustStats:
    """Median/MAD statistics; the scale is floored at ``min_scale`` so a document where
    the model is uniformly sure does not turn tiny differences into huge z-scores."""
    if not values:
        return RobustStats(0, 0.0, max(min_scale, 1e-6))
    vals = sorted(values)
    med = _median(vals)
    mad = _median(sorted(abs(v - med) for v in vals))
    return RobustStats(len(vals), med, max(1.4826 * mad, min_scale, 1e-6))


def _median(sorted_vals: Sequence[float]) -> float:
    n = len(sorted_vals)
    mid = n // 2
    if n % 2:
        return float(sorted_vals[mid])
    return (sorted_vals[mid - 1] + sorted_vals[mid]) / 2.0


# ---------------------------------------------------------------------------------------
# Sentence alignment

_CHRF = None
_TER = None


def chrf(hyp: str, ref: str) -> float:
    """Sentence-level chrF (0-100) with sacrebleu's defaults."""
    global _CHRF
    if _CHRF is None:
        from sacrebleu.metrics import CHRF

        _CHRF = CHRF()
    if not hyp.strip() or not ref.strip():
        return 0.0
    return float(_CHRF.sentence_score(hyp, [ref]).score)


def ter(hyp: str, ref: str) -> float:
    """Sentence-level TER as a fraction (edits per reference word)."""
    global _TER
    if _TER is None:
        from sacrebleu.metrics import TER

        _TER = TER()
    if not ref.strip():
        return 1.0
    return float(_TER.sentence_score(hyp, [ref]).score) / 100.0


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Sentences ``a[a0:a1]`` aligned with ``b[b0:b1]`` (either side may be empty)."""

    a0: int
    a1: int
    b0: int
    b1: int
    score: float


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def align_sentences(
    a: Sequence[str],
    b: Sequence[str],
    score: Callable[[str, str], float] = chrf,
    band: int = 4,
) -> list[SentencePair]:
    """Monotonic alignment with 1-1, 1-2, 2-1, 1-3, 3-1 and 1-0/0-1 steps, maximising the
    summed similarity (a small dynamic programme; the band keeps long paragraphs cheap)."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [SentencePair(0, n, 0, m, 0.0)] if n or m else []
    cache: dict[tuple[int, int, int, int], float] = {}

    def sim(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in cache:
            cache[key] = score(" ".join(b[j0:j1]), " ".join(a[i0:i1]))
        return cache[key]

    neg = -math.inf
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    steps = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1))
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == neg:
                continue
            for di, dj in steps:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                if abs(ni * m - nj * n) > band * max(n, m):
                    continue
                gain = sim(i, ni, j, nj) if di and dj else 0.0
                if best[i][j] + gain > best[ni][nj]:
                    best[ni][nj] = best[i][j] + gain
                    back[ni][nj] = (i, j)
    if best[n][m] == neg:  # outside the band: fall back to one block
        return [SentencePair(0, n, 0, m, sim(0, n, 0, m))]
    pairs: list[SentencePair] = []
    i, j = n, m
    while (i, j) != (0, 0):
        prev = back[i][j]
        assert prev is not None
        pi, pj = prev
        s = sim(pi, i, pj, j) if i > pi and j > pj else 0.0
        pairs.append(SentencePair(pi, i, pj, j, s))
        i, j = pi, pj
    pairs.reverse()
    return pairs


# ---------------------------------------------------------------------------------------
# English word matching

EN_STOPWORDS = frozenset(
    {
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "s",
        "t",
        "said",
        "says",
        "say",
        "told",
        "may",
        "might",
        "must",
        "shall",
        "us",
        "one",
        "two",
        "per",
        "via",
        "still",
        "yet",
        "ago",
        "already",
        "however",
        "according",
        "since",
    }
)


def match_key(word: str) -> str:
    """A crude stem so inflected forms match ("agreed"/"agree", "devices"/"device")."""
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:5] if len(w) >= 6 else w


def is_content(word: str) -> bool:
    """A word worth comparing: letters, three or more, not a function word."""
    w = word.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    return len(w) >= 3 and w.isalpha() and w not in EN_STOPWORDS


_EN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def en_tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of an English text with their spans."""
    return [(m.start(), m.end(), m.group()) for m in _EN_WORD.finditer(text)]


def present_in(word: str, keys: set[str]) -> bool:
    return match_key(word) in keys


def truncate(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fold(word: str) -> str:
    """Lower case without accents, for comparing spellings."""
    return "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn"
    )


def spelled_alike(name: str, words: Iterable[str]) -> bool:
    """Whether ``words`` hold a respelling of ``name`` (Kyiv/Kiev, Zelenskyy/Zelensky,
    Elysee/Élysée): the same name in another language's spelling, not a mistranslation."""
    target = fold(name)
    for w in words:
        f = fold(w)
        if not f or abs(len(f) - len(target)) > 3 or f[0] not in target[:2]:
            continue
        if SequenceMatcher(None, target, f).ratio() >= 0.6:
            return True
    return False
