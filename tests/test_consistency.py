"""consistency: one term or name rendered several ways in the same document."""

from __future__ import annotations

from conftest import run_check
from fake_bt import Item, make_bt

from mtcheck.types import BackTranslation, Severity

# --- terms, text only --------------------------------------------------------------------

INSERTION_DOC = "\n\n".join(
    [
        "L’alliance des indépendants présentera jeudi ses candidats aux municipales.",
        "Selon son porte-parole, l’alliance des indépendants vise une dizaine de mairies.",
        "Le maire sortant a longtemps ignoré l’alliance des élus indépendants.",
        "Les fondateurs de l’alliance des indépendants promettent une campagne sobre.",
    ]
)
TERM = "alliance des élus indépendants"


def test_noun_inserted_into_the_usual_form_is_flagged() -> None:
    findings = run_check("consistency", INSERTION_DOC)
    assert [f.text for f in findings] == [TERM]
    f = findings[0]
    start = INSERTION_DOC.index(TERM)
    assert (f.start, f.end) == (start, start + len(TERM))
    assert f.category == "consistency"
    assert f.severity is Severity.INFO
    assert f.suggestion == "alliance des indépendants"
    assert "'des indépendants' appears 3 time(s); here 'élus' is inserted" in (f.evidence or "")


def test_different_things_sharing_a_head_are_left_alone() -> None:
    text = "\n\n".join(
        [
            "La coalition gouvernementale a perdu sa majorité au Parlement mardi soir.",
            "La coalition de gauche réclame des élections anticipées.",
            "Le chef de la coalition a rejeté toute démission.",
            "Le ministre des Affaires étrangères s’est rendu à Kiev, puis le ministre des "
            "Affaires étrangères a rencontré son homologue.",
            "Le ministre des Affaires européennes l’accompagnait.",
            "Le président de la République a reçu les dirigeants des pays européens, puis "
            "le président de la République a parlé.",
            "Sous la Cinquième République, le président de la Cinquième République nomme "
            "le Premier ministre.",
            "Les dirigeants des pays européens et les dirigeants des pays membres européens "
            "ont signé.",
        ]
    )
    assert run_check("consistency", text) == []


def test_appended_words_are_ordinary_precision() -> None:
    text = """\
Le Conseil de sécurité se réunit lundi. Le Conseil de sécurité doit voter.

Le Conseil de sécurité nationale ukrainien a aussi été convoqué."""
    assert run_check("consistency", text) == []


# --- names ---------------------------------------------------------------------------------

NAMES_DOC = "\n\n".join(
    [
        "Le président ukrainien Volodymyr Zelensky a rencontré jeudi les dirigeants européens.",
        "Zelensky a réclamé davantage de défense antiaérienne, selon un communiqué.",
        "« Nous avons besoin de garanties », a déclaré Zelenskiy devant la presse.",
        "Zelensky doit ensuite se rendre à Berlin, puis rencontrer Mohamed et Mohammed, "
        "deux élus locaux.",
        "Les Russes ont bombardé Kharkiv dans la nuit, a indiqué la Russie, tandis que "
        "Daniel et Daniela se taisaient.",
        "Edouard Philippe et Édouard Philippe sont la même personne, écrite avec ou sans accent.",
        "Nicolas a salué Nicolai, puis Nicolas est reparti avec Nicolas junior.",
    ]
)


def test_rare_spelling_of_a_name_is_flagged() -> None:
    findings = run_check("consistency", NAMES_DOC)
    assert [(f.text, f.category, f.suggestion) for f in findings] == [
        ("Zelenskiy", "name", "Zelensky")
    ]
    f = findings[0]
    start = NAMES_DOC.index("Zelenskiy")
    assert (f.start, f.end) == (start, start + len("Zelenskiy"))
    assert f.severity is Severity.WARNING
    assert "'Zelensky' appears 3 time(s), 'Zelenskiy' 1 time(s)" in (f.evidence or "")


def test_typo_of_a_known_name_breaks_a_tie() -> None:
    text = (
        "Volodymyr Zelensky s’est exprimé lundi.\n\n"
        "Le président Volodomyr Zelensky a ensuite quitté Paris."
    )
    findings = run_check("consistency", text)
    assert [(f.text, f.suggestion) for f in findings] == [("Volodomyr", "Volodymyr")]


def test_balanced_spellings_are_not_judged() -> None:
    text = "Zelenskyy a parlé. Zelenskyy est reparti.\n\nZelensky a parlé. Zelensky est reparti."
    assert run_check("consistency", text) == []


def test_lower_case_name_is_flagged_but_not_brands_or_handles() -> None:
    text = (
        "Zelensky a parlé lundi. Zelensky a ensuite écrit sur sa page facebook, "
        "puis Facebook a relayé le message, et Facebook l’a épinglé.\n\n"
        "Le président zelensky a été applaudi (voir zelensky.gov.ua et #zelensky)."
    )
    findings = run_check("consistency", text)
    assert [(f.text, f.suggestion) for f in findings] == [("zelensky", "Zelensky")]
    assert findings[0].start == text.index("zelensky")


# --- terms, with the model --------------------------------------------------------------

P0 = "Le Royaume-Uni accueillera jeudi une réunion de la Coalition of the Willing à Londres."
P1 = "Selon l’Élysée, la coalition des volontaires doit préparer des garanties de sécurité."
P2 = "La coalition de The Will ne s’était pas réunie depuis le mois de mars."
P3 = "Les membres de la coalition des volontaires se retrouveront à Paris en septembre."
P4 = "La coalition gouvernementale néerlandaise a pour sa part salué l’initiative."
MODEL_DOC = "\n\n".join([P0, P1, P2, P3, P4])


def _bt(french: str, items: list[Item]) -> BackTranslation:
    return make_bt(french, items)


def _model_bts() -> dict[int, BackTranslation]:
    lp = -0.1
    return {
        0: _bt(
            P0,
            [
                ("The", lp, "Le"),
                ("UK", lp, "Royaume-Uni"),
                ("will", lp, "accueillera"),
                ("host", lp, "accueillera"),
                ("a", lp, "une"),
                ("meeting", lp, "réunion"),
                ("of", lp, "de"),
                ("the", lp, "la"),
                ("Coalition", lp, "Coalition"),
                ("of", lp, "of"),
                ("the", lp, "the"),
                ("Willing", lp, "Willing"),
                ("in", lp, "à"),
                ("London", lp, "Londres"),
                ("on", lp, "jeudi"),
                ("Thursday", lp, "jeudi"),
                (".", lp, "."),
            ],
        ),
        1: _bt(
            P1,
            [
                ("According", lp, "Selon"),
                ("to", lp, "Selon"),
                ("the", lp, "l’"),
                ("Elysée", lp, "Élysée"),
                (",", lp, ","),
                ("the", lp, "la"),
                ("coalition", lp, "coalition"),
                ("of", lp, "des"),
                ("the", lp, "des"),
                ("willing", lp, "volontaires"),
                ("must", lp, "doit"),
                ("prepare", lp, "préparer"),
                ("security", lp, "sécurité"),
                ("guarantees", lp, "garanties"),
                (".", lp, "."),
            ],
        ),
        2: _bt(
            P2,
            [
                ("The", lp, "La"),
                ("coalition", lp, "coalition"),
                ("of", lp, "de"),
                ("The", lp, "The"),
                ("Will", lp, "Will"),
                ("had", lp, "était"),
                ("not", lp, "pas"),
                ("met", lp, "réunie"),
                ("since", lp, "depuis"),
                ("March", lp, "mars"),
                (".", lp, "."),
            ],
        ),
        3: _bt(
            P3,
            [
                ("Members", lp, "membres"),
                ("of", lp, "de"),
                ("the", lp, "la"),
                ("coalition", lp, "coalition"),
                ("of", lp, "des"),
                ("the", lp, "des"),
                ("willing", lp, "volontaires"),
                ("will", lp, "retrouveront"),
                ("meet", lp, "retrouveront"),
                ("in", lp, "à"),
                ("Paris", lp, "Paris"),
                ("in", lp, "en"),
                ("September", lp, "septembre"),
                (".", lp, "."),
            ],
        ),
        4: _bt(
            P4,
            [
                ("The", lp, "La"),
                ("Dutch", lp, "néerlandaise"),
                ("government", lp, "gouvernementale"),
                ("coalition", lp, "coalition"),
                ("welcomed", lp, "salué"),
                ("the", lp, "l’"),
                ("initiative", lp, "initiative"),
                (".", lp, "."),
            ],
        ),
    }


def test_variants_that_back_translate_alike_are_grouped_and_english_ones_flagged() -> None:
    findings = run_check(
        "consistency", MODEL_DOC, backtranslations=_model_bts(), model_available=True
    )
    assert [(f.text, f.suggestion) for f in findings] == [
        ("Coalition of the Willing", "coalition des volontaires"),
        ("coalition de The Will", "coalition des volontaires"),
    ]
    spans = [(f.start, f.end) for f in findings]
    s0 = MODEL_DOC.index("Coalition of the Willing")
    s2 = MODEL_DOC.index("coalition de The Will")
    assert spans == [(s0, s0 + 24), (s2, s2 + 21)]
    assert all(f.category == "consistency" for f in findings)
    assert "back-translate alike" in (findings[1].evidence or "")


def test_without_the_model_unrelated_wordings_are_not_linked() -> None:
    # Text alone cannot tell that "of the Willing" and "des volontaires" are one term.
    assert run_check("consistency", MODEL_DOC) == []


def test_a_parenthesised_gloss_is_deliberate() -> None:
    glossed = P0.replace(
        "la Coalition of the Willing", "la coalition des volontaires (Coalition of the Willing)"
    )
    text = "\n\n".join([glossed, P1, P3])
    bts = _model_bts()
    lp = -0.1
    bts[0] = _bt(
        glossed,
        [
            ("The", lp, "Le"),
            ("UK", lp, "Royaume-Uni"),
            ("will", lp, "accueillera"),
            ("host", lp, "accueillera"),
            ("a", lp, "une"),
            ("meeting", lp, "réunion"),
            ("of", lp, "de"),
            ("the", lp, "la"),
            ("coalition", lp, "coalition"),
            ("of", lp, "des"),
            ("the", lp, "des"),
            ("willing", lp, "volontaires"),
            ("(", lp, "("),
            ("Coalition", lp, "Coalition"),
            ("of", lp, "of"),
            ("the", lp, "the"),
            ("Willing", lp, "Willing"),
            (")", lp, ")"),
            (".", lp, "."),
        ],
    )
    model_bts = {0: bts[0], 1: bts[1], 2: bts[3]}
    assert run_check("consistency", text, backtranslations=model_bts, model_available=True) == []
