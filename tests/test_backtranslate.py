"""The Marian back-translation pipeline on a tiny local model: structure, spans, scoring."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from mtcheck.backtranslate import ModelUnavailable, load_backtranslator
from mtcheck.backtranslate.base import DecodeSettings
from mtcheck.backtranslate.marian import argmax_alignment
from mtcheck.backtranslate.pieces import detokenize, normalize_with_offsets
from mtcheck.backtranslate.splitting import cut_pieces, join_outputs, plan_chunks
from mtcheck.types import BackTranslation

SETTINGS = DecodeSettings(max_new_tokens=24, batch_size=3)

PARAGRAPHS = [
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites.",
    "« Nous n’avons pas le choix », a déclaré la porte-parole\u00a0: la mesure entrera en "
    "vigueur l’année prochaine…",
    "Bonjour.",
    "Les prix de l’énergie ont augmenté de 12\u00a0% en un an, selon l’Insee (France).",
    "Le président français Emmanuel Macron s’est rendu à Berlin jeudi. Il a rencontré le "
    "chancelier allemand pour discuter de l’Ukraine.",
    "Qu’en pensent les habitants du quartier ?",
    "La police a arrêté trois suspects dans la nuit de samedi à dimanche.",
    # With the tiny model these end early (one of them at once, with no English at all).
    "Le Premier ministre britannique a promis un soutien militaire supplémentaire.",
    "Le conflit a fait des centaines de morts depuis janvier.",
    "Les élèves reprendront les cours lundi matin.",
]


@pytest.fixture(scope="module")
def bt(tiny_marian_dir: Path):  # type: ignore[no-untyped-def]
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    return TransformersBacktranslator(tiny_marian_dir, "tiny", SETTINGS, threads=1)


@pytest.fixture(scope="module")
def translations(bt) -> list[BackTranslation]:  # type: ignore[no-untyped-def]
    return bt.translate(PARAGRAPHS)


def assert_consistent(out: BackTranslation, paragraph: str) -> None:
    """Every invariant the checks rely on."""
    n = len(out.tokens)
    assert len(out.logprobs) == n
    assert len(out.alignment) == n
    assert len(out.token_spans) == n
    assert out.text == out.text.strip()
    previous_end = 0
    for token, (s, e) in zip(out.tokens, out.token_spans, strict=True):
        assert 0 <= s <= e <= len(out.text)
        assert s >= previous_end
        previous_end = e
        core = token.replace("▁", " ").strip()
        if token != "<unk>":
            assert out.text[s:e] == core
    for lp in out.logprobs:
        assert math.isfinite(lp)
        assert lp <= 0.0
    assert out.source_spans, "a non-empty paragraph has source pieces"
    for s, e in out.source_spans:
        assert 0 <= s < e <= len(paragraph)
        assert paragraph[s:e].strip(), "a source span covers real characters"
    for i, j in enumerate(out.alignment):
        assert 0 <= j < len(out.source_spans)
        span = out.french_span(i)
        assert span is not None and paragraph[span[0] : span[1]].strip()


def test_translate_outputs_are_consistent(translations: list[BackTranslation]) -> None:
    assert len(translations) == len(PARAGRAPHS)
    for paragraph, out in zip(PARAGRAPHS, translations, strict=True):
        assert_consistent(out, paragraph)
    # The tiny model is random, but its outputs depend on the input and vary in length.
    assert len({out.tokens for out in translations}) >= 4
    assert any(out.tokens for out in translations)
    # Outputs stop at max_new_tokens without a forced </s> replacing the last token.
    assert max(len(out.tokens) for out in translations) == SETTINGS.max_new_tokens
    assert any(0 < len(out.tokens) < SETTINGS.max_new_tokens for out in translations)


def test_source_spans_cover_every_word(translations: list[BackTranslation]) -> None:
    for paragraph, out in zip(PARAGRAPHS, translations, strict=True):
        covered = set()
        for s, e in out.source_spans:
            covered.update(range(s, e))
        for m in re.finditer(r"\S", paragraph):
            assert m.start() in covered, f"{paragraph[m.start()]!r} of {paragraph!r} unmapped"


def test_source_spans_point_at_typographic_characters(
    translations: list[BackTranslation],
) -> None:
    paragraph, out = PARAGRAPHS[1], translations[1]
    pieces_text = [paragraph[s:e] for s, e in out.source_spans]
    # « and ’ are normalised to " and ' for the model, but spans give the originals.
    assert any("«" in t for t in pieces_text)
    assert any("’" in t for t in pieces_text)
    assert any("…" in t for t in pieces_text)
    assert all("\u00a0" not in t.strip() for t in pieces_text)


def test_empty_and_whitespace_paragraphs(bt) -> None:  # type: ignore[no-untyped-def]
    out = bt.translate(["", "  \n\t ", "Bonjour."])
    assert out[0] == BackTranslation(text="")
    assert out[1] == BackTranslation(text="")
    assert out[2].source_spans
    assert bt.translate([]) == []


def test_batch_order_preserved(bt, translations: list[BackTranslation]) -> None:  # type: ignore[no-untyped-def]
    lengths = [len(bt.source_encoder.encode(p)) for p in PARAGRAPHS]
    assert sorted(lengths, reverse=True) != lengths, "sorting must actually reorder"
    for paragraph, batched in zip(PARAGRAPHS, translations, strict=True):
        alone = bt.translate([paragraph])[0]
        assert alone.tokens == batched.tokens
        assert alone.text == batched.text
        assert alone.logprobs == pytest.approx(batched.logprobs, abs=1e-4)
        assert alone.source_spans == batched.source_spans


def test_score_tokens_reproduces_translation(bt, translations) -> None:  # type: ignore[no-untyped-def]
    scored = bt.score_tokens(PARAGRAPHS, [out.tokens for out in translations])
    for out, again in zip(translations, scored, strict=True):
        assert again.tokens == out.tokens
        assert again.text == out.text
        assert again.logprobs == pytest.approx(out.logprobs, abs=1e-4)
        assert again.alignment == out.alignment
        assert again.source_spans == out.source_spans


def test_decoding_is_greedy_argmax(bt, translations) -> None:  # type: ignore[no-untyped-def]
    """Each chosen token beats every alternative at its step (num_beams=1 overrides the
    model's generation config, which asks for beam 4), and pad is never chosen."""
    k = max(range(len(translations)), key=lambda i: len(translations[i].tokens))
    out = translations[k]
    assert len(out.tokens) >= 3
    alternatives = ["▁the", "s", ".", "▁of", "<unk>", "▁and"]
    texts, targets, where = [], [], []
    for i in range(3):
        for alt in alternatives:
            if alt != out.tokens[i]:
                texts.append(PARAGRAPHS[k])
                targets.append([*out.tokens[:i], alt])
                where.append(i)
    scored = bt.score_tokens(texts, targets)
    for i, res in zip(where, scored, strict=True):
        assert res.logprobs[i] <= out.logprobs[i] + 1e-5
    assert all(t != "<pad>" for o in translations for t in o.tokens)


def test_score_text_uses_canonical_pieces(bt) -> None:  # type: ignore[no-untyped-def]
    english = ["The summit ended without a joint statement.", "Farmers are blocking roads."]
    french = [PARAGRAPHS[0], PARAGRAPHS[6]]
    scored = bt.score(french, english)
    for target, out, paragraph in zip(english, scored, french, strict=True):
        assert out.text == target
        assert_consistent(out, paragraph)
    one = bt.score([french[1]], [english[1]])[0]
    assert one.logprobs == pytest.approx(scored[1].logprobs, abs=1e-4)
    empty_source, empty_target = bt.score(["", "Bonjour."], ["Hello.", ""])
    assert empty_source == BackTranslation(text="")
    assert empty_target.text == "" and empty_target.tokens == ()
    assert empty_target.source_spans == bt.translate(["Bonjour."])[0].source_spans
    with pytest.raises(ValueError):
        bt.score(["a"], [])


def test_long_paragraph_is_split_and_joined(tiny_marian_dir: Path) -> None:
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    small = TransformersBacktranslator(
        tiny_marian_dir, "tiny", DecodeSettings(max_new_tokens=12, max_input_tokens=24), threads=1
    )
    paragraph = " ".join(PARAGRAPHS[i] for i in (0, 4, 3, 6))
    chunks = plan_chunks(paragraph, small.source_encoder.encode, small.input_limit)
    assert len(chunks) >= 3
    assert all(0 < len(c) <= 24 for c in chunks)

    out = small.translate([paragraph])[0]
    assert_consistent(out, paragraph)
    assert len(out.source_spans) == sum(len(c) for c in chunks)
    assert out.source_spans[0][0] == 0
    assert out.source_spans[-1][1] == len(paragraph)
    # Alignment indices refer to the whole paragraph: later chunks point past the first.
    assert max(out.alignment) >= len(chunks[0])

    # Same as translating each chunk's text alone and joining with spaces.
    parts = []
    for chunk in chunks:
        start, end = chunk.spans[0][0], chunk.spans[-1][1]
        part = small.translate([paragraph[start:end]])[0]
        assert part.tokens == tuple(small._translate_batch([chunk])[0].pieces)
        parts.append(part)
    assert out.text == " ".join(p.text for p in parts if p.text)
    assert out.tokens == tuple(t for p in parts for t in p.tokens)


def test_model_positions_cap_the_chunk_size(tiny_marian_dir: Path) -> None:
    """max_input_tokens above max_position_embeddings (128 here) still cannot overflow."""
    from tiny_marian import FRENCH

    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    wide = TransformersBacktranslator(
        tiny_marian_dir, "tiny", DecodeSettings(max_new_tokens=8, max_input_tokens=400), threads=1
    )
    assert wide.input_limit == 127
    paragraph = " ".join(s for s in FRENCH.splitlines() if s)
    assert len(wide.source_encoder.encode(paragraph)) > 127
    out = wide.translate([paragraph])[0]
    assert_consistent(out, paragraph)
    # score() truncates instead of splitting.
    scored = wide.score([paragraph], ["The summit ended."])[0]
    assert len(scored.source_spans) == 127


def test_overlong_sentence_is_cut_at_piece_boundaries(bt) -> None:  # type: ignore[no-untyped-def]
    sentence = "les agriculteurs " * 30 + "bloquent les routes"
    pieces = bt.source_encoder.encode(sentence)
    windows = cut_pieces(pieces, 16)
    assert len(windows) >= 3
    assert [p for w in windows for p in w.pieces] == list(pieces.pieces)
    assert all(len(w) <= 16 for w in windows)
    # A cut falls before a word start when one lies in the window's last quarter.
    start = 0
    for window in windows[:-1]:
        end = start + len(window)
        if any(pieces.pieces[j].startswith("▁") for j in range(start + 12, start + 17)):
            assert pieces.pieces[end].startswith("▁")
        start = end
    short_words = bt.source_encoder.encode("de la " * 40)
    assert all(w.pieces[0].startswith("▁") for w in cut_pieces(short_words, 15))
    chunks = plan_chunks(sentence, bt.source_encoder.encode, 16)
    assert [len(c) for c in chunks] == [len(w) for w in windows]


def test_beam_search(tiny_marian_dir: Path) -> None:
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    beam = TransformersBacktranslator(
        tiny_marian_dir, "tiny", DecodeSettings(beam_size=4, max_new_tokens=24), threads=1
    )
    outs = beam.translate(PARAGRAPHS[:4])
    for paragraph, out in zip(PARAGRAPHS[:4], outs, strict=True):
        assert_consistent(out, paragraph)
    again = beam.score_tokens(PARAGRAPHS[:4], [o.tokens for o in outs])
    for out, scored in zip(outs, again, strict=True):
        assert scored.logprobs == pytest.approx(out.logprobs, abs=1e-4)


def test_quantized_backend(tiny_marian_dir: Path) -> None:
    from mtcheck.backtranslate.transformers_backend import (
        QUANTIZED_SUFFIX,
        TransformersBacktranslator,
    )

    q = TransformersBacktranslator(tiny_marian_dir, "tiny", SETTINGS, quantize=True, threads=1)
    assert q.identity == "tiny" + QUANTIZED_SUFFIX
    outs = q.translate(PARAGRAPHS[:3])
    for paragraph, out in zip(PARAGRAPHS[:3], outs, strict=True):
        assert_consistent(out, paragraph)


def test_load_backtranslator_local_folder(tiny_marian_dir: Path) -> None:
    loaded = load_backtranslator(
        str(tiny_marian_dir),
        backend="transformers",
        settings=SETTINGS,
        revision=None,
        quantize=False,
    )
    assert loaded.backend == "transformers"
    assert loaded.identity.startswith("sha256:")
    assert loaded.settings == SETTINGS
    out = loaded.translate([PARAGRAPHS[2]])[0]
    assert_consistent(out, PARAGRAPHS[2])
    with pytest.raises(ValueError, match="unknown back-translation backend"):
        load_backtranslator(
            str(tiny_marian_dir), backend="nope", settings=SETTINGS, revision=None, quantize=False
        )


def test_load_backtranslator_broken_model_is_unavailable(
    tiny_marian_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in tiny_marian_dir.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelUnavailable) as info:
        load_backtranslator(
            str(broken), backend="transformers", settings=SETTINGS, revision=None, quantize=False
        )
    assert "\n" not in str(info.value)
    assert f"cannot load {broken}" in str(info.value)


def test_import_is_lazy() -> None:
    code = (
        "import sys, mtcheck.backtranslate, mtcheck.backtranslate.cache, "
        "mtcheck.backtranslate.resolve, mtcheck.backtranslate.transformers_backend\n"
        "bad = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == ""


# --- pure helpers (no model) -----------------------------------------------------------


def _reference_normalize(text: str) -> str:
    from sacremoses import MosesPunctNormalizer

    m = MosesPunctNormalizer("fr")
    text = m.replace_unicode_punct(text)
    text = "".join(
        "" if unicodedata.category(c) == "Cf" else " " if unicodedata.category(c)[0] == "C" else c
        for c in text
    )
    return m.normalize(text)


@pytest.mark.parametrize(
    "text",
    [
        "« Il y a l’Ukraine »  et 10\u00a0000 euros…",
        "Le n ° 10 (Downing) Street : oui ; non\u00a0! — fin",
        "C’est « très » bien,\u00a0dit-il.\tFin\u00ad de texte “citée”",
        "  espaces   partout  ",
    ],
)
def test_normalisation_matches_moses_and_keeps_origins(text: str) -> None:
    norm, origin = normalize_with_offsets(text)
    assert norm == _reference_normalize(text)
    assert len(origin) == len(norm)
    for ch, (s, e) in zip(norm, origin, strict=True):
        assert 0 <= s <= e <= len(text)
        if ch.isalnum():
            assert text[s:e] == ch
        if ch == "'" and "’" in text[s:e]:
            assert e - s == 1


def test_normalisation_of_seed_files() -> None:
    for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert normalize_with_offsets(line)[0] == _reference_normalize(line)


def test_detokenize_spans() -> None:
    text, spans = detokenize(["▁The", "▁cat", "s", "▁", "<unk>", "."])
    assert text == "The cats  ⁇ ."
    assert [text[s:e] for s, e in spans] == ["The", "cat", "s", "", "⁇", "."]
    assert detokenize([]) == ("", ())


def test_argmax_alignment_ignores_eos_column() -> None:
    attention = [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.4, 0.4, 0.2]]  # last column = </s>
    assert argmax_alignment(attention, 2, 3) == (1, 0, 0)
    assert argmax_alignment(None, 2, 0) == ()
    assert argmax_alignment(attention, 0, 2) == (-1, -1)


def test_join_outputs_shifts_offsets() -> None:
    a = BackTranslation("The cat", ("▁The", "▁cat"), ((0, 3), (4, 7)), (-1.0, -2.0),
                        ((0, 2), (3, 6)), (0, 1))  # fmt: skip
    empty = BackTranslation("", (), (), (), ((7, 9),), ())
    b = BackTranslation("sleeps.", ("▁sleeps", "."), ((0, 6), (6, 7)), (-0.5, -0.1),
                        ((10, 14), (14, 15)), (1, -1))  # fmt: skip
    out = join_outputs([a, empty, b])
    assert out.text == "The cat sleeps."
    assert [out.text[s:e] for s, e in out.token_spans] == ["The", "cat", "sleeps", "."]
    assert out.source_spans == ((0, 2), (3, 6), (7, 9), (10, 14), (14, 15))
    assert out.alignment == (0, 1, 4, -1)
    assert out.logprobs == (-1.0, -2.0, -0.5, -0.1)
