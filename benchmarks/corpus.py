"""French benchmark paragraphs built from the project's seed articles.

The seeds hold about forty paragraphs of machine-translated French news. Benchmarks need
many *distinct* paragraphs of realistic length (the back-translation cache and the
pipeline's de-duplication would otherwise make repeated paragraphs free), so sentences of
the seeds are shuffled with a fixed random seed and packed into paragraphs of
``min_words``..``max_words`` words. The result is deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

_SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀÂÉÈÊÎÔÛÇ0-9])")


def seed_sentences(seeds: Path = SEEDS) -> list[str]:
    """Every sentence of the seed articles (split at sentence-final punctuation)."""
    sentences: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) < 4:
                continue  # headlines, bylines
            sentences.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return sentences


def paragraphs(
    n: int, *, seed: int = 0, min_words: int = 45, max_words: int = 75
) -> list[str]:
    """``n`` distinct French paragraphs of about ``min_words``..``max_words`` words."""
    sentences = seed_sentences()
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        words = 0
        parts: list[str] = []
        while words < min_words:
            s = rng.choice(sentences)
            w = len(s.split())
            if words and words + w > max_words:
                continue
            parts.append(s)
            words += w
        text = " ".join(parts)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def documents(n_paragraphs: int, *, per_doc: int = 5, seed: int = 0) -> Iterator[dict[str, str]]:
    """JSONL rows ``{"id", "text"}``: documents of ``per_doc`` blank-line-separated paragraphs."""
    paras = paragraphs(n_paragraphs, seed=seed)
    for k in range(0, len(paras), per_doc):
        yield {"id": f"doc{k // per_doc:05d}", "text": "\n\n".join(paras[k : k + per_doc])}


def write_jsonl(path: Path, n_paragraphs: int, *, per_doc: int = 5, seed: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in documents(n_paragraphs, per_doc=per_doc, seed=seed):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
