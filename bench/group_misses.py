"""The group events an aligner misses, with their texts: for reading the misses of one seed before changing anything.

    python bench/group_misses.py --seeds 11,12,13 [--groups SP,MG] [--set heldout|tuned|both] [--pairs 5]

Per missed event (SP, MG: the event's gold group is not one bead): the scenario, the pair, the gold group, and every
bead touching the event's sentences or the sentence just beyond them, each with its texts and the cosine of each of
its sentences with the event's single sentence (the joined side). Use it only on seeds you read; the seeds a change
is measured on for the last time must stay unread.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import align as bench  # noqa: E402
import mqm  # noqa: E402

from qualcheck.align import AlignSettings, align  # noqa: E402
from qualcheck.embed import get_encoder  # noqa: E402


def misses(pairs, name, enc, settings, seed, label):
    out = []
    for d, (ref, cand, events, _mv) in enumerate(bench.group_docs(name, pairs, seed)):
        rt, rids = bench.sentences_of(ref, False)
        ct, cids = bench.sentences_of(cand, False)
        res = align(rt, ct, enc.encode, settings).alignment
        beads = set(bench.pairs_of(res))
        R, C = enc.encode(rt), enc.encode(ct)
        for ev in events:
            gr = sorted(i for i, x in enumerate(rids) if x & ev)
            gc = sorted(j for j, x in enumerate(cids) if x & ev)
            if (frozenset(gr), frozenset(gc)) in beads:
                continue
            lines = [f"### {label} {name} seed {seed} doc {d} ({pairs[d][0]} / {pairs[d][1]}): gold ref {gr} cand {gc}"]
            one_side, one = ("ref", gr[0]) if len(gr) == 1 else ("cand", gc[0])
            near_r = set(range(gr[0] - 2, gr[-1] + 3))
            near_c = set(range(gc[0] - 2, gc[-1] + 3))
            for a in res:
                if not (set(a.ref) & near_r or set(a.cand) & near_c):
                    continue
                lines.append(f"- {a.kind} ref {list(a.ref)} cand {list(a.cand)} score {a.score}")
                for side, idx, texts, V in (("ref", a.ref, rt, R), ("cand", a.cand, ct, C)):
                    for z in idx:
                        if side == one_side:
                            cs = ""
                        else:
                            O = C if one_side == "cand" else R
                            cs = f" [cos {float(V[z] @ O[one]):.2f}]"
                        lines.append(f"    {side} {z}{cs}: {texts[z]}")
            out.append("\n".join(lines))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="11")
    ap.add_argument("--groups", default="SP,MG")
    ap.add_argument("--set", default="heldout", choices=("heldout", "tuned", "both"))
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    data = mqm.load()
    enc = get_encoder(cache_dir=mqm.CACHE_DIR)
    sets = {}
    if args.set in ("tuned", "both"):
        sets["tuned"] = bench.build_pairs(data, None, args.pairs)
    if args.set in ("heldout", "both"):
        sets["held out"] = bench.build_heldout_pairs(data)
    settings = AlignSettings()
    for seed in [int(s) for s in args.seeds.split(",")]:
        for label, pairs in sets.items():
            for g in [g for g in args.groups.split(",") if g]:
                for m in misses(pairs, g, enc, settings, seed, label):
                    print(m + "\n")


if __name__ == "__main__":
    main()
