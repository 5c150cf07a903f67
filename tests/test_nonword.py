"""The nonword check: coinages that are neither French nor English."""

from __future__ import annotations

import pytest
from conftest import make_doc, run_check

from mtcheck.checks.base import DocContext
from mtcheck.checks.nonword import NonwordCheck
from mtcheck.config import Config
from mtcheck.types import Finding


def flagged(text: str) -> list[str]:
    return [f.text for f in run_check("nonword", text)]


def run_with(text: str, **options: object) -> list[Finding]:
    """Run the nonword check with ``[checks.nonword]`` options overridden."""
    config = Config.load().with_overrides({"checks": {"nonword": options}})
    doc = make_doc(text)
    ctx = DocContext(document=doc, config=config)
    check = NonwordCheck(config)
    return [f for para in doc.paragraphs for f in check.check(ctx, para)]


def test_coinage_adapted_from_english_is_a_warning() -> None:
    text = "L'Otan prévoit d'envoyer une force de rassurance dans les pays baltes."
    (f,) = run_check("nonword", text)
    assert (f.text, f.check, f.category) == ("rassurance", "nonword", "wrong_sense")
    assert f.severity.value == "warning"
    assert "reassurance" in f.message
    assert f.evidence and "Lexique" in f.evidence and "reassurance" in f.evidence


@pytest.mark.parametrize(
    "sentence, word",
    [
        ("Le ministre a promis un sanctionnement rapide des fraudeurs.", "sanctionnement"),
        ("Les experts redoutent un négociement interminable.", "négociement"),
        ("Le texte prévoit une sécurisance accrue des frontières.", "sécurisance"),
    ],
)
def test_unknown_word_without_english_sign_is_opt_in(sentence: str, word: str) -> None:
    assert flagged(sentence) == []  # off by default: could be a rare real word
    (f,) = run_with(sentence, unexplained_severity="info")
    assert (f.text, f.category, f.severity.value) == (word, "wrong_sense", "info")
    assert "rare word" in f.message


def test_english_spelled_coinage_is_a_leftover() -> None:
    (f,) = run_check("nonword", "Le Pentagone a réduit le stockpilage des munitions.")
    assert (f.text, f.category, f.severity.value) == ("stockpilage", "leftover", "warning")


def test_min_length_option() -> None:
    text = "Le rapport évoque une rassurance générale."
    assert [f.text for f in run_with(text, min_length=12)] == []
    assert [f.text for f in run_with(text, min_length=5)] == ["rassurance"]


def test_misspelling_gets_a_suggestion() -> None:
    (f,) = run_check("nonword", "Le gouvernemnt a démissionné hier soir.")
    assert f.text == "gouvernemnt"
    assert f.suggestion == "gouvernement"


@pytest.mark.parametrize(
    "sentence",
    [
        # conjugations Lexique does not list
        "La loi exemptera les petites entreprises.",
        "Nous les contraindrons à revenir à la table des négociations.",
        "Les juges enquêteraient depuis des mois sur ces contrats.",
        # prefixes and suffixes on known words
        "Le pays renforce sa cyberdéfense et sa désescalade diplomatique.",
        "Ils dénoncent un hyperprésidentialisme assumé.",
        "Des slogans anti-européens ont été scandés.",
        # names, acronyms, handles, URLs, hashtags
        "Volodymyr Zelensky a rencontré Emmanuel Macron.",
        "L'OTAN et l'ONU ont réagi.",
        "Suivez-nous sur @lemondefr et sur www.lemonde.fr avec #guerreenukraine.",
        # an accent typo is a human slip, not a translation error
        "La séance était presidée par le doyen.",
        # ordinary French and English words are other checks' business
        "Le gouvernement a présenté son budget mardi.",
        "Le meeting s'est tenu dans un stadium.",
    ],
)
def test_known_or_explained_words_pass(sentence: str) -> None:
    assert flagged(sentence) == []


def test_second_person_passe_simple_is_a_grammar_error() -> None:
    findings = run_check("nonword", "Le président plus tôt menaças Moscou de sanctions.")
    assert [(f.text, f.category) for f in findings] == [("menaças", "grammar")]
    assert flagged("« Tu menaças tes voisins », lui lança-t-il.") == []


def test_clean_paragraph_raises_nothing() -> None:
    text = (
        "Le Premier ministre a annoncé mardi un plan de relance de 30 milliards d'euros. "
        "Les syndicats, reçus à Matignon, ont salué des avancées mais réclament davantage "
        "de garanties sur l'emploi des seniors et la revalorisation des salaires."
    )
    assert flagged(text) == []


def test_explained_by_morphology_is_shared_with_other_checks() -> None:
    from mtcheck.checks.nonword import explained_by_morphology
    from mtcheck.lexicon import default_lexicon

    lex = default_lexicon()
    assert explained_by_morphology(lex, "enquêteraient")  # a conditional Lexique lacks
    assert explained_by_morphology(lex, "recentrant")  # prefix + known form
    assert not explained_by_morphology(lex, "uniesfigurait")
