"""Findings that may repeat each other (one defect, two findings): list candidate pairs and count them by
category pair.

Two findings of one document are a candidate repeat when
* ``span``: their spans overlap on a side where both point at text (the reference or the candidate), or
* ``place``: one points at the reference and the other at the candidate, and the place one gives on the other's
  side (its context span: where a dropped run belongs, which sentence an added run is read against) is in a
  sentence of the other's span, or
* ``words``: they touch the same aligned pair (a sentence of one and a sentence of the other are in one alignment
  group, or for bench/trust.py's rows, one MQM segment) and their messages quote a content word in common.
Findings already folded (``related``) are not counted: they are one finding in the report. bench/trust.py's rows
carry no side: every span they give counts (a one-side finding's place on the other side too), so ``place`` pairs
show there as ``span``.

    python bench/repeats.py DIR [DIR2]                      # JSON reports (bench/same_results.py save DIR)
    python bench/repeats.py --trust FILE [--trust FILE2]    # bench/trust.py --json rows (one MQM segment a pair)
    python bench/repeats.py DIR --show term,mistranslation [--n 20]

With two inputs the table has a column for each (before / after, computed from reports of the same pairs).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

_QUOTED = re.compile(r"[‘'“\"]([^’'”\"]{2,200})[’'”\"]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_STOP = frozenset("""a an the of to in on at by for with and or but is are was were be been it its this that these those
as from he she they we you i his her their our your not no do does did have has had will would can could
""".split())


def _content(msg: str) -> set[str]:
    words = set()
    for q in _QUOTED.findall(msg or ""):
        words |= {w.lower() for w in _WORD.findall(q) if w.lower() not in _STOP}
    return words


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sent_ids(sents, span) -> set[int]:
    return {k for k, (s, e) in enumerate(sents) if span and _overlap((s, e), span)}


def from_report(path: Path) -> list[dict]:
    """One dict a finding: category, severity, spans by side, the alignment groups it touches, its words."""
    d = json.loads(path.read_text(encoding="utf-8"))
    rs = [(s["start"], s["end"]) for s in d["reference"]["sentences"]]
    cs = [(s["start"], s["end"]) for s in d["candidate"]["sentences"]]
    group = {}
    for g, a in enumerate(d["alignment"]):
        for i in a.get("ref", []):
            group[("r", i)] = g
        for j in a.get("cand", []):
            group[("c", j)] = g
    out = []
    for f in d["findings"]:
        spans, context = {}, {}
        for side, key, name in (("ref", "ref_span", "reference"), ("cand", "cand_span", "candidate")):
            if f.get(key):
                (spans if f.get("side") in (name, "both") else context)[side] = tuple(f[key])
        sents = {"ref": _sent_ids(rs, f.get("ref_span")),
                 "cand": _sent_ids(cs, f.get("cand_span"))}
        groups = {group.get(("r", i)) for i in _sent_ids(rs, f.get("ref_span"))} | \
                 {group.get(("c", j)) for j in _sent_ids(cs, f.get("cand_span"))}
        out.append({"doc": path.stem, "category": f["category"], "severity": f["severity"], "spans": spans,
                    "context": context, "sents": sents,
                    "groups": groups - {None}, "words": _content(f.get("message", "")),
                    "show": f"{f['category']} ({f['severity']}): {f.get('message', '')[:300]}"
                            + (f"\n        ref  [{(f.get('ref_text') or '')[:160]}]" if f.get("ref_span") else "")
                            + (f"\n        cand [{(f.get('cand_text') or '')[:160]}]" if f.get("cand_span") else "")
                            + (f"\n        related: {', '.join(r['category'] for r in f['related'])}"
                               if f.get("related") else ""),
                    "size": min((s[1] - s[0] for s in spans.values()), default=10**9)})
    return out


def from_trust(path: Path) -> dict[str, list[dict]]:
    """bench/trust.py rows: one document a (talk, system); spans are (segment, start, end) on each side."""
    rows = json.loads(path.read_text(encoding="utf-8").strip().splitlines()[-1])["rows"]
    docs: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if not r["category"]:
            continue
        spans = {}
        if r.get("local"):
            spans["cand"] = [tuple(x) for x in r["local"]]
        if r.get("ref_local"):
            spans["ref"] = [tuple(x) for x in r["ref_local"]]
        docs[f"{r['talk']}.{r['system']}"].append({
            "doc": f"{r['talk']}.{r['system']}", "category": r["category"], "severity": r["severity"],
            "spans": spans, "context": {}, "sents": {}, "groups": set(r["segs"]), "words": _content(r.get("message", "")),
            "show": f"{r['category']} ({r['severity']}) segs {r['segs']}: {r.get('message', '')[:300]}"})
    return docs


def _spans_overlap(a: dict, b: dict) -> bool:
    for side in ("ref", "cand"):
        x, y = a["spans"].get(side), b["spans"].get(side)
        if x is None or y is None:
            continue
        if isinstance(x, list):  # trust rows: (segment, start, end)
            if any(p[0] == q[0] and _overlap(p[1:], q[1:]) for p in x for q in y):
                return True
        elif _overlap(x, y):
            return True
    return False


def _place(a: dict, b: dict) -> bool:
    """``a`` gives a place (a context span) on the side where ``b`` points at text, in one of b's sentences."""
    for side in a["context"]:
        if side in b["spans"] and side not in a["spans"] and set(a["sents"].get(side, ())) & set(b["sents"].get(side, ())):
            return True
    return False


def repeats(findings: list[dict]) -> list[tuple[str, dict, dict]]:
    out = []
    for i, a in enumerate(findings):
        for b in findings[i + 1:]:
            if _spans_overlap(a, b):
                kind = "span"
            elif _place(a, b) or _place(b, a):
                kind = "place"
            elif a["groups"] & b["groups"] and a["words"] & b["words"]:
                kind = "words"
            else:
                continue
            out.append((kind, a, b) if a["category"] <= b["category"] else (kind, b, a))
    return out


def _load(arg: str, trust: bool) -> dict[str, list[dict]]:
    if trust:
        return from_trust(Path(arg))
    return {p.stem: from_report(p) for p in sorted(Path(arg).glob("*.json"))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="report directories, or trust.py --json files with --trust")
    ap.add_argument("--trust", action="store_true", help="the inputs are bench/trust.py --json rows")
    ap.add_argument("--show", default="", help="print the candidate repeats of one category pair: CAT_A,CAT_B")
    ap.add_argument("--kind", default="", help="with --show: only this kind (span, place, words)")
    ap.add_argument("--n", type=int, default=25)
    ap.add_argument("--min", type=int, default=2, help="table rows with at least this many in some column")
    args = ap.parse_args(argv)
    runs = {}
    for arg in args.inputs:
        docs = _load(arg, args.trust)
        runs[arg] = [r for doc in docs.values() for r in repeats(doc)]
    if args.show:
        want = tuple(sorted(args.show.split(",")))
        shown = 0
        for kind, a, b in runs[args.inputs[0]]:
            if (a["category"], b["category"]) != want and not (
                    want[0].endswith("*") and a["category"].startswith(want[0][:-1])):
                continue
            if args.kind and kind != args.kind:
                continue
            print(f"\n== {a['doc']} [{kind}]\n  A {a['show']}\n  B {b['show']}")
            shown += 1
            if shown >= args.n:
                break
        return 0
    counts = {k: Counter((a["category"], b["category"], kind) for kind, a, b in v) for k, v in runs.items()}
    keys = sorted({k for c in counts.values() for k in c}, key=lambda k: (-max(c[k] for c in counts.values()), k))
    names = [Path(a).name or a for a in args.inputs]
    print("| category A | category B | kind | " + " | ".join(names) + " |")
    print("|---|---|---|" + "---:|" * len(names))
    for key in keys:
        if max(c[key] for c in counts.values()) < args.min:
            continue
        print(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(str(c[key]) for c in counts.values()) + " |")
    print("| **all** | | | " + " | ".join(str(sum(c.values())) for c in counts.values()) + " |")
    for kind in ("span", "place", "words"):
        print(f"| all {kind} | | | " + " | ".join(str(sum(n for k, n in c.items() if k[2] == kind))
                                                for c in counts.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
