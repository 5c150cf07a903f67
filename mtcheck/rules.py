"""Pattern rules kept as data in ``configs/rules/*.toml``, like Vale styles or LanguageTool rules.

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

- a space matches any run of whitespace (a space followed by a quantifier, as in
  ``" ?"``, is one whitespace character under that quantifier); an apostrophe matches
  ``'`` or ``’`` and the optional space after it;
- a pattern must end on a whole word (``traîn`` never matches ``traîner``);
- ``<lemma>`` matches every inflected form of a French lemma (from Lexique 3.83), and
  ``<lemma:VER>`` only its forms of that part of speech (NOM, VER, ADJ, AUX, ...);
- ``<w>`` matches one word, with an elided article or pronoun stuck to it
  (``l'énergie``, ``qu'il``), ``<w?>`` an optional word (with its following space);
- a named group ``(?P<span>...)`` narrows the flagged span to that group; where
  alternatives need different spans, name them ``span``, ``span2``, ``span3``...: the
  first one that took part in the match is flagged;
- word boundaries are added at both ends of the pattern.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtcheck.config import ConfigError, read_toml
from mtcheck.lexicon import Lexicon, default_lexicon
from mtcheck.lexicon import _versions as lexicon_versions
from mtcheck.paths import cache_dir
from mtcheck.types import Sentence, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ENGINE_VERSION = 4

_MACRO = re.compile(r"(?<!\?P)<(\w[\w-]*|w\??)(?::([A-Z:]+))?>")
_SPAN_GROUP = re.compile(r"span\d*")
_WHITESPACE = re.compile(r"\s+")
_WORD = r"(?:(?:[^\W\d_]{1,5}'\s*)?[^\W\d_]+(?:-[^\W\d_]+)*'?)"
_APOS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
REQUIRED = ("id", "category", "severity", "pattern", "message", "should_match",
            "should_not_match")


def normalise(text: str) -> str:
    """Same-length normalisation so regex offsets stay valid in the original text."""
    return text.translate(_APOS)


class Prepared:
    """A paragraph normalised and lowercased once, shared by every rule that scans it."""

    __slots__ = ("lower", "norm", "squeezed", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalise(text)
        self.lower = self.norm.lower()
        # What rule triggers are tested on: a whitespace run is one space.
        self.squeezed = _WHITESPACE.sub(" ", self.lower)


@dataclass(frozen=True, eq=False)
class Rule:
    """One rule. Its regex is compiled on first use, and only for text holding its triggers.

    ``triggers`` are sets of lowercase literals found in every possible match (at least one
    literal of each set), derived from the pattern itself: checking them with ``in`` is far
    cheaper than running a few hundred regexes over every paragraph.
    """

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
    regex_source: str = field(repr=False)
    unless_source: str | None = field(default=None, repr=False)
    triggers: tuple[frozenset[str], ...] = field(default=(), repr=False)
    _compiled: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def regex(self) -> re.Pattern[str]:
        if "regex" not in self._compiled:
            self._compiled["regex"] = _compile(self.regex_source, self.pattern)
            self._compiled["spans"] = [
                g for g in self._compiled["regex"].groupindex if _SPAN_GROUP.fullmatch(g)
            ]
        pattern: re.Pattern[str] = self._compiled["regex"]
        return pattern

    @property
    def unless(self) -> re.Pattern[str] | None:
        if self.unless_source is None:
            return None
        if "unless" not in self._compiled:
            self._compiled["unless"] = _compile(self.unless_source, self.unless_source)
        pattern: re.Pattern[str] = self._compiled["unless"]
        return pattern

    def may_match(self, squeezed: str) -> bool:
        """False when the text lacks a literal every match needs (``squeezed`` is the
        normalised, lowercased text with every whitespace run as one space)."""
        return all(any(lit in squeezed for lit in group) for group in self.triggers)

    def finditer(
        self,
        text: str | Prepared,
        sentences: Sequence[Sentence] | None = None,
        offset: int = 0,
    ) -> Iterator[tuple[int, int]]:
        """Spans (relative to ``text``) the rule flags.

        ``sentences`` (document offsets, ``offset`` being where ``text`` starts) scope the
        ``unless`` test to the sentence that holds the hit; without them the whole text is used.
        """
        prepared = text if isinstance(text, Prepared) else Prepared(text)
        if not self.may_match(prepared.squeezed):
            return
        norm = prepared.norm
        regex = self.regex
        unless = self.unless
        for m in regex.finditer(norm):
            start, end = m.span()
            for name in self._compiled["spans"]:
                if m.start(name) >= 0 and m.end(name) > m.start(name):
                    start, end = m.span(name)
                    break
            if unless is not None:
                lo, hi = _sentence_bounds(m.start(), sentences, offset, len(norm))
                if unless.search(norm, lo, hi):
                    continue
            # A pattern may consume the space after its last word: flag words only.
            while end > start and norm[end - 1].isspace():
                end -= 1
            while start < end and norm[start].isspace():
                start += 1
            if start < end:
                yield start, end


def _sentence_bounds(
    pos: int, sentences: Sequence[Sentence] | None, offset: int, length: int
) -> tuple[int, int]:
    if sentences:
        for s in sentences:
            if s.start - offset <= pos < s.end - offset:
                return max(0, s.start - offset), min(length, s.end - offset)
    return 0, length


def _compile(source: str, shown: str) -> re.Pattern[str]:
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"bad pattern {shown!r}: {exc}") from None


def expand_pattern(pattern: str, lexicon: Lexicon | None = None) -> str:
    """The plain regex a rule pattern stands for: macros, spaces, apostrophes, boundaries."""
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
        return _trie_regex(forms)

    body = _MACRO.sub(expand, _expand_literals(pattern))
    # Word boundaries that only bite where the match starts or ends on a word character.
    # A match may start right after an elided article (l'accord), never inside a word.
    return rf"(?:(?<![\w-])|(?![\w'-]))(?:{body})(?:(?<![\w-])|(?![\w-]))"


def _trie_regex(words: Iterable[str]) -> str:
    """One alternation sharing common prefixes: far quicker to compile and match than a flat one.

    Longer continuations come first, so the regex prefers the longest form as a flat,
    longest-first alternation would.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return "(?:" + emit(trie) + ")"


def compile_pattern(pattern: str, lexicon: Lexicon | None = None) -> re.Pattern[str]:
    """Expand a rule pattern and compile it (case-insensitive)."""
    return _compile(expand_pattern(pattern, lexicon), pattern)


def _is_space_class(op: Any, av: Any, C: Any) -> bool:
    """``\\s`` (or a class of whitespace only): always one whitespace character."""
    if op is not C.IN or not av:
        return False
    for kind, value in av:
        if kind is C.CATEGORY and value is C.CATEGORY_SPACE:
            continue
        if kind is C.LITERAL and chr(value).isspace():
            continue
        return False
    return True


def required_literals(regex_source: str, keep: int = 2) -> tuple[frozenset[str], ...]:
    """The most selective sets of literals that every match of ``regex_source`` contains."""
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def best(groups: list[frozenset[str]]) -> frozenset[str] | None:
        return max(groups, key=lambda g: min(map(len, g)), default=None)

    def walk(items: Any) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        run: list[str] = []

        def flush() -> None:
            if run:
                out.append(frozenset({"".join(run).lower()}))
                run.clear()

        def space() -> None:
            # Whitespace runs count as one space: triggers are tested on ``squeezed`` text.
            if not run or run[-1] != " ":
                run.append(" ")

        for op, av in items:
            if op is C.LITERAL:
                if chr(av).isspace():
                    space()
                else:
                    run.append(chr(av))
                continue
            if _is_space_class(op, av, C) or (
                op in (C.MAX_REPEAT, C.MIN_REPEAT)
                and av[0] >= 1
                and len(av[2]) == 1
                and _is_space_class(av[2][0][0], av[2][0][1], C)
            ):
                space()
                continue
            flush()
            if op is C.SUBPATTERN:
                out.extend(walk(av[-1]))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
                if av[0] >= 1:
                    out.extend(walk(av[2]))
            elif op is C.BRANCH:
                alternatives = [best(walk(alt)) for alt in av[1]]
                if alternatives and all(a is not None for a in alternatives):
                    out.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        flush()
        return out

    groups = walk(_parser.parse(regex_source, re.IGNORECASE))
    groups.sort(key=lambda g: min(map(len, g)), reverse=True)
    return tuple(groups[:keep])


def _expand_literals(pattern: str) -> str:
    """Spaces become ``\\s+`` and apostrophes tolerate a following space, outside classes."""
    out: list[str] = []
    in_class = False
    escaped = False
    text = normalise(pattern)
    for i, ch in enumerate(text):
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
            # "a ?b" means an optional space, as in plain regex: keep the quantifier's meaning.
            quantified = i + 1 < len(text) and text[i + 1] in "?*+{"
            out.append(r"\s" if quantified else r"\s+")
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


def _parse_table(table: Any, source: str, default_check: str) -> dict[str, Any]:
    """Validate one ``[[rule]]`` table (everything but its pattern, compiled later)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: expected [[rule]] tables")
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
    return {
        "id": str(rid),
        "check": str(table.get("check", default_check)),
        "category": str(table["category"]),
        "severity": severity,
        "pattern": str(table["pattern"]),
        "unless": str(table["unless"]) if table.get("unless") else None,
        "message": str(table["message"]),
        "suggestion": table.get("suggestion"),
        "english": table.get("english"),
        "should_match": tuple(str(x) for x in table["should_match"]),
        "should_not_match": tuple(str(x) for x in table["should_not_match"]),
        "source": source,
    }


def _compile_rule(fields: dict[str, Any], lexicon: Lexicon | None) -> list[Any]:
    """Expanded regex, expanded ``unless`` and triggers; compiling validates both."""
    try:
        regex = expand_pattern(fields["pattern"], lexicon)
        _compile(regex, fields["pattern"])
        unless = None
        if fields["unless"]:
            unless = expand_pattern(fields["unless"], lexicon)
            _compile(unless, fields["unless"])
    except ConfigError as exc:
        raise ConfigError(f"{fields['source']}: rule {fields['id']}: {exc}") from None
    return [regex, unless, [sorted(g) for g in required_literals(regex)]]


def _read_files(dirs: Iterable[Path]) -> list[tuple[Path, bytes]]:
    files = []
    for d in dirs:
        if not d.is_dir():
            raise ConfigError(f"rule folder not found: {d}")
        for path in sorted(d.glob("*.toml")):
            try:
                files.append((path, path.read_bytes()))
            except OSError as exc:
                raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    return files


def _cache_path(files: list[tuple[Path, bytes]]) -> Path:
    h = hashlib.sha256(f"engine{_ENGINE_VERSION};{lexicon_versions()}".encode())
    for path, data in files:
        h.update(path.name.encode() + b"\0" + data + b"\0")
    return cache_dir() / "rules" / f"{h.hexdigest()[:32]}.json"


def _load_compiled(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _store_compiled(path: Path, compiled: dict[str, Any]) -> None:
    """Atomic write; a cache that cannot be written only costs speed next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(compiled, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        return


def _parse_files(files: list[tuple[Path, bytes]]) -> list[dict[str, Any]]:
    tables: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path, data in files:
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"invalid TOML in {path}: {exc}") from None
        default_check = str(doc.get("check", "calque"))
        raw = doc.get("rule", [])
        if not isinstance(raw, list):
            raise ConfigError(f"{path}: expected [[rule]] tables")
        for table in raw:
            fields = _parse_table(table, str(path), default_check)
            if fields["id"] in seen:
                raise ConfigError(
                    f"duplicate rule id {fields['id']!r} in {path} and {seen[fields['id']]}"
                )
            seen[fields["id"]] = str(path)
            tables.append(fields)
    return tables


def _make_rule(fields: dict[str, Any], compiled: list[Any]) -> Rule:
    regex, unless, triggers = compiled
    return Rule(
        **{k: v for k, v in fields.items() if k != "unless"},
        regex_source=regex,
        unless_source=unless,
        triggers=tuple(frozenset(g) for g in triggers),
    )


def load_rules(
    dirs: Iterable[Path], lexicon: Lexicon | None = None, *, use_cache: bool = True
) -> list[Rule]:
    """All rules of every ``*.toml`` file in ``dirs``; rule ids must be unique.

    Parsing the TOML, expanding lemma macros and validating a few hundred regexes takes
    about a second, so the result is cached (keyed by the rule files' exact contents);
    each regex itself is compiled lazily, only when a text holds its trigger literals.
    """
    files = _read_files(dirs)
    cache = _cache_path(files) if use_cache else None
    cached = _load_compiled(cache) if cache is not None else None
    if cached is not None:
        try:
            return [
                _make_rule({**t, "severity": Severity.parse(t["severity"]),
                            "should_match": tuple(t["should_match"]),
                            "should_not_match": tuple(t["should_not_match"])}, c)
                for t, c in zip(cached["tables"], cached["compiled"], strict=True)
            ]
        except (KeyError, TypeError, ValueError):
            pass  # an unreadable cache is rebuilt below
    tables = _parse_files(files)
    compiled = [_compile_rule(t, lexicon) for t in tables]
    if cache is not None:
        _store_compiled(
            cache,
            {
                "tables": [{**t, "severity": t["severity"].value} for t in tables],
                "compiled": compiled,
            },
        )
    return [_make_rule(t, c) for t, c in zip(tables, compiled, strict=True)]


def load_rule_file(path: Path, lexicon: Lexicon | None = None) -> list[Rule]:
    """The rules of one file, compiled now (no cache): for tests and ``rules --test``."""
    data = read_toml(path)
    default_check = str(data.get("check", "calque"))
    raw = data.get("rule", [])
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: expected [[rule]] tables")
    tables = [_parse_table(table, str(path), default_check) for table in raw]
    return [_make_rule(t, _compile_rule(t, lexicon)) for t in tables]


@lru_cache(maxsize=8)
def cached_rules(dirs: tuple[Path, ...]) -> tuple[Rule, ...]:
    """Rules loaded once per process for a given set of folders."""
    return tuple(load_rules(dirs))
