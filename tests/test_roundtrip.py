"""roundtrip: French sentences that come back very different after fr -> en -> fr."""

from __future__ import annotations

from conftest import run_check

from mtcheck.types import Severity

GOOD = "Le sommet s’est tenu à Londres jeudi dernier en présence de vingt pays."
BAD = "Les dirigeants de la coalition des appareils retenus mercredi sur un plan militaire."
BAD_RT = (
    "Les responsables de l’alliance des machines gardées ont discuté mercredi d’un programme armé."
)


def test_a_sentence_that_does_not_survive_the_round_trip_is_flagged() -> None:
    text = f"{GOOD} {BAD}"
    rt = f"{GOOD} {BAD_RT}"
    findings = run_check("roundtrip", text, roundtrips={0: rt}, model_available=True)
    assert len(findings) == 1
    f = findings[0]
    assert f.text == BAD
    assert (f.start, f.end) == (len(GOOD) + 1, len(text))
    assert f.category == "low_confidence"
    assert f.severity is Severity.INFO
    assert f"round trip (fr→en→fr): '{BAD_RT}' (chrF 27.2)" in (f.evidence or "")


def test_faithful_round_trips_flag_nothing() -> None:
    text = f"{GOOD} {BAD}"
    assert run_check("roundtrip", text, roundtrips={0: text}, model_available=True) == []
    # A moderately reworded round trip (chrF ~50) is normal for good French.
    rt = (
        f"{GOOD} Les chefs de la coalition des dispositifs conservés mercredi "
        "concernant un projet militaire."
    )
    assert run_check("roundtrip", text, roundtrips={0: rt}, model_available=True) == []


def test_inactive_without_round_trips() -> None:
    assert run_check("roundtrip", f"{GOOD} {BAD}", model_available=True) == []


def test_short_sentences_are_skipped() -> None:
    text = "Il a refusé. Elle est partie."
    rt = "Il a dit non. Elle a quitté."
    assert run_check("roundtrip", text, roundtrips={0: rt}, model_available=True) == []


def test_round_trip_merging_two_sentences_is_aligned() -> None:
    first = "Le gouvernement a présenté son budget mardi matin."
    second = "Les députés l’examineront à partir de la semaine prochaine."
    text = f"{first} {second}"
    rt = (
        "Le gouvernement a présenté son budget mardi matin et les députés l’examineront "
        "dès la semaine prochaine."
    )
    assert run_check("roundtrip", text, roundtrips={0: rt}, model_available=True) == []


def test_document_norm_spares_uniformly_loose_round_trips() -> None:
    """When every sentence of a long document comes back loosely (a weak round-trip
    model), only the sentences far below the document's norm are flagged."""
    frs = [
        "Le conseil municipal a voté le budget de la ville lundi soir.",
        "Les travaux du nouveau pont commenceront au mois de septembre.",
        "La préfecture a levé l’alerte sécheresse dans tout le département.",
        "Les commerçants du centre-ville se disent satisfaits de la saison.",
        "Le club local a remporté son troisième match consécutif samedi.",
        "La bibliothèque municipale prolonge ses horaires d’ouverture cet été.",
    ]
    rts = [
        "L’assemblée de la commune a adopté les finances locales en soirée lundi.",
        "Le chantier du pont neuf débutera en septembre prochain.",
        "Les autorités ont supprimé la vigilance contre la sécheresse du territoire.",
        "Les marchands du cœur de la cité se déclarent contents de cette période.",
        "L’équipe du coin a gagné sa troisième rencontre d’affilée ce samedi.",
        "La médiathèque de la commune allonge ses heures d’accueil pendant l’été.",
    ]
    from mtcheck.checks.align import chrf

    scores = [chrf(r, f) for f, r in zip(frs, rts, strict=True)]
    assert max(scores) < 35  # every sentence is under the absolute threshold...
    frs.append(BAD)
    rts.append("Nous avons mangé des pommes vertes au bord du lac hier.")
    text = "\n\n".join(frs)
    findings = run_check("roundtrip", text, roundtrips=dict(enumerate(rts)), model_available=True)
    # ... but only the sentence far below the document's norm is flagged.
    assert [f.text for f in findings] == [BAD]
    assert "document median chrF" in (findings[0].evidence or "")
