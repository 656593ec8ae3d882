"""Where the time goes: each stage of a check, end to end against the bare encoder, peak memory,
and the cold command line against `python -c "import torch"` (issue 21's targets).

    python bench/speed.py                        # seed pair, ~500 sentences, ~500 held out; torch and ONNX
    python bench/speed.py --cases seed,500,5000 --models all-MiniLM-L6-v2,all-MiniLM-L6-v2-onnx,all-MiniLM-L6-v2-int8

For each input pair and each encoder (the torch reference, its float32 ONNX export and the
int8 one), one fresh Python process (so that peak memory is the case's own, and a case that runs
away is stopped: --timeout, --max-rss-gb):

1. loads the model and warms it (and the checks' own lazy loads) on the seed pair;
2. runs ``qualcheck.check`` on the pair with a fresh embedding cache (model warm, nothing
   embedded yet) and writes the report set: the stages' times come from the pipeline's
   ``on_stage`` hook and ``report.metadata["timings"]``;
3. runs the bare encoder on the same sentences (both sides, every sentence once as it
   appears, no cache): the encoder's sentences/s, the physical limit;

and prints end-to-end sentences/s (both sides' sentences / (check + report)) beside the bare
encoder's, and the ratio. The disk cache (bench/.cache) is deliberately not used: it would
hide the encoder. Inputs:

* ``seed``: the seed pair (qualcheck/data);
* ``500`` / ``5000``: from the MQM TED data (../shared/bench): the reference side is a
  sequence of English versions of the five talks (the human ``ref``, then the MT systems in
  name order), the candidate side the next version of the same talks in the same order;
  cut to about that many reference sentences.
* ``500refB``: held out: each talk's ``ref`` against its second human translation ``refB``.

The seed case also checks a second story in the same process (50 sentences a side, nothing
cached). The same-results tables compare alignments (every bead) and findings (category,
severity, spans, message) of each model with the torch reference.

Then the cold CLI on the seed pair (a new process each, OS file cache warm), and
``qualcheck --help`` / ``qualcheck models`` (which must not import torch).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

SEED_REF = ROOT / "qualcheck" / "data" / "reference_colorado_politics.txt"
SEED_CAND = ROOT / "qualcheck" / "data" / "candidate_machine_translated.txt"
# the torch reference first (the "same results?" tables compare each other model with it); the
# default engine is the float32 ONNX export
MODELS = ("all-MiniLM-L6-v2", "all-MiniLM-L6-v2-onnx")
DEFAULT_MODEL = "all-MiniLM-L6-v2-onnx"
CASES = ("seed", "500", "500refB")
QUALCHECK = Path(sys.executable).with_name("qualcheck")


# ------------------------------------------------------------------------------ inputs


def mqm_pair(target: int) -> tuple[str, str]:
    """About ``target`` reference sentences: version k of the talks against version k+1."""
    from mqm import load

    from qualcheck.load import load_text
    from qualcheck.pipeline import prepare

    data = load()
    talks = list(data.talks.values())
    versions = ["ref"] + data.systems

    def segs(version: str, talk) -> list[str]:
        return [s.text for s in (talk.ref if version == "ref" else talk.systems.get(version, []))]

    # pairs of talk texts, block after block: (version k, version k+1) for each talk
    blocks: list[tuple[list[str], list[str]]] = []
    for k in range(len(versions) - 1):
        for talk in talks:
            r, c = segs(versions[k], talk), segs(versions[k + 1], talk)
            if r and c:
                blocks.append((r, c))
    first = "\n\n".join(" ".join(r) for r, _ in blocks[: len(talks)])
    per_seg = len(prepare(load_text(first, name="probe")).sentences) / sum(len(r) for r, _ in blocks[: len(talks)])
    want = round(target / per_seg)
    ref_paras, cand_paras, taken = [], [], 0
    for r, c in blocks:
        if taken >= want:
            break
        k = min(len(r), want - taken)
        # cut the candidate at the same share of its talk
        kc = len(c) if k == len(r) else max(1, round(k * len(c) / len(r)))
        ref_paras.append(" ".join(r[:k]))
        cand_paras.append(" ".join(c[:kc]))
        taken += k
    return "\n\n".join(ref_paras), "\n\n".join(cand_paras)


def refb_pair(target: int) -> tuple[str, str]:
    """Held out (no setting was tuned on it): each talk's ``ref`` against its second human
    translation ``refB``, talk after talk, cut to about ``target`` reference sentences."""
    from mqm import load

    from qualcheck.load import load_text
    from qualcheck.pipeline import prepare

    talks = [t for t in load().talks.values() if t.ref and t.refB]
    first = " ".join(s.text for s in talks[0].ref)
    per_seg = len(prepare(load_text(first, name="probe")).sentences) / len(talks[0].ref)
    want, taken, rp, cp = round(target / per_seg), 0, [], []
    for t in talks:
        if taken >= want:
            break
        k = min(len(t.ref), want - taken)
        by_id = {s.seg_id: s.text for s in t.refB}
        rp.append(" ".join(s.text for s in t.ref[:k]))
        cp.append(" ".join(by_id[s.seg_id] for s in t.ref[:k] if s.seg_id in by_id))
        taken += k
    return "\n\n".join(rp), "\n\n".join(cp)


def case_texts(case: str) -> tuple[str, str]:
    if case == "seed":
        return SEED_REF.read_text(encoding="utf-8"), SEED_CAND.read_text(encoding="utf-8")
    if case.endswith("refB"):
        return refb_pair(int(case[:-4]))
    return mqm_pair(int(case))


# ------------------------------------------------------------------------------ one case (child process)


def run_case(case: str, model: str) -> dict:
    t_start = time.perf_counter()
    from qualcheck.embed import Encoder
    from qualcheck.pipeline import check
    from qualcheck.report import FORMATS, write_reports

    t_import = time.perf_counter() - t_start
    enc = Encoder(model)
    t0 = time.perf_counter()
    enc.load()
    t_load = time.perf_counter() - t0
    built = enc.load_seconds  # includes an ONNX build on the very first use
    ref_text, cand_text = case_texts(case)
    with tempfile.TemporaryDirectory() as tmp:
        # warm-up: the model's first batches and every check's lazy loads (spaCy...)
        t0 = time.perf_counter()
        warm = check(SEED_REF, SEED_CAND, encoder=enc)
        write_reports(warm, Path(tmp) / "warm", FORMATS)
        t_first_seed = time.perf_counter() - t0
        # the encoder's memories and the other per-process ones (spaCy entities, clean + segment
        # results, word alignments): the timed run must not find the seed pair's work of the warm-up
        forget_all(enc)
        encoded0, runs0 = enc.encoded, model_runs(enc)

        stages: dict[str, float] = {}
        t0 = time.perf_counter()
        report = check(ref_text, cand_text, encoder=enc, on_stage=lambda n, s: stages.__setitem__(n, s))
        t_check = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_reports(report, Path(tmp) / "run", FORMATS)
        t_report = time.perf_counter() - t0
    timings = report.metadata["timings"]
    encoded = enc.encoded - encoded0  # before the second story's
    runs = model_runs(enc) - runs0
    second = second_story(enc) if case == "seed" else None
    sentences = report.reference.texts + report.candidate.texts
    t0 = time.perf_counter()
    enc.encode_uncached(sentences)
    t_bare = time.perf_counter() - t0
    e2e = t_check + t_report
    return {
        "case": case, "model": model,
        "ref_sentences": len(report.reference.texts), "cand_sentences": len(report.candidate.texts),
        "import": t_import, "load_model": t_load, "load_seconds_total": built, "first_seed_run": t_first_seed,
        "stages": {k: v for k, v in timings.items() if k not in ("per_check", "total")},
        "per_check": timings.get("per_check", {}), "check_total": t_check, "report": t_report, "e2e": e2e,
        "texts_encoded": encoded, "model_runs": runs, "bare_seconds": t_bare, "second_story": second,
        "engine": report.metadata.get("engine", ""),
        "e2e_sps": len(sentences) / e2e, "bare_sps": len(sentences) / t_bare,
        "alignment": [[list(a.ref), list(a.cand), a.kind] for a in report.alignment],
        "findings": len(report.findings),
        "finding_keys": sorted([f.category, f.severity, list(f.ref_span or []), list(f.cand_span or []), f.message]
                               for f in report.findings),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def forget_all(enc) -> None:
    """Empty the encoder's memories (its sentence rows and kept token vectors) and the process's (spaCy's
    entities, clean + segment results, the checks' memos, the word alignments): as in a new process."""
    from qualcheck import pipeline, wordalign

    getattr(enc, "forget", enc._memory.clear)()  # an older qualcheck (--before) has only the rows
    pipeline.forget()
    getattr(wordalign, "_MEMORY", {}).clear()


def model_runs(enc) -> int:
    """Runs of the ONNX model so far (0 where the engine does not count them)."""
    return int(getattr(enc._backend, "runs", 0) or 0)


def second_story(enc, rounds: int = 3) -> dict:
    """A second story checked in the same process through ``check()``: 50 sentences a side (the
    first TED talk's ``ref`` against its first MT system), nothing cached (the encoder's memory and
    the process's memories emptied), the model and spaCy loaded by the first story. Then the bare
    encoder on the story's sentences (the floor), and again, alternately, ``rounds`` times: the
    medians (a shared machine slows one run or another)."""
    import statistics

    from qualcheck.pipeline import check

    ref_text, cand_text = mqm_pair(50)
    story, bare = [], []
    for _ in range(rounds):
        forget_all(enc)
        n0, r0 = enc.encoded, model_runs(enc)
        t0 = time.perf_counter()
        rep = check(ref_text, cand_text, encoder=enc)
        story.append(time.perf_counter() - t0)
        encoded, runs = enc.encoded - n0, model_runs(enc) - r0
        t0 = time.perf_counter()
        enc.encode_uncached(rep.reference.texts + rep.candidate.texts)
        bare.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(story), "runs_seconds": story, "bare_seconds": statistics.median(bare),
            "ref": len(rep.reference.texts), "cand": len(rep.candidate.texts),
            "encoded": encoded, "model_runs": runs, "timings": rep.metadata["timings"]}


def spawn_case(case: str, model: str, timeout: float, max_rss_gb: float, code: Optional[str] = None) -> dict:
    """Run one case in a fresh process; stop it past ``timeout`` s or ``max_rss_gb`` of memory. With
    ``code`` (a checkout's directory), the process imports qualcheck from there (--before)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", case, "--models", model, "--json-out", str(out)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([code, os.environ.get("PYTHONPATH", "")])} if code else None
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    t0, peak, why = time.time(), 0.0, None
    while proc.poll() is None:
        time.sleep(0.5)
        try:
            rss = int(Path(f"/proc/{proc.pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**30
            peak = max(peak, rss)
        except (OSError, ValueError, IndexError):
            pass
        if time.time() - t0 > timeout:
            why = f"stopped after {timeout:.0f} s"
        elif peak > max_rss_gb:
            why = f"stopped at {peak:.1f} GB resident"
        if why:
            proc.kill()
            proc.wait()
            break
    err = proc.stderr.read() if proc.stderr else ""
    if why is None and proc.returncode == 0 and out.stat().st_size:
        res = json.loads(out.read_text())
    else:
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        res = {"case": case, "model": model, "error": why or (lines[-1] if lines else f"exit {proc.returncode}")}
    out.unlink(missing_ok=True)
    return res


# ------------------------------------------------------------------------------ CLI timings


def timed(cmd: list[str]) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, p.returncode, p.stdout + p.stderr


def cli_rows(models: list[str], rounds: int = 3) -> tuple[list[tuple[str, str, str]], dict]:
    """The cold command line on the seed pair against ``python -c "import torch"``, both measured in
    this run, ``rounds`` times interleaved (medians): a new process each time, the OS file cache warm,
    the default model's ONNX export built beforehand (``qualcheck models --build``) and a fresh,
    empty embedding cache per run (a QUALCHECK_CACHE of its own that shares only the built export)."""
    import statistics

    from qualcheck.models import cache_dir

    rows = []
    t, _, _ = timed([sys.executable, "-c", "pass"])
    rows.append(("python -c pass (interpreter start)", f"{t:.2f} s", ""))
    for args in (["--help"], ["models"]):
        t, rc, _ = timed([str(QUALCHECK), *args])
        probe = (
            "import sys\nfrom qualcheck.cli import app\ntry:\n    app(%r)\nexcept SystemExit:\n    pass\n"
            "print('torch' in sys.modules)" % (args,)
        )
        torch = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
        rows.append((f"qualcheck {' '.join(args)}", f"{t:.2f} s", f"exit {rc}; torch imported: {torch.splitlines()[-1] if torch else '?'}"))
    _, rc, out = timed([str(QUALCHECK), "models", "--build"])
    if rc != 0:
        rows.append(("qualcheck models --build", "failed", out.strip().splitlines()[-1] if out.strip() else f"exit {rc}"))
    built = cache_dir() / "onnx"
    times: dict[str, list[float]] = {"import torch": [], **{m: [] for m in models}}
    said: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(rounds):
            t, _, _ = timed([sys.executable, "-c", "import torch"])
            times["import torch"].append(t)
            for model in models:
                fresh = Path(tmp) / f"cache-{model}-{k}"
                fresh.mkdir()
                if built.is_dir():
                    (fresh / "onnx").symlink_to(built)
                env = {**os.environ, "QUALCHECK_CACHE": str(fresh)}
                cmd = [str(QUALCHECK), "check", str(SEED_REF), str(SEED_CAND), "--out", f"{tmp}/{model}-{k}",
                       "--fail-on", "never"] + ([] if model == DEFAULT_MODEL else ["--model", model])
                t0 = time.perf_counter()
                p = subprocess.run(cmd, capture_output=True, text=True, env=env)
                times[model].append(time.perf_counter() - t0)
                said[model] = next((ln.strip() for ln in (p.stdout + p.stderr).splitlines() if ln.startswith("time:")),
                                   f"exit {p.returncode}")
    base = statistics.median(times["import torch"])
    rows.append((f'python -c "import torch" (baseline, median of {rounds})', f"{base:.2f} s",
                 " / ".join(f"{x:.2f}" for x in times["import torch"])))
    ratios = {}
    for model in models:
        med = statistics.median(times[model])
        ratios[model] = med / base
        how = "default, no --model" if model == DEFAULT_MODEL else f"--model {model}"
        rows.append((f"qualcheck check seeds ({how}; cold process, fresh cache; median of {rounds})", f"{med:.2f} s",
                     f"{med / base:.2f}x import torch; runs {' / '.join(f'{x:.2f}' for x in times[model])}; prints '{said[model]}'"))
    return rows, {"import_torch": base, "ratios": ratios}


# ------------------------------------------------------------------------------ table


def agreement(a: list, b: list) -> str:
    sa = {(tuple(r), tuple(c), k) for r, c, k in a}
    sb = {(tuple(r), tuple(c), k) for r, c, k in b}
    same = len(sa & sb)
    return "identical" if sa == sb else f"{same}/{len(sa)} beads identical"


def print_tables(results: list[dict], cli: list, models: list[str], cli_info: Optional[dict] = None) -> None:
    print("\n## Stages (seconds; model warm, fresh embedding cache)\n")
    stage_names: list[str] = []
    for r in results:
        for k in r.get("stages", {}):
            if k not in stage_names:
                stage_names.append(k)
    head = ["case", "model", "sentences ref/cand", *stage_names, "report", "end to end",
            "texts encoded", "per sentence", "e2e sent/s", "bare encoder sent/s", "ratio", "peak RSS", "load avg before/after"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in results:
        if "error" in r:
            print(f"| {r['case']} | {r['model']} | {r['error']} |" + " |" * (len(head) - 3))
            continue
        cells = [r["case"], r["model"], f"{r['ref_sentences']}/{r['cand_sentences']}"]
        cells += [f"{r['stages'].get(k, 0):.2f}" for k in stage_names]
        n = r["ref_sentences"] + r["cand_sentences"]
        cells += [f"{r['report']:.2f}", f"{r['e2e']:.2f}", str(r["texts_encoded"]), f"{r['texts_encoded'] / n:.2f}",
                  f"{r['e2e_sps']:.0f}",
                  f"{r['bare_sps']:.0f}", f"{r['e2e_sps'] / r['bare_sps']:.2f}", f"{r['peak_rss_mb']:.0f} MB",
                  "/".join(str(x) for x in r.get("load_avg", []))]
        print("| " + " | ".join(cells) + " |")

    print("\n## Checks (seconds each, same runs)\n")
    ok = [r for r in results if "error" not in r]
    names: list[str] = []
    for r in ok:
        for k in r["per_check"]:
            if k not in names:
                names.append(k)
    print("| check | " + " | ".join(f"{r['case']} {r['model']}" for r in ok) + " |")
    print("|---|" + "---|" * len(ok))
    for n in names:
        print(f"| {n} | " + " | ".join(f"{r['per_check'].get(n, 0):.3f}" for r in ok) + " |")

    print("\n## Model load (fresh process) and the seed pair's first run\n")
    print("| case | model | import qualcheck | load model | first seed run (warm-up: lazy loads) |")
    print("|---|---|---|---|---|")
    for r in ok:
        print(f"| {r['case']} | {r['model']} | {r['import']:.2f} s | {r['load_model']:.2f} s | {r['first_seed_run']:.2f} s |")

    by = {(r["case"], r["model"]): r for r in ok}
    for other in models[1:]:
        print(f"\n## Same results? ({other} against the reference {models[0]})\n")
        print("| case | alignment | findings | bare encoder speed-up |")
        print("|---|---|---|---|")
        for case in dict.fromkeys(r["case"] for r in ok):
            a, b = by.get((case, models[0])), by.get((case, other))
            if a and b:
                same = ("identical" if a.get("finding_keys") == b.get("finding_keys") else "DIFFER") + f" ({a['findings']} vs {b['findings']})"
                print(f"| {case} | {agreement(a['alignment'], b['alignment'])} | {same} "
                      f"| {b['bare_sps'] / a['bare_sps']:.2f}x ({a['bare_sps']:.0f} -> {b['bare_sps']:.0f} sent/s) |")

    print("\n## Command line\n")
    print("| command | wall time | |")
    print("|---|---|---|")
    for row in cli:
        print("| " + " | ".join(row) + " |")

    print("\n## Targets (issue 21)\n")
    for r in ok:
        if r["case"] != "seed" and r["model"] == DEFAULT_MODEL:
            ratio = r["e2e_sps"] / r["bare_sps"]
            held = " (held out)" if r["case"].endswith("refB") else ""
            print(f"- {r['case']}{held}, {r['model']}: end to end / bare encoder = {ratio:.2f} (target >= 0.7: "
                  f"{'met' if ratio >= 0.7 else 'NOT met'}); {r['texts_encoded'] / (r['ref_sentences'] + r['cand_sentences']):.2f} "
                  f"texts encoded per sentence")
        if r["case"] == "seed" and r.get("second_story"):
            sec = r["second_story"]
            print(f"- {r['model']}: a second story through check() in the same process, {sec['ref']}/{sec['cand']} "
                  f"sentences, nothing cached: {sec['seconds']:.2f} s (target < 0.5 s: {'met' if sec['seconds'] < 0.5 else 'NOT met'}; "
                  f"the bare encoder on its sentences, same process: {sec.get('bare_seconds', float('nan')):.2f} s; "
                  f"{sec['encoded']} texts encoded in {sec.get('model_runs', '?')} model runs; stages {', '.join(f'{k} {v:.2f}' for k, v in sec['timings'].items() if k not in ('per_check', 'total') and v >= 0.01)})")
    if cli_info:
        for model, ratio in cli_info["ratios"].items():
            print(f"- cold `qualcheck check` of the seeds, {model}: {ratio:.2f}x the wall time of `python -c \"import torch\"` "
                  f"({cli_info['import_torch']:.2f} s, same run) (target <= 1.5x for the default: "
                  f"{'met' if ratio <= 1.5 else 'NOT met'})")


def print_before(before: list[dict], now: list[dict]) -> None:
    """Each case on the other checkout (--before) beside this one, same run: the issue's figures."""
    print(f"\n## Before ({before[0]['before']}) / now, same run\n")
    print("| case | model | end to end s | bare encoder s | e2e / bare sent/s | texts encoded per sentence "
          "| model runs | second story s | its bare encoder s | same findings |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    by = {(r["case"], r["model"]): r for r in now if "error" not in r}
    for b in before:
        a = by.get((b["case"], b["model"]))
        if "error" in b or a is None:
            print(f"| {b['case']} | {b['model']} | {b.get('error', 'no now run')} |" + " |" * 7)
            continue

        def pair(key, fmt="{:.2f}", src=None):
            x, y = (src(b), src(a)) if src else (b.get(key), a.get(key))
            return " / ".join("-" if v is None else fmt.format(v) for v in (x, y))

        n = a["ref_sentences"] + a["cand_sentences"]
        sec = (lambda r: (r.get("second_story") or {}).get("seconds"))
        secb = (lambda r: (r.get("second_story") or {}).get("bare_seconds"))
        same = "identical" if a.get("finding_keys") == b.get("finding_keys") and a["alignment"] == b["alignment"] \
            else "DIFFER"
        print(f"| {b['case']} | {b['model']} | {pair('e2e')} | {pair('bare_seconds')} "
              f"| {pair(None, src=lambda r: r['e2e_sps'] / r['bare_sps'])} "
              f"| {pair(None, src=lambda r: r['texts_encoded'] / n)} | {pair('model_runs', '{}')} "
              f"| {pair(None, src=sec)} | {pair(None, src=secb)} | {same} ({a['findings']}) |")


WORD_CHECKS = ("omission.partial", "addition.partial", "mistranslation")


def words_cost(case: str, model: str, rounds: int = 2) -> None:
    """What the word-level reading (qualcheck.wordalign: the three checks on it and the word features of
    the pair score) costs, in one process: the same pair checked without it (every other check, the
    pair score on its sentence features only: today's reading) and with it, alternately, each time with
    every memory cleared and no disk cache (the model warm)."""
    from qualcheck import pipeline, scoring, wordalign
    from qualcheck.checks import load_all, REGISTRY
    from qualcheck.embed import Encoder

    enc = Encoder(model)
    enc.load()
    pipeline.check(SEED_REF, SEED_CAND, encoder=enc)  # warm: the model, the lazy loads, the token reader
    ref_text, cand_text = case_texts(case)
    load_all()
    without = [n for n in REGISTRY if n not in WORD_CHECKS]
    needs = scoring.needs_words
    times = {"without": [], "with": []}
    for k in range(rounds):
        for label in (("without", "with") if k % 2 == 0 else ("with", "without")):  # alternate the order
            enc._memory.clear()
            wordalign._MEMORY.clear()
            pipeline.forget()
            scoring.needs_words = (lambda cal=None: False) if label == "without" else needs
            t0 = time.perf_counter()
            rep = pipeline.check(ref_text, cand_text, encoder=enc, checks=without if label == "without" else None)
            times[label].append(time.perf_counter() - t0)
            scoring.needs_words = needs
    n = len(rep.reference.texts) + len(rep.candidate.texts)
    a, b = min(times["without"]), min(times["with"])
    pairs = sum(1 for x in rep.alignment if x.is_pair)
    print(f"| {case} ({len(rep.reference.texts)} + {len(rep.candidate.texts)} sentences, {pairs} pairs) | {model} "
          f"| {a:.1f} s | {b:.1f} s | {b / a:.2f}x | {(b - a) / max(1, pairs) * 1000:.1f} ms |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", action="store_true",
                    help="only: the word-level reading's cost, with and without it in one process (--cases)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma separated: seed, 500, 5000 (or any sentence count)")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--timeout", type=float, default=1200, help="seconds per case before it is stopped")
    ap.add_argument("--max-rss-gb", type=float, default=8.0, help="stop a case past this resident memory")
    ap.add_argument("--no-cli", action="store_true")
    ap.add_argument("--before", metavar="DIR",
                    help="also run each case on the qualcheck of another checkout (e.g. `git worktree add /tmp/before "
                         "main`), alternately with this one, in the same run: the before / now table")
    ap.add_argument("--rounds", type=int, default=3, help="cold command-line runs per model (medians)")
    ap.add_argument("--save", default=str(HERE / ".cache" / "speed-results.jsonl"),
                    help="append each case's result here as it finishes (git-ignored)")
    ap.add_argument("--tables-from", help="print the tables from a --save file (the last result per case and model)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--json-out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    models = [m for m in args.models.split(",") if m]
    if args.words:
        print("| pair | model | check without the word reading | with it | ratio | ms per aligned pair |")
        print("|---|---|---|---|---|---|")
        for case in [c for c in args.cases.split(",") if c]:
            words_cost(case, models[0])
        return
    if args.child:
        res = run_case(args.child, models[0])
        Path(args.json_out).write_text(json.dumps(res))
        return
    if args.tables_from:
        rows = [json.loads(ln) for ln in Path(args.tables_from).read_text().splitlines() if ln.strip()]
        last = {(r["case"], r["model"]): r for r in rows}
        results = [last[(c, m)] for c in dict.fromkeys(r["case"] for r in rows) for m in models if (c, m) in last]
        print_tables(results, [], models)
        return
    load = os.getloadavg()
    print(f"# bench/speed.py: {os.cpu_count()} cores, no GPU; load average before: "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other work on the machine slows every figure alike)")
    results, before = [], []
    for case in [c for c in args.cases.split(",") if c]:
        for model in models:
            for code in ([None, args.before] if args.before else [None]):
                t0 = time.time()
                la = os.getloadavg()[0]
                r = spawn_case(case, model, args.timeout, args.max_rss_gb, code)
                r["load_avg"] = [round(la, 2), round(os.getloadavg()[0], 2)]
                if code:
                    r["before"] = code
                if args.save:
                    Path(args.save).parent.mkdir(parents=True, exist_ok=True)
                    with open(args.save, "a") as fh:
                        fh.write(json.dumps(r) + "\n")
                print(f"  {case:>5} {model:<24} {'before' if code else 'now':<6} {time.time() - t0:6.1f} s  "
                      f"{r.get('error', 'ok')}", flush=True)
                (before if code else results).append(r)
    cli, cli_info = ([], None) if args.no_cli else cli_rows(models, args.rounds)
    print_tables(results, cli, models, cli_info)
    if before:
        print_before(before, results)
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
