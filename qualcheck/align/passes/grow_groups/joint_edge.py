"""The joint edge of ``grow_groups`` (``JOINT_EDGE``): where a long group ends next to its neighbouring pair's edge
sentence, the two segmentations of the neighbourhood are scored together by the words each sentence finds in its
partners (``cover_total``), and the piece moves to the group when that total is higher."""
from __future__ import annotations

from ....cover import near_containment, words
from ....types import MATCH, Alignment
from ...common import Doc
from . import clauses
from .clauses import Clauses
from .shared import OTHER, Joined, bead_of, one_many

JOINT_EDGE = True  # a long group takes its neighbour's edge sentence when the two segmentations of the
# neighbourhood, scored jointly by the words each sentence finds in its partners (cover_total), favour it
JOINT_MIN = 3  # ... for a group of at least this many members (the long groups; 1-2 / 2-1 are the DP's call)
JOINT_AGAIN = True  # ... and once more after a hand-over (which can make a long group of a 1-2)
JOINT_ROUNDS = 3  # ... at most this many sentences taken per edge (each round looks at each group once: linear)


def cover_total(beads, doc: Doc) -> int:
    """How many content words the sentences of ``beads`` ((ref, cand) index tuples) find in their partners: each
    sentence counts its words (a word's other forms counting, ``cover.near_containment``) that the joined text of
    its bead's other side holds. An unpaired sentence finds none. Two segmentations of the same sentences compare by
    this total: each sentence is scored against what it is paired with, so a piece given to the wrong group loses
    its own words there and takes its partner's from the right one."""
    total = 0
    for ref, cand in beads:
        if not ref or not cand:
            continue
        tr = " ".join(doc.ref_texts[i] for i in ref)
        tc = " ".join(doc.cand_texts[j] for j in cand)
        for side, idx, other in (("ref", ref, tc), ("cand", cand, tr)):
            texts = doc.ref_texts if side == "ref" else doc.cand_texts
            for z in idx:
                total += round(near_containment(texts[z], other) * len(words(texts[z])))
    return total


def joint_edges(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """``joint_edge`` in rounds (at most ``JOINT_ROUNDS``, until one takes nothing)."""
    n = 0
    for _ in range(JOINT_ROUNDS):
        items, k = joint_edge(items, doc)
        n += k
        if not k:
            break
    return items, n


def joint_edge(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """A long group takes the edge sentence of its neighbouring pair when the neighbourhood's sentences find more of
    their words in their partners that way (``JOINT_EDGE``, ``cover_total``): where group ``g`` (one sentence
    against at least ``JOINT_MIN``) ends next to sentence ``x`` of its long side, and ``x`` is the edge of the
    neighbouring pair ``h``, the two segmentations of the neighbourhood are scored jointly: ``g`` + ``h`` as they
    are, against ``g`` with ``x`` + ``h`` without it; when ``x`` was all of ``h``'s side, ``h``'s other side pairs
    with the unpaired sentence beyond ``x`` instead (the DP paired "Both black holes are moving." with "Both black
    holes are approaching each other." and left "Both black holes are getting closer together." as an omission,
    though the first is the last piece of the merge before it). Taken when the total is higher (on a tie: when
    ``x`` is the next clause of ``g``'s sentence, ``clauses``), the grown group's joined cosine falls by at most
    ``grow_drop`` and the neighbour stays a pair (``min_pair_similarity``). The same evidence as the growth (the
    words), but the decision is one of the whole neighbourhood, not of one piece against one rival."""
    st = doc.st
    cl = Clauses(doc)
    where = {"ref": {}, "cand": {}}  # sentence -> position of its bead
    for k, a in enumerate(items):
        for i in a.ref:
            where["ref"][i] = k
        for j in a.cand:
            where["cand"][j] = k
    trials = []
    used: set[int] = set()
    for k_g, a in enumerate(items):
        g = one_many(a)
        if g is None or k_g in used or len(g[2]) < JOINT_MIN:
            continue
        side, o_g, many_g = g
        for x, step in ((max(many_g) + 1, 1), (min(many_g) - 1, -1)):
            k_h = where[side].get(x)
            if k_h is None or k_h in used or k_h == k_g:
                continue
            h = items[k_h]
            if h.kind != MATCH:
                continue
            h_side = list(h.ref if side == "ref" else h.cand)
            h_os = list(h.cand if side == "ref" else h.ref)
            if x != (min(h_side) if step == 1 else max(h_side)):
                continue
            rest = [z for z in h_side if z != x]
            freed = None
            if not rest:  # x was all of h's side: h's other side pairs with the leftover beyond x
                y = x + step
                k_y = where[side].get(y)
                if len(h_os) != 1 or k_y is None or items[k_y].is_pair or k_y in used:
                    continue
                rest, freed = [y], k_y
            old = [bead_of(side, [o_g], many_g), bead_of(side, h_os, h_side)]
            new = [bead_of(side, [o_g], many_g + [x]), bead_of(side, h_os, rest)]
            gain = cover_total(new, doc) - cover_total(old, doc)
            tie_clause = clauses.CLAUSES and gain == 0 and cl.owner(x, side, o_g, many_g, step, h_os, slot=True)
            if gain < 0 or (gain == 0 and not tie_clause):
                continue  # the words say the neighbour; or they tie, and x is no clause of g's sentence
            trials.append((k_g, k_h, freed, new))
            used.update((k_g, k_h) + ((freed,) if freed is not None else ()))
            break
    if not trials:
        return items, 0
    ev = Joined(doc, [b for t in trials for b in t[3]])
    out = list(items)
    drop: set[int] = set()
    n = 0
    for k_g, k_h, freed, (ng, nh) in trials:
        cg, ch = ev.cos(ng), ev.cos(nh)
        old_g, old_h = items[k_g], items[k_h]
        if cg < (old_g.score or 0.0) - st.grow_drop or ch < st.min_pair_similarity:
            continue
        out[k_g] = Alignment(ng[0], ng[1], MATCH, round(cg, 4), old_g.confidence)
        out[k_h] = Alignment(nh[0], nh[1], MATCH, round(ch, 4), old_h.confidence)
        if freed is not None:
            drop.add(freed)
        n += 1
    return [a for q, a in enumerate(out) if q not in drop], n
