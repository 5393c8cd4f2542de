"""brandfit against its peers, side by side, on the same file in the same run.

    python bench/run.py --creators 1000000 --posts 12 --runs 3 [--keep creators.jsonl]

Competitors, each run as its own process tree (so peak memory is its own), medians of --runs:

1. brandfit      `brandfit score FILE --rules rules/eco-running.toml -o OUT.parquet --quiet`, end to end
                 as a user runs it (process start, rule loading, reading, scoring, ranking, writing).
2. floor         pyarrow's JSON reader over the same file in the same blocks, nothing else.
3. hand loop     a per-creator Python loop (json per line, pyahocorasick), 2 processes
                 (bench/hand_loop.py), then ranked.
4. zen-engine    GoRules zen evaluating the same decision per creator, 2 processes
                 (bench/zen_peer.py). zen cannot match text: its inputs (term counts, median
                 engagement rate) are precomputed before timing, so it does less work than the others.

Reported: creators/s, peak RSS of the process tree (psutil sampling, summed over processes), the
ratios brandfit/zen, brandfit/hand loop and brandfit/floor, and whether brandfit's final scores
agree with the hand loop's (within 0.1: the two round halves differently) with the same verdicts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes of the whole process tree) of one command."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')[-3000:]}")
    return elapsed, peak


def brandfit_command() -> list[str]:
    script = Path(sys.executable).with_name("brandfit")
    if script.exists():
        return [str(script)]
    found = shutil.which("brandfit")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from brandfit.cli import console; sys.argv[0] = 'brandfit'; console()"]


def compile_brandfit() -> None:
    """Byte-compile the installed brandfit, as `pip install .` does: an editable install under
    PYTHONDONTWRITEBYTECODE=1 would otherwise compile its ~110 modules again in every timed run
    (~0.1 s; the floor, which imports brandfit for the schema, gains the same)."""
    import compileall

    import brandfit
    import brandfit.plugins

    for folder in [*brandfit.__path__, *brandfit.plugins.__path__]:
        compileall.compile_dir(folder, quiet=1)


def read_tsv(path: str):  # type: ignore[no-untyped-def]
    import polars as pl

    return pl.read_csv(path, separator="\t", has_header=False, new_columns=["handle", "platform", "final", "verdict"],
                       schema_overrides={"handle": pl.String, "platform": pl.String, "final": pl.Float64, "verdict": pl.String})


def agreement(brandfit_out: str, hand_out: str) -> tuple[int, int, list[str]]:
    """(creators compared, disagreements, examples) between brandfit's output and the hand loop's."""
    import polars as pl

    b = pl.read_parquet(brandfit_out, columns=["handle", "platform", "final_score", "verdict"])
    h = read_tsv(hand_out).rename({"final": "hand_final", "verdict": "hand_verdict"})
    key = [pl.col("handle"), pl.col("platform").fill_null("").alias("platform")]
    j = b.with_columns(key).join(h.with_columns(key), on=["handle", "platform"], how="full", coalesce=True)
    bad = j.filter(
        pl.col("final_score").is_null().xor(pl.col("hand_final").is_null())
        | ((pl.col("final_score") - pl.col("hand_final")).abs() > 0.1 + 1e-9)
        | (pl.col("verdict") != pl.col("hand_verdict")).fill_null(True)
    )
    return j.height, bad.height, [str(r) for r in bad.head(3).iter_rows()]


def machine() -> str:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")
    except OSError:
        pass
    import psutil

    return (f"{os.cpu_count()} cores ({model or platform.processor()}), {psutil.virtual_memory().total / 2**30:.0f} GiB, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="brandfit vs parse floor, hand-written loop and zen-engine")
    parser.add_argument("--creators", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3, help="runs of each competitor; medians are shown")
    parser.add_argument("--keep", metavar="FILE", help="keep (or reuse, if it exists) the generated creators here")
    parser.add_argument("--rules", default=str(REPO / "rules" / "eco-running.toml"))
    parser.add_argument("--skip", action="append", default=[], choices=["floor", "hand", "zen"], help="leave a peer out")
    parser.add_argument("--processes", type=int, default=2, help="processes for the hand loop and zen")
    a = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="brandfit-bench-"))
    data = Path(a.keep) if a.keep else work / "creators.jsonl"
    try:
        if not data.exists():
            from make_creators import write_creators

            t = time.perf_counter()
            write_creators(data, a.creators, a.posts, seed=7, jobs=os.cpu_count() or 1)
            print(f"generated {a.creators:,} creators x {a.posts} posts in {time.perf_counter() - t:.0f}s -> {data}", file=sys.stderr)
        n = sum(1 for _ in open(data, "rb"))
        size = data.stat().st_size
        print(f"# {n:,} creators x {a.posts} posts, {size / 1e6:,.0f} MB JSONL ({size / n:,.0f} bytes/creator); "
              f"{machine()}; {a.runs} run(s), medians", flush=True)

        compile_brandfit()
        py = sys.executable
        out_b, out_h, out_z = str(work / "brandfit.parquet"), str(work / "hand.tsv"), str(work / "zen.tsv")
        commands = {"brandfit": brandfit_command() + ["score", str(data), "--rules", a.rules, "-o", out_b, "--quiet"]}
        if "floor" not in a.skip:
            commands["floor"] = [py, str(HERE / "floor.py"), str(data)]
        if "hand" not in a.skip:
            commands["hand loop"] = [py, str(HERE / "hand_loop.py"), str(data), a.rules, "--processes", str(a.processes), "-o", out_h]
        if "zen" not in a.skip:
            import zen_peer

            t = time.perf_counter()
            inputs = zen_peer.prepare(str(data), a.rules, str(work / "zen-input"), a.processes)
            print(f"zen inputs precomputed (untimed) in {time.perf_counter() - t:.0f}s", file=sys.stderr)
            commands["zen-engine"] = [py, str(HERE / "zen_peer.py"), *inputs, "--rules", a.rules, "-o", out_z]

        times: dict[str, list[float]] = {k: [] for k in commands}
        peaks: dict[str, list[int]] = {k: [] for k in commands}
        for run in range(a.runs):
            for name, cmd in commands.items():  # interleaved, so noise hits everyone alike
                elapsed, peak = run_measured(cmd)
                times[name].append(elapsed)
                peaks[name].append(peak)
                print(f"  run {run + 1}: {name:<11} {elapsed:7.2f}s  {n / elapsed:>10,.0f}/s  peak {peak / 2**20:,.0f} MiB",
                      file=sys.stderr, flush=True)

        rate = {k: n / statistics.median(v) for k, v in times.items()}
        print()
        print(f"| {'':<11} | {'creators/s':>10} | {'seconds':>8} | {'peak RSS':>9} | brandfit / this | each run |")
        print(f"|{'-' * 13}|{'-' * 12}|{'-' * 10}|{'-' * 11}|-----------------|----------|")
        for name in commands:
            ratio = rate["brandfit"] / rate[name]
            # the ratio within each interleaved run: its spread shows how much the machine drifted
            each = " ".join(f"{other / mine:.2f}" for mine, other in zip(times["brandfit"], times[name], strict=True))
            print(f"| {name:<11} | {rate[name]:>10,.0f} | {statistics.median(times[name]):>8.2f} | "
                  f"{statistics.median(peaks[name]) / 2**20:>5,.0f} MiB | {ratio:>14.2f}x | {each} |")
        notes = ["brandfit: `brandfit score` end to end (CLI process, default + eco-running rules, -o parquet, --quiet)",
                 "floor: pyarrow.json parse of the same blocks only (no scoring, no output)"]
        if "hand loop" in commands:
            notes.append(f"hand loop: per-creator Python (json + pyahocorasick), {a.processes} processes, ranked, TSV out")
        if "zen-engine" in commands:
            notes.append(f"zen-engine: decision per creator, {a.processes} processes; term counts and engagement rates "
                         "PRECOMPUTED outside the timing (zen cannot match text), so it does less work than the rest")
        for note in notes:
            print(f"- {note}")
        if "hand loop" in commands:
            compared, bad, examples = agreement(out_b, out_h)
            print(f"- scores agree (brandfit vs hand loop, final within 0.1, same verdict): "
                  f"{compared - bad:,}/{compared:,} creators" + ("" if not bad else f"; e.g. {examples}"))
            if "zen-engine" in commands:
                import polars as pl

                z, h = read_tsv(out_z), read_tsv(out_h)
                j = z.join(h, on="handle", suffix="_h")
                differs = (pl.col("final") - pl.col("final_h")).abs() > 0.1 + 1e-9
                zbad = j.filter((pl.col("verdict") != pl.col("verdict_h")) | differs).height
                print(f"- zen-engine agrees with the hand loop on {j.height - zbad:,}/{j.height:,} creators")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
