"""Heavy libraries stay out of runs that do not need them.

torch + transformers cost about 4 s to import and CTranslate2 a little; ``--help``, a
text-only check and a re-run served from the back-translation cache must import none.
Each case runs the real CLI in a fresh interpreter and reports ``sys.modules`` at exit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HEAVY = ("torch", "transformers", "ctranslate2")

_PROBE = """
import json, sys
from mtcheck.cli import main
try:
    main({argv!r})
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open({out!r}, "w") as fh:
    json.dump({{"code": code, "modules": sorted(m for m in {heavy!r} if m in sys.modules)}}, fh)
"""


def run_cli(tmp_path: Path, *argv: str) -> dict[str, object]:
    """Run ``mtcheck argv`` in a new interpreter; its exit code and the heavy modules loaded."""
    out = tmp_path / f"probe-{len(list(tmp_path.iterdir()))}.json"
    code = _PROBE.format(argv=list(argv), out=str(out), heavy=HEAVY)
    res = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
        check=False,
    )
    assert out.is_file(), res.stderr
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    data["stderr"] = res.stderr
    return data


def test_help_imports_no_model_library(tmp_path: Path) -> None:
    for argv in (["--help"], ["check", "--help"]):
        data = run_cli(tmp_path, *argv)
        assert data["code"] == 0
        assert data["modules"] == []


def test_text_only_check_imports_no_model_library(tmp_path: Path) -> None:
    data = run_cli(tmp_path, "check", "--no-model", "--format", "json", str(SEEDS))
    assert data["code"] in (0, 1), data["stderr"]
    assert data["modules"] == []


def test_cached_rerun_loads_no_model(tiny_marian_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("ctranslate2")
    config = tmp_path / "small.toml"
    config.write_text("[decoding]\nmax_new_tokens = 16\nbatch_size = 8\n", encoding="utf-8")
    argv = ("check", "--model", str(tiny_marian_dir), "--config", str(config),
            "--cache-dir", str(tmp_path / "cache"), "--format", "json", str(SEEDS))  # fmt: skip
    cold = run_cli(tmp_path, *argv)
    assert cold["code"] in (0, 1), cold["stderr"]
    assert "ctranslate2" in cold["modules"]  # auto picked CTranslate2 and used it
    assert "torch" not in cold["modules"], "conversion runs in a child process"
    warm = run_cli(tmp_path, *argv)
    assert warm["code"] == cold["code"], warm["stderr"]
    assert warm["modules"] == []
