"""Bead gains for the DP (``core.py``): sentence vectors, neighbourhoods, the calibrated skip cost, and the rules a
group must pass.

* **margin**: a bead's score is its cosine minus the mean of its sentences' neighbourhoods (each sentence's ``knn``
  best cosines on the other side; Artetxe & Schwenk's margin, as in Bertalign), so a pair must stand out from the
  same-topic background.
* **skip cost calibrated per document** (as Vecalign does): the null distribution is how each sentence's best match
  would score if its counterpart were missing (its second best, against the neighbourhood of its 2nd..k+1th best);
  a bead must beat the ``skip_percentile`` percentile of it. A bead is worth ``margin - skip - group_penalty * (x + y
  - 2)`` whatever its size; a skip is worth 0. Every member of a group must itself point at the other side
  (``member_margin``), or, in a long group (beyond ``max_group``), have ``cover_min`` of its words there.
* **groups must earn their place**: a group's cosine must beat its best single pair by ``group_gain``, less
  ``group_relief`` when every member points at the other side by ``strong_member``; an a-a group whose sentences
  pair off on its diagonal is refused (``split_diagonal``, see ``passes/split_diagonal.py``).
* **two passes**: first every group is scored with the normalised sum of its sentences' vectors (free); then
  ``use_exact`` hands the scorer the embedded joined texts of the groups worth a look, and only those are scored.

Short inputs (up to ``GRID_CELLS`` cells) score each bead shape over the whole matrix at once (``_grid``).
"""
from __future__ import annotations

import warnings
from typing import Optional, Sequence

import numpy as np

from ..cover import containment
from ..settings import AlignSettings
from .band import _Band
from .common import MIN_NULL, MIN_SPREAD, NEG, TIE, TINY_DOC_COSINE, TINY_DOC_SPREAD, Background, long_group_of, normalise

GRID_CELLS = 40_000  # up to this many DP cells, a shape's gains are one matrix (_grid), not row by row
COARSE_SKIP_PERCENTILE = 50.0  # a coarse level's skip cost: the null's median (it only has to find the corridor)
COARSE_MIN_CELLS = 16  # a coarse level with at least this many band cells scores raw cosine against its background


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
        out[g:] = normalise(cs[g:] - cs[:-g])
    return out


def _group_means(x: np.ndarray, g: int) -> np.ndarray:
    n = len(x)
    out = np.zeros(n + 1, dtype=np.float32)
    if g <= n:
        cs = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
        out[g:] = (cs[g:] - cs[:-g]) / g
    return out

class _Scorer:
    """Bead gains for one level: sentence vectors, neighbourhoods, calibrated skip cost."""

    def __init__(self, R, C, st: AlignSettings, band: _Band, max_group: int, full_sim=None, coarse: bool = False,
                 texts: Optional[tuple[Sequence[str], Sequence[str]]] = None):
        self.R, self.C, self.st, self.band = R, C, st, band
        self.n, self.m = len(R), len(C)
        self.shapes = [(a, b) for a in range(1, max_group) for b in range(1, max_group) if a + b <= max_group]
        # long splits and merges (1-k, k-1 beyond max_group): members judged by word containment too
        self.texts = texts
        long_k = range(max(max_group, 2), long_group_of(st) + 1) if texts is not None and not coarse else range(0)
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
        if len(nv) >= MIN_NULL:
            # a coarse level only has to find the corridor: a low skip cost (the null's median), so
            # content repeated far away (which inflates the null) cannot make it skip everything
            self.skip = float(np.percentile(nv, COARSE_SKIP_PERCENTILE if coarse else st.skip_percentile))
            self.spread = float(max(nv.std(), MIN_SPREAD))
        else:
            # too short to calibrate (a side of one sentence: every neighbourhood is the pair itself,
            # so every margin is 0): score by raw cosine against a fixed bar instead
            self.ctx_r[:] = 0.0
            self.ctx_c[:] = 0.0
            self.skip = TINY_DOC_COSINE
            self.spread = TINY_DOC_SPREAD
        self.null_median = float(np.median(nv)) if len(nv) else 0.0
        if coarse and bg_n >= COARSE_MIN_CELLS:
            # a coarse level only finds the corridor. Margins fail there when content repeats far
            # away (each sentence then has two near-equal partners and every margin is about 0, so
            # the path wanders); raw cosine against the band's background (mean + 1 sd) keeps it on
            # the diagonal, which the fine level (whose neighbourhoods are the corridor's) refines.
            mean = bg_sum / bg_n
            sd = max(bg_sq / bg_n - mean * mean, 0.0) ** 0.5
            self.ctx_r[:] = 0.0
            self.ctx_c[:] = 0.0
            self.skip = float(mean + sd)
            self.spread = max(sd, MIN_SPREAD)
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
        gg = (mg - self.skip) - st.group_penalty * (a + b - 2)
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
        gg = (mg - self.skip) - st.group_penalty * (a + b - 2)
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

    def use_exact(self, want, vec_r: dict, vec_c: dict) -> None:
        """The second pass: score only the groups of ``want`` ((a, b, i, j) beads), by their embedded joined texts
        (``vec_r[(a, i)]``, ``vec_c[(b, j)]``); a 1-1 bead keeps its sentence cosine."""
        self.exact_vec_r = vec_r
        self.exact_vec_c = vec_c
        for a, b, i, j in want:
            rv = vec_r[(a, i)] if a > 1 else self.R[i - 1]
            cv = vec_c[(b, j)] if b > 1 else self.C[j - 1]
            self.exact[(a, b, i, j)] = float(rv @ cv)
        rows_: dict = {}
        for (a, b, i, j), c in self.exact.items():
            rows_.setdefault((a, b, i), []).append((j, c))
        self.exact_rows = {k: (np.array([j for j, _ in v], np.int64), np.array([c for _, c in v], np.float32))
                           for k, v in rows_.items()}
        self.exact_only = True

    def background(self) -> Background:
        """What the passes reuse of this document's calibration."""
        return Background(self.ctx_r, self.ctx_c, self.skip, self.spread, self.null_cos)
