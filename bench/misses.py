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

`--words` measures, on every MT segment pair alone (its word alignment), whether a word substitution the word
reading sees (`wordpairs.substitutions`: a content word matched in context to another stem, or the lone left-over
content word on each side between the same matched neighbours; names, numbers, spelling variants and look-alikes
left to their checks) tells a marked mistranslation from a faithful rewording: for each signal and threshold, the
Major-Accuracy segments where a firing substitution's candidate word overlaps the mark against the No-error
segments where one fires, on the talks other than the held-out one and on it, and refB segments; and how often the
identical substitution (talk, segment, reference word, candidate word) is marked in one system and No-error in
another.

    python bench/misses.py [--rows FILE] [--today-json NAME=FILE ...] [--list 60] [--talks talk.2,talk.5] [--words]
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


def run_rows(systems_per_talk: int = 13, seed: int = 0) -> list[dict]:
    """trust.py's rows of this interpreter's qualcheck (its documents, its per-document disk cache), except that
    every finding's candidate span counts, as in meaning.py's span table: a one-side finding on the reference
    (`omission.partial`, `name.missing`) has its place in the candidate, which trust.py's rows leave out."""
    import os

    from qualcheck.embed import get_encoder

    data = load()
    enc = get_encoder(cache_dir=os.environ.get("QUALCHECK_TRUST_CACHE", CACHE_DIR))
    rng = random.Random(seed)
    rows = []
    for tn, talk in data.talks.items():
        for sn in rng.sample(sorted(talk.systems), systems_per_talk):
            ref_text, ref_offs, cand_text, cand_offs = trust._docs(talk, sn)
            for f in trust._findings(ref_text, cand_text, enc):
                spans = ([tuple(f["cand_span"])] if f["cand_span"] else []) + [tuple(o) for o in f["occurrences"]
                                                                               if f["side"] != "reference"]
                local = [(sid, a - s0, b - s0) for a, b in spans for sid, s0 in trust._segs_of((a, b), cand_offs)]
                segs = {sid for sid, _, _ in local}
                if f["side"] in ("reference", "both") and f["ref_span"]:
                    segs |= {sid for sid, _ in trust._segs_of(tuple(f["ref_span"]), ref_offs)}
                rows.append({"talk": tn, "system": sn, "category": f["category"], "severity": f["severity"],
                             "segs": sorted(segs), "local": local, "message": f["message"]})
            rows.append({"talk": tn, "system": sn, "category": "", "severity": "", "segs": [], "local": [],
                         "all_segs": [sid for _, _, sid in cand_offs]})
    return rows


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


def _substitutions(data, acc, clean):
    """Every MT segment pair (Major-Accuracy, No-error) and refB segment pair, with the substitutions its word
    alignment shows and four signals each: the two words' cosine alone, their contextual cosine, the candidate
    word's best contextual match in the reference, and how much the sentence cosine to the reference rises when the
    reference word is put back in the candidate's place."""
    import numpy as np
    from rapidfuzz import fuzz

    from qualcheck import wordalign as W
    from qualcheck.checks import partial
    from qualcheck.checks.wordpairs import substitutions
    from qualcheck.embed import get_encoder
    from qualcheck.models import spacy_pipeline

    refs = {(tn, s.seg_id): s.text for tn, t in data.talks.items() for s in t.ref}
    items = []
    for tn, t in data.talks.items():
        for sn, ss in [*t.systems.items(), ("refB", t.refB or [])]:
            for s in ss:
                k = (sn, tn, s.seg_id)
                lab = "refB" if sn == "refB" else "acc" if k in acc else "clean" if k in clean else ""
                if lab and (tn, s.seg_id) in refs:
                    items.append((k, lab, refs[(tn, s.seg_id)], s.text))
    enc = get_encoder(cache_dir=CACHE_DIR)
    was = W.align_pairs([(r, c) for _, _, r, c in items], enc)
    rows = []
    for (k, lab, r, c), wa in zip(items, was):
        subs = []
        for i, j in substitutions(wa):
            rt, ct = wa.ref_words[i], wa.cand_words[j]
            if partial._skip(rt, r) or partial._skip(ct, c) or W.spelling_key(rt.text) == W.spelling_key(ct.text) \
                    or fuzz.ratio(rt.low, ct.low) >= partial.LOOKALIKE:
                continue
            subs.append({"i": i, "j": j, "r": rt.text, "c": ct.text, "rs": rt.start, "cs": ct.start, "ce": ct.end,
                         "swapped": c[:ct.start] + rt.text + c[ct.end:], "frame": _frame(wa, i, j)})
        f = W.features(wa)
        rows.append({"k": k, "lab": lab, "r": r, "c": c, "subs": subs, "marks": acc.get(k, []),
                     "close": f[3] <= partial.CLOSE_PAIR_LEFT and f[4] <= partial.CLOSE_PAIR_LEFT})
    words = sorted({w.casefold() for o in rows for s in o["subs"] for w in (s["r"], s["c"])})
    wv = dict(zip(words, enc.encode(words)))
    texts = sorted({t for o in rows if o["subs"] for t in (o["r"], o["c"])})
    tv = dict(zip(texts, W.word_vectors(texts, enc)))
    tagged = sorted({o["r"] for o in rows if o["subs"]})
    pos = {t: {w.idx: w.pos_ for w in d} for t, d in zip(tagged, spacy_pipeline().pipe(tagged, disable=["ner", "parser"]))}
    sents = sorted({t for o in rows if o["subs"] for t in (o["r"], o["c"], *(s["swapped"] for s in o["subs"]))})
    sv = dict(zip(sents, enc.encode(sents)))
    for o in rows:
        if not o["subs"]:
            continue
        sim = tv[o["r"]] @ tv[o["c"]].T
        base = float(np.dot(sv[o["r"]], sv[o["c"]]))
        for s in o["subs"]:
            s["alone"] = float(np.dot(wv[s["r"].casefold()], wv[s["c"].casefold()]))
            s["context"] = float(sim[s["i"], s["j"]])
            s["best"] = float(sim[:, s["j"]].max())
            s["gain"] = float(np.dot(sv[o["r"]], sv[s["swapped"]])) - base
            s["pos"] = pos[o["r"]].get(s["rs"], "")
    return rows


def _frame(wa, i: int, j: int) -> bool:
    """The words right before and after the pair are the same word on both sides (or both at the sentence's
    edge): a word changed inside a frame the candidate keeps verbatim."""
    same = {(a, b) for a, b, _, how in wa.pairs if how == "same"}
    for d in (-1, 1):
        a, b = i + d, j + d
        edge_a, edge_b = not 0 <= a < len(wa.ref_words), not 0 <= b < len(wa.cand_words)
        if not (edge_a and edge_b) and (a, b) not in same:
            return False
    return True


WORD_RULES = [("the shipped check: close pair, alone < 0.25", lambda o, s: o["close"] and s["alone"] < 0.25)] + [
    (f"{name} {op} {t}", (lambda o, s, f=feat, t=t, lt=op == "<": s[f] < t if lt else s[f] >= t))
    for name, feat, op, ts in (("alone", "alone", "<", (0.2, 0.3, 0.4)), ("context", "context", "<", (0.2, 0.3)),
                               ("best match in the reference", "best", "<", (0.3, 0.4)),
                               ("sentence cosine gain, reference word put back", "gain", ">=", (0.1, 0.15)))
    for t in ts] + [
    ("the reference word a noun (spaCy), alone < 0.3", lambda o, s: s["pos"] == "NOUN" and s["alone"] < 0.3),
    ("the reference word an adjective, alone < 0.3", lambda o, s: s["pos"] == "ADJ" and s["alone"] < 0.3),
    ("the reference word a verb, alone < 0.3", lambda o, s: s["pos"] == "VERB" and s["alone"] < 0.3),
    ("in a verbatim frame (the words before and after the same), alone < 0.3", lambda o, s: s["frame"] and s["alone"] < 0.3),
    ("in a verbatim frame, any similarity", lambda o, s: s["frame"]),
    ("any substitution", lambda o, s: True)]


def words_table(data, acc, clean, heldout):
    rows = _substitutions(data, acc, clean)
    print("\n### Word substitutions the word reading sees: marked mistranslation or faithful rewording?\n")
    parts = [("built on (every talk but " + heldout + ")", lambda tn: tn != heldout), (heldout, lambda tn: tn == heldout)]
    n = {p: (sum(1 for o in rows if o["lab"] == "acc" and keep(o["k"][1])),
             sum(1 for o in rows if o["lab"] == "clean" and keep(o["k"][1]))) for p, keep in parts}
    n_b = sum(1 for o in rows if o["lab"] == "refB")
    print("| rule (a substitution fires when) | " + " | ".join(
        f"{p}: Major-Acc hit on the mark ({n[p][0]}) / No-error flagged ({n[p][1]}), hits per flag" for p, _ in parts)
        + f" | refB flagged ({n_b}) | likelihood ratio, built on: Major-Acc segments with one anywhere / No-error |")
    print("|---|" + "---|" * (len(parts) + 2))
    for name, rule in WORD_RULES:
        cells = []
        for p, keep in parts:
            h = sum(1 for o in rows if o["lab"] == "acc" and keep(o["k"][1]) and any(
                rule(o, s) and any(s["cs"] < y and x < s["ce"] for x, y, _ in o["marks"]) for s in o["subs"]))
            f = sum(1 for o in rows if o["lab"] == "clean" and keep(o["k"][1]) and any(rule(o, s) for s in o["subs"]))
            cells.append(f"{h} / {f}, {h / max(1, f):.2f}")
        b = sum(1 for o in rows if o["lab"] == "refB" and any(rule(o, s) for s in o["subs"]))
        keep = parts[0][1]  # the segment-level likelihood ratio on the talks read: fired anywhere in the sentence
        fa = sum(1 for o in rows if o["lab"] == "acc" and keep(o["k"][1]) and any(rule(o, s) for s in o["subs"]))
        fc = sum(1 for o in rows if o["lab"] == "clean" and keep(o["k"][1]) and any(rule(o, s) for s in o["subs"]))
        lr = (fa / max(1, n[parts[0][0]][0])) / max(1e-9, fc / max(1, n[parts[0][0]][1]))
        print(f"| {name} | " + " | ".join(cells) + f" | {b} | {lr:.2f} |")
    groups = defaultdict(list)
    for o in rows:
        if o["lab"] not in ("acc", "clean"):
            continue
        for s in o["subs"]:
            if s["alone"] < 0.3:
                on = o["lab"] == "acc" and any(s["cs"] < y and x < s["ce"] for x, y, _ in o["marks"])
                groups[(o["k"][1], o["k"][2], s["r"].lower(), s["c"].lower())].append(
                    "hit" if on else "No-error" if o["lab"] == "clean" else "marked elsewhere")
    multi = {k: v for k, v in groups.items() if len(v) >= 2}
    both = sorted(k for k, v in multi.items() if "hit" in v and "No-error" in v)
    print(f"\nThe identical substitution (alone < 0.3) in two systems or more: {len(multi)} (talk, segment, reference "
          f"word, candidate word); marked Major Accuracy on it {sum(v.count('hit') for v in multi.values())} times, "
          f"No-error {sum(v.count('No-error') for v in multi.values())} times; marked in one system and No-error in "
          f"another: {len(both)}; only ever marked: {sum(1 for v in multi.values() if 'No-error' not in v and 'hit' in v)}; "
          f"only ever No-error: {sum(1 for v in multi.values() if 'hit' not in v and 'No-error' in v)}")
    for k in both:
        print(f"  {k[0]} seg {k[1]}: {k[2]} -> {k[3]}: " + ", ".join(f"{x} {groups[k].count(x)}" for x in
                                                                    ("hit", "No-error", "marked elsewhere") if x in groups[k]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", default="", help="this run's rows (trust.py --json output: no places of one-side "
                    "reference findings); default: computed here (run_rows: 13 systems, trust.py's per-document cache)")
    ap.add_argument("--today", action="append", default=[], help="NAME=DIR: a qualcheck checkout (e.g. main's "
                    "`git archive`) whose rows are computed by this script with PYTHONPATH=DIR, printed beside")
    ap.add_argument("--today-json", action="append", default=[], help="NAME=FILE: another run's rows, printed beside")
    ap.add_argument("--heldout", default="talk.7")
    ap.add_argument("--list", type=int, default=0, help="list this many missed Major-Accuracy segments")
    ap.add_argument("--talks", default="", help="--list: only these talks (comma-separated)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--words", action="store_true", help="the word substitution table (runs the encoder, ~2 min)")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # run_rows of this interpreter's code
    args = ap.parse_args(argv)
    if args.json:
        print(json.dumps({"rows": run_rows()}))
        return 0
    data = load()
    _, clean = trust.marked_spans()
    every = trust.marks()
    acc = _major_acc(every)
    runs = {}
    for spec in args.today_json:
        name, _, path = spec.rpartition("=")
        runs[name or Path(path).stem] = json.loads(Path(path).read_text(encoding="utf-8").strip().splitlines()[-1])["rows"]
    for spec in args.today:
        import os
        import subprocess

        name, _, path = spec.rpartition("=")
        # the per-document cache is keyed by a digest of the code, so the checkout reads its own entries
        env = {**os.environ, "PYTHONPATH": path}
        p = subprocess.run([sys.executable, __file__, "--json"], env=env, stdout=subprocess.PIPE, text=True, check=True)
        runs[name or path] = json.loads(p.stdout.strip().splitlines()[-1])["rows"]
    mine = (json.loads(Path(args.rows).read_text(encoding="utf-8").strip().splitlines()[-1])["rows"] if args.rows
            else run_rows())
    runs["this branch"] = mine
    print_tables(runs, acc, clean, args.heldout, data.talks)
    if args.words:
        words_table(data, acc, clean, args.heldout)
    if args.list:
        listing(mine, data, acc, every, args.list, set(args.talks.split(",")) - {""}, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
