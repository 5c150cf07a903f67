"""Back-translation with CTranslate2 (int8 by default): the fast CPU backend.

Runtime path: ``ctranslate2`` and ``sentencepiece`` only. torch and transformers are never
imported here; the one-off conversion (``mtcheck.backtranslate.convert``) runs them in a
child process. Tokenisation, splitting, detokenisation and the alignment definition are
the shared ones of ``mtcheck.backtranslate.marian``, read from the converted folder
(which holds copies of the SentencePiece models and ``vocab.json``).

What each output is made of
    translate(), greedy: one ``translate_batch`` call with ``return_attention=True`` (the
    converted spec's alignment layer is -2 with all decoder heads averaged, which is
    ALIGNMENT_LAYER/ALIGNMENT_HEADS) and a per-token ``callback`` with
    ``return_scores=True``: for greedy search CTranslate2 hands the callback the
    log-softmax over the full vocabulary of the token it picked, i.e. exactly the
    teacher-forced log-probability of the definition (``min_decoding_length=0`` so that
    ``</s>`` is never masked). No second pass.
    translate(), beam > 1: the callback does not run, so the chosen tokens are scored as
    in score() below (beam search's own attention for the first step is not the forced
    one, so it is not used).
    score(): one ``translate_batch`` pass with the target as ``target_prefix``,
    ``return_attention=True`` and ``return_logits_vocab=True``; the log-probabilities are
    the log-softmax of those logits at the target tokens (equal to ``score_batch``'s to
    1e-4). ``score_batch`` has no attention, and running it plus a prefix pass for the
    attention was measured 1.5x slower than this single pass.

Parallelism
    ``inter_threads`` model replicas each run one batch on ``intra_threads`` cores. On a
    2-core machine two replicas of one thread each beat one replica of two threads
    (measured: benchmarks/README.md), because decoding small batches does not scale well
    over cores while independent batches do. The rule (``choose_threads``) is one replica
    per core, one thread each, up to 4 cores; beyond that replicas of 2 threads. Work is
    submitted all at once (``max_batch_size`` splits it into length-sorted batches and the
    replicas take them in turn), cut so that every replica gets a batch.

Reduced precision changes the numbers (int8 is within ~0.03 nats of fp32), so a compute
type other than float32 is appended to the identity (``+ct2-int8``): the cache keeps int8
results apart from fp32 ones, which are shared with the transformers backend.
"""

from __future__ import annotations

import atexit
import json
import math
import threading
import weakref
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtcheck.backtranslate.base import DecodeSettings
from mtcheck.backtranslate.convert import ensure_converted, read_metadata
from mtcheck.backtranslate.marian import (
    DecodedChunk,
    MarianBacktranslatorBase,
    available_cores,
)
from mtcheck.backtranslate.pieces import SourcePieces

EOS = "</s>"
UNK = "<unk>"
# Bytes of vocabulary logits the batches of forced scoring in flight may hold together
# (paragraphs x tokens x vocabulary x 4): 512 MB is 2 batches of 13 paragraphs of
# 80 tokens over opus-mt's 59,514 entries. Larger batches score faster (measured on
# 2 cores: 8 per batch 6.3 para/s, 16 per batch 9 para/s); this keeps peak RSS near 1 GB.
SCORE_LOGITS_BUDGET = 512 * 1024 * 1024


def identity_suffix(compute_type: str) -> str:
    """What a compute type adds to the model identity (nothing for float32)."""
    return "" if compute_type == "float32" else f"+ct2-{compute_type}"


def choose_threads(cores: int) -> tuple[int, int]:
    """(inter_threads, intra_threads) for ``cores`` cores.

    Measured on 2 cores: 2 replicas x 1 thread decode about 1.5-2x faster than
    1 replica x 2 threads. Up to 4 cores one single-threaded replica per core; above that
    2-thread replicas, so that a many-core machine does not hold a dozen batches in
    flight (memory, latency) for little gain.
    """
    cores = max(1, cores)
    if cores <= 4:
        return cores, 1
    return cores // 2, 2


# Translators still alive at interpreter exit are released before Python finalises:
# CTranslate2's worker threads drop the Python callback after a call returns, and a
# thread that needs the GIL while the interpreter shuts down aborts the process
# ("terminate called without an active exception").
_LIVE: weakref.WeakSet[CTranslate2Backtranslator] = weakref.WeakSet()


@atexit.register
def _release_all() -> None:
    for backend in list(_LIVE):
        backend.close()


def _target_vocabulary(folder: Path) -> list[str]:
    """CTranslate2's target vocabulary (the order of its logits)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        path = folder / name
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return [str(p) for p in data]
    raise FileNotFoundError(f"no CTranslate2 vocabulary in {folder}")


class CTranslate2Backtranslator(MarianBacktranslatorBase):
    """Marian back-translator on a CTranslate2 conversion of the model."""

    backend = "ctranslate2"

    def __init__(
        self,
        model_dir: Path,
        identity: str,
        settings: DecodeSettings,
        *,
        compute_type: str = "int8",
        inter_threads: int | None = None,
        intra_threads: int | None = None,
    ) -> None:
        import ctranslate2

        folder = ensure_converted(Path(model_dir), identity, compute_type)
        meta = read_metadata(folder) or {}
        super().__init__(
            folder,
            identity + identity_suffix(compute_type),
            settings,
            max_positions=int(meta.get("max_position_embeddings") or 512),
        )
        self.source_dir = Path(model_dir)
        self.converted_dir = folder
        self.compute_type = compute_type
        inter, intra = choose_threads(available_cores())
        self.inter_threads = max(1, inter_threads or inter)
        self.intra_threads = max(1, intra_threads or intra)
        # The cache hands a backend this many batches' worth of texts at once.
        self.parallel_batches = self.inter_threads
        self._translator: Any = ctranslate2.Translator(
            str(folder),
            device="cpu",
            compute_type=compute_type,
            inter_threads=self.inter_threads,
            intra_threads=self.intra_threads,
        )
        vocabulary = _target_vocabulary(folder)
        self._vocab_size = max(1, len(vocabulary))
        self._target_index = {piece: k for k, piece in enumerate(vocabulary)}
        self._unk_index = self._target_index.get(UNK, 1)
        self._lock = threading.Lock()
        _LIVE.add(self)

    def close(self) -> None:
        """Release the model (joins CTranslate2's worker threads)."""
        with self._lock:
            self._translator = None

    @property
    def _model(self) -> Any:
        if self._translator is None:
            raise RuntimeError("this CTranslate2 back-translator was closed")
        return self._translator

    # --- scheduling ----------------------------------------------------------------------

    def _sub_batch(self, n: int) -> int:
        """Batch size so that ``n`` inputs keep every replica busy, at most batch_size."""
        size = max(1, self.settings.batch_size)
        return max(1, min(size, math.ceil(n / self.inter_threads)))

    def _source_tokens(self, source: SourcePieces) -> list[str]:
        known = self.vocab.source
        return [p if p in known else UNK for p in source.pieces] + [EOS]

    def _translate_all(self, sources: Sequence[SourcePieces]) -> list[DecodedChunk]:
        if not sources:
            return []
        tokens = [self._source_tokens(s) for s in sources]
        greedy = self.settings.beam_size <= 1
        steps: list[list[float]] = [[] for _ in sources]

        def on_token(step: Any) -> bool:
            steps[step.batch_id].append(step.log_prob)
            return False

        results = self._model.translate_batch(
            tokens,
            max_batch_size=self._sub_batch(len(tokens)),
            batch_type="examples",
            beam_size=max(1, self.settings.beam_size),
            num_hypotheses=1,
            max_decoding_length=self.max_new_tokens,
            min_decoding_length=0,
            max_input_length=0,
            return_scores=greedy,
            return_attention=greedy,
            callback=on_token if greedy else None,
        )
        pieces = [list(r.hypotheses[0]) for r in results]
        if not greedy:
            return self._score_all(sources, pieces)
        attention = [r.attention[0] if r.attention else [] for r in results]
        logprobs = []
        for i, toks in enumerate(pieces):
            if len(steps[i]) < len(toks):
                raise RuntimeError(
                    f"ctranslate2 reported {len(steps[i])} steps for {len(toks)} tokens"
                )
            logprobs.append(steps[i][: len(toks)])
        return [
            DecodedChunk(p, lp, att) for p, lp, att in zip(pieces, logprobs, attention, strict=True)
        ]

    def _score_all(
        self, sources: Sequence[SourcePieces], targets: Sequence[Sequence[str]]
    ) -> list[DecodedChunk]:
        """Log-probabilities and attention of forced targets, in one decoding pass.

        The target is decoded as a ``target_prefix`` with ``return_attention`` and
        ``return_logits_vocab``; the log-probabilities are the log-softmax of those logits
        at the target's tokens. (``score_batch`` then a prefix pass for the attention costs
        two passes: measured 1.5x slower.) The logits are vocabulary-sized per token, so
        one batch per replica is in flight at a time, all of them together holding at most
        ``SCORE_LOGITS_BUDGET`` bytes of logits.
        """
        if not sources:
            return []
        tokens = [self._source_tokens(s) for s in sources]
        wanted = [list(t) for t in targets]
        out = [DecodedChunk(t, [], []) for t in wanted]
        todo = sorted((i for i, t in enumerate(wanted) if t), key=lambda i: -len(wanted[i]))
        groups: list[list[int]] = []
        k = 0
        while k < len(todo):
            per_row = len(wanted[todo[k]]) * self._vocab_size * 4
            size = max(1, min(self._sub_batch(len(todo) - k),
                              SCORE_LOGITS_BUDGET // (per_row * self.inter_threads)))  # fmt: skip
            groups.append(todo[k : k + size])
            k += size
        # One group per replica in flight; the next goes in as soon as one is consumed.
        in_flight: deque[tuple[list[int], Any]] = deque()
        for group in groups:
            if len(in_flight) >= self.inter_threads:
                self._collect(*in_flight.popleft(), wanted, out)
            in_flight.append((group, self._submit_forced(tokens, wanted, group)))
        while in_flight:
            self._collect(*in_flight.popleft(), wanted, out)
        return out

    def _submit_forced(
        self, tokens: Sequence[list[str]], wanted: Sequence[list[str]], group: list[int]
    ) -> Any:
        return self._model.translate_batch(
            [tokens[i] for i in group],
            target_prefix=[wanted[i] for i in group],
            beam_size=1,
            max_decoding_length=max(len(wanted[i]) for i in group),
            min_decoding_length=0,
            max_input_length=0,
            return_attention=True,
            return_logits_vocab=True,
            asynchronous=True,
        )

    def _collect(
        self,
        group: list[int],
        pending: Any,
        wanted: Sequence[list[str]],
        out: list[DecodedChunk],
    ) -> None:
        for i, job in zip(group, pending, strict=True):
            out[i] = self._forced_chunk(wanted[i], job.result())

    # Primitives of the base class, for callers that use them directly.
    def _translate_batch(self, sources: Sequence[SourcePieces]) -> list[DecodedChunk]:
        return self._translate_all(sources)

    def _score_batch(
        self, sources: Sequence[SourcePieces], targets: Sequence[Sequence[str]]
    ) -> list[DecodedChunk]:
        return self._score_all(sources, targets)

    # --- helpers -------------------------------------------------------------------------

    def _logprobs(
        self, tokens: Sequence[list[str]], targets: Sequence[list[str]]
    ) -> list[list[float]]:
        """Teacher-forced log-probabilities of ``targets`` by ``score_batch`` (no attention;
        ``</s>`` left out). score_batch also holds vocabulary-sized log-probabilities per
        token, so its batches are sized by the same budget."""
        out: list[list[float]] = [[] for _ in tokens]
        todo = [i for i, t in enumerate(targets) if t]
        if not todo:
            return out
        per_row = max(len(targets[i]) for i in todo) * self._vocab_size * 4
        size = min(self._sub_batch(len(todo)),
                   max(1, SCORE_LOGITS_BUDGET // (per_row * self.inter_threads)))  # fmt: skip
        results = self._model.score_batch(
            [tokens[i] for i in todo],
            [targets[i] for i in todo],
            max_batch_size=size,
            batch_type="examples",
            max_input_length=0,
        )
        for i, res in zip(todo, results, strict=True):
            values = [float(x) for x in res.log_probs]
            if len(values) < len(targets[i]):
                raise RuntimeError(f"ctranslate2 scored {len(values)} of {len(targets[i])} tokens")
            out[i] = values[: len(targets[i])]
        return out

    def _forced_chunk(self, target: list[str], result: Any) -> DecodedChunk:
        """DecodedChunk of a forced-prefix result: log-softmax of its logits, attention."""
        import numpy as np

        n = len(target)
        steps = result.logits[0] if result.logits else []
        rows = result.attention[0] if result.attention else []
        if len(steps) < n or len(rows) < n:
            raise RuntimeError(
                f"ctranslate2 gave {len(steps)} logits and {len(rows)} attention rows "
                f"for {n} forced tokens"
            )
        logits = np.stack([np.asarray(steps[t], dtype=np.float32) for t in range(n)])
        top = logits.max(axis=1, keepdims=True)
        norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1, dtype=np.float64))
        ids = np.fromiter((self._target_index.get(p, self._unk_index) for p in target),
                          dtype=np.int64, count=n)  # fmt: skip
        picked = logits[np.arange(n), ids].astype(np.float64) - norm
        return DecodedChunk(target, picked.tolist(), rows[:n])
