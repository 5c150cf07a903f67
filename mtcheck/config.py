"""Settings: ``configs/default.toml`` merged with a user file and command-line overrides."""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtcheck.paths import configs_dir
from mtcheck.types import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    """A configuration file is unreadable or holds a wrong value."""


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {path}: {exc}") from None


@dataclass
class Config:
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, user_file: Path | None = None) -> Config:
        data = read_toml(configs_dir() / "default.toml")
        if user_file is not None:
            data = _merge(data, read_toml(user_file))
        config = cls(data)
        config.validate()
        return config

    def with_overrides(self, overrides: dict[str, Any]) -> Config:
        """A copy with nested overrides (``{"decoding": {"beam_size": 4}}``) applied."""
        config = Config(_merge(self.data, overrides))
        config.validate()
        return config

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    def check_options(self, name: str) -> dict[str, Any]:
        checks = self.section("checks")
        value = checks.get(name, {})
        return value if isinstance(value, dict) else {}

    def check_enabled(self, name: str) -> bool:
        return bool(self.check_options(name).get("enabled", True))

    def severity_weight(self, severity: Severity) -> float:
        weights = self.section("score").get("severity_weights", {})
        return float(weights.get(severity.value, 0.0))

    def rule_dirs(self) -> list[Path]:
        """Rule folders: the bundled ``configs/rules`` plus any listed in ``[rules].paths``."""
        dirs = [configs_dir() / "rules"]
        for extra in self.section("rules").get("paths", []):
            dirs.append(Path(extra).expanduser())
        return dirs

    def validate(self) -> None:
        weights = self.section("score").get("severity_weights", {})
        for key, value in weights.items():
            try:
                Severity.parse(key)
            except ValueError as exc:
                raise ConfigError(f"[score.severity_weights]: {exc}") from None
            if not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(f"[score.severity_weights].{key} must be a number >= 0")
        gate = self.section("gate")
        try:
            Severity.parse(str(gate.get("fail_on", "error")))
        except ValueError as exc:
            raise ConfigError(f"fail-on: {exc}") from None
        under = gate.get("fail_under", 0)
        if not isinstance(under, (int, float)) or not 0 <= under <= 100:
            raise ConfigError("fail-under must be a number from 0 to 100")
        decoding = self.section("decoding")
        for key in ("beam_size", "max_new_tokens", "max_input_tokens", "batch_size"):
            if key in decoding and (not isinstance(decoding[key], int) or decoding[key] < 1):
                raise ConfigError(f"[decoding].{key} must be a positive integer")
