"""low_confidence: hesitant back-translation words, normalised within the document,
mapped to whole French words."""

from __future__ import annotations

import pytest
from conftest import make_doc, run_check
from fake_bt import Item, make_bt, monotone_bt

from mtcheck.checks.align import english_words, expand_to_words, merge_spans
from mtcheck.types import BackTranslation, Finding, Severity

# Three paragraphs written for these tests; the third one is garbled on purpose.
P0 = "Les ministres européens se sont réunis mardi à Bruxelles pour discuter du budget."
E0 = "European ministers met on Tuesday in Brussels to discuss the budget."
P1 = (
    "Le gouvernement a annoncé une hausse des dépenses militaires pour les trois prochaines années."
)
E1 = "The government announced an increase in military spending for the next three years."
P2 = "Les dirigeants de la coalition des appareils retenus mercredi sur un calendrier commun."
DOC = "\n\n".join([P0, P1, P2])


def _garbled_bt(devices: float = -4.5, retained: float = -4.2) -> BackTranslation:
    return make_bt(
        P2,
        [
            ("The", -0.05, "Les"),
            ("leaders", -0.1, "dirigeants"),
            ("of", -0.02, "de"),
            ("the", -0.03, "la"),
            ("coalition", -0.08, "coalition"),
            ("of", -0.2, "des"),
            ("re|tained", (-0.4, retained), "retenus"),
            ("devices", devices, "appareils"),
            ("Wednesday", -0.1, "mercredi"),
            ("on", -0.3, "sur"),
            ("a", -0.1, "un"),
            ("common", -0.2, "commun"),
            ("timetable", -0.3, "calendrier"),
            (".", -0.01, "."),
        ],
    )


def _bts(garbled: BackTranslation) -> dict[int, BackTranslation]:
    return {0: monotone_bt(P0, E0, -0.1), 1: monotone_bt(P1, E1, -0.15), 2: garbled}


def test_garbled_phrase_is_flagged_on_whole_french_words() -> None:
    findings = run_check("low_confidence", DOC, backtranslations=_bts(_garbled_bt()))
    assert [f.text for f in findings] == ["appareils retenus"]
    f = findings[0]
    start = DOC.index("appareils retenus")
    assert (f.start, f.end) == (start, start + len("appareils retenus"))
    assert f.category == "low_confidence"
    assert f.severity is Severity.WARNING  # two words with p < e^-4
    assert "'retained' (p=0.015" in (f.evidence or "")
    assert "'devices' (p=0.011" in (f.evidence or "")
    assert "back-translation here: 'retained devices'" in (f.evidence or "")


def test_single_hesitant_word_is_info() -> None:
    findings = run_check(
        "low_confidence", DOC, backtranslations=_bts(_garbled_bt(devices=-0.3, retained=-3.0))
    )
    assert [(f.text, f.severity) for f in findings] == [("retenus", Severity.INFO)]


def test_uniformly_confident_document_flags_nothing() -> None:
    bts = {0: monotone_bt(P0, E0, -0.1), 1: monotone_bt(P1, E1, -0.15)}
    bts[2] = _garbled_bt(devices=-0.6, retained=-0.9)
    assert run_check("low_confidence", DOC, backtranslations=bts) == []


def test_normalisation_within_the_document() -> None:
    """The same log-probability is an outlier in a confident document and ordinary in a
    document the model finds hard throughout."""
    confident = run_check(
        "low_confidence", DOC, backtranslations=_bts(_garbled_bt(devices=-3.2, retained=-0.3))
    )
    assert [f.text for f in confident] == ["appareils"]

    # Same garbled paragraph in a document the model finds hard throughout: every other
    # word sits around -2.7.
    p3 = "Les agriculteurs bloquent depuis lundi les routes autour de la capitale régionale."
    e3 = "Farmers have been blocking roads around the regional capital since Monday."
    p4 = "La compagnie ferroviaire promet un retour à la normale avant la fin du mois prochain."
    e4 = "The railway company promises a return to normal before the end of next month."
    hard_doc = "\n\n".join([P0, P1, P2, p3, p4])
    hard = {
        0: monotone_bt(P0, E0, -2.8),
        1: monotone_bt(P1, E1, -2.6),
        2: _garbled_bt(devices=-3.2, retained=-0.3),
        3: monotone_bt(p3, e3, -2.7),
        4: monotone_bt(p4, e4, -2.9),
    }
    assert _word_findings(run_check("low_confidence", hard_doc, backtranslations=hard)) == []

    # ... where only a far outlier still stands out.
    hard[2] = _garbled_bt(devices=-9.0, retained=-0.3)
    found = _word_findings(run_check("low_confidence", hard_doc, backtranslations=hard))
    assert [f.text for f in found] == ["appareils"]


def _word_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "low_confidence/words"]


def test_short_document_uses_the_absolute_floor_only() -> None:
    text = "La coalition des appareils retenus a parlé."
    items = [
        ("The", -0.1, "La"),
        ("coalition", -0.1, "coalition"),
        ("of", -0.1, "des"),
        ("retained", -2.6, "retenus"),
        ("devices", -2.4, "appareils"),
        ("spoke", -0.3, "parlé"),
        (".", -0.01, "."),
    ]
    findings = run_check("low_confidence", text, backtranslations={0: make_bt(text, items)})
    assert [f.text for f in findings] == ["retenus"]  # -2.6 < -2.5 floor; -2.4 is not


def test_names_and_numbers_copied_from_the_french_are_not_flagged() -> None:
    text = "Steve Witkoff a rencontré 26 dirigeants à Paris."
    items = [
        ("Steve", -0.2, "Steve"),
        ("Wit|koff", (-3.5, -3.9), "Witkoff"),
        ("met", -0.2, "rencontré"),
        ("26", -3.0, "26"),
        ("leaders", -0.1, "dirigeants"),
        ("in", -0.1, "à"),
        ("Paris", -0.1, "Paris"),
        (".", -0.01, "."),
    ]
    assert run_check("low_confidence", text, backtranslations={0: make_bt(text, items)}) == []


def test_half_word_alignment_expands_to_the_whole_french_word() -> None:
    text = "Ils ont handicapé leurs contributions."
    # French pieces cut inside words, as SentencePiece does: "handi" + "capé".
    pieces = ((0, 3), (4, 7), (8, 13), (13, 17), (18, 23), (24, 37), (37, 38), (38, 38))
    english = "They handicapped their contributions."
    bt = BackTranslation(
        text=english,
        tokens=("▁They", "▁handi", "capped", "▁their", "▁contributions", ".", "</s>"),
        token_spans=((0, 4), (5, 10), (10, 16), (17, 22), (23, 36), (36, 37), (37, 37)),
        logprobs=(-0.1, -0.2, -5.0, -0.1, -0.1, -0.01, -0.01),
        source_spans=pieces,
        alignment=(0, 2, 3, 4, 5, 6, 7),
    )
    words = english_words(bt, len(text))
    assert [w.text for w in words] == ["They", "handicapped", "their", "contributions"]
    assert words[1].logprob == -5.0 and words[1].french == ((8, 13), (13, 17))
    findings = run_check("low_confidence", text, backtranslations={0: bt})
    assert [f.text for f in findings] == ["handicapé"]


def test_punctuation_and_end_tokens_are_never_flagged() -> None:
    text = "Le sommet a commencé."
    items = [
        ("The", -0.1, "Le"),
        ("summit", -0.1, "sommet"),
        ("began", -0.2, "commencé"),
        (".", -6.0, "."),
    ]
    bt = make_bt(text, items, eos_logprob=-7.0)
    assert run_check("low_confidence", text, backtranslations={0: bt}) == []


def test_paragraph_level_finding_on_the_worst_sentence() -> None:
    calm = [
        (
            "Le conseil municipal a voté le budget lundi soir.",
            "The city council voted on the budget on Monday evening.",
        ),
        (
            "Les travaux du nouveau pont commenceront en septembre.",
            "Work on the new bridge will begin in September.",
        ),
        (
            "La préfecture a levé l'alerte sécheresse dans le département.",
            "The prefecture lifted the drought alert in the department.",
        ),
        (
            "Les commerçants du centre-ville se disent satisfaits de la saison.",
            "Downtown shopkeepers say they are satisfied with the season.",
        ),
        (
            "Le club local a remporté son troisième match consécutif samedi.",
            "The local club won its third consecutive match on Saturday.",
        ),
    ]
    murky = (
        "Le maire a salué les bénévoles. Après avoir handicapé leurs offres possibles, "
        "les élus ont passé un appel avec le ministère."
    )
    murky_en = (
        "The mayor praised the volunteers. After handicapping their possible offers, "
        "the elected officials made a call with the ministry."
    )
    paras = [fr for fr, _ in calm] + [murky]
    doc_text = "\n\n".join(paras)
    bts = {i: monotone_bt(fr, en, -0.1) for i, (fr, en) in enumerate(calm)}
    # Every word of the second sentence at -1.6: none below the word floor, but the
    # passage as a whole is far less certain than the rest of the document.
    second = murky_en.split(". ", 1)[1]
    low = {w: -1.6 for w in second.replace(",", "").replace(".", "").split()}
    bts[5] = monotone_bt(murky, murky_en, -0.1, low=low)
    findings = run_check("low_confidence", doc_text, backtranslations=bts)
    assert len(findings) == 1
    f = findings[0]
    assert f.severity is Severity.INFO
    sentence2 = murky[murky.index("Après") :]
    assert f.text == sentence2
    assert "mean log-probability" in (f.evidence or "")


def test_findings_stay_inside_the_paragraph_with_sloppy_alignments() -> None:
    """Out-of-range pieces, -1 alignments and spans past the end must not escape."""
    text = "Un texte court mais étrange."
    bt = BackTranslation(
        text="A short but strange text.",
        tokens=("▁A", "▁short", "▁but", "▁strange", "▁text", "."),
        token_spans=((0, 1), (2, 7), (8, 11), (12, 19), (20, 24), (24, 25)),
        logprobs=(-5.0, -5.0, -5.0, -5.0, -5.0, -5.0),
        source_spans=((0, 2), (3, 8), (9, 14), (15, 19), (20, 99), (27, 28)),
        alignment=(-1, 7, 2, 4, 1, 5),
    )
    doc = make_doc(text)
    findings = run_check("low_confidence", text, backtranslations={0: bt})
    para = doc.paragraphs[0]
    assert findings
    for f in findings:
        assert para.start <= f.start < f.end <= para.end
        assert f.text == text[f.start : f.end]
        assert f.text[0].isalnum() and f.text[-1].isalnum()


def test_merge_and_expand_helpers() -> None:
    text = "la coalition des appareils retenus, mercredi"
    assert expand_to_words(text, 19, 22) == (17, 26)  # inside "appareils"
    assert expand_to_words(text, 34, 35) is None  # the comma
    assert merge_spans(text, [(17, 26), (27, 34)]) == [(17, 34)]
    # a comma between them keeps them apart
    assert merge_spans(text, [(27, 34), (36, 44)]) == [(27, 34), (36, 44)]
    # one word in between is absorbed, two are not
    assert merge_spans(text, [(3, 12), (17, 26)]) == [(3, 26)]
    assert merge_spans(text, [(0, 2), (17, 26)]) == [(0, 2), (17, 26)]


def test_real_marian_output_maps_to_valid_french_spans(tiny_marian_dir) -> None:  # type: ignore[no-untyped-def]
    """With a random-weight Marian model (real SentencePiece pieces and cross-attention
    alignments, gibberish English), every finding is a whole-word span of its paragraph."""
    import dataclasses

    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from mtcheck.backtranslate.base import DecodeSettings
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator

    model = TransformersBacktranslator(
        tiny_marian_dir, "tiny", DecodeSettings(max_new_tokens=24, batch_size=4), threads=1
    )
    text = "\n\n".join(
        [
            P0,
            P1,
            P2,
            "« Nous n’avons pas le choix », a déclaré l’aide-soignante à l’Élysée jeudi.",
        ]
    )
    doc = make_doc(text)
    outs = model.translate([p.text for p in doc.paragraphs])
    # The tiny model is uniformly unsure; make every fifth token an outlier so that the
    # mapping through its real alignments is exercised.
    bts = {
        i: dataclasses.replace(
            bt, logprobs=tuple(-9.0 if k % 5 == 2 else lp for k, lp in enumerate(bt.logprobs))
        )
        for i, bt in enumerate(outs)
    }
    findings = run_check("low_confidence", text, backtranslations=bts)
    assert findings
    words = {(s, e) for p in doc.paragraphs for s, e in _doc_words(p.text, p.start)}
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    for f in findings:
        para = doc.paragraphs[f.paragraph]
        assert para.start <= f.start < f.end <= para.end
        assert f.text == text[f.start : f.end]
        assert f.start in starts and f.end in ends  # whole words only


def _doc_words(text: str, offset: int) -> list[tuple[int, int]]:
    from mtcheck.checks.align import french_words

    return [(s + offset, e + offset) for s, e in french_words(text)]


def test_hesitation_explained_by_the_french_is_not_flagged() -> None:
    """Names, rare genuine words and function words are not signs of garbled French."""
    text = "Après ces palinodies, l’oléoduc Droujba a été fermé par les autorités."
    items: list[Item] = [
        ("After", -0.2, "Après"),
        ("these", -0.3, "ces"),
        ("flip|-|flops", (-4.0, -0.2, -0.3), "palinodies"),  # rare French word
        (",", -0.01, ","),
        ("the", -3.5, "l’"),  # an article the model hesitated over
        ("Druz|hba", (-5.0, -1.0), "Droujba"),  # a name respelled
        ("pipeline", -0.2, "oléoduc"),
        ("was", -0.1, "a"),
        ("closed", -0.2, "fermé"),
        ("by", -0.1, "par"),
        ("the", -0.1, "les"),
        ("authorities", -0.1, "autorités"),
        (".", -0.01, "."),
    ]
    assert run_check("low_confidence", text, backtranslations={0: make_bt(text, items)}) == []
    # The same hesitation on a common word is reported.
    garbled = text.replace("palinodies", "appareils")
    items[2] = ("devices", -4.0, "appareils")
    found = run_check("low_confidence", garbled, backtranslations={0: make_bt(garbled, items)})
    assert [f.text for f in found] == ["appareils"]


def test_french_words_split_elisions_but_not_compounds() -> None:
    from mtcheck.checks.align import french_words

    text = "Selon l’Élysée, qu’il dit aujourd’hui à l'alliance franco-allemande"
    assert [text[s:e] for s, e in french_words(text)] == [
        "Selon", "l’", "Élysée", "qu’", "il", "dit", "aujourd’hui", "à", "l'", "alliance",
        "franco-allemande",
    ]  # fmt: skip
