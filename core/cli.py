"""The `brandfit` command line. Heavy modules are imported inside commands so small jobs start fast.

Exit codes (docs/cli.md): 0 success; 1 the run completed but failed a check the user asked for
(--strict / --max-rejects exceeded, a fatal scorer error, an unknown handle for explain); 2 usage
error (including an output that is one of the run's own files); 3 bad rule file; 4 unreadable input;
5 plugin problem (e.g. new-plugin target exists); 6 an output cannot be written.
"""

from __future__ import annotations

import json
import sys
from typing import IO, TYPE_CHECKING, Any, NoReturn
from collections.abc import Callable

import click

if TYPE_CHECKING:  # the CLI imports its heavy modules inside commands, so small jobs start fast
    import polars as pl
    import pyarrow as pa

    from brandfit.engine.batch_engine import Engine
    from brandfit.outputs.ranking import RankedResults
    from brandfit.run.pipeline import RunCounts
    from brandfit.run.plan import RunPlan

EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_RULES = 3
EXIT_INPUT = 4
EXIT_PLUGIN = 5
EXIT_OUTPUT = 6


def console() -> None:
    """The `brandfit` console script: :func:`main`, then an exit without the interpreter's teardown
    (brandfit.run.process_exit)."""
    from brandfit.run.process_exit import run_then_exit

    run_then_exit(main)


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"brandfit: error: {message}", err=True)
    if code == EXIT_OUTPUT:
        _drop_stdout()
    sys.exit(code)


def _drop_stdout() -> None:
    """Point stdout at the null device once writing to it failed (full disk, closed pipe), so the
    interpreter's last flush cannot add a traceback after the one-line error."""
    import contextlib
    import os

    # stdout that is not a real file (a test runner's buffer) raises: nothing will flush to a device
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def fail_lines(message: str, code: int) -> NoReturn:
    """Like fail, for errors that come as several lines (every problem of a map file)."""
    say("error", message.splitlines() or [message])
    sys.exit(code)


def say(kind: str, lines: Any) -> None:
    """Each of ``lines`` on standard error as ``brandfit: KIND: line``."""
    for line in lines:
        click.echo(f"brandfit: {kind}: {line}", err=True)


def echo_json(data: Any, file: IO[str] | None = None) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str), file=file)


def load_registry_or_warn(disabled: tuple[str, ...], every_scorer: bool = False) -> Any:
    """The plugin registry, its problems warned about. Scorers registered for lazy loading are
    imported later, by the rules that enable them, unless ``every_scorer`` (commands that list them all)."""
    from brandfit.plugin.host import load_registry

    registry = load_registry(disabled)
    if every_scorer:
        registry = registry.with_all_scorers()
    say("warning", registry.warnings())
    return registry


def load_rules_or_exit(path: str, registry: Any) -> Any:
    from brandfit.rules.errors import RuleFileError
    from brandfit.rules.validation import load_rules

    try:
        rules = load_rules(path, registry)
    except RuleFileError as exc:
        say("error", exc.errors)
        click.echo("brandfit: rule file format: docs/rule-files.md", err=True)
        sys.exit(EXIT_RULES)
    say("warning", rules.warnings)
    return rules


def warn_unmatched_overrides(engine: Any, inputs: str) -> None:
    """One warning per override that matched no creator of the run: a typo in a handle, or a
    creator who left the export, should not pass unnoticed."""
    for override in engine.overrides.unmatched():
        click.echo(f"brandfit: warning: {engine.rules.overrides_file}:{override.line}: override for {override.shown()} "
                   f"({override.action}) matches no creator in {inputs}", err=True)


disable_option = click.option("--disable-plugin", "disabled", multiple=True, metavar="NAME",
                              help="Do not load this plugin (entry-point or distribution name); repeatable. "
                                   "Also: BRANDFIT_DISABLE_PLUGINS=a,b.")
input_format_option = click.option("--input-format", type=click.Choice(["jsonl", "json", "csv", "tsv", "parquet"]),
                                   help="Input format (default: the map file's `format`, else the file extension).")
scorer_timeout_option = click.option(
    "--scorer-timeout", "scorer_seconds", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
    help="Seconds a scorer may take on one batch before its creators get a timeout error "
         "(default 300; 0 = no limit).")
map_option = click.option("--map", "map_path", metavar="FILE",
                          help="Map file (TOML) saying which columns of an export are which fields (docs/map-files.md).")
verdict_option = click.option("--verdict", "verdict_list", metavar="LIST",
                              help="Output only these verdicts, e.g. shortlist,review (ranks stay those among all).")


def verdicts_or_exit(text: str | None) -> tuple[str, ...] | None:
    from brandfit.outputs.selection import VerdictChoiceError, parse_verdicts

    try:
        return parse_verdicts(text)
    except VerdictChoiceError as exc:
        fail(str(exc), EXIT_USAGE)


class _WholeHelpGroup(click.Group):
    """A group whose command list shows each command's whole first sentence, wrapped, where click
    would cut it to the terminal's width ("every number, its...")."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, command.get_short_help_str(limit=1000)) for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_WholeHelpGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brandfit")
def main() -> None:
    """Vet social-media creators for a brand with swappable TOML rule files."""
    _warnings_as_lines()


def _warnings_as_lines() -> None:
    """brandfit's own warnings (brandfit.inputs.map_files.MapWarning) as `brandfit: warning:` lines."""
    import warnings

    from brandfit.inputs.map_files import MapWarning

    shown = warnings.showwarning
    if getattr(shown, "brandfit_lines", False):
        return  # installed already (commands run in process, as tests do)

    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
        if issubclass(category, MapWarning):
            click.echo(f"brandfit: warning: {message}", err=True)
        else:
            shown(message, category, filename, lineno, file, line)

    show.brandfit_lines = True  # type: ignore[attr-defined]
    warnings.showwarning = show
    warnings.simplefilter("always", MapWarning)


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.option("--rules", "rules_path", required=True, metavar="FILE", help="Rule file (TOML).")
@click.option("-o", "--output", metavar="OUT", help="Write results here (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "json", "parquet"]),
              help="Output format (default: table on screen, else from the output extension).")
@input_format_option
@map_option
@click.option("--rejects", "rejects_path", metavar="FILE", help="Write rejected input rows here (JSONL).")
@click.option("--strict", is_flag=True, help="Exit 1 if any input row is rejected.")
@click.option("--max-rejects", type=click.IntRange(min=0), metavar="N", help="Exit 1 if more than N rows are rejected.")
@click.option("--fatal-errors", is_flag=True, help="Stop at the first scorer error instead of containing it.")
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N", help="Table format: show the first N only.")
@verdict_option
@scorer_timeout_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--engine", "engine_kind", type=click.Choice(["local", "dask", "spark"]), default="local", show_default=True,
              help="Where to score: this machine, a Dask cluster or Spark (docs/deploying.md).")
@click.option("--dask-scheduler", metavar="ADDRESS", help="--engine dask: scheduler address (default: a local cluster).")
@click.option("--spark-master", metavar="URL", help="--engine spark: master URL (default: local[*]).")
@disable_option
def score(input_path: str, rules_path: str, output: str | None, fmt: str | None, input_format: str | None,
          rejects_path: str | None, strict: bool, max_rejects: int | None, fatal_errors: bool, top: int | None,
          quiet: bool, disabled: tuple[str, ...], map_path: str | None = None, engine_kind: str = "local",
          dask_scheduler: str | None = None, spark_master: str | None = None,
          verdict_list: str | None = None, scorer_seconds: float | None = None) -> None:
    """Score and rank the creators in INPUT under a rule file."""
    verdicts = verdicts_or_exit(verdict_list)
    from brandfit.outputs.columns import public_results
    from brandfit.outputs.destinations import OutputError
    from brandfit.outputs.writers import format_for, write_results_to

    registry = load_registry_or_warn(disabled)
    rules = load_rules_or_exit(rules_path, registry)
    fmt = format_for(output, fmt)
    if engine_kind != "local":
        unsupported = [flag for flag, value in (("--map", map_path), ("--input-format", input_format),
                                                ("--rejects", rejects_path), ("--fatal-errors", fatal_errors)) if value]
        if rules.brand.platforms or rules.brand.countries:
            unsupported.append("[brand] platforms / countries")
        if unsupported:
            # refuse rather than silently ignore them
            fail(f"--engine {engine_kind} does not support {', '.join(unsupported)} yet; "
                 "score with --engine local, or convert the input to brandfit JSONL or Parquet first", EXIT_USAGE)
    results_out, rejects_out = _open_outputs(output, fmt, rejects_path, input_path, map_path, rules)
    try:
        if engine_kind != "local":
            public, counts = _score_distributed(engine_kind, input_path, rules_path, disabled, dask_scheduler, spark_master)
        else:
            from brandfit.run.plan import RunPlan

            plan = RunPlan(input_path, input_format, map_path, fatal_errors=fatal_errors, quiet=quiet, tune_allocator=True,
                           scorer_seconds=_scorer_seconds(scorer_seconds))
            engine = plan.engine(rules, registry)
            public, counts = _run(plan, engine, rejects_out and rejects_out.stream,
                                  compact=lambda df: public_results(df, engine))
            warn_unmatched_overrides(engine, input_path)
        from brandfit.outputs.selection import select_verdicts

        try:
            write_results_to(select_verdicts(public, verdicts), results_out.stream, fmt, table_rows=top)
        finally:
            if hasattr(public, "close"):
                public.close()
        # the results first: a rejects file never appears beside results that failed to be written
        results_out.commit()
        if rejects_out is not None:
            rejects_out.commit()
    except BaseException as exc:
        for out in (results_out, rejects_out):
            if out is not None:
                out.discard()
        if isinstance(exc, OutputError):
            fail(str(exc), EXIT_OUTPUT)
        raise
    click.echo(counts.summary(), err=True)
    if engine_kind == "local":
        _warn_timeouts(engine)
    limit = 0 if strict else max_rejects
    if limit is not None and counts.rows_rejected > limit:
        where = f"; see {rejects_path}" if rejects_path else "; write them with --rejects FILE"
        fail(f"{counts.rows_rejected} rows rejected (allowed: {limit}){where}", EXIT_CHECK_FAILED)


def _scorer_seconds(given: float | None) -> float | None:
    from brandfit.containment.time_limit import DEFAULT_SCORER_SECONDS

    return DEFAULT_SCORER_SECONDS if given is None else (given or None)


def _warn_timeouts(engine: Any) -> None:
    for name, message in engine.timed_out.items():
        click.echo(f"brandfit: warning: scorer {name!r} {message}; its creators from then on have a scorer error", err=True)


def _open_outputs(output: str | None, fmt: str, rejects_path: str | None, input_path: str, map_path: str | None,
                  rules: Any) -> Any:
    """Refuse outputs that are one of the run's files (exit 2), then open both before scoring (exit 6)."""
    from brandfit.outputs.destinations import NamedPath, OutputError, open_output, refuse_clashes

    outputs = [NamedPath("-o", output or "-")] + ([NamedPath("--rejects", rejects_path)] if rejects_path else [])
    inputs = [NamedPath("input", input_path), *([NamedPath("--map", map_path)] if map_path else []),
              *(NamedPath("--rules", f) for f in rules.chain if not f.startswith("builtin:"))]
    try:
        refuse_clashes(outputs, inputs)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    try:
        results_out = open_output(output, binary=fmt == "parquet", option="-o")
    except OutputError as exc:
        fail(str(exc), EXIT_OUTPUT)
    try:
        rejects_out = open_output(rejects_path, option="--rejects") if rejects_path else None
    except OutputError as exc:
        results_out.discard()
        fail(str(exc), EXIT_OUTPUT)
    return results_out, rejects_out


# the packages `pip install 'brandfit[dask]'` / `[spark]` bring (pyproject.toml)
_EXTRA_PACKAGES = {"dask": {"dask", "distributed", "fsspec", "tornado", "msgpack", "cloudpickle", "toolz"},
                   "spark": {"pyspark", "pandas", "py4j"}}


def _score_distributed(kind: str, input_path: str, rules_path: str, disabled: tuple[str, ...],
                       dask_scheduler: str | None, spark_master: str | None) -> Any:
    """`score --engine dask|spark`: JSONL or Parquet input, scored on the cluster (brandfit.run.distributed)."""
    try:
        if kind == "dask":
            from brandfit.run.distributed import score_with_dask

            return score_with_dask(input_path, rules_path, scheduler=dask_scheduler, disabled=disabled)
        from pyspark.sql import SparkSession

        from brandfit.run.distributed import score_with_spark

        spark = SparkSession.builder.master(spark_master or "local[*]").appName("brandfit").getOrCreate()
        return score_with_spark(spark, input_path, rules_path, disabled=disabled)
    except ImportError as exc:
        package = (exc.name or "").split(".")[0]
        if not package:  # fsspec's own words name what is missing: "Install s3fs to access S3"
            fail(f"--engine {kind}: reading {input_path}: {str(exc).splitlines()[0]}", EXIT_USAGE)
        if package not in _EXTRA_PACKAGES[kind]:
            # not one of the extra's own packages (s3fs for s3:// paths, say): the extra would not help
            fail(f"--engine {kind}: reading {input_path} needs the Python package {package!r}: pip install {package}",
                 EXIT_USAGE)
        fail(f"--engine {kind} needs {package or 'its packages'}: pip install 'brandfit[{kind}]'", EXIT_USAGE)
    except (OSError, TimeoutError) as exc:
        if kind != "dask" or "connect" not in str(exc).lower():
            raise
        where = dask_scheduler or "a local cluster"
        fail(f"--dask-scheduler {where}: cannot reach the Dask scheduler ({str(exc).splitlines()[0][:200]})", EXIT_USAGE)


def _run(plan: RunPlan, engine: Engine, rejects_out: IO[str] | None = None,
         select: Callable[[pa.RecordBatch], pa.RecordBatch] | None = None,
         compact: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> tuple[RankedResults, RunCounts]:
    """``plan.score``, with unreadable input and fatal scorer errors turned into their exit codes."""
    from brandfit.engine.batch_engine import ScorerFailure
    from brandfit.inputs.sources import InputError

    try:
        return plan.score(engine, rejects_out, select=select, compact=compact)
    except InputError as exc:
        fail_lines(str(exc), EXIT_INPUT)
    except ScorerFailure as exc:
        fail(str(exc), EXIT_CHECK_FAILED)


@main.command()
@click.argument("input_path", metavar="DATA")
@click.option("--rules", "rules_path", required=True, metavar="FILE", help="Rule file (TOML).")
@click.option("-o", "--output", required=True, metavar="FILE", help="Write the report here (HTML).")
@input_format_option
@map_option
@verdict_option
@click.option("--rows", "page_rows", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Creators the page holds (the top N in rank order); the charts of scores and brand safety count all.")
@click.option("--evidence", "evidence_rows", type=click.IntRange(min=0), default=500, show_default=True, metavar="N",
              help="The first N creators' cards carry evidence and post excerpts (scored a second time).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@disable_option
def report(input_path: str, rules_path: str, output: str, input_format: str | None, map_path: str | None,
           verdict_list: str | None, page_rows: int, evidence_rows: int, quiet: bool, disabled: tuple[str, ...]) -> None:
    """Write one self-contained HTML report: summary, ranked table, cards, charts, re-weighting.

    DATA is a creator input (scored now) or a results file written by `brandfit score`.
    """
    from importlib.metadata import version

    from brandfit.outputs.columns import public_results
    from brandfit.outputs.destinations import OutputError
    from brandfit.report.build import build_report
    from brandfit.report.page_data import InputSummary, PageLimits
    from brandfit.report.results_file import ResultsFileError, read_results, results_columns, scored_fingerprint
    from brandfit.run.plan import RunPlan

    verdicts = verdicts_or_exit(verdict_list)
    registry = load_registry_or_warn(disabled)
    rules = load_rules_or_exit(rules_path, registry)
    limits = PageLimits(rows=page_rows, evidence=evidence_rows)
    plan = RunPlan(input_path, input_format, map_path, quiet=quiet)
    engine = plan.engine(rules, registry)
    page_out, _ = _open_outputs(output, "html", None, input_path, map_path, rules)
    try:
        columns = None if map_path else results_columns(input_path, input_format)
        if columns is not None:
            frame = read_results(input_path, columns, rules, input_format)
            fingerprint = scored_fingerprint(frame)
            if fingerprint is not None and fingerprint != rules.fingerprint:
                click.echo(f"brandfit: warning: {input_path} was scored under rules fingerprint {fingerprint}, not "
                           f"{rules.fingerprint} ({rules_path}): the report shows its scores, re-weighted with "
                           f"{rules_path}", err=True)
            plugins = str(frame["plugins"][0]) if frame.height and "plugins" in frame.columns else engine.plugins_label
            source = InputSummary(path=input_path, kind="results", scored_fingerprint=
                                  fingerprint if fingerprint not in (None, rules.fingerprint) else None)
            html, data = build_report(rules, plugins, source, [frame], limits, verdicts, None, version("brandfit"))
            summary = f"report of {data['summary']['total']} creators from a results file"
        else:
            public, counts = _run(plan, engine, compact=lambda df: public_results(df, engine))
            warn_unmatched_overrides(engine, input_path)
            source = InputSummary(path=input_path, kind="input", map_path=map_path, rows_read=counts.rows_read,
                                  rows_used=counts.rows_used, rows_rejected=counts.rows_rejected)
            # evidence reads the input a second time: not possible for standard input
            evidence_for = None if input_path == "-" else (
                lambda first: _report_evidence(first, input_path, input_format, map_path, rules, registry))
            try:
                html, data = build_report(rules, engine.plugins_label, source, public.chunks(), limits, verdicts,
                                          evidence_for, version("brandfit"))
            finally:
                public.close()
            summary = counts.summary()
        page_out.stream.write(html)
        page_out.commit()
    except BaseException as exc:
        page_out.discard()
        if isinstance(exc, ResultsFileError):
            fail(str(exc), EXIT_INPUT)
        if isinstance(exc, OutputError):
            fail(str(exc), EXIT_OUTPUT)
        raise
    shown = data["summary"]["shown"]
    click.echo(f"{summary} · {output}: {shown} creators in the page", err=True)


def _report_evidence(first: Any, input_path: str, input_format: str | None, map_path: str | None, rules: Any,
                     registry: Any) -> Any:
    """Evidence and post excerpts for the report's first creators: the input read again, only they scored."""
    from brandfit.report.evidence import EvidenceCapture, evidence_by_row
    from brandfit.run.plan import RunPlan

    keys = list(zip(first["handle"].to_list(), first["platform"].to_list(), strict=True))
    index = {key: i for i, key in reversed(list(enumerate(keys)))}  # a repeated key: its first row
    capture = EvidenceCapture(keys)
    plan = RunPlan(input_path, input_format, map_path, want_evidence=True)
    scored, _ = _collected(plan, plan.engine(rules, registry), select=capture)
    return evidence_by_row(scored, capture, rules, lambda handle, platform: index.get((handle, platform)))


def _collected(plan: RunPlan, engine: Engine, select: Callable[[pa.RecordBatch], pa.RecordBatch] | None = None,
               compact: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> tuple[pl.DataFrame, RunCounts]:
    """The ranked results of a run as one DataFrame (a few selected creators, or public columns), and its counts."""
    ranked, counts = _run(plan, engine, select=select, compact=compact)
    try:
        return ranked.collect(), counts
    finally:
        ranked.close()


@main.command()
@click.argument("input_paths", nargs=-1, required=True, metavar="INPUT...")
@click.option("--rules", "rules_path", required=True, metavar="FILE", help="Rule file (TOML); its [roster] sets the constraints.")
@click.option("--budget", required=True, type=click.FloatRange(min=0, min_open=True), metavar="DOLLARS",
              help="Total to spend on one post from each creator picked.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=120.0, show_default=True,
              metavar="SECONDS", help="Stop the solver here and print the best roster found, with its gap.")
@input_format_option
@click.option("--map", "map_paths", multiple=True, metavar="FILE",
              help="Map file (docs/map-files.md): one for every input, or one per input in the same order.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@disable_option
def roster(input_paths: tuple[str, ...], rules_path: str, budget: float, fmt: str, time_limit: float,
           input_format: str | None, map_paths: tuple[str, ...], quiet: bool, disabled: tuple[str, ...]) -> None:
    """Pick the creators to hire within BUDGET: most fit-weighted expected engagements, under [roster]."""
    from brandfit.roster.display import render_roster, roster_data
    from brandfit.roster.picking import pick_roster

    registry = load_registry_or_warn(disabled)
    rules_ = load_rules_or_exit(rules_path, registry)
    results, counts = _score_inputs(input_paths, map_paths, input_format, rules_, registry, quiet)
    click.echo(counts.summary(), err=True)
    try:
        picked = pick_roster(results, rules_, budget, time_limit=time_limit)
    except ValueError as exc:
        fail(f"{rules_path}: {exc}", EXIT_RULES)
    if fmt == "json":
        echo_json(roster_data(picked))
    else:
        render_roster(picked, sys.stdout)
    if picked.solution.status == "infeasible":
        fail(f"no roster meets the budget and {rules_path}'s [roster] constraints (min_creators, platforms, tiers, "
             "per_country) from these candidates", EXIT_CHECK_FAILED)


def _score_inputs(input_paths: tuple[str, ...], map_paths: tuple[str, ...], input_format: str | None, rules_: Any,
                  registry: Any, quiet: bool) -> Any:
    """Every input scored under one set of rules into one frame of public results, and the counts
    of all of them (for commands that look at creators across several exports)."""
    import polars as pl

    from brandfit.outputs.columns import public_results
    from brandfit.run.pipeline import RunCounts
    from brandfit.run.plan import RunPlan

    if len(map_paths) > 1 and len(map_paths) != len(input_paths):
        fail(f"--map given {len(map_paths)} times for {len(input_paths)} inputs: give one map for all, or one per input",
             EXIT_USAGE)
    maps = map_paths if len(map_paths) > 1 else (map_paths[0] if map_paths else None,) * len(input_paths)
    engine = RunPlan(input_paths[0], input_format, maps[0], quiet=quiet).engine(rules_, registry)
    frames, total = [], RunCounts()
    for path, map_path in zip(input_paths, maps, strict=True):
        results, counts = _collected(RunPlan(path, input_format, map_path, quiet=quiet), engine,
                                     compact=lambda df: public_results(df, engine))
        frames.append(results)
        total.merge(counts)
    warn_unmatched_overrides(engine, ", ".join(input_paths))
    return pl.concat(frames, how="diagonal_relaxed"), total


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.argument("handle")
@click.option("--rules", "rules_path", required=True, metavar="FILE", help="Rule file (TOML).")
@click.option("--platform", help="Which platform's account, when the handle is on several.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@input_format_option
@map_option
@scorer_timeout_option
@disable_option
def explain(input_path: str, handle: str, rules_path: str, platform: str | None, fmt: str,
            input_format: str | None, disabled: tuple[str, ...], map_path: str | None = None,
            scorer_seconds: float | None = None) -> None:
    """Show the full breakdown for one creator: every number, its rule and its evidence."""
    out = sys.stdout  # taken now: a scorer that hangs keeps plugin code's stdout pointed at stderr
    import pyarrow.compute as pc

    from brandfit.outputs.explanation import render_explanation, explanation_data
    from brandfit.run.plan import RunPlan

    registry = load_registry_or_warn(disabled)
    rules = load_rules_or_exit(rules_path, registry)
    plan = RunPlan(input_path, input_format, map_path, want_evidence=True, scorer_seconds=_scorer_seconds(scorer_seconds))
    engine = plan.engine(rules, registry)
    wanted = handle.lstrip("@").lower()

    def only_this_creator(batch: Any) -> Any:
        # filter before scoring: evidence is costly, and only one creator needs it
        mask = pc.equal(pc.utf8_lower(batch.column("handle")), wanted)
        if platform:
            mask = pc.and_(mask, pc.equal(batch.column("platform"), platform.lower()))
        return batch.filter(pc.fill_null(mask, False))

    results, _ = _collected(plan, engine, select=only_this_creator)
    _warn_timeouts(engine)
    if results.height == 0:
        fail(f"no creator {handle!r}{' on ' + platform if platform else ''} in {input_path}", EXIT_CHECK_FAILED)
    for row in results.iter_rows(named=True):
        data = explanation_data(row, engine, rules)
        if fmt == "json":
            echo_json(data, out)
        else:
            render_explanation(data, out)


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.option("--rules", "rules_path", required=True, metavar="FILE", help="Rule file (TOML).")
@click.option("--json", "as_json", is_flag=True, help="Write the report as JSON (a list of terms).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@input_format_option
@map_option
@disable_option
def terms(input_path: str, rules_path: str, as_json: bool, quiet: bool, input_format: str | None,
          disabled: tuple[str, ...], map_path: str | None = None) -> None:
    """Every term of the rules that hits INPUT: texts, creators, languages and three excerpts per
    term, terms that caused vetoes first. Check a word list against your own data before trusting it."""
    from brandfit.run.plan import RunPlan
    from brandfit.run.term_report import hit_rows, render_terms, term_lines

    out = sys.stdout  # taken now: plugin code's stdout is pointed at stderr while it runs
    registry = load_registry_or_warn(disabled)
    rules = load_rules_or_exit(rules_path, registry)
    plan = RunPlan(input_path, input_format, map_path, want_evidence=True, quiet=quiet)
    engine = plan.engine(rules, registry)
    text_scorers = [s.name for s in engine.scorers_in_order if s.text_need() is not None]
    results, _ = _collected(plan, engine)
    _warn_timeouts(engine)
    lines = term_lines(hit_rows(results, text_scorers))
    if as_json:
        import attrs

        echo_json([attrs.asdict(line) for line in lines], out)
    else:
        render_terms(lines, out)


@main.command()
@click.argument("input_path", metavar="INPUT")
@map_option
@input_format_option
@click.option("-n", "rows", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
              help="Sample rows per column and parsed creators to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def inspect(input_path: str, map_path: str | None, input_format: str | None, rows: int, fmt: str) -> None:
    """Show how INPUT's columns are read (header -> field, parser, samples) and its first creators."""
    from brandfit.inputs.sources import InputError
    from brandfit.inputs.inspect import inspect_data, render_inspect

    try:
        data = inspect_data(input_path, map_path, input_format, rows)
    except InputError as exc:
        fail_lines(str(exc), EXIT_INPUT)
    if fmt == "json":
        echo_json(data)
    else:
        render_inspect(data, sys.stdout)


@main.group(cls=_WholeHelpGroup)
def rules() -> None:
    """Check and show rule files."""


@rules.command("check")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@disable_option
def rules_check(files: tuple[str, ...], disabled: tuple[str, ...]) -> None:
    """Validate rule files; one line per problem, exit 3 if any file is bad."""
    from brandfit.rules.errors import RuleFileError
    from brandfit.rules.validation import load_rules

    registry = load_registry_or_warn(disabled)
    bad = 0
    for path in files:
        try:
            rules_ = load_rules(path, registry)
        except RuleFileError as exc:
            bad += 1
            say("error", exc.errors)
            continue
        say("warning", rules_.warnings)
        click.echo(f"{path}: ok ({len(rules_.scorers)} scorers, fingerprint {rules_.fingerprint})")
    if bad:
        click.echo("brandfit: rule file format: docs/rule-files.md", err=True)
        sys.exit(EXIT_RULES)


@rules.command("diff")
@click.argument("rules_a", metavar="A.toml")
@click.argument("rules_b", metavar="B.toml")
@click.argument("input_paths", nargs=-1, required=True, metavar="DATA...")
@click.option("--map", "map_paths", multiple=True, metavar="FILE",
              help="Map file (docs/map-files.md): one for every input, or one per input in the same order.")
@input_format_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N", help="Biggest movers shown.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@disable_option
def rules_diff(rules_a: str, rules_b: str, input_paths: tuple[str, ...], map_paths: tuple[str, ...],
               input_format: str | None, top: int, quiet: bool, disabled: tuple[str, ...]) -> None:
    """What changes from rule file A to B on real data: rank correlation, shortlist, movers, values."""
    from brandfit.diff.changes import changed_values
    from brandfit.diff.display import render_diff
    from brandfit.diff.movement import compare_rankings

    registry = load_registry_or_warn(disabled)
    a, b = load_rules_or_exit(rules_a, registry), load_rules_or_exit(rules_b, registry)
    before, counts = _score_inputs(input_paths, map_paths, input_format, a, registry, quiet)
    after, _ = _score_inputs(input_paths, map_paths, input_format, b, registry, quiet)
    click.echo(counts.summary(), err=True)
    render_diff(rules_a, rules_b, compare_rankings(before, after, a, b, top=top), changed_values(a, b), sys.stdout)


@rules.command("show")
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True)
@disable_option
def rules_show(file: str, fmt: str, disabled: tuple[str, ...]) -> None:
    """Print the effective rules after `extends`, each value with the file and line it came from."""
    from brandfit.rules.display import effective_json, effective_toml

    registry = load_registry_or_warn(disabled)
    rules_ = load_rules_or_exit(file, registry)
    click.echo(effective_toml(rules_) if fmt == "toml" else effective_json(rules_))


@rules.command("schema")
@disable_option
def rules_schema(disabled: tuple[str, ...]) -> None:
    """Print a JSON Schema of rule files (with every installed scorer's options) for editors."""
    from brandfit.rules.schema import rules_json_schema

    registry = load_registry_or_warn(disabled, every_scorer=True)
    click.echo(json.dumps(rules_json_schema(registry), indent=2))


@main.command()
@click.argument("input_path", metavar="DATA")
@map_option
@input_format_option
@click.option("--rules", "rules_path", default="default", show_default=True, metavar="FILE",
              help="Rule file whose engagement options (and curves) to measure with and compare against.")
@click.option("-o", "--output", metavar="FILE", help="Write the TOML fragment here (default: after the table).")
@click.option("--bands", metavar="F1,F2,...", help="Follower band edges (default: 1000,4000,10000,100000,1000000,10000000).")
@click.option("--min-creators", type=click.IntRange(min=1), default=20, show_default=True, metavar="N",
              help="Creators a band needs to become an anchor of the curve.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@disable_option
def calibrate(input_path: str, map_path: str | None, input_format: str | None, rules_path: str, output: str | None,
              bands: str | None, min_creators: int, quiet: bool, disabled: tuple[str, ...]) -> None:
    """Engagement medians and quantiles per platform and follower band of DATA, next to the rule
    file's benchmark curves, and a TOML fragment of curves grounded in DATA."""
    from brandfit.benchmarks.calibration import (COLUMNS, DEFAULT_EDGES, CalibrationError, calibrate as summarize,
                                                 engagement_only, render_table, toml_fragment)
    from brandfit.run.plan import build_engine

    edges = DEFAULT_EDGES
    if bands:
        try:
            edges = tuple(float(x) for x in bands.split(","))
        except ValueError:
            fail(f"--bands: expected increasing follower counts separated by commas, got {bands!r}", EXIT_USAGE)
        if any(not 0 < a < b for a, b in zip((0.0, *edges), edges, strict=False)):
            fail(f"--bands: expected increasing follower counts above 0, got {bands!r}", EXIT_USAGE)
    registry = load_registry_or_warn(disabled)
    rules = load_rules_or_exit(rules_path, registry)
    pending = None
    if output:  # opened before the data is read: a path that cannot be written fails at once
        from brandfit.outputs.destinations import OutputError, open_output

        try:
            pending = open_output(output)
        except OutputError as exc:
            fail(str(exc), EXIT_USAGE)
    try:
        engine = build_engine(engagement_only(rules), registry)
        frame, counts = _engagement_rates(input_path, input_format, map_path, engine, COLUMNS, quiet)
        calibration = summarize(frame, rules, input_path, edges, min_creators)
    except (CalibrationError, SystemExit, Exception) as exc:  # nothing half-written is left behind
        if pending is not None:
            pending.discard()
        if isinstance(exc, CalibrationError):
            fail(str(exc), EXIT_INPUT)
        raise
    render_table(calibration, sys.stdout.write)
    fragment = toml_fragment(calibration)
    if pending is not None:
        pending.stream.write(fragment)
        pending.commit()
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write("\n" + fragment)
    click.echo(counts.summary(), err=True)


def _engagement_rates(input_path: str, input_format: str | None, map_path: str | None, engine: Any,
                      columns: tuple[str, ...], quiet: bool) -> Any:
    """Every creator's ``columns`` of ``engine``'s results, in input order (no ranking needed)."""
    import polars as pl

    from brandfit.inputs.sources import InputError, read_input
    from brandfit.run.pipeline import RunCounts
    from brandfit.run.progress import progress_reporter

    counts, frames = RunCounts(), []
    try:
        with progress_reporter(input_path, quiet) as on_batch:
            for read in read_input(input_path, input_format, map_path):
                counts.add_read(read, None)
                if read.batch.num_rows:
                    frames.append(engine.score_batch(read.batch).select(columns))
                    counts.creators_scored += read.batch.num_rows
                if on_batch is not None:
                    on_batch(counts)
    except InputError as exc:
        fail_lines(str(exc), EXIT_INPUT)
    frame = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame(
        schema={"platform": pl.String, "followers": pl.Float64, "engagement_rate": pl.Float64,
                "engagement_basis": pl.String, "missing_engagement": pl.String})
    return frame, counts


@main.command()
@disable_option
def scorers(disabled: tuple[str, ...]) -> None:
    """List every installed scorer with its options, defaults and documentation."""
    from brandfit.containment.stdout_guard import plugin_code
    from brandfit.rules.option_listing import option_lines
    from brandfit.rules.schema import attrs_schema

    registry = load_registry_or_warn(disabled, every_scorer=True)
    for name in sorted(registry.scorers):
        cls = registry.scorers[name]
        owner = registry.owners[name]
        click.echo(f"{name}  ({owner.distribution or owner.name} {owner.version or ''})".rstrip())
        click.echo(f"    {cls.description}")
        click.echo("    weight: number >= 0 (default 1)   enabled: boolean (default true)   "
                   "prior: number from 0 to 100 (default 0; the score without data)")
        with plugin_code():  # default factories are plugin code
            schema = attrs_schema(cls.Options)
        for line in option_lines(schema):
            click.echo(f"    {line}")
        click.echo("")


@main.command("new-plugin")
@click.argument("name")
@click.option("--dir", "parent", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Create the package folder brandfit-NAME inside this folder.")
def new_plugin(name: str, parent: str) -> None:
    """Generate a scorer plugin package that installs, passes its tests and shows up in `brandfit plugins`."""
    from pathlib import Path

    from brandfit.plugin.template import TemplateError, new_plugin as make

    try:
        target = make(name, Path(parent))
    except TemplateError as exc:
        fail(str(exc), EXIT_PLUGIN)
    click.echo(f"created {target}\nnext:\n  cd {target}\n  pip install -e '.[test]'\n  python -P -m pytest\n"
               f"  brandfit plugins\nthen add [scorers.{name}] to a rule file (docs/plugins/tutorial.md)")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@disable_option
def plugins(fmt: str, disabled: tuple[str, ...]) -> None:
    """List plugins: name, distribution, version, status (ok, failed, disabled), eager or lazy, load time, scorers."""
    from brandfit.plugin.host import load_registry

    registry = load_registry(disabled).with_all_scorers()  # every plugin imported, so each status is known
    if fmt == "json":
        import attrs

        click.echo(json.dumps([attrs.asdict(p) for p in registry.plugins], indent=1))
        return
    click.echo(f"{'plugin':<16} {'distribution':<22} {'version':<10} {'status':<9} {'loading':<8} {'load s':>6}  scorers / error")
    for p in registry.plugins:
        detail = p.error if p.status == "failed" else ", ".join(p.scorers)
        took = "-" if p.load_seconds is None else f"{p.load_seconds:.2f}"
        click.echo(f"{p.name:<16} {p.distribution or '-':<22} {p.version or '-':<10} {p.status:<9} {p.loading:<8} {took:>6}  {detail}")
    for name, owners in registry.conflicts.items():
        click.echo(f"conflict: scorer {name!r} is registered by {', '.join(owners)}")
