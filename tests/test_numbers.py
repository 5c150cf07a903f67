"""Numbers, amounts, dates and times in English format (configs/rules/numbers.toml).

The rule examples in the TOML file are checked by test_rules.py; these tests run the rules
through the checks that own them, as a user would, and hold the clean French number
formats that must never be flagged in one place.
"""

from __future__ import annotations

import pytest
from conftest import run_check


def _num_findings(text: str) -> list[tuple[str, str, str]]:
    """(rule id, flagged text, category) of every numbers.toml hit, whichever check ran it."""
    out = []
    for check in ("calque", "grammar"):
        for f in run_check(check, text):
            if f.rule and f.rule.startswith("num-"):
                out.append((f.rule, f.text, f.category))
    return out


@pytest.mark.parametrize(
    ("text", "rule", "flagged"),
    [
        ("Le baril de brut a terminé à 82.40 dollars mardi soir.", "num-decimal-point-unit",
         "82.40"),
        ("Chaque victime touchera 3,000 dollars d'indemnité.", "num-thousands-comma-amount",
         "3,000"),
        ("Le fonds souverain a investi US$2 milliards dans le port.",
         "num-currency-code-prefix", "US$2 milliards"),
        ("L'opérateur a réalisé 3.2bn d'euros de ventes.", "num-bn-abbreviation", "3.2bn"),
        ("Le plan de relance américain atteint 2 trillions de dollars.", "num-trillion",
         "trillions"),
        ("Environ 4 million de personnes vivent sous le seuil de pauvreté.",
         "num-million-singular", "million"),
        ("Les exportations ont progressé de 6 percent en mai.", "num-english-percent",
         "percent"),
        ("Les rafales ont atteint 120 mph sur la côte.", "num-mph", "mph"),
        ("La ville a perdu la moitié de ses usines dans les 1980s.", "num-english-decade",
         "1980s"),
        ("Le scrutin ferme à 7 pm heure locale.", "num-am-pm-bare", "7 pm"),
        ("Le président s'exprimera à 20 h EDT depuis la Maison Blanche.",
         "num-us-time-zone", "EDT"),
        ("La loi est entrée en vigueur le 1er janvier, 2025 dans tout le pays.",
         "num-date-comma-year", ", 2025"),
        ("Les pourparlers reprendront le July 9 à Doha.", "num-english-month-with-day",
         "July 9"),
        ("Le couvre-feu sera levé le 2 de mai selon la préfecture.", "num-day-de-month",
         "de mai"),
        ("Quelques 150 policiers ont été mobilisés pour le match.", "num-quelques-number",
         "Quelques"),
        ("Le Pentagone a débloqué un autre 300 millions de dollars pour Kiev.",
         "num-another-number", "un autre"),
        ("Les deux camps ont accepté une trêve 72-heures.", "num-hyphenated-duration",
         "72-heures"),
        ("Un 17 ans vieux adolescent a été blessé par balle.", "num-year-old", "ans vieux"),
        ("Le pilote de l'hélicoptère, Kevin Brooks, 52, est mort sur le coup.",
         "num-bare-age", "52"),
        ("Les secours ont retrouvé le randonneur à 8 miles du sentier.", "num-miles", "miles"),
        ("La banque centrale a injecté ¥500 milliards sur le marché.",
         "num-currency-code-prefix", "¥500 milliards"),
    ],
)
def test_english_number_format_is_flagged(text: str, rule: str, flagged: str) -> None:
    hits = _num_findings(text)
    assert (rule, flagged) in [(r, t) for r, t, _ in hits], hits


def test_findings_carry_category_and_suggestion() -> None:
    findings = [f for f in run_check("calque", "L'inflation a reculé de 0,4 per cent en juin.")
                if f.rule == "num-english-percent"]
    assert len(findings) == 1
    assert findings[0].category == "leftover"
    assert findings[0].suggestion and "%" in findings[0].suggestion


def test_million_agreement_is_run_by_the_grammar_check() -> None:
    text = "Près de 6 milliard de dollars ont été engagés."
    assert [f.rule for f in run_check("grammar", text)] == ["num-million-singular"]
    assert not [f for f in run_check("calque", text) if f.rule == "num-million-singular"]


def test_one_span_is_flagged_once_across_rule_files() -> None:
    # syn-currency-before-number (syntax.toml) and the numbers rules both see "$"
    # amounts; the calque check keeps a single finding per span.
    findings = run_check("calque", "Le groupe a versé $12,500 dollars à chaque salarié.")
    spans = [(f.start, f.end) for f in findings]
    assert spans and len(spans) == len(set(spans))
    assert all(not (a[0] < b[1] and b[0] < a[1]) for i, a in enumerate(spans)
               for b in spans[i + 1:])


CLEAN = [
    "Le CAC 40 a gagné 1,25 % pour finir à 7 512,34 points vendredi.",
    "L'euro valait 1,0852 dollar en fin de séance à New York.",
    "Le litre de gazole a dépassé 2,103 euros le litre dans plusieurs stations du Var.",
    "Le dispositif prévoit une aide de 45.000 euros par exploitation agricole.",
    "La société compte 3.000 salariés répartis dans douze pays.",
    "Les juges ont appliqué l'article 81.1 du traité et l'article 4.2 du règlement.",
    "Le train de 10.30 a été supprimé en raison d'un mouvement social.",
    "La version 2.0 de l'application sera disponible au printemps.",
    "L'Euro 2024 s'est tenu en Allemagne du 14 juin au 14 juillet.",
    "Le 5 mars, 2000 agriculteurs ont bloqué le périphérique.",
    "Ils étaient 1,5 million à défiler selon les syndicats, 900 000 selon la police.",
    "La métropole compte 2,1 millions d'habitants et 1,2 million d'emplois.",
    "Un million de foyers restent privés d'électricité depuis la tempête.",
    "La dette publique dépasse 3 000 milliards d'euros, soit 110,6 % du PIB.",
    "Les bourses d'études représentaient 38 000$ pour l'année universitaire.",
    "Le ministère a promis une enveloppe de 150 millions € aux communes sinistrées.",
    "Le vainqueur a bouclé les 42,195 km en 2 h 05 min 30 s.",
    "Les concentrations de PM10 et de PM2,5 ont dépassé le seuil d'alerte.",
    "Les années 1990 ont vu l'essor d'Internet et les années 80 celui du baladeur.",
    "Quelque 300 migrants ont été secourus au large de la Libye.",
    "Il restait quelques 4x4 et quelques 45 tours dans le garage du collectionneur.",
    "Le chômage des 18-25 ans reste supérieur à la moyenne nationale.",
    "Theresa May a quitté Downing Street le 24 juillet 2019.",
    "Le film Million Dollar Baby a reçu quatre oscars.",
    "Le Brent a fini à 85,43 dollars le baril, en hausse de 1,2 %.",
    "Le prix de l'électricité est fixé à 0,2516 €/kWh pour les particuliers.",
    "Au T1 2024, les ventes du groupe ont atteint 2,5 milliards d'euros.",
    "Une trêve de 30 jours a été proposée par Washington le 11 mars.",
    "Le café coûte 3.50 francs au buffet de la gare de Lausanne.",
    "La radio émettait sur 1 458 kHz en AM avant de passer en FM.",
    "Ce conflit vieux de 40 ans n'a jamais trouvé d'issue.",
    "Il a passé quelques années à Lisbonne avant de fêter ses 30 ans.",
    "Kevin Brooks, 52 ans, pilotait l'hélicoptère depuis vingt ans.",
    "Le cortège est parti du 14, rue de la Paix, vers 15 h.",
    "Le phare se dresse à 12 milles nautiques de la côte.",
    "La traversée fait 30 miles (48 km) entre les deux îles.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_french_number_formats_stay_silent(text: str) -> None:
    assert _num_findings(text) == []
