"""The checks: one module per check, each exposing a ``Check`` subclass named ``CHECK``.

Modules are imported only when their check is enabled, so a text-only run never pays
for what it does not use.
"""

from __future__ import annotations

import importlib

from mtcheck.checks.base import Check, DocContext
from mtcheck.config import Config

# Order is the order findings are produced in; the report sorts by position anyway.
ALL_CHECKS = (
    "artifact",
    "leftover",
    "calque",
    "grammar",
    "nonword",
    "consistency",
    "names",
    "low_confidence",
    "source_divergence",
    "roundtrip",
)


def load_checks(config: Config, *, model_available: bool) -> list[Check]:
    """Instantiate every enabled check; model checks only when a model is available."""
    checks: list[Check] = []
    for name in ALL_CHECKS:
        if not config.check_enabled(name):
            continue
        try:
            module = importlib.import_module(f"mtcheck.checks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"mtcheck.checks.{name}":
                continue  # not written yet in this build
            raise
        cls: type[Check] = module.CHECK
        if cls.needs_model and not model_available:
            continue
        checks.append(cls(config))
    return checks


__all__ = ["ALL_CHECKS", "Check", "DocContext", "load_checks"]
