"""English left untranslated inside French text.

Auto-translation pipelines leave English where the engine did not recognise a phrase:
editorial brackets (``[herself]``), capitalised phrases it took for names (``Coalition
of the Willing``, ``les troupes Allied``), rare words it copied (``crackdown``). The check
compares wordfreq's English and French Zipf frequencies with the Lexique entries: a word
is English when it is clearly more frequent in English than in French and French
dictionaries do not know it (or only as a rarity). Proper names, established loanwords,
quoted English (an original quote or a title), URLs and handles are left alone; word
lists live in ``configs/lexicon``.
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
        self._mark_covered(
            text, toks, [(x.start - para.start, x.end - para.start) for x in para.sentences]
        )

        hits: list[_Hit] = []
        hits.extend(self._brackets(text, toks, infos))
        hits.extend(self._runs(text, toks, infos))
        hits.extend(self._lowercase(text, toks, infos))

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
                    category="leftover",
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
    ) -> None:
        protected = [m.span() for m in _URLISH.finditer(text)]
        for m in _QUOTED.finditer(text):
            gi = next(i for i in range(1, 6) if m.group(i) is not None)
            s, e = m.span(gi)
            inner = [t for t in toks if s <= t.start and t.end <= e]
            if self._mostly_english(inner):
                protected.append((s, e))
        # A whole English sentence is an embedded quote or post (its quote marks lost with
        # the italics), not a machine translation that skipped words.
        clauses: list[tuple[int, int]] = []
        for s, e in sentences:
            # text after a colon is often a quotation in its own language
            cuts = [s, *(s + m.end() for m in re.finditer(r":\s", text[s:e])), e]
            clauses.extend(pairwise(cuts))
        for s, e in clauses:
            inner = [t for t in toks if s <= t.start and t.end <= e]
            if len(inner) >= 4 and self._mostly_english(inner, share=0.8):
                protected.append((s, e))
        for t in toks:
            if _overlaps(protected, t.start, t.end):
                t.covered = t.protected = True
        self._cover_phrases(toks, self.loans)

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


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _raise(severity: Severity) -> Severity:
    if severity is Severity.INFO:
        return Severity.WARNING
    return Severity.ERROR


CHECK = LeftoverCheck
