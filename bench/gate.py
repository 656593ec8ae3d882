"""The confidence gate between alignment and the pair checks (qualcheck/gate.py), fitted on data.

Positives: pairs that are translations of each other: each MQM TED reference segment with the
same segment of two MT systems (chosen at random, errors included: a translation with a Major
error is still a translation) and of the second human translation refB.
Negatives: pairs that are not: a reference segment with the neighbouring segment of a system
(the next or the previous one), with a segment of another talk (shuffled stories), and the seed
pair's sentences of two different reports of one event (every reference x candidate pair the
aligner did not pair, cosine >= 0.3: the near misses).

The gate is a logistic model over (cosine, logit of the meaning probability, |log word-count
ratio|, chrF) fitted on every talk
but the held-out one; its threshold is the lowest at which 98% of the training pairs it lets
through are translations. Printed beside it in the same run, thresholds set the same way: no
gate (today: every aligned pair is compared word by word), the cosine alone, cosine + meaning
probability. Figures on the held-out talk too.

    python bench/gate.py [--fit] [--heldout talk.7] [--per-segment 2] [--precision 0.98]

--fit writes qualcheck/data/pair_gate.json (the shipped gate).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402
from meaning import fit_logistic  # noqa: E402
from mqm import CACHE_DIR, load  # noqa: E402

from qualcheck import gate as qgate  # noqa: E402
from qualcheck.fsio import atomic_write_text  # noqa: E402

PRECISION = 0.98  # the gate's threshold: the lowest at which the training pairs it lets through are 98% translations


def mqm_pairs(data, per_segment: int, rng: random.Random):
    """(talk, kind, reference text, candidate text, label) rows."""
    rows = []
    names = list(data.talks)
    for tn, t in data.talks.items():
        systems = sorted(t.systems)
        refb = {s.seg_id: s.text for s in t.refB}
        for k, seg in enumerate(t.ref):
            for sn in rng.sample(systems, per_segment):
                segs = t.systems[sn]
                if k < len(segs) and segs[k].seg_id == seg.seg_id:
                    rows.append((tn, "translation (MT)", seg.text, segs[k].text, 1))
            if seg.seg_id in refb:
                rows.append((tn, "translation (refB)", seg.text, refb[seg.seg_id], 1))
            sn = rng.choice(systems)
            segs = t.systems[sn]
            nb = [j for j in (k - 1, k + 1) if 0 <= j < len(segs)]
            if nb:
                rows.append((tn, "neighbour", seg.text, segs[rng.choice(nb)].text, 0))
            other = data.talks[rng.choice([n for n in names if n != tn])]
            osys = other.systems[rng.choice(sorted(other.systems))]
            rows.append((tn, "shuffled", seg.text, rng.choice(osys).text, 0))
    return rows


def seed_pairs(enc):
    """The seed pair's reference x candidate sentences the aligner did not pair (cosine >= 0.3)."""
    from qualcheck import check

    data = HERE.parent / "qualcheck" / "data"
    SEED_REF, SEED_CAND = data / "reference_colorado_politics.txt", data / "candidate_machine_translated.txt"
    rep = check(SEED_REF, SEED_CAND, encoder=enc)
    paired = {(i, j) for a in rep.alignment for i in a.ref for j in a.cand}
    r = [s.text for s in rep.reference.sentences]
    c = [s.text for s in rep.candidate.sentences]
    vr, vc = enc.encode(r), enc.encode(c)
    sim = vr @ vc.T
    rows = [("seed", "different report", r[i], c[j], 0) for i in range(len(r)) for j in range(len(c))
            if (i, j) not in paired and sim[i, j] >= 0.3]
    aligned = [(a, rep.reference.group_text(a.ref), rep.candidate.group_text(a.cand)) for a in rep.alignment
               if a.is_pair]
    return rows, aligned


def features(rows, enc):
    vr = enc.encode([r[2] for r in rows])
    vc = enc.encode([r[3] for r in rows])
    cos = (vr * vc).sum(1)
    p = qgate.meaning_many([(r[2], r[3], float(c)) for r, c in zip(rows, cos)], enc)
    shape = np.array([qgate.text_shape(r[2], r[3]) for r in rows])
    return cos, p, shape[:, 0], shape[:, 1]


def _threshold(score, y, target: float) -> float:
    """The lowest threshold at which the pairs scoring at or above it are ``target`` translations."""
    order = np.argsort(-score)
    tp = np.cumsum(y[order] == 1)
    prec = tp / np.arange(1, len(order) + 1)
    ok = np.nonzero(prec >= target)[0]
    return float(score[order][ok.max()]) if len(ok) else float(score.max())


def _pr(passes, y):
    tp = int((passes & (y == 1)).sum())
    fp = int((passes & (y == 0)).sum())
    fn = int((~passes & (y == 1)).sum())
    prec = tp / max(1, tp + fp)
    rec = tp / max(1, tp + fn)
    return prec, rec, fp, fn


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", action="store_true", help="write qualcheck/data/pair_gate.json")
    ap.add_argument("--heldout", default="talk.7")
    ap.add_argument("--per-segment", type=int, default=2, help="MT systems per reference segment")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--precision", type=float, default=PRECISION,
                    help="precision on the training part that sets every rule's threshold")
    args = ap.parse_args(argv)
    target = args.precision
    from qualcheck.embed import get_encoder

    t0 = time.perf_counter()
    rng = random.Random(args.seed)
    data = load()
    enc = get_encoder(cache_dir=CACHE_DIR)
    rows = mqm_pairs(data, args.per_segment, rng)
    srows, aligned = seed_pairs(enc)
    rows += srows
    cos, p, lr, ch = features(rows, enc)
    y = np.array([r[4] for r in rows])
    talk = np.array([r[0] for r in rows])
    kind = np.array([r[1] for r in rows])
    train, test = talk != args.heldout, talk == args.heldout
    x = qgate.gate_features(cos, p, lr, ch)
    g = fit_logistic(x[train], y[train].astype(float), l2=1.0)
    prob = qgate.gate_probability(cos, p, lr, ch, {**g, "threshold": 0.5})
    thr = _threshold(prob[train], y[train], target)
    cos_thr = _threshold(cos[train], y[train], target)
    g2 = fit_logistic(x[train][:, :2], y[train].astype(float), l2=1.0)
    z2 = (x[:, :2] - np.array(g2["mean"])) / np.array(g2["scale"])
    prob2 = 1 / (1 + np.exp(-(z2 @ np.array(g2["coef"]) + g2["intercept"])))
    thr2 = _threshold(prob2[train], y[train], target)
    print(f"# bench/gate.py: {len(rows)} pairs ({int(y.sum())} translations), held-out {args.heldout} "
          f"({int(test.sum())} pairs); {time.perf_counter() - t0:.0f} s")
    print(f"thresholds: the lowest with training precision >= {target}: gate {thr:.3f}, cosine alone {cos_thr:.3f}, "
          f"cosine + meaning {thr2:.3f}\n")
    print(f"{'rule':38s} {'part':9s} {'precision':>9s} {'recall':>7s} {'neg. passed':>11s} {'pos. stopped':>12s}")
    rules = [("no gate (today)", np.ones(len(rows), bool)), ("cosine alone", cos >= cos_thr),
             ("cosine + meaning probability", prob2 >= thr2),
             ("gate: + length ratio + chrF (shipped)", prob >= thr)]
    for name, passes in rules:
        for part, m in (("train", train), ("held-out", test)):
            prec, rec, fp, fn = _pr(passes[m], y[m])
            print(f"{name:38s} {part:9s} {prec:9.3f} {rec:7.3f} {fp:11d} {fn:12d}")
    print("\nnegatives passed, by kind (held-out talk; seed pairs are in the training part)")
    for k in ("neighbour", "shuffled", "different report"):
        m = (kind == k) & (test if k != "different report" else train)
        if m.any():
            print(f"  {k:18s} {int(m.sum()):5d} pairs: no gate {m.sum():5d}, cosine alone {int((cos[m] >= cos_thr).sum()):4d}, "
                  f"cosine + meaning {int((prob2[m] >= thr2).sum()):4d}, gate {int((prob[m] >= thr).sum()):4d}")
    print("\nthe seed pair's aligned pairs (gate probability; below the threshold: one mismatch.unrelated)")
    for a, rt, ct in aligned:
        c = float(qgate.meaning_many([(rt, ct, float(a.score))], enc)[0])
        gp = float(qgate.gate_probability(a.score, c, *qgate.text_shape(rt, ct), {**g, "threshold": thr})[0])
        print(f"  R{'/'.join(str(i + 1) for i in a.ref):6s} C{'/'.join(str(j + 1) for j in a.cand):9s} cos {a.score:.3f} "
              f"p_same {c:.2f} gate {gp:.2f} {'PASS' if gp >= thr else 'stop'}  {rt[:40]!r} | {ct[:40]!r}")
    if args.fit:
        out = {**g, "threshold": thr, "features": list(qgate.FEATURES), "precision_target": target,
               "fitted_on": f"bench/gate.py: MQM TED talks but {args.heldout}, the seed pair; seed {args.seed}"}
        path = HERE.parent / "qualcheck" / "data" / qgate.GATE_FILE
        atomic_write_text(path, json.dumps(out, indent=1) + "\n")
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
