"""The backend-independent part of Marian back-translation.

A backend (transformers, CTranslate2) implements two primitives on already-tokenised input,
``_translate_batch`` and ``_score_batch``; this base class does everything else, so that all
backends give results with the same meaning (and may share cache entries):
tokenisation with offsets (``pieces``), splitting of long paragraphs (``splitting``),
length-sorted batching, detokenisation with token spans, and the alignment below.

Decoding definition
    Source ids are the pieces of ``SourceEncoder`` plus ``</s>``. Decoding starts from
    ``decoder_start_token_id`` (``<pad>`` for opus-mt), is greedy unless ``beam_size > 1``,
    never emits ``<pad>``, stops at ``</s>`` or after ``max_new_tokens`` tokens (no forced
    ``</s>`` at the cap), and ignores the model's ``generation_config.json`` (opus-mt asks
    for beam 4 there). Output tokens exclude the start token and ``</s>``.

Log-probabilities
    ``logprobs[i]`` is log_softmax over the full target vocabulary (no suppression, no
    length penalty) of the decoder's logits at the step that predicts token ``i``, with the
    decoder forced on the output tokens (teacher forcing). ``score()`` uses the same
    computation on a given English text, so scoring a translation reproduces its log-probs.

Alignment (``ALIGNMENT_LAYER``, ``ALIGNMENT_HEADS``)
    Cross-attention (encoder-decoder attention) probabilities of decoder layer
    ``ALIGNMENT_LAYER`` (Python index into the decoder layers: -2 is the penultimate layer,
    layer 4 of 0-5 in opus-mt's 6-layer decoder), averaged over all of that layer's heads,
    for the query at the step that *predicts* token ``i`` (decoder input: the previous token
    or the start token). The key positions are the source pieces only: the final ``</s>``
    and padding are left out (after the softmax, without renormalising). ``alignment[i]``
    is the argmax (the first one on ties). In CTranslate2 terms: ``alignment_layer=-2`` and
    ``alignment_heads`` = the number of decoder attention heads (all heads averaged),
    ``return_attention=True``, then drop the ``</s>`` column before the argmax.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtcheck.backtranslate.base import DecodeSettings
from mtcheck.backtranslate.pieces import (
    MarianVocab,
    SourceEncoder,
    SourcePieces,
    TargetEncoder,
    detokenize,
)
from mtcheck.backtranslate.splitting import join_outputs, plan_chunks
from mtcheck.types import BackTranslation

ALIGNMENT_LAYER = -2
ALIGNMENT_HEADS = "all"  # mean over every head of ALIGNMENT_LAYER


@dataclass(slots=True)
class DecodedChunk:
    """What a backend primitive returns for one source chunk.

    ``attention`` is a 2-D array-like, one row per output token, one column per source
    position (at least ``len(source)`` columns; extra ones for ``</s>``/padding are ignored),
    holding the ALIGNMENT_LAYER / ALIGNMENT_HEADS cross-attention described above.
    """

    pieces: list[str]
    logprobs: list[float]
    attention: Any


def available_cores() -> int:
    """CPU cores this process may run on (affinity-aware)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def argmax_alignment(attention: Any, n_source: int, n_target: int) -> tuple[int, ...]:
    """Alignment per output token: argmax over the first ``n_source`` columns."""
    if n_target == 0:
        return ()
    if n_source == 0:
        return (-1,) * n_target
    import numpy as np

    matrix = np.asarray(attention, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < n_target or matrix.shape[1] < n_source:
        raise ValueError(
            f"attention of shape {matrix.shape} does not cover {n_target} x {n_source}"
        )
    return tuple(int(j) for j in matrix[:n_target, :n_source].argmax(axis=1))


class MarianBacktranslatorBase:
    """Common pipeline for Marian fr->en models; subclasses provide the two primitives."""

    backend: str = "marian"

    def __init__(
        self, model_dir: Path, identity: str, settings: DecodeSettings, *, max_positions: int
    ) -> None:
        self.model_dir = Path(model_dir)
        self.identity = identity
        self.settings = settings
        self.max_positions = max_positions
        self.vocab = MarianVocab(self.model_dir)
        self.source_encoder = SourceEncoder(self.model_dir / "source.spm", self.vocab)
        self.target_encoder = TargetEncoder(self.model_dir / "target.spm", self.vocab)

    # Limits: the encoder reads at most max_positions ids (pieces + </s>).
    @property
    def hard_input_limit(self) -> int:
        return max(1, self.max_positions - 1)

    @property
    def input_limit(self) -> int:
        return max(1, min(self.settings.max_input_tokens, self.hard_input_limit))

    @property
    def max_new_tokens(self) -> int:
        return max(1, min(self.settings.max_new_tokens, self.max_positions - 1))

    # --- primitives ----------------------------------------------------------------------

    def _translate_batch(self, sources: Sequence[SourcePieces]) -> list[DecodedChunk]:
        raise NotImplementedError

    def _score_batch(
        self, sources: Sequence[SourcePieces], targets: Sequence[Sequence[str]]
    ) -> list[DecodedChunk]:
        raise NotImplementedError

    # --- protocol ------------------------------------------------------------------------

    def translate(self, texts: Sequence[str]) -> list[BackTranslation]:
        """Back-translate paragraphs; long ones go chunk by chunk, all chunks length-sorted."""
        plans: list[list[SourcePieces]] = []
        work: list[tuple[int, int, SourcePieces]] = []
        for i, text in enumerate(texts):
            chunks = plan_chunks(text, self.source_encoder.encode, self.input_limit)
            plans.append(chunks)
            work.extend((i, k, chunk) for k, chunk in enumerate(chunks))

        decoded: dict[tuple[int, int], BackTranslation] = {}
        sources = [w[2] for w in work]
        for (i, k, source), out in zip(work, self._translate_all(sources), strict=True):
            decoded[(i, k)] = self._assemble(source, out)

        results = []
        for i, chunks in enumerate(plans):
            if not chunks:
                results.append(BackTranslation(text=""))
            else:
                results.append(join_outputs([decoded[(i, k)] for k in range(len(chunks))]))
        return results

    def score(self, texts: Sequence[str], targets: Sequence[str]) -> list[BackTranslation]:
        """Forced scoring of ``targets[i]`` as the translation of ``texts[i]``.

        The English is cut into its canonical target pieces; ``text`` of the result is
        those pieces detokenised. No splitting here (the English cannot be split to match),
        so a source or target beyond the model's positions is truncated.
        """
        if len(texts) != len(targets):
            raise ValueError(f"score() got {len(texts)} texts but {len(targets)} targets")
        return self.score_tokens(texts, [self.target_encoder.encode(t) for t in targets])

    def score_tokens(
        self, texts: Sequence[str], targets: Sequence[Sequence[str]]
    ) -> list[BackTranslation]:
        """Forced scoring of given target pieces, e.g. a translation's own ``tokens``
        (which need not be the canonical segmentation of its text)."""
        if len(texts) != len(targets):
            raise ValueError(f"score_tokens() got {len(texts)} texts but {len(targets)} targets")
        results: list[BackTranslation] = [BackTranslation(text="") for _ in texts]
        work: list[tuple[int, SourcePieces, list[str]]] = []
        for i, (text, target) in enumerate(zip(texts, targets, strict=True)):
            source = self.source_encoder.encode(text).truncated(self.hard_input_limit)
            pieces = list(target)[: self.max_positions - 1]
            if len(source) and pieces:
                work.append((i, source, pieces))
            elif len(source):
                results[i] = BackTranslation(text="", source_spans=source.spans)
        outputs = self._score_all([w[1] for w in work], [w[2] for w in work])
        for (i, source, _), out in zip(work, outputs, strict=True):
            results[i] = self._assemble(source, out)
        return results

    # --- scheduling ----------------------------------------------------------------------
    # How the work reaches the primitives. The default runs length-sorted batches of
    # ``settings.batch_size`` one after the other; a backend that can run several batches
    # at once (CTranslate2 with inter_threads > 1) overrides these two to submit them all.

    def _translate_all(self, sources: Sequence[SourcePieces]) -> list[DecodedChunk]:
        """One DecodedChunk per source, in input order."""
        out: list[DecodedChunk | None] = [None] * len(sources)
        for batch in self._batches([len(s) for s in sources]):
            outputs = self._translate_batch([sources[n] for n in batch])
            if len(outputs) != len(batch):
                raise RuntimeError(f"{self.backend} returned {len(outputs)} of {len(batch)}")
            for n, chunk in zip(batch, outputs, strict=True):
                out[n] = chunk
        return [chunk for chunk in out if chunk is not None]

    def _score_all(
        self, sources: Sequence[SourcePieces], targets: Sequence[Sequence[str]]
    ) -> list[DecodedChunk]:
        """One DecodedChunk per (source, target) pair, in input order."""
        out: list[DecodedChunk | None] = [None] * len(sources)
        for batch in self._batches([len(s) for s in sources]):
            outputs = self._score_batch([sources[n] for n in batch], [targets[n] for n in batch])
            if len(outputs) != len(batch):
                raise RuntimeError(f"{self.backend} returned {len(outputs)} of {len(batch)}")
            for n, chunk in zip(batch, outputs, strict=True):
                out[n] = chunk
        return [chunk for chunk in out if chunk is not None]

    # --- helpers -------------------------------------------------------------------------

    def _batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Indices grouped into batches of similar length (longest first)."""
        order = sorted(range(len(lengths)), key=lambda n: -lengths[n])
        size = max(1, self.settings.batch_size)
        return [order[k : k + size] for k in range(0, len(order), size)]

    def _assemble(self, source: SourcePieces, out: DecodedChunk) -> BackTranslation:
        n = len(out.pieces)
        if len(out.logprobs) != n:
            raise RuntimeError(f"{self.backend}: {len(out.logprobs)} log-probs for {n} tokens")
        text, spans = detokenize(out.pieces)
        return BackTranslation(
            text=text,
            tokens=tuple(out.pieces),
            token_spans=spans,
            logprobs=tuple(float(x) for x in out.logprobs),
            source_spans=source.spans,
            alignment=argmax_alignment(out.attention, len(source), n),
        )
