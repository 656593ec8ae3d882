"""Progress of `qualcheck check`: one line per stage on a terminal, nothing on a pipe unless asked."""
from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys

import pytest

from conftest import SEED_CAND, SEED_REF

STAGES = ("cleaning", "segmenting", "embedding", "aligning", "checks", "writing reports", "total")


def _cli(args: list[str], tmp_path, stderr_tty: bool) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (or a pipe); stdout is always a pipe."""
    cmd = [sys.executable, "-c", "from qualcheck.cli import run; run()", *args]
    if not stderr_tty:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
        return p.returncode, p.stdout, p.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, cwd=tmp_path)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    out = p.stdout.read().decode()
    p.wait(timeout=600)
    os.close(master)
    return p.returncode, out, err.decode()


def _check_args(tmp_path, *extra):
    return ["check", str(SEED_REF), str(SEED_CAND), "--out", str(tmp_path / "r"), "--fail-on", "never", *extra]


@pytest.mark.slow
def test_a_terminal_gets_one_line_per_stage_with_a_live_line_while_it_runs(tmp_path):
    rc, out, err = _cli(_check_args(tmp_path), tmp_path, stderr_tty=True)
    assert rc == 0, err[-2000:]
    # the finished lines: a name and its seconds, one per stage, in order, then the total
    done = [ln.split("\x1b[K")[-1] for ln in err.replace("\r\n", "\n").split("\n") if ln.strip()]
    names = [re.match(r"(.+?)\s+\d+\.\d\d s$", ln).group(1).strip() for ln in done]
    names = [re.sub(r"^embedding \d+ texts$", "embedding N texts", n) for n in names]
    want = ["cleaning", "segmenting", "loading model", "embedding N texts", "aligning", "checks", "writing reports", "total"]
    assert names == want, done
    # the live line says what is under way: the embedding count and each check by name
    assert "\r\x1b[Kembedding 48/48" in err and "\r\x1b[Kchecks: names" in err
    assert "\r\x1b[Kloading model all-MiniLM-L6-v2-onnx" in err
    assert "findings:" in out  # the summary still goes to stdout


@pytest.mark.slow
def test_a_pipe_gets_nothing_unless_asked_and_quiet_is_silent(tmp_path):
    rc, out, err = _cli(_check_args(tmp_path), tmp_path, stderr_tty=False)
    assert rc == 0 and err == "" and "findings:" in out
    rc, out, err = _cli(_check_args(tmp_path, "--quiet"), tmp_path, stderr_tty=True)
    assert rc == 0 and err == "" and out == ""


def test_asked_on_a_pipe_the_finished_lines_only(encoder):
    from qualcheck import check
    from qualcheck.progress import StageLines

    buf = io.StringIO()  # not a terminal
    lines = StageLines(buf)
    check(SEED_REF, SEED_CAND, encoder=encoder, on_start=lines.on_start, progress=lines.progress,
          on_stage=lines.on_stage)
    lines.finish()
    text = buf.getvalue()
    assert "\r" not in text and "\x1b" not in text
    got = [ln.rsplit(None, 2)[0] for ln in text.splitlines()]
    assert got[:2] == ["cleaning", "segmenting"] and got[-1] == "total"
    assert "aligning" in got and "checks" in got
    assert all(re.search(r"\d+\.\d\d s$", ln) for ln in text.splitlines())


@pytest.mark.parametrize("quiet,asked,tty,want", [(True, True, True, False), (False, None, True, True),
                                                  (False, None, False, False), (False, True, False, True),
                                                  (False, False, True, False)])
def test_when_progress_is_shown(quiet, asked, tty, want):
    from qualcheck.progress import wanted

    class Stream(io.StringIO):
        def isatty(self):
            return tty

    assert wanted(quiet, asked, Stream()) is want
