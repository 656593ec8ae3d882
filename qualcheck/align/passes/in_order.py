"""Pass ``in_order``: the beads back in document order after the moved pass.

What it fixes: the moved pass pairs leftovers where the omission was, which can leave a gap's additions on the wrong
side of a pair it found in order; the gap passes after it (``fill_gaps``, ``attach_lone``) read runs of leftovers
between in-order pairs, so they need each leftover in its slot. Each leftover (and each moved pair, by its reference
sentence) goes between the in-order pairs where it sits, omissions before additions.

Gain on the benchmark (bench/align.py --ablate --pairs 5 --groups all, 2026-12-01; bench/README.md, "Aligner passes
(ablation)": strict F1 change when switched off, tuned / held-out pairs): mixed: DR -0.005, S5 -0.003, SP exact group
-0.022 on the tuned pairs; +0.002 on the held-out ones. Kept for the tuned loss and for the report's order, which F1
cannot see.
"""
from __future__ import annotations

from bisect import bisect_left

from ...types import MATCH, Alignment
from ..common import Doc

NAME = "in_order"
SETTINGS = ("in_order",)
OFF = {"in_order": False}
COUNT = None


def enabled(st) -> bool:
    return st.in_order


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    return _in_order(alignment), 0


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
