"""The CTranslate2 backend on the tiny model: same results as transformers, conversion
cached once, no torch at run time, ``auto`` prefers it, and the lazy loader."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_backtranslate import PARAGRAPHS, assert_consistent
from typer.testing import CliRunner

from mtcheck.backtranslate import (
    AUTO_ORDER,
    ModelUnavailable,
    load_backtranslator,
    prepare_backtranslator,
    resolve_model,
)
from mtcheck.backtranslate import convert as convert_module
from mtcheck.backtranslate.base import DecodeSettings
from mtcheck.backtranslate.convert import METADATA, converted_dir, ensure_converted
from mtcheck.backtranslate.ctranslate2_backend import (
    CTranslate2Backtranslator,
    choose_threads,
    identity_suffix,
)
from mtcheck.backtranslate.lazy import LazyBacktranslator
from mtcheck.backtranslate.marian import available_cores
from mtcheck.types import BackTranslation

pytest.importorskip("ctranslate2")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SETTINGS = DecodeSettings(max_new_tokens=24, batch_size=3)
ENGLISH = [
    "The summit ended without a joint statement.",
    "Farmers are blocking roads around Paris.",
    "Hello.",
    "Unemployment fell for the third consecutive quarter, the ministry said on Tuesday.",
]


@pytest.fixture(scope="module")
def reference(tiny_marian_dir: Path):  # type: ignore[no-untyped-def]
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    return TransformersBacktranslator(tiny_marian_dir, "tiny", SETTINGS, threads=1)


# Every conversion costs a few seconds (a child process imports torch): the fixtures use
# the folder's real identity, so the CLI and ``auto`` tests reuse the same two conversions.
@pytest.fixture(scope="module")
def identity(tiny_marian_dir: Path) -> str:
    return resolve_model(str(tiny_marian_dir)).identity


@pytest.fixture(scope="module")
def ct2_fp32(tiny_marian_dir: Path, identity: str) -> CTranslate2Backtranslator:
    return CTranslate2Backtranslator(tiny_marian_dir, identity, SETTINGS, compute_type="float32")


@pytest.fixture(scope="module")
def ct2_int8(tiny_marian_dir: Path, identity: str) -> CTranslate2Backtranslator:
    return CTranslate2Backtranslator(tiny_marian_dir, identity, SETTINGS, compute_type="int8")


@pytest.fixture(scope="module")
def ref_translations(reference) -> list[BackTranslation]:  # type: ignore[no-untyped-def]
    return reference.translate(PARAGRAPHS)


@pytest.fixture(scope="module")
def fp32_translations(ct2_fp32: CTranslate2Backtranslator) -> list[BackTranslation]:
    return ct2_fp32.translate(PARAGRAPHS)


# --- agreement with the transformers reference ------------------------------------------


def test_fp32_translation_matches_transformers(
    ref_translations: list[BackTranslation], fp32_translations: list[BackTranslation]
) -> None:
    assert len(fp32_translations) == len(PARAGRAPHS)
    lengths = {len(out.tokens) for out in fp32_translations}
    assert 0 in lengths and SETTINGS.max_new_tokens in lengths, "early </s> and the cap"
    for paragraph, ref, out in zip(PARAGRAPHS, ref_translations, fp32_translations, strict=True):
        if out.tokens:
            assert_consistent(out, paragraph)
        assert out.tokens == ref.tokens
        assert out.text == ref.text
        assert out.token_spans == ref.token_spans
        assert out.source_spans == ref.source_spans
        assert out.alignment == ref.alignment
        assert out.logprobs == pytest.approx(ref.logprobs, abs=1e-3)


def test_fp32_forced_scores_match_transformers(
    reference, ct2_fp32: CTranslate2Backtranslator  # type: ignore[no-untyped-def]
) -> None:
    french = PARAGRAPHS[:4]
    ref = reference.score(french, ENGLISH)
    out = ct2_fp32.score(french, ENGLISH)
    for paragraph, target, a, b in zip(french, ENGLISH, ref, out, strict=True):
        assert b.text == target
        assert_consistent(b, paragraph)
        assert b.tokens == a.tokens
        assert b.alignment == a.alignment
        assert b.logprobs == pytest.approx(a.logprobs, abs=1e-3)


def test_scoring_a_translation_reproduces_its_logprobs(
    ct2_fp32: CTranslate2Backtranslator, fp32_translations: list[BackTranslation]
) -> None:
    """The greedy callback's log-probs are the teacher-forced ones (score_batch)."""
    scored = ct2_fp32.score_tokens(PARAGRAPHS, [out.tokens for out in fp32_translations])
    for out, again in zip(fp32_translations, scored, strict=True):
        assert again.tokens == out.tokens
        assert again.logprobs == pytest.approx(out.logprobs, abs=1e-3)
        assert again.alignment == out.alignment


def test_int8_is_consistent_and_filed_apart(
    ct2_int8: CTranslate2Backtranslator, ct2_fp32: CTranslate2Backtranslator, identity: str
) -> None:
    """int8 results are valid but not fp32's (the tiny model's large random weights
    quantize badly), hence their own identity in the cache."""
    assert ct2_int8.identity == identity + "+ct2-int8"
    assert ct2_fp32.identity == identity
    outs = ct2_int8.translate(PARAGRAPHS)
    assert any(out.tokens for out in outs)
    for paragraph, out in zip(PARAGRAPHS, outs, strict=True):
        if out.tokens:
            assert_consistent(out, paragraph)
    again = ct2_int8.score_tokens(PARAGRAPHS, [out.tokens for out in outs])
    for out, scored in zip(outs, again, strict=True):
        assert scored.logprobs == pytest.approx(out.logprobs, abs=0.05)
    scored = ct2_int8.score(PARAGRAPHS[:4], ENGLISH)
    for paragraph, out in zip(PARAGRAPHS[:4], scored, strict=True):
        assert_consistent(out, paragraph)


def test_order_and_batching_do_not_change_results(
    ct2_fp32: CTranslate2Backtranslator, fp32_translations: list[BackTranslation]
) -> None:
    reversed_out = ct2_fp32.translate(PARAGRAPHS[::-1])[::-1]
    for a, b in zip(fp32_translations, reversed_out, strict=True):
        assert a.tokens == b.tokens
        assert a.logprobs == pytest.approx(b.logprobs, abs=1e-4)
    for k in (0, 4, 7):
        alone = ct2_fp32.translate([PARAGRAPHS[k]])[0]
        assert alone.tokens == fp32_translations[k].tokens
        assert alone.logprobs == pytest.approx(fp32_translations[k].logprobs, abs=1e-4)


def test_empty_inputs(ct2_fp32: CTranslate2Backtranslator) -> None:
    assert ct2_fp32.translate([]) == []
    out = ct2_fp32.translate(["", "  ", "Bonjour."])
    assert out[0] == BackTranslation(text="") and out[1] == BackTranslation(text="")
    assert out[2].source_spans
    empty_source, empty_target = ct2_fp32.score(["", "Bonjour."], ["Hello.", ""])
    assert empty_source == BackTranslation(text="")
    assert empty_target.tokens == () and empty_target.source_spans
    assert ct2_fp32.score([], []) == []


def test_beam_search(tiny_marian_dir: Path, identity: str) -> None:
    beam = CTranslate2Backtranslator(
        tiny_marian_dir, identity, DecodeSettings(beam_size=3, max_new_tokens=24),
        compute_type="float32",
    )  # fmt: skip
    outs = beam.translate(PARAGRAPHS[:4])
    for paragraph, out in zip(PARAGRAPHS[:4], outs, strict=True):
        if out.tokens:
            assert_consistent(out, paragraph)
    again = beam.score_tokens(PARAGRAPHS[:4], [o.tokens for o in outs])
    for out, scored in zip(outs, again, strict=True):
        assert scored.logprobs == pytest.approx(out.logprobs, abs=1e-4)
        assert scored.alignment == out.alignment


def test_long_paragraph_is_split(tiny_marian_dir: Path, identity: str) -> None:
    small = CTranslate2Backtranslator(
        tiny_marian_dir, identity, DecodeSettings(max_new_tokens=12, max_input_tokens=24),
        compute_type="float32",
    )  # fmt: skip
    paragraph = " ".join(PARAGRAPHS[i] for i in (0, 4, 3, 6))
    out = small.translate([paragraph])[0]
    assert_consistent(out, paragraph)
    assert len(out.tokens) > 12, "several chunks, each up to 12 tokens"
    assert out.source_spans[-1][1] == len(paragraph)


# --- conversion -------------------------------------------------------------------------


def test_conversion_is_cached_with_runtime_files(
    tiny_marian_dir: Path,
    ct2_fp32: CTranslate2Backtranslator,
    identity: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = ct2_fp32.converted_dir
    assert folder == converted_dir(identity, "float32")
    meta = json.loads((folder / METADATA).read_text(encoding="utf-8"))
    assert meta["alignment_layer"] == -2
    assert meta["alignment_heads"] == meta["decoder_heads"] == 4
    assert meta["identity"] == identity and meta["compute_type"] == "float32"
    for name in ("model.bin", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        assert (folder / name).is_file(), name
    ct2_config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert ct2_config["decoder_start_token"] == "</s>"

    def no_conversion(*args: Any) -> None:
        raise AssertionError("the second load must reuse the conversion")

    monkeypatch.setattr(convert_module, "_convert_in_child", no_conversion)
    again = CTranslate2Backtranslator(tiny_marian_dir, identity, SETTINGS, compute_type="float32")
    assert again.converted_dir == folder
    assert again.translate([PARAGRAPHS[0]])[0].tokens


def test_conversion_is_atomic_and_replaces_broken_folders(
    tiny_marian_dir: Path, ct2_fp32: CTranslate2Backtranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = converted_dir("other-model", "float32")
    target.mkdir(parents=True)
    (target / "model.bin").write_bytes(b"half-written")  # no metadata: not a conversion
    calls: list[Path] = []

    def fake_child(model_dir: Path, out: Path, identity: str, compute_type: str) -> None:
        calls.append(out)
        assert out.parent == target.parent and out != target  # a temporary sibling
        shutil.rmtree(out)
        shutil.copytree(ct2_fp32.converted_dir, out)

    monkeypatch.setattr(convert_module, "_convert_in_child", fake_child)
    assert ensure_converted(tiny_marian_dir, "other-model", "float32") == target
    assert ensure_converted(tiny_marian_dir, "other-model", "float32") == target
    assert len(calls) == 1
    assert (target / "model.bin").stat().st_size > 100
    leftovers = [p for p in target.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []

    def failing_child(model_dir: Path, out: Path, identity: str, compute_type: str) -> None:
        (out / "model.bin").write_bytes(b"partial")
        raise ModelUnavailable("CTranslate2 conversion failed: simulated")

    monkeypatch.setattr(convert_module, "_convert_in_child", failing_child)
    with pytest.raises(ModelUnavailable, match="simulated"):
        ensure_converted(tiny_marian_dir, "third-model", "float32")
    assert not converted_dir("third-model", "float32").exists()
    assert [p for p in target.parent.iterdir() if p.name.startswith(".")] == []


def test_unknown_compute_type_is_refused(tiny_marian_dir: Path) -> None:
    with pytest.raises(ValueError, match="compute type"):
        load_backtranslator(
            str(tiny_marian_dir), backend="ctranslate2", settings=SETTINGS, revision=None,
            quantize=False, compute_type="int3",
        )  # fmt: skip


def test_runtime_never_imports_torch(ct2_fp32: CTranslate2Backtranslator, identity: str) -> None:
    """After conversion, loading and running the backend uses ctranslate2 + sentencepiece."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mtcheck.backtranslate.base import DecodeSettings\n"
        "from mtcheck.backtranslate.ctranslate2_backend import CTranslate2Backtranslator\n"
        f"bt = CTranslate2Backtranslator(Path({str(ct2_fp32.source_dir)!r}), {identity!r},\n"
        "    DecodeSettings(max_new_tokens=8), compute_type='float32')\n"
        f"out = bt.translate([{PARAGRAPHS[0]!r}])[0]\n"
        "bt.score(['Bonjour.'], ['Hello.'])\n"
        "assert out.tokens and len(out.logprobs) == len(out.alignment)\n"
        "print(','.join(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    env = {**os.environ, "MTCHECK_CACHE_DIR": os.environ["MTCHECK_CACHE_DIR"]}
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == ""


# --- backend choice ---------------------------------------------------------------------


def test_threads_rule() -> None:
    assert choose_threads(1) == (1, 1)
    assert choose_threads(2) == (2, 1)
    assert choose_threads(4) == (4, 1)
    assert choose_threads(16) == (8, 2)
    assert identity_suffix("float32") == "" and identity_suffix("int8") == "+ct2-int8"


def test_auto_prefers_ctranslate2(
    tiny_marian_dir: Path, identity: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert AUTO_ORDER[0] == "ctranslate2"
    loaded = load_backtranslator(
        str(tiny_marian_dir), backend="auto", settings=SETTINGS, revision=None, quantize=False
    )
    assert loaded.backend == "ctranslate2"
    assert loaded.identity == identity + "+ct2-int8"

    import mtcheck.backtranslate as bt_package

    real = bt_package._installed
    monkeypatch.setattr(
        bt_package, "_installed", lambda *mods: "ctranslate2" not in mods and real(*mods)
    )
    fallback = prepare_backtranslator(
        str(tiny_marian_dir), backend="auto", settings=SETTINGS, revision=None, quantize=False
    )
    assert fallback.backend == "transformers"
    with pytest.raises(ModelUnavailable, match="ctranslate2"):
        prepare_backtranslator(
            str(tiny_marian_dir), backend="ctranslate2", settings=SETTINGS, revision=None,
            quantize=False,
        )  # fmt: skip


def test_lazy_backtranslator_loads_on_first_text(tiny_marian_dir: Path, identity: str) -> None:
    lazy = prepare_backtranslator(
        str(tiny_marian_dir), backend="auto", settings=SETTINGS, revision=None, quantize=False,
        compute_type="float32",
    )  # fmt: skip
    assert isinstance(lazy, LazyBacktranslator)
    assert lazy.backend == "ctranslate2"
    assert lazy.identity == identity  # fp32: no suffix
    assert lazy.parallel_batches == choose_threads(available_cores())[0]
    assert lazy.translate([]) == [] and not lazy.loaded
    out = lazy.translate([PARAGRAPHS[0]])[0]
    assert lazy.loaded and out.tokens
    assert lazy.inner().identity == lazy.identity

    quantized = prepare_backtranslator(
        str(tiny_marian_dir), backend="transformers", settings=SETTINGS, revision=None,
        quantize=True,
    )  # fmt: skip
    assert quantized.identity.endswith("+torch-dynamic-int8") and not quantized.loaded  # type: ignore[attr-defined]


def test_lazy_identity_mismatch_is_refused() -> None:
    class Other:
        backend = "x"
        identity = "something-else"
        settings = SETTINGS

    lazy = LazyBacktranslator("x", "expected", SETTINGS, lambda: Other())  # type: ignore[arg-type,return-value]
    with pytest.raises(ModelUnavailable, match="instead of"):
        lazy.translate(["Bonjour."])


# --- command line -----------------------------------------------------------------------


def _run_cli(*args: str) -> dict[str, Any]:
    from mtcheck.cli import app

    result = CliRunner().invoke(app, ["check", "--format", "json", *args],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_cli_findings_are_the_same_with_either_backend(
    tiny_marian_dir: Path, tmp_path: Path
) -> None:
    config = tmp_path / "strict.toml"
    config.write_text(
        "[decoding]\nmax_new_tokens = 24\nbatch_size = 8\n"
        "[checks.low_confidence]\nfloor_logprob = -0.5\nz_threshold = 5.0\nrare_zipf = 0.0\n",
        encoding="utf-8",
    )
    common = ("--model", str(tiny_marian_dir), "--config", str(config), "--no-cache",
              "--compute-type", "float32", str(SEEDS))  # fmt: skip
    ct2 = _run_cli("--backend", "ctranslate2", *common)
    ref = _run_cli("--backend", "transformers", *common)
    assert ct2["model"]["available"] and ref["model"]["available"]
    assert ct2["documents"] == ref["documents"]
    checks = {f["check"] for d in ct2["documents"] for p in d["paragraphs"] for f in p["findings"]}
    assert "low_confidence" in checks, "the comparison must cover model findings"
    assert all(
        isinstance(p["backtranslation"], str) for d in ct2["documents"] for p in d["paragraphs"]
    )
