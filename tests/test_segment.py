from __future__ import annotations

from mtcheck.segment import paragraph_spans, segment, split_sentences
from mtcheck.types import Document


def _texts(text: str, mode: str = "auto") -> list[str]:
    return [text[s:e] for s, e in paragraph_spans(text, mode)]  # type: ignore[arg-type]


def test_lines_are_paragraphs() -> None:
    text = "Premier paragraphe.\nDeuxième paragraphe.\n\nTroisième.\n"
    assert _texts(text) == ["Premier paragraphe.", "Deuxième paragraphe.", "Troisième."]


def test_blank_line_blocks_with_wrapped_lines_are_one_paragraph() -> None:
    text = "Le gouvernement a annoncé\nune réforme des retraites.\n\nUn autre paragraphe.\n"
    assert _texts(text) == [
        "Le gouvernement a annoncé\nune réforme des retraites.",
        "Un autre paragraphe.",
    ]


def test_explicit_modes() -> None:
    text = "Ligne un.\nLigne deux.\n\nBloc deux."
    assert _texts(text, "line") == ["Ligne un.", "Ligne deux.", "Bloc deux."]
    assert _texts(text, "block") == ["Ligne un.\nLigne deux.", "Bloc deux."]


def test_offsets_point_into_the_original_text_with_crlf() -> None:
    text = "  Premier paragraphe.\r\n\r\nSecond paragraphe.\r\n"
    doc = segment(Document("x", text))
    for p in doc.paragraphs:
        assert text[p.start : p.end] == p.text
        for s in p.sentences:
            assert text[s.start : s.end] == s.text
    assert [p.text for p in doc.paragraphs] == ["Premier paragraphe.", "Second paragraphe."]


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = (
        "M. Dupont est arrivé à 10 h. Il a salué Mme Martin. « C'est fini. » "
        "Le n° 2 du parti a démissionné."
    )
    sents = [s.text for s in split_sentences(text)]
    assert sents == [
        "M. Dupont est arrivé à 10 h.",
        "Il a salué Mme Martin.",
        "« C'est fini. »",
        "Le n° 2 du parti a démissionné.",
    ]


def test_sentence_offsets_are_shifted() -> None:
    text = "Un. Deux."
    sents = split_sentences(text, offset=100)
    assert [(s.start, s.end) for s in sents] == [(100, 103), (104, 109)]


def test_empty_document_has_no_paragraphs() -> None:
    assert segment(Document("x", "\n \n\t\n")).empty
