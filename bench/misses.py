"""Major Accuracy errors qualcheck does not find, and what the word reading says about them (issue 18).

Reads bench/trust.py's per-segment findings (its rows: `python bench/trust.py --json --systems 13 > FILE`, or
computed here from trust.py's per-document disk cache) on the MQM TED zh-en data and measures, with one rule for
every run given:

* Major-Accuracy hit: of the MT segments with a span a rater marked Major `Accuracy/*` on the translation, the
  share with a finding (>= minor; major) whose candidate span overlaps such a span; by the rater's category;
* No-error flagged: of the segments every rater marked No-error, the share with a finding (>= minor; major)
  on them (trust.py's rule: a finding's candidate or reference span falls in the segment);
* all talks, and the held-out talk (talk.7) alone.

`--list N` prints N missed Major-Accuracy segments (no finding overlaps the marked span) with both texts, the
marked span and category, and what the word reading (`qualcheck.wordalign` on the segment pair alone) says about
each marked content word: matched to which reference word (how, contextual cosine, cosine of the two words
alone), or left over, and whether the `mistranslation` check's gates let the pair through.

    python bench/misses.py [--rows FILE] [--today-json FILE ...] [--list 60] [--talks talk.2,talk.5]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import trust  # noqa: E402
from mqm import CACHE_DIR, load  # noqa: E402


def _major_acc(every):
    """{(system, talk, seg): [(start, end, category)]}: spans marked Major Accuracy on the translation."""
    out = defaultdict(list)
    for k, ms in every.items():
        if k[0] in ("ref", "refB"):
            continue
        for a, b, cat, sev in ms:
            if cat.startswith("Accuracy") and sev.strip().lower() == "major" and b > a:
                out[k].append((a, b, cat))
    return dict(out)


def per_segment(rows):
    """(findings by segment: [(category, severity, [(start, end)] candidate spans)], documents' segments)."""
    segs = defaultdict(list)
    docs = {}
    for r in rows:
        if "all_segs" in r:
            docs[(r["talk"], r["system"])] = r["all_segs"]
            continue
        local = defaultdict(list)
        for sid, a, b in r["local"]:
            local[sid].append((a, b))
        for sid in r["segs"]:
            segs[(r["system"], r["talk"], sid)].append((r["category"], r["severity"], local.get(sid, [])))
    return segs, docs


def rates(rows, acc, clean, talks=None, keep=lambda c: True):
    segs, docs = per_segment(rows)
    keys = {(sn, tn, sid) for (tn, sn), ids in docs.items() for sid in ids if not talks or tn in talks}
    acc_keys = [k for k in keys if k in acc]
    ok = [k for k in keys if k in clean]

    def hit(k, sevs):
        return any(keep(c) and s in sevs and any(a < y and x < b for a, b in sp for x, y, _ in acc[k])
                   for c, s, sp in segs.get(k, ()))

    def flag(k, sevs):
        return any(keep(c) and s in sevs for c, s, _ in segs.get(k, ()))

    out = {"n_acc": len(acc_keys), "n_ok": len(ok),
           "hit_minor": sum(hit(k, ("minor", "major")) for k in acc_keys),
           "hit_major": sum(hit(k, ("major",)) for k in acc_keys),
           "flag_minor": sum(flag(k, ("minor", "major")) for k in ok),
           "flag_major": sum(flag(k, ("major",)) for k in ok)}
    by_cat = defaultdict(lambda: [0, 0])
    for k in acc_keys:
        h = hit(k, ("minor", "major"))
        for cat in {c for _, _, c in acc[k]}:
            by_cat[cat][0] += 1
            by_cat[cat][1] += h
    out["by_rater_category"] = dict(by_cat)
    return out, segs


def _pct(k, n):
    return f"{k / max(1, n):.1%} ({k}/{n})"


def print_tables(runs, acc, clean, heldout, all_talks):
    for part, talks in (("all talks", None), (f"held out: {heldout}", {heldout}),
                        (f"built on: every talk but {heldout}", set(all_talks) - {heldout})):
        print(f"\n### {part}\n")
        print("| run | Major-Acc hit >= minor | hit, major | No-error flagged >= minor | flagged, major |")
        print("|---|---|---|---|---|")
        for name, rows in runs.items():
            r, _ = rates(rows, acc, clean, talks)
            print(f"| {name} | {_pct(r['hit_minor'], r['n_acc'])} | {_pct(r['hit_major'], r['n_acc'])} | "
                  f"{_pct(r['flag_minor'], r['n_ok'])} | {_pct(r['flag_major'], r['n_ok'])} |")
    cats = sorted({c for rows in runs.values() for r in rows for c in [r["category"]] if c})
    for part, talks in (("all talks", None), (heldout, {heldout})):
        print(f"\nBy finding category ({part}): Major-Acc segments hit >= minor / No-error segments flagged >= minor\n")
        print("| category | " + " | ".join(runs) + " |")
        print("|---|" + "---|" * len(runs))
        for c in cats:
            cells = []
            for rows in runs.values():
                r, _ = rates(rows, acc, clean, talks, keep=lambda x, c=c: x == c)
                cells.append(f"{r['hit_minor']} / {r['flag_minor']}")
            if any(cell != "0 / 0" for cell in cells):
                print(f"| {c} | " + " | ".join(cells) + " |")
    print("\nBy the rater's category (all talks): Major-Acc segments, hit >= minor\n")
    print("| rater's category | segments | " + " | ".join(runs) + " |")
    print("|---|---|" + "---|" * len(runs))
    per_run = {name: rates(rows, acc, clean)[0]["by_rater_category"] for name, rows in runs.items()}
    first = next(iter(per_run.values()))
    for cat, (n, _) in sorted(first.items(), key=lambda kv: -kv[1][0]):
        print(f"| {cat} | {n} | " + " | ".join(_pct(per_run[k].get(cat, [0, 0])[1], n) for k in runs) + " |")


def listing(rows, data, acc, every, n, talks, seed=0):
    """Print ``n`` missed Major-Accuracy segments with the word reading of the marked words."""
    import numpy as np

    from qualcheck import wordalign as W
    from qualcheck.checks import partial
    from qualcheck.embed import get_encoder

    segs, docs = per_segment(rows)
    texts = {(sn, tn, s.seg_id): s.text for tn, t in data.talks.items() for sn, ss in t.systems.items() for s in ss}
    refs = {(tn, s.seg_id): s.text for tn, t in data.talks.items() for s in t.ref}
    keys = {(sn, tn, sid) for (tn, sn), ids in docs.items() for sid in ids if not talks or tn in talks}
    missed = []
    for k in sorted(keys & set(acc)):
        hit = any(s in ("minor", "major") and any(a < y and x < b for a, b in sp for x, y, _ in acc[k])
                  for _, s, sp in segs.get(k, ()))
        if not hit and (k[1], k[2]) in refs:
            missed.append(k)
    print(f"\n{len(missed)} Major-Accuracy segments missed; listing {min(n, len(missed))} (seed {seed})")
    random.Random(seed).shuffle(missed)
    missed = missed[:n]
    enc = get_encoder(cache_dir=CACHE_DIR)
    was = W.align_pairs([(refs[(k[1], k[2])], texts[k]) for k in missed], enc)
    for no, (k, wa) in enumerate(zip(missed, was), 1):
        cand = texts[k]
        f = W.features(wa)
        gate = "read" if f[3] <= partial.CLOSE_PAIR_LEFT and f[4] <= partial.CLOSE_PAIR_LEFT else \
            f"not read for mistranslation (left over ref {f[3]:.2f} / cand {f[4]:.2f} > {partial.CLOSE_PAIR_LEFT})"
        print(f"\n[{no}] {k[1]} seg {k[2]} {k[0]}   pair: {gate}")
        print(f"  ref : {wa.ref}")
        print(f"  cand: {cand}")
        for a, b, cat in acc[k]:
            print(f"  MARK {cat}: {cand[a:b]!r}")
        for m in every.get(k, []):
            if (m[0], m[1], m[2]) not in {(a, b, c) for a, b, c in acc[k]}:
                print(f"  other mark {m[3]} {m[2]}: {cand[m[0]:m[1]]!r}")
        for c, s, sp in segs.get(k, ()):
            print(f"  finding {c} ({s}) on {[cand[a:b] for a, b in sp]}")
        by_c = {j: (i, s, how) for i, j, s, how in wa.pairs}
        pairs_words = []
        for j, t in enumerate(wa.cand_words):
            if not W.is_content(t) or not any(t.start < b and a < t.end for a, b, _ in acc[k]):
                continue
            if j in by_c:
                i, s, how = by_c[j]
                pairs_words.append((t.text, wa.ref_words[i].text, s, how))
            else:
                pairs_words.append((t.text, None, None, "left over"))
        words = list({w.casefold() for p in pairs_words for w in p[:2] if w})
        vec = dict(zip(words, enc.encode(words))) if words else {}
        for c, r, s, how in pairs_words:
            if r is None:
                print(f"    {c!r}: left over")
            else:
                alone = float(np.dot(vec[c.casefold()], vec[r.casefold()]))
                print(f"    {c!r} <- {r!r}: {how}, context {s:.2f}, alone {alone:.2f}")
        left_r = [wa.ref_words[i].text for i in wa.ref_left()]
        if left_r:
            print(f"    reference left over: {left_r}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", default="", help="this run's rows (trust.py --json output); default: computed "
                    "here with trust.run (13 systems, its per-document cache)")
    ap.add_argument("--today-json", action="append", default=[], help="NAME=FILE: another run's rows, printed beside")
    ap.add_argument("--heldout", default="talk.7")
    ap.add_argument("--list", type=int, default=0, help="list this many missed Major-Accuracy segments")
    ap.add_argument("--talks", default="", help="--list: only these talks (comma-separated)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    data = load()
    _, clean = trust.marked_spans()
    every = trust.marks()
    acc = _major_acc(every)
    runs = {}
    for spec in args.today_json:
        name, _, path = spec.rpartition("=")
        runs[name or Path(path).stem] = json.loads(Path(path).read_text(encoding="utf-8").strip().splitlines()[-1])["rows"]
    mine = (json.loads(Path(args.rows).read_text(encoding="utf-8").strip().splitlines()[-1])["rows"] if args.rows
            else trust.run(13, 0)["rows"])
    runs["this branch"] = mine
    print_tables(runs, acc, clean, args.heldout, data.talks)
    if args.list:
        listing(mine, data, acc, every, args.list, set(args.talks.split(",")) - {""}, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
