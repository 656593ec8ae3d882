"""Same results before and after a change: run a pinned set of story pairs, keep each JSON report
(timings and other run facts left out), and diff two such runs.

    python bench/same_results.py save /tmp/before          # on the old code
    python bench/same_results.py save /tmp/after           # on the new code
    python bench/same_results.py diff /tmp/before /tmp/after

The pairs: the seed pair; the 65 TED pairs of the alignment benchmark (each talk's ``ref``
against each MT system, five segments a paragraph); the 5 held-out pairs (``ref`` against the
second human translation ``refB``); and the speed benchmark's 500-sentence pair. ``--quick``
keeps the seed pair and one system per talk (11 pairs) for checks after every small move.

``diff`` prints, per pair, whether the alignment and the findings are the same, and for a pair
that differs the first differing lines; exit 1 when anything differs.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from mqm import load as load_mqm  # noqa: E402

SEED_REF = ROOT / "qualcheck" / "data" / "reference_colorado_politics.txt"
SEED_CAND = ROOT / "qualcheck" / "data" / "candidate_machine_translated.txt"
# run facts that differ between two runs of the same code
VOLATILE_METADATA = ("timings", "python", "qualcheck_version", "version", "created", "engine_detail")


def _paragraphs(segs, per=5) -> str:
    texts = [s.text for s in segs]
    return "\n\n".join(" ".join(texts[i:i + per]) for i in range(0, len(texts), per))


def pairs(quick: bool = False):
    yield "seed", SEED_REF.read_text(encoding="utf-8"), SEED_CAND.read_text(encoding="utf-8")
    data = load_mqm()
    for name, talk in data.talks.items():
        systems = sorted(talk.systems)
        for sysname in systems[:1] if quick else systems:
            yield f"{name}.{sysname}", _paragraphs(talk.ref), _paragraphs(talk.systems[sysname])
        if talk.refB:
            yield f"{name}.refB", _paragraphs(talk.ref), _paragraphs(talk.refB)
    if not quick:
        from speed import mqm_pair
        ref, cand = mqm_pair(500)
        yield "speed.500", ref, cand


def stable(report_json: dict) -> dict:
    meta = report_json.get("metadata", {})
    for key in VOLATILE_METADATA:
        meta.pop(key, None)
    return report_json


def save(out: Path, quick: bool) -> None:
    from qualcheck import check

    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, ref, cand in pairs(quick):
        rep = check(ref, cand)
        data = rep.to_json()
        data = json.loads(data) if isinstance(data, str) else data
        (out / f"{name}.json").write_text(json.dumps(stable(data), ensure_ascii=False, indent=1, sort_keys=True),
                                          encoding="utf-8")
        n += 1
        print(f"{name}: {len(data['alignment'])} groups, {len(data['findings'])} findings", flush=True)
    print(f"saved {n} reports to {out}")


def _lines(d: dict, key: str) -> list[str]:
    return [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in d.get(key, [])]


def diff(a: Path, b: Path) -> int:
    names = sorted({p.stem for p in a.glob("*.json")} | {p.stem for p in b.glob("*.json")})
    bad = 0
    print("| pair | alignment | findings | rest of the report |")
    print("|---|---|---|---|")
    for name in names:
        pa, pb = a / f"{name}.json", b / f"{name}.json"
        if not (pa.exists() and pb.exists()):
            print(f"| {name} | missing in {'before' if not pa.exists() else 'after'} | | |")
            bad += 1
            continue
        da, db = json.loads(pa.read_text(encoding="utf-8")), json.loads(pb.read_text(encoding="utf-8"))
        same_al = _lines(da, "alignment") == _lines(db, "alignment")
        same_f = _lines(da, "findings") == _lines(db, "findings")
        rest_a = {k: v for k, v in da.items() if k not in ("alignment", "findings")}
        rest_b = {k: v for k, v in db.items() if k not in ("alignment", "findings")}
        same_rest = rest_a == rest_b
        print(f"| {name} | {'same' if same_al else 'DIFFERS'} | {'same' if same_f else 'DIFFERS'} | "
              f"{'same' if same_rest else 'DIFFERS'} |")
        if not (same_al and same_f and same_rest):
            bad += 1
            for key in ("alignment", "findings"):
                d = list(difflib.unified_diff(_lines(da, key), _lines(db, key), lineterm="", n=0))
                for line in d[2:12]:
                    print(f"    {key}: {line[:220]}")
            if not same_rest:
                ja = json.dumps(rest_a, indent=1, sort_keys=True).splitlines()
                jb = json.dumps(rest_b, indent=1, sort_keys=True).splitlines()
                for line in list(difflib.unified_diff(ja, jb, lineterm="", n=0))[2:12]:
                    print(f"    rest: {line[:220]}")
    print(f"{len(names) - bad} of {len(names)} pairs identical")
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save")
    s.add_argument("out", type=Path)
    s.add_argument("--quick", action="store_true", help="the seed pair and one system per talk")
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "save":
        save(args.out, args.quick)
    else:
        sys.exit(diff(args.before, args.after))


if __name__ == "__main__":
    main()
