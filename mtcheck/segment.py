"""Split a document into paragraphs and sentences that keep their character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Literal

from mtcheck.types import Document, Paragraph, Sentence

ParagraphMode = Literal["auto", "line", "block"]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"[^\n]+")
# Lines ending like this close a paragraph; a line without it in a block is hard-wrapped prose.
_TERMINAL = re.compile(r"[.!?…:;»\"”)\]]\s*$")

# Sentence ends: terminal punctuation (optionally closed by quotes/brackets), then space,
# then something that can start a sentence.
_SENT_END = re.compile(r"""([.!?…]+[»”"')\]]*|[»”]) +(?=[«"“(\[A-ZÀ-ÖØ-Þ0-9–—-])""")
# Words after which a full stop does not end a sentence.
_ABBREV = {
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "mgr", "gén", "gen",
    "col", "cap", "lt", "sgt", "av", "bd", "etc", "cf", "ex", "p", "pp", "vol", "no", "n°",
    "art", "min", "max", "env", "approx", "inc", "ltd", "co", "corp", "jr", "sr", "mr", "mrs",
    "ms", "vs", "av. j.-c", "j.-c", "fig", "chap", "tél", "tel",
}


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text`` with offsets shifted by ``offset`` (its start in the document)."""
    sentences: list[Sentence] = []
    start = 0
    for m in _SENT_END.finditer(text):
        punct_end = m.end(1)
        if m.group(1).startswith("."):
            before = text[start : m.start(1)]
            word = re.search(r"([\w°.-]+)$", before)
            raw = word.group(1) if word else ""
            token = raw.lower()
            # "M." or "Mme." or an initial ("J. K. Rowling") does not end a sentence.
            if token in _ABBREV or (len(raw) == 1 and raw.isupper()):
                continue
        _add_sentence(sentences, text, start, punct_end, offset)
        start = m.end()
    _add_sentence(sentences, text, start, len(text), offset)
    return sentences


def _add_sentence(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    stripped_left = len(chunk) - len(chunk.lstrip())
    stripped_right = len(chunk.rstrip())
    if stripped_right <= stripped_left:
        return
    s, e = start + stripped_left, start + stripped_right
    out.append(Sentence(start=s + offset, end=e + offset, text=text[s:e]))


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _LINE.finditer(text, start, end):
        yield m.start(), m.end()


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """A block is one wrapped paragraph when a line runs on into a lowercase next line."""
    for (s1, e1), (s2, e2) in pairwise(lines):
        first = text[s1:e1].rstrip()
        nxt = text[s2:e2].lstrip()
        if first and nxt and not _TERMINAL.search(first) and nxt[0].islower():
            return True
    return False


def paragraph_spans(text: str, mode: ParagraphMode = "auto") -> list[tuple[int, int]]:
    """Paragraph spans: non-empty lines (``line``), blank-line blocks (``block``) or either."""
    spans: list[tuple[int, int]] = []
    for bstart, bend in _blocks(text):
        lines = [(s, e) for s, e in _lines(text, bstart, bend) if text[s:e].strip()]
        if not lines:
            continue
        as_block = mode == "block" or (mode == "auto" and _is_hard_wrapped(text, lines))
        if as_block:
            spans.append((lines[0][0], lines[-1][1]))
        else:
            spans.extend(lines)
    return [_trim(text, s, e) for s, e in spans]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(document: Document, mode: ParagraphMode = "auto") -> Document:
    """Fill ``document.paragraphs`` (with sentences) from its text; returns the document."""
    paragraphs = []
    for i, (start, end) in enumerate(paragraph_spans(document.text, mode)):
        ptext = document.text[start:end]
        paragraphs.append(
            Paragraph(
                index=i,
                start=start,
                end=end,
                text=ptext,
                sentences=split_sentences(ptext, start),
            )
        )
    document.paragraphs = paragraphs
    return document
