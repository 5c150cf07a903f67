"""Literal translations, false friends and English syntax, from the rules in ``configs/rules``.

The rules are data (see ``mtcheck.rules``); this check runs those whose ``check`` is
``calque`` and explains each hit with the English the rule names and, when the model is
on, the back-translated words aligned to the span.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtcheck.checks.base import Check, DocContext
from mtcheck.checks.evidence import backtranslated_words
from mtcheck.config import Config
from mtcheck.rules import Prepared, Rule, cached_rules
from mtcheck.types import Finding, Paragraph


class RuleCheck(Check):
    """Runs every rule whose ``check`` field equals this check's name."""

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self.rules: list[Rule] = [
            r for r in cached_rules(tuple(config.rule_dirs())) if r.check == self.name
        ]
        disabled = set(self.options.get("disabled_rules", []))
        self.rules = [r for r in self.rules if r.id not in disabled]

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        bt = ctx.backtranslation(para)
        prepared = Prepared(para.text)
        taken: list[tuple[int, int]] = []
        for rule in self.rules:
            for s, e in rule.finditer(prepared, para.sentences, para.start):
                if any(s < te and ts < e for ts, te in taken):
                    continue  # one finding per span: the first rule (file order) wins
                taken.append((s, e))
                evidence = []
                if rule.english:
                    evidence.append(f"English pattern: {rule.english}")
                words = backtranslated_words(bt, s, e)
                if words:
                    evidence.append(f"back-translated as: {words}")
                yield ctx.finding(
                    para,
                    para.start + s,
                    para.start + e,
                    check=self.name,
                    category=rule.category,
                    severity=rule.severity,
                    message=rule.message,
                    suggestion=rule.suggestion,
                    evidence="; ".join(evidence) or None,
                    rule=rule.id,
                )


class CalqueCheck(RuleCheck):
    name = "calque"


CHECK = CalqueCheck
