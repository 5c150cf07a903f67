"""source_divergence: where the back-translation departs from the given English source."""

from __future__ import annotations

from conftest import make_doc
from fake_bt import Item, make_bt

from mtcheck.checks.align import align_sentences, chrf
from mtcheck.checks.base import DocContext
from mtcheck.checks.source_divergence import CHECK
from mtcheck.config import Config
from mtcheck.types import BackTranslation, Finding, Severity

FR = "Les dirigeants de la coalition des appareils retenus mercredi sur un plan militaire."
SOURCE = (
    "The heads of the coalition of the willing agreed Wednesday on a military plan."
)
BT_ITEMS: list[Item] = [
    ("The", -0.05, "Les"),
    ("leaders", -0.1, "dirigeants"),
    ("of", -0.02, "de"),
    ("the", -0.03, "la"),
    ("coalition", -0.08, "coalition"),
    ("of", -0.2, "des"),
    ("retained", -1.2, "retenus"),
    ("devices", -1.5, "appareils"),
    ("Wednesday", -0.1, "mercredi"),
    ("on", -0.3, "sur"),
    ("a", -0.1, "un"),
    ("military", -0.1, "militaire"),
    ("plan", -0.1, "plan"),
    (".", -0.01, "."),
]


def _source_items(willing: float = -6.5, agreed: float = -5.8) -> list[Item]:
    """Forced scoring of SOURCE given FR: what the model thinks of each true English word."""
    return [
        ("The", -0.1, "Les"),
        ("heads", -1.2, "dirigeants"),
        ("of", -0.1, "de"),
        ("the", -0.1, "la"),
        ("coalition", -0.1, "coalition"),
        ("of", -0.3, "des"),
        ("the", -1.0, "des"),
        ("willing", willing, "appareils"),
        ("agreed", agreed, "retenus"),
        ("Wednesday", -0.2, "mercredi"),
        ("on", -0.3, "sur"),
        ("a", -0.1, "un"),
        ("military", -0.2, "militaire"),
        ("plan", -0.1, "plan"),
        (".", -0.01, "."),
    ]


def _run(
    text: str,
    sources: list[str | None],
    bts: dict[int, BackTranslation],
    scores: dict[int, BackTranslation] | None = None,
) -> list[Finding]:
    config = Config.load()
    doc = make_doc(text)
    for para, src in zip(doc.paragraphs, sources, strict=True):
        para.source = src
    ctx = DocContext(
        document=doc,
        config=config,
        backtranslations=bts,
        source_scores=scores or {},
        model_available=True,
    )
    check = CHECK(config)
    return [f for p in doc.paragraphs for f in check.check(ctx, p)]


def test_forced_scores_and_back_translation_agree_on_the_mistranslated_span() -> None:
    findings = _run(FR, [SOURCE], {0: make_bt(FR, BT_ITEMS)}, {0: make_bt(FR, _source_items())})
    assert [f.text for f in findings] == ["appareils retenus"]
    f = findings[0]
    start = FR.index("appareils retenus")
    assert (f.start, f.end) == (start, start + len("appareils retenus"))
    assert f.category == "wrong_sense"
    assert f.severity is Severity.WARNING
    ev = f.evidence or ""
    assert "source has 'willing agreed'" in ev
    assert "'willing' (p=0.0015)" in ev and "'agreed' (p=0.003)" in ev
    assert f"source: '{SOURCE}' / back-translation: '" in ev
    assert "(chrF 65.6, TER 0.29)" in ev


def test_without_forced_scores_only_low_chrf_sentences_are_searched() -> None:
    # chrF 64.8: a fair match overall, so without forced scores nothing is said.
    assert _run(FR, [SOURCE], {0: make_bt(FR, BT_ITEMS)}) == []

    text = "Les appareils retenus ont parlé d’un plan."
    source = "The willing agreed on a plan."
    bt = make_bt(
        text,
        [
            ("The", -0.1, "Les"),
            ("retained", -0.9, "retenus"),
            ("devices", -0.8, "appareils"),
            ("spoke", -0.3, "parlé"),
            ("of", -0.2, "d’"),
            ("a", -0.1, "un"),
            ("plan", -0.1, "plan"),
            (".", -0.01, "."),
        ],
    )
    findings = _run(text, [source], {0: bt})
    # "willing agreed on" -> "retained devices spoke of": the replaced words land on
    # French words close enough to make one span.
    assert [(f.text, f.severity) for f in findings] == [
        ("appareils retenus ont parlé", Severity.INFO)
    ]
    ev = findings[0].evidence or ""
    assert "(chrF 26.8, TER 0.67)" in ev
    assert "source has 'willing agreed', back-translated as 'retained devices spoke'" in ev


def test_back_translation_identical_to_the_source_flags_nothing() -> None:
    text = "Le sommet s’est terminé sans déclaration commune."
    source = "The summit ended without a joint statement."
    items: list[Item] = [
        ("The", -0.1, "Le"),
        ("summit", -0.1, "sommet"),
        ("ended", -0.3, "terminé"),
        ("without", -0.1, "sans"),
        ("a", -0.2, "sans"),
        ("joint", -0.4, "commune"),
        ("statement", -0.3, "déclaration"),
        (".", -0.01, "."),
    ]
    bt = make_bt(text, items)
    assert bt.text == source
    assert _run(text, [source], {0: bt}) == []
    # Even when forced scoring finds a source word improbable, the back-translation
    # saying the same word shows the French does carry it.
    scored = [(w, -7.0, a) if w == "joint" else (w, lp, a) for w, lp, a in items]
    assert _run(text, [source], {0: bt}, {0: make_bt(text, scored)}) == []


def test_forced_scoring_vetoes_a_paraphrase() -> None:
    text = "Le maire a embauché du personnel."
    source = "The mayor recruited new employees for the town hall."
    bt = make_bt(
        text,
        [
            ("The", -0.1, "Le"),
            ("mayor", -0.1, "maire"),
            ("hired", -0.4, "embauché"),
            ("staff", -0.5, "personnel"),
            (".", -0.01, "."),
        ],
    )
    assert chrf(bt.text, source) < 50  # divergent on the surface
    # Without forced scores the low-chrF sentence is searched: an info finding.
    loose = _run(text, [source], {0: bt})
    assert loose and all(f.severity is Severity.INFO for f in loose)
    # The model finds the true English plausible given this French: only a paraphrase.
    scored = make_bt(
        text,
        [
            ("The", -0.1, "Le"),
            ("mayor", -0.1, "maire"),
            ("recruited", -1.1, "embauché"),
            ("new", -1.9, "embauché"),
            ("employees", -0.9, "personnel"),
            ("for", -1.5, "personnel"),
            ("the", -0.5, "personnel"),
            ("town", -1.8, "personnel"),
            ("hall", -0.3, "personnel"),
            (".", -0.01, "."),
        ],
    )
    assert _run(text, [source], {0: bt}, {0: scored}) == []


def test_omissions_are_not_flagged() -> None:
    """A source clause the French left out has no French span to point at."""
    text = "Le président a parlé aux journalistes."
    source = "The president spoke to reporters, according to two officials."
    bt = make_bt(
        text,
        [
            ("The", -0.1, "Le"),
            ("president", -0.1, "président"),
            ("spoke", -0.2, "parlé"),
            ("to", -0.1, "aux"),
            ("reporters", -0.3, "journalistes"),
            (".", -0.01, "."),
        ],
    )
    scored = make_bt(
        text,
        [
            ("The", -0.1, "Le"),
            ("president", -0.1, "président"),
            ("spoke", -0.2, "parlé"),
            ("to", -0.1, "aux"),
            ("reporters", -0.3, "journalistes"),
            (",", -2.0, "."),
            ("according", -8.0, "."),
            ("to", -0.5, "."),
            ("two", -6.0, "."),
            ("officials", -6.5, "."),
            (".", -0.01, "."),
        ],
    )
    assert _run(text, [source], {0: bt}, {0: scored}) == []


def test_only_the_divergent_sentence_of_a_paragraph_is_flagged() -> None:
    first = "Le sommet s’est tenu à Londres."
    text = f"{first} {FR}"
    source = f"The summit was held in London. {SOURCE}"
    shift = len(first) + 1
    head: list[Item] = [
        ("The", -0.1, "Le"),
        ("summit", -0.1, "sommet"),
        ("was", -0.1, "tenu"),
        ("held", -0.1, "tenu"),
        ("in", -0.1, "à"),
        ("London", -0.1, "Londres"),
        (".", -0.01, "."),
    ]
    bt = make_bt(text, head + BT_ITEMS)
    scored = make_bt(text, head + _source_items())
    findings = _run(text, [source], {0: bt}, {0: scored})
    start = shift + FR.index("appareils retenus")
    assert [(f.start, f.end) for f in findings] == [(start, start + len("appareils retenus"))]
    assert "source: 'The heads of the coalition" in (findings[0].evidence or "")


def test_paragraphs_without_source_or_back_translation_are_skipped() -> None:
    text = f"{FR}\n\n{FR}"
    bt = make_bt(FR, BT_ITEMS)
    scores = {0: make_bt(FR, _source_items()), 1: make_bt(FR, _source_items())}
    findings = _run(text, [None, SOURCE], {0: bt, 1: bt}, scores)
    assert [f.paragraph for f in findings] == [1]
    assert _run(text, [SOURCE, SOURCE], {}, scores) == []


def test_sentence_alignment_merges_split_sentences() -> None:
    src = ["The talks ended.", "Nothing was agreed, officials said."]
    hyp = ["The talks ended and nothing was agreed, officials said."]
    pairs = align_sentences(src, hyp)
    assert [(p.a0, p.a1, p.b0, p.b1) for p in pairs] == [(0, 2, 0, 1)]
    src3 = ["One.", "The mayor spoke to the press on Monday.", "He left."]
    hyp3 = ["One.", "The mayor spoke to the press Monday.", "He then left the hall."]
    pairs3 = align_sentences(src3, hyp3)
    assert [(p.a0, p.a1, p.b0, p.b1) for p in pairs3] == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3)]


def test_names_in_their_french_spelling_are_not_divergences() -> None:
    text = "Zelensky a rencontré des dirigeants à Kiev."
    source = "Zelenskyy met leaders in Kyiv."
    bt = make_bt(
        text,
        [
            ("Zelensky", -0.5, "Zelensky"),
            ("met", -0.1, "rencontré"),
            ("leaders", -0.2, "dirigeants"),
            ("in", -0.1, "à"),
            ("Kiev", -0.3, "Kiev"),
            (".", -0.01, "."),
        ],
    )
    scored = make_bt(
        text,
        [
            ("Zelensk|yy", (-0.5, -5.5), "Zelensky"),
            ("met", -0.1, "rencontré"),
            ("leaders", -0.2, "dirigeants"),
            ("in", -0.1, "à"),
            ("Ky|iv", (-4.5, -3.0), "Kiev"),
            (".", -0.01, "."),
        ],
    )
    assert _run(text, [source], {0: bt}, {0: scored}) == []


def test_a_name_replaced_by_another_is_flagged() -> None:
    text = "Cyrus Starmer a parlé lundi."
    source = "Keir Starmer spoke on Monday."
    bt = make_bt(
        text,
        [
            ("Cyrus", -0.9, "Cyrus"),
            ("Starmer", -0.2, "Starmer"),
            ("spoke", -0.2, "parlé"),
            ("on", -0.3, "lundi"),
            ("Monday", -0.1, "lundi"),
            (".", -0.01, "."),
        ],
    )
    scored = make_bt(
        text,
        [
            ("Keir", -7.5, "Cyrus"),
            ("Starmer", -0.2, "Starmer"),
            ("spoke", -0.2, "parlé"),
            ("on", -0.3, "lundi"),
            ("Monday", -0.1, "lundi"),
            (".", -0.01, "."),
        ],
    )
    findings = _run(text, [source], {0: bt}, {0: scored})
    # Forced scoring and the back-translation agree (Keir -> Cyrus): a warning.
    assert [(f.text, f.severity) for f in findings] == [("Cyrus", Severity.WARNING)]
    assert "source has 'Keir', back-translated as 'Cyrus'" in (findings[0].evidence or "")


def test_real_marian_scores_map_to_valid_french_spans(tiny_marian_dir) -> None:  # type: ignore[no-untyped-def]
    """A random-weight Marian model gives real pieces, forced scores and alignments (and
    gibberish English): findings must still be whole French words inside the paragraph."""
    import pytest

    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from mtcheck.backtranslate.base import DecodeSettings
    from mtcheck.backtranslate.transformers_backend import TransformersBacktranslator
    from mtcheck.checks.align import french_words

    model = TransformersBacktranslator(
        tiny_marian_dir, "tiny", DecodeSettings(max_new_tokens=24, batch_size=4), threads=1
    )
    first = "Le sommet s’est tenu à Londres."
    text = f"{first} {FR}\n\nLa coalition des appareils retenus a parlé."
    sources = [f"The summit was held in London. {SOURCE}", "The coalition of the willing agreed."]
    doc = make_doc(text)
    paras = [p.text for p in doc.paragraphs]
    bts = dict(enumerate(model.translate(paras)))
    scores = dict(enumerate(model.score(paras, sources)))
    findings = _run(text, list(sources), bts, scores)
    assert findings
    for f in findings:
        para = doc.paragraphs[f.paragraph]
        assert para.start <= f.start < f.end <= para.end
        assert f.text == text[f.start : f.end]
        spans = [(s + para.start, e + para.start) for s, e in french_words(para.text)]
        assert f.start in {s for s, _ in spans} and f.end in {e for _, e in spans}


def test_forced_scoring_alone_needs_a_divergent_sentence() -> None:
    """The back-translation simply drops a word the model finds improbable: without a
    replacement, a sentence that otherwise matches the source is not flagged."""
    text = "Le sommet s’est terminé sans déclaration commune."
    source = "The summit ended without a joint statement."
    bt = make_bt(
        text,
        [
            ("The", -0.1, "Le"),
            ("summit", -0.1, "sommet"),
            ("ended", -0.3, "terminé"),
            ("without", -0.1, "sans"),
            ("a", -0.2, "sans"),
            ("statement", -0.3, "déclaration"),
            (".", -0.01, "."),
        ],
    )
    scored = make_bt(
        text,
        [
            ("The", -0.1, "Le"),
            ("summit", -0.1, "sommet"),
            ("ended", -0.3, "terminé"),
            ("without", -0.1, "sans"),
            ("a", -0.2, "sans"),
            ("joint", -7.0, "commune"),
            ("statement", -0.3, "déclaration"),
            (".", -0.01, "."),
        ],
    )
    assert chrf(bt.text, source) > 40
    assert _run(text, [source], {0: bt}, {0: scored}) == []
