"""The DP's band of allowed cells, and how a coarse path widens into the next level's corridor (long inputs)."""
from __future__ import annotations

import numpy as np

from .common import normalise


class _Band:
    """Allowed DP cells: row i (0..n ref sentences consumed) has columns lo[i]..hi[i]."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray):
        self.lo, self.hi = lo.astype(np.int64), hi.astype(np.int64)

    @classmethod
    def full(cls, n: int, m: int) -> "_Band":
        return cls(np.zeros(n + 1, np.int64), np.full(n + 1, m, np.int64))

    @property
    def cells(self) -> int:
        return int((self.hi - self.lo + 1).sum())

    def sentence_cols(self, r: int, m: int) -> tuple[int, int]:
        """Candidate sentences [c0, c1) that reference sentence r meets inside the band."""
        c0 = max(0, int(min(self.lo[r], self.lo[r + 1])) - 1)
        c1 = min(m, int(max(self.hi[r], self.hi[r + 1])) + 1)
        return c0, max(c0, c1)


def _pool(X: np.ndarray) -> np.ndarray:
    n = len(X)
    if n % 2:
        X = np.concatenate([X, np.zeros((1, X.shape[1]), X.dtype)])
    return normalise(X[0::2] + X[1::2]).astype(np.float32)


def _band_from_path(beads, n: int, m: int, factor: int, window: int) -> _Band:
    lo = np.full(n + 1, m, np.int64)
    hi = np.zeros(n + 1, np.int64)
    pts = [(0, 0)] + [(i, j) for _, _, i, j in beads]
    for (i0, j0), (i1, j1) in zip(pts, pts[1:] + [pts[-1]]):
        fi0, fi1 = min(n, i0 * factor), min(n, i1 * factor)
        fj0, fj1 = min(m, j0 * factor), min(m, j1 * factor)
        r0, r1 = max(0, min(fi0, fi1) - window), min(n, max(fi0, fi1) + window)
        c0, c1 = max(0, min(fj0, fj1) - window), min(m, max(fj0, fj1) + window)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    lo[0], hi[n] = 0, m
    hi = np.maximum(hi, lo)
    return _Band(lo, hi)
