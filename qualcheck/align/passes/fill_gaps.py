"""Pass ``fill_gaps``: leftovers that sit in the same slot (between the same two in-order beads) are paired.

What it fixes: a reference sentence and a candidate sentence left over between the same two pairs are, in a
translation, most often one sentence translated badly; the margin is right not to trust their similarity alone, but
their position is evidence too. Without this pass each becomes an omission and an addition instead of one pair the
mismatch check judges. A stranger in a gap (different reports, inserted copy) stays alone: its cosine with the
slot's sentence is at the level of unrelated sentences.

Inside each gap (a run of leftovers of at most ``GAP_MAX`` a side), the first strategy that pairs anything wins:

1. ``diagonal_slots`` (``gap_diagonal``): an even gap of 2..``GAP_DIAGONAL_MAX`` a side whose k-th sentences are each
   other's best in the gap: one slot per sentence, at the slot bar;
2. ``gap_dp``: a small DP pairs them in order (1-1, 1-2, 2-1), gain = cosine - bar. The bar is the gap bar (the
   ``GAP_PERCENTILE`` of the document's null cosines, at least ``gap_min_similarity``), or for a gap of as many
   sentences a side (up to ``GAP_EVEN_MAX``) the slot bar (``SLOT_PERCENTILE``, at least
   ``gap_slot_min_similarity``).

Removed (issue 20's ablation: they did not earn their keep): ``sub_slots``, which paired at the slot bar the slots a
gap's DP pairs left beside them (switching it off cost at most 0.001 strict F1 on the tuned pairs and nothing on the
held-out ones), and ``long_slot``, one sentence against 3..``long_group`` consecutive ones as one group (it gained
exact groups only on the events it was tuned on: MG 0.800 -> 0.756 without it on seed 0, no change on a fresh seed
or on the held-out pairs; strict F1 within 0.002 everywhere).

Gain on the benchmark (bench/align.py --ablate --pairs 5 --groups all, 2026-12-01; bench/README.md, "Aligner passes
(ablation)": strict F1 change when switched off, tuned / held-out pairs): mean of S1-DR -0.031 / -0.016 (S1 -0.046 /
-0.024); diagonal_slots alone (final code):
mean -0.003 / -0.002 (S1 -0.005 tuned, S5 and S6 -0.003 held out).
"""
from __future__ import annotations

import numpy as np

from ...types import ADDITION, MATCH, MOVED, OMISSION, Alignment
from ..common import MIN_NULL, MIN_SPREAD, TINY_DOC_COSINE, TINY_DOC_SPREAD, Doc, normalise, sigmoid

NAME = "fill_gaps"
SETTINGS = ("gap_fill", "gap_min_similarity", "gap_slot_min_similarity", "gap_diagonal")
OFF = {"gap_fill": False}
COUNT = "gap_filled"
# sub-strategies, each switchable on its own (bench/align.py --ablate measures them too)
SUB_PASSES = {"diagonal_slots": {"gap_diagonal": False}}
GAP_PERCENTILE = 50.0  # the gap bar: this percentile of the document's null cosines (each sentence's second best)
SLOT_PERCENTILE = 0.0  # the slot bar: this percentile of them (their minimum)
GAP_EVEN_MAX = 1  # a gap of as many sentences a side, up to this many, is a slot (the slot bar)
GAP_DIAGONAL_MAX = 3  # an even gap of up to this many a side whose sentences are each other's best in order: slots
GAP_MAX = 24  # a longer run of leftovers is not a gap (and its small DP would cost n x m)
GROUP_PENALTY = 0.02  # gap_dp: a 1-2 / 2-1 group's gain is its cosine - bar - this
MEMBER_SLACK = 0.2  # gap_dp: every member of a group must reach bar - this with each sentence of the other side


def enabled(st) -> bool:
    return st.gap_fill


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    return _fill_gaps(alignment, doc.R, doc.C, doc.bg, doc.st)


def _fill_gaps(alignment: list[Alignment], R, C, sc, st) -> tuple[list[Alignment], int]:
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
    bar = max(st.gap_min_similarity, float(np.percentile(nc, GAP_PERCENTILE)) if len(nc) >= MIN_NULL else TINY_DOC_COSINE)
    bar1 = max(st.gap_slot_min_similarity,
               float(np.percentile(nc, SLOT_PERCENTILE)) if len(nc) >= MIN_NULL else TINY_DOC_COSINE)
    spread = max(float(nc.std()) if len(nc) >= MIN_NULL else TINY_DOC_SPREAD, MIN_SPREAD)
    out: list[Alignment] = []
    run: list[Alignment] = []
    filled = 0

    def flush():
        nonlocal filled
        if not run:
            return
        refs = sorted(a.ref[0] for a in run if a.kind == OMISSION)
        cands = sorted(a.cand[0] for a in run if a.kind == ADDITION)
        if not refs or not cands or max(len(refs), len(cands)) > GAP_MAX:
            out.extend(run)
            run.clear()
            return
        # a gap of as many sentences a side (up to GAP_EVEN_MAX) is a slot: the low bar; otherwise the null's
        even = len(refs) == len(cands) <= GAP_EVEN_MAX
        pairs = []
        if st.gap_diagonal:
            pairs = _diagonal_slots(refs, cands, R, C, bar1, GAP_DIAGONAL_MAX)
        if not pairs:
            pairs = _gap_dp(refs, cands, R, C, bar1 if even else bar)
        used_r = {i for p in pairs for i in p[0]}
        used_c = {j for p in pairs for j in p[1]}
        # keep the run's order: each pair where its first reference sentence was
        first = {p[0][0]: p for p in pairs}
        for a in run:
            if a.kind == OMISSION and a.ref[0] in first:
                rr, cc, cos = first[a.ref[0]]
                out.append(Alignment(rr, cc, MATCH, round(cos, 4), round(sigmoid((cos - bar) / spread), 3)))
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
                    cos = float(normalise(R[rr].sum(0)) @ normalise(C[cc].sum(0)))
                    # every member must carry part of the match
                    if min(float(S[x, y]) for x in range(i - a, i) for y in range(j - b, j)) < bar - MEMBER_SLACK:
                        continue
                gain = cos - bar - (GROUP_PENALTY if a + b > 2 else 0.0)
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
