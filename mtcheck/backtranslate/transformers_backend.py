"""Back-translation with Hugging Face transformers (MarianMTModel on torch, CPU).

torch and transformers are imported here only, when a backend is built, so text-only runs
never pay their ~4 s import. Each batch is encoded once; the encoder output feeds
``generate`` (greedy by default: ``num_beams=1`` overrides opus-mt's beam 4) and then one
teacher-forced decoder pass over the chosen tokens with ``output_attentions=True``, which
gives the exact per-token log-probabilities and the cross-attention for the alignment
(definitions in ``mtcheck.backtranslate.marian``: decoder layer ``ALIGNMENT_LAYER`` = -2,
mean over all heads). ``score()`` runs the same forced pass on a given English text.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mtcheck.backtranslate.base import DecodeSettings
from mtcheck.backtranslate.marian import (
    ALIGNMENT_LAYER,
    DecodedChunk,
    MarianBacktranslatorBase,
    available_cores,
)
from mtcheck.backtranslate.pieces import SourcePieces

# Appended to the identity of a dynamically quantized model: its outputs differ from fp32,
# so its cache entries must not be shared with fp32 runs.
QUANTIZED_SUFFIX = "+torch-dynamic-int8"

# Output positions per LM-head slice in the forced pass (512 x 59514 fp32 logits = 122 MB).
_LM_HEAD_SLICE = 512

log = logging.getLogger("mtcheck.backtranslate")


def _quantize_dynamic(torch: Any, model: Any) -> Any | None:
    """Dynamic int8 Linear layers, or None (with a warning) where torch no longer has it."""
    try:
        with warnings.catch_warnings():
            # torch.ao.quantization is deprecated in favour of torchao, but still works here.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", UserWarning)
            return torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
    except (AttributeError, ImportError, RuntimeError, NotImplementedError) as exc:
        log.warning("dynamic int8 quantization unavailable in this torch (%s); using fp32", exc)
        return None


class TransformersBacktranslator(MarianBacktranslatorBase):
    """MarianMTModel back-translator; ``quantize`` applies dynamic int8 to Linear layers."""

    backend = "transformers"

    def __init__(
        self,
        model_dir: Path,
        identity: str,
        settings: DecodeSettings,
        *,
        quantize: bool = False,
        threads: int | None = None,
    ) -> None:
        import torch
        from transformers import GenerationConfig, MarianMTModel
        from transformers.utils import logging as hf_logging

        # CLI output stays clean: no "Loading weights" bars, no generation-config chatter.
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        if threads or not os.environ.get("OMP_NUM_THREADS"):
            # One intra-op thread per core we may use; an explicit OMP_NUM_THREADS wins.
            torch.set_num_threads(threads or available_cores())

        model = MarianMTModel.from_pretrained(str(model_dir), local_files_only=True)
        model.eval()
        # Generation uses the default (sdpa, ~1.3x faster than eager on CPU); the forced pass
        # switches to eager, the only implementation that returns attention probabilities.
        self._generate_attention = str(model.config._attn_implementation or "eager")
        if quantize:
            quantized = _quantize_dynamic(torch, model)
            if quantized is not None:
                model = quantized
                identity += QUANTIZED_SUFFIX
        config = model.config
        super().__init__(
            Path(model_dir),
            identity,
            settings,
            max_positions=int(getattr(config, "max_position_embeddings", 512) or 512),
        )
        self.quantized = identity.endswith(QUANTIZED_SUFFIX)
        self._torch = torch
        self._model: Any = model
        self._start_id = int(config.decoder_start_token_id)
        self._pad_id = int(config.pad_token_id if config.pad_token_id is not None else 0)
        self._eos_id = self.vocab.target_eos_id
        # The model's own generation config (beam 4, forced </s> at max_length for opus-mt)
        # is replaced so that decoding follows DecodeSettings alone.
        self._generation_config = GenerationConfig(
            num_beams=max(1, settings.beam_size),
            do_sample=False,
            max_new_tokens=self.max_new_tokens,
            bad_words_ids=[[self._pad_id]],
            eos_token_id=self._eos_id,
            pad_token_id=self._pad_id,
            decoder_start_token_id=self._start_id,
            forced_eos_token_id=None,
            num_return_sequences=1,
        )
        model.generation_config = self._generation_config

    # --- primitives ----------------------------------------------------------------------

    def _translate_batch(self, sources: Sequence[SourcePieces]) -> list[DecodedChunk]:
        torch = self._torch
        from transformers.modeling_outputs import BaseModelOutput

        input_ids, mask = self._source_tensors(sources)
        with torch.inference_mode():
            encoded = self._model.get_encoder()(input_ids=input_ids, attention_mask=mask)
            hidden = encoded.last_hidden_state
            # generate() expands encoder outputs for beams in place: give it its own object.
            sequences = self._model.generate(
                encoder_outputs=BaseModelOutput(last_hidden_state=hidden),
                attention_mask=mask,
                generation_config=self._generation_config,
            )
            targets = [self._cut(row) for row in sequences.tolist()]
            forced = self._forced(hidden, mask, targets)
        return [
            DecodedChunk([self.vocab.target_piece(t) for t in ids], logprobs, attention)
            for ids, (logprobs, attention) in zip(targets, forced, strict=True)
        ]

    def _score_batch(
        self, sources: Sequence[SourcePieces], targets: Sequence[Sequence[str]]
    ) -> list[DecodedChunk]:
        torch = self._torch
        input_ids, mask = self._source_tensors(sources)
        target_ids = [[self.vocab.target_id(p) for p in pieces] for pieces in targets]
        with torch.inference_mode():
            encoded = self._model.get_encoder()(input_ids=input_ids, attention_mask=mask)
            forced = self._forced(encoded.last_hidden_state, mask, target_ids)
        return [
            DecodedChunk(list(pieces), logprobs, attention)
            for pieces, (logprobs, attention) in zip(targets, forced, strict=True)
        ]

    # --- helpers -------------------------------------------------------------------------

    def _source_tensors(self, sources: Sequence[SourcePieces]) -> tuple[Any, Any]:
        torch = self._torch
        rows = [[*s.ids, self.vocab.eos_id] for s in sources]
        width = max(len(r) for r in rows)
        input_ids = torch.full((len(rows), width), self._pad_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for b, row in enumerate(rows):
            input_ids[b, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[b, : len(row)] = 1
        return input_ids, mask

    def _set_attention(self, implementation: str) -> None:
        if self._model.config._attn_implementation != implementation:
            self._model.set_attn_implementation(implementation)

    def _cut(self, row: list[int]) -> list[int]:
        """Generated ids without the start token, up to (not including) </s> or padding."""
        out = []
        for token in row[1:]:
            if token in (self._eos_id, self._pad_id):
                break
            out.append(int(token))
        return out

    def _forced(
        self, hidden: Any, mask: Any, targets: Sequence[Sequence[int]]
    ) -> list[tuple[list[float], Any]]:
        """Teacher-forced pass: per-token log-probs and alignment-layer cross-attention."""
        torch = self._torch
        from transformers.modeling_outputs import BaseModelOutput

        width = max(1, max((len(t) for t in targets), default=0))
        decoder_in = torch.full((len(targets), width), self._pad_id, dtype=torch.long)
        gold = torch.zeros((len(targets), width), dtype=torch.long)
        decoder_in[:, 0] = self._start_id
        for b, ids in enumerate(targets):
            if ids:
                row = torch.tensor(list(ids), dtype=torch.long)
                decoder_in[b, 1 : len(ids)] = row[:-1]
                gold[b, : len(ids)] = row
        self._set_attention("eager")
        try:
            # The seq2seq body only: the LM head runs below on the real positions, in
            # slices, so a batch never holds batch x length x vocabulary log-probs at once.
            out = self._model.model(
                encoder_outputs=BaseModelOutput(last_hidden_state=hidden),
                attention_mask=mask,
                decoder_input_ids=decoder_in,
                output_attentions=True,
                use_cache=False,
                return_dict=True,
            )
        finally:
            self._set_attention(self._generate_attention)
        lengths = [len(t) for t in targets]
        valid = torch.zeros(decoder_in.shape, dtype=torch.bool)
        for b, n in enumerate(lengths):
            valid[b, :n] = True
        states = out.last_hidden_state[valid]
        wanted = gold[valid]
        picked = torch.empty(wanted.shape[0], dtype=torch.float32)
        for k in range(0, wanted.shape[0], _LM_HEAD_SLICE):
            logits = self._model.lm_head(states[k : k + _LM_HEAD_SLICE])
            logits = (logits + self._model.final_logits_bias).float()
            chosen = logits.gather(-1, wanted[k : k + _LM_HEAD_SLICE].unsqueeze(-1)).squeeze(-1)
            picked[k : k + _LM_HEAD_SLICE] = chosen - torch.logsumexp(logits, dim=-1)
        attention = out.cross_attentions[ALIGNMENT_LAYER].float().mean(dim=1)
        results = []
        offset = 0
        for b, n in enumerate(lengths):
            results.append((picked[offset : offset + n].tolist(), attention[b, :n].numpy()))
            offset += n
        return results
