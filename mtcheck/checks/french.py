"""French tokenisation and morphology shared by the ``grammar`` and ``nonword`` checks.

Tokens keep paragraph-relative offsets so findings point at the exact characters.
Elided words (``l'``, ``d'``, ``qu'``, ``s'``, ``n'`` ...) become their own tokens;
hyphenated compounds (``cessez-le-feu``, ``dit-il``) stay whole. Word knowledge comes
from Lexique 3.83 (lemma, part of speech ``cgram``, gender, number, verb inflections
``infover``) through ``mtcheck.lexicon``, looked up once per paragraph in one batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mtcheck.checks.base import DocContext
from mtcheck.lexicon import LexEntry, Lexicon, WordInfo, default_lexicon
from mtcheck.types import Paragraph

APOSTROPHES = "'’ʼ"
# Words that elide before a vowel; "quelqu'un", "aujourd'hui", "presqu'île" stay whole.
ELIDING = frozenset(
    {"l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}
)
_TOKEN = re.compile(
    r"(?P<word>[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*[-'’ʼ]?)"
    r"|(?P<num>\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?)"
    r"|(?P<punct>\S)"
)
_ELISION = re.compile(r"^([^\W\d_]+)['’ʼ]", re.UNICODE)

SUBJECT_PRONOUNS = {
    "il": ("m", "s"),
    "elle": ("f", "s"),
    "ils": ("m", "p"),
    "elles": ("f", "p"),
}

# Determiners with the gender and number they impose ("" = either).
DETERMINERS: dict[str, tuple[str, str]] = {
    "le": ("m", "s"), "la": ("f", "s"), "l'": ("", "s"), "les": ("", "p"),
    "un": ("m", "s"), "une": ("f", "s"), "des": ("", "p"),
    "ce": ("m", "s"), "cet": ("m", "s"), "cette": ("f", "s"), "ces": ("", "p"),
    "mon": ("", "s"), "ma": ("f", "s"), "mes": ("", "p"),
    "son": ("", "s"), "sa": ("f", "s"), "ses": ("", "p"),
    "notre": ("", "s"), "nos": ("", "p"), "votre": ("", "s"), "vos": ("", "p"),
    "leur": ("", "s"), "leurs": ("", "p"),
    "aucun": ("m", "s"), "aucune": ("f", "s"), "chaque": ("", "s"),
    "du": ("m", "s"),
}


@dataclass(frozen=True, slots=True)
class Token:
    """One token; ``start``/``end`` are paragraph-relative."""

    text: str
    start: int
    end: int
    kind: str  # "word", "num" or "punct"
    lower: str = ""  # lowercased, typographic apostrophes made straight

    def __post_init__(self) -> None:
        if not self.lower:
            low = self.text.lower()
            if "’" in low or "ʼ" in low:
                low = low.replace("’", "'").replace("ʼ", "'")
            object.__setattr__(self, "lower", low)

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def capitalised(self) -> bool:
        return self.is_word and self.text[:1].isupper()

    @property
    def elided(self) -> bool:
        return self.text[-1:] in APOSTROPHES


def tokenize(text: str) -> list[Token]:
    """Word, number and punctuation tokens with elisions split off."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        start, end = m.span()
        tok = m.group()
        if kind == "word":
            # Split leading elisions, possibly stacked: "qu'l'" never happens, "s'" once.
            while True:
                em = _ELISION.match(tok)
                if not em or em.group(1).lower() not in ELIDING or em.end() == len(tok):
                    break
                out.append(Token(tok[: em.end()], start, start + em.end(), "word"))
                start += em.end()
                tok = tok[em.end() :]
            if tok[-1] in APOSTROPHES and tok[:-1].lower() not in ELIDING:
                # A closing quote glued to a word ("'mots'"): keep the word only.
                out.append(Token(tok[:-1], start, end - 1, "word"))
                out.append(Token(tok[-1], end - 1, end, "punct"))
                continue
        out.append(Token(tok, start, end, kind))
    return out


def sentence_starts(para: Paragraph, tokens: list[Token]) -> set[int]:
    """Indices of tokens that open a sentence (by the segmenter's sentence spans)."""
    starts = {s.start - para.start for s in para.sentences}
    return {i for i, t in enumerate(tokens) if t.start in starts} | {0}


@dataclass
class Analysis:
    """A paragraph's tokens with the Lexique/wordfreq info of every word."""

    text: str
    tokens: list[Token]
    infos: dict[str, WordInfo]
    starts: set[int]
    # Per-paragraph results a detector computes once and another reuses (the named persons).
    extra: dict[str, Any] = field(default_factory=dict)

    def info(self, i: int) -> WordInfo | None:
        tok = self.tokens[i]
        return self.infos.get(tok.lower.rstrip("'")) if tok.is_word else None

    def entries(self, i: int) -> tuple[LexEntry, ...]:
        info = self.info(i)
        return info.entries if info else ()

    def low(self, i: int) -> str:
        if 0 <= i < len(self.tokens):
            return self.tokens[i].lower
        return ""

    def sentence_start(self, i: int) -> int:
        """Index of the first token of the sentence holding token ``i``."""
        while i > 0 and i not in self.starts:
            i -= 1
        return i

    def sentence_end(self, i: int) -> int:
        """Index one past the last token of the sentence holding token ``i``."""
        j = i + 1
        while j < len(self.tokens) and j not in self.starts:
            j += 1
        return j


def analyse(ctx: DocContext, para: Paragraph, lexicon: Lexicon | None = None) -> Analysis:
    """Tokens and word info of ``para``, computed once per document and shared by checks."""

    def compute() -> Analysis:
        lex = lexicon or default_lexicon()
        tokens = tokenize(para.text)
        words = {t.lower.rstrip("'") for t in tokens if t.is_word}
        words.discard("")
        return Analysis(para.text, tokens, lex.lookup(words), sentence_starts(para, tokens))

    return ctx.memo(f"french-analysis:{para.index}:{para.start}", compute)


def has_cgram(entries: tuple[LexEntry, ...], *prefixes: str) -> bool:
    """Whether any reading's part of speech starts with one of ``prefixes``."""
    return any(e.cgram.startswith(prefixes) for e in entries)


def only_cgram(entries: tuple[LexEntry, ...], *prefixes: str) -> bool:
    """Whether every reading's part of speech starts with one of ``prefixes`` (and some exist)."""
    return bool(entries) and all(e.cgram.startswith(prefixes) for e in entries)


def is_participle(e: LexEntry) -> bool:
    return e.cgram == "VER" and "par:pas" in e.infover


def is_infinitive(entries: tuple[LexEntry, ...]) -> bool:
    return any(e.cgram in ("VER", "AUX") and "inf" in e.infover for e in entries)


def cgram_freq(entries: tuple[LexEntry, ...], *prefixes: str) -> float:
    return sum(e.freq for e in entries if e.cgram.startswith(prefixes))


# Courtesy titles that state a person's sex ("M." is the token "M" then ".").
CIVILITY_FEMALE = frozenset({"mme", "madame", "mlle", "mademoiselle"})
CIVILITY_MALE = frozenset({"monsieur"})
_CIVILITY = re.compile(
    r"(?<![\w.])(Mme|Madame|Mlle|Mademoiselle|M\.|Monsieur)[ \u00a0]+"
    r"((?:(?:de|von|van|der|den|da|di|del|la|le)[ \u00a0]+)?[A-ZÀ-ÖØ-Þ][\w'’-]*"
    r"(?:[ \u00a0]+[A-ZÀ-ÖØ-Þ][\w'’-]*)?)"
)


def civilities(text: str) -> dict[str, set[str]]:
    """Genders ("f"/"m") the text gives each surname through Mme/M. ("Mme Sturgeon").

    Keyed by the lowercased last word of the surname, so "Mme Le Pen" answers for
    "Marine Le Pen". English news writes "Mrs"/"Mr" before surnames and machine
    translation keeps them as "Mme"/"M.": the most reliable sign of a person's sex.
    """
    out: dict[str, set[str]] = {}
    for m in _CIVILITY.finditer(text):
        gender = "m" if m.group(1) in ("M.", "Monsieur") else "f"
        last = m.group(2).split()[-1].lower().replace("’", "'")
        out.setdefault(last, set()).add(gender)
    return out
