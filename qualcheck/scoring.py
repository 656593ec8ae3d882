"""Scores: the calibrated probability that an aligned pair means the same, and the document score.

``p_same(ref, cand, cosine)`` turns what qualcheck measures on a pair (the encoder's cosine, a
character n-gram F-score, how long it is, the length ratio, the share of content words with no
counterpart, number and negation differences) into a probability with a logistic model fitted
on the MQM benchmark (Major-error segments against No-error segments; ``bench/meaning.py --fit``
writes ``data/mismatch_calibration.json``). Severity bands turn the probability into a finding.

``pair_score_model(words)`` is the model of the ``mismatch`` finding (``data/pair_score.json``, written by
``bench/pair_candidates.py --fit``): a logistic model over the pair's features and, where the encoder gives
token vectors, the word alignment's (``WORD_FEATURES``), fitted on the same MQM data; its bands are not set by
hand but where the fitted talks' No-error pairs fall (minor: the lowest 10% of them). The probability above
(``p_same``) stays what the confidence gate was fitted on.

``document_score(report)`` is the 0-100 score pipelines gate on: 100 minus MQM-style penalty
points (major 5, minor 1, info 0) per 100 words, counted over the reference and the candidate
(an omission is as much a fault as an addition).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from functools import lru_cache
from importlib.resources import files
from typing import Optional

import numpy as np

from . import wordalign
from .cache import annotate, code_digest, store_of
from .checks import negation, numbers, terms, wordtools
from .checks.terms import align_tokens, word_cover

PAIR_SCORE = "pair_score.json"
PENALTY = {"major": 5.0, "minor": 1.0, "info": 0.0}  # MQM weights
CALIBRATION = "mismatch_calibration.json"
FEATURES = ("cosine", "chrf", "log_words", "length_ratio", "unmatched", "numbers", "negations",
            "ref_word_min", "cand_word_min", "word_cover")
# the word alignment's features (qualcheck.wordalign.WORD_FEATURES), after FEATURES in a full row
WORD_FEATURES = ("bert_p", "bert_r", "bert_f", "ref_left_share", "cand_left_share", "ref_left_run",
                 "cand_left_run", "qualifiers_dropped", "match_min")
ALL_FEATURES = FEATURES + WORD_FEATURES


# ---------------------------------------------------------------- chrF (sacrebleu's default: chars 1-6, beta 2)

def _ngrams(s: str, n: int) -> Counter:
    """Character n-grams of ``s`` (spaces already removed), as tuples of characters: zip builds them in C."""
    return Counter(s) if n == 1 else Counter(zip(*[s[k:] for k in range(n)]))


def _matches(h: Counter, r: Counter) -> int:
    """``sum((h & r).values())`` without building the intersection: loop over the smaller side."""
    small, get = (h, r.get) if len(h) <= len(r) else (r, h.get)
    match = 0
    for g, c in small.items():
        o = get(g)
        if o:
            match += c if c < o else o
    return match


def chrf(hyp: str, ref: str, order: int = 6, beta: float = 2.0) -> float:
    """Sentence chrF (0-100) as sacrebleu computes it by default (character n-grams, no word n-grams,
    whitespace removed): precision and recall averaged over the *effective* order, the n-gram orders
    both sides are long enough to have (``chrf("ab", "ab")`` is 100, as in sacrebleu), then F-beta.
    Tested equal to sacrebleu's ``CHRF().sentence_score`` on random and short pairs."""
    hs, rs = "".join(hyp.split()), "".join(ref.split())
    precs, recs = [], []
    for n in range(1, order + 1):
        nh, nr = len(hs) - n + 1, len(rs) - n + 1  # how many n-grams each side has
        if nh <= 0 or nr <= 0:
            continue
        match = _matches(_ngrams(hs, n), _ngrams(rs, n))
        precs.append(match / nh)
        recs.append(match / nr)
    if not precs:
        return 0.0
    p, r = sum(precs) / len(precs), sum(recs) / len(recs)  # sacrebleu's effective order
    if p + r == 0:
        return 0.0
    b2 = beta * beta
    return 100.0 * (1 + b2) * p * r / (b2 * p + r)


# ---------------------------------------------------------------- pair features and the calibrated probability

def features(ref: str, cand: str, cosine: float, encoder=None) -> np.ndarray:
    """The pair's features, in the order of FEATURES (``encoder`` for the word-level ones)."""
    return np.array([cosine, *text_features(ref, cand, encoder)], dtype=np.float64)


def text_features(ref: str, cand: str, encoder=None) -> list[float]:
    """Every feature but the cosine: what the two texts (and their words' embeddings) say."""
    nr, nc = max(1, len(ref.split())), max(1, len(cand.split()))
    ta = align_tokens(ref, cand, None)
    n_content = len(ta.same) + len(ta.lookalike) + len(ta.ref_only) + len(ta.cand_only)
    unmatched = (len(ta.ref_only) + len(ta.cand_only)) / max(1, n_content)
    ch, va, ap = numbers.compare(numbers.extract(ref), numbers.extract(cand))
    wc = word_cover(ref, cand, encoder)
    return [
        chrf(cand, ref) / 100.0,
        math.log1p(nr),
        abs(math.log(nc / nr)),
        unmatched,
        float(len(ch) + len(va) + len(ap)),
        float(len(negation.differences(ref, cand))),
        wc.ref_min, wc.cand_min, wc.mean,
    ]


@lru_cache(maxsize=1)
def _features_kind() -> str:
    """The disk cache's name for text features: a hash of the code that computes them."""
    return f"features {code_digest(__file__, *(m.__file__ for m in (wordtools, negation, numbers, terms)))}"


def features_many(pairs: list[tuple[str, str, float]], encoder=None, store=None,
                  words: Optional[bool] = None) -> np.ndarray:
    """``features`` of many (reference, candidate, cosine) pairs, one row each. With ``store`` (an
    ``embed.DiskCache``) the text features of a pair seen before are read back, keyed by the
    encoder's name (the word features use its embeddings), the two texts and this code's hash:
    a re-checked story computes only its changed pairs. With ``words`` (default: when the shipped
    calibration reads them) the word alignment's features follow (``ALL_FEATURES``)."""
    if not pairs:
        return np.zeros((0, len(ALL_FEATURES) if (needs_words() if words is None else words) else len(FEATURES)))
    keys = [f"{getattr(encoder, 'name', '')}\x00{r}\x00{c}" for r, c, _ in pairs]
    by_key = {k: (r, c) for k, (r, c, _) in zip(keys, pairs)}

    got = annotate(store, _features_kind(), keys, lambda todo: {k: text_features(*by_key[k], encoder) for k in todo})
    x = np.array([[cos, *got[k]] for k, (_, _, cos) in zip(keys, pairs)], dtype=np.float64)
    if words is None:
        words = needs_words()
    if words and encoder is not None:
        pairs_words = wordalign.align_pairs([(r, c) for r, c, _ in pairs], encoder)
        w = np.array([wordalign.features(wa) for wa in pairs_words], dtype=np.float64)
        x = np.hstack([x, w])
    return x


def needs_words(cal: Optional[dict] = None) -> bool:
    """Whether the calibration reads the word alignment's features (then rows carry ALL_FEATURES)."""
    cal = cal or calibration() or {}
    return any(f in WORD_FEATURES for f in cal.get("features", ()))


@lru_cache(maxsize=1)
def calibration() -> Optional[dict]:
    try:
        return json.loads((files("qualcheck") / "data" / CALIBRATION).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


def probability(x: np.ndarray, cal: Optional[dict] = None) -> np.ndarray:
    """P(same meaning) for feature rows ``x`` (n x len(FEATURES)) under a calibration."""
    cal = cal or calibration()
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    if cal is None:  # no fitted calibration shipped: the cosine alone, squashed around 0.75
        return 1.0 / (1.0 + np.exp(-(x[:, 0] - 0.75) * 12.0))
    names = ALL_FEATURES if x.shape[1] == len(ALL_FEATURES) else FEATURES
    idx = [names.index(f) for f in cal["features"]]
    z = (x[:, idx] - np.array(cal["mean"])) / np.array(cal["scale"])
    return 1.0 / (1.0 + np.exp(-(z @ np.array(cal["coef"]) + cal["intercept"])))


def p_same(ref: str, cand: str, cosine: float, encoder=None) -> float:
    return float(pair_meaning([(ref, cand, cosine)], encoder)[0])


def pair_meaning(pairs: list[tuple[str, str, float]], encoder=None, store=None) -> np.ndarray:
    """The pair meaning score: P(the candidate says what the reference says) for each (reference text,
    candidate text, sentence cosine), under the shipped calibration (word alignment features included
    when it reads them). The one function other checks call (the `mismatch` finding is its band)."""
    if not pairs:
        return np.zeros(0)
    if store is None and encoder is not None:
        store = store_of(encoder)
    return probability(features_many(pairs, encoder, store))


@lru_cache(maxsize=1)
def pair_score_models() -> tuple:
    """The fitted models of ``data/pair_score.json``, the one with the word alignment's features first."""
    try:
        return tuple(json.loads((files("qualcheck") / "data" / PAIR_SCORE).read_text(encoding="utf-8"))["models"])
    except (FileNotFoundError, OSError, ValueError, KeyError):
        return ()


def pair_score_model(words: bool) -> Optional[dict]:
    """The mismatch finding's model for rows with (``words``: ``ALL_FEATURES``) or without the word
    alignment's features (``FEATURES``); None when none is shipped (then the calibration above and its bands)."""
    for m in pair_score_models():
        if words or not any(f in WORD_FEATURES for f in m["features"]):
            return m
    return None


def band(p: float, cal: Optional[dict] = None) -> Optional[str]:
    """Severity of a mismatch finding for probability ``p``: major, minor, or None (no finding)."""
    cal = cal or calibration() or {}
    bands = cal.get("bands", {"major": 0.25, "minor": 0.5})
    if p < bands["major"]:
        return "major"
    if p < bands["minor"]:
        return "minor"
    return None


# ---------------------------------------------------------------- the document

def category_counts(findings) -> dict[str, dict[str, int]]:
    """{category: {severity: count}} (occurrences of one finding count once)."""
    out: dict[str, dict[str, int]] = {}
    for f in findings:
        out.setdefault(f.category, {"major": 0, "minor": 0, "info": 0})[f.severity] += 1
    return dict(sorted(out.items()))


def document_score(report) -> float:
    """0-100: 100 minus MQM-style penalty points per 100 words of reference and candidate (floored at 0)."""
    n_words = sum(len(s.text.split()) for s in report.candidate.sentences)
    n_words += sum(len(s.text.split()) for s in report.reference.sentences)
    penalty = sum(PENALTY[f.severity] * (1 + len(f.occurrences)) for f in report.findings)
    penalty += (report.metadata.get("left_out") or {}).get("penalty", 0.0)  # findings over the cap (cap.py)
    return round(max(0.0, 100.0 - 100.0 * penalty / max(1, n_words / 2)), 1)
