"""Stage 4: align reference and candidate sentences (1-1, 1-2, 2-1, ..., omissions, additions, moved).

Dynamic programming over beads, in the style of Bertalign and Vecalign, built for news
copy where the two versions may be different reports of one event:

* **beads**: 0-1 (addition), 1-0 (omission) and every x-y with x+y <= ``max_group``.
  A group is embedded as its joined text, but only the groups the aligner actually
  considers are embedded: a first pass scores groups with the normalised sum of their
  sentences' vectors (free), and only the groups on or next to that pass's non-1-1
  decisions are embedded for real and rescored in a second pass.
* **margin**: a bead's score is its cosine minus the mean of its sentences' neighbourhoods
  (each sentence's ``knn`` best cosines on the other side; Artetxe & Schwenk's margin,
  as in Bertalign), so a pair must stand out from the same-topic background.
* **skip cost calibrated per document** (as Vecalign does): the null distribution is how
  each sentence's best match would score if its counterpart were missing (its second
  best, against the neighbourhood of its 2nd..k+1th best: a same-topic sentence that is
  not its counterpart); a bead must beat the ``skip_percentile`` percentile of it. A bead is worth
  ``margin - skip - group_penalty * (x + y - 2)`` whatever its size (so two good 1-1
  beads beat the 2-2 that merges them); a skip is worth 0.
  Every member of a group must itself point at the other side (``member_margin``), so an
  added stranger is not folded into its neighbour's group.
* **confidence** of a bead: a logistic of ``(margin - skip) / spread``, the spread being
  the standard deviation of the null distribution.
* **groups must earn their place**: a group's cosine must beat its best single pair by
  ``group_gain`` (an omitted sentence is not folded into its neighbour's group), less
  ``group_relief`` when every member points at the other side by ``strong_member`` (a true
  split whose joined halves score a little under the longer half), and an a-a group whose
  sentences pair off on its diagonal is refused (``split_diagonal``: the 1-1 pairs win).
* **long splits and merges** (``long_group``): 1-k and k-1 beads beyond ``max_group`` (a quotation split into six,
  five sentences merged into one). Their members are judged by the other side's words as well as by the cosine: a
  member passes the member rule when ``cover_min`` of its content words are in the other side's sentence
  (``cover.containment``). The same evidence lets a group grow after the DP, one leftover at a time
  (``_attach_lone``: a leftover joins when it points at the group, its words are there, or its cosine reaches
  ``long_member_similarity``) and pairs a slot of one sentence against 3..k consecutive ones (``_long_slot``).
  A leftover found word for word inside the other side's text (``verbatim_min``, rapidfuzz partial ratio) joins
  whatever the joined cosine says: verbatim containment outranks a paraphrase's similarity.
* **moved content**: after the in-order pass, leftover sentences that clearly match each
  other (mutual best, margin above the skip by ``moved_extra``) are paired as ``moved``; a moved block then grows
  along its diagonal (``_extend_blocks``): in short single-topic stories every margin is small, and a block's
  weaker pairs stay apart otherwise.
* **clean-up passes** after the DP (each a small function, each measured on the benchmark): beads back in document
  order (``_in_order``); a 2-1 group beside an added sentence that pairs off on the diagonal becomes two 1-1 pairs
  (``_resplit``); slots (below); a leftover of one side alone between two pairs joins a neighbour's group when it is a
  piece of that translation (``_attach_lone``). Each is one-sided on purpose: a reference sentence left over is an
  omission unless the candidate demonstrably says it, because a hidden omission is the costliest error for an editor.
* **slots** (``gap_fill``): one leftover sentence a side between the same two in-order beads
  is, in a translation, usually one sentence translated badly; it is paired when its cosine
  beats the ``gap_single_percentile`` of the document's null cosines and
  ``gap_slot_min_similarity`` (larger gaps need the null's ``gap_percentile``, and the pairs
  found there leave such slots beside them), so the mismatch check judges it instead of
  reporting an omission and an addition.
* **linear cost**: above ``full_cells`` cells the full matrix is never built: both sides
  are pooled by pairs recursively until small, aligned there, and the path is refined
  level by level inside a corridor of ``window`` sentences (coarse to fine, as Vecalign),
  so time and memory grow linearly with length. Coarse levels score raw cosine against the
  band's background, not margins: with content repeated far away every margin is about 0.

The DP is vectorised row by row: a skip is worth 0, so the addition move is a running
maximum along the row and every other move reads earlier rows. Short inputs (up to
``GRID_CELLS`` cells) score each bead shape over the whole matrix at once (``_Scorer._grid``).
"""
from __future__ import annotations

import warnings
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from .cover import containment, verbatim, words
from .types import ADDITION, MATCH, MOVED, OMISSION, Alignment

EncodeFn = Callable[[Sequence[str]], np.ndarray]
NEG = -1e30
TIE = 1e-6  # cosines this close are equal (matrix and vector products round differently)
GRID_CELLS = 40_000  # up to this many DP cells, a shape's gains are one matrix (_grid), not row by row
# documents too short for a null distribution (fewer than 4 null margins): a pair needs this cosine
TINY_DOC_COSINE = 0.5


@dataclass
class AlignSettings:
    max_group: int = 4  # largest x+y of a bead: 4 allows 1-1, 1-2, 2-1, 1-3, 2-2, 3-1
    knn: int = 3  # neighbourhood size of the margin
    use_margin: bool = True
    skip_percentile: float = 75.0  # percentile of the document's null margins a bead must beat
    min_pair_similarity: float = 0.4  # absolute cosine floor for any pair
    group_penalty: float = 0.04  # per extra sentence in a group
    group_weight: float = 0.0  # a bead counts 1 + group_weight * (x + y - 2) times its margin over the skip
    member_margin: float = -0.15  # each member of a group must beat its own neighbourhood by this
    moved_extra: float = 0.05  # out-of-order pairs need margin >= skip + moved_extra
    moved_similarity: float = 0.5  # ... and at least this cosine (a moved block then grows along its diagonal)
    window: int = 8  # half-width (sentences) of the corridor around the coarse path (long inputs)
    full_cells: int = 250_000  # above n*m cells: coarse-to-fine in a corridor, no full matrix
    group_radius: int = 1  # groups ending within this distance of a first-pass non-1-1 decision are embedded
    group_gain: Optional[float] = 0.0  # a group's cosine must beat its best single pair by this (None: off)
    group_relief: float = 0.03  # ... less this when every member points at the other side by strong_member
    strong_member: float = 0.0
    split_diagonal: bool = True  # an a-a group that pairs off on its diagonal is refused (the 1-1 pairs win) ...
    diagonal_min_similarity: float = 0.3  # ... each diagonal pair at least this cosine
    gap_fill: bool = True  # pair leftovers sandwiched between two in-order beads (a bad translation in its slot)
    gap_percentile: float = 50.0  # ... if their cosine beats this percentile of the document's null cosines
    gap_min_similarity: float = 0.45  # ... and this absolute floor
    gap_single_percentile: float = 0.0  # a gap of as many sentences a side (a slot): this percentile
    gap_slot_min_similarity: float = 0.2  # ... and this floor (a stranger in the slot stays apart)
    gap_even_max: int = 1  # ... for gaps of up to this many sentences a side
    gap_diagonal_max: int = 3  # an even gap of up to this many a side whose sentences are each other's best in order: slots
    gap_max: int = 24  # a longer run of leftovers is not a slot (and its small DP would cost n x m)
    lone_attach: bool = True  # leftovers of one side alone between two in-order pairs join a neighbour's group if the group
    # holds the other side's sentence most similar to them nearby, ...
    lone_drop: float = 0.06  # ... the joined group's cosine falls by at most this
    lone_drop_ref: float = 0.0  # ... a reference leftover (an omission unless proven otherwise): by at most this
    lone_min_similarity: float = 0.1  # ... and each leftover's own cosine with the other side's group is this
    resplit_min_similarity: Optional[float] = 0.4  # a 2-1 group beside an added sentence: two 1-1 pairs if on the diagonal, each this (None: off)
    long_group: int = 6  # longer splits and merges: 1-k and k-1 beads up to k = this (beyond max_group; 0, or max_group < 4: off) ...
    cover_min: float = 0.3  # ... each member of such a group points at the other side by member_margin or has this
    # share of its content words in the other side's sentence (cover.containment)
    long_member_similarity: float = 0.45  # ... or (a leftover joining one) this cosine with the other side's sentence
    verbatim_min: float = 0.9  # a leftover found word for word (rapidfuzz partial ratio) inside its neighbour group's
    verbatim_words: int = 3  # other side (at least this many content words) joins it whatever the cosine says

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class AlignResult:
    alignment: list[Alignment]
    sim: Optional[np.ndarray]  # sentence x sentence cosines; None for long inputs (never built)
    extra: dict = field(default_factory=dict)


def _long_group(st: "AlignSettings") -> int:
    """The longest 1-k / k-1 group: ``long_group``, or 0 when ``max_group`` is set below its default 4 (a user who
    limits the beads gets no long ones)."""
    return st.long_group if st.max_group >= 4 else 0


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-np.clip(x, -30, 30))))


def _normalise(v: np.ndarray) -> np.ndarray:
    nrm = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(nrm, 1e-9)


def _group_bar(st: "AlignSettings", weakest: np.ndarray) -> np.ndarray:
    """How much a group's cosine must beat its best single pair: ``group_gain`` (a tie says nothing
    more), less ``group_relief`` where every member points at the other side by ``strong_member``."""
    bar = np.where(weakest >= st.strong_member, st.group_gain - st.group_relief, st.group_gain)
    return bar + TIE


def _group_sums(X: np.ndarray, g: int) -> np.ndarray:
    """Row j (j >= g) is the normalised sum of X[j-g:j]; rows < g are zero."""
    n = len(X)
    out = np.zeros((n + 1, X.shape[1]), dtype=np.float32)
    if g <= n:
        cs = np.concatenate([np.zeros((1, X.shape[1]), np.float32), np.cumsum(X, axis=0, dtype=np.float32)])
        out[g:] = _normalise(cs[g:] - cs[:-g])
    return out


def _group_means(x: np.ndarray, g: int) -> np.ndarray:
    n = len(x)
    out = np.zeros(n + 1, dtype=np.float32)
    if g <= n:
        cs = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
        out[g:] = (cs[g:] - cs[:-g]) / g
    return out


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


class _Scorer:
    """Bead gains for one level: sentence vectors, neighbourhoods, calibrated skip cost."""

    def __init__(self, R, C, st: AlignSettings, band: _Band, max_group: int, full_sim=None, coarse: bool = False,
                 texts: Optional[tuple[Sequence[str], Sequence[str]]] = None):
        self.R, self.C, self.st, self.band = R, C, st, band
        self.n, self.m = len(R), len(C)
        self.shapes = [(a, b) for a in range(1, max_group) for b in range(1, max_group) if a + b <= max_group]
        # long splits and merges (1-k, k-1 beyond max_group): members judged by word containment too
        self.texts = texts
        long_k = range(max(max_group, 2), _long_group(st) + 1) if texts is not None and not coarse else range(0)
        self.shapes += [s for k in long_k for s in ((1, k), (k, 1)) if s not in self.shapes]
        self._cover: dict[tuple[int, int, int], float] = {}
        self._cover_full: dict[bool, np.ndarray] = {}
        max_group = max([max(a, b) + 1 for a, b in self.shapes] + [max_group])
        k = max(1, st.knn)
        n, m = self.n, self.m
        # neighbourhoods (top-k cosines on the other side, inside the band) and the null distribution;
        # k + 1 best are kept per sentence: the null needs the neighbourhood *without* the best
        kp = k + 1
        row_top = np.full((n, kp), -np.inf, np.float32)  # sorted ascending: best last
        row_idx = np.zeros((n, kp), np.int64)
        col_top = np.full((m, kp), -np.inf, np.float32)
        bg_sum = bg_sq = 0.0  # the background: every cosine the band holds
        bg_n = 0
        if full_sim is not None and n and m:
            # the whole matrix at hand: every row's and column's best k + 1 at once
            kk = min(kp, m)
            part = np.argpartition(-full_sim, kk - 1, axis=1)[:, :kk] if m > kk else np.tile(np.arange(m), (n, 1))
            vals = np.take_along_axis(full_sim, part, axis=1)
            order = np.argsort(vals, axis=1)
            row_top[:, kp - kk :] = np.take_along_axis(vals, order, axis=1)
            row_idx[:, kp - kk :] = np.take_along_axis(part, order, axis=1)
            kc = min(kp, n)
            col_top[:, kp - kc :] = np.sort(full_sim, axis=0)[n - kc :].T
        for r in range(n if full_sim is None else 0):  # a band: row by row, merging the columns' best
            c0, c1 = band.sentence_cols(r, m)
            s = C[c0:c1] @ R[r]
            w = c1 - c0
            if w == 0:
                continue
            kk = min(kp, w)
            part = np.argpartition(-s, kk - 1)[:kk] if w > kk else np.arange(w)
            part = part[np.argsort(s[part])]
            row_top[r, kp - kk :] = s[part]
            row_idx[r, kp - kk :] = part + c0
            # column top-(k+1): merge this row's values into the running buffers
            buf = np.concatenate([col_top[c0:c1], s[:, None]], axis=1)
            buf.sort(axis=1)
            col_top[c0:c1] = buf[:, -kp:]
            bg_sum += float(s.sum())
            bg_sq += float((s.astype(np.float64) ** 2).sum())
            bg_n += w

        def _mean_top(t: np.ndarray, lo: int, hi: int) -> np.ndarray:
            v = t[:, t.shape[1] - hi : t.shape[1] - lo] if lo else t[:, t.shape[1] - hi :]
            v = np.where(np.isfinite(v), v, np.nan)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return np.nan_to_num(np.nanmean(v, axis=1)).astype(np.float32)

        self.ctx_r = _mean_top(row_top, 0, k) if n else np.zeros(0, np.float32)
        self.ctx_c = _mean_top(col_top, 0, k) if m else np.zeros(0, np.float32)
        # null: how a sentence's best match would score if its counterpart were not there: its
        # second best, against the neighbourhood of its 2nd..(k+1)th best
        null = []
        if st.use_margin:
            if n:
                nb = _mean_top(row_top, 1, kp)
                null.append(row_top[:, -2] - (nb + self.ctx_c[row_idx[:, -2]]) / 2)
            if m:
                nb = _mean_top(col_top, 1, kp)
                null.append(col_top[:, -2] - (nb + float(self.ctx_r.mean() if n else 0.0)) / 2)
        else:
            self.ctx_r[:] = 0.0
            self.ctx_c[:] = 0.0
            null = [row_top[:, -2], col_top[:, -2]]
        # the same null in raw cosines (each sentence's second best), for the gap pass
        nc = np.concatenate([row_top[:, -2] if n else np.zeros(0), col_top[:, -2] if m else np.zeros(0)])
        nc = nc[np.isfinite(nc)]
        self.null_cos = nc
        nv = np.concatenate(null) if null else np.zeros(0)
        nv = nv[np.isfinite(nv)]
        if len(nv) >= 4:
            # a coarse level only has to find the corridor: a low skip cost (the null's median), so
            # content repeated far away (which inflates the null) cannot make it skip everything
            self.skip = float(np.percentile(nv, 50.0 if coarse else st.skip_percentile))
            self.spread = float(max(nv.std(), 0.01))
        else:
            # too short to calibrate (a side of one sentence: every neighbourhood is the pair itself,
            # so every margin is 0): score by raw cosine against a fixed bar instead
            self.ctx_r[:] = 0.0
            self.ctx_c[:] = 0.0
            self.skip = TINY_DOC_COSINE
            self.spread = 0.05
        self.null_median = float(np.median(nv)) if len(nv) else 0.0
        if coarse and bg_n >= 16:
            # a coarse level only finds the corridor. Margins fail there when content repeats far
            # away (each sentence then has two near-equal partners and every margin is about 0, so
            # the path wanders); raw cosine against the band's background (mean + 1 sd) keeps it on
            # the diagonal, which the fine level (whose neighbourhoods are the corridor's) refines.
            mean = bg_sum / bg_n
            sd = max(bg_sq / bg_n - mean * mean, 0.0) ** 0.5
            self.ctx_r[:] = 0.0
            self.ctx_c[:] = 0.0
            self.skip = float(mean + sd)
            self.spread = max(sd, 0.01)
        # approximate group vectors (normalised sums) and group neighbourhoods (means of members)
        self.Rg = {1: None}
        self.Cg = {1: None}
        self.Rctx = {1: None}
        self.Cctx = {1: None}
        for g in range(2, max_group):
            if any(a == g for a, _ in self.shapes):
                self.Rg[g] = _group_sums(R, g)
                self.Rctx[g] = _group_means(self.ctx_r, g)
            if any(b == g for _, b in self.shapes):
                self.Cg[g] = _group_sums(C, g)
                self.Cctx[g] = _group_means(self.ctx_c, g)
        self.exact: dict[tuple[int, int, int, int], float] = {}  # (a, b, i, j) -> exact cosine
        self.exact_rows: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray]] = {}  # (a, b, i) -> (js, cosines)
        self.exact_vec_r: dict[tuple[int, int], np.ndarray] = {}
        self.exact_vec_c: dict[tuple[int, int], np.ndarray] = {}
        self.exact_only = False
        # small full-band inputs: every bead's gain computed at once, a matrix per shape (_grid)
        self.full_sim = full_sim  # the sentence cosines, when the band is the whole matrix (the grid's pairs)
        self.grids: Optional[dict] = {} if full_sim is not None and (n + 1) * (m + 1) <= GRID_CELLS else None

    # vectors of a group ending at i (ref) / j (cand)
    def vr(self, a: int, i: int) -> np.ndarray:
        if a == 1:
            return self.R[i - 1]
        if self.exact_only and (a, i) in self.exact_vec_r:
            return self.exact_vec_r[(a, i)]
        return self.Rg[a][i]

    def vc_many(self, b: int, js: np.ndarray) -> np.ndarray:
        return self.C[js - 1] if b == 1 else self.Cg[b][js]

    def ctx_group_r(self, a: int, i: int) -> float:
        return float(self.ctx_r[i - 1]) if a == 1 else float(self.Rctx[a][i])

    def ctx_group_c(self, b: int, js: np.ndarray) -> np.ndarray:
        return self.ctx_c[js - 1] if b == 1 else self.Cctx[b][js]

    def gains(self, a: int, b: int, i: int, js: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(gain, cosine, margin) of the bead (a, b) ending at cell (i, j) for each j of ``js``."""
        if self.grids is not None and (not self.exact_only or (a, b) == (1, 1)):
            got = self.grids.get((a, b))
            if got is None:
                got = self.grids[(a, b)] = self._grid(a, b)
            return got[0][i, js], got[1][i, js], got[2][i, js]
        st = self.st
        ok = js >= b
        g = np.full(len(js), NEG, np.float64)
        cos = np.zeros(len(js), np.float32)
        marg = np.zeros(len(js), np.float32)
        if i < a or not ok.any():
            return g, cos, marg
        if self.exact_only and (a, b) != (1, 1):
            # only the groups that were embedded; js is a contiguous range
            got = self.exact_rows.get((a, b, i))
            if got is None:
                return g, cos, marg
            jarr, carr = got
            sel = (jarr >= max(int(js[0]), b)) & (jarr <= int(js[-1]))
            if not sel.any():
                return g, cos, marg
            ok = np.zeros(len(js), bool)
            ok[jarr[sel] - int(js[0])] = True
            jv, c = jarr[sel], carr[sel].copy()
            order = np.argsort(jv)
            jv, c = jv[order], c[order]
        else:
            jv = js[ok]
        if a == 1 and b == 1:
            c = self.C[jv - 1] @ self.R[i - 1]
        elif not self.exact_only:
            c = self.vc_many(b, jv) @ self.vr(a, i)
        valid = ~np.isnan(c)
        if not valid.all():
            c = np.where(valid, c, np.float32(-1.0))
        mg = c - (self.ctx_group_r(a, i) + self.ctx_group_c(b, jv)) / 2 if st.use_margin else c.copy()
        gg = (1.0 + st.group_weight * (a + b - 2)) * (mg - self.skip) - st.group_penalty * (a + b - 2)
        bad = ~valid | (c < st.min_pair_similarity)
        if a + b > 2:
            weakest = self._member_min(a, b, i, jv, valid)
            bad |= weakest < st.member_margin
        if a + b > 2 and st.group_gain is not None:
            # a group must say more than its best single pair: else the extra sentence is an omission/addition
            best_pair = np.max([self.C[jv - b + u] @ self.R[i - a + t] for t in range(a) for u in range(b)], axis=0)
            bad |= c < best_pair + _group_bar(st, weakest)
        if a == b > 1 and st.split_diagonal:
            bad |= self._diagonal(a, i, jv)
        gg = np.where(bad, NEG, gg)
        g[ok], cos[ok], marg[ok] = gg, c, mg
        return g, cos, marg

    def _grid(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``gains`` of the bead (a, b) at every cell (i, j) at once: (n+1) x (m+1) matrices of gain,
        cosine and margin, rows i < a and columns j < b unreachable. The same rules as the row-by-row
        path, as matrix products (a 1-1 bead's gain is the same in both passes, so it is kept)."""
        st, n, m = self.st, self.n, self.m
        G = np.full((n + 1, m + 1), NEG, np.float64)
        COS = np.zeros((n + 1, m + 1), np.float32)
        MG = np.zeros((n + 1, m + 1), np.float32)
        if a > n or b > m:
            return G, COS, MG
        RV = self.R[a - 1 :] if a == 1 else self.Rg[a][a:]  # group vectors ending at i = a..n
        CV = self.C[b - 1 :] if b == 1 else self.Cg[b][b:]
        c = CV @ RV.T
        c = c.T
        valid = ~np.isnan(c)
        if not valid.all():
            c = np.where(valid, c, np.float32(-1.0))
        ctx_r = self.ctx_r[a - 1 :] if a == 1 else self.Rctx[a][a:]
        ctx_c = self.ctx_c[b - 1 :] if b == 1 else self.Cctx[b][b:]
        mg = c - (ctx_r[:, None] + ctx_c[None, :]) / 2 if st.use_margin else c.copy()
        gg = (1.0 + st.group_weight * (a + b - 2)) * (mg - self.skip) - st.group_penalty * (a + b - 2)
        bad = ~valid | (c < st.min_pair_similarity)
        rows, cols = n - a + 1, m - b + 1
        if a + b > 2:
            weakest = np.full((rows, cols), np.inf, np.float32)
            long = self.is_long(a, b)
            if st.use_margin:
                for t in range(b if b > 1 else 0):  # each candidate member against the reference group
                    vals = (self.C[t : t + cols] @ RV.T).T - self.ctx_c[t : t + cols][None, :]
                    if long:  # a member the reference sentence contains is covered
                        vals = np.where(self.cover_grid(0, t, rows, cols, cand_part=True) >= st.cover_min, np.inf, vals)
                    weakest = np.minimum(weakest, vals)
                for t in range(a if a > 1 else 0):  # each reference member against the candidate group
                    vals = (CV @ self.R[t : t + rows].T).T - self.ctx_r[t : t + rows][:, None]
                    if long:
                        vals = np.where(self.cover_grid(t, 0, rows, cols, cand_part=False) >= st.cover_min, np.inf, vals)
                    weakest = np.minimum(weakest, vals)
            bad |= weakest < st.member_margin
            S = self.full_sim
            if st.group_gain is not None:
                best_pair = np.max([S[t : t + rows, u : u + cols] for t in range(a) for u in range(b)], axis=0)
                bad |= c < best_pair + _group_bar(st, weakest)
            if a == b > 1 and st.split_diagonal:
                if a == 2:
                    d0, d1 = S[:rows, :cols], S[1 : rows + 1, 1 : cols + 1]
                    crossed = S[:rows, 1 : cols + 1] + S[1 : rows + 1, :cols]
                    bad |= ((d0 + d1) > crossed) & (np.minimum(d0, d1) >= st.diagonal_min_similarity)
                else:
                    js = np.arange(b, m + 1)
                    for i in range(a, n + 1):
                        bad[i - a] |= self._diagonal(a, i, js)
        G[a:, b:] = np.where(bad, NEG, gg)
        COS[a:, b:], MG[a:, b:] = c, mg
        return G, COS, MG

    def is_long(self, a: int, b: int) -> bool:
        return a + b > self.st.max_group

    def cover(self, r: int, c: int, cand_part: bool) -> float:
        """Word containment of candidate sentence ``c`` in reference sentence ``r`` (``cand_part``) or the reverse."""
        key = (r, c, cand_part)
        got = self._cover.get(key)
        if got is None:
            rt, ct = self.texts[0][r], self.texts[1][c]
            got = self._cover[key] = containment(ct, rt) if cand_part else containment(rt, ct)
        return got

    def cover_grid(self, r0: int, c0: int, rows: int, cols: int, cand_part: bool) -> np.ndarray:
        """``cover`` of reference sentences r0.. against candidate sentences c0.. as a rows x cols matrix (the whole
        matrix computed once: small inputs only)."""
        full = self._cover_full.get(cand_part)
        if full is None:
            full = self._cover_full[cand_part] = np.array(
                [[self.cover(r, c, cand_part) for c in range(self.m)] for r in range(self.n)], np.float32).reshape(self.n, self.m)
        return full[r0 : r0 + rows, c0 : c0 + cols]

    def _member_min(self, a, b, i, jv, valid) -> np.ndarray:
        """How much the group's weakest member points at the other group more than at its
        neighbourhood (+inf without margins; a long group's member contained in the other side: +inf)."""
        st = self.st
        weakest = np.full(len(jv), np.inf, np.float32)
        if not st.use_margin:
            return weakest
        long = self.is_long(a, b)
        if b > 1:  # each candidate member against the reference group
            rv = self.vr(a, i) if not self.exact_only else None
            for t in range(b):
                cj = jv - b + t  # 0-based candidate sentence index
                if self.exact_only:
                    vals = np.array([
                        float(self.C[c] @ self.exact_vec_r.get((a, i), self.vr(a, i))) if v else -1.0
                        for c, v in zip(cj, valid)
                    ], np.float32)
                else:
                    vals = self.C[cj] @ rv
                vals = vals - self.ctx_c[cj]
                if long:  # a 1-k group: candidate members contained in reference sentence i - 1
                    vals = np.where(np.array([self.cover(i - 1, int(c), True) for c in cj]) >= st.cover_min, np.inf, vals)
                weakest = np.minimum(weakest, vals)
        if a > 1:  # each reference member against the candidate group
            for t in range(a):
                r = i - a + t
                if self.exact_only:
                    vals = np.array([
                        float(self.R[r] @ self.exact_vec_c[(b, int(j))]) if (v and (b, int(j)) in self.exact_vec_c)
                        else (float(self.R[r] @ self.C[int(j) - 1]) if v and b == 1 else -1.0)
                        for j, v in zip(jv, valid)
                    ], np.float32)
                else:
                    vals = self.vc_many(b, jv) @ self.R[r]
                vals = vals - self.ctx_r[r]
                if long:  # a k-1 group: reference member r contained in candidate sentence j - 1
                    vals = np.where(np.array([self.cover(r, int(j) - 1, False) for j in jv]) >= st.cover_min, np.inf, vals)
                weakest = np.minimum(weakest, vals)
        return weakest

    def _diagonal(self, a: int, i: int, jv: np.ndarray) -> np.ndarray:
        """An a-a group whose sentences pair off one to one on its diagonal (2-2: the diagonal pairing beats the
        crossed one; larger: each the other's best inside the block), each pair at least ``diagonal_min_similarity``,
        is a run of 1-1 pairs, not a group."""
        rows = self.R[i - a : i]  # a x d
        blocks = np.stack([self.C[jv - a + t] for t in range(a)], axis=1)  # len(jv) x a x d
        S = np.einsum("kcd,rd->krc", blocks, rows)  # len(jv) x a (ref) x a (cand)
        diag = np.arange(a)
        d = S[:, diag, diag]
        if a == 2:  # the diagonal pairing beats the crossed one
            ok = d.sum(axis=1) > S[:, 0, 1] + S[:, 1, 0]
        else:
            ok = (S.argmax(axis=2) == diag).all(axis=1) & (S.argmax(axis=1) == diag).all(axis=1)
        return ok & (d.min(axis=1) >= self.st.diagonal_min_similarity)

    def one(self, a: int, b: int, i: int, j: int) -> tuple[float, float, float]:
        g, c, mg = self.gains(a, b, i, np.array([j]))
        return float(g[0]), float(c[0]), float(mg[0])


def _dp(sc: _Scorer, band: _Band) -> list[tuple[int, int, int, int]]:
    """Best bead path through the band; returns beads (a, b, i, j) ending at (i, j), in order."""
    n, m = sc.n, sc.m
    lo, hi = band.lo, band.hi
    rows: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    shapes = sc.shapes

    def get(i: int, js: np.ndarray) -> np.ndarray:
        row = rows[i]
        k = js - lo[i]
        ok = (k >= 0) & (k < len(row))
        out = np.full(len(js), NEG)
        out[ok] = row[k[ok]]
        return out

    js0 = np.arange(lo[0], hi[0] + 1)
    rows.append(np.where(js0 >= 0, 0.0, NEG))
    backs.append(np.zeros(len(js0), np.int8))  # code 0: addition
    for i in range(1, n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = get(i - 1, js)  # omission (1, 0)
        code = np.ones(len(js), np.int8)
        for s, (a, b) in enumerate(shapes):
            if a > i:
                continue
            g, _, _ = sc.gains(a, b, i, js)
            if not (g > 0).any():
                continue
            v = np.where(g > 0, get(i - a, js - b) + g, NEG)
            better = v > best
            best = np.where(better, v, best)
            code = np.where(better, np.int8(2 + s), code)
        run = np.maximum.accumulate(best)  # the addition move (0, 1) along the row
        from_left = run > best
        code = np.where(from_left, np.int8(0), code)
        rows.append(run)
        backs.append(code)
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - lo[i]
        c = int(backs[i][k]) if 0 <= k < len(backs[i]) else (0 if i == 0 else 1)
        if c == 0:
            a, b = 0, 1
        elif c == 1:
            a, b = 1, 0
        else:
            a, b = shapes[c - 2]
        if i == 0:
            a, b = 0, 1
        beads.append((a, b, i, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _pool(X: np.ndarray) -> np.ndarray:
    n = len(X)
    if n % 2:
        X = np.concatenate([X, np.zeros((1, X.shape[1]), X.dtype)])
    return _normalise(X[0::2] + X[1::2]).astype(np.float32)


def _corridor(R: np.ndarray, C: np.ndarray, st: AlignSettings, stats: dict) -> _Band:
    """The band of cells to search: everything for short inputs, else a corridor around the coarse path."""
    n, m = len(R), len(C)
    if n * m <= st.full_cells or n < 4 or m < 4:
        return _Band.full(n, m)
    Rc, Cc = _pool(R), _pool(C)
    coarse_band = _corridor(Rc, Cc, st, stats)
    sc = _Scorer(Rc, Cc, st, coarse_band, max_group=3, coarse=True)
    beads = _dp(sc, coarse_band)
    stats.setdefault("levels", []).append({"n": len(Rc), "m": len(Cc), "cells": coarse_band.cells})
    return _band_from_path(beads, n, m, factor=2, window=st.window)


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


def _texts_r(texts: Sequence[str], a: int, i: int) -> str:
    return " ".join(texts[i - a : i])


def align(
    ref_texts: Sequence[str],
    cand_texts: Sequence[str],
    encode: EncodeFn,
    settings: Optional[AlignSettings] = None,
) -> AlignResult:
    st = settings or AlignSettings()
    n, m = len(ref_texts), len(cand_texts)
    if n == 0 or m == 0:
        al = [Alignment((i,), (), OMISSION) for i in range(n)] + [Alignment((), (j,), ADDITION) for j in range(m)]
        return AlignResult(al, np.zeros((n, m), dtype=np.float32), {"mode": "empty"})
    both = np.asarray(encode(list(ref_texts) + list(cand_texts)), dtype=np.float32)  # one call: one batch
    R, C = both[:n], both[n:]
    stats: dict = {}
    band = _corridor(R, C, st, stats)
    full = band.cells >= (n + 1) * (m + 1)
    sim = (R @ C.T).astype(np.float32) if full else None
    mg = max(2, st.max_group)
    sc = _Scorer(R, C, st, band, max_group=mg, full_sim=sim, texts=(ref_texts, cand_texts))

    # pass 1: groups scored with summed sentence vectors (nothing embedded yet)
    beads = _dp(sc, band)
    # pass 2: embed the groups worth a look (on or next to a non-1-1 decision), rescore exactly
    want: set[tuple[int, int, int, int]] = set()
    r = st.group_radius
    group_shapes = [s for s in sc.shapes if s != (1, 1)]
    cells: dict[int, set[int]] = {}  # row -> the columns within ``r`` of a first-pass group
    if group_shapes:
        for a0, b0, i0, j0 in beads:
            if (a0, b0) == (1, 1):
                continue
            for i in range(max(1, i0 - r), min(n, i0 + r) + 1):
                lo, hi = max(1, j0 - r, int(band.lo[i])), min(m, j0 + r, int(band.hi[i]))
                cells.setdefault(i, set()).update(range(lo, hi + 1))
    for i, cols in cells.items():
        if not cols:
            continue
        js = np.array(sorted(cols), np.int64)
        for a, b in group_shapes:
            if a <= i:
                g = sc.gains(a, b, i, js)[0]
                want.update((a, b, i, int(j)) for j in js[g > 0])
    texts_r = {(a, i): _texts_r(ref_texts, a, i) for a, _, i, _ in want if a > 1}
    texts_c = {(b, j): _texts_r(cand_texts, b, j) for _, b, _, j in want if b > 1}
    uniq = sorted(set(texts_r.values()) | set(texts_c.values()))
    vecs = dict(zip(uniq, np.asarray(encode(uniq), dtype=np.float32))) if uniq else {}
    sc.exact_vec_r = {k: vecs[t] for k, t in texts_r.items()}
    sc.exact_vec_c = {k: vecs[t] for k, t in texts_c.items()}
    for a, b, i, j in want:
        rv = sc.exact_vec_r[(a, i)] if a > 1 else R[i - 1]
        cv = sc.exact_vec_c[(b, j)] if b > 1 else C[j - 1]
        sc.exact[(a, b, i, j)] = float(rv @ cv)
    rows_: dict = {}
    for (a, b, i, j), c in sc.exact.items():
        rows_.setdefault((a, b, i), []).append((j, c))
    sc.exact_rows = {k: (np.array([j for j, _ in v], np.int64), np.array([c for _, c in v], np.float32))
                     for k, v in rows_.items()}
    sc.exact_only = True
    beads = _dp(sc, band)

    alignment: list[Alignment] = []
    for a, b, i, j in beads:
        if a and b:
            g, s, marg = sc.one(a, b, i, j)
            conf = _sigmoid((marg - sc.skip) / sc.spread)
            alignment.append(Alignment(tuple(range(i - a, i)), tuple(range(j - b, j)), MATCH, round(s, 4), round(conf, 3)))
        elif a:
            alignment.append(Alignment((i - 1,), (), OMISSION))
        else:
            alignment.append(Alignment((), (j - 1,), ADDITION))
    alignment, n_moved = _pair_moved(alignment, R, C, sc, st)
    alignment = _in_order(alignment)
    alignment, n_resplit = _resplit(alignment, R, C, st)
    n_gap = 0
    if st.gap_fill:
        alignment, n_gap = _fill_gaps(alignment, R, C, sc, st, (ref_texts, cand_texts), encode)
    n_lone = 0
    if st.lone_attach:
        # a group grows one step at a time: a leftover that joins can bring the next one within reach
        for _ in range(max(1, _long_group(st) - st.max_group + 1)):
            alignment, k = _attach_lone(alignment, ref_texts, cand_texts, R, C, encode, st)
            n_lone += k
            if not k:
                break
    extra = {
        "mode": "full" if full else "corridor",
        "skip": round(sc.skip, 4),
        "null_median": round(sc.null_median, 4),
        "spread": round(sc.spread, 4),
        "cells": band.cells,
        "levels": stats.get("levels", []),
        "groups_considered": len(want),
        "group_texts_embedded": len(uniq),
        "moved": n_moved,
        "gap_filled": n_gap,
        "lone_attached": n_lone,
        "resplit": n_resplit,
    }
    return AlignResult(alignment, sim, extra)


def _pair_moved(alignment: list[Alignment], R, C, sc: _Scorer, st: AlignSettings) -> tuple[list[Alignment], int]:
    """Pair leftover omissions and additions that clearly match each other (mutual best)."""
    left_r = np.array([a.ref[0] for a in alignment if a.kind == OMISSION], np.int64)
    left_c = np.array([a.cand[0] for a in alignment if a.kind == ADDITION], np.int64)
    if not len(left_r) or not len(left_c):
        return alignment, 0
    # best partner each way, block by block (never a full leftover matrix in memory)
    best_c = np.zeros(len(left_r), np.int64)
    best_c_val = np.full(len(left_r), -np.inf, np.float32)
    best_r = np.zeros(len(left_c), np.int64)
    best_r_val = np.full(len(left_c), -np.inf, np.float32)
    Cl = C[left_c]
    ctx_cl = sc.ctx_c[left_c]
    for s0 in range(0, len(left_r), 1024):
        rr = left_r[s0 : s0 + 1024]
        S = R[rr] @ Cl.T
        M = S - (sc.ctx_r[rr][:, None] + ctx_cl[None, :]) / 2 if st.use_margin else S
        k = M.argmax(axis=1)
        best_c[s0 : s0 + len(rr)] = k
        best_c_val[s0 : s0 + len(rr)] = M[np.arange(len(rr)), k]
        kc = M.argmax(axis=0)
        vc = M[kc, np.arange(len(left_c))]
        upd = vc > best_r_val
        best_r[upd] = kc[upd] + s0
        best_r_val[upd] = vc[upd]
    # in-order context: where each reference index sits among the matched beads
    matched = sorted((min(a.ref), min(a.cand), max(a.cand)) for a in alignment if a.is_pair)
    m_ref = [x[0] for x in matched]
    pairs = {}
    for x, i in enumerate(left_r):
        y = int(best_c[x])
        if int(best_r[y]) != x:
            continue
        j = int(left_c[y])
        s = float(R[i] @ C[j])
        marg = float(best_c_val[x])
        k = bisect_left(m_ref, int(i))
        prev_c = matched[k - 1][2] if k > 0 else -1
        next_c = matched[k][1] if k < len(matched) else 10**12
        kind = MATCH if prev_c < j < next_c else MOVED
        if s < st.moved_similarity or marg < sc.skip + st.moved_extra:
            continue
        conf = _sigmoid((marg - sc.skip - st.moved_extra) / sc.spread)
        pairs[int(i)] = (j, s, conf, kind)
    _extend_blocks(pairs, left_r, left_c, R, C, st)
    if not pairs:
        return alignment, 0
    taken_c = {p[0] for p in pairs.values()}
    out = []
    for a in alignment:
        if a.kind == OMISSION and a.ref[0] in pairs:
            j, s, conf, kind = pairs[a.ref[0]]
            out.append(Alignment(a.ref, (j,), kind, round(s, 4), round(conf, 3)))
        elif a.kind == ADDITION and a.cand[0] in taken_c:
            continue  # reported once, at the reference side's position
        else:
            out.append(a)
    return out, sum(1 for p in pairs.values() if p[3] == MOVED)


def _extend_blocks(pairs: dict, left_r, left_c, R, C, st: AlignSettings) -> None:
    """Content moves in blocks: a leftover pair on the diagonal of a moved pair (the sentences just before or after
    both) is moved with it when its cosine is at least ``min_pair_similarity`` and each is the other's most similar
    leftover (a weak translation inside a moved block, which the margin alone leaves apart)."""
    free_r = {int(i) for i in left_r} - set(pairs)
    free_c = {int(j) for j in left_c} - {p[0] for p in pairs.values()}
    if not free_r or not free_c:
        return
    lr, lc = sorted(free_r), sorted(free_c)
    grown = True
    while grown:
        grown = False
        for i0, (j0, _, conf, kind) in sorted(pairs.items()):
            if kind != MOVED:
                continue
            for i, j in ((i0 - 1, j0 - 1), (i0 + 1, j0 + 1)):
                if i not in free_r or j not in free_c:
                    continue
                s = float(R[i] @ C[j])
                row = C[[c for c in lc if c in free_c]] @ R[i]
                col = R[[r for r in lr if r in free_r]] @ C[j]
                if s < st.min_pair_similarity or s < row.max() - TIE or s < col.max() - TIE:
                    continue
                pairs[i] = (j, s, conf, MOVED)
                free_r.discard(i)
                free_c.discard(j)
                grown = True


def _split_diagonal(rr: tuple, cc: tuple, R, C, bar: Optional[float], conf: Optional[float]) -> list[Alignment]:
    """A 2-2 group whose sentences pair off on its diagonal (the diagonal pairing beats the crossed one, each pair
    at least ``bar``: the DP's ``split_diagonal`` rule) as its two 1-1 pairs; else nothing."""
    if bar is None or not len(rr) == len(cc) == 2:
        return []
    S = R[list(rr)] @ C[list(cc)].T
    d0, d1 = float(S[0, 0]), float(S[1, 1])
    if d0 + d1 <= float(S[0, 1] + S[1, 0]) or min(d0, d1) < bar:
        return []
    return [Alignment((rr[t],), (cc[t],), MATCH, round(float(S[t, t]), 4), conf) for t in range(2)]


def _resplit(alignment: list[Alignment], R, C, st: AlignSettings) -> tuple[list[Alignment], int]:
    """A 2-1 group with an added candidate sentence right beside its one candidate sentence, the four sentences
    pairing off on the diagonal (each pair at least ``resplit_min_similarity``, the diagonal beating the crossed
    pairing): the DP folded into the group a reference sentence whose own counterpart it left over (a weak pair,
    under the skip cost). Two 1-1 pairs. Not the other way round: a reference sentence left over beside a 1-2
    group is an omission unless proven otherwise (benchmark: pairing it costs every scenario)."""
    if st.resplit_min_similarity is None:
        return alignment, 0
    out: list = list(alignment)
    added = {a.cand[0]: k for k, a in enumerate(out) if a.kind == ADDITION}
    n = 0
    for k, a in enumerate(alignment):
        if a.kind != MATCH or (len(a.ref), len(a.cand)) != (2, 1):
            continue
        x = a.cand[0]
        for y in (x - 1, x + 1):
            if y not in added or out[added[y]] is None:
                continue
            pairs = _split_diagonal(a.ref, tuple(sorted((x, y))), R, C, st.resplit_min_similarity, a.confidence)
            if pairs:
                out[k] = pairs
                out[added[y]] = None
                n += 1
                break
    flat: list[Alignment] = []
    for a in out:
        if isinstance(a, list):
            flat.extend(a)
        elif a is not None:
            flat.append(a)
    return flat, n


def _in_order(alignment: list[Alignment]) -> list[Alignment]:
    """The beads in document order: each leftover (and each moved pair, by its reference sentence) in the slot
    between the in-order pairs where it sits, omissions before additions. The moved pass pairs leftovers where the
    omission was, which can leave a gap's additions on the wrong side of a pair it found in order."""
    pairs = [a for a in alignment if a.kind == MATCH]
    ends_r = [max(a.ref) for a in pairs]
    ends_c = [max(a.cand) for a in pairs]
    slots: list[list[tuple[int, int, Alignment]]] = [[] for _ in range(len(pairs) + 1)]
    for a in alignment:
        if a.kind == MATCH:
            continue
        if a.ref:
            slots[bisect_left(ends_r, min(a.ref))].append((0, min(a.ref), a))
        else:
            slots[bisect_left(ends_c, a.cand[0])].append((1, a.cand[0], a))
    out: list[Alignment] = []
    for k, slot in enumerate(slots):
        out += [a for _, _, a in sorted(slot, key=lambda t: t[:2])]
        if k < len(pairs):
            out.append(pairs[k])
    return out


def _fill_gaps(alignment: list[Alignment], R, C, sc: _Scorer, st: AlignSettings, texts=None, encode=None) -> tuple[list[Alignment], int]:
    """Pair leftovers that sit in the same slot: between the same two in-order beads.

    A reference sentence and a candidate sentence left over between the same two pairs are,
    in a translation, most often one sentence translated badly: the margin pass is right not to
    trust their similarity alone, but their position is evidence too. Inside each such gap a
    small DP pairs them in order (1-1, 1-2, 2-1; normalised sums for groups) when the cosine beats
    the document's own null (the ``gap_percentile`` of each sentence's second-best cosine) and
    ``gap_min_similarity``. A stranger in a gap (different reports, inserted copy) stays alone:
    its cosine with the slot's sentence is at the level of unrelated sentences.
    """
    nc = sc.null_cos
    bar = max(st.gap_min_similarity, float(np.percentile(nc, st.gap_percentile)) if len(nc) >= 4 else TINY_DOC_COSINE)
    bar1 = max(st.gap_slot_min_similarity,
               float(np.percentile(nc, st.gap_single_percentile)) if len(nc) >= 4 else TINY_DOC_COSINE)
    spread = max(float(nc.std()) if len(nc) >= 4 else 0.05, 0.01)
    out: list[Alignment] = []
    run: list[Alignment] = []
    filled = 0

    def flush():
        nonlocal filled
        if not run:
            return
        refs = sorted(a.ref[0] for a in run if a.kind == OMISSION)
        cands = sorted(a.cand[0] for a in run if a.kind == ADDITION)
        if not refs or not cands or max(len(refs), len(cands)) > st.gap_max:
            out.extend(run)
            run.clear()
            return
        # a gap of as many sentences a side (up to gap_even_max) is a slot: the low bar; otherwise the null's
        even = len(refs) == len(cands) <= st.gap_even_max
        pairs = _long_slot(refs, cands, R, C, bar, st, texts, encode)
        if not pairs:
            pairs = _diagonal_slots(refs, cands, R, C, bar1, st.gap_diagonal_max)
        if not pairs:
            pairs = _gap_dp(refs, cands, R, C, bar1 if even else bar)
            if pairs and not even:
                pairs += _sub_slots(pairs, refs, cands, R, C, bar1, st)
        used_r = {i for p in pairs for i in p[0]}
        used_c = {j for p in pairs for j in p[1]}
        # keep the run's order: each pair where its first reference sentence was
        first = {p[0][0]: p for p in pairs}
        for a in run:
            if a.kind == OMISSION and a.ref[0] in first:
                rr, cc, cos = first[a.ref[0]]
                out.append(Alignment(rr, cc, MATCH, round(cos, 4), round(_sigmoid((cos - bar) / spread), 3)))
                filled += 1
            elif (a.kind == OMISSION and a.ref[0] in used_r) or (a.kind == ADDITION and a.cand[0] in used_c):
                continue
            else:
                out.append(a)
        run.clear()

    for a in alignment:
        if a.kind in (OMISSION, ADDITION, MOVED):  # a moved pair is out of order: it does not close a gap
            run.append(a)
        else:
            flush()
            out.append(a)
    flush()
    return out, filled


def _long_slot(refs: list[int], cands: list[int], R, C, bar: float, st: AlignSettings, texts, encode) -> list[tuple[tuple, tuple, float]]:
    """A gap of one sentence on one side and 3..``long_group`` consecutive sentences on the other (a long split or
    merge the DP left in pieces): one group when its joined text's cosine (embedded) is at least ``bar`` and each
    sentence of the many side is covered by the one sentence (``cover_min`` of its words) or finds it its most
    similar sentence nearby (else nothing)."""
    if texts is None or encode is None or _long_group(st) < 3:
        return []
    one, many, side = (refs, cands, "cand") if len(refs) == 1 else (cands, refs, "ref")
    if len(one) != 1 or not 3 <= len(many) <= _long_group(st) or many[-1] - many[0] != len(many) - 1:
        return []
    rt, ct = texts
    single_text = (rt if side == "cand" else ct)[one[0]]
    own, O, X = (ct, R, C) if side == "cand" else (rt, C, R)
    if not all(containment(own[x], single_text) >= st.cover_min or _points_at(x, (one[0],), O, X) for x in many):
        return []
    joined = np.asarray(encode([" ".join(own[x] for x in many)]), dtype=np.float32)[0]
    cos = float(joined @ O[one[0]])
    if cos < bar:
        return []
    return [((one[0],), tuple(many), cos)] if side == "cand" else [(tuple(many), (one[0],), cos)]


def _diagonal_slots(refs: list[int], cands: list[int], R, C, bar: float, most: int) -> list[tuple[tuple, tuple, float]]:
    """An even gap of 2..``most`` sentences a side whose k-th reference and k-th candidate sentence are each other's
    best in the gap, each at least ``bar``: one slot per sentence, in order (else nothing)."""
    k = len(refs)
    if k != len(cands) or not 2 <= k <= most:
        return []
    S = R[refs] @ C[cands].T
    diag = np.arange(k)
    if not ((S.argmax(axis=1) == diag).all() and (S.argmax(axis=0) == diag).all() and S[diag, diag].min() >= bar):
        return []
    return [((refs[t],), (cands[t],), float(S[t, t])) for t in range(k)]


def _sub_slots(pairs, refs: list[int], cands: list[int], R, C, bar: float, st: AlignSettings) -> list[tuple[tuple, tuple, float]]:
    """The slots a gap's pairs leave: leftovers between two consecutive pairs of the gap (or a pair
    and the gap's end) with as many sentences a side, up to ``gap_even_max`` (or ``gap_diagonal_max`` when they pair
    off on the diagonal), paired at the slot bar.
    A gap of two a side whose one sure pair leaves one sentence a side beside it is such a slot."""
    ends_r = sorted(max(p[0]) for p in pairs)
    ends_c = sorted(max(p[1]) for p in pairs)
    used_r = {i for p in pairs for i in p[0]}
    used_c = {j for p in pairs for j in p[1]}
    by_slot: dict[int, tuple[list[int], list[int]]] = {}
    for i in refs:
        if i not in used_r:
            by_slot.setdefault(bisect_left(ends_r, i), ([], []))[0].append(i)
    for j in cands:
        if j not in used_c:
            by_slot.setdefault(bisect_left(ends_c, j), ([], []))[1].append(j)
    out = []
    for rr, cc in by_slot.values():
        if rr and len(rr) == len(cc) <= st.gap_even_max:
            out += _gap_dp(rr, cc, R, C, bar)
        else:
            out += _diagonal_slots(rr, cc, R, C, bar, st.gap_diagonal_max)
    return out


def _gap_dp(refs: list[int], cands: list[int], R, C, bar: float) -> list[tuple[tuple, tuple, float]]:
    """In-order pairs of one gap: 1-1, 1-2, 2-1 of adjacent sentences, gain cosine - bar, skip 0."""
    n, m = len(refs), len(cands)
    S = R[refs] @ C[cands].T
    best = np.zeros((n + 1, m + 1))
    back: dict[tuple[int, int], tuple] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            cand_moves = []
            if i:
                cand_moves.append((best[i - 1, j], (1, 0, None)))
            if j:
                cand_moves.append((best[i, j - 1], (0, 1, None)))
            for a, b in ((1, 1), (1, 2), (2, 1)):
                if a > i or b > j:
                    continue
                rr, cc = refs[i - a : i], cands[j - b : j]
                if rr[-1] - rr[0] != a - 1 or cc[-1] - cc[0] != b - 1:
                    continue  # a group must be adjacent sentences
                if a == 1 and b == 1:
                    cos = float(S[i - 1, j - 1])
                else:
                    cos = float(_normalise(R[rr].sum(0)) @ _normalise(C[cc].sum(0)))
                    # every member must carry part of the match
                    if min(float(S[x, y]) for x in range(i - a, i) for y in range(j - b, j)) < bar - 0.2:
                        continue
                gain = cos - bar - (0.02 if a + b > 2 else 0.0)
                if gain > 0:
                    cand_moves.append((best[i - a, j - b] + gain, (a, b, cos)))
            v, mv = max(cand_moves, key=lambda t: t[0])
            best[i, j] = v
            back[(i, j)] = mv
    pairs = []
    i, j = n, m
    while i or j:
        a, b, cos = back[(i, j)]
        if cos is not None:
            pairs.append((tuple(refs[i - a : i]), tuple(cands[j - b : j]), cos))
        i, j = i - a, j - b
    pairs.reverse()
    return pairs


def _attach_lone(alignment, ref_texts, cand_texts, R, C, encode, st: AlignSettings) -> tuple[list[Alignment], int]:
    """Leftovers of one side alone between two in-order pairs (nothing left on the other side there) join a
    neighbour's group when they are a piece of its translation (a sentence the translation split in two, a reference
    sentence the translation merged into its neighbour's):

    * the leftover finds its most similar sentence of the other side nearby (within 3 of the group) in the group:
      a same-topic stranger beside a pair (different reports) resembles some other sentence more;
    * the joined group's cosine falls by at most ``lone_drop`` (a reference leftover: ``lone_drop_ref``, 0 by default:
      an omission stays one unless the candidate says it too);
    * the leftover's own cosine with the other side's group is at least ``lone_min_similarity``.

    A 2-2 group grown this way whose sentences pair off on its diagonal becomes two 1-1 pairs."""
    items = list(alignment)
    # runs of leftovers between pairs: (start, end) positions in items
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
    plans = []  # (run, side, options)
    want: set[tuple[tuple, tuple]] = set()
    for s0, s1 in runs:
        run = items[s0:s1]
        kinds = {a.kind for a in run}
        if len(kinds) != 1:
            continue
        side = "cand" if kinds == {ADDITION} else "ref"
        idx = sorted(a.cand[0] if side == "cand" else a.ref[0] for a in run)
        if idx[-1] - idx[0] != len(idx) - 1 or len(idx) > max(st.max_group - 2, _long_group(st) - 1):
            continue
        prev = items[s0 - 1] if s0 > 0 and items[s0 - 1].kind == MATCH else None
        nxt = items[s1] if s1 < len(items) and items[s1].kind == MATCH else None
        opts = []
        for t in range(len(idx) + 1):
            for u in range(t, len(idx) + 1):
                left, right = idx[:t], idx[u:]
                if not left and not right:
                    continue
                ok = True
                new = []
                for bead, part, after in ((prev, left, True), (nxt, right, False)):
                    if not part:
                        continue
                    if bead is None:
                        ok = False
                        break
                    own = getattr(bead, side)
                    if (after and max(own) + 1 != part[0]) or (not after and part[-1] + 1 != min(own)):
                        ok = False
                        break
                    grown = tuple(sorted(own + tuple(part)))
                    size = len(bead.ref) + len(bead.cand) + len(part)
                    long = size > st.max_group
                    if long and not (len(bead.ref if side == "cand" else bead.cand) == 1 and size - 1 <= _long_group(st)):
                        ok = False  # beyond max_group: a 1-k or k-1 group only, k up to long_group
                        break
                    # each leftover must find, among the other side's sentences nearby, its most similar one in the
                    # group (decided here, before anything is embedded); a group beyond max_group also takes a
                    # leftover whose words the other side holds (a piece of a long split or merge)
                    other = bead.ref if side == "cand" else bead.cand
                    other_text = " ".join((ref_texts if side == "cand" else cand_texts)[i] for i in other)
                    own_texts, O, X = (cand_texts, R, C) if side == "cand" else (ref_texts, C, R)
                    # word for word inside the other side's text: evidence above any paraphrase's cosine
                    verb = [_is_verbatim(own_texts[x], other_text, st) for x in part]
                    covered = [containment(own_texts[x], other_text) >= st.cover_min for x in part]
                    if not all(vb or _points_at(x, other, O, X) or (long and (cov or float(O[other[0]] @ X[x]) >= st.long_member_similarity))
                               for x, cov, vb in zip(part, covered, verb)):
                        ok = False
                        break
                    key = (bead.ref, grown) if side == "cand" else (grown, bead.cand)
                    new.append((bead, tuple(part), key, [(long and c) or vb for c, vb in zip(covered, verb)], all(verb)))
                if ok:
                    opts.append(new)
                    want.update(key for _, _, key, _, _ in new)
        if opts:
            plans.append((s0, s1, side, opts))
    if not plans:
        return alignment, 0
    texts = sorted({" ".join(ref_texts[i] for i in r) for r, _ in want} | {" ".join(cand_texts[j] for j in c) for _, c in want})
    vecs = dict(zip(texts, np.asarray(encode(texts), dtype=np.float32)))

    def vec(idx, side):
        return vecs[" ".join((ref_texts if side == "ref" else cand_texts)[i] for i in idx)]

    replace: dict[int, list[Alignment]] = {}  # id(bead) -> the grown bead (or its diagonal's pairs)
    dropped: set[tuple[str, int]] = set()  # (side, sentence) of the leftovers that joined a group
    n = 0
    for s0, s1, side, opts in plans:
        best, best_key = None, None
        for new in opts:
            good = True
            gain = 0.0
            for bead, part, (rr, cc), covered, word_for_word in new:
                if id(bead) in replace:
                    good = False
                    break
                cos = float(vec(rr, "ref") @ vec(cc, "cand"))
                other = vec(bead.cand, "cand") if side == "ref" else vec(bead.ref, "ref")
                M = R if side == "ref" else C
                # a reference leftover joins only if the candidate says it too: no drop, or its words are there
                drop = st.lone_drop if side == "cand" or all(covered) else st.lone_drop_ref
                if word_for_word:
                    drop = 2.0  # the words themselves are there: the cosine of the joined text does not decide
                # (a leftover the other side's words cover needs no cosine of its own: "That's what we mean.")
                if cos < (bead.score or 0.0) - drop or min([float(M[x] @ other) for x, cov in zip(part, covered) if not cov],
                                                           default=1.0) < st.lone_min_similarity:
                    good = False
                    break
                gain += cos - (bead.score or 0.0)
            if good:
                key = (sum(len(p) for _, p, _, _, _ in new), gain)
                if best_key is None or key > best_key:
                    best, best_key = new, key
        if best is None:
            continue
        for bead, part, (rr, cc), _, _ in best:
            cos = float(vec(rr, "ref") @ vec(cc, "cand"))
            replace[id(bead)] = _split_diagonal(rr, cc, R, C, st.diagonal_min_similarity if st.split_diagonal else None, bead.confidence) or [Alignment(rr, cc, MATCH, round(cos, 4), bead.confidence)]
            for x in part:
                dropped.add((side, x))
            n += len(part)
    out = []
    for a in alignment:
        if id(a) in replace:
            out.extend(replace[id(a)])
        elif not a.is_pair and (("cand", a.cand[0]) if a.kind == ADDITION else ("ref", a.ref[0])) in dropped:
            continue
        else:
            out.append(a)
    return out, n


def _is_verbatim(part: str, whole: str, st: AlignSettings) -> bool:
    """``part`` (at least ``verbatim_words`` content words) occurs word for word (or nearly) inside the longer ``whole``."""
    return len(words(part)) >= st.verbatim_words and verbatim(part, whole) >= st.verbatim_min


def _points_at(j: int, others: tuple, O, X, reach: int = 3) -> bool:
    """Whether sentence ``j`` of one side (vectors ``X``) finds its most similar sentence of the other side (``O``)
    within ``reach`` of ``others`` among ``others``."""
    lo, hi = max(0, min(others) - reach), min(len(O), max(others) + reach + 1)
    return lo + int(np.argmax(O[lo:hi] @ X[j])) in others
