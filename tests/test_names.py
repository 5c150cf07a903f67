"""The names check: translated, swapped or misspelt names of listed public figures."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_check

from mtcheck.checks.names import _split, load_index


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in run_check("names", text)]


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        # a translated first name before a distinctive surname
        (
            "À Nairobi, Guillaume Ruto a promis une baisse des impôts.",
            "Guillaume Ruto",
            "William Ruto",
        ),
        (
            "Le conservateur Peter Poilievre réclame des élections anticipées.",
            "Peter Poilievre",
            "Pierre Poilievre",
        ),
        (
            "Interrogé lundi, George Meloni a défendu son budget.",
            "George Meloni",
            "Giorgia Meloni",
        ),
        # the Russian form of a Ukrainian first name
        (
            "Le président Vladimir Zelensky a rencontré ses alliés.",
            "Vladimir Zelensky",
            "Volodymyr Zelensky",
        ),
        # a translated first name before a common surname is still flagged
        (
            "Le conseiller Jacques Sullivan a quitté la Maison Blanche.",
            "Jacques Sullivan",
            "Jake Sullivan",
        ),
        # a misspelt first name
        (
            "Le président Volodomyr Zelensky a remercié les Européens.",
            "Volodomyr Zelensky",
            "Volodymyr Zelensky",
        ),
        # a misspelt surname after the right first name
        (
            "Emmanuel Macrom a reçu le chancelier à l'Élysée.",
            "Emmanuel Macrom",
            "Emmanuel Macron",
        ),
        ("Keir Starmar a répondu aux députés mercredi.", "Keir Starmar", "Keir Starmer"),
        # one letter off in both names
        (
            "La diplomate Kaya Callas a dénoncé les frappes.",
            "Kaya Callas",
            "Kaja Kallas",
        ),
    ],
)
def test_flags_mangled_names(text: str, span: str, suggestion: str) -> None:
    findings = run_check("names", text)
    assert [(f.text, f.suggestion) for f in findings] == [(span, suggestion)]
    finding = findings[0]
    assert finding.category == "name"
    assert finding.check == "names"
    assert suggestion in finding.message
    assert finding.evidence and "public figures list" in finding.evidence


def test_finding_offsets_are_document_offsets() -> None:
    text = "Premier paragraphe sans nom.\n\nLe conservateur Peter Poilievre a parlé."
    (finding,) = run_check("names", text)
    assert text[finding.start : finding.end] == "Peter Poilievre"


@pytest.mark.parametrize(
    "text",
    [
        # canonical names and accepted variants
        "Emmanuel Macron et Giorgia Meloni ont rencontré Keir Starmer à Londres.",
        "Volodymyr Zelenskyy a remercié Kaja Kallas et Ursula von der Leyen.",
        "Benjamin Netanyahu et Benyamin Netanyahou désignent le même dirigeant.",
        "Kyriákos Mitsotákis a salué l'accord conclu avec Recep Tayyip Erdogan.",
        # relatives and namesakes who share the surname
        "Brigitte Macron accompagnait le président lors de la visite.",
        "Melania Trump, Ivanka Trump et Donald Trump Jr. étaient présents.",
        "Hunter Biden et Jill Biden ont assisté à la cérémonie.",
        "Arianna Meloni dirige le secrétariat du parti.",
        "Kim Yo-jong a publié un communiqué au nom de son frère.",
        # a different person with a common surname
        "Le sprinteur Michael Johnson commente les Jeux pour la BBC.",
        "Le comédien Michael Caine a fêté ses 90 ans.",
        "L'actrice Maria Callas reste une légende de l'opéra.",
        # an unrelated first name before a distinctive surname: likely another person
        "L'industriel Patrice Trudeau a racheté l'entreprise familiale.",
        # titles, not first names
        "Le président Macron et la présidente Meloni ont parlé de l'Ukraine.",
        "Mardi Zelensky a demandé davantage de défense aérienne.",
        # handles, hashtags, and a short quoted title
        "Le mot-clé #GeorgeMeloni circule, comme le compte @PeterPoilievre.",
        "Il a publié « Lettre à Guillaume Ruto » aux éditions du Seuil.",
        # a surname-like ordinary word
        "Le Prince Son a visité la ville de Mardi Gras.",
    ],
)
def test_leaves_correct_names_alone(text: str) -> None:
    assert _found(text) == []


def test_every_listed_name_and_relative_is_accepted() -> None:
    """The list must never contradict itself: each entry, variant and relative passes."""
    path = ROOT / "configs" / "lexicon" / "public_figures.tsv"
    names: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")] + ["", ""]
        names.append(cols[0])
        names += [v for v in cols[1].split("|") if " " in v]
        names += [r for r in cols[2].split("|") if r]
    assert len(names) > 400
    text = "\n\n".join(f"Selon {n}, la réunion a eu lieu mardi." for n in names)
    assert run_check("names", text) == []


def test_list_is_parsed_with_multiword_surnames() -> None:
    index = load_index([ROOT / "configs" / "lexicon" / "public_figures.tsv"])
    assert 400 <= len(index.people) <= 800
    assert _split("Ursula von der Leyen") == (["Ursula"], "von der Leyen")
    assert _split("Marine Le Pen") == (["Marine"], "Le Pen")
    assert _split("Robert F. Kennedy Jr.") == (["Robert", "F."], "Kennedy")
    assert "leyen" not in index.by_surname
    assert "von der leyen" in index.by_surname
    assert "zelenskyy" in index.by_surname  # a variant spelling is a key too
