"""Build the engine from user options: configuration, model, cache and checks.

Shared by ``mtcheck check`` and ``mtcheck eval`` so both run exactly the same product.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtcheck.backtranslate.base import Backtranslator, DecodeSettings, ModelUnavailable
from mtcheck.checks import ALL_CHECKS, load_checks
from mtcheck.config import Config
from mtcheck.paths import set_cache_dir
from mtcheck.pipeline import Engine, ModelStatus


class UsageError(Exception):
    """Options that cannot work together; exit code 2."""


@dataclass
class ModelOptions:
    name: str | None = None
    revision: str | None = None
    backend: str | None = None
    no_model: bool = False
    require_model: bool = False
    beam_size: int | None = None
    batch_size: int | None = None
    quantize: bool | None = None
    compute_type: str | None = None
    roundtrip_model: str | None = None
    no_cache: bool = False
    cache_dir: Path | None = None


def build_config(
    config_file: Path | None,
    model: ModelOptions,
    only: list[str] | None = None,
    disable: list[str] | None = None,
    gate: dict[str, Any] | None = None,
) -> Config:
    """Defaults, then the user's file, then command-line options."""
    config = Config.load(config_file)
    overrides: dict[str, Any] = {"model": {}, "decoding": {}, "checks": {}}
    if model.name:
        overrides["model"]["name"] = model.name
    if model.revision:
        overrides["model"]["revision"] = model.revision
    if model.backend:
        overrides["model"]["backend"] = model.backend
    if model.quantize is not None:
        overrides["model"]["torch_quantize"] = model.quantize
    if model.compute_type:
        overrides["model"]["ct2_compute_type"] = model.compute_type
    if model.roundtrip_model is not None:
        overrides["model"]["roundtrip"] = model.roundtrip_model
    if model.beam_size is not None:
        overrides["decoding"]["beam_size"] = model.beam_size
    if model.batch_size is not None:
        overrides["decoding"]["batch_size"] = model.batch_size
    for names in (only, disable):
        for name in names or []:
            if name not in ALL_CHECKS:
                raise UsageError(f"unknown check {name!r} (known: {', '.join(ALL_CHECKS)})")
    if only:
        for name in ALL_CHECKS:
            overrides["checks"][name] = {"enabled": name in only}
    for name in disable or []:
        overrides["checks"][name] = {"enabled": False}
    if gate:
        overrides["gate"] = gate
    return config.with_overrides(overrides)


def decode_settings(config: Config) -> DecodeSettings:
    d = config.section("decoding")
    return DecodeSettings(
        beam_size=int(d.get("beam_size", 1)),
        max_new_tokens=int(d.get("max_new_tokens", 256)),
        max_input_tokens=int(d.get("max_input_tokens", 400)),
        batch_size=int(d.get("batch_size", 16)),
    )


def _open(name: str, config: Config, opts: ModelOptions) -> Backtranslator:
    from mtcheck.backtranslate import load_backtranslator, prepare_backtranslator

    m = config.section("model")
    # With the cache, the model loads only when a text misses it (a re-run never loads it).
    load = load_backtranslator if opts.no_cache else prepare_backtranslator
    bt = load(
        name,
        backend=str(m.get("backend", "auto")),
        settings=decode_settings(config),
        revision=str(m.get("revision") or "main"),
        quantize=bool(m.get("torch_quantize", False)),
        compute_type=str(m.get("ct2_compute_type", "int8")),
    )
    if opts.no_cache:
        return bt
    from mtcheck.backtranslate.cache import CachedBacktranslator, TranslationCache

    return CachedBacktranslator(bt, TranslationCache.open_default())


def open_model(
    config: Config, opts: ModelOptions
) -> tuple[Backtranslator | None, Backtranslator | None, ModelStatus]:
    """The back-translator (or None with the reason), and the optional round-trip model.

    A missing model is not an error unless ``require_model``: the one-line notice says
    why back-translation is off and how to get the model, and text-only checks still run.
    """
    name = str(config.section("model").get("name"))
    if opts.cache_dir is not None:
        set_cache_dir(opts.cache_dir)
    if opts.no_model:
        if opts.require_model:
            raise UsageError("--no-model and --require-model contradict each other")
        return None, None, ModelStatus(name, False, "disabled with --no-model")
    try:
        bt = _open(name, config, opts)
    except ModelUnavailable as exc:
        if opts.require_model:
            raise ModelUnavailable(
                f"model required (--require-model) but unavailable: {exc}"
            ) from None
        reason = str(exc)
        print(f"mtcheck: back-translation off: {reason}", file=sys.stderr)
        return None, None, ModelStatus(name, False, reason)
    roundtrip_name = str(config.section("model").get("roundtrip") or "")
    roundtripper = None
    if roundtrip_name and config.check_enabled("roundtrip"):
        try:
            roundtripper = _open(roundtrip_name, config, opts)
        except ModelUnavailable as exc:
            if opts.require_model:
                raise ModelUnavailable(
                    f"round-trip model required (--require-model) but unavailable: {exc}"
                ) from None
            print(f"mtcheck: round-trip check off: {exc}", file=sys.stderr)
    return bt, roundtripper, ModelStatus(name, True, None)


def build_engine(config: Config, opts: ModelOptions) -> tuple[Engine, ModelStatus]:
    bt, roundtripper, status = open_model(config, opts)
    checks = load_checks(config, model_available=bt is not None)
    results = None
    if not opts.no_cache:
        from mtcheck.results_cache import ResultCache

        results = ResultCache()
    engine = Engine(
        config,
        checks,
        bt,
        roundtripper,
        results=results,
        status=status,
        require_model=opts.require_model,
    )
    return engine, status
