"""Every rule in configs/rules carries its own examples; they must all behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.config import Config, ConfigError
from mtcheck.rules import compile_pattern, load_rule_file, load_rules, normalise

RULE_DIR = Path(__file__).resolve().parent.parent / "configs" / "rules"
RULES = load_rules([RULE_DIR]) if any(RULE_DIR.glob("*.toml")) else []


def test_rules_dir_is_the_configured_one() -> None:
    assert Config.load().rule_dirs()[0].resolve() == RULE_DIR.resolve()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule) -> None:  # type: ignore[no-untyped-def]
    for sentence in rule.should_match:
        assert list(rule.finditer(sentence)), f"{rule.id} should match: {sentence}"
    for sentence in rule.should_not_match:
        hits = [sentence[s:e] for s, e in rule.finditer(sentence)]
        assert not hits, f"{rule.id} should not match {hits} in: {sentence}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_text(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.message.strip()
    assert rule.category
    assert len(rule.should_match) >= 2 and len(rule.should_not_match) >= 2


def test_apostrophes_and_spaces_are_normalised_without_moving_offsets() -> None:
    text = "qui a été accordé l’anonymat\u00a0hier"
    assert len(normalise(text)) == len(text)
    regex = compile_pattern("a été accordé l'anonymat")
    m = regex.search(normalise(text))
    assert m and text[m.start() : m.end()] == "a été accordé l’anonymat"


def test_lemma_macro_expands_to_inflected_forms() -> None:
    regex = compile_pattern("<rechigner:VER> (?!à )")
    assert regex.search("Il rechignait les demandes")
    assert regex.search("ils rechignent les offres")
    assert not regex.search("Il rechigne à répondre")


def test_span_group_narrows_the_flag() -> None:
    regex = compile_pattern("le ballon est (?P<span>dans le camp) de")
    m = regex.search("le ballon est dans le camp de Paris")
    assert m and m.group("span") == "dans le camp"


def test_word_boundaries() -> None:
    regex = compile_pattern("soi-disant")
    assert regex.search("la soi-disant coalition")
    assert not regex.search("les soi-disants")


def test_bad_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\ncategory = "calque"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="missing"):
        load_rule_file(bad)
    bad.write_text(
        '[[rule]]\nid="x"\ncategory="calque"\nseverity="warning"\npattern="(unclosed"\n'
        'message="m"\nshould_match=["a","b"]\nshould_not_match=["c","d"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="bad pattern"):
        load_rule_file(bad)
