"""The hand-over of ``grow_groups`` (``HAND_OVER``): an edge member passes to the neighbouring group whose single
sentence it adds more unsaid words to."""
from __future__ import annotations

from ....cover import residual, words
from ....types import MATCH, Alignment
from ...common import Doc
from ..attach_lone import is_verbatim
from .shared import OTHER, Joined, bead_of, one_many, sides

HAND_OVER = True  # an edge member passes to the neighbouring group whose single sentence it adds more words to


def hand_over(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """Edge members handed over between two neighbouring groups (``HAND_OVER``): where group ``h`` ends with a
    sentence ``x`` next to group ``g`` on the same side, both 1-k / k-1 with their single sentences on the other
    side, ``x`` passes to ``g`` when it says more words of ``g``'s single sentence that ``g``'s members do not say
    than of ``h``'s that ``h``'s other members do not (``cover.residual``), ``h`` keeps a member (at
    ``min_pair_similarity``), and the two groups' joined cosines together fall by at most ``grow_drop``. The same
    evidence as the growth (what a piece adds to a translation), applied to a piece the DP gave to the neighbour: a
    1-2 that took the first piece of the next sentence's split."""
    st = doc.st
    texts, _ = sides(doc)
    pairs = [k for k, a in enumerate(items) if a.is_pair]
    moves = []  # (k of g, k of h, side, x)
    used: set[int] = set()
    for k_g, k_h in [(p, q) for p, q in zip(pairs, pairs[1:])] + [(q, p) for p, q in zip(pairs, pairs[1:])]:
        if k_g in used or k_h in used:
            continue
        g, h = one_many(items[k_g]), one_many(items[k_h])
        if g is None or h is None or g[0] != h[0] or len(h[2]) < 2:
            continue
        side, o_g, many_g = g
        _, o_h, many_h = h
        x = min(many_h) if k_h > k_g else max(many_h)
        if x != (max(many_g) + 1 if k_h > k_g else min(many_g) - 1):
            continue
        os = OTHER[side]
        tx = texts[side][x]
        if not words(tx) or is_verbatim(tx, texts[os][o_h], st):
            continue
        own = residual(tx, texts[os][o_g], tuple(texts[side][z] for z in many_g))
        rival = residual(tx, texts[os][o_h], tuple(texts[side][z] for z in many_h if z != x))
        if own >= 1 and own > rival:
            moves.append((k_g, k_h, side, x))
            used.update((k_g, k_h))
    if not moves:
        return items, 0
    trial = []
    for k_g, k_h, side, x in moves:
        _, o_g, many_g = one_many(items[k_g])
        _, o_h, many_h = one_many(items[k_h])
        ng, nh = bead_of(side, [o_g], many_g + [x]), bead_of(side, [o_h], [z for z in many_h if z != x])
        trial.append((k_g, k_h, ng, nh))
    ev = Joined(doc, [b for t in trial for b in t[2:]])
    out = list(items)
    n = 0
    for k_g, k_h, ng, nh in trial:
        cg, ch = ev.cos(ng), ev.cos(nh)
        old_g, old_h = items[k_g], items[k_h]
        if (cg - (old_g.score or 0.0)) + (ch - (old_h.score or 0.0)) < -st.grow_drop or ch < st.min_pair_similarity:
            continue  # the two groups' joined cosines together fall by more than grow_drop, or the giver no pair
        out[k_g] = Alignment(ng[0], ng[1], MATCH, round(cg, 4), old_g.confidence)
        out[k_h] = Alignment(nh[0], nh[1], MATCH, round(ch, 4), old_h.confidence)
        n += 1
    return out, n
