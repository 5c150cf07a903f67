"""leftover: English left untranslated in French, and the English French news keeps."""

from __future__ import annotations

import pytest
from conftest import make_doc, run_check
from fake_bt import make_bt

from mtcheck.checks.leftover import load_glossary, load_list, load_sections, phrase_key
from mtcheck.types import BackTranslation, Severity


def flagged(text: str) -> list[str]:
    return [f.text for f in run_check("leftover", text)]


# --- positives: one sentence per heuristic -----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        # English grammatical words inside a capitalised run taken for a name
        (
            "Les dirigeants de la Coalition of the Willing se retrouvent à Rome.",
            "Coalition of the Willing",
        ),
        ("Le Department of Justice a ouvert une enquête sur les fuites.", "Department of Justice"),
        ("Le texte a été transmis à la Speaker of the House dès lundi.", "Speaker of the House"),
        # a run ending on an English modal after "The"
        ("Les membres de la coalition de The Will se retrouveront lundi.", "The Will"),
        # a capitalised English adjective after a French noun
        (
            "Les dirigeants veulent protéger les troupes Allied déployées sur place.",
            "troupes Allied",
        ),
        ("Les forces Special ont été envoyées dans la région de Kharkiv.", "forces Special"),
        # an English adjective kept before a French noun (English word order)
        ("Washington veut renforcer les Military liens avec Séoul.", "Military liens"),
        # editorial brackets holding English
        ("Elle a passé des semaines à promouvoir [herself] comme future dirigeante.", "[herself]"),
        ("Ils ont activement soutenu [the effort] pour battre les conservateurs.", "[the effort]"),
        # lowercase English function words and runs
        ("Le ministre a promis de renforcer the border avec le Mexique.", "the border"),
        ("Le Premier ministre a dit que le pays would continuer à aider Kiev.", "would"),
        ("Le gouvernement a décidé des mesures despite les objections de Berlin.", "despite"),
        # English names French news always translates
        ("La White House a démenti ces informations mardi soir.", "White House"),
        ("Le président a reçu le Secretary of State au palais.", "Secretary of State"),
    ],
)
def test_flags_english_leftovers(sentence: str, span: str) -> None:
    findings = run_check("leftover", sentence)
    assert [f.text for f in findings] == [span], sentence
    f = findings[0]
    assert f.category == "leftover" and f.check == "leftover"
    assert f.severity is Severity.WARNING
    assert f.message and f.evidence


def test_rare_single_english_word_is_info() -> None:
    findings = run_check("leftover", "La police a lancé une crackdown contre les manifestants.")
    assert [f.text for f in findings] == ["crackdown"]
    assert findings[0].severity is Severity.INFO
    assert findings[0].suggestion == "répression"
    assert "Zipf" in (findings[0].evidence or "")


def test_suggestions_agree_with_the_french_noun() -> None:
    (f,) = run_check("leftover", "Les dirigeants veulent protéger les troupes Allied sur place.")
    assert f.suggestion == "troupes alliées"
    (g,) = run_check("leftover", "Washington veut renforcer les Military liens avec Séoul.")
    assert g.suggestion == "liens militaires"
    (h,) = run_check("leftover", "Le sommet de la Coalition of the Willing a lieu jeudi à Paris.")
    assert h.suggestion == "coalition des volontaires"
    (k,) = run_check("leftover", "Elle a tenu à présenter [herself] comme la candidate du parti.")
    assert k.suggestion == "elle-même"


def test_unknown_english_without_glossary_says_translate() -> None:
    (f,) = run_check("leftover", "Le ministre a promis de renforcer the border avec le Mexique.")
    assert f.suggestion is None
    assert "English" in f.message


def test_offsets_are_document_offsets() -> None:
    text = "Le premier paragraphe est en français.\n\nIls ont soutenu [the effort] sans relâche."
    (f,) = run_check("leftover", text)
    assert text[f.start : f.end] == "[the effort]" == f.text
    assert f.paragraph == 1


# --- negatives: names, loanwords, quotes, URLs --------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        # media and bodies kept in English
        "Selon le New York Times et le Wall Street Journal, la Maison-Blanche prépare un décret.",
        "L'Institute for the Study of War estime que les forces russes progressent dans l'est.",
        "Le Council on Foreign Relations a publié une note sur la dissuasion nucléaire.",
        "La Bank of America a relevé ses prévisions pour le troisième trimestre.",
        "Le Massachusetts Institute of Technology a dévoilé un nouveau prototype.",
        "L'ONG Save the Children alerte sur la situation humanitaire des enfants.",
        "Un journaliste du Financial Times a interrogé le commissaire européen.",
        "La chaîne Fox News a interrompu la diffusion du discours présidentiel.",
        "La compagnie British Airways a annulé une centaine de vols ce week-end.",
        "Le groupe Marks and Spencer a fermé plusieurs magasins en France.",
        "L'institut Royal United Services Institute publie un rapport sur les armées.",
        "Le Centre for Economic Policy Research (CEPR) a revu ses prévisions.",
        # people and places
        "L'acteur Will Smith a présenté ses excuses après l'incident.",
        "Elle a grandi à Reading avant de s'installer à Londres pour ses études.",
        "Le Premier ministre Keir Starmer s'est exprimé devant le 10 Downing Street.",
        "Le parti Reform UK de Nigel Farage est en tête des sondages.",
        "Le Labour a remporté une victoire écrasante aux élections législatives.",
        "Le club affrontera Leeds United samedi soir au Parc des Princes.",
        # titles of works and named operations or weapons
        "La série Game of Thrones a remporté plusieurs prix lors de la cérémonie.",
        "Le film The Batman a dominé le box-office pendant trois semaines.",
        "Le chanteur de The Cure a annoncé une tournée européenne.",
        "Comme le soutient l'économiste dans son dernier essai sur la monnaie, What Money Is "
        "For, les banques centrales ont perdu leur boussole.",
        "Le correspondant de The Economist a assisté à la conférence de presse.",
        "Les missiles Patriot livrés par Washington protègent la capitale.",
        "L'opération Midnight Hammer a visé trois sites nucléaires iraniens.",
        "Il a été surnommé Iron Man par la presse sportive après sa victoire.",
        "Le Black Friday attire chaque année des millions de consommateurs.",
        "Le mouvement Black Lives Matter appelle à de nouvelles manifestations.",
        # loanwords and Latin
        "Le leader du parti a publié un tweet pour dénoncer les fake news.",
        "Le think tank a organisé un briefing pour les journalistes jeudi matin.",
        "Pendant le week-end, les supporters ont envahi les rues de la ville.",
        "Le made in France séduit de plus en plus de consommateurs.",
        "Ce statu quo ne peut pas durer, a-t-il estimé en faisant son mea culpa.",
        "Dans son for intérieur, le ministre savait que la réforme était compromise.",
        "Les start-up du numérique misent sur le streaming et le podcast.",
        # quoted English, English glosses, URLs and handles
        "Le slogan « Make America Great Again » a été repris par ses partisans.",
        "« We will never surrender », avait lancé Winston Churchill en 1940.",
        'Le rapport évoque un "recovery gap" entre les pays européens.',
        "La coalition des volontaires (Coalition of the Willing) se réunit jeudi.",
        "Il a répondu sur son compte @the_minister et renvoyé vers www.example.org/the-plan.",
        "Le mot-clé #MeToo et le hashtag #BalanceTonPorc ont circulé sur les réseaux.",
        # acronyms
        "Le groupe WE Charity (UNIS en français) a rendu les fonds.",
        "Le secrétaire général de l'OTAN a rappelé que NATO et l'OTAN désignent la même alliance.",
    ],
)
def test_clean_french_is_not_flagged(sentence: str) -> None:
    assert flagged(sentence) == []


def test_typographic_variants_do_not_matter() -> None:
    text = "Le ministre a déclaré : « Nous ne céderons pas ! » avant de quitter la salle ; fin."
    assert flagged(text) == []


# --- with a back-translation ---------------------------------------------------------------


SENT = "Les dirigeants veulent protéger les troupes Allied déployées à l'est."


def test_backtranslation_that_keeps_the_words_corroborates() -> None:
    bt = BackTranslation(text="The leaders want to protect Allied troops deployed in the east.")
    (f,) = run_check("leftover", SENT, backtranslations={0: bt}, model_available=True)
    assert f.text == "troupes Allied"
    assert "back-translation keeps it unchanged: 'Allied'" in (f.evidence or "")
    assert f.severity is Severity.ERROR  # raised from warning


def test_backtranslation_with_aligned_tokens() -> None:
    bt = make_bt(
        SENT,
        [
            ("The", -0.05, "Les"),
            ("leaders", -0.1, "dirigeants"),
            ("want", -0.1, "veulent"),
            ("to", -0.1, "protéger"),
            ("protect", -0.1, "protéger"),
            ("Allied", -0.3, "Allied"),
            ("troops", -0.1, "troupes"),
            ("deployed", -0.1, "déployées"),
            ("in", -0.1, "à"),
            ("the", -0.1, "l'"),
            ("east", -0.1, "est"),
            (".", -0.01, "."),
        ],
    )
    (f,) = run_check("leftover", SENT, backtranslations={0: bt}, model_available=True)
    assert "unchanged" in (f.evidence or "")


def test_backtranslation_that_translates_differently_does_not_corroborate() -> None:
    bt = BackTranslation(text="The leaders want to protect the allies' troops in the east.")
    (f,) = run_check("leftover", SENT, backtranslations={0: bt}, model_available=True)
    assert "unchanged" not in (f.evidence or "")
    assert f.severity is Severity.WARNING


def test_raise_can_be_turned_off() -> None:
    from mtcheck.checks.base import DocContext
    from mtcheck.checks.leftover import LeftoverCheck
    from mtcheck.config import Config

    config = Config.load().with_overrides(
        {"checks": {"leftover": {"raise_on_backtranslation": False}}}
    )
    doc = make_doc(SENT)
    bt = BackTranslation(text="The leaders want to protect Allied troops deployed in the east.")
    ctx = DocContext(document=doc, config=config, backtranslations={0: bt})
    (f,) = LeftoverCheck(config).check(ctx, doc.paragraphs[0])
    assert f.severity is Severity.WARNING
    assert "unchanged" in (f.evidence or "")


# --- options and data ----------------------------------------------------------------------


def test_extra_loanwords_option() -> None:
    from mtcheck.checks.base import DocContext
    from mtcheck.checks.leftover import LeftoverCheck
    from mtcheck.config import Config

    text = "La police a lancé une crackdown contre les manifestants."
    config = Config.load().with_overrides(
        {"checks": {"leftover": {"extra_loanwords": ["crackdown"]}}}
    )
    doc = make_doc(text)
    ctx = DocContext(document=doc, config=config)
    assert list(LeftoverCheck(config).check(ctx, doc.paragraphs[0])) == []


def test_single_words_can_be_turned_off() -> None:
    from mtcheck.checks.base import DocContext
    from mtcheck.checks.leftover import LeftoverCheck
    from mtcheck.config import Config

    text = "La police a lancé une crackdown contre les manifestants."
    config = Config.load().with_overrides({"checks": {"leftover": {"flag_single_words": False}}})
    doc = make_doc(text)
    ctx = DocContext(document=doc, config=config)
    assert list(LeftoverCheck(config).check(ctx, doc.paragraphs[0])) == []


def test_word_lists_load() -> None:
    loans = load_list("loanwords.txt")
    assert {"week-end", "start-up", "think tank", "podcast", "leader"} <= loans
    assert len(loans) >= 300
    sections = load_sections("english_function_words.txt")
    assert {"the", "of", "herself"} <= sections["strong"]
    assert "for" in sections["weak"] and "for" not in sections["strong"]
    glossary = load_glossary()
    assert glossary[phrase_key("Coalition of the Willing")] == "coalition des volontaires"
    assert all(not line.startswith("#") for line in loans)


def test_long_clean_text_has_no_findings() -> None:
    para = (
        "Le président a reçu mardi les dirigeants européens pour discuter des garanties de "
        "sécurité accordées à l'Ukraine, selon un communiqué publié à l'issue de la réunion. "
    )
    text = "\n\n".join([para * 3] * 40)  # about two long articles
    assert run_check("leftover", text) == []


# --- whole English sentences ---------------------------------------------------------------


def test_whole_english_sentence_is_flagged() -> None:
    text = (
        "Le gouvernement a présenté son plan mardi. The minister said the new rules would "
        "take effect next month. Les syndicats ont aussitôt dénoncé le calendrier."
    )
    findings = run_check("leftover", text)
    assert [f.text for f in findings] == [
        "The minister said the new rules would take effect next month."
    ]
    f = findings[0]
    assert f.severity is Severity.WARNING and f.category == "leftover"
    assert "untranslated english sentence" in f.message.lower()


def test_consecutive_english_sentences_make_one_finding() -> None:
    text = (
        "Les discussions reprendront lundi. Talks are expected to resume next week in "
        "Vienna. Officials declined to comment on the details."
    )
    assert flagged(text) == [
        "Talks are expected to resume next week in Vienna. Officials declined to comment "
        "on the details."
    ]


def test_half_translated_run_inside_french_sentence() -> None:
    text = "Le président a affirmé que the government would not back down sur ce dossier."
    assert flagged(text) == ["the government would not back down"]


@pytest.mark.parametrize(
    "text",
    [
        # quoted, introduced by a colon, or a title
        "« We shall never give in to blackmail », a lancé le Premier ministre britannique.",
        'Il a conclu par ces mots : "The people have spoken and we will listen."',
        "Elle a écrit sur son compte : We will never give up the fight for our freedom.",
        "Le livre The Rise and Fall of the Great Powers a été réédité cette année.",
        "Il a cité le rapport (The State of the World's Children) publié par l'Unicef.",
    ],
)
def test_quoted_or_introduced_english_is_not_a_leftover(text: str) -> None:
    assert flagged(text) == []


def test_english_sentences_can_be_turned_off() -> None:
    from mtcheck.checks.base import DocContext
    from mtcheck.checks.leftover import LeftoverCheck
    from mtcheck.config import Config

    text = "Le plan a été présenté. The minister said the rules would change soon."
    config = Config.load().with_overrides(
        {"checks": {"leftover": {"flag_english_sentences": False}}}
    )
    doc = make_doc(text)
    ctx = DocContext(document=doc, config=config)
    assert list(LeftoverCheck(config).check(ctx, doc.paragraphs[0])) == []


# --- English words in French slots, titles, abbreviations, possessives ---------------------


def test_english_word_after_a_french_determiner() -> None:
    findings = run_check(
        "leftover", "Les élus républicains accusent leurs rivaux de gerrymandering au Texas."
    )
    assert [(f.text, f.severity) for f in findings] == [("gerrymandering", Severity.INFO)]
    assert "Zipf" in (findings[0].evidence or "")


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Mr. Johnson a reçu Mrs. Clinton, a indiqué Ms. Carter.", ["Mr.", "Mrs.", "Ms."]),
        ("Le Sen. Graham a rencontré le Gov. Abbott à Austin.", ["Sen.", "Gov."]),
        ("Les troupes U.S. sont arrivées en Pologne.", ["U.S."]),
    ],
)
def test_english_titles_and_abbreviations(text: str, spans: list[str]) -> None:
    findings = run_check("leftover", text)
    assert [f.text for f in findings] == spans
    assert all(f.severity is Severity.WARNING for f in findings)
    assert findings[0].suggestion in ("M.", "le sénateur", None)


def test_mr_without_full_stop_is_info() -> None:
    (f,) = run_check("leftover", "Mr Starmer a rencontré les syndicats jeudi.")
    assert f.text == "Mr" and f.severity is Severity.INFO and f.suggestion == "M."


def test_english_possessive_of_a_name_used_in_the_text() -> None:
    text = (
        "Trump a reçu Netanyahou à la Maison-Blanche. Le plan de Trump's conseillers a été "
        "rejeté par le Hamas."
    )
    findings = run_check("leftover", text)
    assert [(f.text, f.suggestion) for f in findings] == [("Trump's", "de Trump")]


@pytest.mark.parametrize(
    "text",
    [
        "L'agence Moody's a abaissé la note de la France.",
        "Le groupe McDonald's a ouvert trois restaurants à Lyon.",
        "Le sidérurgiste U.S. Steel a été racheté par un groupe japonais.",
        "Le Dr Martin et M. Dupont ont témoigné devant la commission.",
        "Selon le People's Daily, Pékin répondra aux sanctions.",
    ],
)
def test_brands_and_french_abbreviations_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


# --- transliteration of Slavic names ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "fix"),
    [
        ("Le pétrole transite par l'oléoduc Druzhba vers la Hongrie.", "Druzhba", "Droujba"),
        ("Le dirigeant biélorusse Alexander Lukashenko a reçu son homologue.", "Lukashenko",
         "Loukachenko"),
        ("Les frappes ont visé Zhytomyr, dans le nord de l'Ukraine.", "Zhytomyr", "Jytomyr"),
    ],
)
def test_english_transliteration_of_slavic_names(text: str, span: str, fix: str) -> None:
    findings = [f for f in run_check("leftover", text) if f.category == "name"]
    assert [(f.text, f.suggestion) for f in findings] == [(span, fix)]
    assert findings[0].severity is Severity.INFO and findings[0].check == "leftover"


@pytest.mark.parametrize(
    "text",
    [
        "Le président chinois a reçu Zhang Wei à Shanghai, tandis que la Russie observe.",
        "Le ministre Grant Shapps a visité Kiev avec le patron de Shell.",
        "Le président Volodymyr Zelenskyy a remercié ses alliés.",  # -yy: off by default
        "Le dirigeant biélorusse Alexandre Loukachenko a reçu son homologue.",
        "Les forces russes ont frappé Kharkiv et Odessa dans la nuit.",
    ],
)
def test_names_without_english_transliteration(text: str) -> None:
    assert [f.text for f in run_check("leftover", text) if f.category == "name"] == []


def test_english_calendar_words_and_ordinals() -> None:
    text = "Les négociations reprendront Thursday, avant le sommet du 4 December."
    assert [(f.text, f.suggestion) for f in run_check("leftover", text)] == [
        ("Thursday", "jeudi"),
        ("December", "décembre"),
    ]
    (f,) = run_check("leftover", "Le 21st siècle sera celui de l'Asie, selon l'auteur.")
    assert (f.text, f.suggestion) == ("21st", "21e")
    (g,) = run_check("leftover", "Le Gen. Milley a été entendu par la commission.")
    assert (g.text, g.suggestion) == ("Gen.", "le général")


@pytest.mark.parametrize(
    "text",
    [
        "Les magasins ont été pris d'assaut pendant le Black Friday.",
        "Selon le Sunday Times, le ministre envisage de démissionner.",
        "Il habite sur la 5th Avenue, près de la 42nd Street.",
        "Le Super Tuesday a confirmé l'avance de l'ancien président.",
    ],
)
def test_calendar_words_inside_names(text: str) -> None:
    assert flagged(text) == []
