"""Meaning checks on the MQM TED zh-en data (../shared/bench/mqm_ted_zhen.tsv).

1. `mismatch`: qualcheck's calibrated probability that a pair means the same, against the MQM
   score, segment by segment (ref vs each MT system, same seg_id), beside sentence-level chrF
   (sacrebleu) computed in the same run: Kendall tau (with -MQM) and ROC AUC (No-error vs
   Major-error segments). The calibration is fitted on all talks and written to
   qualcheck/data/mismatch_calibration.json (--fit); the figures printed are leave-one-talk-out
   (the talk scored is never in the fit).
2. A generator on the reference text: change a number / drop a `not`, pair the changed reference
   segment with a translation every rater marked No-error; the unchanged pair is the negative.
   Recall and precision of the `number` and `negation` checks beside a naive baseline.

    python bench/meaning.py [--fit] [--quick]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from mqm import CACHE_DIR, load  # noqa: E402

from qualcheck.checks import negation as neg  # noqa: E402
from qualcheck.checks import numbers as num  # noqa: E402

# ---------------------------------------------------------------- generator: numbers and negation

_GEN_NUMWORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
                 "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion",
                 "first", "second", "third", "fourth", "fifth", "half"]
_GEN_NUM = re.compile(r"\b\d+(?:[.,]\d+)*\b|\b(?:" + "|".join(_GEN_NUMWORDS) + r")\b", re.I)
_GEN_NOT = re.compile(r"\b(?:not|never)\s+|(?<=\w)n[’']t\b|\bcannot\b", re.I)
_CONTRACTIONS = {"won": "will", "can": "can", "ca": "can", "shan": "shall"}


def change_number(text: str, rng: random.Random):
    """Change one number of ``text`` (digits or a number word): (new text, span in new text) or None."""
    ms = list(_GEN_NUM.finditer(text))
    if not ms:
        return None
    m = rng.choice(ms)
    s = m.group(0)
    if s[0].isdigit():
        digits = [i for i, ch in enumerate(s) if ch.isdigit()]
        i = digits[-1] if len(digits) < 4 else rng.choice(digits[-2:])
        d = (int(s[i]) + rng.randint(1, 8)) % 10
        new = s[:i] + str(d) + s[i + 1 :]
    else:
        low = s.casefold()
        pool = [w for w in _GEN_NUMWORDS if w != low and (w in num.ORDINALS) == (low in num.ORDINALS)]
        new = rng.choice(pool)
        if s[0].isupper():
            new = new.capitalize()
    return text[: m.start()] + new + text[m.end() :], (m.start(), m.start() + len(new))


def drop_not(text: str, rng: random.Random):
    """Drop one `not`/`never`/`n't`/`cannot` (`didn't` -> `did`, `won't` -> `will`), or None."""
    ms = list(_GEN_NOT.finditer(text))
    if not ms:
        return None
    m = rng.choice(ms)
    s = m.group(0).casefold()
    if s == "cannot":
        return text[: m.start()] + text[m.start() : m.start() + 3] + text[m.end() :], (m.start(), m.start() + 3)
    if s.startswith(("not", "never")):
        return text[: m.start()] + text[m.end() :], (m.start(), m.start())
    # contraction: the word before the n't
    w = re.search(r"(\w+)$", text[: m.start()])
    stem_ = w.group(1)
    repl = _CONTRACTIONS.get(stem_.casefold(), stem_)
    if stem_[0].isupper():
        repl = repl.capitalize()
    return text[: w.start()] + repl + text[m.end() :], (w.start(), w.start() + len(repl))


def _baseline_number(ref: str, cand: str) -> int:
    return int(sorted(re.findall(r"\d+", ref)) != sorted(re.findall(r"\d+", cand)))


def _baseline_negation(ref: str, cand: str) -> int:
    pat = re.compile(r"\bnot\b|n[’']t\b|\bnever\b|\bno\b|\bwithout\b|\bcannot\b", re.I)
    return int(len(pat.findall(ref)) != len(pat.findall(cand)))


def _qc_number(ref: str, cand: str, span=None) -> int:
    ch, va, ap = num.compare(num.extract(ref), num.extract(cand))
    if span is not None:  # findings about the changed reference text
        return sum(1 for m in [r for r, _ in ch] + va if m.start < span[1] and span[0] < m.end)
    return len(ch) + len(va) + len(ap)


def _qc_negation(ref: str, cand: str, span=None) -> int:
    found = neg.differences(ref, cand)
    if span is not None:  # findings whose reference word is where the negation was dropped
        return sum(1 for side, cue, w, there, sure in found
                   if side == "candidate" and (there is None or span[0] - 1 <= there.start <= span[1] + 40))
    return len(found)


def generator_table(data, seed: int = 0, show: int = 0, against: str = "translation"):
    """``against``: "translation" (a No-error MT translation of the segment) or "itself" (the unchanged
    reference segment: only the change differs)."""
    import meaning_pairs as mp

    rng = random.Random(seed)
    pairs = mp.faithful_pairs(data, rng)
    if against == "itself":
        pairs = [(tn, sid, ref, ref) for tn, sid, ref, _ in pairs]
    rows = []
    for name, make, qc, base in (("number (change one)", change_number, _qc_number, _baseline_number),
                                 ("negation (drop a not)", drop_not, _qc_negation, _baseline_negation)):
        stats = {"qualcheck": [0, 0, 0], "baseline": [0, 0, 0]}  # tp, fp, positives
        misses, false_alarms = [], []
        n = 0
        for tn, sid, ref, cand in pairs:
            made = make(ref, rng)
            if made is None:
                continue
            changed, span = made
            if changed == ref:
                continue
            n += 1
            for label, fn in (("qualcheck", qc), ("baseline", base)):
                before, after = fn(ref, cand), fn(changed, cand)
                st = stats[label]
                st[2] += 1
                if after > before or label == "qualcheck" and fn(changed, cand, span):
                    st[0] += 1
                elif label == "qualcheck":
                    misses.append((changed, cand))
                if before:
                    st[1] += 1  # the unchanged, faithful pair is flagged: a false alarm
                    if label == "qualcheck":
                        false_alarms.append((ref, cand))
        for label in ("qualcheck", "baseline"):
            tp, fp, pos = stats[label]
            rows.append((name, against, label, pos, tp / pos if pos else 0.0, tp / (tp + fp) if tp + fp else 0.0))
        for what, items in (("missed", misses), ("false alarm", false_alarms)):
            for r, c in items[:show]:
                print(f"  [{name} {what}]\n    R: {r}\n    C: {c}")
    return rows, len(pairs)


def print_generator(rows, n_pairs):
    print(f"\nGenerator on the reference text ({n_pairs} reference segments with a translation every rater "
          "marked No-error). Positive: the changed reference segment against the other side; negative: the "
          "unchanged pair. Other side = `translation` (that No-error MT translation: real rewording, the hard "
          "case) or `itself` (the unchanged reference segment)\n")
    print("| check | other side | method | positives | recall | precision |")
    print("|---|---|---|---|---|---|")
    for name, against, label, pos, rec, prec in rows:
        print(f"| {name} | {against} | {label} | {pos} | {rec:.3f} | {prec:.3f} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", action="store_true", help="refit the calibration and write it to qualcheck/data")
    ap.add_argument("--show", type=int, default=0, help="print this many misses/false alarms per generator")
    ap.add_argument("--only", choices=("generator", "mismatch", "pair", "spans", "omission"), default=None)
    ap.add_argument("--systems", default="", help="spans: comma-separated MT systems (default: all)")
    ap.add_argument("--seeds", default="0,1", help="omission: generator seeds of the translation rows (seed 0 was "
                    "looked at while building; 1 and 2 are fresh)")
    ap.add_argument("--against", default="translation,itself", help="omission: candidate kinds (translation, itself)")
    ap.add_argument("--today", default="", help="omission: a qualcheck checkout (e.g. /work/main) whose rows are "
                    "computed in the same run, in a subprocess, and printed beside this code's")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # omission rows of this interpreter's code
    args = ap.parse_args(argv)
    data = load()
    if args.only in (None, "omission"):
        omission_section(data, seeds=tuple(int(x) for x in args.seeds.split(",") if x),
                         against=tuple(a for a in args.against.split(",") if a), show=args.show, today=args.today,
                         as_json=args.json)
        if args.only == "omission":
            return 0
    if args.only in (None, "spans"):
        spans_section(data, [s for s in args.systems.split(",") if s])
        if args.only == "spans":
            return 0
    if args.only in (None, "pair"):
        pair_table(data, fit=args.fit)
        if args.only == "pair":
            return 0
    if args.only != "generator":
        mismatch_table(data, fit=args.fit)
    if args.only != "mismatch":
        rows, n = generator_table(data, show=args.show, against="translation")
        rows2, _ = generator_table(data, against="itself")
        print_generator(rows + rows2, n)
    return 0


# ---------------------------------------------------------------- the pair score: word alignment and a classifier

def scoring_path():
    from qualcheck import scoring

    return Path(scoring.__file__).parent


PAIR_SYSTEMS = ("Borderline", "Facebook-AI", "MiSS", "Online-W", "metricsystem1")  # 5 of 13: a 2-core budget


def pair_table(data, systems=PAIR_SYSTEMS, fit=False):
    from scipy.stats import kendalltau
    from sacrebleu.metrics import CHRF

    import meaning_pairs as mp
    from qualcheck.embed import get_encoder

    enc = get_encoder(cache_dir=CACHE_DIR)
    metric = CHRF()
    out, t_feat, n, fitdata = mp.run(data, enc, _auc, kendalltau, lambda c, r: metric.sentence_score(c, [r]).score,
                                     systems=systems)
    print(f"MT systems: {', '.join(systems) if systems else 'all 13'}")
    for label, (table, n_sel, n_ok, thirds) in out.items():
        print(f"\nPair meaning score, reference = {label}: ROC AUC No-error vs Major ({n_sel} segments, {n_ok} "
              "No-error), overall and within reference-length thirds; Kendall tau with -MQM. Leave-one-talk-out.\n")
        print(f"| score | AUC | AUC {thirds[0]} words | AUC {thirds[1]} | AUC {thirds[2]} | Kendall tau |")
        print("|---|---|---|---|---|---|")
        for name, a, t1, t2, t3, tau in table:
            print(f"| {name} | {a:.3f} | {t1:.3f} | {t2:.3f} | {t3:.3f} | {tau:.3f} |")
    if fit:
        cal = mp.fit_calibration(*fitdata)
        path = Path(scoring_path()) / "data" / "mismatch_calibration.json"
        path.write_text(json.dumps(cal, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}: bands {cal['bands']}")
    print("\nThe mismatch finding's shipped score, other candidate signals (a larger encoder, an NLI model) and the "
          "finding's false alarms: bench/pair_candidates.py; intermediate layers, surface signals, and the same scores "
          "within one rater's segments (each segment has one rater, and who rated it separates No-error from Major "
          "better than any text signal): bench/pair_signals.py.")
    t_chrf, t_ship, t_wa = mp.cost(mp.segment_pairs(data, "ref")[::37], enc, n=120)
    print(f"\nCost per pair, cold (120 pairs, 2 cores): chrF {t_chrf:.2f} ms; shipped features {t_ship:.1f} ms "
          f"(word embeddings included); word alignment {t_wa:.1f} ms (the transformer's token vectors included). "
          f"Features of {n} pairs (caches warm or cold as found) {t_feat:.0f} s.")


def omission_section(data, seeds=(0, 1), against=("translation", "itself"), show=0, today="", as_json=False):
    import os
    import subprocess

    import meaning_pairs as mp

    t0 = time.perf_counter()
    before = {}
    if today:  # the same rows for another checkout's code, computed first (its own process and import path)
        env = {**os.environ, "PYTHONPATH": today}
        p = subprocess.run([sys.executable, __file__, "--only", "omission", "--json", "--seeds",
                            ",".join(map(str, seeds)), "--against", ",".join(against)],
                           env=env, stdout=subprocess.PIPE, text=True, check=True)
        before = {tuple(r[:4]): r for r in json.loads(p.stdout.strip().splitlines()[-1])}
    rows, shown = [], []
    for kind in against:
        rows += mp.omission_generator(data, seeds=seeds if kind == "translation" else (0,), against=kind,
                                      per_kind=100, show=shown if show else None)
    if as_json:
        print(json.dumps(rows))
        return
    if before:
        print(f"\nGenerator: a qualifier, a clause or a named actor dropped from the candidate side of a No-error "
              f"pair; before = {today}, after = this code, same run ({time.perf_counter() - t0:.0f} s). Seed 0 was "
              "looked at while building; seeds 1 and 2 are fresh.\n")
        print("| dropped | seed | candidate | method | positives | before recall / precision | after recall / precision |")
        print("|---|---|---|---|---|---|---|")
        for kind, seed, against_, method, n, rec, prec in rows:
            b = before.get((kind, seed, against_, method))
            bt = f"{b[5]:.3f} / {b[6]:.3f}" if b else "-"
            fresh = " (fresh)" if seed else ""
            print(f"| {kind} | {seed}{fresh} | {against_} | {method} | {n} | {bt} | {rec:.3f} / {prec:.3f} |")
        return
    for kind, seed, against_, what, ref, cand, piece, msgs in shown:
        print(f"\n[{what}] {kind}, seed {seed}, {against_}; dropped: {piece!r}\n  R: {ref}\n  C: {cand}")
        for m in msgs:
            print(f"  -> {m}")
    print(f"\nGenerator: a qualifier, a clause or a named actor dropped from the candidate side of a No-error pair "
          f"(up to 100 pairs per kind and seed; candidate = that No-error MT translation, or the reference itself). "
          f"Seed 0 was looked at while building; seeds 1 and 2 are fresh. {time.perf_counter() - t0:.0f} s\n")
    print("| dropped | seed | candidate | method | positives | recall | precision |")
    print("|---|---|---|---|---|---|---|")
    for kind, seed, against, method, n, rec, prec in rows:
        print(f"| {kind} | {seed} | {against} | {method} | {n} | {rec:.3f} | {prec:.3f} |")


def spans_section(data, systems):
    import meaning_pairs as mp
    from mqm import DEFAULT_TSV

    t0 = time.perf_counter()
    marked = mp.marked_spans(DEFAULT_TSV)
    per_seg = mp.span_table(data, DEFAULT_TSV, systems=systems or None, progress=lambda m: print(m, file=sys.stderr))
    if systems:
        data = type(data)(data.talks, {k: v for k, v in data.mqm.items() if k[0] in systems}, data.major)
    rows = [
        ("before: every check but the three new ones (baseline, same run)", lambda c: c not in mp.NEW, False),
        ("after: every check", lambda c: True, False),
        ("after, pinpointed findings only (a span inside the sentence)", lambda c: True, True),
        ("the three new checks alone", lambda c: c in mp.NEW, False),
        ("mismatch alone", lambda c: c == "mismatch", False),
    ]
    print(f"\nFindings against the raters' marked spans (qualcheck run on each talk x MT system as documents; "
          f"{time.perf_counter() - t0:.0f} s). Hit: a finding on the segment whose candidate span overlaps a span "
          "marked Major Accuracy on the translation. False alarm: a No-error segment with a finding.\n")
    print("| findings | Major-Accuracy segments hit, >= minor | hit, major | No-error segments flagged, >= minor "
          "| flagged, major | segments (Major-Acc / No-error) |")
    print("|---|---|---|---|---|---|")
    for name, keep, pin in rows:
        r1, r2, f1, f2, n_acc, n_ok = mp.span_rates(data, marked, per_seg, keep, pin)
        print(f"| {name} | {r1:.3f} | {r2:.3f} | {f1:.3f} | {f2:.3f} | {n_acc} / {n_ok} |")
    cats = sorted({c for v in per_seg.values() for c, *_ in v})
    print("\nPer category: hit share (>= minor) and No-error segments flagged\n")
    print("| category | Major-Acc hit | No-error flagged |")
    print("|---|---|---|")
    for c in cats:
        r1, _, f1, _, _, _ = mp.span_rates(data, marked, per_seg, lambda x, c=c: x == c)
        print(f"| {c} | {r1:.3f} | {f1:.3f} |")


# ---------------------------------------------------------------- mismatch: calibration and agreement with MQM

def _segment_pairs(data):
    """(talk, system, seg_id, reference text, MT text, MQM score, has a Major error) per rated segment."""
    out = []
    for tn, t in data.talks.items():
        ref = {s.seg_id: s.text for s in t.ref}
        for sn, segs in sorted(t.systems.items()):
            for s in segs:
                k = (sn, tn, s.seg_id)
                if k in data.mqm and s.seg_id in ref:
                    out.append((tn, sn, s.seg_id, ref[s.seg_id], s.text, data.mqm[k], data.major.get(k, False)))
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50):
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(z @ w)))
        g = z.T @ (p - y) + reg * w
        h = (z * (p * (1 - p))[:, None]).T @ z + np.diag(reg)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": w[:-1].tolist(), "intercept": float(w[-1])}


def _auc(score, positive):
    from scipy.stats import rankdata

    r = rankdata(score)
    n1 = positive.sum()
    n0 = len(positive) - n1
    return float((r[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


MODELS = {
    "sentence cosine only": ("cosine",),
    "sentence-level: cosine, chrF, length ratio, unmatched words, numbers, negations": (
        "cosine", "chrf", "length_ratio", "unmatched", "numbers", "negations"),
    "shipped: chrF, word-level cover (min per side), numbers, negations": (
        "chrf", "ref_word_min", "cand_word_min", "numbers", "negations"),
    "shipped + sentence cosine": ("cosine", "chrf", "ref_word_min", "cand_word_min", "numbers", "negations"),
    "shipped + sentence length (not shipped: see the length-alone row)": (
        "chrf", "ref_word_min", "cand_word_min", "numbers", "negations", "log_words"),
}
SHIPPED = "shipped: chrF, word-level cover (min per side), numbers, negations"
# the direction each shipped feature must pull in (a fit against it would extrapolate badly)
SIGNS = {"chrf": 1, "ref_word_min": 1, "cand_word_min": 1, "numbers": -1, "negations": -1}


def mismatch_table(data, fit: bool = False):
    from scipy.stats import kendalltau
    from sacrebleu.metrics import CHRF

    from qualcheck import scoring
    from qualcheck.embed import get_encoder

    t0 = time.perf_counter()
    rows = _segment_pairs(data)
    enc = get_encoder(cache_dir=CACHE_DIR)
    vr = enc.encode([r[3] for r in rows])
    vc = enc.encode([r[4] for r in rows])
    cos = (vr * vc).sum(1)
    t_enc = time.perf_counter() - t0
    x = np.array([scoring.features(r[3], r[4], float(c), enc) for r, c in zip(rows, cos)])
    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    talks = np.array([r[0] for r in rows])
    sel = (mqm == 0) | major  # the fit and the AUC: No-error (1) against Major-error (0) segments
    y = (mqm == 0).astype(float)
    chrf_metric = CHRF()
    sb = np.array([chrf_metric.sentence_score(r[4], [r[3]]).score for r in rows])

    def agreement(score):
        tau = kendalltau(score, -mqm)[0]  # higher score should mean fewer MQM penalty points
        return tau, _auc(score[sel], y[sel].astype(bool))

    results = [("sentence chrF (sacrebleu)", "baseline", *agreement(sb))]
    results.append(("encoder cosine, raw", "baseline", *agreement(x[:, 0])))
    # MQM adds up penalty points per segment, so a longer segment collects more: length alone is a
    # strong predictor that says nothing about meaning (shown so the model rows can be read against it)
    results.append(("sentence length alone (fewer words = better)", "baseline",
                    *agreement(-x[:, scoring.FEATURES.index("log_words")])))
    fitted = {}
    for name, feats in MODELS.items():
        idx = [scoring.FEATURES.index(f) for f in feats]
        p = np.zeros(len(rows))
        for tn in np.unique(talks):  # leave one talk out: the talk scored is never in the fit
            tr = (talks != tn) & sel
            cal = {"features": list(feats), **fit_logistic(x[tr][:, idx], y[tr])}
            p[talks == tn] = scoring.probability(x[talks == tn], cal)
        results.append((f"qualcheck p_same: {name}", "leave-one-talk-out", *agreement(p)))
        fitted[name] = {"features": list(feats), **fit_logistic(x[sel][:, idx], y[sel])}
        if name == SHIPPED:
            p_loto = p
    # severity bands from the leave-one-talk-out probabilities: major where most segments have a Major error
    cal = fitted[SHIPPED]
    bands = _bands(p_loto[sel], y[sel])
    cal["bands"] = bands
    print(f"\nMismatch score against MQM ({len(rows)} segments = ref vs 13 MT systems x 5 talks; "
          f"AUC on {int(sel.sum())}: {int(y[sel].sum())} No-error vs {int((~y[sel].astype(bool)).sum())} Major-error; "
          f"embeddings {t_enc:.0f} s)\n")
    print("| score | how | Kendall tau (vs -MQM) | ROC AUC (No-error vs Major) |")
    print("|---|---|---|---|")
    for name, how, tau, auc in results:
        print(f"| {name} | {how} | {tau:.3f} | {auc:.3f} |")
    # the word-level cover is a minimum over words, so it falls with length too: compare within length bands
    nw = np.array([len(r[3].split()) for r in rows])
    cuts = np.quantile(nw, [1 / 3, 2 / 3])
    print("\nWithin reference-length thirds (length held roughly constant): ROC AUC No-error vs Major\n")
    print("| reference words | segments (AUC) | chrF | qualcheck p_same (shipped) |")
    print("|---|---|---|---|")
    for lo, hi in ((0, cuts[0]), (cuts[0], cuts[1]), (cuts[1], 10**6)):
        m = sel & (nw > lo) & (nw <= hi)
        yy = y[m].astype(bool)
        print(f"| {int(lo) + 1}-{int(hi) if hi < 10**6 else int(nw.max())} | {int(m.sum())} | "
              f"{_auc(sb[m], yy):.3f} | {_auc(p_loto[m], yy):.3f} |")
    # calibration: predicted vs observed share of No-error segments, by decile of p
    print("\nCalibration of the shipped model (leave-one-talk-out, No-error vs Major segments)\n")
    print("| p_same bin | segments | mean p_same | observed No-error share |")
    print("|---|---|---|---|")
    ps, ys = p_loto[sel], y[sel]
    for lo, hi in ((0, .3), (.3, .4), (.4, .5), (.5, .6), (.6, .7), (.7, .8), (.8, 1.01)):
        m = (ps >= lo) & (ps < hi)
        if m.any():
            print(f"| {lo:.1f}-{min(hi, 1):.1f} | {int(m.sum())} | {ps[m].mean():.3f} | {ys[m].mean():.3f} |")
    print(f"\nSeverity bands: major below p_same {bands['major']:.2f}, minor below {bands['minor']:.2f}")
    w = dict(zip(cal["features"], (round(c, 3) for c in cal["coef"])))
    print(f"Standardised coefficients of the shipped model: {w}")
    wrong = [f for f, c in w.items() if f in SIGNS and c * SIGNS[f] < 0]
    if wrong:
        print(f"WARNING: coefficients against their expected direction: {wrong}")
    if fit:
        cal["fitted_on"] = (f"MQM TED zh-en (WMT21): {int(sel.sum())} segments, ref vs MT, "
                            "No-error=1 vs Major-error=0; bench/meaning.py --fit")
        path = Path(scoring.__file__).parent / "data" / scoring.CALIBRATION
        path.write_text(json.dumps(cal, indent=2) + "\n", encoding="utf-8")
        scoring.calibration.cache_clear()
        print(f"wrote {path}")


def _bands(p, y):
    """major: the largest cut where at least 60% of the segments below it have a Major error; minor: 0.5."""
    major = 0.2
    for cut in np.arange(0.15, 0.5, 0.01):
        m = p < cut
        if m.sum() >= 30 and 1 - y[m].mean() >= 0.6:
            major = round(float(cut), 2)
    return {"major": major, "minor": 0.5}


if __name__ == "__main__":
    raise SystemExit(main())
