"""One term or name rendered several ways in the same document.

Machine translation renders a recurring English term independently each time, so one
article can say ``coalition des volontaires``, ``Coalition of the Willing``,
``coalition de The Will`` and ``coalition des dirigeants volontaires`` for the same
thing, and spell one person ``Zelensky`` and ``Zelenskiy``. Human news copy keeps one
form. This check flags the RARE form and suggests the established one.

Terms (category ``consistency``): mentions are a head noun followed by its modifier
(adjectives, then one ``de``/``des``/``of the`` complement). Heads mentioned at least
``min_mentions`` times are examined; two modifiers count as the same term only on
strong evidence, because different things legitimately share a head (``la coalition``
and ``la coalition gouvernementale`` may be two coalitions):

* text only: the rare variant is the majority one with a noun inserted inside it, which
  turns the majority's noun into an adjective (``des volontaires`` ->
  ``des dirigeants volontaires``), a typical MT slip;
* with the model: the variants back-translate to the same English (an English variant
  counts as its own back-translation); English or half-English variants are then
  flagged whenever a French variant of the same term exists, other variants when they
  occur once and the French majority form at least twice.

Names (category ``name``): capitalised words that are not French words and differ by
one or two edits (``Zelenskyy``/``Zelenskiy``, ``Volodomyr``/``Volodymyr``); the rarer
spelling is flagged. Accent-only differences, French inflections (``Russe``/``Russes``)
and pairs of two well-established names (``Mohamed``/``Mohammed`` can be two people) are
left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz.distance import OSA

from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.evidence import backtranslated_words
from mtcheck.lexicon import WordInfo, default_lexicon
from mtcheck.types import Document, Finding, Paragraph, Severity

_TOKEN = re.compile(r"\w+(?:[-‐'’]\w+)*|[^\w\s]")
_ELISION = re.compile(r"(?i)(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]")

_LINKS = frozenset({"de", "des", "du", "d'", "of"})
_ARTICLES = frozenset({"la", "l'", "the"})
_FR_FUNCTION = frozenset(
    {
        "le",
        "la",
        "les",
        "l'",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d'",
        "au",
        "aux",
        "à",
        "a",
        "en",
        "et",
        "ou",
        "ni",
        "mais",
        "donc",
        "or",
        "car",
        "que",
        "qu'",
        "qui",
        "quoi",
        "dont",
        "où",
        "ce",
        "c'",
        "cet",
        "cette",
        "ces",
        "se",
        "s'",
        "sa",
        "son",
        "ses",
        "leur",
        "leurs",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "notre",
        "nos",
        "votre",
        "vos",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "nous",
        "vous",
        "je",
        "j'",
        "tu",
        "y",
        "ne",
        "n'",
        "pas",
        "plus",
        "sur",
        "sous",
        "dans",
        "par",
        "pour",
        "avec",
        "sans",
        "chez",
        "entre",
        "vers",
        "contre",
        "selon",
        "après",
        "avant",
        "depuis",
        "pendant",
        "est",
        "sont",
        "été",
        "être",
        "avoir",
        "ont",
        "avait",
        "avaient",
        "était",
        "étaient",
        "sera",
        "seront",
        "aura",
        "auront",
        "fait",
        "comme",
        "si",
        "lors",
        "dès",
        "ainsi",
        "aussi",
        "très",
        "tout",
        "tous",
        "toute",
        "toutes",
        "même",
        "mêmes",
        "autre",
        "autres",
        "and",
        "to",
        "in",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "would",
        "that",
        "which",
        "who",
        "this",
        "these",
        "those",
        "it",
        "its",
    }
)


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int  # document offset
    end: int
    text: str
    para: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


@dataclass(frozen=True, slots=True)
class _Mention:
    head: str  # lemma key
    para: int
    start: int  # document offsets of head + modifier
    end: int
    head_text: str
    modifier: tuple[str, ...]  # normalised modifier tokens
    mod_start: int
    mod_end: int
    initial: bool  # first word of its sentence
    glossed: bool  # inside parentheses: "(Coalition of the Willing en anglais)"

    @property
    def variant(self) -> str:
        return " ".join(self.modifier).replace("' ", "'")


@dataclass(frozen=True, slots=True)
class _Flag:
    para: int
    start: int
    end: int
    category: str
    severity: Severity
    message: str
    suggestion: str | None
    evidence: str | None


def _tokens(doc: Document) -> list[list[_Tok]]:
    """Tokens per sentence (words with elisions split off, and punctuation)."""
    out: list[list[_Tok]] = []
    for para in doc.paragraphs:
        sents = para.sentences or []
        bounds = [(s.start, s.end) for s in sents] or [(para.start, para.end)]
        for s0, s1 in bounds:
            toks: list[_Tok] = []
            for m in _TOKEN.finditer(doc.text, s0, s1):
                s, e = m.start(), m.end()
                while True:
                    el = _ELISION.match(doc.text, s, e)
                    if not el or el.end() >= e:
                        break
                    toks.append(_Tok(s, el.end(), doc.text[s : el.end()], para.index))
                    s = el.end()
                toks.append(_Tok(s, e, doc.text[s:e], para.index))
            out.append(toks)
    return out


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance, ``limit + 1`` once it is exceeded."""
    return int(OSA.distance(a, b, score_cutoff=limit))


# French inflections and feminine first names (Denis/Denise, Daniel/Daniela, Paul/Paula).
_INFLECTION = ("s", "e", "es", "x", "ne", "nne", "ienne", "ien", "ais", "aise", "a", "o")


def _in_handle_or_url(text: str, start: int, end: int) -> bool:
    """Hashtags, handles, addresses and file names keep their own spelling."""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    if before in {"#", "@", "/", ".", "_"} or after[:1] in {"/", "@", "_"}:
        return True
    return len(after) == 2 and after[0] == "." and after[1].isalnum()


def _inflection_pair(a: str, b: str) -> bool:
    short, long_ = sorted((a.lower(), b.lower()), key=len)
    return long_.startswith(short) and long_[len(short) :] in _INFLECTION


def _is_english(info: WordInfo) -> bool:
    if info.word in {"of", "the"}:
        return True
    return not info.in_lexique and info.zipf_en >= 4.0 and info.zipf_en >= info.zipf_fr + 1.0


class ConsistencyCheck(Check):
    name = "consistency"
    needs_model = False

    def _opt(self, key: str, default: float) -> float:
        return float(self.options.get(key, default))

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        flags = ctx.memo("consistency:flags", lambda: self._analyse(ctx))
        for f in flags:
            if f.para != para.index:
                continue
            yield ctx.finding(
                para,
                f.start,
                f.end,
                check=self.name,
                category=f.category,
                severity=f.severity,
                message=f.message,
                suggestion=f.suggestion,
                evidence=f.evidence,
            )

    def _analyse(self, ctx: DocContext) -> list[_Flag]:
        sentences = _tokens(ctx.document)
        words = {t.low for sent in sentences for t in sent if t.is_word}
        lex = default_lexicon().lookup(words)
        flags = self._names(ctx, sentences, lex) + self._terms(ctx, sentences, lex)
        flags.sort(key=lambda f: f.start)
        return flags

    # -- names ----------------------------------------------------------------------

    def _names(
        self, ctx: DocContext, sentences: list[list[_Tok]], lex: dict[str, WordInfo]
    ) -> list[_Flag]:
        min_len = int(self._opt("name_min_length", 5))
        occurrences: dict[str, list[_Tok]] = {}
        lower_occ: dict[str, list[_Tok]] = {}
        text = ctx.document.text
        for sent in sentences:
            for t in sent:
                w = t.text
                if len(w) < min_len or not w.isalpha():
                    continue
                if w[0].isupper() and w[1:].islower():
                    if lex[t.low].in_lexique:
                        continue  # a French word, capitalised
                    occurrences.setdefault(w, []).append(t)
                elif w.islower() and not _in_handle_or_url(text, t.start, t.end):
                    lower_occ.setdefault(w, []).append(t)
        counts = {w: len(v) for w, v in occurrences.items()}
        forms = sorted(counts)
        established = self._opt("name_established_zipf", 3.0)
        severity = Severity.parse(str(self.options.get("name_severity", "warning")))
        # Connected groups of near spellings.
        parent = {w: w for w in forms}

        def find(w: str) -> str:
            while parent[w] != w:
                parent[w] = parent[parent[w]]
                w = parent[w]
            return w

        for i, a in enumerate(forms):
            for b in forms[i + 1 :]:
                if a[0] != b[0] or not self._near(a, b):
                    continue
                za, zb = lex[a.lower()].zipf_fr, lex[b.lower()].zipf_fr
                if za >= established and zb >= established:
                    continue  # two established names: likely two people or places
                parent[find(a)] = find(b)
        groups: dict[str, list[str]] = {}
        for w in forms:
            groups.setdefault(find(w), []).append(w)
        flags: list[_Flag] = []
        for members in groups.values():
            if len(members) < 2:
                continue
            pref = self._preferred_name(members, counts, lex)
            if pref is None:
                continue
            zp = lex[pref.lower()].zipf_fr
            for v in members:
                if v == pref:
                    continue
                cv, cp = counts[v], counts[pref]
                if not (cv == 1 or 2 * cv <= cp) or cv > cp:
                    continue
                zv = lex[v.lower()].zipf_fr
                if zv >= zp + 1.0:
                    continue  # the rarer spelling is the usual one in French: not our call
                if zv >= self._opt("name_variant_max_zipf", 2.0):
                    continue  # a name in its own right (Nicolai next to Nicolas): two people
                for t in occurrences[v]:
                    flags.append(
                        _Flag(
                            para=t.para,
                            start=t.start,
                            end=t.end,
                            category="name",
                            severity=severity,
                            message=(
                                f"Name spelled '{pref}' elsewhere in the document; "
                                f"'{v}' looks like a variant spelling."
                            ),
                            suggestion=pref,
                            evidence=f"'{pref}' appears {cp} time(s), '{v}' {cv} time(s)",
                        )
                    )
        # A name written in lower case once, capitalised elsewhere.
        for low, toks in lower_occ.items():
            cap = low[0].upper() + low[1:]
            if counts.get(cap, 0) < 2 or lex[low].in_lexique or len(toks) >= counts[cap]:
                continue
            if lex[low].zipf_fr >= self._opt("lowercase_max_zipf", 3.0):
                continue  # brands and household names ("sa page facebook") are often lower-cased
            for t in toks:
                flags.append(
                    _Flag(
                        para=t.para,
                        start=t.start,
                        end=t.end,
                        category="name",
                        severity=severity,
                        message=f"Name written '{cap}' elsewhere in the document.",
                        suggestion=cap,
                        evidence=f"'{cap}' appears {counts[cap]} time(s)",
                    )
                )
        return flags

    @staticmethod
    def _near(a: str, b: str) -> bool:
        if _strip_accents(a) == _strip_accents(b) or _inflection_pair(a, b):
            return False
        shortest = min(len(a), len(b))
        limit = 2 if shortest >= 8 else 1
        return _osa_distance(a, b, limit) <= limit

    @staticmethod
    def _preferred_name(
        members: list[str], counts: dict[str, int], lex: dict[str, WordInfo]
    ) -> str | None:
        """The majority spelling; a tie is broken only by a clear frequency difference
        (a known name against a spelling that does not exist)."""
        ranked = sorted(members, key=lambda w: (-counts[w], -lex[w.lower()].zipf_fr))
        top, second = ranked[0], ranked[1]
        if counts[top] > counts[second]:
            return top if counts[top] >= 2 else None
        zt, zs = lex[top.lower()].zipf_fr, lex[second.lower()].zipf_fr
        if zt >= zs + 1.5 and zs < 1.0:
            return top
        return None

    # -- terms ----------------------------------------------------------------------

    def _mentions(self, sentences: list[list[_Tok]], lex: dict[str, WordInfo]) -> list[_Mention]:
        out: list[_Mention] = []
        for sent in sentences:
            for i, t in enumerate(sent):
                if not t.is_word or len(t.text) < 4 or not t.text.isalpha():
                    continue
                if t.low in _FR_FUNCTION:
                    continue
                info = lex[t.low]
                nouns = [e for e in info.entries if e.cgram == "NOM"]
                if not nouns:
                    continue
                mod, end = self._modifier(sent, i + 1, lex)
                out.append(
                    _Mention(
                        head=nouns[0].lemma.lower(),
                        para=t.para,
                        start=t.start,
                        end=end if mod else t.end,
                        head_text=t.text,
                        modifier=tuple(x.low for x in mod),
                        mod_start=mod[0].start if mod else t.end,
                        mod_end=end if mod else t.end,
                        initial=i == 0,
                        glossed=sum(x.text == "(" for x in sent[:i])
                        > sum(x.text == ")" for x in sent[:i]),
                    )
                )
        return out

    @staticmethod
    def _modifier(sent: list[_Tok], j: int, lex: dict[str, WordInfo]) -> tuple[list[_Tok], int]:
        """Adjectives right after the head, then at most one complement (de/des/of the + up
        to three words); stops at punctuation, verbs and function words."""
        mod: list[_Tok] = []
        content = 0
        linked = False
        while j < len(sent) and len(mod) < 7:
            t = sent[j]
            low = t.low
            if not t.is_word:
                break
            if low in _LINKS:
                if linked and content:
                    break  # a second complement belongs to something else
                if linked and mod and mod[-1].low in _LINKS:
                    break
                linked = True
                mod.append(t)
                j += 1
                continue
            if low in _ARTICLES and mod and mod[-1].low in _LINKS:
                mod.append(t)
                j += 1
                continue
            if low in _FR_FUNCTION:
                break
            info = lex.get(low)
            capital = t.text[0].isupper()
            # Adjectives that are not verb forms ("réunie", "dirigée" start a clause);
            # English and proper nouns pass on their capital.
            adjective = info is not None and info.has_pos("ADJ") and not info.has_pos("VER")
            if not linked:
                # directly after the head: adjectives only
                if not adjective or content >= 2:
                    break
            elif mod and mod[-1].low not in _LINKS and mod[-1].low not in _ARTICLES:
                # after the complement's noun: adjectives only (a capitalised word there
                # is an apposition: "ministre des Finances Bill Morneau")
                if not adjective:
                    break
            elif (
                info is not None and info.in_lexique and not info.has_pos("NOM", "ADJ")
            ) and not capital:
                break
            content += 1
            if content > 4:
                break
            mod.append(t)
            j += 1
        while mod and (mod[-1].low in _LINKS or mod[-1].low in _ARTICLES):
            mod.pop()
        return mod, (mod[-1].end if mod else 0)

    def _terms(
        self, ctx: DocContext, sentences: list[list[_Tok]], lex: dict[str, WordInfo]
    ) -> list[_Flag]:
        mentions = self._mentions(sentences, lex)
        by_head: dict[str, list[_Mention]] = {}
        for m in mentions:
            by_head.setdefault(m.head, []).append(m)
        min_mentions = int(self._opt("min_mentions", 3))
        severity = Severity.parse(str(self.options.get("term_severity", "info")))
        flags: list[_Flag] = []
        for group in by_head.values():
            if len(group) < min_mentions:
                continue
            variants: dict[str, list[_Mention]] = {}
            for m in group:
                if m.modifier:
                    variants.setdefault(m.variant, []).append(m)
            if len(variants) < 2:
                continue
            flagged: dict[str, tuple[str, str]] = {}  # variant -> (preferred, reason)
            self._insertion_variants(variants, lex, flagged)
            if ctx.backtranslations:
                self._model_variants(ctx, variants, lex, flagged)
            for v, (pref, reason) in flagged.items():
                pm = variants[pref][0]
                pref_text = ctx.document.text[pm.start : pm.end]
                for m in variants[v]:
                    if m.glossed:
                        continue  # a gloss of the original wording is deliberate
                    suggestion = pref_text
                    if m.initial and not pm.initial:
                        suggestion = suggestion[:1].upper() + suggestion[1:]
                    elif pm.initial and not m.initial and not pm.head_text[1:].isupper():
                        suggestion = suggestion[:1].lower() + suggestion[1:]
                    flags.append(
                        _Flag(
                            para=m.para,
                            start=m.start,
                            end=m.end,
                            category="consistency",
                            severity=severity,
                            message=(
                                f"The document elsewhere calls this '{suggestion}' "
                                f"({len(variants[pref])} time(s)); this variant looks like "
                                "an inconsistent rendering of the same term."
                            ),
                            suggestion=suggestion,
                            evidence=reason,
                        )
                    )
        return flags

    @staticmethod
    def _majority(variants: dict[str, list[_Mention]]) -> str | None:
        ranked = Counter({v: len(ms) for v, ms in variants.items()}).most_common()
        if len(ranked) >= 2 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0] if ranked and ranked[0][1] >= 2 else None

    def _insertion_variants(
        self,
        variants: dict[str, list[_Mention]],
        lex: dict[str, WordInfo],
        flagged: dict[str, tuple[str, str]],
    ) -> None:
        major = self._majority(variants)
        if major is None:
            return
        mtoks = variants[major][0].modifier
        if len(mtoks) < 2:
            return
        for v, ms in variants.items():
            if v == major or len(ms) != 1:
                continue
            rtoks = ms[0].modifier
            if len(rtoks) != len(mtoks) + 1:
                continue
            for p in range(1, len(mtoks)):
                if rtoks[:p] + rtoks[p + 1 :] != mtoks:
                    continue
                # The garble turns the complement's noun into an adjective of a new noun
                # ("des volontaires" -> "des dirigeants volontaires"); an insertion after
                # a noun ("des pays membres européens") is ordinary French.
                inserted, following = rtoks[p], mtoks[p]
                ins, fol = lex.get(inserted), lex.get(following)
                if (
                    (mtoks[p - 1] in _LINKS or mtoks[p - 1] in _ARTICLES)
                    and ins is not None
                    and fol is not None
                    and ins.has_pos("NOM")
                    and fol.has_pos("ADJ")
                    and inserted not in _FR_FUNCTION
                ):
                    flagged[v] = (
                        major,
                        f"'{major}' appears {len(variants[major])} time(s); here "
                        f"'{inserted}' is inserted into it",
                    )
                break

    def _model_variants(
        self,
        ctx: DocContext,
        variants: dict[str, list[_Mention]],
        lex: dict[str, WordInfo],
        flagged: dict[str, tuple[str, str]],
    ) -> None:
        english = {
            v: any(_is_english(lex[t]) for t in ms[0].modifier if t in lex)
            for v, ms in variants.items()
        }
        reps: dict[str, set[str]] = {}
        paras = {p.index: p for p in ctx.document.paragraphs}
        for v, ms in variants.items():
            rs: set[str] = set()
            for m in ms:
                para = paras[m.para]
                said = backtranslated_words(
                    ctx.backtranslations.get(m.para), m.start - para.start, m.end - para.start
                )
                if said:
                    rs.add(_norm_en(said))
            if english[v]:
                m = ms[0]
                rs.add(_norm_en(ctx.document.text[m.start : m.end]))
            reps[v] = {r for r in rs if len(r.split()) >= 2}
        names = sorted(variants)
        parent = {v: v for v in names}

        def find(v: str) -> str:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        why: dict[str, str] = {}
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                same = next(
                    (
                        (ra, rb)
                        for ra in reps[a]
                        for rb in reps[b]
                        if _same_rendering(ra, rb)
                    ),
                    None,
                )
                if same:
                    parent[find(a)] = find(b)
                    why[a] = why.get(a) or same[0]
                    why[b] = why.get(b) or same[1]
        clusters: dict[str, list[str]] = {}
        for v in names:
            clusters.setdefault(find(v), []).append(v)
        for members in clusters.values():
            if len(members) < 2:
                continue
            french = [v for v in members if not english[v]]
            if not french:
                continue
            french.sort(key=lambda v: -len(variants[v]))
            pref = french[0]
            if len(french) > 1 and len(variants[french[1]]) == len(variants[pref]):
                pref_unique = False
            else:
                pref_unique = True
            for v in members:
                if v == pref or v in flagged:
                    continue
                if english[v] and pref_unique:
                    reason = (
                        "English or half-English form of a term the document also gives in French"
                    )
                elif not english[v] and len(variants[v]) == 1 and len(variants[pref]) >= 2:
                    reason = "a rare variant of the document's usual form"
                else:
                    continue
                flagged[v] = (
                    pref,
                    f"{reason}; both back-translate alike ('{why.get(v, '')}' / "
                    f"'{why.get(pref, '')}')",
                )


def _same_rendering(a: str, b: str) -> bool:
    """Two English renderings name the same thing: the same words in the same order, up
    to inflection or truncation ("coalition willing" / "coalition will")."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    for x, y in zip(wa, wb, strict=True):
        if x == y:
            continue
        short, long_ = sorted((x, y), key=len)
        if len(short) >= 4 and long_.startswith(short):
            continue
        if SequenceMatcher(None, x, y).ratio() >= 0.8:
            continue
        return False
    return True


_REP_DROP = frozenset({"the", "a", "an", "of", "de", "des", "du", "d", "la", "le", "les", "l"})


def _norm_en(text: str) -> str:
    """A term's wording without articles and linking words, for comparing renderings."""
    words = re.findall(r"[^\W_]+", text.lower())
    return " ".join(w for w in words if w not in _REP_DROP)


CHECK = ConsistencyCheck
