"""Machine-readable output: the version 1 JSON schema, streamed document by document.

``json`` writes one object (the README documents its schema, a contract other tools rely
on); ``jsonl`` writes one document object per line and a closing summary line, for
pipelines that process results as they come.
"""

from __future__ import annotations

import json
from typing import IO, Any

from mtcheck.pipeline import DocumentResult, ModelStatus
from mtcheck.report import Summary

SCHEMA_VERSION = 1


def document_json(result: DocumentResult) -> dict[str, Any]:
    return {
        "path": result.document.path,
        "score": result.score,
        "paragraphs": [
            {
                "index": p.paragraph.index,
                "start": p.paragraph.start,
                "end": p.paragraph.end,
                "score": p.score,
                "backtranslation": p.backtranslation.text if p.backtranslation else None,
                "findings": [f.to_json() for f in p.findings],
            }
            for p in result.paragraphs
        ],
    }


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


class JsonReporter:
    """Writes ``{"version", "model", "documents": [...], "summary"}`` incrementally."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.first = True

    def start(self, model: ModelStatus) -> None:
        self.out.write(
            f'{{"version": {SCHEMA_VERSION}, "model": {_dump(model.to_json())}, "documents": ['
        )
        self.out.flush()

    def document(self, result: DocumentResult, failed: bool) -> None:
        self.out.write(("\n" if self.first else ",\n") + _dump(document_json(result)))
        self.first = False
        self.out.flush()

    def finish(self, summary: Summary, gate_failed: bool) -> None:
        self.out.write(f'\n], "summary": {_dump(summary.to_json())}}}\n')
        self.out.flush()


class JsonlReporter:
    """One line per document, then ``{"version", "model", "summary"}`` as the last line."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.model: ModelStatus | None = None

    def start(self, model: ModelStatus) -> None:
        self.model = model

    def document(self, result: DocumentResult, failed: bool) -> None:
        self.out.write(_dump(document_json(result)) + "\n")
        self.out.flush()

    def finish(self, summary: Summary, gate_failed: bool) -> None:
        tail = {
            "version": SCHEMA_VERSION,
            "model": self.model.to_json() if self.model else None,
            "summary": summary.to_json(),
        }
        self.out.write(_dump(tail) + "\n")
        self.out.flush()
