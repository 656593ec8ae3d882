"""Pass ``resplit``: a 2-1 group beside an added candidate sentence that pairs off on its diagonal becomes two 1-1
pairs.

What it fixes: the DP folded into a 2-1 group a reference sentence whose own counterpart (a weak pair, under the
skip cost) it left over right beside the group's candidate sentence. When the four sentences pair off on the
diagonal (each pair at least ``resplit_min_similarity``, the diagonal beating the crossed pairing) they become two
1-1 pairs. Not the other way round: a reference sentence left over beside a 1-2 group is an omission unless proven
otherwise (pairing it cost every scenario).

Gain on the benchmark (bench/align.py --ablate --pairs 5 --groups all, 2026-12-01; bench/README.md, "Aligner passes
(ablation)": strict F1 change when switched off, tuned / held-out pairs): S5 -0.006, S2 -0.004, SP F1 -0.007 / S3
-0.004.
"""
from __future__ import annotations

from ...types import ADDITION, MATCH, Alignment
from ..common import Doc
from .split_diagonal import pair_off

NAME = "resplit"
SETTINGS = ("resplit_min_similarity",)
OFF = {"resplit_min_similarity": None}
COUNT = "resplit"


def enabled(st) -> bool:
    return st.resplit_min_similarity is not None


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    return _resplit(alignment, doc.R, doc.C, doc.st)


def _resplit(alignment: list[Alignment], R, C, st) -> tuple[list[Alignment], int]:
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
            pairs = pair_off(a.ref, tuple(sorted((x, y))), R, C, st.resplit_min_similarity, a.confidence)
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
