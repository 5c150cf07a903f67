"""mtcheck eval: the metrics themselves, and the quality bars on the development data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.evaluate import GoldError, read_gold, score_rows
from mtcheck.types import Finding, Severity

SHARED_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "dev"


def _finding(start: int, end: int, category: str = "calque", check: str = "calque") -> Finding:
    return Finding("d", 0, start, end, "x" * (end - start), check, category, Severity.WARNING,
                   "m")


def _gold(tmp_path: Path, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def test_span_metrics_count_overlaps(tmp_path: Path) -> None:
    rows = read_gold(_gold(tmp_path, [
        {"id": "g1", "label": "garbled", "fr": "Les troupes Allied sont là et le ballon aussi.",
         "en": None, "spans": [{"text": "troupes Allied", "category": "leftover"},
                               {"text": "ballon", "category": "calque"}]},
        {"id": "c1", "label": "clean", "fr": "Un texte propre de six mots.", "en": None,
         "spans": []},
    ]))
    assert (rows[0].spans[0].start, rows[0].spans[0].end) == (4, 18)
    findings = [
        [_finding(12, 18, "leftover"), _finding(22, 26)],  # one hit, one miss
        [_finding(3, 8)],  # a false alarm
    ]
    res = score_rows(rows, findings)
    assert res.recall == 0.5 and res.precision == 0.5
    assert res.paragraph_recall == 1.0
    assert res.clean_rows_flagged_share == 1.0
    assert res.clean_findings_per_1000_words == pytest.approx(1000 / 6)
    cats = res.per_category()
    assert cats["leftover"]["recall"] == 1.0 and cats["calque"]["recall"] == 0.0
    assert cats["calque"]["precision"] == 0.0 and cats["leftover"]["precision"] == 1.0


def test_bad_gold_is_a_clear_error(tmp_path: Path) -> None:
    path = _gold(tmp_path, [{"id": "x", "label": "garbled", "fr": "abc",
                             "spans": [{"text": "zzz", "category": "calque"}]}])
    with pytest.raises(GoldError, match="not a substring"):
        read_gold(path)
    result = CliRunner().invoke(app, ["eval", "--no-model", str(path)])
    assert result.exit_code == 2 and "not a substring" in result.stderr


def test_eval_json_output(tmp_path: Path) -> None:
    path = _gold(tmp_path, [
        {"id": "g", "label": "garbled", "fr": "Les troupes Allied avancent vers le front.",
         "spans": [{"text": "troupes Allied", "category": "leftover"}]},
        {"id": "c", "label": "clean", "fr": "Le gouvernement a présenté son budget mardi.",
         "spans": []},
    ])
    result = CliRunner().invoke(app, ["eval", "--no-model", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    figures = data["files"][0]
    assert figures["span_recall"] == 1.0 and figures["span_precision"] == 1.0
    assert figures["clean_rows_flagged_share"] == 0.0
    assert data["model"]["available"] is False


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared/dev is not available")
@pytest.mark.parametrize("name", ["web_dev.jsonl", "seeds_gold.jsonl"])
def test_quality_bars_on_development_data(name: str) -> None:
    result = CliRunner().invoke(
        app, ["eval", "--no-model", "--format", "json", str(SHARED_DEV / name)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["files"][0]
    assert figures["span_precision"] >= 0.6
    assert figures["clean_findings_per_1000_words"] <= 1.0
    assert figures["clean_rows_flagged_share"] <= 0.05
    assert figures["span_recall"] > 0.3
