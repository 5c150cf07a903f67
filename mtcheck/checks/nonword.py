"""Words that exist in neither French nor English: MT coinages such as ``rassurance``.

A lowercase word is a candidate when Lexique 3.83 (142,000 French forms with their
inflections) does not know it and wordfreq gives it (almost) no frequency in French or
English. It is then explained away, and not flagged, when it is:

- a regular inflection of a known word (``-s``, ``-e``, ``-euse`` ...) or a conjugated
  form of a Lexique verb that Lexique happens not to list (``exemptera``);
- a known word with a productive prefix (``re-``, ``anti-``, ``cyber-``, ``éco-`` ...) or
  suffix (``-isme``, ``-iste``, ``-isation`` ...), or a hyphenated compound of known words;
- a known word with a missing or wrong accent (a human typo, not a translation error).

Names, acronyms, handles, URLs and words with digits are never candidates: they are
capitalised or not purely alphabetic.

What remains is reported only with a sign that it is a translation artefact: it looks
adapted from a frequent English word (``rassurance`` ~ ``reassurance``), it is spelled
like English, or it is a near-certain misspelling of a French word. Other unknown words are as
likely to be rare real words (``aidance``, ``arrêtage`` in clean news) and are reported
only when ``unexplained_severity`` is set.

Category: ``wrong_sense`` (the translation invented a French-looking word where a real
word was meant: the editor must find the intended word), or ``leftover`` when the coinage
is built from English spelling (``-ing``, ``-ness``, ``w``, ``k`` ...). A verb form that
exists but can only be a second-person passé simple (``menaças``) is reported as
``grammar``: in a news sentence it is a conjugation error. Suggestions are Lexique forms
close in spelling (difflib over candidates sharing the word's start or its ending).
``explained_by_morphology`` exposes the explanations to other checks (the artifact check
uses it so that a regular form Lexique lacks is never split as two glued words).
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.french import Analysis, analyse
from mtcheck.config import Config
from mtcheck.lexicon import Lexicon, WordInfo, default_lexicon
from mtcheck.types import Finding, Paragraph, Severity

PREFIXES = (
    "anti", "contre", "sur", "sous", "super", "hyper", "ultra", "extra", "intra", "inter",
    "infra", "supra", "trans", "multi", "pluri", "poly", "mono", "bi", "tri", "semi",
    "demi", "mi", "mini", "micro", "macro", "méga", "maxi", "néo", "post", "pré", "pro",
    "pseudo", "quasi", "non", "ex", "vice", "para", "co", "re", "ré", "dé", "dés", "des",
    "in", "im", "il", "ir", "mé", "mal", "auto", "télé", "bio", "éco", "géo", "cyber",
    "euro", "franco", "anglo", "russo", "sino", "germano", "islamo", "narco", "pétro",
    "agro", "hydro", "électro", "radio", "vidéo", "photo", "archi", "rétro", "crypto",
    "nano", "cardio", "neuro", "psycho", "socio", "ethno", "afro", "indo", "judéo",
    "arabo", "israélo", "irano", "turco", "gréco", "austro", "hispano", "sur", "hors",
    "omni", "pan", "proto", "télé", "vélo", "visio", "cyclo", "ciné", "audio",
)
# Inflection and gender endings: (ending, replacement) to reach a base form.
ENDINGS = (
    ("es", ""), ("s", ""), ("x", ""), ("e", ""), ("euse", "eur"), ("euses", "eur"),
    ("rice", "eur"), ("rices", "eur"), ("ive", "if"), ("ives", "if"), ("enne", "en"),
    ("ennes", "en"), ("elle", "el"), ("elles", "el"), ("ère", "er"), ("ères", "er"),
    ("ée", "é"), ("ées", "é"), ("aux", "al"),
)
# Productive suffixes of news neologisms (``wokisme``, ``vaccinodrome``): base + suffix.
SUFFIXES = (
    "isme", "ismes", "iste", "istes", "isation", "isations", "iser", "isé", "isée",
    "isés", "isées", "ité", "ités", "phobie", "phobe", "phobes", "drome", "odrome",
    "logue", "logues", "cratie", "crate", "crates", "esque", "esques", "ien", "ienne",
    "iens", "iennes",
)
# Verb endings, longest first, for conjugated forms Lexique does not list.
VERB_ENDINGS = (
    "eraient", "iraient", "raient", "assions", "assiez", "èrent", "irent", "urent",
    "erions", "eriez", "erons", "eront", "erait", "erais", "erai", "eras", "erez", "era",
    "rions", "riez", "rons", "ront", "rait", "rais", "rai", "ras", "rez", "ra",
    "aient", "asses", "asse", "assent", "âmes", "âtes", "îmes", "îtes", "ûmes", "ûtes",
    "ions", "iez", "ons", "ent", "ais", "ait", "ant", "ées", "és", "ée", "é", "ez", "as",
    "es", "e", "a", "ât", "ît", "ût",
)
# Real conjugations that are impossible in a third-person news sentence.
SECOND_PERSON_PAST = ("as", "âmes", "âtes", "îmes", "îtes", "ûmes", "ûtes", "asses")
_ACCENTS = {
    "e": "eéèê", "é": "eéèê", "è": "eéèê", "ê": "eéèê", "a": "aàâ", "à": "aàâ", "â": "aàâ",
    "i": "iîï", "î": "iîï", "ï": "iîï", "o": "oô", "ô": "oô", "u": "uûù", "û": "uûù",
    "ù": "uûù", "c": "cç", "ç": "cç",
}
_SKIP_SPANS = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\S+@\S+"
    r"|[@#][\w-]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|org|net|eu|io|be|ch|ca|info|gouv|co|uk|de|ru|ua)\b"
    r"|&\w+;"
)
_ENGLISH_LOOK = re.compile(r"(?:w|k|sh|th|ee|oo|ing$|ness$|ship$|ful$|less$|y$)")


class NonwordCheck(Check):
    name = "nonword"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.min_length = int(self.options.get("min_length", 5))
        self.max_zipf_fr = float(self.options.get("max_zipf_fr", 1.5))
        self.max_zipf_en = float(self.options.get("max_zipf_en", 2.0))
        self.suggest = bool(self.options.get("suggest", True))
        self.severity = Severity.parse(str(self.options.get("severity", "warning")))
        unexplained = str(self.options.get("unexplained_severity", "off"))
        self.unexplained_severity: Severity | None = (
            None if unexplained.strip().lower() == "off" else Severity.parse(unexplained)
        )

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        an = analyse(ctx, para)
        candidates = list(self._candidates(an, para.text))
        if not candidates:
            return
        lex = default_lexicon()
        # One more batched lookup for every form that could explain a candidate.
        explain = {u: _explanations(u) for _, units in candidates for u in units}
        wanted = {f for forms in explain.values() for f in forms}
        infos = lex.lookup(wanted) if wanted else {}

        def explained(unit: str) -> bool:
            return any(
                self._known(infos[f]) and (not inflection or _inflectable(infos[f]))
                for f, inflection in explain[unit].items()
            )

        for i, units in candidates:
            unexplained = [u for u in units if not explained(u)]
            if not unexplained:
                continue
            tok = an.tokens[i]
            verbs = [_verb_form(lex, u) for u in unexplained]
            if all(v is not None and not v.endswith(SECOND_PERSON_PAST) for v in verbs):
                continue  # real conjugations Lexique does not list
            if len(units) == 1 and verbs[0] is not None:
                sent = range(an.sentence_start(i), an.sentence_end(i))
                if any(an.low(k) in ("tu", "te", "t'", "toi") for k in sent):
                    continue
                yield ctx.finding(
                    para, para.start + tok.start, para.start + tok.end, check=self.name,
                    category="grammar", severity=self.severity,
                    message=f"'{tok.text}' is a second-person passé simple, impossible in "
                    "a third-person news sentence: wrong conjugation.",
                    evidence=f"verb stem + second-person ending '-{verbs[0]}'",
                    rule="nonword-verb-form",
                )
                continue
            finding = self._finding(ctx, para, tok.start, tok.end, tok.text, lex)
            if finding is not None:
                yield finding

    def _candidates(self, an: Analysis, text: str) -> Iterator[tuple[int, list[str]]]:
        """Unknown words as (token index, the parts that need explaining)."""
        skip = [m.span() for m in _SKIP_SPANS.finditer(text)]
        for i, tok in enumerate(an.tokens):
            if not tok.is_word or tok.elided:
                continue
            word = tok.text.strip("-")
            if len(word) < self.min_length or word != word.lower():
                continue  # short words, names, acronyms and mixed case are never flagged
            if any(c in word for c in "'’ʼ"):
                continue
            if any(s < tok.end and tok.start < e for s, e in skip):
                continue
            prev = an.tokens[i - 1].text if i else ""
            nxt = an.tokens[i + 1].text if i + 1 < len(an.tokens) else ""
            if prev in ("@", "#", "/", "\\", "_", "&") or nxt in ("@", "_", "/"):
                continue
            info = an.info(i)
            if info is None or self._known(info):
                continue
            if "-" not in word:
                yield i, [word]
                continue
            parts = [p for p in word.split("-") if len(p) >= self.min_length]
            infos = default_lexicon().lookup(parts)
            unknown = [p for p in parts if not self._known(infos[p])]
            if unknown:
                yield i, unknown

    def _known(self, info: WordInfo) -> bool:
        return (
            info.in_lexique
            or info.zipf_fr > self.max_zipf_fr
            or info.zipf_en > self.max_zipf_en
        )

    def _finding(
        self, ctx: DocContext, para: Paragraph, start: int, end: int, text: str, lex: Lexicon
    ) -> Finding | None:
        word = text.lower()
        english = bool(_ENGLISH_LOOK.search(word))
        suggestions = close_words(lex, word) if self.suggest else []
        evidence = "not in Lexique 3.83; no French or English frequency (wordfreq)"
        source = english_lookalike(lex, word)
        if source:
            evidence += f"; looks adapted from English '{source}'"
        if suggestions:
            evidence += "; close French words: " + ", ".join(suggestions)
        # Only a near-certain spelling fix is offered as the suggestion.
        best = suggestions[0] if suggestions else None
        if best and difflib.SequenceMatcher(None, word, best).ratio() < 0.92:
            best = None
        if english:
            category, severity = "leftover", self.severity
            message = f"'{text}' is not a French word (English-looking coinage)."
        elif source or best:
            category, severity = "wrong_sense", self.severity
            message = f"'{text}' is not a French word" + (
                f": it looks adapted from English '{source}'." if source else "."
            )
        else:
            # No sign of English or of a plain misspelling: a rare real word is as likely
            # ("aidance", "arrêtage" in clean news), so this is off unless configured.
            if self.unexplained_severity is None:
                return None
            category, severity = "wrong_sense", self.unexplained_severity
            message = (
                f"'{text}' is in neither the French lexicon nor French or English usage: "
                "a coinage of the translation, or a rare word?"
            )
        return ctx.finding(
            para,
            para.start + start,
            para.start + end,
            check=self.name,
            category=category,
            severity=severity,
            message=message,
            suggestion=best,
            evidence=evidence,
            rule="nonword",
        )


def explained_by_morphology(lex: Lexicon, word: str) -> bool:
    """Whether ``word`` is a regular inflection, affixed form, accent slip or conjugation
    of a known word (the explanations this check accepts), for other checks to reuse."""
    explain = _explanations(word)
    infos = lex.lookup(explain) if explain else {}
    for form, inflection in explain.items():
        info = infos[form]
        known = info.in_lexique or info.zipf_fr > 1.5 or info.zipf_en > 2.0
        if known and (not inflection or _inflectable(info)):
            return True
    return _verb_form(lex, word) is not None


def _inflectable(info: WordInfo) -> bool:
    """A noun, adjective or participle: words a plural or feminine ending can attach to."""
    if not info.in_lexique:
        return True  # known from wordfreq only (a recent noun, say)
    return any(e.cgram in ("NOM", "ADJ") or "par:pas" in e.infover for e in info.entries)


def _explanations(word: str) -> dict[str, bool]:
    """Known-word forms that would make ``word`` regular (inflection, affix, accent typo).

    The value says whether the form explains ``word`` as an inflection, which only holds
    for nouns, adjectives and participles ("menaças" is not the plural of "menaça").
    """
    out: dict[str, bool] = {}
    stems = [word]
    for ending, repl in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            form = word[: len(word) - len(ending)] + repl
            out.setdefault(form, True)
            stems.append(form)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)]
            for form in (base, base + "e", base.rstrip("o")):
                out[form] = False
                stems.append(form)
    for stem in stems:
        for prefix in PREFIXES:
            rest = stem[len(prefix) :].lstrip("-")
            if stem.startswith(prefix) and len(rest) >= 4:
                out.setdefault(rest, False)
    for form in _accent_variants(word):
        out[form] = False
    out.pop(word, None)
    out.pop("", None)
    return out


def _accent_variants(word: str, limit: int = 200) -> list[str]:
    """The word with every other accentuation of its vowels (bounded)."""
    slots = [_ACCENTS.get(c, c) for c in word]
    total = 1
    for s in slots:
        total *= len(s)
        if total > limit:
            return []
    return ["".join(p) for p in itertools.product(*slots)]


def _verb_form(lex: Lexicon, word: str) -> str | None:
    """The verb ending that makes ``word`` a conjugation of a Lexique verb, if any."""
    for ending in VERB_ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if len(stem) < 3:
            continue
        rows = lex.query(
            "SELECT form FROM lex WHERE form >= ? AND form < ? AND cgram = 'VER' "
            "AND length(form) > ? LIMIT 1",
            (stem, _next_prefix(stem), len(stem)),
        )
        if rows:
            return ending
    return None


def close_words(lex: Lexicon, word: str, limit: int = 3) -> list[str]:
    """French forms close in spelling to ``word``, best first (two index range scans)."""
    n = len(word)
    sql = (
        "SELECT DISTINCT form FROM lex WHERE form >= ? AND form < ? "
        "AND form LIKE ? AND length(form) BETWEEN ? AND ?"
    )
    queries = (
        (word[:3], _next_prefix(word[:3]), "%", n - 2, n + 2),
        (word[:1], _next_prefix(word[:1]), "%" + word[-4:], n - 2, n + 2),
    )
    rows: set[str] = set()
    for args in queries:
        rows.update(r[0] for r in lex.query(sql, args))
    rows.discard(word)
    return difflib.get_close_matches(word, sorted(rows), n=limit, cutoff=0.8)


def english_lookalike(
    lex: Lexicon, word: str, min_zipf: float = 3.0, cutoff: float = 0.9
) -> str | None:
    """A frequent English word the coinage was probably adapted from (``reassurance``)."""
    plain = _strip_accents(word)
    n = len(plain)
    rows = [
        r[0]
        for r in lex.query(
            "SELECT word FROM freq WHERE word >= ? AND word < ? AND en >= ? "
            "AND en > fr AND length(word) BETWEEN ? AND ?",
            (plain[:1], _next_prefix(plain[:1]), min_zipf, n - 2, n + 2),
        )
    ]
    match = difflib.get_close_matches(plain, rows, n=1, cutoff=cutoff)
    return match[0] if match else None


def _strip_accents(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn"
    )


def _next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


CHECK = NonwordCheck
