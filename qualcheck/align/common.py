"""What the DP core and the passes share: numeric constants, small vector helpers, and ``Doc``, the one pair of
documents a pass works on (texts, sentence vectors, the encoder, the settings and the document's background)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np


EncodeFn = Callable[[Sequence[str]], np.ndarray]
NEG = -1e30  # an impossible move's score
TIE = 1e-6  # cosines this close are equal (matrix and vector products round differently)
# documents too short for a null distribution (fewer than 4 null margins): a pair needs this cosine
TINY_DOC_COSINE = 0.5
TINY_DOC_SPREAD = 0.05  # ... and confidences use this spread
MIN_NULL = 4  # fewer null values than this: the document is too short to calibrate
MIN_SPREAD = 0.01  # the smallest spread a confidence divides by
LOGIT_CLIP = 30.0  # the logistic's argument is clipped to +-this (no overflow)
LONG_GROUP_MIN_MAX_GROUP = 4  # a user who sets max_group below this gets no long groups
POINTS_REACH = 3  # points_at: how far (sentences) around a group its members' best match is looked for


def sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-np.clip(x, -LOGIT_CLIP, LOGIT_CLIP))))


def normalise(v: np.ndarray) -> np.ndarray:
    nrm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(nrm, 1e-9)


def long_group_of(st: AlignSettings) -> int:
    """The longest 1-k / k-1 group: ``long_group``, or 0 when ``max_group`` is set below its default 4 (a user who
    limits the beads gets no long ones)."""
    return st.long_group if st.max_group >= LONG_GROUP_MIN_MAX_GROUP else 0


def points_at(j: int, others: tuple, O, X, reach: int = POINTS_REACH) -> bool:
    """Whether sentence ``j`` of one side (vectors ``X``) finds its most similar sentence of the other side (``O``)
    within ``reach`` of ``others`` among ``others``."""
    lo, hi = max(0, min(others) - reach), min(len(O), max(others) + reach + 1)
    return lo + int(np.argmax(O[lo:hi] @ X[j])) in others


@dataclass(frozen=True)
class Background:
    """What the DP learnt about the document, which the passes reuse: each sentence's neighbourhood (mean of its
    ``knn`` best cosines on the other side), the calibrated skip cost and spread of the margins, and the null
    cosines (each sentence's second best)."""
    ctx_r: np.ndarray
    ctx_c: np.ndarray
    skip: float
    spread: float
    null_cos: np.ndarray


@dataclass(frozen=True)
class Doc:
    """One pair of documents as the passes see it."""
    ref_texts: Sequence[str]
    cand_texts: Sequence[str]
    R: np.ndarray
    C: np.ndarray
    encode: EncodeFn
    st: AlignSettings
    bg: Background


def leftover_runs(items) -> list[tuple[int, int]]:
    """The runs of consecutive unpaired beads (omissions, additions) in ``items``, as (start, end)
    positions: what lies between two pairs (or an end of the text and a pair)."""
    runs = []
    k = 0
    while k < len(items):
        if items[k].is_pair:
            k += 1
            continue
        s0 = k
        while k < len(items) and not items[k].is_pair:
            k += 1
        runs.append((s0, k))
    return runs
