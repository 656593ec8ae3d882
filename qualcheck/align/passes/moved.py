"""Pass ``moved``: leftovers that clearly match each other, out of order or in order, are paired.

What it fixes: the in-order DP cannot pair content the candidate moved elsewhere (a block of five segments moved:
benchmark S4), nor a pair it skipped under the skip cost. A leftover omission and a leftover addition that are each
other's best leftover (mutual best by margin), with a margin at least ``MOVED_EXTRA`` above the skip cost and a
cosine of ``moved_similarity``, are paired: ``moved`` when out of order, a match when in order. Then a moved block
grows along its diagonal (``moved_blocks``, ``extend_blocks``): the leftover pair just before or after a moved pair,
each the other's most similar leftover, cosine >= ``min_pair_similarity``, is moved with it (in short single-topic
stories every margin is small, and a block's weaker pairs stay apart otherwise); and by a diagonal pair whose two
sentences are each other's most similar in the whole story, at ``diagonal_min_similarity`` (``block_best``: judged
by the story's own background), where either may be the edge member of a group of two or more (the DP's 2-1 that
took it). Two consecutive mutual best pairs on one diagonal, each at ``moved_similarity``, seed a block whatever their
margins (``BLOCK_SEED``: content moves in blocks; in a short single-topic story no margin clears the skip cost).
A leftover pair between two moved pairs of its diagonal (inside a block) needs only ``diagonal_min_similarity``
(``BLOCK_INSIDE``: the block's order pairs it, as an even gap between two pairs is paired; "It's an extraordinarily
close correlation." / "The relationship is strong.", cosine 0.33, between two pairs of a moved block of three).

Gain on the benchmark (bench/align.py --ablate --pairs 5 --groups all, 2026-12-01; bench/README.md, "Aligner passes
(ablation)": strict F1 change when switched off, tuned / held-out pairs): S4 (a block of 5 moved) -0.010 / -0.024, MV
moved recall -0.458 / -0.279; extend_blocks alone: MV moved recall -0.068 / -0.049. Its cost: DR (different reports)
+0.020 / +0.021 without it (a few same-topic strangers paired).
"""
from __future__ import annotations

from bisect import bisect_left

import numpy as np

from ...types import ADDITION, MATCH, MOVED, OMISSION, Alignment
from ..common import TIE, Doc, normalise, sigmoid

NAME = "moved"
SETTINGS = ("moved_pairs", "moved_similarity", "moved_blocks", "use_margin", "min_pair_similarity",
            "diagonal_min_similarity")
OFF = {"moved_pairs": False}
COUNT = "moved"  # the figure align() reports: moved pairs found
SUB_PASSES = {"extend_blocks": {"moved_blocks": False}}  # switchable on its own (bench/align.py --ablate)
MOVED_EXTRA = 0.05  # a moved pair's margin must beat the skip cost by this
BLOCK_ROWS = 1024  # leftover reference sentences compared at once (never a full leftover matrix in memory)
FAR = 10**12  # a column beyond any document
BLOCK_SEED = True  # two consecutive mutual best pairs on one diagonal at moved_similarity seed a block
BLOCK_BEST = True  # a moved block also grows by a diagonal pair that is each other's most similar in the story
BLOCK_INSIDE = True  # a leftover pair between two moved pairs of one diagonal needs only diagonal_min_similarity


def enabled(st) -> bool:
    return st.moved_pairs


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    return _pair_moved(alignment, doc.R, doc.C, doc.bg, doc.st)


def _pair_moved(alignment: list[Alignment], R, C, sc, st) -> tuple[list[Alignment], int]:
    """Pair leftover omissions and additions that clearly match each other (mutual best); ``sc``: the background."""
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
    for s0 in range(0, len(left_r), BLOCK_ROWS):
        rr = left_r[s0 : s0 + BLOCK_ROWS]
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
    weak = {}  # mutual best pairs at moved_similarity whose margin does not clear the skip cost
    for x, i in enumerate(left_r):
        y = int(best_c[x])
        if int(best_r[y]) != x:
            continue
        j = int(left_c[y])
        s = float(R[i] @ C[j])
        marg = float(best_c_val[x])
        k = bisect_left(m_ref, int(i))
        prev_c = matched[k - 1][2] if k > 0 else -1
        next_c = matched[k][1] if k < len(matched) else FAR
        kind = MATCH if prev_c < j < next_c else MOVED
        conf = sigmoid((marg - sc.skip - MOVED_EXTRA) / sc.spread)
        if s < st.moved_similarity:
            continue
        if marg < sc.skip + MOVED_EXTRA:
            weak[int(i)] = (j, s, conf, kind)
            continue
        pairs[int(i)] = (j, s, conf, kind)
    if BLOCK_SEED:
        # a block of two or more: consecutive mutual best pairs on one diagonal, each at moved_similarity, are moved
        # content whatever their margins (in a short single-topic story no margin clears the skip cost)
        for i, (j, s, conf, kind) in weak.items():
            if kind == MOVED and any(weak.get(i + d, (None,))[0] == j + d for d in (-1, 1)):
                pairs[i] = (j, s, conf, kind)
    members: dict = {}
    if st.moved_blocks:
        extend_blocks(pairs, left_r, left_c, R, C, st)
        if BLOCK_BEST:
            members = block_best(pairs, alignment, R, C, st)
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
        elif a.is_pair and (set(a.ref) | {-1 - j for j in a.cand}) & set(members):
            # a group that gave a member to a moved block: what is left of it, then the member's moved pair
            ref = tuple(i for i in a.ref if i not in members)
            cand = tuple(j for j in a.cand if -1 - j not in members)
            v = normalise(R[list(ref)].sum(axis=0)) @ normalise(C[list(cand)].sum(axis=0))
            out.append(Alignment(ref, cand, a.kind, round(float(v), 4), a.confidence))
            for i in a.ref:
                if i in members:
                    j, s, conf, kind = pairs[i]
                    out.append(Alignment((i,), (j,), kind, round(s, 4), round(conf, 3)))
        else:
            out.append(a)
    return out, sum(1 for p in pairs.values() if p[3] == MOVED)


def block_best(pairs: dict, alignment: list[Alignment], R, C, st) -> dict:
    """A moved block grows along its diagonal by a pair whose two sentences are each other's most similar sentence in
    the whole story (``BLOCK_BEST``), at ``diagonal_min_similarity``: judged by the story's own background rather
    than a fixed floor (in a short single-topic story a paraphrase at cosine 0.34 stands above everything else its
    two sentences meet). Either sentence may be a leftover or the edge member of a group of two or more on its side
    (the DP's 2-1 that took a moved sentence whose own partner it does not resemble): the group keeps its other
    members. Returns the members taken, ``i`` for reference sentence ``i`` and ``-1 - j`` for candidate ``j``; the
    new pairs are added to ``pairs``."""
    where_r, where_c = {}, {}
    for k, a in enumerate(alignment):
        for i in a.ref:
            where_r[i] = k
        for j in a.cand:
            where_c[j] = k
    taken_c = {p[0] for p in pairs.values()}
    members: dict = {}
    used_beads: set = set()

    def state(idx, where, side_of):
        """None when sentence ``idx`` may not join a block; else the position of the group it leaves (-1: a
        leftover). It may join as a leftover, or as the edge member of an in-order group of 2+ on its side that
        has given none yet."""
        k = where.get(idx)
        if k is None:
            return None
        a = alignment[k]
        if not a.is_pair:
            return -1
        side = side_of(a)
        if a.kind != MATCH or len(side) < 2 or idx not in (min(side), max(side)) or k in used_beads:
            return None
        return k

    def take(i: int, j: int, conf: float) -> bool:
        if not (0 <= i < len(R) and 0 <= j < len(C)) or i in pairs or i in members or j in taken_c:
            return False
        k_r, k_c = state(i, where_r, lambda a: a.ref), state(j, where_c, lambda a: a.cand)
        if k_r is None or k_c is None or (k_r >= 0 and k_r == k_c):
            return False  # paired already, or both in one group (that group's business)
        s = float(R[i] @ C[j])
        if s < st.diagonal_min_similarity:
            return False
        if int(np.argmax(C @ R[i])) != j or int(np.argmax(R @ C[j])) != i:
            return False  # not each other's most similar sentence in the story
        pairs[i] = (j, s, conf, MOVED)
        taken_c.add(j)
        if k_r >= 0:
            members[i] = k_r
            used_beads.add(k_r)
        if k_c >= 0:
            members[-1 - j] = k_c
            used_beads.add(k_c)
        return True

    _grow_along_diagonals(pairs, take)
    return members


def _grow_along_diagonals(pairs: dict, take) -> None:
    """Grow every moved block by the pairs just before and after it on its diagonal until none is added:
    ``take(i, j, conf)`` adds the pair (i, j) beside a moved pair of confidence ``conf`` or says no."""
    grown = True
    while grown:
        grown = False
        for i0, (j0, _, conf, kind) in sorted(pairs.items()):
            if kind != MOVED:
                continue
            for i, j in ((i0 - 1, j0 - 1), (i0 + 1, j0 + 1)):
                grown = take(i, j, conf) or grown


def extend_blocks(pairs: dict, left_r, left_c, R, C, st) -> None:
    """Content moves in blocks: a leftover pair on the diagonal of a moved pair (the sentences just before or after
    both) is moved with it when its cosine is at least ``min_pair_similarity`` and each is the other's most similar
    leftover (a weak translation inside a moved block, which the margin alone leaves apart)."""
    free_r = {int(i) for i in left_r} - set(pairs)
    free_c = {int(j) for j in left_c} - {p[0] for p in pairs.values()}
    if not free_r or not free_c:
        return
    lr, lc = sorted(free_r), sorted(free_c)

    def take(i: int, j: int, conf: float) -> bool:
        if i not in free_r or j not in free_c:
            return False
        s = float(R[i] @ C[j])
        row = C[[c for c in lc if c in free_c]] @ R[i]
        col = R[[r for r in lr if r in free_r]] @ C[j]
        # a slot inside the block (its two diagonal neighbours moved pairs) needs only the diagonal floor: the
        # block's order pairs it, as an even gap between two pairs is paired (BLOCK_INSIDE)
        inside = BLOCK_INSIDE and all(pairs.get(i + d, (None, 0, 0, None))[0] == j + d
                                      and pairs[i + d][3] == MOVED for d in (-1, 1))
        floor = st.diagonal_min_similarity if inside else st.min_pair_similarity
        if s < floor or s < row.max() - TIE or s < col.max() - TIE:
            return False
        pairs[i] = (j, s, conf, MOVED)
        free_r.discard(i)
        free_c.discard(j)
        return True

    _grow_along_diagonals(pairs, take)
