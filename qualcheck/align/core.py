"""The DP core: a best path of beads through the sentence-by-sentence matrix, in two passes.

Beads are 0-1 (addition), 1-0 (omission) and every x-y group with x+y <= ``max_group`` (plus 1-k / k-1 up to
``long_group``); ``scorer.py`` says what each bead is worth (its margin over the document's calibrated skip cost; a
skip is worth 0). The DP is vectorised row by row: the addition move is a running maximum along the row and every
other move reads earlier rows. Pass 1 scores groups with the normalised sum of their sentences' vectors (nothing
embedded); pass 2 embeds the joined texts of the groups on or within ``GROUP_RADIUS`` of pass 1's non-1-1 decisions
and rescores with those only. Above ``full_cells`` cells the full matrix is never built: both sides are pooled by
pairs recursively until small, aligned there, and the path refined level by level inside a corridor of ``window``
sentences (coarse to fine, as Vecalign), so time and memory grow linearly with length. Coarse levels score raw cosine
against the band's background: with content repeated far away every margin is about 0.

``run_dp`` returns the beads as ``Alignment``s (pairs with their cosine and a confidence, a logistic of
``(margin - skip) / spread``), the document's ``Background`` for the passes, and the figures ``align`` reports.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..types import ADDITION, MATCH, OMISSION, Alignment
from ..settings import AlignSettings
from .band import _Band, _band_from_path, _pool
from .common import NEG, Background, EncodeFn, sigmoid
from .scorer import _Scorer

COARSE_MAX_GROUP = 3  # a coarse level's beads: 1-1, 1-2, 2-1 (it only finds the corridor)
POOL_FACTOR = 2  # each coarse level pools pairs of sentences
MIN_SIDE_FOR_CORRIDOR = 4  # a side shorter than this is always aligned over the full matrix
GROUP_RADIUS = 1  # pass 2 embeds the groups ending within this distance of a pass-1 non-1-1 decision


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


def _corridor(R: np.ndarray, C: np.ndarray, st: AlignSettings, stats: dict) -> _Band:
    """The band of cells to search: everything for short inputs, else a corridor around the coarse path."""
    n, m = len(R), len(C)
    if n * m <= st.full_cells or n < MIN_SIDE_FOR_CORRIDOR or m < MIN_SIDE_FOR_CORRIDOR:
        return _Band.full(n, m)
    Rc, Cc = _pool(R), _pool(C)
    coarse_band = _corridor(Rc, Cc, st, stats)
    sc = _Scorer(Rc, Cc, st, coarse_band, max_group=COARSE_MAX_GROUP, coarse=True)
    beads = _dp(sc, coarse_band)
    stats.setdefault("levels", []).append({"n": len(Rc), "m": len(Cc), "cells": coarse_band.cells})
    return _band_from_path(beads, n, m, factor=POOL_FACTOR, window=st.window)


def _texts_r(texts: Sequence[str], a: int, i: int) -> str:
    return " ".join(texts[i - a : i])


def _exact_pass(sc: _Scorer, beads, band: _Band, ref_texts, cand_texts, encode: EncodeFn) -> tuple[int, int]:
    """Pass 2's input: embed the joined texts of the groups worth a look (on or next to a pass-1 non-1-1 decision,
    with a positive pass-1 gain) and hand them to the scorer. Returns (groups considered, texts embedded)."""
    n, m = sc.n, sc.m
    want: set[tuple[int, int, int, int]] = set()
    r = GROUP_RADIUS
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
    sc.use_exact(want, {k: vecs[t] for k, t in texts_r.items()}, {k: vecs[t] for k, t in texts_c.items()})
    return len(want), len(uniq)


def run_dp(ref_texts: Sequence[str], cand_texts: Sequence[str], R: np.ndarray, C: np.ndarray, encode: EncodeFn,
           st: AlignSettings) -> tuple[list[Alignment], Background, dict, "np.ndarray | None"]:
    """The two DP passes over non-empty sides. Returns (beads as alignments, background, figures, the sentence cosine
    matrix or None when it was never built)."""
    n, m = len(R), len(C)
    stats: dict = {}
    band = _corridor(R, C, st, stats)
    full = band.cells >= (n + 1) * (m + 1)
    sim = (R @ C.T).astype(np.float32) if full else None
    sc = _Scorer(R, C, st, band, max_group=max(2, st.max_group), full_sim=sim, texts=(ref_texts, cand_texts))
    beads = _dp(sc, band)  # pass 1: groups scored with summed sentence vectors (nothing embedded yet)
    considered, embedded = _exact_pass(sc, beads, band, ref_texts, cand_texts, encode)
    beads = _dp(sc, band)  # pass 2: the embedded groups only
    alignment: list[Alignment] = []
    for a, b, i, j in beads:
        if a and b:
            g, s, marg = sc.one(a, b, i, j)
            conf = sigmoid((marg - sc.skip) / sc.spread)
            alignment.append(Alignment(tuple(range(i - a, i)), tuple(range(j - b, j)), MATCH, round(s, 4), round(conf, 3)))
        elif a:
            alignment.append(Alignment((i - 1,), (), OMISSION))
        else:
            alignment.append(Alignment((), (j - 1,), ADDITION))
    figures = {
        "mode": "full" if full else "corridor",
        "skip": round(sc.skip, 4),
        "null_median": round(sc.null_median, 4),
        "spread": round(sc.spread, 4),
        "cells": band.cells,
        "levels": stats.get("levels", []),
        "groups_considered": considered,
        "group_texts_embedded": embedded,
    }
    return alignment, sc.background(), figures, sim
