"""The edge seed of ``grow_groups`` (``EDGE_SEED``): a run of leftovers of one side only beside a k-1 group takes
that group's edge member as its single sentence (the DP's wrong 3-1 on the neighbour of a five-way split)."""
from __future__ import annotations

from ....cover import near_containment, residual
from ....types import ADDITION, MATCH, OMISSION, Alignment
from ...common import Doc, leftover_runs
from ..attach_lone import is_verbatim
from .growth import SEED_MIN
from .shared import OTHER, Joined, seeded_confidence, sides

EDGE_SEED = True  # a run of leftovers of one side beside a k-1 group takes that group's edge member as its sentence


def edge_seed(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """A run of at least ``SEED_MIN`` leftovers of one side only (say candidates), next to a k-1 group (k >= 2, its
    k sentences on the other side), whose edge member ``e`` beside the run covers them: ``e`` leaves the group and
    pairs with the run's sentences it covers (``EDGE_SEED``). The DP's wrong 3-1 on the neighbour of a sentence split
    into five: the five became additions. The seed is ``e``'s most similar covered leftover (``cover_min`` of its
    words in ``e``, or verbatim) at ``min_pair_similarity``; the group grows from it through the run while each next
    leftover is covered or says words of ``e`` that the group does not (``cover.residual``), and never takes one that
    a remaining member of the old group is more similar to and holds as many words of; kept when ``e`` is more
    similar to the new group's joined text than to its old partner and both groups reach ``min_pair_similarity``."""
    st = doc.st
    texts, vecs = sides(doc)
    trials = []
    for s0, k in leftover_runs(items):
        run_items = items[s0:k]
        rs = [a.ref[0] for a in run_items if a.kind == OMISSION]
        cs = [a.cand[0] for a in run_items if a.kind == ADDITION]
        if (rs and cs) or len(rs) + len(cs) < SEED_MIN:
            continue
        side = "cand" if cs else "ref"  # the run's side
        many = sorted(cs or rs)
        os = OTHER[side]
        for k_h, before in ((s0 - 1, True), (k, False)):
            if not (0 <= k_h < len(items)):
                continue
            h = items[k_h]
            if h.kind != MATCH:
                continue
            h_os = list(h.ref if os == "ref" else h.cand)
            h_side = list(h.cand if side == "cand" else h.ref)
            if len(h_side) != 1 or len(h_os) < 2:
                continue
            e = max(h_os) if before else min(h_os)
            rest = [z for z in h_os if z != e]
            X, O = vecs[side], vecs[os]
            te = texts[os][e]

            def covered(x):
                return is_verbatim(texts[side][x], te, st) or near_containment(texts[side][x], te) >= st.cover_min

            def rest_claims(x):
                # a remaining member of the group is more similar to ``x`` and holds as many of its words
                c_e, cov_e = float(O[e] @ X[x]), near_containment(texts[side][x], te)
                return any(float(O[y] @ X[x]) > c_e and near_containment(texts[side][x], texts[os][y]) >= cov_e
                           for y in rest)

            cands = [x for x in many if covered(x) and not rest_claims(x)
                     and float(O[e] @ X[x]) >= st.min_pair_similarity]
            if not cands:
                continue
            best = max(cands, key=lambda x: float(O[e] @ X[x]))
            group = [best]
            for step in (-1, 1):
                x = best + step
                while x in many:
                    tx = texts[side][x]
                    said = tuple(texts[side][z] for z in group)
                    if rest_claims(x) or not (covered(x) or residual(tx, te, said) >= 1):
                        break
                    group.append(x)
                    x += step
            if len(group) < SEED_MIN:
                continue
            trials.append((k_h, s0, k, side, e, sorted(group)))
            break
    if not trials:
        return items, 0
    beads = []
    for k_h, s0, k, side, e, group in trials:
        h = items[k_h]
        os = OTHER[side]
        rest = [z for z in (h.ref if os == "ref" else h.cand) if z != e]
        new = ((e,), tuple(group)) if side == "cand" else (tuple(group), (e,))
        shrunk = (tuple(rest), h.cand) if os == "ref" else (h.ref, tuple(rest))
        beads.append((k_h, s0, k, new, shrunk))
    ev = Joined(doc, [b for t in beads for b in t[3:]])
    out = list(items)
    drop: set[int] = set()
    n = 0
    for k_h, s0, k, new, shrunk in beads:
        c_new, c_h = ev.cos(new), ev.cos(shrunk)
        h = items[k_h]
        # ``e`` is more similar to the run's group than to its old partner, and the old group stays a pair
        side = "cand" if len(new[0]) == 1 else "ref"
        e = new[0][0] if side == "cand" else new[1][0]
        e_vec = doc.R[e] if side == "cand" else doc.C[e]
        o_h = h.cand[0] if side == "cand" else h.ref[0]
        o_vec = doc.C[o_h] if side == "cand" else doc.R[o_h]
        e_new = float(e_vec @ ev.vec(side, new[1] if side == "cand" else new[0]))
        if c_new < st.min_pair_similarity or c_h < st.min_pair_similarity or e_new <= float(e_vec @ o_vec):
            continue
        conf = seeded_confidence(doc, new[0], new[1], c_new)
        out[k_h] = Alignment(shrunk[0], shrunk[1], MATCH, round(c_h, 4), h.confidence)
        taken = set(new[0]) | set(new[1])
        first = True
        for q in range(s0, k):
            a = items[q]
            if ((a.kind == OMISSION and a.ref[0] in new[0])
                    or (a.kind == ADDITION and a.cand[0] in new[1])):
                if first:
                    out[q] = Alignment(new[0], new[1], MATCH, round(c_new, 4), conf)
                    first = False
                else:
                    drop.add(q)
        n += len(taken) - 1
    return [a for q, a in enumerate(out) if q not in drop], n
