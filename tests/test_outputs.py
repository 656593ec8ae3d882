"""Output safety (issue 19): reports never over an input, written whole or not at all, names that
fit, an unwritable output refused before the work, odd inputs (FIFO, stdin) and escaped paths."""
import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_CAND, SEED_REF
from qualcheck.batch import report_dirname
from qualcheck.errors import InputError
from qualcheck.outputs import fit_name, prepare_dir, refuse_overwrite
from qualcheck.report import write_reports
from qualcheck.terminal import shown

QC = [sys.executable, "-m", "qualcheck.cli"]
LONG = "新闻报道" * 20  # 240 bytes of UTF-8: two such names are over 255 bytes together


def run(args, cwd, timeout=300, **kw):
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run(QC + [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env, **kw)


def one_line(r) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


@contextlib.contextmanager
def tiny_disk(path: Path, size: str = "64k"):
    """A real file system of ``size`` (tmpfs) at ``path``: writes past it fail with ENOSPC."""
    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root?)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` until about ``leave`` bytes are free."""
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    with open(disk / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


# --- 1. --out over an input -----------------------------------------------------------------------------


def test_out_over_the_candidate_is_refused_before_any_work(tmp_path):
    # fails on main: the candidate report.md was replaced by the Markdown report
    (tmp_path / "ref.txt").write_text(SEED_REF.read_text())
    cand_text = SEED_CAND.read_text()
    (tmp_path / "report.md").write_text(cand_text)
    r = run(["check", "ref.txt", "report.md", "--out", ".", "--model", "no-such-model"], tmp_path)
    line = one_line(r)
    # refused before anything else, even before the (unknown) model is looked up
    assert "report.md" in line and "overwrite the input" in line and "no-such-model" not in line
    assert (tmp_path / "report.md").read_text() == cand_text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ref.txt", "report.md"]


def test_same_file_through_symlink_or_hard_link_is_refused(tmp_path):
    inp = tmp_path / "story.txt"
    inp.write_text("text")
    (tmp_path / "out").mkdir()
    os.link(inp, tmp_path / "out" / "report.json")  # a hard link: another path, the same file
    with pytest.raises(InputError, match="would overwrite the input"):
        refuse_overwrite([tmp_path / "out" / "report.json"], [inp])
    (tmp_path / "alias").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(InputError, match="story.txt"):
        refuse_overwrite([tmp_path / "alias" / "story.txt"], [inp])
    with pytest.raises(InputError):  # the report folder itself is an input file
        refuse_overwrite([inp], [tmp_path / "alias" / "story.txt"])
    refuse_overwrite([tmp_path / "out" / "report.md", tmp_path / "out"], [inp])  # other paths: fine


def test_batch_into_the_folder_of_its_manifest_and_inputs_is_refused(tmp_path):
    # fails on main: the batch ran and summary.csv replaced the manifest of the same name
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.txt").write_text(SEED_REF.read_text())
    (out / "c.txt").write_text(SEED_CAND.read_text())
    manifest = out / "summary.csv"
    text = "id,reference,candidate\none,r.txt,c.txt\n"
    manifest.write_text(text)
    r = run(["batch", manifest, "--out", out, "-j", "1", "--cache-dir", tmp_path / "cache"], tmp_path)
    line = one_line(r)
    assert "summary.csv" in line and "overwrite the input" in line
    assert manifest.read_text() == text and not (out / "reports").exists()
    # a pair whose candidate sits where its report would go
    (tmp_path / "m.csv").write_text("id,reference,candidate\none,out/r.txt,out/reports/one/report.json\n")
    (out / "reports" / "one").mkdir(parents=True)
    (out / "reports" / "one" / "report.json").write_text(SEED_CAND.read_text())
    r = run(["batch", "m.csv", "--out", "out", "-j", "1", "-f", "json", "--cache-dir", tmp_path / "cache"], tmp_path)
    assert "report.json" in one_line(r)
    assert (out / "reports" / "one" / "report.json").read_text() == SEED_CAND.read_text()


def test_accept_refuses_a_baseline_over_its_report(tmp_path, seed_report):
    from qualcheck.workflow.policy import accept

    paths = write_reports(seed_report, tmp_path, ["json"])
    before = paths["json"].read_text()
    fid = seed_report.findings[0].id
    with pytest.raises(InputError, match="overwrite the input"):
        accept(paths["json"], [fid], [], tmp_path / "." / "report.json")
    assert paths["json"].read_text() == before


# --- 2. atomic report writes ------------------------------------------------------------------------------


def test_report_write_on_a_full_disk_keeps_the_earlier_report(tmp_path, seed_report):
    # fails on main: report.json was truncated to what fitted (invalid JSON)
    with tiny_disk(tmp_path / "disk") as disk:
        earlier = '{"earlier": "run"}\n'
        (disk / "report.json").write_text(earlier)
        fill(disk, leave=8 * 1024)  # the seed's report.json is far bigger than 8 KB
        assert len(seed_report.to_json()) > 16 * 1024
        with pytest.raises(OSError) as exc:
            write_reports(seed_report, disk, ["json"])
        assert exc.value.errno == 28  # ENOSPC: a real full disk
        assert (disk / "report.json").read_text() == earlier
        assert sorted(os.listdir(disk)) == ["filler", "report.json"]  # no temporary file left


def test_cli_on_a_full_disk_exits_2_and_keeps_earlier_reports(tmp_path):
    with tiny_disk(tmp_path / "disk", size="128k") as disk:
        earlier = {"report.json": '{"earlier": "run"}\n', "report.md": "# earlier\n"}
        for name, text in earlier.items():
            (disk / name).write_text(text)
        fill(disk, leave=12 * 1024)
        r = run(["check", SEED_REF, SEED_CAND, "--out", disk, "--format", "md,json", "-q"], tmp_path)
        assert "no space left on device: no report was half-written" in one_line(r)
        for name, text in earlier.items():
            assert (disk / name).read_text() == text
        assert sorted(os.listdir(disk)) == ["filler", "report.json", "report.md"]


# --- 3. long names; the output is tried before the work ---------------------------------------------------


def test_fit_name_cuts_on_a_character_boundary_and_keeps_names_apart():
    a, b = fit_name(LONG + "一"), fit_name(LONG + "二")
    assert a != b and len(a.encode()) <= 120 and len(b.encode()) <= 120
    assert a.startswith("新闻报道") and fit_name("short") == "short"
    assert len(report_dirname(LONG * 2).encode()) <= 100 and len(report_dirname("=" + LONG * 2).encode()) <= 100


def test_long_non_ascii_input_names_keep_the_finished_run(tmp_path):
    # fails on main: the whole check ran, then 'File name too long' and exit 2 with no report
    (tmp_path / f"{LONG}-参考.txt").write_text(SEED_REF.read_text())
    (tmp_path / f"{LONG}-译文.txt").write_text(SEED_CAND.read_text())
    r = run(["check", f"{LONG}-参考.txt", f"{LONG}-译文.txt", "--format", "json", "--fail-on", "never"], tmp_path)
    assert r.returncode == 0, r.stderr
    (run_dir,) = (tmp_path / "reports").iterdir()
    assert len(run_dir.name.encode()) <= 120
    assert json.loads((run_dir / "report.json").read_text())["summary"]["findings"] > 0


def test_unwritable_output_is_refused_before_the_work(tmp_path):
    # fails on main: the check ran first (here: the unknown model is reported), the output failed after
    (tmp_path / "a.txt").write_text("A sentence to check.")
    (tmp_path / "afile").write_text("not a folder")
    r = run(["check", "a.txt", "a.txt", "--out", "afile/sub", "--model", "no-such-model"], tmp_path)
    line = one_line(r)
    assert "afile/sub" in line and "cannot write reports there" in line
    r = run(["check", "a.txt", "a.txt", "--out", f"new/{LONG}{LONG}", "--model", "no-such-model"], tmp_path)
    assert "File name too long" in one_line(r)
    assert not (tmp_path / "new").exists()  # the folders it made for the probe are gone again
    with pytest.raises(InputError, match="cannot write reports there"):
        prepare_dir(tmp_path / "afile" / "x")


# --- 4. odd inputs: FIFO, standard input ------------------------------------------------------------------


def test_fifo_without_writer_is_refused_not_waited_on(tmp_path):
    # fails on main: open() of the FIFO blocked for ever (here: the 60 s timeout)
    (tmp_path / "a.txt").write_text("A sentence to check.")
    os.mkfifo(tmp_path / "pipe")
    r = run(["check", "a.txt", "pipe"], tmp_path, timeout=60)
    line = one_line(r)
    assert "pipe" in line and "not a regular file" in line
    r = run(["check", "/dev/null", "a.txt"], tmp_path, timeout=60)
    assert "character device" in one_line(r)


def test_stdin_on_one_side(tmp_path):
    # fails on main: '-' was taken for a file name ('no such file')
    r = run(["check", "-", SEED_CAND, "--format", "json", "--out", "o", "--fail-on", "never"], tmp_path,
            input=SEED_REF.read_text())
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "o" / "report.json").read_text())
    assert data["reference"]["name"] == "<stdin>" and data["summary"]["findings"] > 0
    assert "reference: <stdin>:" in r.stdout
    r = run(["check", "-", "-"], tmp_path, input="text")
    assert "not both" in one_line(r)


# --- 5. control characters in paths -------------------------------------------------------------------------


def test_path_with_escape_and_newline_is_printed_escaped(tmp_path):
    # fails on main: the ESC reached the terminal raw
    name = "evil\x1b[2J\x1b]0;owned\x07\nname.txt"
    (tmp_path / name).write_bytes(b"")  # a real file: empty, so refused with its name in the line
    (tmp_path / "a.txt").write_text("A sentence to check.")
    r = run(["check", name, "a.txt"], tmp_path)
    line = one_line(r)
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert "evil\\x1b[2J\\x1b]0;owned\\x07\\x0aname.txt: is empty" in line
    assert shown("a\u202eb\udcff") == "a\\u202eb\\udcff"


# --- 6. a bound on findings per report, stated in every format ------------------------------------------------


def test_findings_over_the_cap_are_counted_in_every_report_format(tmp_path, encoder, seed_report):
    # fails on main: no max_findings setting (every finding listed, however many)
    from qualcheck import check
    from qualcheck.settings import Settings
    from qualcheck.report import FORMATS

    assert Settings().max_findings == 1000
    full = seed_report.findings
    capped = check(SEED_REF, SEED_CAND, encoder=encoder, max_findings=5)
    assert len(capped.findings) == 5 and len(full) > 5
    n_major = sum(f.severity == "major" for f in full)
    assert [f.severity for f in capped.findings].count("major") == min(5, n_major)  # the most severe first
    left = capped.summary["left_out"]
    assert left["findings"] == len(full) - 5 and left["limit"] == 5
    assert sum(left["by_category"].values()) == left["findings"] == sum(left["by_severity"].values())
    for cat, n in full.by_category().items():  # listed + left out = everything found
        assert capped.findings.by_category().get(cat, 0) + left["by_category"].get(cat, 0) == n
    assert capped.summary["score"] == seed_report.summary["score"]  # the score still counts them
    assert seed_report.summary["left_out"]["findings"] == 0
    paths = write_reports(capped, tmp_path, FORMATS)
    said = f"{left['findings']:,} more findings"
    for fmt, path in paths.items():
        assert said in path.read_text(), fmt
    data = json.loads(paths["json"].read_text())
    assert data["summary"]["left_out"]["findings"] == left["findings"] and len(data["findings"]) == 5
    import csv

    rows = list(csv.DictReader(paths["csv"].open()))
    assert len(rows) == 6 and rows[-1]["category"] == "findings.left_out"
    sarif = json.loads(paths["sarif"].read_text())
    assert len(sarif["runs"][0]["results"]) == 5
    assert said in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_cleaning_one_giant_line_costs_linear_time():
    # fails on main: the inline-code test of the cleaner weighed the whole prefix and rest of the
    # line at every sentence end (quadratic: x60 for 8x the text; seconds per 80,000 characters)
    import time

    from qualcheck.clean import clean

    seed = " ".join(SEED_REF.read_text().split()) + " "

    def cpu(n: int) -> float:
        text = (seed * (n // len(seed) + 1))[:n]
        t = time.process_time()
        clean(text, name="line", fmt="text")
        return time.process_time() - t

    small, big = min(cpu(10_000) for _ in range(3)), cpu(80_000)
    assert big / small < 24, (small, big)  # linear: about 8
