"""Noun-adjective and subject-verb agreement detectors of the grammar check."""

from __future__ import annotations

import pytest
from conftest import run_check

RULES = ("gram-noun_adjective", "gram-subject_verb")


def agreement(text: str) -> list:  # type: ignore[type-arg]
    return [f for f in run_check("grammar", text) if f.rule in RULES]


@pytest.mark.parametrize(
    ("sentence", "rule", "span", "fix"),
    [
        ("La mairie a pris une décision important mardi soir.",
         "gram-noun_adjective", "décision important", "décision importante"),
        ("Les forces armé ont repoussé une nouvelle offensive près de la frontière.",
         "gram-noun_adjective", "forces armé", "forces armées"),
        ("Les autorités sanitaires ont annoncé des mesures supplémentaire pour cet hiver.",
         "gram-noun_adjective", "mesures supplémentaire", "mesures supplémentaires"),
        ("Le gouvernement britanniques a réagi dans un communiqué publié dimanche.",
         "gram-noun_adjective", "gouvernement britanniques", "gouvernement britannique"),
        ("La délégation américain est arrivée à Genève dans la matinée.",
         "gram-noun_adjective", "délégation américain", "délégation américaine"),
        ("Une commission indépendant doit faire la lumière sur ces violences.",
         "gram-noun_adjective", "commission indépendant", "commission indépendante"),
        ("Les élections législative se tiendront au printemps prochain.",
         "gram-noun_adjective", "élections législative", "élections législatives"),
        ("Les pays a décidé de prolonger les sanctions jusqu'à la fin de l'année.",
         "gram-subject_verb", "Les pays a", "Les pays ont"),
        ("La commission ont présenté un nouveau plan de relance jeudi.",
         "gram-subject_verb", "La commission ont", "La commission a"),
        ("Ils a déclaré que la situation restait très préoccupante.",
         "gram-subject_verb", "Ils a", "Ils ont"),
        ("Il ont refusé de commenter les informations de la presse locale.",
         "gram-subject_verb", "Il ont", "Il a"),
        ("Elle ont quitté la réunion avant la fin des discussions.",
         "gram-subject_verb", "Elle ont", "Elle a"),
        ("Ils l'a confirmé lors d'une conférence de presse.",
         "gram-subject_verb", "Ils l'a", "Ils l'ont"),
        ("Le ministre a rappelé que les autorités a pris des mesures d'urgence.",
         "gram-subject_verb", "les autorités a", "les autorités ont"),
        ("Les pays européens a décidé de renforcer leur soutien militaire.",
         "gram-subject_verb", "Les pays européens a", "Les pays européens ont"),
        ("La commission européenne ont rejeté la demande de Budapest.",
         "gram-subject_verb", "La commission européenne ont", "La commission européenne a"),
        ("Quand les prix a augmenté, la demande a nettement reculé.",
         "gram-subject_verb", "les prix a", "les prix ont"),
    ],
)
def test_flagged(sentence: str, rule: str, span: str, fix: str) -> None:
    findings = agreement(sentence)
    assert [(f.rule, f.text) for f in findings] == [(rule, span)]
    f = findings[0]
    assert f.category == "grammar" and f.check == "grammar"
    assert f.severity.value == "warning"
    assert f.suggestion == fix
    assert "agree" in f.message and f.evidence and f.evidence.startswith("Lexique")


def test_noun_adjective_message_names_both_words() -> None:
    [f] = agreement("Une commission indépendant doit faire la lumière sur ces violences.")
    assert "'indépendant'" in f.message and "'Une commission'" in f.message
    assert "feminine" in f.message and "masculine" in f.message


def test_subject_verb_message_names_both_words() -> None:
    [f] = agreement("La commission ont présenté un nouveau plan de relance jeudi.")
    assert "'ont' (plural)" in f.message and "'La commission' (singular)" in f.message


@pytest.mark.parametrize(
    "sentence",
    [
        # invariable adjectives, colours, nouns used as adjectives
        "Les manifestants portaient des gilets orange et des brassards marron.",
        "Des vestes bleu marine ont été distribuées aux bénévoles.",
        "Les négociateurs ont enchaîné des réunions marathon à Bruxelles.",
        "Une femme médecin a témoigné devant la commission d'enquête.",
        "Les marchés ont atteint des prix record cette semaine.",
        "Des questions clés restent en suspens avant le sommet.",
        "Les responsables haut placés ont été convoqués par le juge.",
        "Il faut réunir les meilleures conditions possible pour la reprise.",
        # complement nouns: the adjective goes with the first noun
        "La hausse des prix alimentaire inquiète les ménages.",
        "Le prix de l'électricité élevé pèse sur les entreprises.",
        "Les sanctions contre le régime adoptées lundi visent les banques.",
        "L'accès aux soins gratuit reste une priorité du ministère.",
        # coordination and distributive adjectives
        "Une attitude et un comportement agressifs ont été signalés à la police.",
        "Un comportement et une attitude agressifs ont été relevés.",
        "Les secteurs public et privé sont touchés par la grève.",
        "Les élections présidentielle et législatives auront lieu en juin.",
        "Les ministres français et allemand se sont retrouvés à Berlin.",
        # adjective + noun compounds, numbers, present participles, adjectives before nouns
        "L'armée a reçu des missiles longue portée et des drones.",
        "Les trains grande vitesse sont à l'arrêt depuis ce matin.",
        "Les années 1990 ont été marquées par la guerre des Balkans.",
        "Les jours passant, la tension est montée d'un cran.",
        "Le gouvernement a pris une grande décision pour les retraites.",
        # attributes of the subject after an object, special nouns
        "Il a quitté la salle furieux après le vote.",
        "Elle a terminé la course épuisée mais heureuse.",
        "Une fois élu, il a immédiatement nommé un gouvernement.",
        "Une fois arrivée au pouvoir, elle a changé de ton.",
        # proper nouns and epicene nouns
        "La ministre déléguée a visité l'usine vendredi.",
        "Le Conseil européen a validé le plan de relance.",
        # subject and verb: coordination, collectives, complements
        "La police et les pompiers sont intervenus rapidement.",
        "Les pompiers et la police sont arrivés sur place.",
        "Son frère et elle ont fondé l'entreprise en 2010.",
        "Ni lui ni elle n'ont répondu à nos questions.",
        "La plupart ont voté contre le texte.",
        "La majorité ont finalement accepté le compromis.",
        "Une partie des députés ont quitté l'hémicycle.",
        "Un groupe de manifestants ont bloqué la route nationale.",
        "Les sanctions contre le régime ont été renforcées.",
        "Les syndicats, le patronat et le gouvernement ont signé l'accord.",
        # relative clauses, object pronouns, impersonal il, on
        "Les mesures que le gouvernement a prises sont jugées insuffisantes.",
        "Les réformes que la coalition a votées entrent en vigueur.",
        "Elle les a vus lundi à la sortie du tribunal.",
        "Il les a reçus à l'Élysée avant le conseil des ministres.",
        "Ils en ont discuté longuement avec les syndicats.",
        "Il y a des tensions entre les deux partenaires.",
        "Il reste des questions sur le financement du projet.",
        "On a appris jeudi que les négociations avaient échoué.",
        "Chacune d'entre elles a reçu une aide de l'État.",
        "Pour elle, les choses sont désormais claires.",
        "Les régions est du pays sont les plus touchées.",
        "Selon le ministère, les négociations ont échoué.",
        "Les soldats blessés ont été évacués vers l'hôpital.",
        "Les prix restent élevés malgré la baisse du pétrole.",
    ],
)
def test_clean(sentence: str) -> None:
    assert agreement(sentence) == []
