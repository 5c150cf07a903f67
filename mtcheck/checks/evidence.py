"""Shared helpers for explaining findings with the back-translation."""

from __future__ import annotations

from mtcheck.types import BackTranslation


def aligned_token_indices(bt: BackTranslation | None, start: int, end: int) -> list[int]:
    """English tokens whose aligned French piece overlaps ``[start, end)`` (paragraph offsets)."""
    if bt is None:
        return []
    out = []
    for i in range(len(bt.alignment)):
        span = bt.french_span(i)
        if span is not None and span[0] < end and start < span[1]:
            out.append(i)
    return out


def backtranslated_words(bt: BackTranslation | None, start: int, end: int) -> str | None:
    """The English words aligned to a French span, as one string, or None."""
    idx = aligned_token_indices(bt, start, end)
    if bt is None or not idx or not bt.token_spans:
        return None
    lo = min(bt.token_spans[i][0] for i in idx)
    hi = max(bt.token_spans[i][1] for i in idx)
    words = bt.text[lo:hi].strip()
    return words or None
