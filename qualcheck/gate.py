"""The confidence gate between alignment and the pair checks.

The pair checks (quotes, numbers, ``name.missing``/``name.unknown``, negation, terms) compare
an aligned pair word by word: on a pair that is not a translation of the other side (the
aligner's best guess for a sentence of a different report) every difference is noise, and one
weak pair gives a cascade of findings. They run on a pair only when the aligner's cosine and the
meaning score agree that it is a translation; a weak pair gets one ``mismatch.unrelated`` finding.

``pair_meaning`` is the one place the pair's meaning score comes from (today the calibrated
probability of ``qualcheck.scoring``); a stronger score replaces it there. The gate itself is a
logistic model over (cosine, logit of that probability, |log word-count ratio|, chrF), fitted by ``bench/gate.py --fit`` on
data (MQM translations against neighbouring, shuffled and different-report sentences) and
shipped as ``data/pair_gate.json`` with the threshold it was fitted for.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files
from typing import Optional

import numpy as np

from .cache import store_of
from .checks.terms import prefetch_words
from .scoring import chrf, features_many, probability

GATE_FILE = "pair_gate.json"
FEATURES = ("cosine", "logit_p_same", "length_ratio", "chrf")
# used when no fitted gate is shipped: a pair below this cosine is not trusted
FALLBACK_MIN_COSINE = 0.6


def meaning_many(pairs: list[tuple[str, str, float]], encoder=None, rows: Optional[list] = None) -> np.ndarray:
    """P(same meaning) of (reference text, candidate text, cosine) pairs: the pair meaning score. With
    ``rows`` (a list) the pairs' feature rows are appended to it (the mismatch check reads them again)."""
    if not pairs:
        return np.zeros(0)
    feats = features_many(pairs, encoder, store_of(encoder) if encoder is not None else None)
    if rows is not None:
        rows.extend(feats)
    return np.asarray(probability(feats), dtype=np.float64)


def pair_meaning(doc) -> dict[tuple, tuple[float, float, float, float]]:
    """{(ref indices, cand indices): (cosine, p_same, length ratio, chrF)} for every aligned pair
    with a cosine: what the gate reads. Each pair's feature row is kept in ``doc.memo["pair_features"]``."""
    pairs = [a for a in doc.pairs if a.score is not None]
    texts = [(doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand), float(a.score)) for a in pairs]
    if texts:
        prefetch_words(doc)
    rows: list = []
    probs = meaning_many(texts, doc.encoder, rows)
    doc.memo["pair_features"] = {(a.ref, a.cand): row for a, row in zip(pairs, rows)}
    return {(a.ref, a.cand): (float(a.score), float(p), *text_shape(r, c)) for a, (r, c, _), p in zip(pairs, texts, probs)}


def text_shape(ref: str, cand: str) -> tuple[float, float]:
    """|log| of the word-count ratio and chrF (0..1): a translation keeps the length and many letters
    (names, numbers, borrowed words); a sentence of another report seldom does both."""
    nr, nc = max(1, len(ref.split())), max(1, len(cand.split()))
    return abs(math.log(nc / nr)), chrf(cand, ref) / 100.0


@lru_cache(maxsize=1)
def load_gate() -> Optional[dict]:
    try:
        return json.loads((files("qualcheck") / "data" / GATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


def gate_features(cosine, p_same, length_ratio, chrf) -> np.ndarray:
    p = np.clip(np.asarray(p_same, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.column_stack([np.asarray(cosine, dtype=np.float64), np.log(p / (1 - p)),
                            np.asarray(length_ratio, dtype=np.float64), np.asarray(chrf, dtype=np.float64)])


def gate_probability(cosine, p_same, length_ratio, chrf, gate: Optional[dict] = None) -> np.ndarray:
    """P(the pair is a translation) for arrays of the gate's features."""
    gate = gate or load_gate()
    x = gate_features(*(np.atleast_1d(v) for v in (cosine, p_same, length_ratio, chrf)))
    if gate is None:
        return (x[:, 0] >= FALLBACK_MIN_COSINE).astype(np.float64)
    z = (x - np.array(gate["mean"])) / np.array(gate["scale"])
    return 1.0 / (1.0 + np.exp(-(z @ np.array(gate["coef"]) + gate["intercept"])))


def threshold(gate: Optional[dict] = None) -> float:
    gate = gate or load_gate()
    return float(gate["threshold"]) if gate else 0.5


def is_translation(cosine: float, p_same: float, length_ratio: float, chrf: float,
                   gate: Optional[dict] = None) -> tuple[bool, float]:
    g = float(gate_probability(cosine, p_same, length_ratio, chrf, gate)[0])
    return g >= threshold(gate), g


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))
