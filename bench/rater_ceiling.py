"""What a second expert rater reaches on issue 18's labels (MQM TED zh-en), beside qualcheck on the same segments.

    python bench/rater_ceiling.py [--boot 1000] [--no-spans]

Each segment of the MQM file has one rater. Where two MT systems wrote the identical sentence for the same talk and
seg_id and two *different* raters rated the two copies, rater B's annotation of the sentence is a "system" scored
against rater A's labels with each of issue 18's measures, on exactly bench/meaning.py's data and definitions:

- **AUC** No-error vs Major (``mqm.load``: No-error = MQM 0; Major = a Major error other than punctuation) of A's
  label, B's MQM score (negated) as the score; overall and within the reference-length thirds of all rated
  segments (the cuts ``pair_candidates.metrics`` prints for the full data);
- **Kendall tau** of B's score (-MQM of B) with A's -MQM, every ordered pair (minor-only segments included);
- **spans** (``meaning_pairs.marked_spans`` / ``span_rates``' rule): of the pairs whose A marked a Major *Accuracy*
  span on the translation, the share where B marked a span at >= minor (or at major) overlapping one of them; of
  the pairs whose A segment is No-error (MQM 0, no Major-Accuracy span), the share where B marked anything at >=
  minor (MQM > 0), or a Major.

Both directions: every ordered pair (A, B) of different raters counts once, so each figure is the mean of the
two directions. 95% intervals: percentile bootstrap over the identical-sentence groups (talk, seg_id, text), which
keeps a group's pairs together.

Also printed: the AUC within each (rater A, rater B) pair (each rater's strictness one constant there), and the
same rater on the other copy of an identical sentence (self-consistency, an upper bound: not a second opinion).

qualcheck on the same ordered pairs, same run: its pair meaning score (the shipped ``data/pair_score.json`` model
on the pair's features: fitted on the ``ref`` pairs of 5 of these systems on these talks, so in-sample for part of
them; a leave-one-talk-out refit on the subset itself is printed beside it) against A's labels; its findings
(``meaning_pairs.span_table``'s documents: every ``ref`` segment against the system's segments, one paragraph
each; findings cached per document in ``bench/.cache/trust/`` by trust.py's key) on A's own segment against A's
marks; chrF as the text baseline.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from mqm import CACHE_DIR, DEFAULT_TSV, load, raters  # noqa: E402

import meaning_pairs as mp  # noqa: E402

SEVS = ("Major", "Minor")


def identical_pairs(data, who, same_rater=False):
    """Ordered pairs (group, key A, key B): two systems' identical sentence (same talk, seg_id, text), rated by two
    different raters (``same_rater``: by the same rater, the self-consistency line)."""
    groups = defaultdict(list)
    for tn, t in data.talks.items():
        for sn, segs in sorted(t.systems.items()):
            for s in segs:
                k = (sn, tn, s.seg_id)
                if k in data.mqm:
                    groups[(tn, s.seg_id, s.text)].append(k)
    out = []
    for g, keys in groups.items():
        for a, b in itertools.permutations(keys, 2):
            if (who[a] == who[b]) == same_rater:
                out.append((g, a, b))
    return out


def _overlap(spans_a, spans_b):
    return any(x < d and c < y for x, y in spans_a for c, d in spans_b)


def rater_as_system(data, marked, pairs):
    """Per ordered pair: A's labels and B's annotation as a score and as findings."""
    rows = []
    for g, a, b in pairs:
        acc_a = [(x, y) for cat, sev, x, y in marked.get(a, ()) if cat.startswith("Accuracy") and sev == "Major"]
        b_any = [(x, y) for cat, sev, x, y in marked.get(b, ()) if sev in SEVS]
        b_major = [(x, y) for cat, sev, x, y in marked.get(b, ()) if sev == "Major"]
        rows.append({
            "group": g, "a": a, "b": b,
            "mqm_a": data.mqm[a], "major_a": data.major.get(a, False), "acc_a": acc_a,
            "score_b": -data.mqm[b],
            "hit_b": bool(acc_a) and _overlap(acc_a, b_any), "hit_b_major": bool(acc_a) and _overlap(acc_a, b_major),
            "flag_b": data.mqm[b] > 0, "flag_b_major": data.major.get(b, False),
        })
    return rows


def findings_per_segment(data, systems, progress=print):
    """``meaning_pairs.span_table``'s per-segment findings (its documents, its rule putting a finding on a
    segment), with each document's findings read through trust.py's disk cache (same code, same texts)."""
    from types import SimpleNamespace

    import trust
    from qualcheck.embed import get_encoder

    enc = get_encoder(cache_dir=CACHE_DIR)
    per_seg = {}
    for tn, sn, ref_text, cand_text, starts in mp.documents(data, systems):
        t0 = time.perf_counter()
        found = [SimpleNamespace(**f) for f in trust._findings(ref_text, cand_text, enc)]
        progress(f"  {tn} {sn}: {len(found)} findings, {time.perf_counter() - t0:.1f} s")
        # the candidate sentences' extents, for span_table's `whole` flag, are not kept in the cache: every
        # figure here counts all findings (span_table's "after: every check" row)
        for f in found:
            if f.cand_span is None:
                continue
            a, b = f.cand_span
            for s0, s1, sid in starts:
                if a < s1 and s0 < b:
                    per_seg.setdefault((sn, tn, sid), []).append(
                        (f.category, f.severity, max(a, s0) - s0, min(b, s1) - s0))
    return per_seg


def qualcheck_findings(rows, per_seg):
    """The same ordered pairs with qualcheck's findings on A's own segment in B's place."""
    for r in rows:
        fs = per_seg.get(r["a"], ())
        minor = [(x, y) for cat, sev, x, y in fs if sev in ("minor", "major")]
        major = [(x, y) for cat, sev, x, y in fs if sev == "major"]
        r["hit_q"] = bool(r["acc_a"]) and _overlap(r["acc_a"], minor)
        r["hit_q_major"] = bool(r["acc_a"]) and _overlap(r["acc_a"], major)
        r["flag_q"] = bool(minor)
        r["flag_q_major"] = bool(major)


def measures(rows, idx, score_key, who=None, thirds=None):
    """(AUC, AUC per length third, tau[, span hit >= minor, hit major, flagged >= minor, flagged major]) on
    rows[idx]; ``who`` ("b": rater B's marks, "q": qualcheck's findings) adds the span figures, read from the
    rows' ``hit_<who>``, ``hit_<who>_major``, ``flag_<who>``, ``flag_<who>_major``."""
    from scipy.stats import kendalltau

    from meaning import _auc

    mqm_a = np.array([rows[i]["mqm_a"] for i in idx])
    major_a = np.array([rows[i]["major_a"] for i in idx])
    score = np.array([rows[i][score_key] for i in idx])
    sel = (mqm_a == 0) | major_a
    ok = mqm_a == 0
    auc = _auc(score[sel], ok[sel])
    per = []
    if thirds is not None:
        nw = np.array([rows[i]["ref_words"] for i in idx])
        for lo, hi in thirds:
            m = sel & (nw > lo) & (nw <= hi)
            per.append(_auc(score[m], ok[m]) if 0 < ok[m].sum() < m.sum() else float("nan"))
    tau = kendalltau(score, -mqm_a)[0]
    out = [auc, *per, tau]
    if who:
        acc = np.array([bool(rows[i]["acc_a"]) for i in idx])
        clean = ok & ~acc
        for k, where in ((f"hit_{who}", acc), (f"hit_{who}_major", acc), (f"flag_{who}", clean),
                         (f"flag_{who}_major", clean)):
            out.append(np.array([rows[i][k] for i in idx])[where].mean())
    return out


def within_rater_pairs(rows, idx, score_key, min_each=20):
    """AUC No-error vs Major of A's label within each (rater A, rater B) pair with at least ``min_each`` of each
    class: weighted mean (by pairs) and how many rater pairs. Within one pair B's strictness is one offset and A's
    one threshold: what is left is whether the two rank the sentences alike."""
    from meaning import _auc

    by = defaultdict(list)
    for i in idx:
        r = rows[i]
        if r["mqm_a"] == 0 or r["major_a"]:
            by[(r["rater_a"], r["rater_b"])].append(i)
    aucs, ws = [], []
    for ii in by.values():
        ok = np.array([rows[i]["mqm_a"] == 0 for i in ii])
        if ok.sum() >= min_each and (~ok).sum() >= min_each:
            aucs.append(_auc(np.array([rows[i][score_key] for i in ii]), ok))
            ws.append(len(ii))
    return [float(np.average(aucs, weights=ws)) if aucs else float("nan"), float(len(aucs))]


def bootstrap(rows, fn, n_boot, seed=0):
    """Percentile 95% interval of fn(indices), resampling the identical-sentence groups."""
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["group"]].append(i)
    gl = list(groups.values())
    rng = np.random.default_rng(seed)
    res = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(gl), len(gl))
        res.append(fn([i for g in pick for i in gl[g]]))
    res = np.array(res, dtype=float)
    return np.nanpercentile(res, 2.5, axis=0), np.nanpercentile(res, 97.5, axis=0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples")
    ap.add_argument("--no-spans", action="store_true", help="skip qualcheck's findings (65 document checks)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    data = load()
    who = raters()
    marked = mp.marked_spans(DEFAULT_TSV)
    pairs = identical_pairs(data, who)
    rows = rater_as_system(data, marked, pairs)
    refs = {(tn, s.seg_id): s.text for tn, t in data.talks.items() for s in t.ref}
    rows = [r for r in rows if (r["a"][1], r["a"][2]) in refs]
    for r in rows:
        r["rater_a"], r["rater_b"] = who[r["a"]], who[r["b"]]
        r["ref"] = refs[(r["a"][1], r["a"][2])]
        r["text"] = r["group"][2]
        r["ref_words"] = len(r["ref"].split())
    # the length thirds of every rated segment (all 13 systems), as pair_candidates.metrics cuts them
    nw_all = np.array([len(x[3].split()) for x in mp.segment_pairs(data, "ref")])
    cuts = np.quantile(nw_all, [1 / 3, 2 / 3])
    thirds = [(0, cuts[0]), (cuts[0], cuts[1]), (cuts[1], 10**6)]
    third_names = [f"{int(lo) + 1}-{int(hi) if hi < 10**6 else int(nw_all.max())}" for lo, hi in thirds]

    # qualcheck's pair score and chrF on the same (reference, text) pairs
    from sacrebleu.metrics import CHRF

    from qualcheck import scoring
    from qualcheck.embed import get_encoder

    enc = get_encoder(cache_dir=CACHE_DIR)
    uniq = sorted({(r["a"][1], r["a"][2], r["ref"], r["text"]) for r in rows})
    fake = [(tn, "x", sid, ref, text, 0.0, False) for tn, sid, ref, text in uniq]
    t1 = time.perf_counter()
    x = mp.feature_matrix(fake, enc)
    print(f"  features of {len(fake)} distinct pairs: {time.perf_counter() - t1:.0f} s", file=sys.stderr)
    model = scoring.pair_score_model(True)
    p = scoring.probability(x, model)
    at = {(u[0], u[1], u[3]): i for i, u in enumerate(uniq)}
    metric = CHRF()
    for r in rows:
        i = at[(r["a"][1], r["a"][2], r["text"])]
        r["score_q"] = float(p[i])
        r["score_chrf"] = metric.sentence_score(r["text"], [r["ref"]]).score
    # the same model's features refitted leave-one-talk-out on the subset's own (A-labelled) rows
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    F = list(mp.ALL_FEATS)
    fidx = [F.index(f) for f in model["features"]]
    xi = np.array([x[at[(r["a"][1], r["a"][2], r["text"])]] for r in rows])[:, fidx]
    y = np.array([r["mqm_a"] == 0 for r in rows])
    sel = y | np.array([r["major_a"] for r in rows])
    talks = np.array([r["a"][1] for r in rows])
    loto = np.zeros(len(rows))
    for tn in np.unique(talks):
        m = sel & (talks != tn)
        lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)).fit(xi[m], y[m])
        loto[talks == tn] = lr.predict_proba(xi[talks == tn])[:, 1]
    for r, v in zip(rows, loto):
        r["score_loto"] = float(v)

    spans = not args.no_spans
    if spans:
        systems = sorted({r["a"][0] for r in rows})
        per_seg = findings_per_segment(data, systems, progress=lambda m: print(m, file=sys.stderr))
        qualcheck_findings(rows, per_seg)

    idx = list(range(len(rows)))
    n_groups = len({r["group"] for r in rows})
    n_sel = sum(1 for r in rows if r["mqm_a"] == 0 or r["major_a"])
    n_ok = sum(1 for r in rows if r["mqm_a"] == 0)
    n_acc = sum(1 for r in rows if r["acc_a"])
    n_clean = sum(1 for r in rows if r["mqm_a"] == 0 and not r["acc_a"])
    n_third = [sum(1 for r in rows if (r["mqm_a"] == 0 or r["major_a"]) and lo < r["ref_words"] <= hi)
               for lo, hi in thirds]
    print(f"\nIdentical MT sentence, two different raters: {len(rows)} ordered pairs (each direction once) in "
          f"{n_groups} groups (talk, seg_id, text), {len({r['a'][0] for r in rows})} systems. A's No-error vs "
          f"Major: {n_sel} pairs ({n_ok} No-error; thirds {' / '.join(map(str, n_third))}); A marked a Major "
          f"Accuracy span: {n_acc}; A No-error (no such span): {n_clean}. 95% intervals: bootstrap over the "
          f"groups, {args.boot} resamples.\n")
    cols = ["AUC", *[f"AUC {t} words" for t in third_names], "tau"]
    span_cols = ["Major-Acc hit, >= minor", "hit, major", "No-error flagged, >= minor", "flagged, major"]
    print("| 'system' scored against rater A | " + " | ".join(cols + span_cols) + " |")
    print("|---" * (1 + len(cols) + len(span_cols)) + "|")
    lines = [("rater B (another expert of the campaign, the identical sentence)", "score_b", "b"),
             ("qualcheck: pair score (shipped model; in-sample for part) / every finding (spans)", "score_q",
              "q" if spans else None),
             ("qualcheck pair score, refitted leave-one-talk-out on these pairs", "score_loto", None),
             ("chrF (sacrebleu), text baseline", "score_chrf", None)]
    for name, sk, hk in lines:
        def fn(ix, sk=sk, hk=hk):
            return measures(rows, ix, sk, hk, thirds)
        point = fn(idx)
        lo, hi = bootstrap(rows, fn, args.boot)
        cells = [f"{v:.3f} [{a:.3f}, {b:.3f}]" for v, a, b in zip(point, lo, hi)]
        if not hk:
            cells += ["-"] * len(span_cols)
        print(f"| {name} | " + " | ".join(cells) + " |")

    # the same rater on the identical sentence (two systems' copies): how consistent one rater is with themself
    same = rater_as_system(data, marked, identical_pairs(data, who, same_rater=True))
    same = [r for r in same if (r["a"][1], r["a"][2]) in refs]
    for r in same:
        r["ref_words"] = len(refs[(r["a"][1], r["a"][2])].split())
    n_same = (sum(1 for r in same if r["mqm_a"] == 0 or r["major_a"]), sum(1 for r in same if r["mqm_a"] == 0),
              sum(1 for r in same if r["acc_a"]))

    def fn_same(ix):
        return measures(same, ix, "score_b", "b", thirds)
    point = fn_same(list(range(len(same))))
    lo, hi = bootstrap(same, fn_same, args.boot)
    print(f"| the same rater on the other copy (self-consistency; {len(same)} ordered pairs, {n_same[0]} No-error + "
          f"Major of which {n_same[1]} No-error, {n_same[2]} Major-Accuracy) | "
          + " | ".join(f"{v:.3f} [{a:.3f}, {b:.3f}]" for v, a, b in zip(point, lo, hi)) + " |")
    # within one (rater A, rater B) pair: the raters' strictness taken out
    print("\n| within each (rater A, rater B) pair with >= 20 No-error and >= 20 Major of A (weighted mean) | AUC | "
          "rater pairs |\n|---|---|---|")
    for name, sk in (("rater B", "score_b"), ("qualcheck pair score (shipped)", "score_q"),
                     ("qualcheck pair score, refitted leave-one-talk-out", "score_loto"), ("chrF", "score_chrf")):
        def fn_w(ix, sk=sk):
            return within_rater_pairs(rows, ix, sk)
        point = fn_w(idx)
        lo, hi = bootstrap(rows, fn_w, args.boot)
        print(f"| {name} | {point[0]:.3f} [{lo[0]:.3f}, {hi[0]:.3f}] | {int(point[1])} |")

    print(f"\n{time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
