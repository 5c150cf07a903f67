"""Every rule in configs/rules carries its own examples; they must all behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.config import Config, ConfigError
from mtcheck.rules import (
    compile_pattern,
    expand_pattern,
    load_rule_file,
    load_rules,
    normalise,
    required_literals,
)

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


def test_numbered_span_groups_pick_the_alternative_that_matched() -> None:
    from mtcheck.rules import Rule
    from mtcheck.types import Severity

    source = expand_pattern("(?:(?P<span>foo) bar|baz (?P<span2>qux))")
    rule = Rule("t", "calque", "calque", Severity.INFO, "", "m", None, None, (), (), "",
                regex_source=source)
    assert [("foo bar"[s:e]) for s, e in rule.finditer("foo bar")] == ["foo"]
    assert [("baz qux"[s:e]) for s, e in rule.finditer("baz qux")] == ["qux"]


def test_match_may_start_after_an_elided_article() -> None:
    regex = compile_pattern("accord compréhensif")
    assert regex.search(normalise("l’accord compréhensif signé hier"))
    assert not regex.search("désaccord compréhensif")


def test_optional_space_keeps_its_quantifier() -> None:
    regex = compile_pattern("n ?° ?10")
    assert regex.search("le n° 10") and regex.search("le n ° 10") and regex.search("le n°10")


def test_triggers_are_literals_every_match_needs() -> None:
    groups = required_literals(expand_pattern("le ballon (?:est )?(?P<span>dans le camp) de"))
    # Whitespace between words is part of a trigger (tested on whitespace-squeezed text),
    # so a phrase is one selective trigger rather than a few common words.
    assert frozenset({"dans le camp"}) in groups
    groups = required_literals(expand_pattern("(?:bottes|godillots) sur le terrain"))
    assert any({"bottes", "godillots"} <= g for g in groups)
    # optional parts never become triggers
    assert all("est" not in g for g in required_literals(expand_pattern("ballon (?:est )?ici")))


def test_phrase_triggers_hold_across_any_whitespace() -> None:
    from mtcheck.rules import Prepared

    pattern = expand_pattern("le ballon (?:est )?(?P<span>dans le camp) de")
    regex = compile_pattern("le ballon (?:est )?(?P<span>dans le camp) de")
    triggers = required_literals(pattern, 99)
    for text in (
        "Le ballon est dans le camp de Washington.",
        "Le  ballon\nest dans\u00a0le camp   de Washington.",
        "Le ballon\tdans le camp\n\nde Paris.",
    ):
        prepared = Prepared(text)
        assert regex.search(prepared.norm), text
        assert all(any(lit in prepared.squeezed for lit in g) for g in triggers), text
    assert not all(
        any(lit in Prepared("le ballon rond, dans le jardin").squeezed for lit in g)
        for g in triggers
    )


def test_rules_are_cached_and_the_cache_is_keyed_by_content(tmp_path: Path) -> None:
    import os

    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    body = (
        '[[rule]]\nid="t1"\ncategory="calque"\nseverity="warning"\npattern="{p}"\n'
        'message="m"\nshould_match=["a","b"]\nshould_not_match=["c","d"]\n'
    )
    (rules_dir / "r.toml").write_text(body.format(p="chat noir"), encoding="utf-8")
    os.environ["MTCHECK_CACHE_DIR"], old = str(tmp_path / "cache"), os.environ["MTCHECK_CACHE_DIR"]
    try:
        first = load_rules([rules_dir])
        assert list((tmp_path / "cache" / "rules").glob("*.json"))
        again = load_rules([rules_dir])
        assert again[0].regex_source == first[0].regex_source
        assert list(again[0].finditer("un chat noir")) == [(3, 12)]
        (rules_dir / "r.toml").write_text(body.format(p="chien blanc"), encoding="utf-8")
        changed = load_rules([rules_dir])
        assert list(changed[0].finditer("un chien blanc")) == [(3, 14)]
        assert len(list((tmp_path / "cache" / "rules").glob("*.json"))) == 2
    finally:
        os.environ["MTCHECK_CACHE_DIR"] = old


def test_flagged_span_never_starts_or_ends_with_whitespace() -> None:
    from mtcheck.rules import Rule
    from mtcheck.types import Severity

    trailing = Rule("t", "calque", "calque", Severity.INFO, "", "m", None, None, (), (), "",
                    regex_source=expand_pattern("signalé l'ouverture pour "))
    text = "Elle a signalé l’ouverture pour aider."
    assert [text[s:e] for s, e in trailing.finditer(text)] == ["signalé l’ouverture pour"]


def test_word_macro_takes_an_elided_word_whole() -> None:
    regex = compile_pattern("a visé <w> du pays")
    assert regex.search(normalise("Il a visé l’énergie du pays."))
    assert regex.search("Il a visé les centrales du pays.") is None
    assert regex.search("Il a visé centrales du pays.")
