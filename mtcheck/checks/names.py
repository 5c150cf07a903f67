"""Mangled names of well-known public figures, checked against a list of canonical spellings.

Machine translation regularly damages the names everyone in the news knows: it translates
the first name (``William Ruto`` -> ``Guillaume Ruto``; a Ukrainian name in its Russian
form, ``Vladimir Zelensky``), swaps it for a look-alike (``George Meloni``), or misspells
the surname (``Keir Starmar``, ``Kaya Callas``). A French editor knows the canonical spellings; this
check carries them in ``configs/lexicon/public_figures.tsv`` and flags, with the canonical
form as suggestion:

1. a listed surname right after a capitalised first name that is not the person's (nor an
   accepted variant, nor a listed relative's). When the surname is common (``Sullivan``,
   ``Johnson``: many people share it) only a translation of the real first name is flagged
   (``Jacques Sullivan`` for Jake Sullivan); for a distinctive surname (``Meloni``), any
   known first name, and any near-miss of the real one (``Volodomyr``);
2. the person's first name followed by a word one or two edits away from the surname
   (``Emmanuel Macrom``), or a near-miss of both (``Kaya Callas`` for Kaja Kallas), when
   that word is not itself an ordinary word or a frequent name.

The ``consistency`` check compares spellings inside one document; this one uses outside
knowledge, so it also works on a single paragraph. Names inside hashtags, handles, URLs and
short quoted titles are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from mtcheck.checks.base import Check, DocContext
from mtcheck.config import Config
from mtcheck.lexicon import default_lexicon
from mtcheck.paths import configs_dir
from mtcheck.types import Finding, Paragraph, Severity

CATEGORY = "name"


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (long lists stay readable)."""
    return frozenset(text.split())


_KNOWN_GENDERS = frozenset({"male", "female", "mostly_male", "mostly_female", "andy"})

# Lowercase particles that belong to the surname (von der Leyen, ben Salmane, da Silva), and
# capitalised ones that start a two-word surname (Le Pen, Van der Bellen, Al Thani).
_PARTICLES = _words("von van der den de da di du del della dos das al el ben bin ibn ould ter ten")
_CAP_PARTICLES = _words("Le La Van Von De Di Da Al El Ben Bin Ter")
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr"})

# First names that translate one another (English, French, and the usual forms of other
# languages and transliterations): MT swaps the real first name for another in its group.
_NAME_GROUPS = (
    "william guillaume wilhelm guglielmo guillermo bill willem wim",
    "james jacques jake jacob jakob jacopo giacomo jaime jim jamie jakub",
    "peter pierre pedro pietro piotr pyotr petr pete piet",
    "george georges georgia giorgia giorgio jorge georg giorgos georgios jerzy yuri iouri",
    "john jean juan giovanni johann johannes jan ivan ioann sean jon hans",
    "michael michel miguel michele mikhail mikhaïl mike michal mykhailo mykhaïlo",
    "stephen steven stéphane étienne stefan stefano esteban stepan steve",
    "henry henri enrique enrico heinrich harry hendrik",
    "charles carlos carlo karl karol carl charlie",
    "anthony antony antoine antonio anton tony antoni antónio",
    "mark marc marco marcos markus marcus marek",
    "friedrich frédéric frederick federico fritz",
    "vladimir volodymyr wladimir włodzimierz",
    "andrew andré andrzej andrea andrés andreas andriy andrii andreï andrei andy",
    "matthew matthieu mateusz matteo mateo matthias mathias matt",
    "alexander alexandre alejandro alessandro alexandr oleksandr aleksandar aleksander alex",
    "sergei sergey serge sergio serhiy serhii sergueï",
    "louis luis luiz luigi ludwig lewis lodewijk luís",
    "nicolas nicholas nicola nicolás nikolai nikolaï nick niklas nicușor",
    "joseph giuseppe josé josef józef joe",
    "paul pablo paolo pavel paweł pál",
    "francis françois francisco francesco franz frank franciszek",
    "edward édouard eduardo edoardo eduard ed ted",
    "philip philippe felipe filippo philipp",
    "richard ricardo riccardo rick",
    "robert roberto rob bob bobby",
    "thomas tomás tommaso tom tomasz",
    "benjamin benyamin binyamin beniamino",
    "emmanuel emanuel emanuele",
    "cyril cyrille kirill kyrylo",
    "christine christina kristina cristina",
    "catherine katherine kathryn caterina katarina kate ekaterina",
    "elizabeth élisabeth elisabeth isabel elisabetta liz",
    "mary marie maria",
    "ursula ursule",
    "margaret marguerite margarita margherita",
    "olena hélène helen elena yelena",
    "julia julie yulia ioulia giulia",
    "dmitry dmitri dmytro",
    "yevgeny evgeny eugene eugène evguéni evgueni",
    "olaf olav",
    "kaja kaya katja",
)

# English short forms: a person may be named either way, so these are never flagged.
_NICKNAMES = (
    "tom thomas|mike michael|pete peter|bill william|jim james jimmy|joe joseph|"
    "steve stephen steven|bob robert rob bobby|ted edward ed|tony anthony antony|andy andrew|"
    "matt matthew|alex alexander|nick nicholas|chuck charles|dan daniel|dave david|"
    "liz elizabeth|kate catherine katherine|rick richard|jake jacob|sam samuel|ben benjamin|"
    "larry lawrence|chris christopher|greg gregory|doug douglas|pat patrick|jamie james|"
    "kash kashyap|jd james|rudy rudolph|seb sebastian|pam pamela"
)
# French renderings MT gives English or Russian first names: before a common surname only
# these count as evidence ("Jacques Sullivan"), since "James Sullivan" may be someone else.
_FRENCH_FORMS = _words(
    """
    guillaume jacques pierre georges jean michel etienne stephane henri antoine marc
    frederic andre matthieu alexandre serge louis nicolas francois edouard philippe
    cyrille ursule marguerite helene elisabeth catherine christine
    """
)

# Very common surnames: another person may well bear them, so only a translated first name
# is evidence of an MT slip. (The TSV can also mark a surname "common" or "distinct".)
_COMMON_SURNAMES = _words(
    """
    smith johnson williams brown jones miller davis wilson moore taylor anderson thomas jackson
    white harris martin thompson garcia martinez robinson clark rodriguez lewis walker hall allen
    young king wright scott green baker adams nelson hill campbell mitchell roberts carter
    phillips evans turner parker collins edwards stewart morris murphy cook rogers cooper reed
    bailey bell kelly howard ward cox richardson wood watson brooks bennett gray james hughes
    price sanders myers long ross foster powell jenkins perry russell sullivan fischer muller
    schmidt schneider meyer weber wagner becker schulz hoffmann koch richter klein wolf neumann
    schwarz braun bernard dubois robert richard petit durand leroy moreau simon laurent lefebvre
    michel david bertrand roux vincent fournier morel girard andre mercier dupont lambert bonnet
    francois rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo
    conti costa giordano fernandez gonzalez lopez sanchez perez gomez diaz ruiz hernandez
    jimenez moreno munoz alvarez romero alonso gutierrez navarro torres ramos gil ramirez
    serrano blanco suarez molina morales ortega delgado castro ortiz rubio marin silva santos
    ferreira pereira oliveira rodrigues martins sousa fernandes goncalves gomes lopes alves
    nowak kowalski ivanov smirnov kuznetsov popov petrov novak horvat nagy tanaka suzuki sato
    takahashi watanabe ito yamamoto nakamura kobayashi kato yoshida yamada wang li zhang liu
    chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang song tang han
    kim lee park choi jung kang cho yoon lim oh shin moon singh kumar sharma patel gupta shah
    das reddy rao nguyen tran pham khan ahmed ali hussain hassan ibrahim mohamed mohammed
    abdullah yilmaz kaya demir sahin celik dan faye sall traore diallo diop ndiaye
    """
)

# Capitalised words that open a sentence or a title, never a first name here.
_NOT_FIRST = _words(
    """
    le la les l un une des du de d au aux et ou mais donc or ni car que qui quand comme si
    selon pour par sur sous dans avec sans chez entre vers contre depuis pendant avant apres
    ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos il elle ils elles on
    nous vous ainsi alors aussi encore enfin hier demain lundi mardi mercredi jeudi vendredi
    samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre
    novembre decembre m mme mlle dr pr me mgr president presidente premier premiere ministre
    chancelier chanceliere senateur senatrice depute deputee general gouverneur maire juge
    roi reine prince princesse sheikh cheikh emir sultan pape saint sainte
    """
)
_TOKEN_BEFORE = re.compile(
    r"(?<![\w@#/.‐-])([A-ZÀ-ÖØ-Þ][\w’'.]*(?:[-‐][A-ZÀ-ÖØ-Þ][\w’'.]*)*)[ \u00a0]$"
)
_CAP_WORD = re.compile(r"(?<![\w@#/‐-])[A-ZÀ-ÖØ-Þ][\w]*(?:[-‐][A-ZÀ-ÖØ-Þ]\w*)*(?![\w@/‐-])")
_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ('"', '"'))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return (base if len(base) == 1 else ch).lower()[:1] or ch


def _fold(text: str) -> str:
    """Lowercase without accents, one character per character (offsets stay valid)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text)).replace("’", "'")




def _osa(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions; ``limit + 1`` once it is exceeded."""
    return int(OSA.distance(a, b, score_cutoff=limit))


def _split(name: str) -> tuple[list[str], str]:
    """(given-name tokens, surname) of a name written given name first."""
    tokens = [t for t in name.split() if t not in _SUFFIXES]
    if len(tokens) < 2:
        return [], name.strip()
    i = len(tokens) - 1
    while i > 1 and (tokens[i - 1] in _PARTICLES or tokens[i - 1] in _CAP_PARTICLES):
        i -= 1
    return tokens[:i], " ".join(tokens[i:])


@dataclass
class Person:
    canonical: str
    given: list[str]
    surname: str
    given_ok: set[str] = field(default_factory=set)  # folded given-name tokens accepted
    surnames_ok: set[str] = field(default_factory=set)  # folded surname spellings accepted
    flag: str = ""  # "common", "distinct" or ""

    def suggestion(self, surname_written: str) -> str:
        capitalised = surname_written.split()[-1][:1].isupper()
        keep = capitalised and _fold(surname_written) in self.surnames_ok
        surname = surname_written if keep else self.surname
        return " ".join([*self.given, surname])


@dataclass
class NameIndex:
    """People by folded surname spelling, plus the first names known for each surname."""

    by_surname: dict[str, list[Person]] = field(default_factory=dict)
    known_given: dict[str, set[str]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None

    def add_key(self, key: str, person: Person) -> None:
        lst = self.by_surname.setdefault(key, [])
        if person not in lst:
            lst.append(person)


def _closer_to_surname(word: str, person: Person) -> bool:
    w = _fold(word)
    to_surname = _osa(w, _fold(person.surname), 99)
    to_given = min((_osa(w, _fold(g), 99) for g in person.given), default=99)
    return to_surname <= to_given


def load_index(paths: Iterable[Path]) -> NameIndex:
    """Parse the TSV lists (format in the header of public_figures.tsv)."""
    index = NameIndex()
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in raw.split("\t")] + ["", "", ""]
            given, surname = _split(cols[0])
            if not given:
                continue
            person = Person(cols[0], given, surname, flag=cols[3].lower())
            person.given_ok.update(_fold(g) for g in given)
            person.given_ok.update(_nicknames(person.given_ok))
            person.surnames_ok.add(_fold(surname))
            for variant in filter(None, (v.strip() for v in cols[1].split("|"))):
                if " " in variant:
                    vg, vs = _split(variant)
                    person.given_ok.update(_fold(g) for g in vg)
                    person.surnames_ok.add(_fold(vs))
                elif _closer_to_surname(variant, person):
                    person.surnames_ok.add(_fold(variant))
                else:
                    person.given_ok.add(_fold(variant))
            for key in person.surnames_ok:
                index.add_key(key, person)
                index.known_given.setdefault(key, set()).update(person.given_ok)
            for relative in filter(None, (r.strip() for r in cols[2].split("|"))):
                rg, rs = _split(relative)
                if rg:
                    key = _fold(rs)
                    index.known_given.setdefault(key, set()).update(_fold(g) for g in rg)
                    for k in person.surnames_ok if key in person.surnames_ok else {key}:
                        index.known_given.setdefault(k, set()).update(_fold(g) for g in rg)
            index.people.append(person)
    keys = sorted(index.by_surname, key=len, reverse=True)
    index.pattern = re.compile(
        r"(?<![\w@#/'‐-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w@/‐-])"
    )
    return index


@lru_cache(maxsize=1)
def _nickname_groups() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in _NICKNAMES.split("|"):
        forms = frozenset(group.split())
        for form in forms:
            out[form] = out.get(form, frozenset()) | forms
    return out


def _nicknames(names: Iterable[str]) -> set[str]:
    groups = _nickname_groups()
    out: set[str] = set()
    for name in names:
        out |= groups.get(name, frozenset())
    return out


_INITIAL = str.maketrans("kyjw", "ciiv")


def _looks_alike(a: str, b: str) -> bool:
    """Same initial (k/c, y/j/i, w/v alike) and at most half the letters changed."""
    a, b = _fold(a), _fold(b)
    if not a or not b or a[0].translate(_INITIAL) != b[0].translate(_INITIAL):
        return False
    limit = max(len(a), len(b)) // 2
    return _osa(a, b, limit) <= limit


@lru_cache(maxsize=4)
def _cached_index(paths: tuple[str, ...]) -> NameIndex:
    return load_index(Path(p) for p in paths)


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for i, group in enumerate(_NAME_GROUPS):
        for name in group.split():
            out.setdefault(_fold(name), set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


def _translation_of(candidate: str, given: Iterable[str]) -> bool:
    groups = _groups()
    mine = groups.get(_fold(candidate), frozenset())
    return any(mine & groups.get(_fold(g), frozenset()) for g in given)


def _quoted_titles(text: str, max_words: int = 8) -> list[tuple[int, int]]:
    """Spans of short quoted passages (titles of books, films, shows)."""
    spans = []
    for left, right in _QUOTE_PAIRS:
        start = 0
        while (i := text.find(left, start)) >= 0:
            j = text.find(right, i + 1)
            if j < 0:
                break
            if len(text[i + 1 : j].split()) <= max_words:
                spans.append((i, j + 1))
            start = j + 1
    return spans


class NamesCheck(Check):
    """Flags translated, swapped or misspelt names of listed public figures."""

    name = "names"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        opts = self.options
        files = [configs_dir() / "lexicon" / "public_figures.tsv"]
        files += [Path(p).expanduser() for p in opts.get("extra_lists", [])]
        self.index = _cached_index(tuple(str(p) for p in files))
        self.severity = Severity.parse(str(opts.get("severity", "warning")))
        self.common_zipf = float(opts.get("common_surname_zipf", 4.0))
        self.typo_max_zipf = float(opts.get("typo_max_zipf", 3.0))
        self.first_name_max_zipf = float(opts.get("first_name_max_zipf", 4.5))
        self.lex = default_lexicon()
        self._common: dict[str, bool] = {}
        self._typo_keys = self._build_typo_keys()

    # -- knowledge ----------------------------------------------------------------------

    def _surname_common(self, person: Person, key: str) -> bool:
        if person.flag in ("common", "distinct"):
            return person.flag == "common"
        if key not in self._common:
            common = key in _COMMON_SURNAMES
            if not common and " " not in key:
                info = self.lex.info(key)
                gender = self.lex.first_name_gender([key])[key]
                common = (
                    info.in_lexique
                    or gender in _KNOWN_GENDERS
                    or info.zipf_en >= self.common_zipf
                )
            self._common[key] = common
        return self._common[key]

    def _build_typo_keys(self) -> dict[str, list[Person]]:
        """Deletion neighbourhood of every one-word surname, for near-miss lookups."""
        out: dict[str, list[Person]] = {}
        for person in self.index.people:
            key = _fold(person.surname)
            if " " in key or len(key) < 5:
                continue
            for variant in _deletions(key, 2 if len(key) >= 8 else 1):
                out.setdefault(variant, []).append(person)
        return out

    def _plain_word(self, word: str, max_zipf: float) -> bool:
        """True when ``word`` is an ordinary word or a frequent name, not a misspelling."""
        info = self.lex.info(word.lower())
        return info.in_lexique or max(info.zipf_fr, info.zipf_en) >= max_zipf

    # -- the check ----------------------------------------------------------------------

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        text = para.text
        folded = _fold(text)
        titles = _quoted_titles(text)
        taken: list[tuple[int, int]] = []
        for start, end, message, suggestion, evidence in self._scan(text, folded):
            if any(a <= start and end <= b for a, b in titles):
                continue
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            yield ctx.finding(
                para,
                para.start + start,
                para.start + end,
                check=self.name,
                category=CATEGORY,
                severity=self.severity,
                message=message,
                suggestion=suggestion,
                evidence=evidence,
            )

    def _scan(self, text: str, folded: str) -> Iterator[tuple[int, int, str, str, str]]:
        assert self.index.pattern is not None
        for m in self.index.pattern.finditer(folded):
            hit = self._wrong_first_name(text, m.start(), m.end(), m.group())
            if hit:
                yield hit
        for m in _CAP_WORD.finditer(text):
            hit = self._near_surname(text, m.start(), m.end())
            if hit:
                yield hit

    def _wrong_first_name(
        self, text: str, s: int, e: int, key: str
    ) -> tuple[int, int, str, str, str] | None:
        written = text[s:e]
        last = written.split()[-1]
        lowercase = not last[:1].isupper()
        before = _TOKEN_BEFORE.search(text, 0, s)
        if before is None:
            return None
        cand = before.group(1)
        fcand = _fold(cand).rstrip(".")
        if fcand in self.index.known_given.get(key, ()) or fcand in _NOT_FIRST:
            return None
        if fcand in self.index.by_surname or len(fcand) < 2 or "." in cand:
            return None
        people = self.index.by_surname[key]
        if lowercase and (
            len(people) != 1
            or self._surname_common(people[0], key)
            or self.lex.info(key).in_lexique
        ):
            return None  # a lowercase ordinary word, not a mangled name
        translated = [p for p in people if _translation_of(cand, p.given)]
        if translated and fcand not in _FRENCH_FORMS:
            # outside French renderings, a translated name only counts for a rare surname
            translated = [p for p in translated if not self._surname_common(p, key)]
        near = [
            p
            for p in people
            if len(fcand) >= 4
            and any(_osa(fcand, _fold(g), 2 if len(g) >= 8 else 1) <= (2 if len(g) >= 8 else 1)
                    for g in p.given if len(g) >= 4)
        ]
        if len(translated) == 1:
            person, why = translated[0], f"'{cand}' is a translation of the first name"
        elif len(near) == 1 and not translated:
            person, why = near[0], f"'{cand}' is a misspelling of the first name"
        elif len(people) == 1 and not translated and not near:
            person = people[0]
            if self._surname_common(person, key) or not self._first_name(cand):
                return None
            if not any(_looks_alike(cand, g) for g in person.given):
                return None  # an unrelated first name is more likely another person
            if self._middle_name(text, before.start(1)):
                return None
            why = f"'{cand}' looks like, but is not, {person.canonical}'s first name"
        else:
            return None
        suggestion = person.suggestion(written)
        return (
            before.start(1),
            e,
            f"'{cand} {written}' is usually written '{suggestion}' in French news "
            f"({person.canonical}); {why}, a typical MT slip.",
            suggestion,
            f"public figures list: {person.canonical}; {why}",
        )

    def _first_name(self, word: str) -> bool:
        if self.lex.first_name_gender([word])[word] not in _KNOWN_GENDERS:
            return False
        info = self.lex.info(word.lower())
        return not (info.in_lexique and info.zipf_fr >= self.first_name_max_zipf)

    def _middle_name(self, text: str, pos: int) -> bool:
        """A first name right before the candidate makes it a middle name (Sarah Huckabee)."""
        m = _TOKEN_BEFORE.search(text, 0, pos)
        return m is not None and _fold(m.group(1)) not in _NOT_FIRST

    def _near_surname(self, text: str, s: int, e: int) -> tuple[int, int, str, str, str] | None:
        word = text[s:e]
        key = _fold(word)
        if len(key) < 5 or key in self.index.by_surname:
            return None
        before = _TOKEN_BEFORE.search(text, 0, s)
        if before is None:
            return None
        cand = before.group(1)
        fcand = _fold(cand)
        seen: list[Person] = []
        for variant in _deletions(key, 2 if len(key) >= 8 else 1):
            for p in self._typo_keys.get(variant, ()):
                if p not in seen:
                    seen.append(p)
        matches = []
        for person in seen:
            target = _fold(person.surname)
            limit = 2 if len(target) >= 8 else 1
            dist = _osa(key, target, limit)
            if not 1 <= dist <= limit:
                continue
            if fcand in person.given_ok:
                matches.append((person, "surname"))
            elif (
                len(fcand) >= 4
                and fcand not in self.index.known_given.get(target, ())
                and dist == 1
                and any(_osa(fcand, _fold(g), 1) == 1 for g in person.given if len(g) >= 4)
            ):
                matches.append((person, "both"))
        if len(matches) != 1 or self._plain_word(word, self.typo_max_zipf):
            return None
        person, kind = matches[0]
        suggestion = " ".join([*person.given, person.surname])
        what = (
            f"'{word}' is one or two letters away from the surname"
            if kind == "surname"
            else "both the first name and the surname are one letter off"
        )
        return (
            before.start(1),
            e,
            f"'{cand} {word}' is usually written '{suggestion}' in French news; {what}.",
            suggestion,
            f"public figures list: {person.canonical}; {what}",
        )


def _deletions(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


CHECK = NamesCheck
