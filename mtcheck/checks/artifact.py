"""Pipeline junk: what scraping, auto-translation plugins and detokenisers leave behind.

Every pattern here is damage no French writer produces: translation-plugin tag markers
(``(Tagstotranslate)``), placeholders (``{0}``, ``%s``, ``{{name}}``), HTML entities and
markup, mojibake, doubled words, abbreviations split by a tokenizer (``n ° 10``), words
glued across a sentence end (``aériennePARIS``) and quotes or brackets with no partner.

Glued words (a space lost at a link or tag boundary: ``Uniesfigurait``, ``jeCela``,
``Stefanikle``) are found among tokens neither Lexique nor wordfreq knows, in French or
English, that split into two known words: a short function word camel-cased onto a word
(``jeCela``), a name glued to a function word when the name also stands alone in the
document (``Stefanikle``), or two frequent French words (``Uniesfigurait``). French
surnames are built the same way (``Lecornu``, ``Boisvert``), so a capitalised token only
splits before a verb form or a function word with that evidence.
Normal French typographic variation (spaces before ``: ; ! ?``, straight or curly
quotes, a space before a comma) is not flagged: editors do not want a typography linter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.leftover import load_list
from mtcheck.checks.nonword import explained_by_morphology
from mtcheck.config import Config
from mtcheck.lexicon import LexiconUnavailable, WordInfo, default_lexicon
from mtcheck.types import Finding, Paragraph, Severity

_TAG_MARKER = re.compile(
    r"[(\[{]\s*tags?\s*to\s*translate\s*[)\]}]|\btags?to[-_]?translate\b", re.IGNORECASE
)
_PLACEHOLDER = re.compile(
    r"\{\{[^{}\n]{0,60}\}\}"  # {{name}}
    r"|(?<![\w{])\{\d{1,2}\}(?!\})"  # {0}
    r"|(?<![\w%])%(?:\d\$)?[sd](?![\w])"  # %s, %1$s, %d
    r"|\b__[A-Z][A-Z0-9_]*__\b"  # __TAG__
    r"|</?(?:x|g|ph|bpt|ept|it|mrk)(?:\s+[a-z-]+=\"[^\"]*\")*\s*/?>"  # XLIFF inline tags
)
_ENTITY_NAMES = (
    "amp|apos|quot|lt|gt|nbsp|rsquo|lsquo|rdquo|ldquo|laquo|raquo|hellip|ndash|mdash|"
    "eacute|egrave|ecirc|euml|agrave|acirc|auml|ccedil|ocirc|ouml|ucirc|ugrave|uuml|icirc|"
    "iuml|oelig|aelig|Eacute|Egrave|Agrave|Ccedil|euro|copy|reg|trade|deg|shy|thinsp|"
    "zwnj|zwj|bull|middot|times|frac12"
)
_ENTITY = re.compile(
    rf"&\s?(?:#\s?\d{{2,6}}|#[xX][0-9a-fA-F]{{2,5}}|(?:{_ENTITY_NAMES}))\s?;"
    r"|&(?:nbsp|amp|quot)\b"
)
_HTML_TAGS = (
    "p|br|a|b|i|u|em|strong|span|div|img|ul|ol|li|h[1-6]|blockquote|iframe|script|style|"
    "figure|figcaption|table|tbody|thead|tr|td|th|sup|sub|hr|font|center|small|section|"
    "article|header|footer|nav|button|input|form|meta|link|noscript|source|video|audio|"
    "picture|caption|cite|strike|del|ins|mark|label|time|abbr|code|pre|html|body|head|title"
)
_MARKUP = re.compile(
    rf"<\s*/?\s*(?:{_HTML_TAGS})(?:\s+[^<>]{{0,300}}?)?\s*/?\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_SHORTCODE = re.compile(
    r"\[/?(?:caption|embed|gallery|video|audio|playlist|vc_\w+|et_pb_\w+|su_\w+)\b[^\]\n]{0,300}\]",
    re.IGNORECASE,
)
# UTF-8 read as Latin-1/cp1252: "Ã©" for "é", "â€™" for "’", "Â«" for "«"; and U+FFFD.
_MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
    "|â€[\u0080-\u00bf\u2122\u0153\u0161\u017e\u201c\u201d\u02dc\u2019\u2018\u2022]?"
    "|Â[«»\u00a0°·]"
    "|\ufffd"
)
_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)[ \t]+(\1)(?![\w'’-])", re.IGNORECASE)
_DOUBLED_PAIR = re.compile(
    r"(?<![\w'’-])([^\W\d_]+[ \t]+[^\W\d_]+)[ \t]+(\1)(?![\w'’-])", re.IGNORECASE
)
# "il y a a priori": the second word opens a Latin phrase.
_LATIN_AFTER = re.compile(r"[ \t]+(?:priori|posteriori|fortiori|minima|maxima|contrario|capella)\b")
_SPLIT_NUMERO = re.compile(r"(?<![\w])([nN])\s+°(?=\s?\d)")
_SPLIT_ABBREV = re.compile(r"(?<![\w.])(M|Mme|Mmes|Mlle|Dr|Pr|Mgr|St|Ste|p|pp) \.(?= ?[A-Z0-9À-Þ])")
_SPLIT_ORDINAL = re.compile(r"(?<![\w,.])(1) (er|re|ère)(?= [^\W\d_])")
_SPACED_APOSTROPHE = re.compile(
    r"(?<![\w'’])([lLdDjJmMnNsStT]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu) ['’](?=[^\W\d_])"
    r"|(?<![\w'’])([ldjmnst]|qu|jusqu|lorsqu|puisqu)['’] (?=[^\W\d_]{2})"
)
# "l Ukraine", "qu il", "n est": an elided word whose apostrophe was dropped. Never after
# a number ("3 l", "5 m", "10 s" are units); capitals only open a sentence.
_LOST_APOSTROPHE = re.compile(
    r"(?<![\w'’.,°(/&-])(?<!\d )(?:(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)"
    r"|(L|D|J|N|S|C|Qu|Jusqu|Lorsqu|Puisqu)) (?=[aeiouyéèêàâîôûœh][^\W\d_]"
    r"|[AEIOUYÉÈÊÀÂÎÔÛ][^\W\d_]|y )"
)
_SPLIT_COMPOUND = re.compile(
    r"(?<![\w-])([^\W\d_]+) ?[—–] ?([^\W\d_]+)(?![\w-])"
    r"|(?<![\w-])([^\W\d_]+) - ([^\W\d_]+)(?![\w-])"
)
_GLUED_CAPS = re.compile(r"(?<![^\W\d_])([a-zà-öø-ÿœ]{3,})([A-ZÀ-ÖØ-ÞŒ]{2,})(?![^\W\d_])")
_GLUED_SENTENCE = re.compile(
    r"(?<![^\W\d_])([^\W\d_][a-zà-öø-ÿœ]{2,})([.!?])([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ]{2,})"
)
_DETERMINERS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "ce",
        "cet",
        "cette",
        "ces",
        "du",
        "des",
        "au",
        "aux",
        "son",
        "sa",
        "ses",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "notre",
        "votre",
        "leur",
        "leurs",
        "nos",
        "vos",
    ]
)
_TLD = frozenset(
    [
        "com",
        "fr",
        "org",
        "net",
        "info",
        "gov",
        "edu",
        "biz",
        "io",
        "eu",
        "uk",
        "de",
        "be",
        "ch",
        "ca",
    ]
)
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S+\.(?:com|fr|org|net|io)\S*", re.I)
# Letters-only tokens not touching digits, hyphens, apostrophes, dots or handle marks.
_GLUE_TOKEN = re.compile(r"(?<![\w'’@#./-])[^\W\d_]{5,}(?![\w'’@/-]|\.[^\W\d_])")
# Short grammatical words a glued token may start or end with.
_GLUE_FUNCTION = frozenset(
    ["le", "la", "les", "de", "des", "du", "un", "une", "et", "en", "au", "aux", "à", "je",
     "il", "ils", "elle", "on", "ce", "se", "sa", "son", "ses", "qui", "que", "sur",
     "pour", "dans", "par", "avec", "est", "sont", "ont", "mais", "ou", "où", "ne", "pas",
     "nous", "vous", "leur", "leurs", "cette", "ces", "plus"]
)
# Function words a lowercase word may be glued to: none of them is a common word ending
# ("-le", "-et", "-eau", "-se", "-ne" end many French words and names).
_GLUE_SUFFIX = frozenset(
    ["est", "pas", "sont", "ont", "les", "des", "une", "qui", "pour", "dans", "avec", "sur",
     "par", "mais", "plus", "cette", "leur", "leurs", "nous", "vous"]
)
# Words that are also productive endings ("réalistement", "buissonnier", "émotionelle").
_ENDING_WORDS = frozenset(
    ["ment", "ments", "elle", "elles", "nier", "lent", "nage", "ange", "oire", "aire",
     "ure", "ais", "ait", "aient", "ions", "ont", "ent", "ante", "ance", "ence", "ette",
     "able", "iste", "isme", "âge", "age", "rage", "ier", "ière", "ville"]
)
# Function words a capitalised name may be glued to ("Stefanikle", "Macronet").
_NAME_GLUE = frozenset(
    ["le", "la", "les", "de", "des", "du", "et", "en", "est", "au", "aux", "qui", "que",
     "sur", "pour", "dans", "par", "avec", "un", "une", "ont", "sont", "ne", "se"]
)
# Combining forms that make real compounds ("autoentrepreneur", "cyberattaque").
_COMBINING = (
    "anti", "auto", "bio", "contre", "cyber", "demi", "éco", "euro", "extra", "géo",
    "hyper", "inter", "macro", "méga", "micro", "mini", "mono", "multi", "néo", "non",
    "photo", "poly", "post", "pré", "pro", "radio", "semi", "sous", "super", "sur", "télé",
    "trans", "ultra", "vidéo", "vice", "agro", "hydro", "électro", "narco", "pétro",
)
# Known words must be this frequent in French (wordfreq Zipf) to be one half of a glue.
_GLUE_MIN_ZIPF = 3.0
# A glued token is unknown: at most this Zipf frequency in French and in English.
_GLUE_MAX_ZIPF = 1.5
_EMPTY_QUOTES = re.compile(r"«[\s\u00a0\u202f]*»|“\s*”")


@dataclass
class _Hit:
    start: int
    end: int
    severity: Severity
    message: str
    suggestion: str | None = None
    evidence: str | None = None


class ArtifactCheck(Check):
    """High-precision junk detectors; each one explains what produced the damage."""

    name = "artifact"

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        opts = self.options
        self.doubled_words = bool(opts.get("doubled_words", True))
        self.balance = bool(opts.get("balance", True))
        self.glue = bool(opts.get("glued_text", True))
        self.allowed_doubles = load_list("allowed_doubles.txt") | {
            w.lower() for w in opts.get("allowed_doubles", [])
        }

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        text = para.text
        hits: list[_Hit] = []
        hits.extend(self._junk(text))
        hits.extend(self._tokenizer_damage(text))
        if self.doubled_words:
            hits.extend(self._doubles(text, para))
        if self.glue:
            hits.extend(self._glued(text))
            hits.extend(self._glued_words(ctx, text))
        if self.balance:
            hits.extend(self._quotes(ctx, para))
            hits.extend(self._brackets(text))
        findings = []
        taken: list[tuple[int, int]] = []
        for h in sorted(hits, key=lambda h: (-h.severity.rank, h.start)):
            if any(s < h.end and h.start < e for s, e in taken):
                continue
            taken.append((h.start, h.end))
            findings.append(
                ctx.finding(
                    para,
                    para.start + h.start,
                    para.start + h.end,
                    check=self.name,
                    category="artifact",
                    severity=h.severity,
                    message=h.message,
                    suggestion=h.suggestion,
                    evidence=h.evidence,
                )
            )
        findings.sort(key=lambda f: f.start)
        return findings

    # -- plugin markers, placeholders, entities, markup --------------------------------

    def _junk(self, text: str) -> list[_Hit]:
        hits = []
        for m in _TAG_MARKER.finditer(text):
            rest = text[m.end() :].split("\n", 1)[0].strip()
            detail = " The words after it on the line are the post's tag list." if rest else ""
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.ERROR,
                    f"Translation-plugin tag marker '{m.group()}' left in the text: the "
                    f"auto-translation plugin's tag block was published as prose.{detail}",
                    suggestion="",
                    evidence="WordPress auto-translation plugins wrap post tags in "
                    "(tagsToTranslate)",
                )
            )
        for m in _PLACEHOLDER.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.ERROR,
                    f"Template or translation placeholder '{m.group()}' left in the text: a "
                    "value was never filled in.",
                )
            )
        for m in _ENTITY.finditer(text):
            decoded = _decode_entity(m.group())
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.ERROR,
                    f"HTML entity '{m.group()}' printed as text instead of the character it "
                    "encodes.",
                    suggestion=decoded,
                )
            )
        for m in _MARKUP.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.ERROR,
                    f"HTML markup '{_short(m.group())}' left in the text.",
                    suggestion="",
                )
            )
        for m in _SHORTCODE.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.ERROR,
                    f"CMS shortcode '{_short(m.group())}' left in the text.",
                    suggestion="",
                )
            )
        for m in _MOJIBAKE.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.ERROR,
                    f"Broken character encoding '{m.group()}' (UTF-8 text decoded as "
                    "Latin-1, or a lost character).",
                    suggestion=_fix_mojibake(m.group()),
                )
            )
        return hits

    # -- tokenizer damage ---------------------------------------------------------------

    def _tokenizer_damage(self, text: str) -> list[_Hit]:
        hits = []
        for m in _SPLIT_NUMERO.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Abbreviation split by spaces: '{m.group().strip()}' (a tokenizer cut "
                    "'n°' in two).",
                    suggestion=f"{m.group(1)}°",
                )
            )
        for m in _SPLIT_ABBREV.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Abbreviation split from its full stop: '{m.group()}'.",
                    suggestion=f"{m.group(1)}.",
                )
            )
        for m in _SPLIT_ORDINAL.finditer(text):
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Ordinal split by a space: '{m.group()}'.",
                    suggestion=f"{m.group(1)}{m.group(2)}",
                )
            )
        for m in _SPACED_APOSTROPHE.finditer(text):
            if _in_url(text, m.start()):
                continue
            fixed = re.sub(r"\s", "", m.group())
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Elided word split from the next word: '{m.group()}' (detokenizer damage).",
                    suggestion=fixed,
                )
            )
        for m in _LOST_APOSTROPHE.finditer(text):
            word = m.group(1) or m.group(2)
            if m.group(2) and not _sentence_start(text, m.start()):
                continue  # "Harry S Truman": an initial inside a name
            if _in_url(text, m.start()) or text[m.start() : m.end() + 3].lower() == "c à d":
                continue
            nxt = re.match(r"[^\W\d_]+", text[m.end() :])
            shown = f"{m.group()}{nxt.group() if nxt else ''}"
            hits.append(
                _Hit(
                    m.start(),
                    m.end() + (len(nxt.group()) if nxt else 0),
                    Severity.WARNING,
                    f"Apostrophe lost after '{word}': '{shown}' (the elided word stands alone; "
                    "the pipeline dropped the apostrophe).",
                    suggestion=f"{word}'{nxt.group() if nxt else ''}",
                )
            )
        hits.extend(self._split_compounds(text))
        return hits

    def _split_compounds(self, text: str) -> list[_Hit]:
        """ "sang — froid" for "sang-froid": a dictionary compound cut by a dash."""
        cands = []
        for m in _SPLIT_COMPOUND.finditer(text):
            a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if not (a.islower() and b.islower()):
                continue
            cands.append((m, f"{a}-{b}"))
        if not cands:
            return []
        try:
            infos = default_lexicon().lookup(c for _, c in cands)
        except LexiconUnavailable:
            return []
        hits = []
        for m, compound in cands:
            info = infos.get(compound)
            if info is None or not info.in_lexique:
                continue
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Compound word split by a dash: '{m.group()}' is the word '{compound}'.",
                    suggestion=compound,
                )
            )
        return hits

    # -- doubled words ------------------------------------------------------------------

    def _doubles(self, text: str, para: Paragraph) -> list[_Hit]:
        sentence_starts = {s.start - para.start for s in para.sentences}
        cands = []
        for regex in (_DOUBLED, _DOUBLED_PAIR):
            for m in regex.finditer(text):
                first, second = m.group(1), m.group(2)
                if first.lower() in self.allowed_doubles or not second.islower():
                    continue  # "de De Gaulle", "Duran Duran", "La La Land"
                if regex is _DOUBLED and _LATIN_AFTER.match(text, m.end()):
                    continue
                if not first.islower():
                    before = text[: m.start()].rstrip(" «\"“‘'([—–-")
                    at_start = m.start() in sentence_starts or not before or before[-1] in ".!?:"
                    if not at_start:
                        continue
                cands.append((regex is _DOUBLED, m))
        if not cands:
            return []
        # "Ce fait fait débat", "la montre montre": a noun, then the same form as a verb.
        try:
            infos = default_lexicon().lookup(m.group(2) for single, m in cands if single)
        except LexiconUnavailable:
            infos = {}
        hits = []
        for single, m in cands:
            if single:
                prev = re.search(r"([^\W\d_]+)['’\s]*$", text[: m.start()])
                info = infos.get(m.group(2))
                if (
                    prev is not None
                    and prev.group(1).lower() in _DETERMINERS
                    and info is not None
                    and info.has_pos("NOM")
                    and info.has_pos("VER", "AUX")
                ):
                    continue
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Doubled word: '{m.group()}'." if single else f"Doubled words: '{m.group()}'.",
                    suggestion=m.group(1),
                )
            )
        return hits

    # -- glued text ---------------------------------------------------------------------

    def _glued(self, text: str) -> list[_Hit]:
        cands = []
        for m in _GLUED_CAPS.finditer(text):
            if m.group(2) in ("OS",) or _in_url(text, m.start()):
                continue
            cands.append(m)
        hits = []
        if cands:
            try:
                infos = default_lexicon().lookup(m.group(1) for m in cands)
            except LexiconUnavailable:
                infos = {}
            for m in cands:
                info = infos.get(m.group(1))
                if info is None or not info.in_lexique or info.zipf_fr < 3.0:
                    continue
                hits.append(
                    _Hit(
                        m.start(),
                        m.end(),
                        Severity.WARNING,
                        f"Words glued together: '{m.group()}' (a line break or a dateline "
                        "was lost when the text was extracted).",
                        suggestion=f"{m.group(1)} {m.group(2)}",
                    )
                )
        for m in _GLUED_SENTENCE.finditer(text):
            if _in_url(text, m.start()) or text[m.end() : m.end() + 1] == ".":
                continue
            if m.group(3).lower() in _TLD or m.group(1).lower() == "yahoo":
                continue
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Sentences glued together without a space: '{m.group()}'.",
                    suggestion=f"{m.group(1)}{m.group(2)} {m.group(3)}",
                )
            )
        return hits

    def _glued_words(self, ctx: DocContext, text: str) -> list[_Hit]:
        """Two words run together: ``Uniesfigurait``, ``jeCela``, ``Stefanikle``."""
        cands = [
            m for m in _GLUE_TOKEN.finditer(text)
            if not (m.group().isupper() or _in_url(text, m.start()))
        ]
        if not cands:
            return []
        try:
            lex = default_lexicon()
            infos = lex.lookup(m.group().lower() for m in cands)
            unknown = [m for m in cands if _unknown(infos[m.group().lower()])]
            if not unknown:
                return []
            parts = {
                p.lower() for m in unknown for i in range(1, len(m.group()))
                for p in (m.group()[:i], m.group()[i:])
            }
            infos = lex.lookup(parts)
        except LexiconUnavailable:
            return []
        hits = []
        for m in unknown:
            split = self._glue_split(ctx, m.group(), infos)
            if split is None:
                continue
            if explained_by_morphology(lex, m.group().lower()):
                continue  # a regular form Lexique lacks ("enquêteraient", "recentrant")
            a, b, why = split
            if a in ("de", "du", "la", "le") and b[:1].isupper() and re.search(
                r"[A-Z][^\W\d_]*\s+$", text[: m.start()]
            ):
                continue  # a name particle inside a full name: "Neil deGrasse Tyson"
            hits.append(
                _Hit(
                    m.start(),
                    m.end(),
                    Severity.WARNING,
                    f"Words glued together: '{m.group()}' reads '{a} {b}' ({why}); a space "
                    "was lost when the text was extracted or assembled.",
                    suggestion=f"{a} {b}",
                    evidence=f"'{m.group()}' is in neither Lexique nor French or English "
                    f"usage (wordfreq); '{a}' and '{b}' are both known",
                )
            )
        return hits

    @staticmethod
    def _glue_split(
        ctx: DocContext, word: str, infos: dict[str, WordInfo]
    ) -> tuple[str, str, str] | None:
        """The most plausible split of an unknown token into two words, if any."""
        best: tuple[float, str, str, str] | None = None
        for i in range(1, len(word)):
            a, b = word[:i], word[i:]
            la, lb = a.lower(), b.lower()
            ia, ib = infos.get(la), infos.get(lb)
            if ia is None or ib is None:
                continue
            why = ""
            if a.islower() and b[:1].isupper() and b[1:].islower() and len(b) >= 3:
                # camelCase glue: "jeCela", "lePrésident", "aérienneParis"
                if la in _GLUE_FUNCTION or (
                    len(a) >= 3 and _french(ia, _GLUE_MIN_ZIPF) and la not in _COMBINING
                ):  # but "bioMérieux", "eBay", "iPhone" are brands
                    why = "a lowercase word joined to a capitalised one"
            elif not b.islower() or not (a.islower() or (a[0].isupper() and a[1:].islower())):
                continue
            elif a[0].isupper():
                if lb in _NAME_GLUE and len(a) >= 3 and a in _names(ctx):
                    why = f"the name '{a}' appears on its own elsewhere in the text"
                elif (
                    len(a) >= 4 and len(b) >= 5 and _french(ia, _GLUE_MIN_ZIPF)
                    and _french(ib, _GLUE_MIN_ZIPF) and _finite_verb(ib)
                    and lb not in _ENDING_WORDS and not la.startswith(_COMBINING)
                ):
                    why = "two frequent French words"
            elif _french(ia, _GLUE_MIN_ZIPF) and _french(ib, _GLUE_MIN_ZIPF):
                if lb in _ENDING_WORDS:
                    continue
                func_a, func_b = la in _GLUE_FUNCTION, lb in _GLUE_FUNCTION
                if func_a and not func_b and len(b) >= 4 and ib.zipf_fr >= 3.5:
                    why = "a function word joined to the next word"
                elif (
                    lb in _GLUE_SUFFIX and not func_a and len(a) >= 3
                    and not la.startswith(_COMBINING)
                ):
                    why = "a word joined to the function word after it"
                elif (
                    len(a) >= 4 and len(b) >= 4 and not la.startswith(_COMBINING)
                    and not la.endswith("o") and min(ia.zipf_fr, ib.zipf_fr) >= 3.3
                    and _verb_only(ib)
                ):
                    why = "two frequent French words"
            if why:
                score = min(ia.zipf_fr, ib.zipf_fr)
                if best is None or score > best[0]:
                    best = (score, a, b, why)
        return None if best is None else best[1:]

    # -- quotes and brackets ------------------------------------------------------------

    def _quotes(self, ctx: DocContext, para: Paragraph) -> list[_Hit]:
        text = para.text
        for m in _EMPTY_QUOTES.finditer(text):
            end = m.end()
            word = re.match(r"\s*[^\W\d_]+(?:['’][^\W\d_]+)?", text[end:])
            if word:
                end += word.end()
            return [
                _Hit(
                    m.start(),
                    end,
                    Severity.INFO,
                    f"Empty pair of quotation marks '{m.group()}': the quote marks were "
                    "moved away from the words they enclose.",
                )
            ]
        problem = _quote_problem(text)
        if problem is None:
            return []
        kind, start, end = problem
        if kind == "orphan-close" and not self._previous_closed(ctx, para):
            return []  # may close a quotation opened in the previous paragraph
        if kind == "mismatch":
            word = re.match(r"\s*[^\W\d_]+", text[end:])
            if word:
                end += word.end()
            message = (
                "Quotation opened with a straight quote and closed with '»': one of the "
                "marks is misplaced."
            )
        else:
            message = "Closing quotation mark with no opening one in this paragraph."
        return [_Hit(start, end, Severity.INFO, message)]

    @staticmethod
    def _previous_closed(ctx: DocContext, para: Paragraph) -> bool:
        """True when a previous paragraph exists and leaves no quotation open."""
        if para.index == 0:
            return False
        paras = ctx.document.paragraphs
        prev = next((p for p in paras if p.index == para.index - 1), None)
        if prev is None:
            return False
        return prev.text.count("«") <= prev.text.count("»")

    def _brackets(self, text: str) -> list[_Hit]:
        hits = []
        for open_c, close_c in (("(", ")"), ("[", "]")):
            depth = 0
            for i, c in enumerate(text):
                if c == open_c:
                    depth += 1
                elif c == close_c:
                    if depth:
                        depth -= 1
                        continue
                    # "a)", "1)", "2°)": list markers; ":)" smileys
                    if re.search(r"(?:^|[\s(])(?:[a-zA-Z]|\d{1,2}°?|[ivxIVX]{1,4})$", text[:i]):
                        continue
                    if text[i - 1 : i] in (":", ";", "-", "="):
                        continue
                    hits.append(
                        _Hit(
                            i,
                            i + 1,
                            Severity.INFO,
                            f"Closing '{close_c}' with no opening '{open_c}' in this paragraph.",
                        )
                    )
                    return hits
        return hits


def _quote_problem(text: str) -> tuple[str, int, int] | None:
    """The first clear quotation-mark fault: a straight quote closed by '»', or an
    orphan '»'. Straight quotes are typed by their spacing; curly quotes are lenient."""
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c == "«":
            stack.append(("guil", i))
        elif c == "»":
            if any(k == "guil" for k, _ in stack):
                while stack and stack[-1][0] != "guil":
                    stack.pop()
                stack.pop()
            elif stack and stack[-1][0] == "straight":
                return ("mismatch", stack[-1][1], stack[-1][1] + 1)
            else:
                return ("orphan-close", i, i + 1)
        elif c == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if prev.isalpha() and nxt.isalpha():
                continue  # used as an apostrophe: "d"État"
            opens = (prev.isspace() or prev in "([—–-/") and not nxt.isspace()
            closes = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]»…")
            top_straight = bool(stack) and stack[-1][0] == "straight"
            if opens and not closes:
                stack.append(("straight", i))
            elif closes and not opens:
                if top_straight:
                    stack.pop()
            elif top_straight:
                stack.pop()
            else:
                stack.append(("straight", i))
    return None


def _unknown(info: WordInfo) -> bool:
    return (
        not info.in_lexique
        and info.zipf_fr <= _GLUE_MAX_ZIPF
        and info.zipf_en <= _GLUE_MAX_ZIPF
    )


def _french(info: WordInfo, min_zipf: float) -> bool:
    """A French word (Lexique) at least this frequent and not mainly English."""
    return info.in_lexique and info.zipf_fr >= min_zipf and info.zipf_fr >= info.zipf_en


def _verb_only(info: WordInfo) -> bool:
    """A verb form with no noun or adjective reading ("figurait"; not "vert")."""
    return bool(info.entries) and all(e.cgram in ("VER", "AUX") for e in info.entries)


def _finite_verb(info: WordInfo) -> bool:
    """Only a conjugated indicative verb ("figurait", "affirme"): surnames and place
    names end in nouns, adjectives or infinitives ("Boisvert", "Montvendre")."""
    return _verb_only(info) and all(
        "ind:" in e.infover and "inf" not in e.infover for e in info.entries
    )


def _names(ctx: DocContext) -> frozenset[str]:
    """Capitalised words standing alone in the document (for name + function word glue)."""

    def compute() -> frozenset[str]:
        return frozenset(re.findall(r"(?<![\w'’-])[A-Z][^\W\d_]+(?![\w'’-])",
                                    ctx.document.text))

    return ctx.memo("artifact-names", compute)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" «\"“‘'([—–-")
    return not before or before[-1] in ".!?:\n"


def _in_url(text: str, pos: int) -> bool:
    start = text.rfind(" ", 0, pos) + 1
    end = text.find(" ", pos)
    token = text[start : end if end >= 0 else len(text)]
    return bool(_URLISH.search(token))


def _short(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 60 else s[:57] + "..."


def _decode_entity(entity: str) -> str | None:
    compact = re.sub(r"\s", "", entity)
    if not compact.endswith(";"):
        compact += ";"
    decoded = html.unescape(compact)
    return decoded if decoded != compact else None


def _fix_mojibake(s: str) -> str | None:
    try:
        fixed = s.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != s else None


CHECK = ArtifactCheck
