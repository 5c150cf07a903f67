"""Pattern rules kept as data in ``configs/rules/*.toml``, as Vale styles and LanguageTool rules are.

A rule file holds ``[[rule]]`` tables::

    [[rule]]
    id = "ball-in-court"             # unique across all files
    check = "calque"                 # the check that runs it (default: the file's top-level
                                     # ``check`` key, else "calque")
    category = "calque"              # calque | wrong_sense | grammar | leftover | ...
    severity = "error"               # info | warning | error
    pattern = "le ballon (?:est )?(?:maintenant )?(?P<span>dans le camp|devant le tribunal) de"
    unless = "..."                   # optional: skip a hit when this matches its sentence
    message = "Literal rendering of 'the ball is in X's court'."
    suggestion = "c'est à X de jouer"
    english = "the ball is in X's court"   # optional: the English the calque comes from
    should_match = ["...", "..."]    # at least two sentences each
    should_not_match = ["...", "..."]

Patterns are Python regular expressions, matched case-insensitively over the text with
typographic apostrophes and non-breaking spaces normalised (offsets are unchanged).
On top of plain regex syntax:

- a space matches any run of whitespace; an apostrophe matches ``'`` or ``’`` and the
  optional space after it;
- ``<lemma>`` matches every inflected form of a French lemma (from Lexique 3.83), and
  ``<lemma:VER>`` only its forms of that part of speech (NOM, VER, ADJ, AUX, ...);
- ``<w>`` matches one word, ``<w?>`` an optional word (with its following space);
- a named group ``(?P<span>...)`` narrows the flagged span to that group;
- word boundaries are added at both ends of the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtcheck.config import ConfigError, read_toml
from mtcheck.lexicon import Lexicon, default_lexicon
from mtcheck.types import Sentence, Severity

_MACRO = re.compile(r"(?<!\?P)<(\w[\w-]*|w\??)(?::([A-Z:]+))?>")
_WORD = r"(?:[^\W\d_]+(?:-[^\W\d_]+)*'?)"
_APOS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
REQUIRED = ("id", "category", "severity", "pattern", "message", "should_match",
            "should_not_match")


def normalise(text: str) -> str:
    """Same-length normalisation so regex offsets stay valid in the original text."""
    return text.translate(_APOS)


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    category: str
    severity: Severity
    pattern: str
    message: str
    suggestion: str | None
    english: str | None
    should_match: tuple[str, ...]
    should_not_match: tuple[str, ...]
    source: str
    regex: re.Pattern[str] = field(repr=False, compare=False)
    unless: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def finditer(
        self, text: str, sentences: Sequence[Sentence] | None = None, offset: int = 0
    ) -> Iterator[tuple[int, int]]:
        """Spans (relative to ``text``) the rule flags.

        ``sentences`` (document offsets, ``offset`` being where ``text`` starts) scope the
        ``unless`` test to the sentence that holds the hit; without them the whole text is used.
        """
        norm = normalise(text)
        for m in self.regex.finditer(norm):
            start, end = m.span("span") if "span" in self.regex.groupindex else m.span()
            if start < 0 or start == end:
                start, end = m.span()
            if self.unless is not None:
                lo, hi = _sentence_bounds(m.start(), sentences, offset, len(norm))
                if self.unless.search(norm, lo, hi):
                    continue
            yield start, end


def _sentence_bounds(
    pos: int, sentences: Sequence[Sentence] | None, offset: int, length: int
) -> tuple[int, int]:
    if sentences:
        for s in sentences:
            if s.start - offset <= pos < s.end - offset:
                return max(0, s.start - offset), min(length, s.end - offset)
    return 0, length


def compile_pattern(pattern: str, lexicon: Lexicon | None = None) -> re.Pattern[str]:
    """Expand macros, spaces and apostrophes, add word boundaries, and compile."""
    lex = lexicon

    def expand(m: re.Match[str]) -> str:
        nonlocal lex
        name, pos = m.group(1), m.group(2)
        if name == "w":
            return _WORD
        if name == "w?":
            return rf"(?:{_WORD}\s+)?"
        if lex is None:
            lex = default_lexicon()
        forms = _forms(lex, name, pos)
        if not forms:
            raise ConfigError(f"no French forms known for lemma <{name}{':' + pos if pos else ''}>")
        return "(?:" + "|".join(re.escape(f) for f in forms) + ")"

    body = _expand_literals(pattern)
    body = _MACRO.sub(expand, body)
    # Word boundaries that only bite where the match starts or ends on a word character.
    regex = rf"(?:(?<![\w'-])|(?![\w'-]))(?:{body})(?:(?<![\w-])|(?![\w-]))"
    try:
        return re.compile(regex, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"bad pattern {pattern!r}: {exc}") from None


def _expand_literals(pattern: str) -> str:
    """Spaces become ``\\s+`` and apostrophes tolerate a following space, outside classes."""
    out: list[str] = []
    in_class = False
    escaped = False
    for ch in normalise(pattern):
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            out.append(ch)
            escaped = True
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        if not in_class and ch == " ":
            out.append(r"\s+")
        elif not in_class and ch == "'":
            out.append(r"'\s*")
        else:
            out.append(ch)
    return "".join(out)


def _forms(lex: Lexicon, lemma: str, pos: str | None) -> list[str]:
    forms = set(lex.forms(lemma, pos))
    if not pos:
        forms.add(lemma.lower())
    return sorted(forms, key=lambda f: (-len(f), f))


def _rule_from_table(table: dict[str, Any], source: str, default_check: str,
                     lexicon: Lexicon | None) -> Rule:
    missing = [k for k in REQUIRED if k not in table]
    rid = table.get("id", "?")
    if missing:
        raise ConfigError(f"{source}: rule {rid}: missing {', '.join(missing)}")
    for key in ("should_match", "should_not_match"):
        examples = table[key]
        if not isinstance(examples, list) or len(examples) < 2:
            raise ConfigError(f"{source}: rule {rid}: {key} needs at least two sentences")
    try:
        severity = Severity.parse(str(table["severity"]))
    except ValueError as exc:
        raise ConfigError(f"{source}: rule {rid}: {exc}") from None
    try:
        regex = compile_pattern(str(table["pattern"]), lexicon)
        unless = compile_pattern(str(table["unless"]), lexicon) if table.get("unless") else None
    except ConfigError as exc:
        raise ConfigError(f"{source}: rule {rid}: {exc}") from None
    return Rule(
        id=str(rid),
        check=str(table.get("check", default_check)),
        category=str(table["category"]),
        severity=severity,
        pattern=str(table["pattern"]),
        message=str(table["message"]),
        suggestion=table.get("suggestion"),
        english=table.get("english"),
        should_match=tuple(table["should_match"]),
        should_not_match=tuple(table["should_not_match"]),
        source=source,
        regex=regex,
        unless=unless,
    )


def load_rule_file(path: Path, lexicon: Lexicon | None = None) -> list[Rule]:
    data = read_toml(path)
    default_check = str(data.get("check", "calque"))
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: expected [[rule]] tables")
    return [_rule_from_table(t, str(path), default_check, lexicon) for t in tables]


def load_rules(dirs: Iterable[Path], lexicon: Lexicon | None = None) -> list[Rule]:
    """All rules of every ``*.toml`` file in ``dirs``; rule ids must be unique."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for d in dirs:
        if not d.is_dir():
            raise ConfigError(f"rule folder not found: {d}")
        for path in sorted(d.glob("*.toml")):
            for rule in load_rule_file(path, lexicon):
                if rule.id in seen:
                    raise ConfigError(
                        f"duplicate rule id {rule.id!r} in {path} and {seen[rule.id]}"
                    )
                seen[rule.id] = str(path)
                rules.append(rule)
    return rules


@lru_cache(maxsize=8)
def cached_rules(dirs: tuple[Path, ...]) -> tuple[Rule, ...]:
    """Rules loaded once per process for a given set of folders."""
    return tuple(load_rules(dirs))
