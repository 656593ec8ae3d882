"""The pair meaning score against MQM, word-level alignment features and a classifier over them.

Imported by bench/meaning.py (``--only pair``). Every figure is leave-one-talk-out: a talk's segments are
scored by a model fitted on the four other talks. The second human translation (``refB``) as the
reference is the held-out part: no setting was tuned on it (the models are fitted on ``ref`` pairs of the
other talks and score the ``refB`` pairs of the held-out talk).
"""
from __future__ import annotations

import time

import numpy as np

from qualcheck import scoring, wordalign

SHIPPED_FEATS = ("chrf", "ref_word_min", "cand_word_min", "numbers", "negations")
ALL_FEATS = scoring.FEATURES + scoring.WORD_FEATURES


def segment_pairs(data, reference: str = "ref", systems=None):
    """(talk, system, seg_id, reference text, MT text, MQM score, has a Major error) per rated segment."""
    out = []
    for tn, t in data.talks.items():
        ref = {s.seg_id: s.text for s in (t.ref if reference == "ref" else t.refB)}
        for sn, segs in sorted(t.systems.items()):
            if systems and sn not in systems:
                continue
            for s in segs:
                k = (sn, tn, s.seg_id)
                if k in data.mqm and s.seg_id in ref:
                    out.append((tn, sn, s.seg_id, ref[s.seg_id], s.text, data.mqm[k], data.major.get(k, False)))
    return out


def _baseline_cal():
    import json

    return json.loads(BASELINE_CALIBRATION.read_text(encoding="utf-8"))


def feature_matrix(rows, enc):
    vr = enc.encode([r[3] for r in rows])
    vc = enc.encode([r[4] for r in rows])
    cos = (vr * vc).sum(1)
    from qualcheck.checks.terms import _content

    # every content word in one call (one call per pair is many tiny batches: the encoder's slowest way)
    enc.encode(list({t.text.casefold() for r in rows for side in (r[3], r[4]) for t in _content(side)}))
    x = np.array([scoring.features(r[3], r[4], float(c), enc) for r, c in zip(rows, cos)])
    was = wordalign.align_pairs([(r[3], r[4]) for r in rows], enc)
    w = np.array([wordalign.features(wa) for wa in was])
    return np.hstack([x, w])


def _fit_predict(kind, xtr, ytr, xte):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "logistic":
        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    else:
        m = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                           l2_regularization=1.0, random_state=0)
    m.fit(xtr, ytr)
    return m.predict_proba(xte)[:, 1], m


def run(data, enc, auc, kendalltau, chrf_sb, systems=None):
    t0 = time.perf_counter()
    rows = segment_pairs(data, "ref", systems)
    rows_b = segment_pairs(data, "refB", systems)
    x = feature_matrix(rows, enc)
    xb = feature_matrix(rows_b, enc)
    t_feat = time.perf_counter() - t0
    F = list(ALL_FEATS)
    sets = {
        "shipped features (chrF, word cover, numbers, negations)": SHIPPED_FEATS,
        "word alignment features only": scoring.WORD_FEATURES,
        "shipped + cosine + word alignment": ("cosine",) + SHIPPED_FEATS + scoring.WORD_FEATURES,
        "shipped + cosine + word alignment + length": ("cosine", "log_words", "length_ratio")
        + SHIPPED_FEATS + scoring.WORD_FEATURES,
    }
    out = {}
    for label, rs, xx in (("ref (tuned on)", rows, x), ("refB (held out)", rows_b, xb)):
        mqm = np.array([r[5] for r in rs])
        major = np.array([r[6] for r in rs])
        talks = np.array([r[0] for r in rs])
        nw = np.array([len(r[3].split()) for r in rs])
        sel = (mqm == 0) | major
        y = (mqm == 0).astype(int)
        scores = {"chrF (sacrebleu), baseline": np.array([chrf_sb(r[4], r[3]) for r in rs]),
                  "p_same of the calibration shipped before (bench/data/mismatch_calibration_v1.json), baseline":
                      scoring.probability(xx[:, :len(scoring.FEATURES)], _baseline_cal())}
        for w in ("bert_f", "bert_r", "ref_left_share", "cand_left_share"):
            sign = -1 if "left" in w else 1
            scores[f"word feature {w}" + (" (negated)" if sign < 0 else "")] = sign * xx[:, F.index(w)]
        for name, feats in sets.items():
            idx = [F.index(f) for f in feats]
            for kind in ("logistic", "boosted trees") if "length" not in name and "only" not in name else ("logistic",):
                p = np.zeros(len(rs))
                for tn in np.unique(talks):
                    tr_rows = (np.array([r[0] for r in rows]) != tn) & (
                        (np.array([r[5] for r in rows]) == 0) | np.array([r[6] for r in rows]))
                    ytr = (np.array([r[5] for r in rows]) == 0).astype(int)[tr_rows]
                    p[talks == tn], _ = _fit_predict(kind, x[tr_rows][:, idx], ytr, xx[talks == tn][:, idx])
                scores[f"{kind}: {name}"] = p
        cuts = np.quantile(nw, [1 / 3, 2 / 3])
        thirds = [(0, cuts[0]), (cuts[0], cuts[1]), (cuts[1], 10**6)]
        table = []
        for name, s in scores.items():
            tau = kendalltau(s, -mqm)[0]
            a = auc(s[sel], y[sel].astype(bool))
            per = [auc(s[sel & (nw > lo) & (nw <= hi)], y[sel & (nw > lo) & (nw <= hi)].astype(bool))
                   for lo, hi in thirds]
            table.append((name, a, *per, tau))
        out[label] = (table, int(sel.sum()), int(y[sel].sum()), [f"{int(lo) + 1}-{int(hi) if hi < 10**6 else int(nw.max())}" for lo, hi in thirds])
    return out, t_feat, len(rows) + len(rows_b), (rows, x)


def cost(rows, enc, n: int = 200):
    """ms per pair, cold (nothing cached): chrF; the shipped features; the word alignment."""
    from qualcheck.scoring import text_features

    sample = rows[:n]
    t = time.perf_counter()
    for r in sample:
        scoring.chrf(r[4], r[3])
    t_chrf = (time.perf_counter() - t) / n * 1000
    words = list({w.text.casefold() for r in sample for side in (r[3], r[4]) for w in wordalign.tokens(side)})
    t = time.perf_counter()
    enc.encode_uncached(words)
    t_words = time.perf_counter() - t
    t = time.perf_counter()
    for r in sample:
        text_features(r[3], r[4], enc)
    t_ship = ((time.perf_counter() - t) + t_words) / n * 1000
    t = time.perf_counter()
    keys = [f"x\x00{r[3]}\x00{r[4]}" for r in sample]
    wordalign._compute(keys, dict(zip(keys, [(r[3], r[4]) for r in sample])), enc)
    t_wa = (time.perf_counter() - t) / n * 1000
    return t_chrf, t_ship, t_wa


# ---------------------------------------------------------------- findings against the raters' marked spans

NEW = ("omission.partial", "addition.partial", "mistranslation")


def marked_spans(path):
    """{(system, talk, seg_id): [(category, severity, start, end)]} of the error spans marked on the
    translation (offsets in the whitespace-normalised text, as bench/mqm.py gives it)."""
    import csv
    import sys
    from collections import defaultdict

    csv.field_size_limit(sys.maxsize)
    out = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            t = row["target"]
            if "<v>" not in t:
                continue
            t = " ".join(t.replace("<v>", "\x01").replace("</v>", "\x02").split())
            a = t.find("\x01")
            b = t.find("\x02")
            if a < 0 or b < a:
                continue
            clean_a = a
            clean_b = b - 1
            key = (row["system"], row["doc"], int(row["seg_id"]))
            out[key].append((row["category"], row["severity"].strip(), clean_a, clean_b))
    return out


def documents(data, systems=None, talks=None):
    """Each talk x MT system as one document pair, a segment a paragraph: (talk, system, reference text, candidate
    text, [(start, end, seg_id)] of the candidate's segments in its text)."""
    for tn, t in data.talks.items():
        if talks and tn not in talks:
            continue
        ref_text = "\n\n".join(s.text for s in t.ref)
        for sn, segs in sorted(t.systems.items()):
            if systems and sn not in systems:
                continue
            starts, pos = [], 0
            for s in segs:
                starts.append((pos, pos + len(s.text), s.seg_id))
                pos += len(s.text) + 2
            yield tn, sn, ref_text, "\n\n".join(s.text for s in segs), starts


def span_table(data, path, systems=None, talks=None, progress=print):
    """Run qualcheck on each talk x system (segments joined into documents, one paragraph each) and put
    each finding on the candidate segment its candidate span falls in. Returns per-segment findings."""
    from qualcheck import check
    from qualcheck.embed import get_encoder

    from mqm import CACHE_DIR

    enc = get_encoder(cache_dir=CACHE_DIR)
    per_seg = {}  # (system, talk, seg) -> [(category, severity, start, end, whole_sentence)]
    for tn, sn, ref_text, cand_text, starts in documents(data, systems, talks):
        t0 = time.perf_counter()
        rep = check(ref_text, cand_text, encoder=enc)
        progress(f"  {tn} {sn}: {len(rep.findings)} findings, {time.perf_counter() - t0:.1f} s")
        sents = [(s.start, s.end) for s in rep.candidate.sentences]
        for f in rep.findings:
            if f.cand_span is None:
                continue
            a, b = f.cand_span
            whole = any(a <= s0 and s1 <= b for s0, s1 in sents if s0 < b and a < s1)
            for s0, s1, sid in starts:
                if a < s1 and s0 < b:
                    per_seg.setdefault((sn, tn, sid), []).append(
                        (f.category, f.severity, max(a, s0) - s0, min(b, s1) - s0, whole))
    return per_seg


def span_rates(data, marked, per_seg, keep, pinpointed=False):
    """(share of Major-Accuracy segments (marked on the translation) with a finding >= minor over a marked
    Major-Accuracy span, the same for major findings, share of No-error segments with a finding >= minor,
    the same for major; counts). ``keep``: which categories count."""
    acc, ok = [], []
    for key, score in data.mqm.items():
        if key[0] in ("ref", "refB"):
            continue
        spans = [(a, b) for cat, sev, a, b in marked.get(key, ()) if cat.startswith("Accuracy") and sev == "Major"]
        if spans:
            acc.append((key, spans))
        elif score == 0:
            ok.append(key)

    def hit(key, spans, sevs):
        for cat, sev, a, b, whole in per_seg.get(key, ()):
            if not keep(cat) or sev not in sevs or (pinpointed and whole):
                continue
            if any(a < y and x < b for x, y in spans):
                return True
        return False

    def any_f(key, sevs):
        return any(keep(cat) and sev in sevs for cat, sev, *_ in per_seg.get(key, ()))

    r_minor = sum(hit(k, s, ("minor", "major")) for k, s in acc) / max(1, len(acc))
    r_major = sum(hit(k, s, ("major",)) for k, s in acc) / max(1, len(acc))
    fp_minor = sum(any_f(k, ("minor", "major")) for k in ok) / max(1, len(ok))
    fp_major = sum(any_f(k, ("major",)) for k in ok) / max(1, len(ok))
    return r_minor, r_major, fp_minor, fp_major, len(acc), len(ok)


# ---------------------------------------------------------------- generator: drop a clause, a qualifier, a named actor

import random  # noqa: E402
import re  # noqa: E402

from qualcheck.checks.wordtools import tokens as _tokens  # noqa: E402

GEN_QUALIFIERS = ["nearly", "almost", "approximately", "roughly", "at least", "at most", "more than", "less than",
                  "only", "alleged", "allegedly", "reportedly", "apparently", "probably", "possibly", "perhaps",
                  "maybe", "likely", "supposedly"]
_GEN_Q = re.compile(r"\b(?:" + "|".join(q.replace(" ", r"\s+") for q in GEN_QUALIFIERS) + r")\b\s*", re.I)


def _cut(text: str, a: int, b: int) -> tuple[str, tuple[int, int]]:
    out = text[:a] + text[b:]
    out = re.sub(r"\s{2,}", " ", out).replace(" ,", ",").replace(" .", ".").strip()
    if out and text[:1].isupper() and out[:1].islower():
        out = out[0].upper() + out[1:]
    return out, (a, b)


def drop_qualifier(text: str, rng: random.Random):
    ms = list(_GEN_Q.finditer(text))
    if not ms:
        return None
    m = rng.choice(ms)
    return _cut(text, m.start(), m.end())


def drop_clause(text: str, rng: random.Random):
    """A comma-delimited piece of at least 3 content words and at most half the sentence."""
    from qualcheck.wordalign import is_content

    pieces = []
    for m in re.finditer(r",\s*[^,;:.!?]+", text):
        a, b = m.start(), m.end()
        if b < len(text) and text[b] == ",":
            pass
        n = sum(1 for t in _tokens(text[a:b]) if is_content(t))
        if n >= 3 and (b - a) <= 0.5 * len(text):
            pieces.append((a, b))
    if not pieces:
        return None
    a, b = rng.choice(pieces)
    return _cut(text, a, b)


def drop_actor(text: str, rng: random.Random):
    """A name (capitalised words not at the sentence start), with `according to` / `, X said` around it."""
    from qualcheck.checks.wordtools import STOPWORDS

    names = []
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)", text):
        if m.start() == 0 or m.group(1).casefold() in ("i", "i'm", "mr", "ms", "dr"):
            continue
        # no name: a word capitalised after a colon or a dash (`ask: Is it`, `- They`), a stop word, a stage
        # direction (`(Laughter)`)
        if re.search(r"[:(\-–—]\s*$", text[: m.start()]) or m.group(1).split()[0].casefold() in STOPWORDS:
            continue
        a, b = m.start(), m.end()
        pre = re.search(r"(?:according to|by|from|with|and|of)\s+$", text[:a], re.I)
        if pre:
            a = pre.start()
        names.append((a, b))
    if not names:
        return None
    a, b = rng.choice(names)
    return _cut(text, a, b)


def _in_reference(piece: str, ref: str) -> bool:
    """The dropped piece's content words (or, for a qualifier, its words) are at least half in the reference."""
    from qualcheck.checks.wordtools import stem
    from qualcheck.wordalign import is_content

    words = [t for t in _tokens(piece) if is_content(t)] or list(_tokens(piece))
    have = {stem(t.text) for t in _tokens(ref)}
    return bool(words) and sum(stem(t.text) in have for t in words) >= 0.5 * len(words)


def _named_in(piece: str, ref: str, cut: str) -> bool:
    """Every capitalised word of the dropped piece is written capitalised in the reference (not at its start), and
    the cut candidate says it fewer times than the reference (`studied by Darwin` cut from a translation that says
    `Darwin` twice, for a reference that says it once, drops no mention of the reference)."""
    caps = re.findall(r"\b[A-Z][a-z]+", piece)
    return bool(caps) and all(re.search(r"(?<![.!?]\s)(?<!^)\b" + re.escape(w) + r"\b", ref) and
                              len(re.findall(r"\b" + re.escape(w) + r"\b", cut)) <
                              len(re.findall(r"\b" + re.escape(w) + r"\b", ref)) for w in caps)


def _said_by(found: str, ref: str, other: str) -> bool:
    """The second human translation ``other`` says the words a finding names as dropped from ``ref``: every content
    word of the finding's reference text (every word, for a qualifier with none), by stem, as many times as ``ref``
    says it (`if only` beside `not only`: two). Two translators who both wrote them had them in the source."""
    from collections import Counter

    from qualcheck.checks.wordtools import stem
    from qualcheck.wordalign import is_content

    words = [t for t in _tokens(found) if is_content(t)] or list(_tokens(found))
    have = Counter(stem(t.text) for t in _tokens(other))
    need = Counter(stem(t.text) for t in _tokens(ref))
    return bool(words) and all(have[stem(t.text)] >= need[stem(t.text)] for t in words)


def _shares_word(found: str, piece: str) -> bool:
    """A finding's reference text and the dropped piece share a word (a content word, or any word of a
    qualifier with none)."""
    from qualcheck.checks.wordtools import stem
    from qualcheck.wordalign import is_content

    words = [t for t in _tokens(piece) if is_content(t)] or list(_tokens(piece))
    return bool({stem(t.text) for t in words} & {stem(t.text) for t in _tokens(found)})


GENERATORS = (("qualifier", drop_qualifier), ("clause", drop_clause), ("named actor", drop_actor))


def faithful_pairs(data, rng):
    """(talk, seg_id, reference text, a translation of it every rater marked No-error)."""
    out = []
    for tn, t in data.talks.items():
        for seg in t.ref:
            good = [segs for sn, segs in sorted(t.systems.items()) if data.mqm.get((sn, tn, seg.seg_id), 1) == 0]
            texts = [s.text for segs in good for s in segs if s.seg_id == seg.seg_id]
            if texts:
                out.append((tn, seg.seg_id, seg.text, rng.choice(texts)))
    return out


def omission_generator(data, seeds=(0,), against="translation", per_kind=150, show=None):
    """Rows (kind, seed, method, positives, recall, precision). Positive: (reference R, candidate C with a
    piece dropped), where C is a translation every rater marked No-error (``against="translation"``) or R
    itself; negative: the unchanged pair. A pair counts as found when a check fires on the changed pair
    and not on the unchanged one... no: recall = positives flagged, precision = flagged positives /
    (flagged positives + flagged negatives). ``show``: a list that receives (kind, seed, against, "miss" /
    "false alarm", reference, candidate, dropped piece, omission.partial messages) for each miss and false alarm;
    method "omission.partial on the dropped words" counts a positive only where a finding's reference text
    shares a word with what was dropped; method "omission.partial, drops both human translations make not
    counted" is the first with a flagged unchanged pair not counted as a false alarm where every finding on it names
    words the second human translation (refB) says too (``_said_by``: the source says them, so the No-error MT
    really leaves them out, a drop the raters let pass); its positives are the first method's."""
    from qualcheck import check
    from qualcheck.embed import get_encoder

    from mqm import CACHE_DIR

    enc = get_encoder(cache_dir=CACHE_DIR)
    rows = []
    refb = {(tn, s.seg_id): s.text for tn, t in data.talks.items() for s in t.refB}
    for seed in seeds:
        rng = random.Random(seed)
        pairs = faithful_pairs(data, rng)
        for kind, make in GENERATORS:
            cases = []
            for tn, sid, ref, cand in pairs:
                base = cand if against == "translation" else ref
                made = make(base, rng)
                if made is None or made[0] == base or len(made[0].split()) < 3:
                    continue
                if against == "translation" and not _in_reference(base[made[1][0] : made[1][1]], ref):
                    continue  # what was dropped must be something the reference says, or it is no omission
                if kind == "named actor" and not _named_in(base[made[1][0] : made[1][1]], ref, made[0]):
                    continue  # and a name the reference writes as one (`Do` for `do` is none)
                cases.append((ref, base, made[0], base[made[1][0] : made[1][1]], refb.get((tn, sid), "")))
            rng.shuffle(cases)
            cases = cases[:per_kind]
            texts_pos = [(r, c2) for r, _, c2, _, _ in cases]
            texts_neg = [(r, c) for r, c, _, _, _ in cases]
            msgs = {"pos": {}, "neg": {}}
            res = {}
            for label, pp in (("pos", texts_pos), ("neg", texts_neg)):
                # one document per list: each pair a paragraph; findings mapped back by candidate offsets
                ref_doc = "\n\n".join(r for r, _ in pp)
                cand_doc = "\n\n".join(c for _, c in pp)
                rep = check(ref_doc, cand_doc, encoder=enc,
                            checks=["omission", "mismatch", "omission.partial", "addition.partial"])
                starts, pos = [], 0
                for _, c in pp:
                    starts.append((pos, pos + len(c)))
                    pos += len(c) + 2
                rstarts, pos = [], 0
                for r, _ in pp:
                    rstarts.append((pos, pos + len(r)))
                    pos += len(r) + 2
                unconfirmed: set = set()  # unchanged pairs with a finding the second human translation does not back
                flags = {"omission.partial": set(), "omission.partial on the dropped words": set(),
                         "mismatch (shipped p_same band)": set(), "omission.partial or omission": set()}
                for f in rep.findings:
                    span, st = (f.ref_span, rstarts) if f.ref_span is not None else (f.cand_span, starts)
                    idx = {k for k, (s0, s1) in enumerate(st) if span[0] < s1 and s0 < span[1]}
                    if f.category == "omission.partial":
                        flags["omission.partial"] |= idx
                        for k in idx:
                            msgs[label].setdefault(k, []).append(f.message)
                            if label == "neg" or _shares_word(f.ref_text, cases[k][3]):
                                flags["omission.partial on the dropped words"].add(k)
                            if not _said_by(f.ref_text, cases[k][0], cases[k][4]):
                                unconfirmed.add(k)
                        flags["omission.partial or omission"] |= idx
                    elif f.category == "omission":
                        flags["omission.partial or omission"] |= idx
                    elif f.category == "mismatch":
                        flags["mismatch (shipped p_same band)"] |= idx
                flags["omission.partial, drops both human translations make not counted"] = (
                    flags["omission.partial"] if label == "pos" else flags["omission.partial"] & unconfirmed)
                # the mirror: the same pairs with the sides swapped, the dropped piece now an added one
                flags["mirror: addition.partial, sides swapped"] = set()
                rep2 = check(cand_doc, ref_doc, encoder=enc, checks=["addition.partial"])
                for f in rep2.findings:
                    if f.category == "addition.partial" and f.cand_span is not None:
                        flags["mirror: addition.partial, sides swapped"] |= {
                            k for k, (s0, s1) in enumerate(rstarts) if f.cand_span[0] < s1 and s0 < f.cand_span[1]}
                res[label] = flags
            # baseline 2: the candidate has fewer words than the reference by 15% or more
            short = lambda r, c: len(c.split()) <= 0.85 * len(r.split())  # noqa: E731
            res["pos"]["length ratio <= 0.85"] = {k for k, (r, c) in enumerate(texts_pos) if short(r, c)}
            res["neg"]["length ratio <= 0.85"] = {k for k, (r, c) in enumerate(texts_neg) if short(r, c)}
            n = len(cases)
            if show is not None:
                for k, (r, c, c2, piece, _) in enumerate(cases):
                    if k not in res["pos"]["omission.partial"]:
                        show.append((kind, seed, against, "miss", r, c2, piece, []))
                    if k in res["neg"]["omission.partial"]:
                        backed = k not in res["neg"]["omission.partial, drops both human translations make not counted"]
                        show.append((kind, seed, against, "false alarm" + (" (refB says the flagged words)" if backed
                                                                          else ""), r, c, piece, msgs["neg"].get(k, [])))
            for method in res["pos"]:
                tp, fp = len(res["pos"][method]), len(res["neg"][method])
                rows.append((kind, seed, against, method, n, tp / max(1, n), tp / max(1, tp + fp)))
    return rows


# ---------------------------------------------------------------- the shipped calibration

BASELINE_CALIBRATION = __import__("pathlib").Path(__file__).resolve().parent / "data" / "mismatch_calibration_v1.json"
SHIP_FEATS = ("cosine",) + SHIPPED_FEATS + scoring.WORD_FEATURES


def fit_calibration(rows, x, feats=SHIP_FEATS):
    """Logistic regression (scikit-learn, L2, standardised) on every talk's ref pairs, No-error (1) vs
    Major (0), written in the JSON form qualcheck.scoring reads; severity bands from the leave-one-talk-out
    probabilities (major where most segments below the cut have a Major error)."""
    from sklearn.linear_model import LogisticRegression

    mqm = np.array([r[5] for r in rows])
    major = np.array([r[6] for r in rows])
    talks = np.array([r[0] for r in rows])
    sel = (mqm == 0) | major
    y = (mqm == 0).astype(int)
    idx = [list(ALL_FEATS).index(f) for f in feats]
    z = x[:, idx]

    def fit(m):
        mean, scale = z[m].mean(0), z[m].std(0) + 1e-9
        lr = LogisticRegression(C=1.0, max_iter=2000).fit((z[m] - mean) / scale, y[m])
        return {"features": list(feats), "mean": mean.tolist(), "scale": scale.tolist(),
                "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}

    p = np.zeros(len(rows))
    for tn in np.unique(talks):
        cal = fit(sel & (talks != tn))
        p[talks == tn] = scoring.probability(x[talks == tn], cal)
    cal = fit(sel)
    ps, ys = p[sel], y[sel]
    major_cut = 0.2
    for cut in np.arange(0.15, 0.5, 0.01):
        m = ps < cut
        if m.sum() >= 30 and 1 - ys[m].mean() >= 0.6:
            major_cut = round(float(cut), 2)
    cal["bands"] = {"major": major_cut, "minor": 0.5}
    cal["fitted_on"] = (f"MQM TED zh-en (WMT21): {int(sel.sum())} segments, ref vs MT, No-error=1 vs Major-error=0; "
                        "scikit-learn LogisticRegression; bench/meaning.py --only pair --fit")
    return cal
