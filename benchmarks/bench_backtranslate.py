"""Back-translation speed on this machine: backends, settings, and mtcheck end to end.

    python benchmarks/bench_backtranslate.py            # everything (about 40 min on 2 cores)
    python benchmarks/bench_backtranslate.py --quick    # without the 10,000-paragraph run

MODEL: a Marian model with Helsinki-NLP/opus-mt-fr-en's exact shape (d_model 512, 6+6
layers, 8 heads, FFN 2048, vocabulary 59,514, 75.1 M parameters) and RANDOM WEIGHTS, built
offline by ``shape_true.py`` and cached in benchmarks/out/. Speed depends on the shape, not
on the weights; the translations are meaningless.

OUTPUT LENGTH: every paragraph decodes exactly 80 tokens. Random weights practically never
emit ``</s>`` (the probability is about 1/59,514 per step), so ``max_new_tokens = 80`` is
both the minimum and the maximum; the "out tok" column checks it. Without the cap they would
decode to the 511-token limit, far longer than any real paragraph's translation.

INPUT: distinct French paragraphs of 45-75 words (about 84 source pieces) built from the
sentences of seeds/*.txt (``corpus.py``).

Each throughput row runs in its own process (so the peak RSS is that configuration's) and
produces the full output mtcheck uses: English text, per-token log-probabilities and the
alignment. "load s" is imports plus model loading (the CTranslate2 conversion is done
before, once, and reported on its own line). Runs are repeated and the median kept; before
each run the script waits for the machine to be idle, and "others" is the share of CPU
other processes used during the run (the machine is shared: a run with others > 10% is
retried).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import ROOT, paragraphs, write_jsonl  # noqa: E402

OUT = HERE / "out"
MAX_NEW_TOKENS = 80
WINDOW = 64  # the pipeline's window is max(64, 4 * batch_size) paragraphs


# --- machine and load -------------------------------------------------------------------


def _cpu_jiffies() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        return os.cpu_count() or 1


class Meter:
    """Wall time of a block, and the CPU share other processes took meanwhile.

    ``own`` reads this process's CPU time (workers) or, with ``pid`` unset and
    ``children=True``, the CPU time of finished children (CLI runs).
    """

    def __init__(self, children: bool = False) -> None:
        self.children = children
        self.wall = 0.0
        self.others = 0.0

    def _own(self) -> float:
        who = resource.RUSAGE_CHILDREN if self.children else resource.RUSAGE_SELF
        r = resource.getrusage(who)
        return r.ru_utime + r.ru_stime

    def __enter__(self) -> Meter:
        self._busy, _ = _cpu_jiffies()
        self._own0 = self._own()
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._t0
        busy, _ = _cpu_jiffies()
        total_busy = (busy - self._busy) / os.sysconf("SC_CLK_TCK")
        mine = self._own() - self._own0
        self.others = max(0.0, total_busy - mine) / max(1e-9, self.wall * cores())


def wait_idle(limit: float = 0.10, window: float = 2.0, max_wait: float = 300.0) -> float:
    """Wait until other processes use less than ``limit`` of the CPU; returns that share."""
    start = time.time()
    share = 1.0
    while time.time() - start < max_wait:
        b0, _ = _cpu_jiffies()
        time.sleep(window)
        b1, _ = _cpu_jiffies()
        share = (b1 - b0) / os.sysconf("SC_CLK_TCK") / window / cores()
        if share < limit:
            break
    return share


def machine() -> dict[str, Any]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        flags = next(
            (ln for ln in Path("/proc/cpuinfo").read_text().splitlines()
             if ln.startswith("flags")), ""
        )  # fmt: skip
        isa = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni") if f" {f}" in flags]
    except OSError:
        isa = []
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    versions = {}
    for mod in ("ctranslate2", "torch", "transformers", "sentencepiece"):
        try:
            versions[mod] = __import__("importlib.metadata").metadata.version(mod)
        except Exception:
            versions[mod] = "not installed"
    return {
        "cpu": model,
        "isa": isa,
        "cores": cores(),
        "memory_gb": round(mem_gb, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        **versions,
    }


# --- throughput workers -----------------------------------------------------------------


@dataclass
class Row:
    name: str
    spec: dict[str, Any]


def throughput_rows(quick: bool) -> list[Row]:
    ct2 = "ctranslate2"
    rows = [
        Row("default: mtcheck check path (configs/default.toml: auto, cache, windows)",
            {"kind": "default", "n": 128}),
        Row("default path with [decoding] batch_size = 16 (windows of 64)",
            {"kind": "default", "batch": 16, "n": 128}),
        Row("ctranslate2 int8, 2 replicas x 1 thread, batch 16",
            {"kind": "backend", "backend": ct2, "compute": "int8", "inter": 2, "intra": 1,
             "batch": 16, "n": 128}),
        Row("ctranslate2 int8, 2 replicas x 1 thread, batch 8",
            {"kind": "backend", "backend": ct2, "compute": "int8", "inter": 2, "intra": 1,
             "batch": 8, "n": 128}),
        Row("ctranslate2 int8, 2 replicas x 1 thread, batch 32",
            {"kind": "backend", "backend": ct2, "compute": "int8", "inter": 2, "intra": 1,
             "batch": 32, "n": 128}),
        Row("ctranslate2 int8, 1 replica x 2 threads, batch 16",
            {"kind": "backend", "backend": ct2, "compute": "int8", "inter": 1, "intra": 2,
             "batch": 16, "n": 128}),
        Row("ctranslate2 int8, 1 replica x 2 threads, batch 32",
            {"kind": "backend", "backend": ct2, "compute": "int8", "inter": 1, "intra": 2,
             "batch": 32, "n": 128}),
        Row("ctranslate2 float32, 2 replicas x 1 thread, batch 16",
            {"kind": "backend", "backend": ct2, "compute": "float32", "inter": 2, "intra": 1,
             "batch": 16, "n": 64}),
        Row("transformers fp32, batch 32",
            {"kind": "backend", "backend": "transformers", "quantize": False, "batch": 32,
             "n": 64}),
        Row("transformers dynamic int8, batch 32",
            {"kind": "backend", "backend": "transformers", "quantize": True, "batch": 32,
             "n": 64}),
        Row("transformers fp32, one paragraph at a time",
            {"kind": "backend", "backend": "transformers", "quantize": False, "batch": 1,
             "n": 8}),
        Row("forced scoring: ctranslate2 int8 score() (log-probs + alignment)",
            {"kind": "score", "backend": ct2, "compute": "int8", "inter": 2, "intra": 1,
             "batch": 16, "n": 128}),
        Row("forced scoring: ctranslate2 int8 score_batch only (log-probs)",
            {"kind": "score_batch", "backend": ct2, "compute": "int8", "inter": 2, "intra": 1,
             "batch": 16, "n": 128}),
        Row("forced scoring: transformers fp32 score(), batch 32",
            {"kind": "score", "backend": "transformers", "quantize": False, "batch": 32,
             "n": 64}),
    ]
    return rows


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Runs in a child process: load one configuration, time it, report JSON."""
    t0 = time.perf_counter()
    from mtcheck.backtranslate import BackendOptions, DecodeSettings, prepare_backtranslator
    from mtcheck.backtranslate.resolve import resolve_model

    model_dir = spec["model"]
    texts = paragraphs(spec["n"], seed=spec.get("seed", 1))
    warm = paragraphs(4, seed=99)
    settings = DecodeSettings(max_new_tokens=MAX_NEW_TOKENS, batch_size=spec.get("batch", 16))
    translate: Callable[[Sequence[str]], list[Any]]
    if spec["kind"] == "default":
        from mtcheck.backtranslate.cache import CachedBacktranslator, TranslationCache
        from mtcheck.config import Config
        from mtcheck.runner import decode_settings

        config = Config.load()
        m = config.section("model")
        defaults = decode_settings(config)
        settings = DecodeSettings(
            beam_size=defaults.beam_size,
            max_new_tokens=MAX_NEW_TOKENS,
            max_input_tokens=defaults.max_input_tokens,
            batch_size=spec.get("batch", defaults.batch_size),
        )
        window = max(WINDOW, 4 * settings.batch_size)  # as the Engine does
        lazy = prepare_backtranslator(
            model_dir, backend=str(m.get("backend", "auto")), settings=settings, revision=None,
            quantize=bool(m.get("torch_quantize", False)),
            compute_type=str(m.get("ct2_compute_type", "int8")),
        )  # fmt: skip
        lazy.inner()  # type: ignore[attr-defined]
        load_s = time.perf_counter() - t0
        backend_name = f"{lazy.backend} ({lazy.identity.split('+')[-1]})"
        tmp = Path(tempfile.mkdtemp(prefix="bench-cache-"))

        def translate(batch: Sequence[str]) -> list[Any]:
            # A fresh cache per run: every paragraph misses, as in a first run.
            path = tmp / f"{time.monotonic_ns()}.sqlite3"
            cached = CachedBacktranslator(lazy, TranslationCache(path))
            out: list[Any] = []
            for k in range(0, len(batch), window):
                out.extend(cached.translate(list(batch[k : k + window])))
            cached.cache.close()
            return out
    else:
        from mtcheck.backtranslate import _build

        options = BackendOptions(
            quantize=bool(spec.get("quantize", False)),
            compute_type=spec.get("compute", "int8"),
            inter_threads=spec.get("inter"),
            intra_threads=spec.get("intra"),
        )
        resolved = resolve_model(model_dir)
        bt: Any = _build(model_dir, resolved, spec["backend"], settings, options)
        load_s = time.perf_counter() - t0
        backend_name = bt.backend
        if spec["kind"] == "backend":
            translate = bt.translate
        else:
            # Forced scoring of 80-token targets: the backend's own translations.
            targets = {t: o.tokens for t, o in zip(texts, bt.translate(texts), strict=True)}
            targets.update(
                {t: o.tokens for t, o in zip(warm, bt.translate(warm), strict=True)}
            )
            if spec["kind"] == "score":

                def translate(batch: Sequence[str]) -> list[Any]:
                    return list(bt.score_tokens(batch, [targets[t] for t in batch]))
            else:

                def translate(batch: Sequence[str]) -> list[Any]:
                    tokens = [bt._source_tokens(bt.source_encoder.encode(t)) for t in batch]
                    wanted = [list(targets[t]) for t in batch]
                    logprobs = bt._logprobs(tokens, wanted)
                    return [_Stub(w, lp) for w, lp in zip(wanted, logprobs, strict=True)]

    translate(warm)
    runs: list[tuple[float, float]] = []
    outputs: list[Any] = []
    attempts = 0
    while len(runs) < spec.get("repeats", 3) and attempts < spec.get("repeats", 3) + 3:
        attempts += 1
        wait_idle()
        with Meter() as meter:
            outputs = translate(texts)
        if meter.others <= 0.10 or attempts >= spec.get("repeats", 3) + 3:
            runs.append((meter.wall, meter.others))
    wall = statistics.median(w for w, _ in runs)
    out_tokens = [len(o.tokens) for o in outputs]
    from mtcheck.backtranslate.pieces import MarianVocab, SourceEncoder

    folder = Path(model_dir)
    encoder = SourceEncoder(folder / "source.spm", MarianVocab(folder))
    src_tokens = [len(encoder.encode(t)) for t in texts]
    return {
        "backend": backend_name,
        "paragraphs": len(texts),
        "para_per_s": len(texts) / wall,
        "tokens_per_s": sum(out_tokens) / wall,
        "mean_out_tokens": statistics.mean(out_tokens),
        "mean_src_tokens": statistics.mean(src_tokens),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_s": load_s,
        "runs": runs,
        "others": max(o for _, o in runs),
    }


@dataclass
class _Stub:
    tokens: list[str]
    logprobs: list[float]


def run_worker(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker failed ({proc.returncode}): {proc.stderr[-2000:]}")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1]
    result: dict[str, Any] = json.loads(line)
    return result


# --- end-to-end CLI ---------------------------------------------------------------------


def mtcheck_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("mtcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mtcheck"]


@dataclass
class CliRun:
    wall: float
    peak_rss_mb: float
    code: int
    others: float
    first_output_s: float | None
    lines: int


def run_cli(args: Sequence[str], env: dict[str, str], *, stream: bool = False) -> CliRun:
    """One ``mtcheck`` process: wall time, its own peak RSS (wait4), first output line."""
    wait_idle()
    with Meter(children=True) as meter:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*mtcheck_cmd(), *args],
            stdout=subprocess.PIPE if stream else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        first: float | None = None
        lines = 0
        if stream and proc.stdout is not None:
            for _ in proc.stdout:
                if first is None:
                    first = time.perf_counter() - t0
                lines += 1
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return CliRun(meter.wall, usage.ru_maxrss / 1024, proc.returncode, meter.others, first, lines)


# --- report -----------------------------------------------------------------------------


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    head = ("| backend / setting | para/s | tokens/s | out tok | src tok | peak RSS MB "
            "| load s | others |")  # fmt: skip
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['para_per_s']:.1f} | {r['tokens_per_s']:.0f} | "
            f"{r['mean_out_tokens']:.0f} | {r['mean_src_tokens']:.0f} | "
            f"{r['peak_rss_mb']:.0f} | {r['load_s']:.2f} | {100 * r['others']:.0f}% |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-paragraph run")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--only", default="", help="run throughput rows whose name has this")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0

    from shape_true import MODEL_DIR, ensure_model, parameters

    OUT.mkdir(parents=True, exist_ok=True)
    ensure_model()
    env = dict(os.environ)
    env["HF_HUB_OFFLINE"] = "1"
    env["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    env.pop("OMP_NUM_THREADS", None)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    info = machine()
    results: dict[str, Any] = {
        "date": stamp,
        "machine": info,
        "load_before": os.getloadavg(),
        "model": {"dir": str(MODEL_DIR), "parameters": parameters(), "weights": "random"},
    }
    print(f"machine: {info}")
    print(f"load average at start: {os.getloadavg()}")
    print(f"model: {MODEL_DIR.name}: opus-mt-fr-en's shape, {parameters() / 1e6:.2f} M "
          "parameters, RANDOM weights (speed only; translations are meaningless)")
    print(f"output length forced to {MAX_NEW_TOKENS} tokens per paragraph\n")

    # One cache folder for the throughput runs (holds the CTranslate2 conversions).
    bench_cache = OUT / "cache"
    env["MTCHECK_CACHE_DIR"] = str(bench_cache)
    sys.stdout.flush()

    if not args.skip_throughput:
        conversions = {}
        for compute in ("int8", "float32"):
            code = (
                "import time, sys; from pathlib import Path\n"
                "from mtcheck.backtranslate.resolve import resolve_model\n"
                "from mtcheck.backtranslate.convert import ensure_converted, converted_dir\n"
                f"m = resolve_model({str(MODEL_DIR)!r})\n"
                f"had = converted_dir(m.identity, {compute!r}).exists()\n"
                "t = time.perf_counter()\n"
                f"ensure_converted(m.path, m.identity, {compute!r})\n"
                "print(had, time.perf_counter() - t)\n"
            )
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 env=env, check=True).stdout.split()  # fmt: skip
            meta = json.loads(
                next((bench_cache / "ct2").glob(f"*-{compute}/mtcheck.json")).read_text()
            )
            done_now = out[0] != "True"
            conversions[compute] = {"convert_s": meta["seconds"],
                                    "wall_s": float(out[1]) if done_now else None}
            wall = f", {float(out[1]):.1f} s with the child's imports" if done_now else ""
            print(f"CTranslate2 conversion ({compute}): {meta['seconds']:.1f} s{wall} "
                  f"(done {'now' if done_now else 'before'}; once per model and type)")
        results["conversion_s"] = conversions
        rows: list[tuple[str, dict[str, Any]]] = []
        for row in throughput_rows(args.quick):
            if args.only and args.only not in row.name:
                continue
            spec = {**row.spec, "model": str(MODEL_DIR), "repeats": args.repeats}
            r = run_worker(spec, env)
            rows.append((row.name, r))
            print(f"{row.name}: {r['para_per_s']:.1f} para/s, {r['tokens_per_s']:.0f} tok/s, "
                  f"out {r['mean_out_tokens']:.0f} tok, RSS {r['peak_rss_mb']:.0f} MB, "
                  f"load {r['load_s']:.2f} s, others {100 * r['others']:.0f}%", flush=True)
        results["throughput"] = rows
        print("\n" + table(rows) + "\n")
        verdicts(rows, results)

    if not args.skip_cli:
        results["cli"] = cli_benchmarks(env, quick=args.quick)

    results["load_after"] = os.getloadavg()
    print(f"load average at end: {os.getloadavg()}")
    saved = OUT / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    saved.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"results saved to {saved}")
    return 0


def verdicts(rows: list[tuple[str, dict[str, Any]]], results: dict[str, Any]) -> None:
    by_name = dict(rows)
    default = next((r for n, r in rows if n.startswith("default:")), None)
    ct2 = [r for n, r in rows if n.startswith("ctranslate2")]
    fp32 = by_name.get("transformers fp32, batch 32")
    if default is None:
        return
    d = default["para_per_s"]
    lines = [f"default path: {d:.1f} para/s (bar: >= 25)"]
    if ct2:
        best = max(r["para_per_s"] for r in ct2)
        lines.append(f"best CTranslate2 configuration: {best:.1f} para/s; default is "
                     f"{100 * (1 - d / best):.1f}% below it (bar: within 15%)")
    if fp32:
        lines.append(f"transformers fp32 batch 32: {fp32['para_per_s']:.2f} para/s; default is "
                     f"{d / fp32['para_per_s']:.2f}x faster (bar: >= 4x)")
    results["verdicts"] = lines
    print("\n".join(lines) + "\n")


def cli_benchmarks(env: dict[str, str], *, quick: bool) -> dict[str, Any]:
    from shape_true import MODEL_DIR

    out: dict[str, Any] = {}
    config = OUT / "bench-config.toml"
    config.write_text(f"[decoding]\nmax_new_tokens = {MAX_NEW_TOKENS}\n", encoding="utf-8")
    base = ["check", "--model", str(MODEL_DIR), "--config", str(config), "--format", "jsonl"]

    # Text-only check of the two seed articles (lexicon already built: warm-up run first).
    # --no-cache is a first look at an article; without it a re-run is served from the
    # results cache.
    seeds = str(ROOT / "seeds")
    for label, extra in (("--no-cache", ["--no-cache"]), ("re-run, results cache", [])):
        run_cli(["check", "--no-model", *extra, seeds], env)
        walls = [run_cli(["check", "--no-model", *extra, seeds], env).wall for _ in range(7)]
        out[f"seeds_text_only_s {label}"] = {"median": statistics.median(walls),
                                             "max": max(walls), "runs": walls}  # fmt: skip
        print(f"mtcheck check --no-model seeds/ ({label}): median "
              f"{statistics.median(walls):.2f} s, max {max(walls):.2f} s over {len(walls)} runs",
              flush=True)  # fmt: skip

    corpus = write_jsonl(OUT / "corpus-2000.jsonl", 2000, seed=2)
    for label, extra in (("all checks", []), ("model checks only", ["--checks",
                                                                   "low_confidence"])):
        fresh = Path(tempfile.mkdtemp(prefix="e2e-cache-", dir=OUT))
        # Cold = empty translation and results caches. The one-off CTranslate2 conversion
        # is copied in, so it does not inflate the cold time (and the ratio).
        shutil.copytree(OUT / "cache" / "ct2", fresh / "ct2")
        args = [*base, *extra, "--cache-dir", str(fresh), str(corpus)]
        cold = run_cli(args, env)
        warm = [run_cli(args, env) for _ in range(3)]
        warm_wall = statistics.median(w.wall for w in warm)
        # What the translation cache alone gives: the results cache emptied.
        (fresh / "results.sqlite3").unlink(missing_ok=True)
        bt_only = run_cli(args, env)
        out[f"2000 {label}"] = {
            "cold_s": cold.wall, "warm_s": warm_wall, "ratio": cold.wall / warm_wall,
            "translation_cache_only_s": bt_only.wall,
            "cold_rss_mb": cold.peak_rss_mb, "warm_rss_mb": max(w.peak_rss_mb for w in warm),
            "cold_others": cold.others, "warm_others": max(w.others for w in warm),
            "exit": cold.code, "same_exit": all(w.code == cold.code for w in warm),
        }  # fmt: skip
        print(f"mtcheck check, 2,000 paragraphs, {label}: cold {cold.wall:.1f} s "
              f"({2000 / cold.wall:.1f} para/s, RSS {cold.peak_rss_mb:.0f} MB, others "
              f"{100 * cold.others:.0f}%), warm {warm_wall:.2f} s "
              f"(RSS {max(w.peak_rss_mb for w in warm):.0f} MB): {cold.wall / warm_wall:.1f}x; "
              f"translation cache only {bt_only.wall:.1f} s", flush=True)  # fmt: skip
        shutil.rmtree(fresh, ignore_errors=True)

    if not quick:
        big = write_jsonl(OUT / "corpus-10000.jsonl", 10000, seed=3)
        fresh = Path(tempfile.mkdtemp(prefix="e2e-cache-", dir=OUT))
        # The conversion is copied in: this run measures streaming and memory, not converting.
        shutil.copytree(OUT / "cache" / "ct2", fresh / "ct2")
        run = run_cli([*base, "--cache-dir", str(fresh), str(big)], env, stream=True)
        out["10000 all checks"] = {
            "wall_s": run.wall, "para_per_s": 10000 / run.wall, "peak_rss_mb": run.peak_rss_mb,
            "first_output_s": run.first_output_s, "documents_out": run.lines,
            "others": run.others, "exit": run.code,
        }  # fmt: skip
        print(f"mtcheck check, 10,000 paragraphs: {run.wall:.0f} s ({10000 / run.wall:.1f} "
              f"para/s), peak RSS {run.peak_rss_mb:.0f} MB, first document out after "
              f"{run.first_output_s or 0:.1f} s, {run.lines} documents, others "
              f"{100 * run.others:.0f}%", flush=True)
        shutil.rmtree(fresh, ignore_errors=True)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
