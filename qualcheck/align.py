"""Stage 4: align reference and candidate sentences (1-1, 1-2, 2-1, ..., omissions, additions, moved).

Dynamic programming over beads in the style of Vecalign/Bertalign:

* every sentence is embedded alone; a group of 2+ sentences is embedded as its joined text;
* a bead's score is its cosine minus the mean of its sentences' neighbourhoods (the
  average of each sentence's ``k`` best cosines on the other side: the margin of Artetxe &
  Schwenk used by Bertalign), so a pair must stand out from the same-topic background;
* a bead is worth ``(|ref| + |cand|) / 2 * (margin - skip_margin)``; leaving a sentence
  unaligned is worth 0. ``skip_margin`` is the calibrated cost of a skip;
* after the in-order pass, leftover sentences that clearly match each other out of order
  are paired as ``moved``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from .types import ADDITION, MATCH, MOVED, OMISSION, Alignment

EncodeFn = Callable[[Sequence[str]], np.ndarray]


@dataclass
class AlignSettings:
    max_group: int = 3  # largest x+y of a bead: 3 allows 1-1, 1-2, 2-1
    knn: int = 4  # neighbourhood size of the margin
    use_margin: bool = True
    skip_margin: float = 0.06  # a bead must beat its neighbourhood by this much
    min_pair_similarity: float = 0.5  # absolute cosine floor for any pair
    moved_margin: float = 0.12  # leftovers paired out of order need this margin
    moved_similarity: float = 0.65
    group_prune: float = 0.35  # a group bead is only scored if one of its 1-1 cells reaches this

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class AlignResult:
    alignment: list[Alignment]
    sim: np.ndarray  # sentence x sentence cosine matrix
    extra: dict = field(default_factory=dict)


def _knn_mean(sim: np.ndarray, k: int, axis: int) -> np.ndarray:
    n_other = sim.shape[axis]
    if n_other == 0:
        return np.zeros(sim.shape[1 - axis], dtype=np.float32)
    k = max(1, min(k, n_other))
    part = -np.partition(-sim, k - 1, axis=axis)
    top = part[:k, :] if axis == 0 else part[:, :k]
    return top.mean(axis=axis)


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


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
        return AlignResult(al, np.zeros((n, m), dtype=np.float32))
    R = encode(ref_texts)
    C = encode(cand_texts)
    sim = (R @ C.T).astype(np.float32)
    ctx_r = _knn_mean(sim, st.knn, axis=1) if st.use_margin else np.zeros(n, np.float32)
    ctx_c = _knn_mean(sim, st.knn, axis=0) if st.use_margin else np.zeros(m, np.float32)

    shapes = [(a, b) for a in range(1, st.max_group) for b in range(1, st.max_group) if a + b <= st.max_group]
    # group texts worth embedding: beads whose best 1-1 cell is plausible
    need: set[str] = set()
    group_beads = []
    for a, b in shapes:
        if a == 1 and b == 1:
            continue
        for i in range(a, n + 1):
            for j in range(b, m + 1):
                if sim[i - a : i, j - b : j].max() >= st.group_prune:
                    group_beads.append((a, b, i, j))
                    need.add(" ".join(ref_texts[i - a : i]))
                    need.add(" ".join(cand_texts[j - b : j]))
    gvec: dict[str, np.ndarray] = {}
    if need:
        texts = sorted(need)
        gvec = dict(zip(texts, encode(texts)))

    def vec_r(i0, i1):
        return R[i0] if i1 - i0 == 1 else gvec[" ".join(ref_texts[i0:i1])]

    def vec_c(j0, j1):
        return C[j0] if j1 - j0 == 1 else gvec[" ".join(cand_texts[j0:j1])]

    bead_score: dict[tuple[int, int, int, int], tuple[float, float]] = {}

    group_ctx: dict[tuple[str, int, int], float] = {}

    def ctx_of(side: str, i0: int, i1: int) -> float:
        """Neighbourhood of a sentence or group: mean of its k best cosines on the other side."""
        if i1 - i0 == 1:
            return float(ctx_r[i0] if side == "r" else ctx_c[i0])
        key = (side, i0, i1)
        if key not in group_ctx:
            row = (C @ vec_r(i0, i1)) if side == "r" else (R @ vec_c(i0, i1))
            k = max(1, min(st.knn, row.shape[0]))
            group_ctx[key] = float(-np.partition(-row, k - 1)[:k].mean())
        return group_ctx[key]

    def score(a, b, i, j) -> tuple[float, float]:
        key = (a, b, i, j)
        if key not in bead_score:
            s = float(sim[i - 1, j - 1]) if a == b == 1 else float(vec_r(i - a, i) @ vec_c(j - b, j))
            ctx = (ctx_of("r", i - a, i) + ctx_of("c", j - b, j)) / 2 if st.use_margin else 0.0
            bead_score[key] = (s, s - ctx)
        return bead_score[key]

    def gain(a, b, i, j) -> float:
        s, marg = score(a, b, i, j)
        if s < st.min_pair_similarity:
            return -np.inf
        return (a + b) / 2 * (marg - st.skip_margin)

    allowed = {(a, b, i, j) for a, b, i, j in group_beads}
    NEG = -np.inf
    D = np.full((n + 1, m + 1), NEG)
    back = np.zeros((n + 1, m + 1, 2), dtype=np.int16)
    D[0, :] = 0.0
    D[:, 0] = 0.0
    back[1:, 0] = (1, 0)
    back[0, 1:] = (0, 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, arg = D[i - 1, j], (1, 0)
            if D[i, j - 1] > best:
                best, arg = D[i, j - 1], (0, 1)
            for a, b in shapes:
                if a > i or b > j:
                    continue
                if (a, b) != (1, 1) and (a, b, i, j) not in allowed:
                    continue
                g = gain(a, b, i, j)
                if g <= 0:
                    continue
                v = D[i - a, j - b] + g
                if v > best:
                    best, arg = v, (a, b)
            D[i, j] = best
            back[i, j] = arg
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = (int(x) for x in back[i, j])
        beads.append((a, b, i, j))
        i, j = i - a, j - b
    beads.reverse()

    alignment: list[Alignment] = []
    for a, b, i, j in beads:
        if a and b:
            s, marg = score(a, b, i, j)
            conf = _sigmoid((marg - st.skip_margin) / 0.03)
            alignment.append(Alignment(tuple(range(i - a, i)), tuple(range(j - b, j)), MATCH, round(s, 4), round(conf, 3)))
        elif a:
            alignment.append(Alignment((i - 1,), (), OMISSION))
        else:
            alignment.append(Alignment((), (j - 1,), ADDITION))
    alignment = _pair_moved(alignment, sim, ctx_r, ctx_c, st)
    return AlignResult(alignment, sim)


def _pair_moved(alignment: list[Alignment], sim, ctx_r, ctx_c, st: AlignSettings) -> list[Alignment]:
    """Pair leftover omissions and additions that clearly match each other out of order."""
    left_r = [a.ref[0] for a in alignment if a.kind == OMISSION]
    left_c = [a.cand[0] for a in alignment if a.kind == ADDITION]
    if not left_r or not left_c:
        return alignment
    pairs = []
    sub = sim[np.ix_(left_r, left_c)]
    for x, i in enumerate(left_r):
        y = int(sub[x].argmax())
        j = left_c[y]
        if int(sub[:, y].argmax()) != x:
            continue  # not mutual best
        s = float(sim[i, j])
        marg = s - (float(ctx_r[i]) + float(ctx_c[j])) / 2 if st.use_margin else s
        if s >= st.moved_similarity and marg >= st.moved_margin:
            pairs.append((i, j, s, marg))
    if not pairs:
        return alignment
    moved_r = {i: (j, s, marg) for i, j, s, marg in pairs}
    moved_c = {j for _, j, _, _ in pairs}
    out = []
    for a in alignment:
        if a.kind == OMISSION and a.ref[0] in moved_r:
            j, s, marg = moved_r[a.ref[0]]
            conf = _sigmoid((marg - st.moved_margin) / 0.03)
            out.append(Alignment(a.ref, (j,), MOVED, round(s, 4), round(conf, 3)))
        elif a.kind == ADDITION and a.cand[0] in moved_c:
            continue  # reported once, on the reference side's position
        else:
            out.append(a)
    return out
