"""Turn command-line inputs into Documents: files, folders, globs, JSONL rows and stdin.

Documents are produced lazily so a corpus of any size streams through in bounded memory.
Bad input raises ``InputError`` with a one-line message naming the file.
"""

from __future__ import annotations

import codecs
import glob
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mtcheck.segment import ParagraphMode, paragraph_spans, segment
from mtcheck.types import Document

DEFAULT_GLOBS = ("*.txt", "*.md")
_GLOB_CHARS = set("*?[")


class InputError(Exception):
    """An input cannot be read; the message names it and says why, in one line."""


@dataclass
class ReadOptions:
    globs: Sequence[str] = DEFAULT_GLOBS
    encoding: str | None = None
    jsonl: bool | None = None  # None: decide by extension (.jsonl / .ndjson)
    jsonl_field: str = "text"
    id_field: str = "id"
    source_field: str | None = None
    source_path: Path | None = None
    paragraphs: ParagraphMode = "auto"


@dataclass(frozen=True)
class Input:
    """One resolved input: a path, or stdin when ``path`` is None."""

    path: Path | None

    @property
    def name(self) -> str:
        return "<stdin>" if self.path is None else str(self.path)


def resolve_inputs(args: Sequence[str], globs: Sequence[str] = DEFAULT_GLOBS) -> list[Input]:
    """Expand folders (recursively, by ``globs``) and shell globs; missing paths are errors."""
    inputs: list[Input] = []
    for arg in args:
        if arg == "-":
            inputs.append(Input(None))
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(
                {p for pattern in globs for p in path.rglob(pattern) if p.is_file()}
            )
            inputs.extend(Input(p) for p in found)
        elif path.exists():
            if not path.is_file():
                raise InputError(f"{arg}: not a regular file")
            inputs.append(Input(path))
        elif _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise InputError(f"{arg}: no file matches this pattern")
            inputs.extend(Input(p) for p in files)
        else:
            raise InputError(f"{arg}: no such file or folder")
    return inputs


def _read_bytes(inp: Input) -> bytes:
    try:
        if inp.path is None:
            stream: BinaryIO = sys.stdin.buffer
            return stream.read()
        return inp.path.read_bytes()
    except OSError as exc:
        raise InputError(f"{inp.name}: cannot read: {exc.strerror or exc}") from None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode UTF-8 (BOM removed) or the given encoding; binary data is refused."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes)")
    if encoding is None:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "pass --encoding (for example --encoding latin-1)"
            ) from None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot be decoded as {encoding}: {exc.reason}") from None
    return text.removeprefix("\ufeff")


def _is_jsonl(inp: Input, opts: ReadOptions) -> bool:
    if opts.jsonl is not None:
        return opts.jsonl
    return inp.path is not None and inp.path.suffix.lower() in (".jsonl", ".ndjson")


def _attach_sources(doc: Document, source: str | None, mode: ParagraphMode, name: str) -> None:
    """Give each paragraph its English source, aligned paragraph by paragraph."""
    if not source or not doc.paragraphs:
        return
    if len(doc.paragraphs) == 1:
        doc.paragraphs[0].source = source.strip()
        return
    spans = paragraph_spans(source, mode)
    if len(spans) != len(doc.paragraphs):
        raise InputError(
            f"{name}: the English source has {len(spans)} paragraphs but the French has "
            f"{len(doc.paragraphs)}; they must align paragraph by paragraph"
        )
    for para, (s, e) in zip(doc.paragraphs, spans, strict=True):
        para.source = source[s:e]


def _jsonl_lines(inp: Input, opts: ReadOptions) -> Iterator[tuple[int, str]]:
    """Decoded lines, read one at a time so a large corpus never sits in memory."""
    try:
        stream: BinaryIO = sys.stdin.buffer if inp.path is None else inp.path.open("rb")
    except OSError as exc:
        raise InputError(f"{inp.name}: cannot read: {exc.strerror or exc}") from None
    try:
        for lineno, raw in enumerate(stream, 1):
            if lineno == 1 and opts.encoding is None:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            yield lineno, decode(raw, f"{inp.name}:{lineno}", opts.encoding)
    except OSError as exc:
        raise InputError(f"{inp.name}: cannot read: {exc.strerror or exc}") from None
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _jsonl_documents(inp: Input, opts: ReadOptions) -> Iterator[Document]:
    for lineno, line in _jsonl_lines(inp, opts):
        if not line.strip():
            continue
        where = f"{inp.name}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{where}: expected a JSON object per line")
        value = row.get(opts.jsonl_field)
        if not isinstance(value, str):
            raise InputError(
                f"{where}: no text field {opts.jsonl_field!r} (set it with --jsonl-field)"
            )
        doc_id = row.get(opts.id_field)
        path = f"{inp.name}#{doc_id}" if doc_id is not None else where
        doc = segment(Document(path=path, text=value), opts.paragraphs)
        if opts.source_field:
            source = row.get(opts.source_field)
            if source is not None and not isinstance(source, str):
                raise InputError(f"{where}: field {opts.source_field!r} is not a string")
            _attach_sources(doc, source, opts.paragraphs, where)
        yield doc


def read_documents(inputs: Sequence[Input], opts: ReadOptions) -> Iterator[Document]:
    """Documents in input order, decoded and segmented, read one input at a time."""
    if opts.source_path is not None and len(inputs) != 1:
        raise InputError("--source needs exactly one input document")
    for inp in inputs:
        if _is_jsonl(inp, opts):
            yield from _jsonl_documents(inp, opts)
            continue
        text = decode(_read_bytes(inp), inp.name, opts.encoding)
        doc = segment(Document(path=inp.name, text=text), opts.paragraphs)
        if opts.source_path is not None:
            source = decode(
                _read_bytes(Input(opts.source_path)), str(opts.source_path), opts.encoding
            )
            _attach_sources(doc, source, opts.paragraphs, str(opts.source_path))
        yield doc


def count_documents(inputs: Sequence[Input], opts: ReadOptions) -> int | None:
    """Cheap total for the progress bar: files, or JSONL lines; None when unknown (stdin)."""
    total = 0
    for inp in inputs:
        if inp.path is None:
            return None
        if _is_jsonl(inp, opts):
            try:
                with inp.path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                return None
        else:
            total += 1
    return total


def display_path(path: str) -> str:
    """Paths relative to the working folder when they are inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
