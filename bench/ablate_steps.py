"""Ablation of the aligner's module-constant steps on the group scenarios (SP, MG, MV), tuned and held out.

    python bench/ablate_steps.py --seeds 3,4,5,6,7,8 [--pairs 5] [--steps JOINT_EDGE,...] [--out DIR]

Each step is switched off alone in-process (its module constant), so the embeddings are computed once (the disk
cache serves every configuration). (JOINT_RIVAL and STRICT_BRIDGE, measured here on 2026-12-02, lost no event and were
removed.) Per configuration, seed, set and scenario: the events found (SP, MG: the event's
gold group is one bead; MV: the moved segments' gold links found), and which events each step-off run loses or
gains against all steps on. Baseline "all on" is measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import align as bench  # noqa: E402
import mqm  # noqa: E402

from qualcheck.align import AlignSettings, align  # noqa: E402
from qualcheck.align.passes import grow_groups, moved  # noqa: E402
from qualcheck.align.passes.grow_groups import clauses, growth, joint_edge, pieces  # noqa: E402
from qualcheck.embed import get_encoder  # noqa: E402

STEPS = {
    "JOINT_EDGE": joint_edge, "RELEASE": grow_groups, "CLAUSES": clauses, "NEXT_RIVAL": pieces,
    "MOVED_BACK": growth, "WORDS_KEEP": growth, "SLOT": clauses, "BLOCK_BEST": moved, "BLOCK_SEED": moved,
    "BLOCK_INSIDE": moved,
}


def outcomes(pairs, name, enc, settings, seed) -> list[bool]:
    """One boolean per event (SP, MG) or per moved gold link (MV), in a fixed order."""
    out = []
    for ref, cand, events, mv in bench.group_docs(name, pairs, seed):
        rt, rids = bench.sentences_of(ref, False)
        ct, cids = bench.sentences_of(cand, False)
        beads = set(bench.pairs_of(align(rt, ct, enc.encode, settings).alignment))
        for ev in events:
            g = (frozenset(i for i, x in enumerate(rids) if x & ev), frozenset(j for j, x in enumerate(cids) if x & ev))
            out.append(g in beads)
        if mv:
            links = {(i, j) for r, c in beads for i in r for j in c}
            gl = sorted((i, j) for i, x in enumerate(rids) if x & mv for j, y in enumerate(cids) if y & x)
            out += [lk in links for lk in gl]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="3,4,5,6,7,8")
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--steps", default=",".join(STEPS))
    ap.add_argument("--groups", default="SP,MG,MV")
    ap.add_argument("--out", default=None, help="directory: one JSON per seed (raw outcomes)")
    ap.add_argument("--no-base", action="store_true", help="without the all-on run (another process's --out has it)")
    ap.add_argument("--combine", default=None, help="comma-separated --out directories: print their table only")
    args = ap.parse_args()
    gs = [g for g in args.groups.split(",") if g]
    if args.combine:
        res: dict = {}
        for d in args.combine.split(","):
            for f in sorted(Path(d).glob("seed*.json")):
                seed = int(f.stem[4:])
                for k, o in json.loads(f.read_text()).items():
                    cfg, label, g = k.split("|")
                    res[(cfg, seed, label, g)] = o
        seeds = {k[1] for k in res if k[0] == "all on"}
        res = {k: v for k, v in res.items() if k[1] in seeds}
        configs = ["all on"] + [c for c in STEPS if all((c, s, "tuned", gs[0]) in res for s in seeds)]
        print(table(res, configs, gs))
        return
    data = mqm.load()
    enc = get_encoder(cache_dir=mqm.CACHE_DIR)
    sets = {"tuned": bench.build_pairs(data, None, args.pairs), "held out": bench.build_heldout_pairs(data)}
    settings = AlignSettings()
    steps = [s for s in args.steps.split(",") if s]
    configs = ([] if args.no_base else ["all on"]) + steps
    res: dict = {}  # (config, seed, set, scen) -> outcomes
    for seed in [int(s) for s in args.seeds.split(",")]:
        per_seed = {}
        for cfg in configs:
            t0 = time.perf_counter()
            if cfg != "all on":
                setattr(STEPS[cfg], cfg, False)
            try:
                for label, pairs in sets.items():
                    for g in gs:
                        o = outcomes(pairs, g, enc, settings, seed)
                        res[(cfg, seed, label, g)] = o
                        per_seed[f"{cfg}|{label}|{g}"] = o
            finally:
                if cfg != "all on":
                    setattr(STEPS[cfg], cfg, True)
            print(f"seed {seed} {cfg}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            (Path(args.out) / f"seed{seed}.json").write_text(json.dumps(per_seed))
    if not args.no_base:
        print(table(res, configs, gs))


def table(res, configs, gs) -> str:
    seeds = sorted({k[1] for k in res})
    cols = [(label, g) for label in ("tuned", "held out") for g in gs]
    head = ["step off"] + [f"{g} {label}" for label, g in cols] + ["lost / gained (events)"]
    lines = [f"Seeds {','.join(map(str, seeds))}: events found / events, summed over the seeds "
             "(SP, MG exact group; MV moved links). Lost / gained: events found with all on and not with the step off, "
             "and the reverse.", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for cfg in configs:
        cells, lost, gained = [cfg], 0, 0
        for label, g in cols:
            found = tot = 0
            for s in seeds:
                o, b = res[(cfg, s, label, g)], res[("all on", s, label, g)]
                found += sum(o)
                tot += len(o)
                lost += sum(1 for x, y in zip(o, b) if y and not x)
                gained += sum(1 for x, y in zip(o, b) if x and not y)
            cells.append(f"{found}/{tot}")
        cells.append("-" if cfg == "all on" else f"{lost} / {gained}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
