"""End to end with the tiny local Marian model: back-translations, cache, model checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator
from mtcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
runner = CliRunner()


@pytest.fixture
def small_config(tmp_path: Path) -> Path:
    """Random weights decode until the length cap: keep it short so the tests stay fast."""
    path = tmp_path / "small.toml"
    path.write_text("[decoding]\nmax_new_tokens = 24\nbatch_size = 8\n", encoding="utf-8")
    return path


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["check", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


class CallCounter:
    """Counts texts that reach the model itself (below the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts = 0
        original = TransformersBacktranslator.translate

        def counting(inner: TransformersBacktranslator, texts: Any) -> Any:
            self.texts += len(texts)
            return original(inner, texts)

        monkeypatch.setattr(TransformersBacktranslator, "translate", counting)


def test_every_paragraph_is_backtranslated_then_served_from_cache(
    tiny_marian_dir: Path, small_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = CallCounter(monkeypatch)
    args = ("--model", str(tiny_marian_dir), "--backend", "transformers", "--config",
            str(small_config), "--cache-dir", str(tmp_path / "cache"), str(SEEDS))
    first = run_json(*args)
    assert first["model"]["available"] is True and first["model"]["reason"] is None
    paragraphs = [p for d in first["documents"] for p in d["paragraphs"]]
    assert paragraphs and all(isinstance(p["backtranslation"], str) for p in paragraphs)
    unique = len({(SEEDS / Path(d["path"]).name).read_text(encoding="utf-8")[p["start"]:p["end"]]
                  for d in first["documents"] for p in d["paragraphs"]})
    assert counter.texts == unique

    second = run_json(*args)
    assert counter.texts == unique, "the second run must be served from the cache"
    assert second["documents"] == first["documents"]

    run_json(*args[:-1], "--no-cache", str(SEEDS))
    assert counter.texts == 2 * unique, "--no-cache must reach the model again"


def test_model_findings_map_to_valid_french_spans(
    tiny_marian_dir: Path, small_config: Path, tmp_path: Path
) -> None:
    # A strict configuration so the random model's hesitations surface as findings.
    strict = tmp_path / "strict.toml"
    strict.write_text(
        small_config.read_text(encoding="utf-8")
        + "[checks.low_confidence]\nfloor_logprob = -0.5\nz_threshold = 5.0\nrare_zipf = 0.0\n",
        encoding="utf-8",
    )
    data = run_json("--model", str(tiny_marian_dir), "--backend", "transformers",
                    "--config", str(strict), "--no-cache", str(SEEDS))
    seen = 0
    for doc in data["documents"]:
        text = (SEEDS / Path(doc["path"]).name).read_text(encoding="utf-8")
        for p in doc["paragraphs"]:
            for f in p["findings"]:
                assert f["text"] == text[f["start"]:f["end"]]
                assert p["start"] <= f["start"] < f["end"] <= p["end"]
                if f["check"] == "low_confidence":
                    seen += 1
                    # whole French words (an elided "d’" or "qu’" is a word), never half a word
                    assert f["start"] == p["start"] or not text[f["start"] - 1].isalnum()
                    assert (f["end"] == len(text) or not text[f["end"]].isalnum()
                            or f["text"][-1] in "'’")
                    assert f["evidence"]
    assert seen > 0


def test_missing_model_is_one_notice_and_text_only_findings(tmp_path: Path) -> None:
    empty_home = tmp_path / "hf"
    empty_home.mkdir()
    env = {"HF_HOME": str(empty_home), "HF_HUB_CACHE": str(empty_home / "hub"),
           "HF_HUB_OFFLINE": "1"}
    result = runner.invoke(app, ["check", "--format", "json", str(SEEDS)], env=env,
                           catch_exceptions=False)
    assert result.exit_code in (0, 1)
    notice = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(notice) == 1 and notice[0].startswith("mtcheck: back-translation off:")
    assert "mtcheck model download" in notice[0] and "--model" in notice[0]
    data = json.loads(result.stdout)
    assert data["model"]["available"] is False and data["model"]["reason"]
    categories = {f["category"] for d in data["documents"] for p in d["paragraphs"]
                  for f in p["findings"]}
    assert {"leftover", "artifact"} <= categories

    required = runner.invoke(app, ["check", "--require-model", str(SEEDS)], env=env,
                             catch_exceptions=False)
    assert required.exit_code == 2
    assert "model required (--require-model) but unavailable" in required.stderr
