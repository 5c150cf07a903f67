"""Hand-made back-translations for testing the model-based checks without a model.

``make_bt`` builds a ``BackTranslation`` the way the Marian backend does: SentencePiece
tokens (``▁`` starts a word), their spans in the English text, per-token
log-probabilities, the French pieces' spans and the token-to-piece alignment, plus a
final ``</s>`` token aligned to the French end-of-sentence piece.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtcheck.types import BackTranslation

_PIECE = re.compile(r"\w+|[^\w\s]")

# (english word, log-probability, French anchor). The English word may be split into
# sub-word pieces with "|" ("Zel|ensk|yy"); the log-probability is a float for every
# piece or a tuple with one value per piece. The anchor is a French substring: the token
# aligns to the French piece where it starts (searched left to right, so repeated words
# resolve in reading order); None aligns to nothing.
Item = tuple[str, float | tuple[float, ...], str | None]


def french_pieces(french: str) -> list[tuple[int, int]]:
    """French 'SentencePiece' pieces: words and punctuation marks, plus the end piece."""
    spans = [(m.start(), m.end()) for m in _PIECE.finditer(french)]
    spans.append((len(french), len(french)))  # </s>
    return spans


def make_bt(french: str, items: Sequence[Item], *, eos_logprob: float = -0.02) -> BackTranslation:
    pieces = french_pieces(french)
    starts = {s: k for k, (s, _) in enumerate(pieces[:-1])}
    text = ""
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    lps: list[float] = []
    align: list[int] = []
    cursor = 0
    for english, lp, anchor in items:
        parts = english.split("|")
        values = lp if isinstance(lp, tuple) else (lp,) * len(parts)
        assert len(values) == len(parts), english
        target = -1
        if anchor is not None:
            left = r"(?<!\w)" if re.match(r"\w", anchor) else ""
            right = r"(?!\w)" if re.search(r"\w$", anchor) else ""
            pattern = re.compile(left + re.escape(anchor) + right)
            m = pattern.search(french, cursor) or pattern.search(french)
            assert m is not None, f"anchor {anchor!r} not in French text"
            pos = m.start()
            cursor = pos + 1
            target = starts[pos]
        punct = not re.match(r"\w", parts[0])
        for k, (part, value) in enumerate(zip(parts, values, strict=True)):
            if k == 0 and text and not punct:
                text += " "
            spans.append((len(text), len(text) + len(part)))
            tokens.append(("▁" if k == 0 and not punct else "") + part)
            text += part
            lps.append(value)
            align.append(target)
    tokens.append("</s>")
    spans.append((len(text), len(text)))
    lps.append(eos_logprob)
    align.append(len(pieces) - 1)
    return BackTranslation(
        text=text,
        tokens=tuple(tokens),
        token_spans=tuple(spans),
        logprobs=tuple(lps),
        source_spans=tuple(pieces),
        alignment=tuple(align),
    )


def monotone_bt(
    french: str,
    english: str,
    logprob: float = -0.05,
    low: dict[str, float] | None = None,
) -> BackTranslation:
    """A back-translation whose words align to French words in proportion to position,
    each with ``logprob`` except the words listed in ``low`` (word -> log-probability)."""
    low = low or {}
    fr_words = [m.group() for m in re.finditer(r"\w+", french)]
    en_words = re.findall(r"\w+|[^\w\s]", english)
    n_en = sum(1 for w in en_words if re.match(r"\w", w))
    items: list[Item] = []
    k = 0
    for w in en_words:
        if not re.match(r"\w", w):
            items.append((w, -0.01, None))
            continue
        j = min(len(fr_words) - 1, (k * len(fr_words)) // max(1, n_en))
        items.append((w, low.get(w, logprob), _nth_word_anchor(french, j)))
        k += 1
    return make_bt(french, items)


def _nth_word_anchor(french: str, j: int) -> str:
    """A unique-enough anchor for the j-th French word: the text from it to the end."""
    m = list(re.finditer(r"\w+", french))[j]
    return french[m.start() :]
