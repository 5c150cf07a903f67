"""The command line as users run it: reports, JSON schema, gate and exit codes (no model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
runner = CliRunner()


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def check_json(*args: str, input: str | None = None) -> dict:  # type: ignore[type-arg]
    result = invoke("check", "--format", "json", *args, input=input)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_json_schema_on_seeds_without_model() -> None:
    data = check_json("--no-model", str(SEEDS))
    assert data["version"] == 1
    assert data["model"] == {
        "name": "Helsinki-NLP/opus-mt-fr-en",
        "available": False,
        "reason": "disabled with --no-model",
    }
    assert len(data["documents"]) == 2
    texts = {d["path"]: (SEEDS / Path(d["path"]).name).read_text(encoding="utf-8")
             for d in data["documents"]}
    n_findings = 0
    for doc in data["documents"]:
        assert set(doc) == {"path", "score", "paragraphs"}
        assert 0 <= doc["score"] <= 100
        text = texts[doc["path"]]
        for p in doc["paragraphs"]:
            assert set(p) == {"index", "start", "end", "score", "backtranslation", "findings"}
            assert p["backtranslation"] is None
            assert text[p["start"] : p["end"]].strip() == text[p["start"] : p["end"]]
            for f in p["findings"]:
                n_findings += 1
                assert set(f) == {"start", "end", "text", "check", "category", "severity",
                                  "message", "suggestion", "evidence"}
                assert f["text"] == text[f["start"] : f["end"]]
                assert p["start"] <= f["start"] < f["end"] <= p["end"]
                assert f["severity"] in ("info", "warning", "error")
                assert f["message"]
    summary = data["summary"]
    assert summary["documents"] == 2
    assert summary["paragraphs"] == sum(len(d["paragraphs"]) for d in data["documents"])
    assert summary["findings"] == n_findings
    assert sum(summary["by_category"].values()) == n_findings


def test_seeds_text_only_findings_include_leftovers_and_artifacts() -> None:
    data = check_json("--no-model", str(SEEDS))
    found = {(f["category"], f["text"]) for d in data["documents"] for p in d["paragraphs"]
             for f in p["findings"]}
    categories = {c for c, _ in found}
    assert {"leftover", "artifact"} <= categories, found
    assert any("Tagstotranslate" in t for c, t in found if c == "artifact")
    assert any("Allied" in t for c, t in found if c == "leftover")
    assert any("The Will" in t for c, t in found if c == "leftover")


def test_terminal_report_is_plain_when_not_a_tty() -> None:
    result = invoke("check", "--no-model", str(SEEDS / "003_2e10a6432766a688.txt"))
    assert result.exit_code in (0, 1)
    out = result.stdout
    assert "\x1b[" not in out
    assert "003_2e10a6432766a688.txt" in out and "score" in out
    assert "¶1" in out and "[[" in out
    assert "Summary" in out and "gate:" in out


def test_stdin_and_empty_file(tmp_path: Path) -> None:
    data = check_json("--no-model", "-", input="Le gouvernement a présenté son budget mardi.\n")
    assert data["documents"][0]["path"] == "<stdin>"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = invoke("check", "--no-model", str(empty))
    assert result.exit_code == 0
    assert "empty document" in result.stdout
    data = check_json("--no-model", str(empty))
    assert data["documents"][0]["paragraphs"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\x00\x01binary\x00", "binary"),
        ("Été comme hiver.".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes | None,
                                          message: str) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = invoke("check", "--no-model", str(path))
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0] and "input.txt" in lines[0]
    assert "Traceback" not in result.output


def test_encoding_option_reads_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le ministère a publié un communiqué.".encode("latin-1"))
    data = check_json("--no-model", "--encoding", "latin-1", str(path))
    p = data["documents"][0]["paragraphs"][0]
    assert (p["start"], p["end"]) == (0, len("Le ministère a publié un communiqué."))


def test_gate_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Le gouvernement a présenté mardi son projet de budget.\n",
                     encoding="utf-8")
    junk = tmp_path / "junk.txt"
    junk.write_text("Le gouvernement a présenté son budget. (Tagstotranslate) Budget\n",
                    encoding="utf-8")
    assert invoke("check", "--no-model", str(clean)).exit_code == 0
    assert invoke("check", "--no-model", "--fail-on", "info", str(junk)).exit_code == 1
    assert invoke("check", "--no-model", "--fail-under", "100", str(junk)).exit_code == 1
    assert invoke("check", "--no-model", "--fail-under", "0", "--fail-on", "error",
                  str(clean)).exit_code == 0
    bad = invoke("check", "--no-model", "--fail-on", "fatal", str(clean))
    assert bad.exit_code == 2 and "fatal" in bad.stderr
    assert invoke("check", "--no-model", "--fail-under", "150", str(clean)).exit_code == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Bonjour.", encoding="utf-8")
    assert invoke("check", "--no-model", "--format", "xml", str(f)).exit_code == 2
    assert invoke("check", "--no-model", "--checks", "nosuch", str(f)).exit_code == 2
    assert invoke("check", "--no-model", "--require-model", str(f)).exit_code == 2
    assert invoke("check").exit_code == 2


def test_checks_and_disable_select_checks() -> None:
    data = check_json("--no-model", "--checks", "artifact", str(SEEDS))
    checks = {f["check"] for d in data["documents"] for p in d["paragraphs"]
              for f in p["findings"]}
    assert checks == {"artifact"}
    data = check_json("--no-model", "--disable", "artifact,leftover", str(SEEDS))
    checks = {f["check"] for d in data["documents"] for p in d["paragraphs"]
              for f in p["findings"]}
    assert not checks & {"artifact", "leftover"}


def test_jsonl_output_streams_one_document_per_line(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({"id": i, "text": f"Le texte numéro {i} est correct."})
                  for i in range(3)) + "\n",
        encoding="utf-8",
    )
    result = invoke("check", "--no-model", "--format", "jsonl", str(corpus))
    lines = [json.loads(ln) for ln in result.stdout.splitlines()]
    assert [ln["path"] for ln in lines[:-1]] == [f"{corpus}#{i}" for i in range(3)]
    assert lines[-1]["summary"]["documents"] == 3 and lines[-1]["version"] == 1


def test_input_files_are_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    data = "\ufeffLes troupes Allied sont arrivées.\r\n".encode()
    path.write_bytes(data)
    invoke("check", "--no-model", str(path))
    assert path.read_bytes() == data


def test_real_entry_point_never_prints_a_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent / "netguard"))
    proc = subprocess.run(
        [sys.executable, "-m", "mtcheck", "check", "--no-model", str(tmp_path / "missing.txt")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "missing.txt" in proc.stderr


def test_color_can_be_forced_and_highlights_spans() -> None:
    result = invoke("check", "--no-model", "--color", "--show", "flagged",
                    str(SEEDS / "003_2e10a6432766a688.txt"))
    assert result.exit_code in (0, 1)
    assert "\x1b[" in result.stdout
    assert "[[" not in result.stdout  # colour replaces the plain-text markers
