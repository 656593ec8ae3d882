"""Cost of one giant single-line input: is it linear, and are the reports bounded?

Builds a reference and a candidate as ONE line each (no newline), at a base size and at
``--factor`` times it, and checks each pair in a fresh process with every report format
written: seconds of the check, seconds of writing the reports, peak memory (max RSS), findings
found / listed and the bytes of the reports. The same is run with the baseline code (``--before``,
default /work/main: the code before this change) in the same run. A linear cost has a time ratio
near the size ratio.

Two texts (the second is held out: nothing was tuned on it):
  seed  the seed pair (qualcheck/data), flattened and repeated
  ted   the TED talks of the MQM benchmark data (ref against one MT system), joined
Each code has its own embedding cache, warmed by an untimed run of each pair first, so the
figures are the pipeline's own cost (encoding is linear in the text and measured by bench/speed.py).

    python bench/large_input.py --size 50000 --factor 4 [--text seed,ted] [--before /work/main]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CHILD = r"""
import json, os, resource, sys, time, tempfile
from pathlib import Path
import qualcheck
from qualcheck import check
from qualcheck.embed import get_encoder
from qualcheck.report import FORMATS, write_reports
ref, cand, cache = sys.argv[1:4]
enc = get_encoder(cache_dir=cache)
R, C = Path(ref).read_text(encoding="utf-8"), Path(cand).read_text(encoding="utf-8")
t0 = time.perf_counter()
rep = check(R, C, encoder=enc)
t1 = time.perf_counter()
out = tempfile.mkdtemp()
paths = write_reports(rep, out, FORMATS)
t2 = time.perf_counter()
left = (rep.metadata.get("left_out") or {}).get("findings", 0)
print(json.dumps({"code_dir": os.path.dirname(os.path.dirname(qualcheck.__file__)), "check_s": t1 - t0, "report_s": t2 - t1, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "found": len(rep.findings) + left, "listed": len(rep.findings),
                  "report_mb": sum(p.stat().st_size for p in paths.values()) / 1e6,
                  "sentences": len(rep.reference.sentences) + len(rep.candidate.sentences),
                  "timings": {k: v for k, v in rep.metadata["timings"].items() if k != "per_check"}}))
"""


def one_line(texts: list[str], size: int) -> str:
    flat = " ".join(" ".join(t.split()) for t in texts)
    out = (flat + " ") * (size // max(1, len(flat)) + 1)
    return out[:size].rstrip()


def seed_pair(size: int) -> tuple[str, str]:
    data = ROOT / "qualcheck" / "data"
    return (one_line([(data / "reference_colorado_politics.txt").read_text(encoding="utf-8")], size),
            one_line([(data / "candidate_machine_translated.txt").read_text(encoding="utf-8")], size))


def ted_pair(size: int) -> tuple[str, str]:
    sys.path.insert(0, str(HERE))
    import mqm

    data = mqm.load()
    system = sorted(data.systems() if callable(data.systems) else data.systems)[0]
    ref, cand = [], []
    for talk in data.talks.values():
        ref += [s.text for s in talk.ref]
        cand += [s.text for s in talk.systems.get(system, [])]
    return one_line([" ".join(ref)], size), one_line([" ".join(cand)], size)


def run(code: Path, ref: Path, cand: Path, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    # cwd: not this checkout (``python -c`` puts the working folder first on sys.path)
    r = subprocess.run([sys.executable, "-c", CHILD, str(ref), str(cand), str(cache)], capture_output=True,
                       text=True, env=env, timeout=7200, cwd=tempfile.gettempdir())
    if r.returncode != 0:
        return {"error": r.stderr.strip().splitlines()[-1] if r.stderr.strip() else f"exit {r.returncode}"}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=50_000, help="characters of each side at the base size")
    ap.add_argument("--factor", type=int, default=4, help="the larger size is this many times the base")
    ap.add_argument("--text", default="seed,ted")
    ap.add_argument("--before", type=Path, default=Path("/work/main"), help="the baseline code (a checkout)")
    ap.add_argument("--cache", type=Path, default=None, help="folder of the embedding caches (before/, after/)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qc-large-"))
    cache = args.cache or tmp / "cache"
    builders = {"seed": seed_pair, "ted": ted_pair}
    rows = []
    for text in args.text.split(","):
        for size in (args.size, args.size * args.factor):
            ref, cand = builders[text](size)
            rp, cp = tmp / f"{text}-{size}-ref.txt", tmp / f"{text}-{size}-cand.txt"
            rp.write_text(ref, encoding="utf-8")
            cp.write_text(cand, encoding="utf-8")
            for label, code in (("before", args.before), ("after", ROOT)):
                # each code its own cache (their formats may differ), warmed by an untimed run
                run(code, rp, cp, cache / label)
                rows.append({"text": text, "size": size, "code": label, **run(code, rp, cp, cache / label)})
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"{'text':<5} {'chars':>8} {'code':<7} {'check s':>8} {'reports s':>9} {'max RSS MB':>10} "
          f"{'found':>6} {'listed':>6} {'reports MB':>10}")
    for r in rows:
        if "error" in r:
            print(f"{r['text']:<5} {r['size']:>8,} {r['code']:<7} error: {r['error']}")
            continue
        print(f"{r['text']:<5} {r['size']:>8,} {r['code']:<7} {r['check_s']:>8.1f} {r['report_s']:>9.2f} "
              f"{r['maxrss_mb']:>10.0f} {r['found']:>6} {r['listed']:>6} {r['report_mb']:>10.2f}")
    print(f"\nratio of the larger size to the base ({args.factor}x the characters; linear = {args.factor}):")
    for text in args.text.split(","):
        for label in ("before", "after"):
            a = next((r for r in rows if r["text"] == text and r["code"] == label and r["size"] == args.size), {})
            b = next((r for r in rows if r["text"] == text and r["code"] == label and r["size"] != args.size), {})
            if "check_s" in a and "check_s" in b:
                print(f"  {text:<5} {label:<7} check time x{b['check_s'] / a['check_s']:.1f}, "
                      f"reports x{b['report_mb'] / max(a['report_mb'], 1e-9):.1f}")


if __name__ == "__main__":
    main()
