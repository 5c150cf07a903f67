"""Command line: ``mtcheck check``, ``mtcheck eval``, ``mtcheck model``, ``mtcheck rules``.

Exit codes: 0 = the gate passes, 1 = the gate fails, 2 = usage error, unreadable input
or a required model that is missing, 3 = internal error. Never a traceback unless
``MTCHECK_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import nullcontext, suppress
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from mtcheck import __version__

app = typer.Typer(
    name="mtcheck",
    help="Find garbled machine translation in French news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
model_app = typer.Typer(help="Manage the back-translation model.", no_args_is_help=True)
app.add_typer(model_app, name="model")

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
T = TypeVar("T")


class Format(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


class Level(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class ParagraphMode(str, Enum):
    auto = "auto"
    line = "line"
    block = "block"


class Show(str, Enum):
    all = "all"
    flagged = "flagged"


class Backend(str, Enum):
    auto = "auto"
    ctranslate2 = "ctranslate2"
    transformers = "transformers"


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    print(f"mtcheck: error: {message}", file=sys.stderr)
    return typer.Exit(code)


def _guard(fn: Callable[[], T]) -> T:
    """Turn every expected error into one line on stderr and the documented exit code."""
    from mtcheck.backtranslate.base import ModelUnavailable
    from mtcheck.config import ConfigError
    from mtcheck.evaluate import GoldError
    from mtcheck.lexicon import LexiconUnavailable
    from mtcheck.paths import set_cache_dir
    from mtcheck.read import InputError
    from mtcheck.runner import UsageError

    try:
        return fn()
    except typer.Exit:
        raise
    except ModelUnavailable as exc:
        raise _fail(str(exc)) from None
    except (InputError, ConfigError, GoldError, UsageError, LexiconUnavailable) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None
    except BrokenPipeError:
        # Output closed early (e.g. piped into head): not an error of ours.
        with suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        raise typer.Exit(EXIT_OK) from None
    except Exception as exc:
        if os.environ.get("MTCHECK_DEBUG") == "1":
            raise
        raise _fail(
            f"internal error: {type(exc).__name__}: {exc} (MTCHECK_DEBUG=1 shows the traceback)",
            EXIT_INTERNAL,
        ) from None
    finally:
        set_cache_dir(None)  # --cache-dir holds for one command, not the whole process


def _version(value: bool) -> None:
    if value:
        print(f"mtcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Find garbled machine translation in French news text."""


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


# Options shared by check and eval --------------------------------------------------------
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        metavar="ID|DIR",
        help="Hub id or local folder of a Marian fr->en model.",
        rich_help_panel="Model",
    ),
]
RevisionOpt = Annotated[
    str | None,
    typer.Option(metavar="REV", help="Hub revision of the model.", rich_help_panel="Model"),
]
BackendOpt = Annotated[
    Backend | None,
    typer.Option(help="auto takes the fastest installed backend.", rich_help_panel="Model"),
]
NoModelOpt = Annotated[
    bool, typer.Option("--no-model", help="Text-only checks, on purpose.", rich_help_panel="Model")
]
RequireOpt = Annotated[
    bool,
    typer.Option(
        "--require-model", help="Exit 2 when the model is missing.", rich_help_panel="Model"
    ),
]
BeamOpt = Annotated[
    int | None,
    typer.Option(
        "--beam-size",
        metavar="N",
        min=1,
        help="Beam size (default 1: greedy).",
        rich_help_panel="Model",
    ),
]
BatchOpt = Annotated[
    int | None,
    typer.Option(
        "--batch-size", metavar="N", min=1, help="Paragraphs per batch.", rich_help_panel="Model"
    ),
]
QuantizeOpt = Annotated[
    bool | None,
    typer.Option(
        "--quantize/--no-quantize",
        help="transformers backend: dynamic int8 Linear layers.",
        rich_help_panel="Model",
    ),
]
ComputeOpt = Annotated[
    str | None,
    typer.Option(
        "--compute-type",
        metavar="TYPE",
        help="CTranslate2 weights type (int8, float32, ...).",
        rich_help_panel="Model",
    ),
]
RoundtripOpt = Annotated[
    str | None,
    typer.Option(
        "--roundtrip-model",
        metavar="ID|DIR",
        help="en->fr Marian model for the round-trip check.",
        rich_help_panel="Model",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Do not read or write the back-translation cache.",
        rich_help_panel="Model",
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Cache folder (default: MTCHECK_CACHE_DIR or the user cache).",
        rich_help_panel="Model",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", metavar="FILE", help="TOML file merged over the defaults."),
]
ChecksOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--checks", metavar="NAME[,NAME]", help="Run only these checks (comma-separated)."
    ),
]
DisableOpt = Annotated[
    list[str] | None,
    typer.Option("--disable", metavar="NAME[,NAME]", help="Skip these checks (comma-separated)."),
]


_MODEL_PARAMS = (
    "revision", "no_model", "require_model", "beam_size", "batch_size", "quantize",
    "compute_type", "roundtrip_model", "no_cache", "cache_dir",
)  # fmt: skip


def _model_options(params: dict[str, Any]) -> Any:
    """ModelOptions from a command's parameters (``check`` and ``eval`` share them)."""
    from mtcheck.runner import ModelOptions

    backend = params["backend"]
    return ModelOptions(
        name=params["model"],
        backend=backend.value if backend else None,
        **{k: params[k] for k in _MODEL_PARAMS},
    )


@app.command()
def check(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            show_default=False,
            help="Files, folders, globs, JSONL files, or - for stdin.",
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.terminal,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file."),
    ] = None,
    fail_on: Annotated[
        Level | None,
        typer.Option(
            "--fail-on",
            help="Fail when a finding reaches this severity (config default: error).",
            rich_help_panel="Gate",
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            metavar="SCORE",
            min=0,
            max=100,
            help="Fail when a document scores below this (0-100).",
            rich_help_panel="Gate",
        ),
    ] = None,
    glob: Annotated[
        list[str] | None,
        typer.Option(
            "--glob",
            metavar="PATTERN",
            help="File patterns inside folders (default *.txt, *.md).",
            rich_help_panel="Input",
        ),
    ] = None,
    jsonl: Annotated[
        bool | None,
        typer.Option(
            "--jsonl/--no-jsonl",
            help="Read inputs as JSON Lines (default: by .jsonl extension).",
            rich_help_panel="Input",
        ),
    ] = None,
    jsonl_field: Annotated[
        str,
        typer.Option(
            metavar="FIELD", help="JSONL field holding the French text.", rich_help_panel="Input"
        ),
    ] = "text",
    id_field: Annotated[
        str,
        typer.Option(
            metavar="FIELD", help="JSONL field naming each document.", rich_help_panel="Input"
        ),
    ] = "id",
    source: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="English source, aligned paragraph by paragraph.",
            rich_help_panel="Input",
        ),
    ] = None,
    source_field: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD", help="JSONL field holding the English source.", rich_help_panel="Input"
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            metavar="CODEC", help="Input encoding when not UTF-8.", rich_help_panel="Input"
        ),
    ] = None,
    paragraphs: Annotated[
        ParagraphMode,
        typer.Option(
            help="Paragraphs are lines, blank-line blocks, or either (auto).",
            rich_help_panel="Input",
        ),
    ] = ParagraphMode.auto,
    show: Annotated[
        Show,
        typer.Option(
            help="Terminal report: every paragraph or only flagged ones.", rich_help_panel="Output"
        ),
    ] = Show.all,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color", help="Force colour on or off.", rich_help_panel="Output"
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr (default: when stderr is a terminal).",
            rich_help_panel="Output",
        ),
    ] = None,
    config: ConfigOpt = None,
    checks: ChecksOpt = None,
    disable: DisableOpt = None,
    model: ModelOpt = None,
    revision: RevisionOpt = None,
    backend: BackendOpt = None,
    no_model: NoModelOpt = False,
    require_model: RequireOpt = False,
    beam_size: BeamOpt = None,
    batch_size: BatchOpt = None,
    quantize: QuantizeOpt = None,
    compute_type: ComputeOpt = None,
    roundtrip_model: RoundtripOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Check French text and report garbled machine translation."""
    params = dict(locals())

    def run() -> int:
        from mtcheck.read import DEFAULT_GLOBS, ReadOptions, resolve_inputs
        from mtcheck.runner import UsageError, build_config, build_engine

        gate: dict[str, Any] = {}
        if fail_on is not None:
            gate["fail_on"] = fail_on.value
        if fail_under is not None:
            gate["fail_under"] = fail_under
        mopts = _model_options(params)
        cfg = build_config(config, mopts, _split(checks), _split(disable), gate)
        ropts = ReadOptions(
            globs=tuple(glob) if glob else DEFAULT_GLOBS,
            encoding=encoding,
            jsonl=jsonl,
            jsonl_field=jsonl_field,
            id_field=id_field,
            source_field=source_field,
            source_path=source,
            paragraphs=paragraphs.value,
        )
        if source is not None and not source.is_file():
            raise UsageError(f"--source {source}: no such file")
        inputs = resolve_inputs(paths, ropts.globs)
        if not inputs:
            raise UsageError(
                "no input files found (folders are searched for "
                f"{', '.join(ropts.globs)}; change with --glob)"
            )
        engine, status = build_engine(cfg, mopts)
        return _report(
            engine, status, cfg, inputs, ropts, fmt.value, output, show.value, color, progress
        )

    code = _guard(run)
    raise typer.Exit(code)


def _report(
    engine: Any,
    status: Any,
    cfg: Any,
    inputs: Any,
    ropts: Any,
    fmt: str,
    output: Path | None,
    show: str,
    color: bool | None,
    progress: bool | None,
) -> int:
    from mtcheck.read import count_documents, read_documents
    from mtcheck.report import Summary, make_reporter
    from mtcheck.score import Gate

    gate = Gate.from_config(cfg)
    out_ctx: Any = nullcontext(sys.stdout)
    if output is not None:
        try:
            out_ctx = output.open("w", encoding="utf-8")
        except OSError as exc:
            from mtcheck.runner import UsageError

            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    with out_ctx as out:
        options: dict[str, object] = {"show": show}
        if color is not None:
            options["color"] = color
        reporter = make_reporter(fmt, out, **options)
        summary = Summary()
        failed_any = False
        started = False
        with _progress(progress, count_documents(inputs, ropts)) as advance:
            for result in engine.run(read_documents(inputs, ropts), advance):
                if not started:
                    # After the first window: a model that failed on first use is known.
                    reporter.start(engine.status)
                    started = True
                failed = gate.document_fails(result.score, result.findings)
                failed_any |= failed
                summary.add(result, failed)
                reporter.document(result, failed)
        if not started:
            reporter.start(engine.status)
        reporter.finish(summary, failed_any)
    return EXIT_GATE if failed_any else EXIT_OK


def _progress(enabled: bool | None, total: int | None) -> Any:
    """A rich progress bar on stderr (documents, paragraphs per second, time left)."""
    from contextlib import contextmanager

    @contextmanager
    def bar() -> Any:
        if enabled is False or (enabled is None and not sys.stderr.isatty()):
            yield None
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        ) as prog:
            task = prog.add_task("check", total=total, rate="")
            state = {"paragraphs": 0}

            def advance(docs: int, paras: int) -> None:
                state["paragraphs"] += paras
                elapsed = prog.tasks[0].elapsed or 0.0
                rate = f"{state['paragraphs'] / elapsed:.1f} para/s" if elapsed > 0 else ""
                prog.update(task, advance=docs, rate=rate)

            yield advance

    return bar()


@app.command("eval")
def eval_(
    gold: Annotated[
        list[Path],
        typer.Argument(
            metavar="GOLD.jsonl...", help="Gold JSONL files (id, label, fr, en, spans)."
        ),
    ],
    fmt: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EvalFormat.text,
    details: Annotated[
        bool, typer.Option("--details", help="List false alarms and missed spans.")
    ] = False,
    config: ConfigOpt = None,
    checks: ChecksOpt = None,
    disable: DisableOpt = None,
    model: ModelOpt = None,
    revision: RevisionOpt = None,
    backend: BackendOpt = None,
    no_model: NoModelOpt = False,
    require_model: RequireOpt = False,
    beam_size: BeamOpt = None,
    batch_size: BatchOpt = None,
    quantize: QuantizeOpt = None,
    compute_type: ComputeOpt = None,
    roundtrip_model: RoundtripOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Measure span recall/precision and false alarms against annotated paragraphs."""
    params = dict(locals())

    def run() -> int:
        from mtcheck.evaluate import run_eval
        from mtcheck.runner import build_config, build_engine

        mopts = _model_options(params)
        cfg = build_config(config, mopts, _split(checks), _split(disable))
        engine, status = build_engine(cfg, mopts)
        return run_eval(engine, status, gold, fmt.value, details, sys.stdout)

    raise typer.Exit(_guard(run))


def _model_name(config: Path | None, model: str, revision: str | None) -> tuple[str, str]:
    """The model and revision asked for, else the configured ones."""
    from mtcheck.config import Config

    section = Config.load(config).section("model")
    return model or str(section.get("name")), revision or str(section.get("revision") or "main")


@model_app.command("download")
def model_download(
    model: Annotated[
        str, typer.Option("--model", "-m", metavar="ID", help="Hub id to download.")
    ] = "",
    revision: RevisionOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Download the model into the Hugging Face cache (needs network; honours HF_HOME)."""

    def run() -> int:
        from mtcheck.backtranslate.resolve import download_model

        name, rev = _model_name(config, model, revision)
        path = download_model(name, rev)
        print(f"downloaded {name} ({rev}) to {path}")
        return EXIT_OK

    raise typer.Exit(_guard(run))


@model_app.command("info")
def model_info_cmd(
    model: Annotated[
        str, typer.Option("--model", "-m", metavar="ID|DIR", help="Hub id or local folder.")
    ] = "",
    revision: RevisionOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Where the model is, its identity, and whether it can be used offline."""

    def run() -> int:
        from mtcheck.backtranslate.resolve import model_info

        info = model_info(*_model_name(config, model, revision))
        for key, value in info.items():
            if isinstance(value, list):
                print(f"{key}:")
                for item in value:
                    if isinstance(item, dict):
                        item = "  ".join(f"{k}={v}" for k, v in item.items())
                    print(f"  {item}")
            else:
                print(f"{key}: {value}")
        return EXIT_OK if info.get("available") else EXIT_GATE

    raise typer.Exit(_guard(run))


@app.command("rules")
def rules_cmd(
    config: ConfigOpt = None,
    test: Annotated[bool, typer.Option("--test", help="Run every rule's examples.")] = False,
) -> None:
    """List the pattern rules (or test their examples with --test)."""

    def run() -> int:
        from mtcheck.config import Config
        from mtcheck.rules import load_rules

        cfg = Config.load(config)
        rules = load_rules(cfg.rule_dirs())
        bad = 0
        for r in rules:
            if test:
                errors = [s for s in r.should_match if not list(r.finditer(s))]
                errors += [s for s in r.should_not_match if list(r.finditer(s))]
                if errors:
                    bad += 1
                    print(f"FAIL {r.id}: {errors[0]}")
            else:
                print(f"{r.id}\t{r.check}\t{r.category}\t{r.severity.value}\t{r.message}")
        if test:
            print(f"{len(rules) - bad}/{len(rules)} rules pass their examples")
        return EXIT_GATE if bad else EXIT_OK

    raise typer.Exit(_guard(run))


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    app(args=argv, prog_name="mtcheck")
