"""Cut long paragraphs into model-sized chunks and glue the chunk outputs back together.

Marian models degrade on very long inputs and cannot read past ``max_position_embeddings``,
so a paragraph over the limit is translated chunk by chunk: whole sentences packed greedily
(``mtcheck.segment.split_sentences``), and a sentence that alone is too long is cut between
pieces, preferably where a word starts. The joined output refers to the whole paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mtcheck.backtranslate.pieces import SPIECE_UNDERLINE, SourcePieces
from mtcheck.segment import split_sentences
from mtcheck.types import BackTranslation

Encode = Callable[[str], SourcePieces]


def plan_chunks(text: str, encode: Encode, limit: int) -> list[SourcePieces]:
    """Source pieces of ``text`` in chunks of at most ``limit`` pieces (spans paragraph-relative).

    A text within the limit is one chunk: the pieces of the whole paragraph.
    """
    if limit < 1:
        raise ValueError("the chunk limit must be at least one piece")
    full = encode(text)
    if len(full) <= limit:
        return [full] if len(full) else []
    sentences = split_sentences(text)
    if len(sentences) <= 1:
        return cut_pieces(full, limit)

    chunks: list[SourcePieces] = []
    group: list[tuple[int, int]] = []  # (start, end) of the sentences being packed
    count = 0

    def flush() -> None:
        nonlocal group, count
        if group:
            start, end = group[0][0], group[-1][1]
            packed = encode(text[start:end]).shifted(start)
            chunks.extend(cut_pieces(packed, limit) if len(packed) > limit else [packed])
        group, count = [], 0

    for sentence in sentences:
        pieces = encode(sentence.text)
        n = len(pieces)
        if n > limit:
            flush()
            chunks.extend(cut_pieces(pieces.shifted(sentence.start), limit))
            continue
        if count + n > limit:
            flush()
        group.append((sentence.start, sentence.end))
        count += n
    flush()
    return [c for c in chunks if len(c)]


def cut_pieces(pieces: SourcePieces, limit: int) -> list[SourcePieces]:
    """Windows of at most ``limit`` pieces, ending before a word start when one is near."""
    out: list[SourcePieces] = []
    start = 0
    n = len(pieces)
    while n - start > limit:
        end = start + limit
        floor = start + max(1, (3 * limit) // 4)
        for j in range(end, floor - 1, -1):
            if pieces.pieces[j].startswith(SPIECE_UNDERLINE):
                end = j
                break
        out.append(pieces.slice(start, end))
        start = end
    out.append(pieces.slice(start, n))
    return out


def join_outputs(parts: Sequence[BackTranslation]) -> BackTranslation:
    """One back-translation from chunk back-translations, in order, joined with a space.

    Token spans shift with the joined text, alignment indices with the source pieces
    before each chunk; ``source_spans`` are already paragraph-relative.
    """
    if len(parts) == 1:
        return parts[0]
    text = ""
    tokens: list[str] = []
    token_spans: list[tuple[int, int]] = []
    logprobs: list[float] = []
    source_spans: list[tuple[int, int]] = []
    alignment: list[int] = []
    for part in parts:
        if part.text and text:
            text += " "
        offset = len(text)
        text += part.text
        base = len(source_spans)
        tokens.extend(part.tokens)
        token_spans.extend((s + offset, e + offset) for s, e in part.token_spans)
        logprobs.extend(part.logprobs)
        alignment.extend(a + base if a >= 0 else -1 for a in part.alignment)
        source_spans.extend(part.source_spans)
    return BackTranslation(
        text=text,
        tokens=tuple(tokens),
        token_spans=tuple(token_spans),
        logprobs=tuple(logprobs),
        source_spans=tuple(source_spans),
        alignment=tuple(alignment),
    )
