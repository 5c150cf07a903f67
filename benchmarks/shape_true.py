"""A Marian model with opus-mt-fr-en's exact shape and RANDOM weights, built offline.

Speed depends on the shape (d_model 512, 6+6 layers, 8 heads, FFN 2048, a 59,514-entry
vocabulary whose output projection dominates decoding), not on the weights, so a random
model measures the real cost without downloading anything. Its output is meaningless.

The folder has the opus-mt layout (config.json, model.safetensors, source.spm,
target.spm, vocab.json, tokenizer_config.json, generation_config.json), so mtcheck loads it
like the real model with ``--model <folder>``. The SentencePiece model (BPE, 1,200 pieces)
is trained on the seed articles in a second; it cuts the benchmark paragraphs into about
1.4 pieces per word (60-115 pieces per paragraph), close to opus-mt's own segmentation of
French news. ``vocab.json`` lists its pieces, then filler entries up to the full
vocabulary size, then ``<pad>`` (Marian's layout: ``</s>``=0, ``<unk>``=1, ``<pad>`` last).

Building takes about 20 s and writes 300 MB; ``ensure_model`` reuses a finished folder.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import ROOT, seed_sentences

sys.path.insert(0, str(ROOT / "tests"))
from tiny_marian import (  # the tests' Marian-folder helpers
    marian_token_ids,
    opus_generation_config,
    train_spm,
    write_tokenizer_config,
)

OUT = ROOT / "benchmarks" / "out"
MODEL_DIR = OUT / "opus-mt-fr-en-shape-random"

# Helsinki-NLP/opus-mt-fr-en's config.json (the values that matter for speed and layout).
OPUS_MT_FR_EN: dict[str, Any] = {
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "vocab_size": 59514,
    "max_position_embeddings": 512,
    "activation_function": "swish",
    "scale_embedding": True,
    "static_position_embeddings": True,
    "normalize_before": False,
    "normalize_embedding": False,
}
SEED = 0
_DONE = ".complete"


SPM_PIECES = 1200


def build(folder: Path) -> Path:
    """Write the shape-true random model to ``folder`` (atomically: temp folder, rename)."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        model_proto = train_spm(seed_sentences(), SPM_PIECES, model_type="bpe")
        (tmp / "source.spm").write_bytes(model_proto)
        (tmp / "target.spm").write_bytes(model_proto)
        sp = spm.SentencePieceProcessor(model_proto=model_proto)
        size = int(OPUS_MT_FR_EN["vocab_size"])
        vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
        for i in range(sp.get_piece_size()):
            piece = sp.id_to_piece(i)
            if piece not in ("<unk>", "</s>", "<s>", "<pad>") and piece not in vocab:
                vocab[piece] = len(vocab)
        filler = 0
        while len(vocab) < size - 1:
            vocab[f"▁w{filler}"] = len(vocab)
            filler += 1
        pad_id = len(vocab)
        vocab["<pad>"] = pad_id
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        write_tokenizer_config(tmp, 512)
        config = MarianConfig(
            **OPUS_MT_FR_EN,
            decoder_vocab_size=size,
            share_encoder_decoder_embeddings=True,
            **marian_token_ids(pad_id),
            dropout=0.1,
            init_std=0.02,
        )
        torch.manual_seed(SEED)
        model = MarianMTModel(config)
        model.eval()
        model.generation_config = opus_generation_config(pad_id, 512)
        model.save_pretrained(tmp)
        (tmp / _DONE).write_text(
            json.dumps({"parameters": sum(p.numel() for p in model.parameters())}),
            encoding="utf-8",
        )
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def ensure_model(folder: Path = MODEL_DIR) -> Path:
    """The shape-true model folder, built on first use."""
    if not (folder / _DONE).is_file():
        t0 = time.perf_counter()
        build(folder)
        print(f"built the shape-true random model in {time.perf_counter() - t0:.1f} s: {folder}")
    return folder


def parameters(folder: Path = MODEL_DIR) -> int:
    data = json.loads((folder / _DONE).read_text(encoding="utf-8"))
    return int(data["parameters"])


if __name__ == "__main__":
    print(ensure_model())
