"""The command line: a thin shell over ``qualcheck.check`` and the report writers.

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above --fail-on,
2 a usage or input error (one line on stderr; --debug shows the traceback).
"""
from __future__ import annotations

import errno
import os
import re
import sys
import time
import traceback
from enum import Enum
from importlib.resources import files
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from typer.core import TyperCommand

from . import pipeline
from .batch import output_paths, pairs_from_dirs, read_manifest, run_batch
from .cap import left_out_line
from .cli_cache import cache_app
from .embed import Encoder
from .errors import ModelNotFound, QualcheckError
from .load import load_file
from .models import MODELS_FILE, SPACY_MODEL, built_status, engine_of, fallback_note, read_models, resolve, spacy_status
from .outputs import fit_name, prepare_dir, refuse_overwrite, remove_empty
from .workflow.policy import accept as do_accept
from .workflow.policy import load_config
from .progress import StageLines, wanted
from .readers import split_from
from .report import FORMATS, WRITERS, existing_reports, write_reports
from .settings import Settings, build_settings
from .terminal import shown
from .version import __version__

_DEFAULTS = Settings()  # the defaults the options' help shows (one place: settings.Settings, its AlignSettings)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_REPORTS = Path("reports")
STDOUT = "-"  # --out -: the one report on standard output
ALL_FORMATS = ("md", "html", "csv", "json")

app = typer.Typer(
    name="qualcheck",
    help=(
        "Check a translated news story against its reference: clean both, split them into sentences, "
        "align them with sentence embeddings, and flag meaning mismatches, omissions, additions, mangled "
        "names and broken fragments. Reports go under reports/ (HTML, Markdown, CSV, JSON).\n\n"
        "Exit codes: 0 clean (nothing at or above --fail-on), 1 findings at or above --fail-on, "
        "2 usage or input error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _Command(TyperCommand):
    """A command whose usage line names its arguments plainly: ``qualcheck check [OPTIONS] REFERENCE
    CANDIDATE`` (typer writes ``{reference} {candidate}``)."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [re.sub(r"\{(.+?)\}", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]


def _usage_message(message: str) -> str:
    """A usage error in plain words: no ``Value error,`` (pydantic's prefix), no ``list[str]``."""
    message = re.sub(r"\bValue error, ", "", message)
    message = re.sub(r"<?list\[(\w+)\]>?", lambda m: {"str": "text", "int": "integer", "float": "number"}.get(m.group(1), m.group(1)), message)
    return message


class FailOn(str, Enum):
    never = "never"
    major = "major"
    minor = "minor"


def _err(msg: str) -> None:
    msg = " ".join(shown(msg).split())  # always one line, control characters of paths escaped
    typer.echo(f"qualcheck: error: {msg}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qualcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    pass


FORMAT_NAMES = {"markdown": "md"}  # a format's full name, as users type it


def _formats(value: str) -> list[str]:
    fmts = [FORMAT_NAMES.get(f, f) for f in (f.strip().lower() for f in value.split(",")) if f]
    if "all" in fmts:
        return list(FORMATS)
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise typer.BadParameter(f"unknown format {', '.join(bad) or value!r}; choose from {', '.join(FORMATS)} (comma separated)")
    return fmts


def _run_dir(reference: Path, candidate: Path, out: Optional[Path]) -> Path:
    """``--out`` as given; else reports/<reference>--<candidate>, never overwriting an earlier run."""
    if out is not None:
        return out
    stems = ["stdin" if str(p) == "-" else p.stem for p in (reference, candidate)]
    slug = fit_name(re.sub(r"[^\w.-]+", "_", "--".join(stems)))  # fits NAME_MAX whatever the input names
    path = DEFAULT_REPORTS / slug
    k = 2
    while path.exists():
        path = DEFAULT_REPORTS / f"{slug}-{k}"
        k += 1
    return path


def _summary(report, paths: dict, elapsed: float, fail_on: str) -> str:
    s = report.summary
    lines = [
        f"reference: {shown(report.reference.name)}: {s['reference_sentences']} sentences, "
        f"{s['removed']['reference']} debris spans removed",
        f"candidate: {shown(report.candidate.name)}: {s['candidate_sentences']} sentences, "
        f"{s['removed']['candidate']} debris spans removed",
        f"aligned:   {s['aligned_groups']} groups ({s['reference_aligned']} reference / {s['candidate_aligned']} candidate "
        f"sentences; {s['moved']} moved)",
        f"verdict:   {s['verdict']['text']}",
        f"findings:  {s['findings']} ({', '.join(f'{n} {k}' for k, n in s['by_severity'].items())}), score {s['score']}/100",
    ]
    width = max([32, *(len(cat) + 1 for cat in s["by_category"])])  # long category names keep the column
    for cat, n in s["by_category"].items():
        lines.append(f"  {cat:<{width}} {n:>4}")

    left = left_out_line(report)
    if left:
        lines.append(f"not listed: {left}")
    accepted = len(report.hidden) + sum(1 for f in report.findings if f.accepted)
    if accepted:
        how = "shown greyed" if not report.hidden else "hidden"
        lines.append(f"accepted:  {accepted} finding(s) in the baseline, {how}")
    if paths:
        lines.append(f"report:    {shown(Path(next(iter(paths.values()))).parent)}/ ({', '.join(p.name for p in paths.values())})")
    verdict = "fails" if report.fails(fail_on) else "passes"
    lines.append(f"time:      {elapsed:.1f} s; {verdict} --fail-on {fail_on}")
    return "\n".join(lines)


def _check(reference: Path, candidate: Path, out, fmt, model, min_similarity, fail_on, quiet, debug, max_chars,
           max_group=None, no_margin=False, workflow: Optional[dict] = None,
           align_opts: Optional[dict] = None, languages: Optional[dict] = None,
           input_format: Optional[str] = None, subtitle_opts: Optional[dict] = None,
           max_findings: Optional[int] = None, progress: Optional[bool] = None) -> None:
    t0 = time.perf_counter()
    created: list = []  # output folders made for this run: removed again if it fails

    lines = StageLines() if wanted(quiet, progress) else None
    try:
        if str(reference) == "-" and str(candidate) == "-":
            raise QualcheckError("- (standard input) can stand for the reference or the candidate, not both")
        to_stdout = out is not None and str(out) == STDOUT  # one report on standard output, for a pipe
        if to_stdout and len(fmt) != 1:
            raise QualcheckError(f"--out - writes one report to standard output; choose one --format "
                                 f"({', '.join(FORMATS)}), not {','.join(fmt)}")
        run_dir = _run_dir(reference, candidate, out)

        workflow = workflow or {}
        cfg = load_config(workflow.get("config"))
        # before any work: no report file (or the folder) may be an input (the texts, the config and the files it names)
        named = [*workflow.values(), *(cfg.options.get(k) for k in ("glossary", "rules", "baseline"))]
        if not to_stdout:
            refuse_overwrite([run_dir, *(run_dir / WRITERS[f][1] for f in fmt)],
                             [reference, candidate, *(Path(v) for v in named if isinstance(v, (str, Path)))])
        st = build_settings(**workflow, model=model, min_similarity=min_similarity,
                            fail_on=fail_on.value if fail_on else None, max_chars=max_chars,
                            max_group=max_group, no_margin=no_margin)
        fail_on = FailOn(st.fail_on)
        if max_findings is not None:
            st.max_findings = max_findings
        st = st.with_options(**{k: v for k, v in {**(align_opts or {}), **(subtitle_opts or {})}.items() if v is not None},
                             input_format=input_format)

        ref_fmt, cand_fmt = split_from(input_format)
        ref = load_file(reference, max_chars=st.max_chars, fmt=ref_fmt)
        cand = load_file(candidate, max_chars=st.max_chars, fmt=cand_fmt)
        created = [] if to_stdout else prepare_dir(run_dir)  # an unwritable output fails now, not after the check

        resolve(st.model)  # a missing model fails here, before any work

        if lines is not None:
            report = pipeline.check(ref, cand, settings=st, on_start=lines.on_start, progress=lines.progress,
                           on_stage=lines.on_stage)
        else:
            report = pipeline.check(ref, cand, settings=st)
        langs = {k: v for k, v in (languages or {}).items() if v}
        if langs:  # language tags the reports use (TMX xml:lang) instead of guessing from the script
            report.metadata["languages"] = langs

        replaced = [] if to_stdout else existing_reports(run_dir, fmt)  # only with --out: never silently
        if replaced and not quiet:
            typer.echo(f"qualcheck: note: replacing the earlier {', '.join(replaced)} in {shown(run_dir)}/", err=True)
        if lines is not None:
            lines.on_start("writing reports")
        t_rep = time.perf_counter()
        if to_stdout:
            text = WRITERS[fmt[0]][0](report)  # rendered whole before a byte is written
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
            paths = {}
        else:
            paths = write_reports(report, run_dir, fmt)
        if lines is not None:
            lines.on_stage("reports", time.perf_counter() - t_rep)
            lines.finish()
    except KeyboardInterrupt:
        remove_empty(created)
        _err("interrupted")
        raise typer.Exit(EXIT_ERROR)
    except Exception as exc:  # noqa: BLE001 - one line for the user, traceback with --debug
        remove_empty(created)
        if debug:
            traceback.print_exc()
        _err(_error_line(exc))
        raise typer.Exit(EXIT_ERROR)
    if not quiet:
        for warning in report.metadata.get("warnings", []):
            typer.echo(f"qualcheck: warning: {shown(warning)}", err=True)
        # with --out - standard output holds the report alone: the summary goes to standard error
        typer.echo(_summary(report, paths, time.perf_counter() - t0, fail_on.value), err=to_stdout)
    _CHECKED.append(True)  # a whole check ran and its reports are written: run() may skip the interpreter's teardown
    raise typer.Exit(EXIT_FINDINGS if report.fails(fail_on.value) else EXIT_OK)


FORMAT_HELP = "Report formats, comma separated: md, html, csv, json, sarif, tmx (or all)."


@app.command(cls=_Command)
def check(
    reference: Path = typer.Argument(..., metavar="REFERENCE", help="The clean reference: text, Markdown, HTML, DOCX, PDF, SRT or WebVTT; - for standard input.", show_default=False),
    candidate: Path = typer.Argument(..., metavar="CANDIDATE", help="The translation to check (any of the same formats), or - for standard input.", show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Report folder, or - to write the one --format to standard output. Default: reports/<reference>--<candidate>, a new folder per run."),
    fmt: str = typer.Option("md,html,csv,json", "--format", "-f", help=FORMAT_HELP),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Embedding model from `qualcheck models` (default: the first) or a local model folder."),
    min_similarity: Optional[float] = typer.Option(None, "--min-similarity", min=-1.0, max=1.0, help=f"A cosine floor: an aligned pair with a lower cosine similarity is a `mismatch` finding, whatever its meaning score says. [default: {_DEFAULTS.min_similarity or 'none: the fitted pair score decides'}]", show_default=False),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help=f"Exit 1 when a finding of this severity or worse is found (never: always exit 0). [default: {_DEFAULTS.fail_on}]", show_default=False),
    max_group: Optional[int] = typer.Option(None, "--max-group", min=2, max=8, help=f"Largest bead x+y of the aligner (3: 1-1, 1-2, 2-1; 4 adds 1-3, 2-2, 3-1). [default: {_DEFAULTS.align.max_group}]", show_default=False),
    no_margin: bool = typer.Option(False, "--no-margin", help="Score beads by raw cosine instead of the margin against neighbours."),
    skip_percentile: Optional[float] = typer.Option(None, "--skip-percentile", min=0.0, max=100.0, help=f"Aligner skip cost: the percentile of the document's own null margins (each sentence's second-best match) a pair must beat; higher leaves more sentences unaligned. [default: {_DEFAULTS.align.skip_percentile:g}]", show_default=False),
    window: Optional[int] = typer.Option(None, "--window", min=1, help=f"Aligner corridor half-width in sentences around the coarse path, for long inputs. [default: {_DEFAULTS.align.window}]", show_default=False),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", help=f"Refuse inputs longer than this many characters. Default: max_chars in qualcheck.toml, else {_DEFAULTS.max_chars:,}."),
    max_findings: Optional[int] = typer.Option(None, "--max-findings", min=1, show_default=False, help=f"List at most this many findings per report, the most severe first; the rest are counted by category in every report. [default: {_DEFAULTS.max_findings}]"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors; use the exit code."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="One line per stage on stderr (its name and seconds) and a total. [default: on a terminal only]", show_default=False),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings and severity policy (TOML). Default: ./qualcheck.toml if present."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="CSV/TSV of 'reference term, required form[, note]', or one do-not-translate name per line."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="House rules file (TOML or YAML): forbidden and required words or patterns."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Accepted findings (written by `qualcheck accept`): hidden from the report and the exit code."),
    show_accepted: bool = typer.Option(False, "--show-accepted", help="Show accepted findings (greyed) instead of hiding them."),
    ref_lang: Optional[str] = typer.Option(None, "--ref-lang", help="Language tag of the reference (e.g. en-GB) for the TMX file. [default: guessed from the script]"),
    cand_lang: Optional[str] = typer.Option(None, "--cand-lang", help="Language tag of the candidate (e.g. en-US) for the TMX file. [default: guessed from the script]"),
    input_format: Optional[str] = typer.Option(None, "--from", help="Read both files as this format (text, markdown, html, docx, pdf, srt, vtt), or REF,CAND for each. [default: from the extension, confirmed from the content]"),
    max_cps: Optional[float] = typer.Option(None, "--max-cps", min=1.0, help="Subtitle candidates: a cue asking for more characters a second than this is a minor finding. [default: 17]"),
    max_line: Optional[int] = typer.Option(None, "--max-line", min=1, help="Subtitle candidates: a cue line longer than this many characters is a minor finding. [default: 42]"),
) -> None:
    """Check CANDIDATE against REFERENCE and write a report set.

    Exit codes: 0 clean (nothing at or above --fail-on), 1 findings at or above --fail-on,
    2 usage or input error (one line on stderr).
    """
    _check(reference, candidate, out, _formats(fmt), model, min_similarity, fail_on, quiet, debug, max_chars,
           max_group, no_margin,
           workflow=dict(config=config, glossary=glossary, rules=rules, baseline=baseline, show_accepted=show_accepted),
           align_opts=dict(skip_percentile=skip_percentile, window=window),
           languages=dict(reference=ref_lang, candidate=cand_lang), input_format=input_format,
           subtitle_opts=dict(subtitle_max_cps=max_cps, subtitle_max_line=max_line),
           max_findings=max_findings, progress=progress)


def _shortest(path: Path) -> Path:
    """The path relative to the working folder when it lies inside it (reports then name no home folders)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@app.command()
def demo(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Report folder. Default: reports/demo, a new folder per run."),
    fmt: str = typer.Option("md,html,csv,json", "--format", "-f", help=FORMAT_HELP),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Embedding model (see `qualcheck models`)."),
    fail_on: FailOn = typer.Option(FailOn.never, "--fail-on", help="Exit 1 when a finding of this severity or worse is found."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
) -> None:
    """Run the bundled example: a scraped English report and a garbled machine translation of the same event."""
    data = files("qualcheck") / "data"
    ref = _shortest(Path(str(data / "reference_colorado_politics.txt")))
    cand = _shortest(Path(str(data / "candidate_machine_translated.txt")))
    if out is None:
        out = DEFAULT_REPORTS / "demo"
        k = 2
        while out.exists():
            out = DEFAULT_REPORTS / f"demo-{k}"
            k += 1
    _check(ref, cand, out, _formats(fmt), model, None, fail_on, quiet, debug, 5_000_000)


@app.command(cls=_Command)
def accept(
    report: Path = typer.Argument(..., metavar="REPORT", help="A JSON report of `qualcheck check` (report.json).", show_default=False),
    ids: Optional[list[str]] = typer.Argument(None, metavar="ID", help="Ids of the findings to accept (see the report).", show_default=False),
    category: Optional[list[str]] = typer.Option(None, "--category", "-c", metavar="CATEGORY", help="Accept every finding of this category (or prefix, e.g. `name`). Repeatable."),
    baseline: Path = typer.Option(Path("accepted.json"), "--baseline", "-b", help="The baseline file to create or update."),
    by: Optional[str] = typer.Option(None, "--by", help="Who accepts them. Default: $QUALCHECK_USER or the login name."),
    why: str = typer.Option("", "--why", help="Why they are not problems (kept in the file)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Accept findings as false alarms: later runs with --baseline FILE hide them."""
    try:
        added, total = do_accept(report, list(ids or []), list(category or []), baseline, by=by, why=why)
    except QualcheckError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_ERROR)
    if not quiet:
        typer.echo(f"accepted {added} new finding(s); {shown(baseline)} holds {total}")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


def _batch_progress(quiet: bool, total: int):
    """A progress bar with ETA on stderr (a terminal), a line per ~5% otherwise; nothing with --quiet."""
    if quiet or total == 0:
        return None, None

    console = Console(stderr=True)
    if console.is_terminal:
        bar = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("pairs"),
                       TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True)
        task = bar.add_task("batch", total=total)

        def update(done: int, total_: int, row) -> None:
            bar.update(task, completed=done)

        return bar, update
    t0, step, last = time.perf_counter(), max(1, total // 20), [0]

    def log(done: int, total_: int, row) -> None:
        if done - last[0] >= step or done == total_:
            last[0] = done
            el = time.perf_counter() - t0
            eta = el / done * (total_ - done) if done else 0.0
            typer.echo(f"qualcheck batch: {done}/{total_} pairs, {el:.0f} s elapsed, ETA {eta:.0f} s", err=True)

    return None, log


@app.command(cls=_Command)
def batch(
    manifest: Optional[Path] = typer.Argument(None, help="CSV or JSONL of pairs: id, reference, candidate[, options]. Relative paths are relative to the manifest.", show_default=False),
    ref_dir: Optional[Path] = typer.Option(None, "--ref-dir", help="Folder of references, matched to --cand-dir by file name (instead of a manifest)."),
    cand_dir: Optional[Path] = typer.Option(None, "--cand-dir", help="Folder of candidates, matched to --ref-dir by file name."),
    out: Path = typer.Option(DEFAULT_REPORTS / "batch", "--out", "-o", help="Output folder: summary.csv, summary.html, reports/<id>/, state.jsonl. A rerun into the same folder resumes."),
    fmt: str = typer.Option("html,json", "--format", "-f", help=FORMAT_HELP + " Per pair."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Embedding model from `qualcheck models` (default: the first) or a local model folder."),
    min_similarity: Optional[float] = typer.Option(None, "--min-similarity", min=-1.0, max=1.0, help="A cosine floor: an aligned pair with a lower cosine similarity is a `mismatch` finding, whatever its meaning score says. [default: none: the fitted pair score decides]"),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when a pair has a finding of this severity or worse, or could not be checked. [default: major]"),
    max_group: Optional[int] = typer.Option(None, "--max-group", min=2, max=8, help="Largest bead x+y of the aligner (3: 1-1, 1-2, 2-1; 4 adds 1-3, 2-2, 3-1). [default: 4]"),
    no_margin: bool = typer.Option(False, "--no-margin", help="Score beads by raw cosine instead of the margin against neighbours."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", help=f"Refuse inputs longer than this many characters (an error row). Default: max_chars in qualcheck.toml, else {_DEFAULTS.max_chars:,}."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: worker processes on this machine; ray: Ray actors (pip install \"qualcheck[ray]\")."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", min=1, help="Worker processes or Ray actors, each with its own model. [default: the cores here; 2 on a local Ray]"),
    address: Optional[str] = typer.Option(None, "--address", help="With --engine ray: an existing Ray cluster (e.g. ray://head:10001 or auto). Default: start a private local Ray."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Embedding cache (sqlite, keyed by model and sentence). [default: $QUALCHECK_CACHE or ~/.cache/qualcheck]"),
    cache_max_mb: Optional[int] = typer.Option(None, "--cache-max-mb", min=0, help="Size bound of the cache in MB; the least recently used entries go first (0: none). [default: 2048]"),
    chunk_size: int = typer.Option(16, "--chunk-size", min=1, help="Pairs a worker checks together (their sentences are embedded in one batch)."),
    restart: bool = typer.Option(False, "--restart", help="Forget the state file and check every pair again."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary: only error rows and errors (stderr)."),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings and severity policy (TOML). Default: ./qualcheck.toml if present."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary applied to every pair (see `check --help`)."),
    rules: Optional[Path] = typer.Option(None, "--rules", help="House rules applied to every pair (see `check --help`)."),
) -> None:
    """Check many story pairs: a manifest or two folders; resumable, on every core or on Ray; a summary worst first."""
    t0 = time.perf_counter()
    try:
        if (manifest is None) == (ref_dir is None and cand_dir is None):
            raise typer.BadParameter("give a MANIFEST or --ref-dir and --cand-dir (not both)")
        if manifest is None and (ref_dir is None or cand_dir is None):
            raise typer.BadParameter("--ref-dir and --cand-dir go together")
        if address and engine != Engine.ray:
            raise typer.BadParameter("--address needs --engine ray")
        formats = _formats(fmt)
    except typer.BadParameter as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_ERROR)
    bar = None
    try:


        st = build_settings(config, model=model, min_similarity=min_similarity,
                            fail_on=fail_on.value if fail_on else None, glossary=glossary, rules=rules,
                            max_chars=max_chars, max_group=max_group, no_margin=no_margin)
        st.accepted = {}  # a batch reports every finding (no baseline is applied to it)
        if cache_max_mb is not None:
            st.cache_max_mb = cache_max_mb
        pairs = read_manifest(manifest) if manifest is not None else pairs_from_dirs(ref_dir, cand_dir)
        # before any work: no output over an input; an unwritable --out fails now
        refuse_overwrite(output_paths(out, pairs, formats),
                         [manifest, config, glossary, rules, *(p.reference for p in pairs), *(p.candidate for p in pairs)])
        prepare_dir(out)
        bar, update = _batch_progress(quiet, len(pairs))
        if bar is not None:
            bar.start()
        result = run_batch(pairs, out, settings=st, formats=formats, engine=engine.value, workers=workers,
                           cache_dir=cache_dir, address=address, chunk_size=chunk_size, resume=not restart,
                           progress=update)
    except KeyboardInterrupt:
        if bar is not None:
            bar.stop()
        _err(f"interrupted; finished pairs are kept: run the same command again to check the rest ({shown(out)})")
        raise typer.Exit(EXIT_ERROR)
    except Exception as exc:  # noqa: BLE001 - one line for the user, traceback with --debug
        if bar is not None:
            bar.stop()
        if debug:
            raise

        if isinstance(exc, QualcheckError):
            _err(str(exc))
        elif isinstance(exc, OSError):
            _err(_error_line(exc))
        else:
            _err(f"{type(exc).__name__}: {exc} (run again with --debug for the traceback)")
        raise typer.Exit(EXIT_ERROR)
    if bar is not None:
        bar.stop()
    for row in result.error_rows:
        typer.echo(f"qualcheck: error row: {shown(row.id)}: {shown(row.error)}", err=True)
    if not quiet:
        el = time.perf_counter() - t0
        n = len(result.rows)
        failing = result.failing
        lines = [
            f"pairs:     {n} ({result.checked} checked, {result.resumed} already done, {result.errors} errors)",
            f"fail:      {len(failing)} pairs have findings at or above their --fail-on",
        ]
        for row in failing[:5]:
            lines.append(f"  {shown(row.id):<40} score {row.score:>5}  {row.major} major, {row.minor} minor")
        lines += [
            f"summary:   {result.summary_html}  {result.summary_csv}",
            f"engine:    {result.engine}, {result.workers} workers; {result.encoded} texts run through the model "
            f"(the rest from the embedding cache)",
            f"time:      {el:.1f} s ({result.checked / el:.2f} pairs/s, {result.sentences / el:.1f} sentences/s)",
        ]
        typer.echo("\n".join(lines))
    raise typer.Exit(result.exit_code)


@app.command()
def serve(
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. Anything but loopback needs the token printed at start."),
    data: Path = typer.Option(Path("qualcheck-desk"), "--data", help="Folder for the history (desk.sqlite) and the reports."),
    config: Optional[Path] = typer.Option(None, "--config", help="Settings file (default: qualcheck.toml in the working directory)."),
    max_upload: int = typer.Option(20 * 1024 * 1024, "--max-upload", help="Largest request accepted, in bytes."),
) -> None:
    """The review desk: a page on this machine to paste or drop two versions of a story, review the findings and keep the history."""
    try:
        import uvicorn

        from .desk.app import create_app, is_loopback, new_token  # Starlette: the serve extra
    except ImportError as exc:
        _err(f"the desk needs its extra: pip install \"qualcheck[serve]\" ({exc.name} is missing)")
        raise typer.Exit(EXIT_ERROR)
    token = None if is_loopback(host) else new_token()
    try:
        desk_app = create_app(data, config=str(config) if config else None, token=token, max_upload=max_upload)
    except Exception as exc:  # noqa: BLE001 - one line, exit 2
        _err(_error_line(exc))
        raise typer.Exit(EXIT_ERROR)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    typer.echo(f"qualcheck desk: {url}  (history in {data}/desk.sqlite; Ctrl-C stops it)")
    uvicorn.run(desk_app, host=host, port=port, log_level="warning")


@app.command()
def models(
    build: bool = typer.Option(False, "--build", help="Build the default model's ONNX export now (once per machine; needs torch) instead of on the first check."),
) -> None:
    """List the embedding models qualcheck knows (models.txt), which is the default, the engine that runs it and where each is installed."""
    specs = read_models()
    if build:
        enc = Encoder()
        if enc.needs_build:
            typer.echo(f"building the ONNX export of {enc.spec.locator.partition(':')[2]} (once, ~15 s)...", err=True)
        enc.load()
        if enc.note:
            typer.echo(f"qualcheck: note: {enc.note}", err=True)
        typer.echo(f"built: {enc.onnx_path}" if enc.onnx_path else f"nothing to build: {enc.name} runs on torch")
    typer.echo(f"models from {MODELS_FILE.resolve()}:")
    for spec in specs:
        path = spec.find()
        where = str(path) if path else f"NOT INSTALLED: {spec.install}"
        flag = " (default)" if spec.default else ""
        typer.echo(f"  {spec.name}{flag}\n    backend: {spec.backend}; found offline at {spec.locator}\n    {where}")
        built = built_status(spec)
        if built:
            typer.echo(f"    {built}")

    try:
        default, _ = resolve(None)
        note = "" if default.default else f" ({fallback_note(specs[0])})"
        typer.echo(f"default engine: {default.name} on {engine_of(default)}{note}")
    except ModelNotFound as exc:
        typer.echo(f"default engine: none ({exc})")
    typer.echo(f"spaCy pipeline for the names check and the verb test of fragments:\n  {SPACY_MODEL}: {spacy_status()}")


app.add_typer(cache_app, name="cache")  # qualcheck cache info|clear (cli_cache.py)


def _error_line(exc: BaseException) -> str:
    """What went wrong and what to do, in one line (the traceback is for --debug)."""
    if isinstance(exc, QualcheckError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory: split the input or lower --max-chars"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # reports are written atomically (fsio)
        return "no space left on device: no report was half-written, earlier ones are kept; free some space or choose another --out"
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        return f"{exc.strerror or exc}{where}; check the path and its permissions"
    return f"{type(exc).__name__}: {exc} (a bug: run again with --debug for the traceback and report it)"


_CHECKED: list = []  # set by a finished `check` or `demo`


def _exit_now(code: int) -> None:
    """End the process without the interpreter's teardown (freeing the model, spaCy's pipeline and
    every module: about 0.2 s of a 2 s cold check on 2 cores, measured). Only after a finished
    check, whose every report is already written atomically (fsync, rename) and which holds no
    pool, lock or cache to close; output streams are flushed first."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def run() -> None:
    try:
        code = app(prog_name="qualcheck", standalone_mode=False)
        code = code if isinstance(code, int) else 0
        if _CHECKED:
            _exit_now(code)
        if code:
            sys.exit(code)
    except typer.Abort:
        _err("interrupted")
        sys.exit(EXIT_ERROR)
    except typer.TyperException as exc:  # a usage error, as click shows it, in plain words
        if isinstance(getattr(exc, "message", None), str):
            exc.message = _usage_message(exc.message)
        exc.show()
        sys.exit(getattr(exc, "exit_code", EXIT_ERROR))
    except typer.Abort:
        _err("interrupted")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:  # `qualcheck ... | head`: the reader went away
        sys.stderr.close()
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # noqa: BLE001 - any command: one line, exit 2; the traceback with --debug
        if "--debug" in sys.argv[1:]:
            raise
        _err(_error_line(exc))
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    run()
