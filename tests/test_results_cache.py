"""The whole-document results cache: what it serves, what invalidates it, what it refuses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mtcheck.checks import Check, DocContext
from mtcheck.cli import app
from mtcheck.config import Config
from mtcheck.pipeline import Engine
from mtcheck.results_cache import RESULTS_FILENAME, ResultCache
from mtcheck.segment import segment
from mtcheck.types import Document, Finding, Paragraph, Severity

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
runner = CliRunner()

TEXT = "Premier paragraphe avec les troupes Allied.\n\nDeuxième paragraphe, très propre.\n"


class CountingCheck(Check):
    """Flags the word 'troupes' and counts the paragraphs it was asked about."""

    name = "counting"
    calls = 0

    def check(self, ctx: DocContext, para: Paragraph) -> Iterator[Finding]:
        type(self).calls += 1
        i = para.text.find("troupes")
        if i >= 0:
            yield Finding(
                document=ctx.document.path,
                paragraph=para.index,
                start=para.start + i,
                end=para.start + i + len("troupes"),
                text="troupes",
                check=self.name,
                category="leftover",
                severity=Severity.WARNING,
                message="test finding",
                suggestion="soldats",
                evidence="because",
                rule="test.rule",
            )


class BrokenCheck(Check):
    name = "broken"

    def check(self, ctx: DocContext, para: Paragraph) -> Iterator[Finding]:
        raise RuntimeError("boom")


def _engine(cache: ResultCache, *checks: type[Check], config: Config | None = None) -> Engine:
    config = config or Config.load()
    made = [c(config) for c in checks or (CountingCheck,)]
    return Engine(config, made, results=cache)


def _docs(text: str = TEXT, path: str = "a.txt") -> list[Document]:
    return [segment(Document(path=path, text=text))]


@pytest.fixture(autouse=True)
def _reset() -> None:
    CountingCheck.calls = 0


def test_second_run_is_served_whole_and_identical(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / RESULTS_FILENAME)
    first = list(_engine(cache).run(_docs()))
    assert CountingCheck.calls == 2 and cache.misses == 1 and cache.hits == 0

    again = ResultCache(tmp_path / RESULTS_FILENAME)  # a new process, same file
    second = list(_engine(again).run(_docs()))
    assert CountingCheck.calls == 2, "a hit must not run the checks again"
    assert again.hits == 1 and again.misses == 0
    assert second[0].score == first[0].score
    assert second[0].findings == first[0].findings  # every field, rule id included
    assert [p.paragraph for p in second[0].paragraphs] == [p.paragraph for p in first[0].paragraphs]


def test_changes_that_matter_miss(tmp_path: Path) -> None:
    path = tmp_path / RESULTS_FILENAME
    list(_engine(ResultCache(path)).run(_docs()))
    assert CountingCheck.calls == 2

    # The text, the path (findings name their document) and the configuration all count.
    list(_engine(ResultCache(path)).run(_docs(TEXT.replace("propre", "nette"))))
    assert CountingCheck.calls == 4
    list(_engine(ResultCache(path)).run(_docs(path="b.txt")))
    assert CountingCheck.calls == 6
    changed = Config.load().with_overrides({"score": {"severity_weights": {"warning": 9}}})
    list(_engine(ResultCache(path), config=changed).run(_docs()))
    assert CountingCheck.calls == 8
    # A source text on a paragraph changes what the source checks see.
    docs = _docs()
    docs[0].paragraphs[0].source = "First paragraph with the Allied troops."
    list(_engine(ResultCache(path)).run(docs))
    assert CountingCheck.calls == 10
    # And nothing else: the original run is still a hit.
    cache = ResultCache(path)
    list(_engine(cache).run(_docs()))
    assert CountingCheck.calls == 10 and cache.hits == 1


def test_model_identity_is_part_of_the_key(tmp_path: Path) -> None:
    from fake_bt import make_bt

    from mtcheck.backtranslate.base import DecodeSettings
    from mtcheck.types import BackTranslation

    class Fake:
        backend = "fake"
        identity = "fake-model"
        settings = DecodeSettings()

        def translate(self, texts: Any) -> list[BackTranslation]:
            return [make_bt(t, [("Hello", -0.1, None)]) for t in texts]

        def score(self, texts: Any, targets: Any) -> list[BackTranslation]:
            return self.translate(texts)

    config = Config.load()
    path = tmp_path / RESULTS_FILENAME
    text_only = list(_engine(ResultCache(path)).run(_docs()))
    assert all(p.backtranslation is None for p in text_only[0].paragraphs)
    cache = ResultCache(path)
    engine = Engine(config, [CountingCheck(config)], Fake(), results=cache)  # type: ignore[arg-type]
    with_model = list(engine.run(_docs()))
    assert cache.misses == 1, "a text-only result must not answer a run with a model"
    assert all(p.backtranslation is not None for p in with_model[0].paragraphs)
    cache = ResultCache(path)
    engine = Engine(config, [CountingCheck(config)], Fake(), results=cache)  # type: ignore[arg-type]
    served = list(engine.run(_docs()))
    assert cache.hits == 1
    assert [p.backtranslation for p in served[0].paragraphs] == [
        p.backtranslation for p in with_model[0].paragraphs
    ]


def test_results_with_a_failed_check_are_not_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / RESULTS_FILENAME
    list(_engine(ResultCache(path), CountingCheck, BrokenCheck).run(_docs()))
    assert "check broken failed" in capsys.readouterr().err
    cache = ResultCache(path)
    list(_engine(cache, CountingCheck, BrokenCheck).run(_docs()))
    assert cache.hits == 0 and CountingCheck.calls == 4


def test_corrupt_or_mismatched_entries_are_recomputed(tmp_path: Path) -> None:
    path = tmp_path / RESULTS_FILENAME
    first = list(_engine(ResultCache(path)).run(_docs()))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE results SET value = '{\"score\": 1, \"paragraphs\": [}'")
    again = list(_engine(ResultCache(path)).run(_docs()))
    assert CountingCheck.calls == 4 and again[0].findings == first[0].findings
    # An entry whose span no longer matches the document is refused, not trusted.
    with sqlite3.connect(path) as conn:
        (value,) = conn.execute("SELECT value FROM results").fetchone()
        conn.execute("UPDATE results SET value = ?", (value.replace('"troupes"', '"Troupes"'),))
    list(_engine(ResultCache(path)).run(_docs()))
    assert CountingCheck.calls == 6


def test_unusable_cache_file_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    messages: list[str] = []
    cache = ResultCache(blocker / RESULTS_FILENAME)
    cache.store._warn = messages.append
    assert not cache.store.enabled
    out = list(_engine(cache).run(_docs()))
    assert out[0].findings and CountingCheck.calls == 2


def _cli(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_cli_rerun_gives_the_same_report_and_no_cache_leaves_no_file(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    code1, first = _cli("--no-model", "--cache-dir", str(cache_dir), str(SEEDS))
    assert (cache_dir / RESULTS_FILENAME).exists()
    with sqlite3.connect(cache_dir / RESULTS_FILENAME) as conn:
        (stored,) = conn.execute("SELECT count(*) FROM results").fetchone()
    assert stored == len(first["documents"]) == 2
    code2, second = _cli("--no-model", "--cache-dir", str(cache_dir), str(SEEDS))
    assert (code1, first) == (code2, second)
    assert sum(len(p["findings"]) for d in second["documents"] for p in d["paragraphs"]) > 0

    other = tmp_path / "other"
    _cli("--no-model", "--no-cache", "--cache-dir", str(other), str(SEEDS))
    assert not (other / RESULTS_FILENAME).exists()


def test_broken_weights_found_on_first_use_turn_the_model_off(
    tiny_marian_dir: Path, tmp_path: Path
) -> None:
    """A lazily loaded model that cannot load is reported like a missing one."""
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in tiny_marian_dir.iterdir():
        if f.is_file():
            (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    args = ["check", "--format", "json", "--backend", "transformers", "--model", str(broken),
            "--cache-dir", str(tmp_path / "cache"), str(SEEDS)]  # fmt: skip
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data["model"]["available"] is False and data["model"]["reason"]
    notices = [line for line in result.stderr.splitlines() if "back-translation off" in line]
    assert len(notices) == 1
    paragraphs = [p for d in data["documents"] for p in d["paragraphs"]]
    assert paragraphs and all(p["backtranslation"] is None for p in paragraphs)
    assert any(p["findings"] for p in paragraphs), "text-only checks still run"

    required = runner.invoke(app, [*args[:1], "--require-model", *args[1:]])
    assert required.exit_code == 2
    assert "Traceback" not in required.output


def test_a_reader_that_stops_early_loses_no_computed_result(tmp_path: Path) -> None:
    path = tmp_path / RESULTS_FILENAME
    docs = _docs(path="a.txt") + _docs(TEXT.replace("Premier", "Autre"), path="b.txt")
    first = next(iter(_engine(ResultCache(path)).run(docs)))  # the reader stops here
    assert first.document.path == "a.txt"
    cache = ResultCache(path)
    list(_engine(cache).run(docs))
    assert cache.hits == 2, "both documents of the window were stored before the first left"
