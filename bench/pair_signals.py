"""More candidate signals for the pair meaning score (issue 18, fourth session), beside the shipped score.

    python bench/pair_signals.py [--refresh] [--cost 120]

Data and method as ``bench/pair_candidates.py`` (MQM TED zh-en, ``ref`` against 5 MT systems, No-error vs Major,
ROC AUC overall and within reference-length thirds, Kendall tau with -MQM; every model row leave-one-talk-out,
logistic regression fitted on the ``ref`` pairs of the four other talks; ``refB``, the second human translation
as the reference, held out). The shipped pair score (``data/pair_score.json``'s features, refitted
leave-one-talk-out) and chrF are the baselines, measured in the same run.

Signals tried:
- ``bertscore L1..L6``: BERTScore (Zhang et al. 2020) greedy matching of the word pieces of all-MiniLM-L6-v2's
  hidden state at layer k (1-6; 6 is the last, the one the word reading uses), precision / recall / F, plain and
  IDF-weighted (IDF over the reference side's segments of all talks: no label is read; for ``refB`` rows over
  refB's segments);
- ``surface``: what a Major error leaves on the candidate side alone or against the reference's surface:
  untranslated (CJK) characters, non-ASCII letters, repeated words and bigrams, signed length ratio,
  punctuation count difference, unbalanced quotes / brackets, doubled punctuation, missing final stop, word
  pieces per word (garbled or invented words split into many pieces), capitalised words the reference lacks;
- ``lexical``: sacrebleu's TER and chrF++ (word bigrams too) beside chrF;
- fits with a nuisance dropped when scoring: the rater as a fixed effect, sentence length.

Why the figures stay low (``rater_table``, ``identical_text_agreement``): each segment has one rater, and who rated
it predicts No-error vs Major better than any text signal; two raters agree little on an identical sentence. The
scores' AUC within one rater's segments is printed beside the pooled one.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from mqm import CACHE_DIR, load, raters  # noqa: E402

import meaning_pairs as mp  # noqa: E402
import pair_candidates as pc  # noqa: E402

LAYERS = (1, 2, 3, 4, 5, 6)
LOW = 0.5  # a piece whose best match on the other side is below this cosine is "not carried" (not tuned)


# ---------------------------------------------------------------- hidden states of every layer (torch)

class Layers:
    """all-MiniLM-L6-v2 (the torch model of models.txt) run once per text with every hidden state kept."""

    def __init__(self):
        from sentence_transformers import SentenceTransformer

        from qualcheck.models import resolve

        _, path = resolve("all-MiniLM-L6-v2")
        self.st = SentenceTransformer(str(path), device="cpu")
        self.tok = self.st.tokenizer
        self.model = self.st[0].auto_model

    def run(self, texts, batch=32, every=True):
        """{text: (ids without [CLS]/[SEP], [layer] -> normalised piece vectors (n x 384))}; ``every=False``:
        the last layer only (the cost baseline: the pass the word reading makes)."""
        import torch

        out = {}
        order = sorted(set(texts), key=len)
        for s in range(0, len(order), batch):
            chunk = order[s : s + batch]
            enc = self.tok(chunk, padding=True, truncation=True, max_length=256, return_tensors="pt")
            with torch.no_grad():
                o = self.model(**enc, output_hidden_states=every)
            hs = o.hidden_states if every else {k: o.last_hidden_state for k in LAYERS}
            mask = enc["attention_mask"].numpy()
            ids = enc["input_ids"].numpy()
            for r, t in enumerate(chunk):
                n = int(mask[r].sum())
                keep = slice(1, n - 1)  # [CLS] ... [SEP]
                vecs = {}
                for k in LAYERS if every else LAYERS[-1:]:
                    h = hs[k][r, keep].numpy()
                    vecs[k] = h / np.maximum(np.linalg.norm(h, axis=1, keepdims=True), 1e-9)
                out[t] = (ids[r, keep], vecs)
        return out


def idf_table(texts, tok):
    """BERTScore's IDF over a set of reference segments: -log((1 + df) / (1 + M)) per word piece id."""
    df = Counter()
    for t in texts:
        df.update(set(tok(t, add_special_tokens=False)["input_ids"]))
    m = len(texts)
    return lambda i: math.log((m + 1) / (df.get(int(i), 0) + 1))


def bertscore(ref, cand, layers, idf):
    """[P, R, F, P_idf, R_idf, F_idf, R_min, P_min, R_low, P_low] per layer of LAYERS, one flat row: BERTScore
    and the worst-covered piece of each side (a Major error is often one or two words, which a mean dilutes):
    the lowest best-match cosine and the IDF-weighted share of pieces whose best match is under 0.5."""
    (ir, vr), (ic, vc) = layers[ref], layers[cand]
    wr = np.array([idf(i) for i in ir]) if len(ir) else np.zeros(0)
    wc = np.array([idf(i) for i in ic]) if len(ic) else np.zeros(0)
    row = []
    for k in LAYERS:
        if not len(ir) or not len(ic):
            row += [0.0] * 10
            continue
        sim = vr[k] @ vc[k].T
        r_best, p_best = sim.max(1), sim.max(0)
        r, p = float(r_best.mean()), float(p_best.mean())
        ri = float((r_best * wr).sum() / max(wr.sum(), 1e-9))
        pi = float((p_best * wc).sum() / max(wc.sum(), 1e-9))
        f = 2 * p * r / (p + r) if p + r > 0 else 0.0
        fi = 2 * pi * ri / (pi + ri) if pi + ri > 0 else 0.0
        low_r = float(((r_best < LOW) * wr).sum() / max(wr.sum(), 1e-9))
        low_p = float(((p_best < LOW) * wc).sum() / max(wc.sum(), 1e-9))
        row += [p, r, f, pi, ri, fi, float(r_best.min()), float(p_best.min()), low_r, low_p]
    return row


BERT_NAMES = [f"L{k}_{m}" for k in LAYERS
              for m in ("p", "r", "f", "p_idf", "r_idf", "f_idf", "r_min", "p_min", "r_low", "p_low")]


def bert_matrix(rows, lay: Layers, idf):
    layers = lay.run([t for r in rows for t in (r[3], r[4])])
    return np.array([bertscore(r[3], r[4], layers, idf) for r in rows])


# ---------------------------------------------------------------- surface signals

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PUNCT = re.compile(r"[^\w\s]")
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"))


def _words(t):
    return [w.casefold() for w in _WORD.findall(t)]


def _repeats(ws):
    rep = sum(1 for a, b in zip(ws, ws[1:]) if a == b)
    bi = Counter(zip(ws, ws[1:]))
    return rep, sum(c - 1 for c in bi.values() if c > 1)


def _unbalanced(t):
    n = sum(abs(t.count(a) - t.count(b)) for a, b in _PAIRS)
    return n + t.count('"') % 2


def surface(ref, cand, pieces):
    wr, wc = _words(ref), _words(cand)
    nr, nc = max(1, len(wr)), max(1, len(wc))
    rep_r, bi_r = _repeats(wr)
    rep_c, bi_c = _repeats(wc)
    letters = [ch for ch in cand if ch.isalpha()]
    caps_r = {w for w in re.findall(r"\b[A-Z][a-z]+", ref)}
    caps_c = [w for i, w in enumerate(re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", cand)) if w not in caps_r]
    return [
        len(_CJK.findall(cand)) / max(1, len(cand)),
        sum(1 for ch in letters if ord(ch) > 0x24F) / max(1, len(letters)),
        float(rep_c - rep_r),
        float(bi_c - bi_r),
        math.log(nc / nr),
        (len(_PUNCT.findall(cand)) - len(_PUNCT.findall(ref))) / nr,
        float(_unbalanced(cand) - _unbalanced(ref)),
        float(len(re.findall(r"([^\w\s])\1", cand)) - len(re.findall(r"([^\w\s])\1", ref))),
        float(bool(re.search(r"[.!?…\"”']\s*$", ref)) and not re.search(r"[.!?…\"”']\s*$", cand)),
        pieces(cand) / nc - pieces(ref) / nr,
        float(len(caps_c)),
    ]


SURFACE_NAMES = ["cjk_share", "nonlatin_share", "repeat_words", "repeat_bigrams", "len_ratio_signed",
                 "punct_diff", "unbalanced", "doubled_punct", "final_stop_lost", "pieces_per_word",
                 "new_capitals"]


def surface_matrix(rows, tok):
    def pieces(t):
        return len(tok(t, add_special_tokens=False)["input_ids"])

    return np.array([surface(r[3], r[4], pieces) for r in rows])


def lexical_matrix(rows):
    from sacrebleu.metrics import CHRF, TER

    ter, chrfpp = TER(), CHRF(word_order=2)
    return np.array([[ter.sentence_score(r[4], [r[3]]).score, chrfpp.sentence_score(r[4], [r[3]]).score]
                     for r in rows])


LEX_NAMES = ["ter", "chrf_pp"]


# ---------------------------------------------------------------- the raters (why the ceiling is low)


def within_rater(rows, score, who, min_each=30):
    """The weighted mean of a score's AUC within each rater's segments (raters with >= ``min_each`` No-error
    and Major pairs), and how many raters."""
    from meaning import _auc

    r = np.array([who[(x[1], x[0], x[2])] for x in rows])
    mqm = np.array([x[5] for x in rows])
    sel = (mqm == 0) | np.array([x[6] for x in rows])
    aucs, ws = [], []
    for k in np.unique(r):
        m = sel & (r == k)
        ok = mqm[m] == 0
        if ok.sum() >= min_each and (~ok).sum() >= min_each:
            aucs.append(_auc(score[m], ok))
            ws.append(m.sum())
    return float(np.average(aucs, weights=ws)), len(aucs)


def rater_table(rows, scores, rows_b=None, scores_b=None):
    """Who rated a segment, as a score: each rater's share of Major segments among the pairs of the *other*
    talks (leave-one-talk-out), beside the scores' AUC within one rater's segments (the raters' strictness
    taken out)."""
    who = raters()
    r = np.array([who[(x[1], x[0], x[2])] for x in rows])
    talks = np.array([x[0] for x in rows])
    mqm = np.array([x[5] for x in rows])
    major = np.array([x[6] for x in rows])
    sel = (mqm == 0) | major
    strict = np.zeros(len(rows))
    for tn in np.unique(talks):
        tr = sel & (talks != tn)
        rate = {k: major[tr & (r == k)].mean() if (tr & (r == k)).any() else major[tr].mean() for k in np.unique(r)}
        strict[talks == tn] = [-rate[k] for k in r[talks == tn]]
    print("\n| rater | No-error + Major pairs | Major share | talks |")
    print("|---|---|---|---|")
    for k in np.unique(r):
        m = sel & (r == k)
        print(f"| {k} | {int(m.sum())} | {major[m].mean():.3f} | {', '.join(sorted(set(talks[m])))} |")
    a, per, tau, _ = pc.metrics(strict, rows)
    print(f"\nwho rated it (the rater's Major share on the other talks) as a score: AUC {a:.3f} "
          f"(thirds {per[0]:.3f} / {per[1]:.3f} / {per[2]:.3f}), tau {tau:.3f}")
    print("\n| score | AUC within one rater's segments (weighted mean; raters with >= 30 of each) | refB, held out |")
    print("|---|---|---|")
    for name, sc in scores.items():
        a, n = within_rater(rows, sc, who)
        ab, nb = within_rater(rows_b, scores_b[name], who)
        print(f"| {name} | {a:.3f} ({n} raters) | {ab:.3f} ({nb} raters) |")


def identical_text_agreement(data, who):
    """Two raters on the same text: every pair of MT segments of one talk and seg_id whose text is identical
    (two of the 13 systems wrote the same sentence), rated by two different raters, each No-error or Major.
    One rater's label as a score for the other's: AUC = (P(No-error | No-error) + P(Major | Major)) / 2, the
    figure a text-only score could reach if it were as good as a second human rater of this campaign."""
    import itertools
    from collections import defaultdict

    groups = defaultdict(list)
    for tn, t in data.talks.items():
        for sn, segs in t.systems.items():
            for s in segs:
                k = (sn, tn, s.seg_id)
                if k in data.mqm and (data.mqm[k] == 0 or data.major.get(k)):
                    groups[(tn, s.seg_id, s.text)].append((who[k], data.mqm[k] == 0))
    agree = {True: [0, 0], False: [0, 0]}
    n = 0
    for v in groups.values():
        for a, b in itertools.permutations(v, 2):
            if a[0] != b[0]:
                agree[a[1]][0] += a[1] == b[1]
                agree[a[1]][1] += 1
                n += 1
    ok, bad = agree[True][0] / agree[True][1], agree[False][0] / agree[False][1]
    from sacrebleu.metrics import CHRF

    from meaning import _auc

    metric = CHRF()
    refs = {(tn, s.seg_id): s.text for tn, t in data.talks.items() for s in t.ref}
    segs = [(g, lab) for g, v in groups.items() if len({w for w, _ in v}) > 1 for _, lab in v if (g[0], g[1]) in refs]
    sc = np.array([metric.sentence_score(g[2], [refs[(g[0], g[1])]]).score for g, _ in segs])
    a_chrf = _auc(sc, np.array([lab for _, lab in segs]))
    print(f"\nidentical MT text, two different raters ({n // 2} pairs, all 13 systems): No-error confirmed "
          f"{ok:.3f}, Major confirmed {bad:.3f}, disagree {1 - (agree[True][0] + agree[False][0]) / n:.3f}; "
          f"one rater's label as a score for the other's: AUC {(ok + bad) / 2:.3f}; chrF on the same "
          f"segments ({len(segs)} ratings): AUC {a_chrf:.3f}")


def loto_fe(x, rows, xte, rows_te, idx, who=None, C=1.0, nuisance=None):
    """``pair_candidates.loto`` with a nuisance in the fit, dropped when scoring: the rater as a fixed effect
    (``who``: one indicator column per rater absorbs how strict each rater is, so the text features'
    coefficients are estimated within raters), or columns ``nuisance`` of ``x`` (sentence length: the features'
    weights estimated at a fixed length). A pair to score gets the nuisance's training mean, a constant that moves
    every score of a talk alike (no ranking changes within it)."""
    from sklearn.linear_model import LogisticRegression

    if who is not None:
        names = sorted(set(who.values()))

        def dummies(rs):
            return np.array([[float(who[(r[1], r[0], r[2])] == n) for n in names] for r in rs])
    else:
        def dummies(rs):
            n = x[:, nuisance]
            return (n - n.mean(0)) / (n.std(0) + 1e-9)

    talks = np.array([r[0] for r in rows])
    mqm = np.array([r[5] for r in rows])
    sel = (mqm == 0) | np.array([r[6] for r in rows])
    y = (mqm == 0).astype(int)
    d = dummies(rows)
    t_te = np.array([r[0] for r in rows_te])
    p = np.zeros(len(rows_te))
    for tn in np.unique(t_te):
        m = sel & (talks != tn)
        z = x[m][:, idx]
        mean, scale = z.mean(0), z.std(0) + 1e-9
        lr = LogisticRegression(C=C, max_iter=3000).fit(np.hstack([(z - mean) / scale, d[m]]), y[m])
        w = lr.coef_[0][: len(idx)]
        ze = (xte[t_te == tn][:, idx] - mean) / scale
        p[t_te == tn] = 1 / (1 + np.exp(-(ze @ w + lr.intercept_[0] + d[m].mean(0) @ lr.coef_[0][len(idx):])))
    return p


# ---------------------------------------------------------------- evaluation

def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--cost", type=int, default=120, help="pairs timed for ms/pair (cold)")
    args = ap.parse_args(argv)
    from qualcheck.embed import get_encoder

    data = load()
    systems = pc.mp_systems()
    rows = mp.segment_pairs(data, "ref", systems)
    rows_b = mp.segment_pairs(data, "refB", systems)
    enc = get_encoder(cache_dir=CACHE_DIR)
    x = pc.cached(rows, "base", lambda rs: mp.feature_matrix(rs, enc), args.refresh)
    xb = pc.cached(rows_b, "base", lambda rs: mp.feature_matrix(rs, enc), args.refresh)
    lay = Layers()
    tok = lay.tok
    idf_a = idf_table(sorted({r[3] for r in rows}), tok)
    idf_b = idf_table(sorted({r[3] for r in rows_b}), tok)
    bert = pc.cached(rows, "bertlayers2", lambda rs: bert_matrix(rs, lay, idf_a), args.refresh)
    bert_b = pc.cached(rows_b, "bertlayers2", lambda rs: bert_matrix(rs, lay, idf_b), args.refresh)
    surf = pc.cached(rows, "surface", lambda rs: surface_matrix(rs, tok), args.refresh)
    surf_b = pc.cached(rows_b, "surface", lambda rs: surface_matrix(rs, tok), args.refresh)
    lex = pc.cached(rows, "lexical", lexical_matrix, args.refresh)
    lex_b = pc.cached(rows_b, "lexical", lexical_matrix, args.refresh)
    F = list(pc.ALL) + BERT_NAMES + SURFACE_NAMES + LEX_NAMES
    X = np.hstack([x[:, : len(pc.ALL)], bert, surf, lex])
    XB = np.hstack([xb[:, : len(pc.ALL)], bert_b, surf_b, lex_b])

    cost = {}
    if args.cost:
        sample = rows[:: max(1, len(rows) // args.cost)][: args.cost]
        texts = [t_ for r in sample for t_ in (r[3], r[4])]
        best = {True: 1e9, False: 1e9}
        for _ in range(2):  # alternating, best of 2: the last layer alone against every layer, one pass each
            for every in (False, True):
                t = time.perf_counter()
                got = lay.run(texts, every=every)
                best[every] = min(best[every], time.perf_counter() - t)
                if every:
                    layers = got
        t_pass = best[True]
        cost["transformer pass, last layer only (torch; what the word reading runs)"] = best[False] / len(sample) * 1000
        t = time.perf_counter()
        for r in sample:
            bertscore(r[3], r[4], layers, idf_a)
        t_match = time.perf_counter() - t
        cost["transformer pass, every layer (torch)"] = t_pass / len(sample) * 1000
        cost["BERTScore matching, 6 layers x 2"] = t_match / len(sample) * 1000
        t = time.perf_counter()
        surface_matrix(sample, tok)
        cost["surface"] = (time.perf_counter() - t) / len(sample) * 1000
        t = time.perf_counter()
        lexical_matrix(sample)
        cost["TER + chrF++"] = (time.perf_counter() - t) / len(sample) * 1000
        t_chrf, t_ship, t_wa = mp.cost(sample, enc, n=len(sample))
        cost["baseline, same run: chrF (qualcheck)"] = t_chrf
        cost["baseline: the shipped sentence features"] = t_ship
        cost["baseline: the shipped word alignment features (ONNX token vectors included)"] = t_wa

    from sacrebleu.metrics import CHRF

    metric = CHRF()
    chrf_a = np.array([metric.sentence_score(r[4], [r[3]]).score for r in rows])
    chrf_b = np.array([metric.sentence_score(r[4], [r[3]]).score for r in rows_b])
    shipped = tuple(pc.WORDS_MODEL)
    singles = {"chrF (sacrebleu), baseline": (chrf_a, chrf_b)}
    for n in ("ter", "chrf_pp"):
        sign = -1 if n == "ter" else 1
        singles[n] = (sign * X[:, F.index(n)], sign * XB[:, F.index(n)])
    for k in LAYERS:
        for m in ("f", "f_idf"):
            n = f"L{k}_{m}"
            singles[f"BERTScore F layer {k}" + (" + IDF" if "idf" in m else "")] = (X[:, F.index(n)], XB[:, F.index(n)])
    for k in (3, 6):
        for n in ("r_min", "p_min", "r_low", "p_low"):
            sign = -1 if "low" in n else 1
            singles[f"layer {k} {n}" + (" (negated)" if sign < 0 else "")] = (sign * X[:, F.index(f"L{k}_{n}")],
                                                                             sign * XB[:, F.index(f"L{k}_{n}")])
    for n in SURFACE_NAMES:
        singles[f"surface {n} (negated)"] = (-X[:, F.index(n)], -XB[:, F.index(n)])

    def lay_feats(k, idf=True):
        s = "_idf" if idf else ""
        return (f"L{k}_p{s}", f"L{k}_r{s}", f"L{k}_f{s}")

    sets = {"shipped pair score (data/pair_score.json features), refitted, baseline": shipped}
    for k in LAYERS:
        sets[f"BERTScore layer {k} P/R/F (+IDF) alone"] = lay_feats(k)
    for k in LAYERS:
        sets[f"shipped + BERTScore layer {k} (+IDF)"] = shipped + lay_feats(k)
    sets["shipped + BERTScore layer 6 (no IDF)"] = shipped + lay_feats(6, False)
    sets["shipped + layers 2-4 (+IDF)"] = shipped + lay_feats(2) + lay_feats(3) + lay_feats(4)
    for k in (3, 6):
        sets[f"shipped + layer {k} worst-covered pieces (min, share < {LOW})"] = shipped + (
            f"L{k}_r_min", f"L{k}_p_min", f"L{k}_r_low", f"L{k}_p_low")
    sets["shipped + every layer (+IDF) + worst-covered pieces"] = shipped + sum(
        (lay_feats(k) + (f"L{k}_r_min", f"L{k}_p_min", f"L{k}_r_low", f"L{k}_p_low") for k in LAYERS), ())
    sets["shipped + surface"] = shipped + tuple(SURFACE_NAMES)
    sets["shipped + TER + chrF++"] = shipped + tuple(LEX_NAMES)
    sets["surface + TER + chrF++ + chrF alone"] = tuple(SURFACE_NAMES) + tuple(LEX_NAMES) + ("chrf",)
    sets["shipped + every layer (+IDF)"] = shipped + sum((lay_feats(k) for k in LAYERS), ())
    sets["shipped + every layer + surface + lexical"] = shipped + sum((lay_feats(k) for k in LAYERS), ()) + tuple(
        SURFACE_NAMES) + tuple(LEX_NAMES)
    sets["(not meaning) shipped + sentence length"] = shipped + ("log_words",)
    sets["(not meaning) shipped + sentence length + layer 3 worst-covered pieces"] = shipped + ("log_words",) + (
        "L3_r_min", "L3_p_min", "L3_r_low", "L3_p_low")
    sets["(not meaning) shipped + sentence length + every layer (+IDF)"] = shipped + ("log_words",) + sum(
        (lay_feats(k) for k in LAYERS), ())

    who = raters()
    fe_sets = (next(iter(sets)), "shipped + every layer (+IDF)")
    within = {"chrF (sacrebleu), baseline": chrf_a, "BERTScore F layer 3": X[:, F.index("L3_f")],
              "BERTScore F layer 6": X[:, F.index("L6_f")]}
    within_b = {"chrF (sacrebleu), baseline": chrf_b, "BERTScore F layer 3": XB[:, F.index("L3_f")],
                "BERTScore F layer 6": XB[:, F.index("L6_f")]}
    for name in (next(iter(sets)), "shipped + layers 2-4 (+IDF)", "shipped + every layer (+IDF)",
                 "shipped + layer 3 worst-covered pieces (min, share < 0.5)", "shipped + surface",
                 "(not meaning) shipped + sentence length"):
        idx = [F.index(f) for f in sets[name]]
        within[name] = pc.loto("logistic", X, rows, X, rows, idx)
        within_b[name] = pc.loto("logistic", X, rows, XB, rows_b, idx)
    for name in fe_sets:
        idx = [F.index(f) for f in sets[name]]
        within[name + ", rater fixed effect"] = loto_fe(X, rows, X, rows, idx, who)
        within_b[name + ", rater fixed effect"] = loto_fe(X, rows, XB, rows_b, idx, who)
    rater_table(rows, within, rows_b, within_b)
    identical_text_agreement(data, who)
    res = {}
    for label, rs, xx, j in (("ref", rows, X, 0), ("refB, held out", rows_b, XB, 1)):
        out = []
        for name, sc in singles.items():
            out.append((name, pc.metrics(sc[j], rs)))
        for name, feats in sets.items():
            idx = [F.index(f) for f in feats]
            out.append((name, pc.metrics(pc.loto("logistic", X, rows, xx, rs, idx), rs)))
        for name in fe_sets:
            idx = [F.index(f) for f in sets[name]]
            out.append((f"{name}, fitted with the rater as a fixed effect",
                        pc.metrics(loto_fe(X, rows, xx, rs, idx, who), rs)))
        for name in fe_sets:
            idx = [F.index(f) for f in sets[name]]
            out.append((f"{name}, fitted at a fixed length (length in the fit, dropped when scoring)",
                        pc.metrics(loto_fe(X, rows, xx, rs, idx, nuisance=[F.index("log_words")]), rs)))
        res[label] = out
    la, lb = res["ref"][0][1][3], res["refB, held out"][0][1][3]
    print(f"\n| score | AUC | {la[0]} words | {la[1]} | {la[2]} | tau | refB AUC | refB {lb[0]} / {lb[1]} / {lb[2]} | refB tau |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (name, (a, per, tau, _)), (_, (ab, perb, taub, _)) in zip(res["ref"], res["refB, held out"]):
        print(f"| {name} | {a:.3f} | {per[0]:.3f} | {per[1]:.3f} | {per[2]:.3f} | {tau:.3f} | {ab:.3f} | "
              f"{perb[0]:.3f} / {perb[1]:.3f} / {perb[2]:.3f} | {taub:.3f} |")
    if cost:
        print("\ncost, ms per pair (cold, one process): " + ", ".join(f"{k} {v:.1f}" for k, v in cost.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
