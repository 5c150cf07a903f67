"""artifact: pipeline junk is flagged; ordinary French typography is not."""

from __future__ import annotations

import pytest
from conftest import make_doc, run_check

from mtcheck.types import Severity


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.severity.value) for f in run_check("artifact", text)]


@pytest.mark.parametrize(
    ("text", "span", "severity"),
    [
        # translation-plugin markers and placeholders
        ("(Tagstotranslate) Ukraine Sommet Otan", "(Tagstotranslate)", "error"),
        (
            "Le sommet s'est tenu jeudi [tagsToTranslate] Ukraine Russie",
            "[tagsToTranslate]",
            "error",
        ),
        ("Bonjour {{first_name}}, découvrez nos offres de la semaine.", "{{first_name}}", "error"),
        ("Le montant de {0} euros a été versé aux victimes.", "{0}", "error"),
        ("Le ministre a déclaré que %s ne serait pas candidat.", "%s", "error"),
        ("Le texte __TAG__ a été adopté en première lecture.", "__TAG__", "error"),
        ('Le projet <x id="1"/> a été voté mardi.', '<x id="1"/>', "error"),
        # HTML entities, markup, shortcodes, mojibake
        ("Il n & apos; est pas certain que le texte passe.", "& apos;", "error"),
        ("Les Etats membres l&#8217;accepteront sans doute.", "&#8217;", "error"),
        ("Le président a annoncé&nbsp;sa candidature mardi.", "&nbsp;", "error"),
        ("Le texte a été adopté.<br>Les députés ont voté à main levée.", "<br>", "error"),
        ("Les élus ont voté le budget.</p>", "</p>", "error"),
        (
            '[caption id="attachment_12" align="alignleft"] Le ministre à Kiev.',
            '[caption id="attachment_12" align="alignleft"]',
            "error",
        ),
        ("La dÃ©cision sera rendue vendredi.", "Ã©", "error"),
        # doubled words
        ("Les sanctions sont sont entrées en vigueur lundi.", "sont sont", "warning"),
        ("Le président de la de la commission a démissionné.", "de la de la", "warning"),
        ("Le le président a pris la parole en premier.", "Le le", "warning"),
        ("Le texte qu'il il a signé reste secret.", "il il", "warning"),
        ("The the report was published on Monday, écrit le journal.", "The the", "warning"),
        # tokenizer damage
        ("Au n ° 10 Downing Street, personne n'a voulu répondre.", "n °", "warning"),
        ("Voir p . 3 du rapport, où l'auteur détaille ses arguments.", "p .", "warning"),
        ("Le 1 er janvier, la réforme entrera en vigueur.", "1 er", "warning"),
        ("Le ministre a indiqué que l' Ukraine recevrait des armes.", "l' ", "warning"),
        ("Le dirigeant a rencontré l 'ambassadeur jeudi matin.", "l '", "warning"),
        ("Il faut garder son sang — froid face à la crise.", "sang — froid", "warning"),
        ("Il viendra peut - être la semaine prochaine.", "peut - être", "warning"),
        # glued text
        (
            "Les frappes ont visé la défense aériennePARIS (Reuters) - Le gouvernement a réagi.",
            "aériennePARIS",
            "warning",
        ),
        ("Le sommet a pris fin.Les dirigeants ont publié un communiqué.", "fin.Les", "warning"),
        # quotes and brackets
        ("Un porte-parole a ajouté «»l'essentiel est de rester calme.", "«»l'essentiel", "info"),
        ('Le ministre a affirmé que " la trêve sera respectée».', '" la', "info"),
        ("Le prix a augmenté de 2 %) selon l'Insee.", ")", "info"),
    ],
)
def test_flags_pipeline_junk(text: str, span: str, severity: str) -> None:
    findings = run_check("artifact", text)
    assert [(f.text, f.severity.value) for f in findings] == [(span, severity)], text
    f = findings[0]
    assert f.category == "artifact" and f.check == "artifact" and f.message


def test_suggestions_repair_the_damage() -> None:
    (f,) = run_check("artifact", "Il n & apos; est pas certain que le texte passe.")
    assert f.suggestion == "'"
    (g,) = run_check("artifact", "La dÃ©cision sera rendue vendredi.")
    assert g.suggestion == "é"
    (h,) = run_check("artifact", "Il faut garder son sang — froid face à la crise.")
    assert h.suggestion == "sang-froid"
    (k,) = run_check("artifact", "Les sanctions sont sont entrées en vigueur lundi.")
    assert k.suggestion == "sont"


def test_tag_marker_mentions_tag_list() -> None:
    (f,) = run_check("artifact", "(Tagstotranslate) Ukraine Sommet Otan")
    assert "tag list" in f.message
    assert f.severity is Severity.ERROR


@pytest.mark.parametrize(
    "text",
    [
        # French typographic variation is not damage
        "Le ministre a déclaré : « Nous ne céderons pas ! » avant de quitter la salle ; fin.",
        'Le président a répondu "non" , puis a quitté la tribune .',
        'Le porte-parole a indiqué : "Nous examinons toutes les options", sans détails.',
        "'La puissance de nos armées demeure incontestable', a-t-elle ajouté.",
        'Longtemps vue comme une " réussite " du secteur, l\'entreprise vacille.',
        "Le candidat a obtenu 52 % des voix, contre 48 % pour son adversaire.",
        # legitimate doubles and names
        "Nous nous sommes rendus sur place, et vous vous en doutez, c'était tendu.",
        "« C'est très très important pour nous », a insisté la maire de la commune.",
        "Le général de Gaulle et la famille De Gaulle ont été évoqués à la cérémonie.",
        "La ville de Des Moines, dans l'Iowa, accueillera le premier caucus.",
        "Le film La La Land a été diffusé dimanche soir sur France 2.",
        "Il y a a priori peu de chances que le texte soit adopté avant l'été.",
        "Duran Duran a annoncé une tournée, comme Boutros Boutros-Ghali en son temps.",
        "Ce fait fait débat au sein de la majorité, selon plusieurs députés.",
        "Il a rappelé que l'est est la région la plus touchée par les crues.",
        # normal abbreviations, ordinals, compounds and dashes
        "Au n° 10 Downing Street, personne n'a voulu répondre, pas plus que le numéro 2 du parti.",
        "Le 1er janvier, la réforme entrera en vigueur, a rappelé M. Dupont page 3.",
        "Le XXe siècle a été marqué par deux guerres mondiales.",
        "Le sang-froid des pompiers a permis d'éviter le pire, selon le préfet.",
        "Il a dit qu'il viendrait — peut-être — la semaine prochaine.",
        "Le match France - Allemagne aura lieu samedi au Stade de France.",
        # lists, brands, URLs
        "Les conditions sont les suivantes : a) un cessez-le-feu, b) un échange de prisonniers.",
        "Le texte prévoit trois volets: 1) la fiscalité, 2) l'emploi, 3) la formation.",
        "Apple a présenté macOS et iOS lors de sa conférence, a rapporté l'AFP.",
        "Le service ChatGPT d'OpenAI et l'application NordVPN sont cités dans le rapport.",
        "La page www.service-public.fr détaille les démarches, écrit Le Monde.fr ce matin.",
        "Le prix du baril (Brent) a reculé de 2 % lundi.",
        'Le fonds public d"investissement a annoncé une prise de participation.',
    ],
)
def test_clean_text_is_not_flagged(text: str) -> None:
    assert spans(text) == []


def test_quote_continued_from_previous_paragraph_is_not_flagged() -> None:
    text = (
        "Le ministre a été clair : « Nous ne reculerons pas sur ce texte.\n\n"
        "Nous irons jusqu'au bout de cette réforme », a-t-il conclu."
    )
    assert spans(text) == []


def test_orphan_closing_quote_after_a_closed_paragraph() -> None:
    text = (
        "Le ministre s'est exprimé jeudi devant les députés.\n\n"
        "Nous irons jusqu'au bout de cette réforme », a-t-il conclu."
    )
    findings = run_check("artifact", text)
    assert [f.text for f in findings] == ["»"]
    assert findings[0].severity is Severity.INFO
    assert findings[0].paragraph == 1


def test_lone_closing_quote_in_a_single_paragraph_is_left_alone() -> None:
    # It may close a quotation opened in a paragraph we were not given.
    assert spans("Nous irons jusqu'au bout de cette réforme », a-t-il conclu.") == []


def test_options_turn_detectors_off() -> None:
    from conftest import make_doc

    from mtcheck.checks.artifact import ArtifactCheck
    from mtcheck.checks.base import DocContext
    from mtcheck.config import Config

    text = "Les sanctions sont sont entrées en vigueur.Les marchés ont reculé."
    config = Config.load().with_overrides(
        {"checks": {"artifact": {"doubled_words": False, "glued_text": False}}}
    )
    doc = make_doc(text)
    ctx = DocContext(document=doc, config=config)
    assert list(ArtifactCheck(config).check(ctx, doc.paragraphs[0])) == []


def test_long_clean_text_has_no_findings() -> None:
    para = (
        "Le président a reçu mardi les dirigeants européens pour discuter des garanties de "
        "sécurité accordées à l'Ukraine, selon un communiqué publié à l'issue de la réunion. "
    )
    text = "\n\n".join([para * 3] * 40)
    assert run_check("artifact", text) == []


# --- glued words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "fix"),
    [
        ("Le siège des Nations Uniesfigurait parmi les cibles évoquées.", "Uniesfigurait",
         "Unies figurait"),
        ("La sénatrice Elise Stefanik a répondu. Selon Stefanikle texte sera voté mardi.",
         "Stefanikle", "Stefanik le"),
        ("Il a lancé : « jeCela ne se reproduira pas », selon son entourage.", "jeCela",
         "je Cela"),
        ("La défense aérienneParis a renforcé son dispositif autour de la capitale.",
         "aérienneParis", "aérienne Paris"),
        ("Le ministre a rencontré lePrésident ukrainien à Kiev.", "lePrésident",
         "le Président"),
        ("Les soldats de la paixsont arrivés hier soir dans la capitale.", "paixsont",
         "paix sont"),
    ],
)
def test_glued_words(text: str, span: str, fix: str) -> None:
    findings = run_check("artifact", text)
    assert [(f.text, f.suggestion) for f in findings] == [(span, fix)]
    f = findings[0]
    assert f.severity is Severity.WARNING and f.category == "artifact"
    assert "glued" in f.message.lower() and f.evidence


@pytest.mark.parametrize(
    "text",
    [
        # French surnames and place names are built like glued words
        "Le Premier ministre Sébastien Lecornu a reçu Jean Boisvert et Marie Grandjean.",
        "La course partira de Montvendre pour rejoindre Clairefontaine.",
        # compounds with combining forms, brands, regular forms Lexique lacks
        "Les autoentrepreneurs redoutent les cyberattaques et la visioconférence.",
        "Il a acheté un iPhone sur eBay, vendu par bioMérieux et easyJet.",
        "Les enquêteurs enquêteraient déjà sur les financements, recentrant leurs efforts.",
        # names that end like a function word, without the bare name elsewhere
        "Michelle Dupont et Paula Martin ont voté, comme Danielle Rey.",
        "Le ministre a parlé avec Gabrielle Macronet, sans lien avec le président.",
        "L'astrophysicien Neil deGrasse Tyson a salué la mission.",
    ],
)
def test_words_that_only_look_glued(text: str) -> None:
    assert [f.text for f in run_check("artifact", text)] == []


@pytest.mark.parametrize(
    ("text", "span", "fix"),
    [
        ("Le ministre a indiqué que l Ukraine recevrait des armes.", "l Ukraine", "l'Ukraine"),
        ("Il n y a pas eu de victimes selon la police.", "n y", "n'y"),
        ("Le porte-parole a précisé qu il ne se représenterait pas.", "qu il", "qu'il"),
        ("Pour le maire, c est une victoire.", "c est", "c'est"),
        ("L Union européenne a réagi dans la soirée.", "L Union", "L'Union"),
    ],
)
def test_lost_apostrophe(text: str, span: str, fix: str) -> None:
    findings = run_check("artifact", text)
    assert [(f.text, f.suggestion) for f in findings] == [(span, fix)]
    assert "apostrophe" in findings[0].message.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Le coureur a parcouru 3 km en 10 s avant une pause de 5 m environ.",
        "Le président Harry S Truman a signé le texte en 1947.",
        "Il prend de la vitamine C au petit déjeuner, c à d chaque matin.",
    ],
)
def test_single_letters_that_are_not_lost_elisions(text: str) -> None:
    assert [f.text for f in run_check("artifact", text)] == []


def test_glued_words_follow_the_glued_text_switch() -> None:
    from mtcheck.checks.artifact import ArtifactCheck
    from mtcheck.checks.base import DocContext
    from mtcheck.config import Config

    text = "Le siège des Nations Uniesfigurait parmi les cibles évoquées."
    config = Config.load().with_overrides({"checks": {"artifact": {"glued_text": False}}})
    doc = make_doc(text)
    ctx = DocContext(document=doc, config=config)
    assert list(ArtifactCheck(config).check(ctx, doc.paragraphs[0])) == []
