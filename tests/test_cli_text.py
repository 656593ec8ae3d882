"""What the command line says: real defaults in --help, a plain usage line, plain error lines,
a warning when the arguments look swapped, an aligned summary."""
from __future__ import annotations

import copy
import subprocess
import sys

from conftest import SEED_CAND, SEED_REF


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from qualcheck.cli import run; run()", *args],
                          capture_output=True, text=True, timeout=120)


def test_check_help_shows_the_real_defaults_and_a_plain_usage_line():
    from qualcheck.align import AlignSettings
    from qualcheck.settings import Settings

    out = _run("check", "--help")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())  # help lines are wrapped
    assert out.stdout.startswith("Usage: qualcheck check [OPTIONS] REFERENCE CANDIDATE\n")
    assert "AlignSettings" not in text
    a, s = AlignSettings(), Settings()
    assert f"higher leaves more sentences unaligned. [default: {a.skip_percentile:g}]" in text
    assert f"for long inputs. [default: {a.window}]" in text
    assert f"[default: {a.max_group}]" in text and f"[default: {s.min_similarity or 'none: the fitted pair score decides'}]" in text
    assert f"Default: max_chars in qualcheck.toml, else {s.max_chars:,}." in text


def test_bad_values_are_reported_in_plain_words():
    from qualcheck.cli import _usage_message

    out = _run("check", str(SEED_REF), str(SEED_CAND), "--fail-on", "sometimes")
    assert out.returncode == 2
    assert "Error: Invalid value for '--fail-on': 'sometimes' is not one of 'never', 'major', 'minor'." in out.stderr
    assert "Value error" not in out.stderr and "{" not in out.stderr
    assert _usage_message("Value error, bad <list[str]>") == "bad text"
    out = _run("check", str(SEED_REF))
    assert out.returncode == 2 and "Missing argument 'CANDIDATE'" in out.stderr


def _flipped(report):
    """The seed's documents the other way round, with its text findings on the other side (as the
    checks name them: the reference's own read ``reference.<category>``)."""
    out = []
    for f in report.findings:
        if f.side not in ("reference", "candidate"):
            continue
        g = copy.copy(f)
        if f.side == "candidate":
            g.side, g.category = "reference", "reference." + f.category
        else:
            g.side, g.category = "candidate", f.category.removeprefix("reference.")
        out.append(g)
    return out


def test_a_warning_when_the_arguments_look_swapped(seed_report):
    from qualcheck.sides import swapped_warning

    # the right order: the scraped reference lost page debris, the garbled translation is the candidate
    assert swapped_warning(seed_report.reference, seed_report.candidate, list(seed_report.findings)) is None
    assert not any("swapped" in w for w in seed_report.metadata["warnings"])
    flipped = swapped_warning(seed_report.candidate, seed_report.reference, _flipped(seed_report))
    assert flipped.startswith("the arguments may be swapped")
    assert "the candidate had 20 spans of page debris removed and the reference none" in flipped
    assert "the reference reads as machine-garbled" in flipped
    # each sign alone is enough
    no_debris = copy.copy(seed_report.reference)
    no_debris.removed = []
    alone = swapped_warning(seed_report.candidate, no_debris, _flipped(seed_report))
    assert "machine-garbled" in alone and "page debris" not in alone


def test_summary_columns_stay_aligned_for_long_category_names(seed_report):
    from qualcheck.cli import _summary

    class Long:
        def __init__(self, report):
            self.__dict__.update(report.__dict__)
            self.summary = dict(report.summary)
            self.summary["by_category"] = {**report.summary["by_category"],
                                           "reference.fragment.orphan_punctuation.extra": 3}
            self.fails = report.fails

    text = _summary(Long(seed_report), {}, 1.0, "major")
    rows = [ln for ln in text.splitlines() if ln.startswith("  ")]
    assert len(rows) > 3
    assert len({len(ln) for ln in rows}) == 1  # the counts end in one column


def test_a_finished_check_exits_without_the_interpreter_teardown_and_loses_no_output(tmp_path):
    """After a check the process ends at once (os._exit: ~0.2 s of a cold check); the summary on a
    pipe and the exit code are whole; any other command exits the normal way."""
    marker = "import atexit; atexit.register(lambda: print('TEARDOWN'))\n"
    code = marker + "from qualcheck.cli import run; run()"
    out = subprocess.run([sys.executable, "-c", code, "check", str(SEED_REF), str(SEED_CAND), "--out",
                          str(tmp_path / "r"), "--format", "json,md"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 1  # the seed pair has major findings
    assert out.stdout.rstrip().splitlines()[-1].startswith("time:") and "TEARDOWN" not in out.stdout
    assert (tmp_path / "r" / "report.json").stat().st_size > 0 and (tmp_path / "r" / "report.md").exists()
    other = subprocess.run([sys.executable, "-c", code, "models"], capture_output=True, text=True, timeout=120)
    assert other.returncode == 0 and "TEARDOWN" in other.stdout
