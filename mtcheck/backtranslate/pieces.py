"""Marian tokenisation with character offsets, shared by every Marian backend.

Both backends (transformers, CTranslate2) must cut the French text into exactly the same
pieces and rebuild the English text the same way, or their alignments and cached results
would not mean the same thing. So the steps live here, in plain Python plus SentencePiece:

* Source text is normalised like OPUS-MT's training data (``preprocess.sh`` of the opus-mt
  releases): Moses ``replace-unicode-punctuation``, ``remove-non-printing-char`` (control
  characters become spaces; unlike Moses, invisible format characters such as soft hyphens
  are dropped) and ``normalize-punctuation -l fr`` (the model's ``source_lang`` from
  tokenizer_config.json, French by default), via sacremoses' rule tables, then stripped.
  Every rewrite is tracked, so each normalised character knows the span of the original
  characters it came from (typographic apostrophes, « », …, NBSP). (transformers'
  MarianTokenizer builds the same normaliser but never calls it.)
* The normalised text is cut by ``source.spm``; pieces map to ids through ``vocab.json``
  (pieces missing from it become ``<unk>``), as MarianTokenizer does.
* English text is the concatenation of the target pieces with ``▁`` read as a space,
  ``<unk>`` shown as `` ⁇ `` (as SentencePiece renders it), stripped; no other clean-up.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SPIECE_UNDERLINE = "▁"
UNK_SURFACE = " ⁇ "
SOURCE_LANG = "fr"

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SourcePieces:
    """Source pieces of (part of) a paragraph, without the final ``</s>``.

    ``spans[j]`` is the character span of piece ``j`` in the paragraph text.
    """

    pieces: tuple[str, ...]
    ids: tuple[int, ...]
    spans: tuple[Span, ...]

    def __len__(self) -> int:
        return len(self.ids)

    def shifted(self, offset: int) -> SourcePieces:
        if not offset:
            return self
        return SourcePieces(
            self.pieces, self.ids, tuple((s + offset, e + offset) for s, e in self.spans)
        )

    def slice(self, start: int, end: int) -> SourcePieces:
        return SourcePieces(self.pieces[start:end], self.ids[start:end], self.spans[start:end])

    def truncated(self, limit: int) -> SourcePieces:
        return self if len(self) <= limit else self.slice(0, limit)


# --- normalisation with offsets ---------------------------------------------------------


@lru_cache(maxsize=4)
def _rule_tables(lang: str) -> tuple[tuple[tuple[re.Pattern[str], str], ...], ...]:
    """(replace-unicode-punctuation rules, normalize-punctuation rules), compiled."""
    try:
        from sacremoses import MosesPunctNormalizer
    except ImportError:  # pragma: no cover - sacremoses is a dependency
        return ((), ())
    normalizer = MosesPunctNormalizer(lang=lang)
    unicode_rules = tuple(
        (re.compile(p), r) for p, r in MosesPunctNormalizer.REPLACE_UNICODE_PUNCTUATION
    )
    punct_rules = tuple((re.compile(p), r) for p, r in normalizer.substitutions)
    return unicode_rules, punct_rules


def _tracked_sub(
    pattern: re.Pattern[str], repl: str, text: str, spans: list[Span]
) -> tuple[str, list[Span]]:
    """``pattern.sub(repl, text)`` that also rewrites the per-character origin spans.

    Characters a match keeps at its start or end keep their origin; the rewritten middle
    takes the union of the origins it replaces (an insertion gets an empty span there).
    """
    parts: list[str] = []
    out: list[Span] = []
    pos = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        new = m.expand(repl)
        old = text[s:e]
        if new == old:
            continue
        parts.append(text[pos:s])
        out.extend(spans[pos:s])
        p = 0
        while p < len(old) and p < len(new) and old[p] == new[p]:
            p += 1
        q = 0
        while q < len(old) - p and q < len(new) - p and old[-1 - q] == new[-1 - q]:
            q += 1
        out.extend(spans[s : s + p])
        middle = spans[s + p : e - q]
        if middle:
            origin = (min(a for a, _ in middle), max(b for _, b in middle))
        else:
            anchor = spans[s + p - 1][1] if s + p > 0 else spans[s + p][0]
            origin = (anchor, anchor)
        out.extend([origin] * (len(new) - p - q))
        out.extend(spans[e - q : e])
        parts.append(new)
        pos = e
    if not parts:
        return text, spans
    parts.append(text[pos:])
    out.extend(spans[pos:])
    return "".join(parts), out


def _remove_non_printing(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Control characters become spaces (as Moses does); invisible format characters
    (soft hyphen, zero-width space, BOM) are dropped so they cannot split a word."""
    chars: list[str] = []
    out: list[Span] = []
    for ch, span in zip(text, spans, strict=True):
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        chars.append(" " if category[0] == "C" else ch)
        out.append(span)
    return "".join(chars), out


def normalize_with_offsets(text: str, lang: str = SOURCE_LANG) -> tuple[str, list[Span]]:
    """OPUS-MT's punctuation normalisation of ``text`` plus each output char's origin span."""
    unicode_rules, punct_rules = _rule_tables(lang)
    spans: list[Span] = [(i, i + 1) for i in range(len(text))]
    for pattern, repl in unicode_rules:
        text, spans = _tracked_sub(pattern, repl, text, spans)
    text, spans = _remove_non_printing(text, spans)
    for pattern, repl in punct_rules:
        text, spans = _tracked_sub(pattern, repl, text, spans)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if end <= start:
        return "", []
    return text[start:end], spans[start:end]


def normalize(text: str, lang: str = SOURCE_LANG) -> str:
    return normalize_with_offsets(text, lang)[0]


# --- vocabulary -------------------------------------------------------------------------


class MarianVocab:
    """``vocab.json`` (and ``target_vocab.json`` for models with separate vocabularies)."""

    def __init__(self, folder: Path) -> None:
        self.source: dict[str, int] = _load_json(folder / "vocab.json")
        separate = False
        self.source_lang = SOURCE_LANG
        config_path = folder / "tokenizer_config.json"
        if config_path.is_file():
            try:
                config = _load_json(config_path)
                separate = bool(config.get("separate_vocabs", False))
                self.source_lang = str(config.get("source_lang") or SOURCE_LANG)
            except (OSError, ValueError, AttributeError):
                separate = False
        target_path = folder / "target_vocab.json"
        self.target: dict[str, int] = (
            _load_json(target_path) if separate and target_path.is_file() else self.source
        )
        self.target_pieces: dict[int, str] = {i: p for p, i in self.target.items()}
        self.eos_id = self.source["</s>"]
        self.unk_id = self.source["<unk>"]
        self.pad_id = self.source.get("<pad>", len(self.source) - 1)
        self.target_eos_id = self.target["</s>"]
        self.target_unk_id = self.target["<unk>"]

    def target_id(self, piece: str) -> int:
        return self.target.get(piece, self.target_unk_id)

    def target_piece(self, token_id: int) -> str:
        return self.target_pieces.get(token_id, "<unk>")


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


# --- source side ------------------------------------------------------------------------


class SourceEncoder:
    """Normalised French text -> Marian source pieces, ids and paragraph-relative spans."""

    def __init__(self, spm_path: Path, vocab: MarianVocab, lang: str | None = None) -> None:
        import sentencepiece

        self._spm = sentencepiece.SentencePieceProcessor(model_file=str(spm_path))
        self._vocab = vocab
        self._lang = lang or vocab.source_lang

    def encode(self, text: str) -> SourcePieces:
        norm, origin = normalize_with_offsets(text, self._lang)
        if not norm:
            return SourcePieces((), (), ())
        pieces, offsets = self._pieces_with_offsets(norm)
        spans = [_origin_span(origin, s, e, len(text)) for s, e in offsets]
        spans = [_trim(text, s, e) for s, e in spans]
        ids = tuple(self._vocab.source.get(p, self._vocab.unk_id) for p in pieces)
        return SourcePieces(tuple(pieces), ids, _fill_empty(spans))

    def _pieces_with_offsets(self, norm: str) -> tuple[list[str], list[Span]]:
        try:
            res = self._spm.encode(norm, out_type="offset_mapping")
            pieces = [str(p) for p in res["pieces"]]
            offsets = [(int(s), int(e)) for s, e in res["offsets"]]
            if len(pieces) == len(offsets):
                return pieces, offsets
        except (ValueError, TypeError, RuntimeError, KeyError):
            pass
        pieces = [str(p) for p in self._spm.encode(norm, out_type=str)]
        return pieces, _locate(norm, pieces)


def _origin_span(origin: Sequence[Span], s: int, e: int, text_len: int) -> Span:
    s = max(0, min(s, len(origin)))
    e = max(s, min(e, len(origin)))
    if e > s:
        chunk = origin[s:e]
        return min(a for a, _ in chunk), max(b for _, b in chunk)
    if s < len(origin):
        return origin[s][0], origin[s][0]
    end = origin[-1][1] if origin else text_len
    return end, end


def _trim(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _fill_empty(spans: list[Span]) -> tuple[Span, ...]:
    """Give pieces that cover no character (a bare ``▁``) the span of the next piece."""
    out = list(spans)
    nxt: Span | None = None
    for j in range(len(out) - 1, -1, -1):
        if out[j][1] > out[j][0]:
            nxt = out[j]
        elif nxt is not None:
            out[j] = nxt
    prev: Span | None = None
    for j, span in enumerate(out):
        if span[1] > span[0]:
            prev = span
        elif prev is not None:
            out[j] = prev
    return tuple(out)


def _locate(norm: str, pieces: Sequence[str]) -> list[Span]:
    """Offsets of pieces in ``norm`` for SentencePiece builds without offset_mapping."""
    out: list[Span] = []
    pos = 0
    for piece in pieces:
        core = piece.replace(SPIECE_UNDERLINE, " ").strip()
        while pos < len(norm) and norm[pos].isspace():
            pos += 1
        if core and norm.startswith(core, pos):
            out.append((pos, pos + len(core)))
            pos += len(core)
        else:
            out.append((pos, pos))
    return out


# --- target side ------------------------------------------------------------------------


def detokenize(pieces: Sequence[str]) -> tuple[str, tuple[Span, ...]]:
    """English text of target pieces, and each piece's span in it (leading space excluded)."""
    parts: list[str] = []
    raw_spans: list[Span] = []
    pos = 0
    for piece in pieces:
        surface = UNK_SURFACE if piece == "<unk>" else piece.replace(SPIECE_UNDERLINE, " ")
        core = surface.strip(" ")
        lead = len(surface) - len(surface.lstrip(" "))
        raw_spans.append((pos + lead, pos + lead + len(core)))
        parts.append(surface)
        pos += len(surface)
    raw = "".join(parts)
    shift = len(raw) - len(raw.lstrip())
    text = raw.strip()
    n = len(text)
    spans = []
    for s, e in raw_spans:
        s = min(max(s - shift, 0), n)
        e = min(max(e - shift, s), n)
        spans.append((s, e))
    return text, tuple(spans)


class TargetEncoder:
    """English text -> target pieces (for forced scoring of a given back-translation)."""

    def __init__(self, spm_path: Path, vocab: MarianVocab) -> None:
        import sentencepiece

        self._spm = sentencepiece.SentencePieceProcessor(model_file=str(spm_path))
        self._vocab = vocab

    def encode(self, text: str) -> list[str]:
        pieces = [str(p) for p in self._spm.encode(text.strip(), out_type=str)]
        return [p if p in self._vocab.target else "<unk>" for p in pieces]
