"""English left untranslated inside French text.

Auto-translation pipelines leave English where the engine did not recognise a phrase:
editorial brackets (``[herself]``), capitalised phrases it took for names (``Coalition
of the Willing``, ``les troupes Allied``), rare words it copied (``crackdown``). The check
compares wordfreq's English and French Zipf frequencies with the Lexique entries: a word
is English when it is clearly more frequent in English than in French and French
dictionaries do not know it (or only as a rarity). Proper names, established loanwords,
quoted English (an original quote or a title), URLs and handles are left alone; word
lists live in ``configs/lexicon``.

Beyond words and phrases it reports:

- a whole English sentence that neither quotation marks nor a colon present as a quote
  (a sentence the translation skipped; consecutive ones make one finding);
- a word French does not know but English does right after a French determiner,
  preposition or auxiliary (``de gerrymandering``, ``les lawmakers``);
- English titles and abbreviations French always changes (``Mr.``, ``Mrs.``, ``Sen.``,
  ``les troupes U.S.``) and an English possessive on a name the text also uses alone
  (``Trump's``; brands such as ``Moody's`` never appear without their ``'s``);
- English transliterations of Slavic names (``Druzhba``, ``Lukashenko``), category
  ``name``: French writes ``zh`` as ``j`` and ``sh`` as ``ch``. Mandarin pinyin
  (``Zhang``, ``Shanghai``) is told apart by its syllables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.evidence import backtranslated_words
from mtcheck.config import Config
from mtcheck.lexicon import Lexicon, LexiconUnavailable, WordInfo, default_lexicon
from mtcheck.paths import configs_dir
from mtcheck.types import BackTranslation, Finding, Paragraph, Severity

# --- word lists ----------------------------------------------------------------------


def _lexicon_lines(name: str) -> list[str]:
    path = configs_dir() / "lexicon" / name
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@cache
def load_list(name: str) -> frozenset[str]:
    """A one-entry-per-line list from ``configs/lexicon`` (lowercased, comments dropped)."""
    return frozenset(line.lower() for line in _lexicon_lines(name))


@cache
def load_sections(name: str) -> dict[str, frozenset[str]]:
    """A list split into ``[section]`` blocks."""
    out: dict[str, set[str]] = {}
    current = ""
    for line in _lexicon_lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        out.setdefault(current, set()).add(line.lower())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def load_glossary(name: str = "en_fr_glossary.txt") -> dict[str, str]:
    """``english = french`` pairs, keyed by the English words (see ``phrase_key``)."""
    out: dict[str, str] = {}
    for line in _lexicon_lines(name):
        if "=" not in line:
            continue
        en, fr = line.split("=", 1)
        out[phrase_key(en)] = fr.strip()
    return out


_SUBWORD = re.compile(r"[^\W\d_]+")


def phrase_key(text: str) -> str:
    """Words of a phrase, lowercased, joined by one space (hyphens and apostrophes split)."""
    return " ".join(w.lower() for w in _SUBWORD.findall(text))


@cache
def _phrase_set(name: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(phrase_key(p).split()) for p in load_list(name) if phrase_key(p))


# --- tokens --------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_URLISH = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@])[@#][\w][\w.-]*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|fr|org|net|io|co|uk|eu|be|ch|ca|gov|info|tv|ai|app)\b(?:/\S*)?",
    re.IGNORECASE,
)
# Paired quotes and parentheses whose content may be an original English quote, a title or
# a gloss of the original name. Straight double and single quotes are paired in order.
_QUOTED = re.compile(
    r"«([^«»]{1,400})»|“([^“”]{1,400})”|\"([^\"\n]{1,400})\"|\(([^()]{1,200})\)"
    r"|(?<![\w’'])['‘]([^'‘’\n]{2,300}?)['’](?![\w])"
)
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,80})\]")
_ADJ_SUFFIX = re.compile(r"(?:ed|al|ary|ive|ous|ful|less|ic|ical|ish|able|ible)$")
_ADJ_SUFFIX_AFTER_NOUN = re.compile(r"(?:ed|al|ary|ive|ous|ful|less|ic|ical|ish|able|ible|ing)$")
_SENTENCE_OPENERS = "«\"“‘'([—–-*•· \t\u00a0\u202f"
_FRENCH_DETERMINERS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "du",
        "des",
        "au",
        "aux",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
    ]
)
_NAME_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "to",
        "at",
        "with",
        "from",
        "by",
        "upon",
        "a",
        "an",
        "de",
        "du",
        "des",
        "la",
        "le",
        "von",
        "van",
        "der",
        "den",
        "da",
        "di",
        "del",
        "y",
    ]
)
_ENGLISH_CONNECTORS = frozenset(
    ["of", "the", "and", "for", "on", "in", "to", "at", "with", "from", "by", "upon", "a", "an"]
)

# Nouns that start an adverbial after a name ("contre Leeds United samedi").
_TIME_NOUNS = frozenset(
    [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "matin",
        "soir",
        "midi",
        "nuit",
        "jour",
        "jours",
        "semaine",
        "semaines",
        "mois",
        "an",
        "ans",
        "année",
        "années",
        "fois",
        "heure",
        "heures",
        "week-end",
        "saison",
    ]
)

NOT_EN, WEAK, EN, EN_UNKNOWN, STRONG = 0, 1, 2, 3, 4


@dataclass(slots=True)
class Tok:
    text: str
    start: int  # paragraph offsets
    end: int
    low: str
    shape: str  # lower | cap | upper | mixed
    pos_cap: bool = False  # capitalised because it opens a sentence or a quote
    cls: int = NOT_EN
    covered: bool = False  # loanword, URL, quoted English or name: never flagged
    protected: bool = False  # URL, handle, quoted English: not even part of a name run
    in_run: bool = False  # part of a multi-word capitalised run


def _shape(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if all(c.islower() for c in letters):
        return "lower"
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if letters[0].isupper() and all(c.islower() for c in letters[1:] if c.isalpha()):
        return "cap"
    # Hyphenated title case ("Eu-Us", "Saint-Denis") counts as capitalised.
    parts = [p for p in re.split(r"[-‐]", word) if p]
    if parts and all(p[0].isupper() and p[1:].islower() for p in parts if len(p) > 1):
        return "cap"
    return "mixed"


def _is_ascii_word(word: str) -> bool:
    return all(ord(c) < 128 for c in word)


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


@dataclass
class _Hit:
    start: int
    end: int
    severity: Severity
    message: str
    english: list[str]
    suggestion: str | None = None
    evidence: list[str] = field(default_factory=list)
    category: str = "leftover"


class LeftoverCheck(Check):
    """Flags English words left in French prose, with a French suggestion when known."""

    name = "leftover"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        opts = self.options
        self.margin = float(opts.get("english_margin", 1.5))
        self.min_en = float(opts.get("min_english_zipf", 3.0))
        self.unknown_fr = float(opts.get("unknown_french_zipf", 1.8))
        self.unknown_margin = float(opts.get("unknown_margin", 1.8))
        self.lexique_max = float(opts.get("lexique_max_freq", 1.0))
        self.single_words = bool(opts.get("flag_single_words", True))
        self.raise_on_backtranslation = bool(opts.get("raise_on_backtranslation", True))
        sections = load_sections("english_function_words.txt")
        self.strong = sections.get("strong", frozenset())
        self.weak = sections.get("weak", frozenset())
        self.modal = sections.get("modal", frozenset())
        extra = {phrase_key(w) for w in opts.get("extra_loanwords", [])}
        self.loans = _phrase_set("loanwords.txt") | {tuple(p.split()) for p in extra if p}
        self.loan_words = frozenset(p[0] for p in self.loans if len(p) == 1)
        self.names = _phrase_set("english_names.txt")
        self.heads = load_list("name_heads.txt")
        self.introducers = load_list("name_introducers.txt")
        self.glossary = load_glossary()
        self.english_sentences = bool(opts.get("flag_english_sentences", True))
        self.after_function_word = bool(opts.get("flag_after_function_word", True))
        self.context_max_fr = float(opts.get("context_max_french_zipf", 2.0))
        self.context_min_en = float(opts.get("context_min_english_zipf", 2.5))
        self.transliteration = bool(opts.get("transliteration", True))
        self.double_y = bool(opts.get("transliteration_double_y", False))
        self._lexicon: Lexicon | None = None

    # -- lexicon ------------------------------------------------------------------------

    def _lookup(self, words: Iterable[str]) -> dict[str, WordInfo]:
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon.lookup(words)

    def _word_class(self, low: str, infos: dict[str, WordInfo], *, whole: bool = True) -> int:
        """How English a lowercase word is: NOT_EN, WEAK, EN, EN_UNKNOWN or STRONG."""
        if low in self.loan_words:
            return NOT_EN
        if low in self.strong:
            return STRONG
        if low in self.weak:
            return WEAK
        if "-" in low or "‐" in low:
            if whole:
                info = infos.get(low)
                if info is not None and info.in_lexique:
                    return NOT_EN
            parts = [p for p in re.split(r"[-‐]", low) if p]
            classes = [self._word_class(p, infos, whole=False) for p in parts]
            if classes and all(c >= WEAK for c in classes) and any(c >= EN for c in classes):
                return EN
            return NOT_EN
        if len(low) < 3 or not _is_ascii_word(low):
            return NOT_EN
        info = infos.get(low)
        if info is None:
            return NOT_EN
        if sum(e.freq for e in info.entries) >= self.lexique_max:
            return NOT_EN
        gap = info.zipf_en - info.zipf_fr
        if info.zipf_en < self.min_en or gap < self.margin:
            return NOT_EN
        if info.zipf_fr < self.unknown_fr and gap >= self.unknown_margin:
            return EN_UNKNOWN
        return EN

    def _french_noun(self, low: str, infos: dict[str, WordInfo]) -> bool:
        """A lowercase word French uses as a noun ("troupes", "liens", "avions")."""
        info = infos.get(low)
        if info is None or info.zipf_fr < 3.0 or info.zipf_en > info.zipf_fr + 0.5:
            return False
        return any(e.cgram == "NOM" and e.freq >= 1.0 for e in info.entries)

    @staticmethod
    def _english_leaning(tok: Tok, infos: dict[str, WordInfo]) -> bool:
        """Much more frequent in English, even if French borrowed it ("Speaker", "House")."""
        info = infos.get(tok.low)
        return info is not None and info.zipf_en - info.zipf_fr >= 1.0

    def _french_opener(self, tok: Tok, infos: dict[str, WordInfo]) -> bool:
        """A French word capitalised only because it opens the sentence ("La", "Selon")."""
        if not tok.pos_cap or tok.shape != "cap" or tok.low in self.strong:
            return False
        info = infos.get(tok.low)
        return info is not None and info.in_lexique and info.zipf_fr >= info.zipf_en

    def _french_only(self, tok: Tok, infos: dict[str, WordInfo]) -> bool:
        if not _is_ascii_word(tok.low):
            return True
        info = infos.get(tok.low)
        if info is None:
            return False
        return info.in_lexique and info.zipf_fr > info.zipf_en + 0.3

    # -- main ---------------------------------------------------------------------------

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        text = para.text
        toks = [
            Tok(m.group(), m.start(), m.end(), m.group().lower(), _shape(m.group()))
            for m in _TOKEN.finditer(text)
        ]
        if not toks:
            return []
        words = {t.low for t in toks}
        for t in toks:
            if "-" in t.low or "‐" in t.low:
                words.update(p for p in re.split(r"[-‐]", t.low) if p)
        try:
            infos = self._lookup(words)
        except LexiconUnavailable:
            return []
        sent_starts = {s.start - para.start for s in para.sentences}
        for t in toks:
            t.cls = self._word_class(t.low, infos)
            before = text[: t.start].rstrip(_SENTENCE_OPENERS)
            t.pos_cap = t.start in sent_starts or not before or before[-1] in ".!?:…\n"
        candidates = self._mark_covered(
            text, toks, [(x.start - para.start, x.end - para.start) for x in para.sentences]
        )

        hits: list[_Hit] = []
        if self.english_sentences:
            hits.extend(self._english_sentences(text, toks, candidates, infos))
        hits.extend(self._brackets(text, toks, infos))
        hits.extend(self._runs(text, toks, infos))
        hits.extend(self._abbreviations(text, toks))
        hits.extend(self._possessives(ctx, text, toks))
        hits.extend(self._lowercase(text, toks, infos))
        if self.after_function_word and self.single_words:
            hits.extend(self._after_french_word(text, toks, infos))
        if self.transliteration:
            hits.extend(self._transliterations(ctx, toks, infos))

        bt = ctx.backtranslation(para)
        findings = []
        taken: list[tuple[int, int]] = []
        for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
            if _overlaps(taken, hit.start, hit.end):
                continue
            taken.append((hit.start, hit.end))
            severity = hit.severity
            if bt is not None and self._kept_by(bt, hit):
                kept = ", ".join(hit.english)
                note = f"back-translation keeps it unchanged: '{kept}'"
                aligned = backtranslated_words(bt, hit.start, hit.end)
                if aligned and _fold(aligned) != _fold(kept):
                    note += f" (aligned English: '{aligned}')"
                hit.evidence.append(note)
                if self.raise_on_backtranslation:
                    severity = _raise(severity)
            findings.append(
                ctx.finding(
                    para,
                    para.start + hit.start,
                    para.start + hit.end,
                    check=self.name,
                    category=hit.category,
                    severity=severity,
                    message=hit.message,
                    suggestion=hit.suggestion,
                    evidence="; ".join(hit.evidence) or None,
                )
            )
        return findings

    # -- what is never flagged ----------------------------------------------------------

    def _mark_covered(
        self, text: str, toks: list[Tok], sentences: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Mark what is never flagged; return the clauses that may be whole English
        sentences left untranslated (checked by ``_english_sentences``)."""
        protected = [m.span() for m in _URLISH.finditer(text)]
        for m in _QUOTED.finditer(text):
            gi = next(i for i in range(1, 6) if m.group(i) is not None)
            s, e = m.span(gi)
            inner = [t for t in toks if s <= t.start and t.end <= e]
            if self._mostly_english(inner):
                protected.append((s, e))
        # English after a colon is a quotation in its own language (its quote marks lost
        # with the italics): "Il a écrit sur X : We will win". A whole English sentence
        # that no colon or quote mark introduces is a sentence the translation skipped.
        candidates: list[tuple[int, int]] = []
        for s, e in sentences:
            cuts = [s, *(s + m.end() for m in re.finditer(r":\s", text[s:e])), e]
            for k, (a, b) in enumerate(pairwise(cuts)):
                inner = [t for t in toks if a <= t.start and t.end <= b]
                if len(inner) < 4:
                    continue
                if k == 0 and self.english_sentences:
                    candidates.append((a, b))
                elif self._mostly_english(inner, share=0.8):
                    protected.append((a, b))
        for t in toks:
            if _overlaps(protected, t.start, t.end):
                t.covered = t.protected = True
        self._cover_phrases(toks, self.loans)
        return candidates

    def _mostly_english(self, toks: Sequence[Tok], share: float = 0.5) -> bool:
        """Quoted text that is mostly English is an original quote, a title or a gloss."""
        alpha = [t for t in toks if t.shape != "upper"]
        if not alpha:
            return False
        english = sum(1 for t in alpha if t.cls >= WEAK)
        return english >= share * len(alpha) and any(t.cls >= EN for t in alpha)

    @staticmethod
    def _cover_phrases(toks: list[Tok], phrases: frozenset[tuple[str, ...]]) -> None:
        subs: list[tuple[str, int]] = []
        for i, t in enumerate(toks):
            subs.extend((w, i) for w in phrase_key(t.text).split())
        longest = max((len(p) for p in phrases), default=0)
        for i in range(len(subs)):
            for n in range(min(longest, len(subs) - i), 0, -1):
                cand = tuple(w for w, _ in subs[i : i + n])
                if cand in phrases:
                    # A phrase must start and end on token boundaries.
                    first, last = subs[i][1], subs[i + n - 1][1]
                    if (i == 0 or subs[i - 1][1] != first) and (
                        i + n == len(subs) or subs[i + n][1] != last
                    ):
                        for j in range(first, last + 1):
                            toks[j].covered = True
                        break

    # -- whole English sentences --------------------------------------------------------

    def _english_sentences(
        self,
        text: str,
        toks: list[Tok],
        clauses: Sequence[tuple[int, int]],
        infos: dict[str, WordInfo],
    ) -> list[_Hit]:
        """English sentences (or the part before a colon) that the translation skipped.

        Quoted English was protected earlier; titles (mostly capitalised words) and
        sentences with French words in them are left to the word-level detectors.
        Consecutive English sentences make one finding.
        """
        spans: list[tuple[int, int, list[Tok]]] = []
        for a, b in clauses:
            inner = [t for t in toks if a <= t.start and t.end <= b and not t.protected]
            if not inner:
                continue
            if not self._english_sentence(inner, infos):
                if self._mostly_english(inner, share=0.8):
                    for t in inner:  # an English title or name list: never flagged
                        t.covered = t.protected = True
                continue
            start, end = inner[0].start, inner[-1].end
            if end < len(text) and text[end] in ".!?":
                end += 1
            if spans and not text[spans[-1][1] : start].strip(" \t\"'“”‘’»«"):
                prev = spans.pop()
                spans.append((prev[0], end, prev[2] + inner))
            else:
                spans.append((start, end, inner))
        hits = []
        for start, end, inner in spans:
            for t in inner:
                t.covered = True
            content = [t for t in inner if t.cls >= EN or t.cls == STRONG]
            hits.append(
                _Hit(
                    start,
                    end,
                    Severity.WARNING,
                    "Untranslated English sentence: no quotation marks or colon present it "
                    "as a quote, so the translation skipped it.",
                    [text[start:end]],
                    evidence=[self._why(content, infos)],
                )
            )
        return hits

    def _english_sentence(self, inner: list[Tok], infos: dict[str, WordInfo]) -> bool:
        words = [t for t in inner if t.shape != "upper"]
        plain = [t for t in words if t.shape == "lower" or t.pos_cap]
        if len(plain) < 4 or len(words) - len(plain) > len(plain):
            return False  # mostly capitalised: a title or a list of names
        if any(t.low in _FRENCH_FUNCTION_WORDS for t in inner):
            return False  # French grammar: a mixed sentence, left to the word detectors
        english = [t for t in plain if self._english_in_sentence(t, infos)]
        if len(english) < 0.75 * len(plain):
            return False
        return sum(1 for t in plain if t.cls >= EN) >= 2 or any(
            t.cls == STRONG for t in plain
        )

    def _english_in_sentence(self, tok: Tok, infos: dict[str, WordInfo]) -> bool:
        """English by class, or a word both languages have that English uses more
        ("are", "week", "resume"): among other English words it reads as English."""
        if tok.cls >= WEAK:
            return True
        info = infos.get(tok.low)
        return (
            info is not None
            and _is_ascii_word(tok.low)
            and info.zipf_en >= info.zipf_fr + 0.5
        )

    # -- English abbreviations and possessives -----------------------------------------

    def _abbreviations(self, text: str, toks: list[Tok]) -> list[_Hit]:
        """``Mr. Trump``, ``Mrs.``, ``Sen.``, ``les troupes U.S.``: English forms French
        news always changes (M., Mme, le sénateur, américain)."""
        hits = []
        spans = {t.start: t for t in toks}
        for m in _ENGLISH_TITLE.finditer(text):
            tok = spans.get(m.start())
            if tok is None or tok.protected:  # "Mr Starmer" is also a name run
                continue
            abbr = m.group(1)
            french = _TITLE_FR[abbr]
            dotted = m.group(2) == "."
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING if dotted or abbr != "Mr" else Severity.INFO,
                    f"English title '{m.group().strip()}' left untranslated: French writes "
                    f"'{french}'.",
                    [m.group()],
                    suggestion=french,
                )
            )
        for t in toks:
            day = _ENGLISH_CALENDAR.get(t.low)
            if day is None or t.shape != "cap" or t.covered or t.in_run or t.pos_cap:
                continue
            hits.append(
                _Hit(
                    t.start,
                    t.end,
                    Severity.WARNING,
                    f"English day or month '{t.text}' left untranslated: French writes "
                    f"'{day}' (lowercase).",
                    [t.text],
                    suggestion=day,
                )
            )
        for m in _ENGLISH_ORDINAL.finditer(text):
            number = int(m.group(1))
            french = f"{number}er" if number == 1 else f"{number}e"
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"English ordinal '{m.group()}': French writes '{french}'.",
                    [m.group()],
                    suggestion=french,
                )
            )
        for m in _ENGLISH_COUNTRY_ABBR.finditer(text):
            tok = spans.get(m.start())
            if tok is None or tok.protected or tok.covered:
                continue
            nxt = text[m.end() :].lstrip()
            if nxt[:1].isupper() or nxt[:1].isdigit():
                continue  # "U.S. Steel", "U.S. Open": part of a name
            french = _COUNTRY_ABBR_FR[m.group()]
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"English abbreviation '{m.group()}' left untranslated: French writes "
                    f"{french}.",
                    [m.group()],
                )
            )
        return hits

    def _possessives(self, ctx: DocContext, text: str, toks: list[Tok]) -> list[_Hit]:
        """``Trump's`` in French prose: an English possessive MT left in place.

        Brands keep theirs (``Moody's``, ``McDonald's``), so the name must also appear
        on its own in the document, which brands rarely do."""
        if "'s" not in text and "’s" not in text:
            return []
        names = ctx.memo("leftover-standalone-names", lambda: _standalone_names(ctx))
        hits = []
        spans = {t.start: t for t in toks}
        for m in _POSSESSIVE.finditer(text):
            tok = spans.get(m.start())
            if tok is None or tok.protected or tok.covered or tok.in_run:
                continue
            name = m.group(1)
            if name not in names or name.lower() in self.loan_words:
                continue
            nxt = text[m.end() :].lstrip()
            if nxt[:1].isupper():
                continue  # "People's Daily", "Moody's Investors Service"
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"English possessive '{m.group()}' left in French: write 'de {name}' "
                    "(or the possessive adjective).",
                    [m.group()],
                    suggestion=f"de {name}",
                )
            )
        return hits

    # -- an English word in a French slot ----------------------------------------------

    def _after_french_word(
        self, text: str, toks: list[Tok], infos: dict[str, WordInfo]
    ) -> list[_Hit]:
        """``les swing voters``, ``de gerrymander``: after a French determiner, preposition
        or auxiliary, a word French dictionaries and usage do not know but English does."""
        hits = []
        for k in range(1, len(toks)):
            t, prev = toks[k], toks[k - 1]
            if t.shape != "lower" or t.covered or t.in_run or len(t.low) < 3:
                continue
            if prev.low not in _FRENCH_SLOTS or prev.covered or not _is_ascii_word(t.low):
                continue
            gap = text[prev.end : t.start]
            if gap.strip() not in ("", "'", "’"):
                continue
            if t.low in self.loan_words or t.low in self.strong or t.low in self.weak:
                continue
            info = infos.get(t.low)
            if info is None or info.in_lexique:
                continue
            if info.zipf_fr >= self.context_max_fr or info.zipf_en < self.context_min_en:
                continue
            if info.zipf_en < info.zipf_fr + 1.0 or "-" in t.low or "‐" in t.low:
                continue
            hits.append(
                _Hit(
                    t.start,
                    t.end,
                    Severity.INFO,
                    f"English word '{t.text}' after the French '{prev.text}': French "
                    "dictionaries and usage do not know it.",
                    [t.text],
                    suggestion=self._suggest(t.text),
                    evidence=[self._why([t], infos)],
                )
            )
        return hits

    # -- English transliteration of Slavic names ---------------------------------------

    def _transliterations(
        self, ctx: DocContext, toks: list[Tok], infos: dict[str, WordInfo]
    ) -> list[_Hit]:
        """``Druzhba``, ``Lukashenko``: English spellings of Slavic names where French
        writes ``j`` for ``zh`` and ``ch`` for ``sh`` (Droujba, Loukachenko)."""
        slavic = ctx.memo("leftover-slavic-context", lambda: _slavic_context(ctx))
        hits = []
        for t in toks:
            if t.shape != "cap" or t.protected or len(t.low) < 5 or "-" in t.low:
                continue
            low = t.low
            reason = ""
            strong = _SLAVIC_END.search(low) is not None
            weak = not strong and not _pinyin(low)
            if "zh" in low and (strong or (weak and (slavic or _SLAVIC_END_WEAK.search(low)))):
                reason = "French writes the sound 'zh' as 'j'"
            elif "sh" in low and (strong or (weak and _SLAVIC_END_WEAK.search(low))):
                reason = "French writes the sound 'sh' as 'ch'"
            elif (low.endswith("iy") or (self.double_y and low.endswith("yy"))) and len(
                low
            ) >= 5:
                reason = "French ends such names in '-i' / '-ï', not the English '-iy' / '-yy'"
            if not reason:
                continue
            info = infos.get(low)
            if info is not None and (info.in_lexique or info.zipf_en >= 3.5):
                continue  # a word French or English knows ("Shanghai" is handled above)
            hits.append(
                _Hit(
                    t.start,
                    t.end,
                    Severity.INFO,
                    f"English transliteration of a Slavic name: '{t.text}' ({reason}). "
                    "Use the usual French spelling.",
                    [t.text],
                    suggestion=None if low.endswith("iy") else _french_transliteration(t.text),
                    category="name",
                )
            )
        return hits

    # -- bracketed insertions -----------------------------------------------------------

    def _brackets(self, text: str, toks: list[Tok], infos: dict[str, WordInfo]) -> list[_Hit]:
        hits = []
        for m in _BRACKETED.finditer(text):
            s, e = m.span()
            inner = [t for t in toks if s < t.start and t.end < e]
            if not inner or any(t.covered for t in inner):
                continue
            if any(self._french_only(t, infos) for t in inner):
                continue
            english = [t for t in inner if t.shape == "lower" and t.cls in (STRONG, EN, EN_UNKNOWN)]
            if not english:
                continue
            for t in inner:
                t.covered = True  # handled here, not again as lowercase English
            content = m.group(1).strip()
            hits.append(
                _Hit(
                    s,
                    e,
                    Severity.WARNING,
                    f"Bracketed English left untranslated: '{content}'. Editorial brackets "
                    "in a French article hold French; translate the words (and drop the "
                    "brackets if the sentence reads without them).",
                    [content],
                    suggestion=self._suggest(content),
                    evidence=[self._why(english, infos)],
                )
            )
        return hits

    # -- capitalised runs ---------------------------------------------------------------

    def _build_runs(self, text: str, toks: list[Tok]) -> list[list[int]]:
        runs: list[list[int]] = []
        i = 0
        n = len(toks)
        while i < n:
            if toks[i].shape == "lower":
                i += 1
                continue
            run = [i]
            j = i + 1
            while j < n:
                gap = text[toks[j - 1].end : toks[j].start]
                if gap.strip():
                    break
                if toks[j].shape != "lower":
                    run.append(j)
                    j += 1
                    continue
                # lowercase connectors may sit between capitalised words
                k = j
                while (
                    k < n
                    and toks[k].shape == "lower"
                    and (
                        toks[k].low in _NAME_CONNECTORS
                        or toks[k].low in self.strong
                        or toks[k].low in self.weak
                    )
                    and not text[toks[k - 1].end : toks[k].start].strip()
                ):
                    k += 1
                if (
                    k < n
                    and k > j
                    and toks[k].shape != "lower"
                    and not text[toks[k - 1].end : toks[k].start].strip()
                ):
                    run.extend(range(j, k + 1))
                    j = k + 1
                    continue
                break
            runs.append(run)
            i = j
        return runs

    def _runs(self, text: str, toks: list[Tok], infos: dict[str, WordInfo]) -> list[_Hit]:
        hits: list[_Hit] = []
        for run in self._build_runs(text, toks):
            while len(run) > 1 and self._french_opener(toks[run[0]], infos):
                run = run[1:]
            rtoks = [toks[i] for i in run]
            if len(rtoks) > 1:
                for t in rtoks:
                    t.in_run = True
            if any(t.protected for t in rtoks):
                continue
            if len(rtoks) == 1 and rtoks[0].pos_cap:
                continue  # a sentence opener: looked at with the lowercase words
            key = tuple(w for t in rtoks for w in phrase_key(t.text).split())
            bare = key[1:] if key and key[0] == "the" else key
            if self._contains_phrase(key, self.names):
                for t in rtoks:
                    t.covered = True
                continue
            hit = (
                self._glossary_name(rtoks, key, bare)
                or self._function_word_run(text, toks, run, rtoks, infos)
                or self._adjective_before_noun(text, toks, run, rtoks, infos)
                or self._adjective_after_noun(text, toks, run, rtoks, infos)
            )
            if hit:
                hits.append(hit)
            if len(rtoks) > 1:
                for t in rtoks:
                    t.covered = True  # names are not re-read as lowercase English
        return hits

    @staticmethod
    def _contains_phrase(key: tuple[str, ...], phrases: frozenset[tuple[str, ...]]) -> bool:
        for n in range(len(key), 0, -1):
            for i in range(len(key) - n + 1):
                if key[i : i + n] in phrases:
                    return True
        return False

    def _glossary_name(
        self, rtoks: list[Tok], key: tuple[str, ...], bare: tuple[str, ...]
    ) -> _Hit | None:
        if len(bare) < 2:
            return None
        french = self.glossary.get(" ".join(bare))
        if french is None:
            return None
        start = rtoks[0].start if key == bare else rtoks[1].start
        name = " ".join(t.text for t in rtoks)
        return _Hit(
            start,
            rtoks[-1].end,
            Severity.WARNING,
            f"English name left untranslated: '{name}'. French news uses the French form.",
            [name],
            suggestion=french,
            evidence=[f"'{name}' has an established French name: {french}"],
        )

    def _introduced(self, toks: list[Tok], first: int) -> bool:
        """A name or title announced by the preceding French words ("la série ...")."""
        return any(toks[k].low in self.introducers for k in range(max(0, first - 3), first))

    def _function_word_run(
        self,
        text: str,
        toks: list[Tok],
        run: list[int],
        rtoks: list[Tok],
        infos: dict[str, WordInfo],
    ) -> _Hit | None:
        # Grammatical words inside the run: a leading capitalised one is a first name
        # ("Will Smith") and "The" at the start is handled on its own below.
        fws = [t for t in rtoks[1:-1] if t.low in self.strong or t.low in _ENGLISH_CONNECTORS]
        # A run opening on a capitalised English grammatical word is a title or a name
        # ("The Economist", "This Time is Different", "Will Smith").
        first = rtoks[0]
        opener = first.shape == "cap" and (first.low in self.strong or first.low in self.weak)
        # ... but an article followed by a modal or a preposition ("de The Will") is the
        # debris of a half-translated phrase, not a title.
        debris = first.low in ("the", "a", "an") and rtoks[-1].low in self.modal
        if debris:
            fws.append(rtoks[-1])
        if all(t.low == "and" for t in fws) and not opener:
            return None  # "Marks and Spencer", "Procter and Gamble": company names
        fws = [
            t for t in fws if t.shape == "lower" or (t.shape == "cap" and t.low not in ("a", "an"))
        ]
        if fws and all(t.covered for t in fws):
            return None  # "Made in France": the English part is a loan
        if not fws or len(rtoks) < 2:
            return None
        if any(t.low in self.heads for t in rtoks):
            return None
        if self._introduced(toks, run[0]):
            return None
        after = text[rtoks[-1].end :].lstrip()
        if re.match(r"\(\s*[A-Z][A-Z0-9&.-]{1,9}\s*\)|\(?en anglais\b", after):
            return None  # "Institute for the Study of War (ISW)", "... en anglais": a name
        name = text[rtoks[0].start : rtoks[-1].end]
        if opener:
            prev = toks[run[0] - 1] if run[0] > 0 else None
            doubled = (
                prev is not None
                and prev.low in _FRENCH_DETERMINERS
                and not text[prev.end : first.start].strip()
                and first.low in ("the", "a", "an")
            )
            if not (doubled or debris):
                return None  # titles and names keep their first word
            reason = (
                "an English article after a French one"
                if doubled
                else f"it ends on the English grammatical word '{rtoks[-1].text}'"
            )
        else:
            content = [t for t in rtoks if t.low not in _ENGLISH_CONNECTORS]
            english = [t for t in content if t.cls >= EN or self._english_leaning(t, infos)]
            if not english:
                return None
            reason = (
                "English grammatical words ("
                + ", ".join(sorted({t.low for t in fws}))
                + ") link English words"
            )
        start = rtoks[0].start
        if rtoks[0].pos_cap and rtoks[0].low in _FRENCH_DETERMINERS:
            start = rtoks[1].start
            name = text[start : rtoks[-1].end]
        return _Hit(
            start,
            rtoks[-1].end,
            Severity.WARNING,
            f"English phrase left untranslated: '{name}' ({reason}). Unless it is the "
            "official name of a body or a work, translate it into French.",
            [name],
            suggestion=self._suggest(name),
            evidence=[self._why([t for t in rtoks if t.cls >= EN], infos)]
            if any(t.cls >= EN for t in rtoks)
            else [],
        )

    def _is_english_adjective(self, tok: Tok, *, after_noun: bool) -> bool:
        if tok.shape != "cap" or len(tok.low) < 5 or tok.cls < EN or "-" in tok.low:
            return False
        pattern = _ADJ_SUFFIX_AFTER_NOUN if after_noun else _ADJ_SUFFIX
        return bool(pattern.search(tok.low))

    def _adjective_before_noun(
        self,
        text: str,
        toks: list[Tok],
        run: list[int],
        rtoks: list[Tok],
        infos: dict[str, WordInfo],
    ) -> _Hit | None:
        """English word order kept with a French noun: "Military liens"."""
        last = rtoks[-1]
        nxt = run[-1] + 1
        if nxt >= len(toks) or (len(rtoks) == 1 and last.pos_cap):
            return None
        noun = toks[nxt]
        if noun.shape != "lower" or noun.covered or not self._french_noun(noun.low, infos):
            return None
        if noun.low in _TIME_NOUNS or text[last.end : noun.start].strip():
            return None  # "face à Leeds United samedi": an adverbial, not a noun phrase
        if not self._is_english_adjective(last, after_noun=False):
            return None
        # Words before the adjective must be English or acronyms ("Eu-Us Military liens"),
        # not a proper name ("Manchester United").
        for t in rtoks[:-1]:
            parts = re.split(r"[-‐]", t.text)
            if not (t.cls >= WEAK or t.shape == "upper" or all(len(p) <= 3 for p in parts)):
                return None
        if any(t.low in self.heads for t in rtoks) or self._introduced(toks, run[0]):
            return None
        return _Hit(
            last.start,
            noun.end,
            Severity.WARNING,
            f"English adjective '{last.text}' left before the French noun '{noun.text}' "
            "(English word order, half-translated).",
            [last.text],
            suggestion=self._suggest_adjective(last.text, noun, infos),
            evidence=[self._why([last], infos)],
        )

    def _adjective_after_noun(
        self,
        text: str,
        toks: list[Tok],
        run: list[int],
        rtoks: list[Tok],
        infos: dict[str, WordInfo],
    ) -> _Hit | None:
        """A capitalised English adjective used after a French noun: "les troupes Allied"."""
        if len(rtoks) != 1 or run[0] == 0:
            return None
        tok = rtoks[0]
        prev = toks[run[0] - 1]
        if prev.shape != "lower" or prev.covered or not self._french_noun(prev.low, infos):
            return None
        if text[prev.end : tok.start].strip():
            return None
        if prev.low in self.introducers or self._introduced(toks, run[0] - 1):
            return None
        if not self._is_english_adjective(tok, after_noun=True):
            return None
        return _Hit(
            prev.start,
            tok.end,
            Severity.WARNING,
            f"English adjective '{tok.text}' left untranslated after '{prev.text}'.",
            [tok.text],
            suggestion=self._suggest_adjective(tok.text, prev, infos),
            evidence=[self._why([tok], infos)],
        )

    # -- lowercase English --------------------------------------------------------------

    def _lowercase(self, text: str, toks: list[Tok], infos: dict[str, WordInfo]) -> list[_Hit]:
        def usable(t: Tok) -> bool:
            if t.covered or t.in_run:
                return False
            return t.shape == "lower" or (t.shape == "cap" and t.pos_cap)

        hits = []
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            if not usable(t) or t.cls < WEAK:
                i += 1
                continue
            span = [i]
            j = i + 1
            while (
                j < n
                and usable(toks[j])
                and not text[toks[j - 1].end : toks[j].start].strip()
                and (toks[j].cls >= WEAK or self._neutral(toks[j], infos, toks[j - 1]))
            ):
                if toks[j].shape != "lower":
                    break
                span.append(j)
                j += 1
            i = j
            stoks = [toks[k] for k in span]
            # trim weak words and neutral words at the edges
            while stoks and stoks[0].cls <= WEAK:
                stoks.pop(0)
            while (
                stoks
                and stoks[-1].cls <= WEAK
                and not (len(stoks) > 1 and stoks[-2].cls == STRONG and stoks[-1].cls == NOT_EN)
            ):
                stoks.pop()
            if not stoks:
                continue
            strong = [s for s in stoks if s.cls == STRONG]
            content = [s for s in stoks if s.cls in (EN, EN_UNKNOWN)]
            unknown = [s for s in content if s.cls == EN_UNKNOWN and not s.pos_cap]
            if strong or len(content) >= 2:
                severity = Severity.WARNING
            elif unknown and self.single_words and len(stoks) == 1:
                severity = Severity.INFO
            else:
                continue
            phrase = text[stoks[0].start : stoks[-1].end]
            if strong and not content:
                why = f"'{strong[0].text}' is an English grammatical word, not French"
            elif len(content) >= 2 or strong:
                why = "these are English words, not French"
            else:
                why = f"'{phrase}' is an English word that French does not use"
            hits.append(
                _Hit(
                    stoks[0].start,
                    stoks[-1].end,
                    severity,
                    f"English left untranslated: '{phrase}' ({why}).",
                    [phrase],
                    suggestion=self._suggest(phrase),
                    evidence=[self._why(content or strong, infos)],
                )
            )
        return hits

    def _neutral(self, tok: Tok, infos: dict[str, WordInfo], prev: Tok) -> bool:
        """A word both languages share ("effort"), kept in a span only after a strong word."""
        if prev.cls != STRONG or tok.shape != "lower" or not _is_ascii_word(tok.low):
            return False
        info = infos.get(tok.low)
        return info is not None and info.zipf_en >= 3.0 and info.zipf_en > info.zipf_fr - 0.5

    # -- explanations -------------------------------------------------------------------

    def _why(self, toks: Sequence[Tok], infos: dict[str, WordInfo]) -> str:
        parts = []
        for t in toks[:3]:
            if t.cls == STRONG or t.low in self.strong:
                parts.append(f"'{t.text}': English grammatical word")
                continue
            info = infos.get(t.low)
            if info is None:
                continue
            lex = "not in the French lexicon" if not info.in_lexique else "rare in French"
            parts.append(
                f"'{t.text}': Zipf frequency English {info.zipf_en:.1f} vs French "
                f"{info.zipf_fr:.1f}, {lex}"
            )
        return "; ".join(parts)

    def _suggest(self, english: str) -> str | None:
        key = phrase_key(english)
        french = self.glossary.get(key)
        if french is None and key.startswith("the "):
            french = self.glossary.get(key[4:])
        return french

    def _suggest_adjective(
        self, adjective: str, noun: Tok, infos: dict[str, WordInfo]
    ) -> str | None:
        """French order, agreed with the noun: "troupes Allied" -> "troupes alliées"."""
        french = self._suggest(adjective)
        if french is None:
            return None
        options = french.split("/")
        info = infos.get(noun.low)
        entries = [e for e in info.entries if e.cgram == "NOM"] if info else []
        plural = any(e.number == "p" for e in entries) or noun.low.endswith(("s", "x"))
        feminine = any(e.gender == "f" for e in entries)
        fitting = [o for o in options if o.endswith(("s", "x")) == plural]
        if not fitting and plural:
            fitting = [o[:-2] + "aux" if o.endswith("al") else o + "s" for o in options]
        fitting = fitting or options
        if len(fitting) > 1:
            fem = [o for o in fitting if o.endswith(("e", "es"))]
            masc = [o for o in fitting if o not in fem]
            fitting = (fem if feminine else masc) or fitting
        return f"{noun.text} {fitting[0]}"

    @staticmethod
    def _kept_by(bt: BackTranslation, hit: _Hit) -> bool:
        """The back-translation copies the English words unchanged (the model read English)."""
        bt_norm = " ".join(_fold(bt.text).split())
        for phrase in hit.english:
            words = _SUBWORD.findall(_fold(phrase))
            if not words:
                return False
            if re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", bt_norm):
                continue
            content = [w for w in words if len(w) >= 3]
            if not content or not all(re.search(rf"\b{re.escape(w)}\b", bt_norm) for w in content):
                return False
        return bool(hit.english)


# Grammatical words that only French has: one of them makes a sentence French.
_FRENCH_FUNCTION_WORDS = frozenset(
    ["le", "la", "les", "l", "de", "des", "du", "d", "et", "est", "une", "un", "à", "au",
     "aux", "que", "qui", "qu", "pour", "dans", "sur", "par", "ce", "cette", "ces", "il",
     "elle", "ils", "elles", "ne", "pas", "se", "s", "son", "sa", "ses", "leur", "leurs",
     "nous", "vous", "avec", "été", "sont", "ont", "mais", "ou", "où", "selon"]
)
_TITLE_FR = {"Mr": "M.", "Mrs": "Mme", "Ms": "Mme", "Sen": "le sénateur",
             "Rep": "le représentant", "Gov": "le gouverneur", "Gen": "le général",
             "Lt": "le lieutenant", "Col": "le colonel", "Adm": "l'amiral",
             "Sgt": "le sergent", "Capt": "le capitaine"}
_ENGLISH_TITLE = re.compile(
    r"(?<![\w.])(Mrs|Mr|Ms|Sen|Rep|Gov|Gen|Lt|Col|Adm|Sgt|Capt)(\.|(?<=Mrs)|(?<=Mr)|(?<=Ms))"
    r"(?= ?[A-Z][a-z])"
)
_ENGLISH_CALENDAR = {
    "monday": "lundi", "tuesday": "mardi", "wednesday": "mercredi", "thursday": "jeudi",
    "friday": "vendredi", "saturday": "samedi", "sunday": "dimanche", "january": "janvier",
    "february": "février", "september": "septembre", "october": "octobre",
    "november": "novembre", "december": "décembre",
}
_ENGLISH_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)\b(?! ?[A-Z])")
_COUNTRY_ABBR_FR = {"U.S.": "'américain' or 'États-Unis'", "U.K.": "'Royaume-Uni' or "
                    "'britannique'", "U.N.": "'ONU'"}
_ENGLISH_COUNTRY_ABBR = re.compile(r"(?<![\w.])(?:U\.S\.|U\.K\.|U\.N\.)(?![\w.])")
_POSSESSIVE = re.compile(r"(?<![\w'’])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)['’]s\b")
# French words after which a noun, adjective or verb must come: a determiner, a
# preposition or an auxiliary ("de", "les", "a", "ont été").
_FRENCH_SLOTS = _FRENCH_DETERMINERS | frozenset(
    ["d", "de", "à", "pour", "par", "avec", "sans", "dans", "sur", "sous", "vers", "chez",
     "entre", "contre", "selon", "mes", "mon", "ma", "nos", "notre", "vos", "votre",
     "quelques", "plusieurs", "chaque", "ont", "avait", "avaient", "été", "très", "plus",
     "moins", "trop", "aucun", "aucune", "nouveau", "nouvelle", "nouveaux", "nouvelles"]
)
# Endings of Slavic (and Armenian) names; the second set also ends Mandarin syllables or
# other words, so a name ending in it must also fail the pinyin test.
_SLAVIC_END = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|enko|sky|skiy|ski|ska|iy|yy|ich|vych|vna|uk|yuk|chuk|iv|"
    r"yan|ets|ovo|evo)$"
)
_SLAVIC_END_WEAK = re.compile(r"(?:ba|yn|ny|nyi|yi|ino|sk|ko|in|ia)$")
# Words that set a Slavic context (Ukrainian, Russian, Belarusian news).
_SLAVIC_CUES = re.compile(
    r"\b(?:Russie|russes?|Ukraine|ukrainien(?:ne)?s?|Moscou|Kiev|Kyiv|Kremlin|"
    r"Biélorussie|biélorusses?|Bélarus|Minsk|Poutine|Zelensky\w*|soviétiques?)\b"
)
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|iao|ian|ing|ang|eng|ong|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|"
    r"iu|in|ua|uo|ui|un|a|o|e|i|u)"
)
_PINYIN = re.compile(rf"(?:{_PINYIN_SYLLABLE})+")


def _pinyin(word: str) -> bool:
    """A word that splits into Mandarin syllables (Zhang, Shanghai, Zhejiang, Shenzhen)."""
    return _PINYIN.fullmatch(word) is not None


def _slavic_context(ctx: DocContext) -> bool:
    return _SLAVIC_CUES.search(ctx.document.text) is not None


def _standalone_names(ctx: DocContext) -> frozenset[str]:
    """Capitalised words that occur in the document without an English ``'s``."""
    return frozenset(
        m.group(1)
        for m in re.finditer(r"(?<![\w'’])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?!['’\w-])",
                             ctx.document.text)
    )


def _french_transliteration(name: str) -> str:
    """Mechanical French spelling: ch -> tch, sh -> ch, zh -> j, u -> ou, -iy -> -i."""
    out = re.sub(r"(?<![st])ch", "tch", name)
    out = out.replace("sh", "ch").replace("Sh", "Ch").replace("zh", "j").replace("Zh", "J")
    out = re.sub(r"(?<![oOaAeE])u", "ou", out)
    out = re.sub(r"(?<![oOaAeE])U", "Ou", out)
    if out.endswith("yy"):
        out = out[:-1]
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _raise(severity: Severity) -> Severity:
    if severity is Severity.INFO:
        return Severity.WARNING
    return Severity.ERROR


CHECK = LeftoverCheck
