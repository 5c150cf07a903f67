from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtcheck.read import InputError, ReadOptions, decode, read_documents, resolve_inputs


def _docs(paths: list[str], **kw):  # type: ignore[no-untyped-def]
    opts = ReadOptions(**kw)
    return list(read_documents(resolve_inputs(paths, opts.globs), opts))


def test_folder_is_searched_recursively_for_txt_and_md(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / "two.md").write_text("Deux.", encoding="utf-8")
    (tmp_path / "skip.json").write_text("{}", encoding="utf-8")
    names = sorted(Path(d.path).name for d in _docs([str(tmp_path)]))
    assert names == ["one.txt", "two.md"]
    names = [Path(d.path).name for d in _docs([str(tmp_path)], globs=("*.json",))]
    assert names == ["skip.json"]


def test_shell_glob(tmp_path: Path) -> None:
    for n in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / n).write_text("Texte.", encoding="utf-8")
    docs = _docs([str(tmp_path / "x*.txt")])
    assert [Path(d.path).name for d in docs] == ["x1.txt", "x2.txt"]


def test_missing_path_and_empty_glob_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        resolve_inputs([str(tmp_path / "nope.txt")])
    with pytest.raises(InputError, match="no file matches"):
        resolve_inputs([str(tmp_path / "*.nothing")])


def test_bom_is_removed_and_offsets_refer_to_decoded_text() -> None:
    text = decode("\ufeffBonjour.".encode(), "x")
    assert text == "Bonjour."


def test_binary_and_non_utf8_are_refused_with_the_file_name() -> None:
    with pytest.raises(InputError, match=r"f\.bin: looks like a binary file"):
        decode(b"\x00\x01\x02abc", "f.bin")
    with pytest.raises(InputError, match=r"f\.txt: not valid UTF-8.*--encoding"):
        decode("Été".encode("latin-1"), "f.txt")
    assert decode("Été".encode("latin-1"), "f.txt", "latin-1") == "Été"
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "f.txt", "no-such-codec")


def test_jsonl_rows_become_documents_with_sources(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a", "fr": "Le président a parlé.", "en": "The president spoke."},
        {"id": "b", "fr": "Premier.\nSecond.", "en": "First.\nSecond."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    docs = _docs([str(path)], jsonl_field="fr", source_field="en")
    assert [d.path for d in docs] == [f"{path}#a", f"{path}#b"]
    assert docs[0].paragraphs[0].source == "The president spoke."
    assert [p.source for p in docs[1].paragraphs] == ["First.", "Second."]


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: invalid JSON"):
        _docs([str(path)])
    path.write_text('{"other": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no text field 'text'"):
        _docs([str(path)])


def test_source_file_must_align_paragraph_by_paragraph(tmp_path: Path) -> None:
    fr = tmp_path / "a.txt"
    fr.write_text("Un.\nDeux.\n", encoding="utf-8")
    en = tmp_path / "a.en.txt"
    en.write_text("One.\nTwo.\n", encoding="utf-8")
    docs = _docs([str(fr)], source_path=en)
    assert [p.source for p in docs[0].paragraphs] == ["One.", "Two."]
    en.write_text("One.\n", encoding="utf-8")
    with pytest.raises(InputError, match="must align paragraph by paragraph"):
        _docs([str(fr)], source_path=en)
