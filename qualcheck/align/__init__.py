"""Stage 4: align reference and candidate sentences (1-1, n-m groups, omissions, additions, moved content).

A small DP core (``core.py``: the banded DP over beads, with ``scorer.py`` saying what a bead is worth) followed by
the named passes of ``PASSES``, in order, each in its own module under ``passes/`` with a docstring saying what it
fixes, the ``AlignSettings`` fields it reads (``SETTINGS``) and the setting that switches it off (``OFF``). One DP
rule is a module of its own too (``passes/split_diagonal.py``, in ``RULES``). ``docs/aligner.md`` tells the whole
story; ``bench/align.py --ablate`` measures each pass by switching it off.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from ..types import ADDITION, OMISSION, Alignment
from ..settings import AlignSettings
from .band import _Band
from .common import NEG, Doc, EncodeFn
from .core import run_dp
from .passes import attach_lone, fill_gaps, grow_groups, in_order, moved, resplit, split_diagonal
from .passes.attach_lone import _attach_lone
from .passes.fill_gaps import _diagonal_slots
from .passes.in_order import _in_order
from .passes.resplit import _resplit
from .scorer import _Scorer

__all__ = ["AlignResult", "AlignSettings", "NEG", "PASSES", "RULES", "align",
           "_Band", "_Scorer", "_attach_lone", "_diagonal_slots", "_in_order", "_resplit"]

# the passes after the DP, in the order they run; each: NAME, SETTINGS, OFF, COUNT, enabled(st), run(alignment, doc)
PASSES = [moved, in_order, resplit, fill_gaps, attach_lone, grow_groups]
# rules inside the DP with a module of their own (NAME, SETTINGS, OFF, enabled(st))
RULES = [split_diagonal]
# the counts align() reports in AlignResult.extra, in this order (0 when the pass is off)
COUNTS = ("moved", "gap_filled", "lone_attached", "resplit", "grown")


@dataclass
class AlignResult:
    alignment: list[Alignment]
    sim: Optional[np.ndarray]  # sentence x sentence cosines; None for long inputs (never built)
    extra: dict = field(default_factory=dict)


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
        return AlignResult(al, np.zeros((n, m), dtype=np.float32), {"mode": "empty"})
    both = np.asarray(encode(list(ref_texts) + list(cand_texts)), dtype=np.float32)  # one call: one batch
    R, C = both[:n], both[n:]
    alignment, background, extra, sim = run_dp(ref_texts, cand_texts, R, C, encode, st)
    doc = Doc(ref_texts, cand_texts, R, C, encode, st, background)
    counts = dict.fromkeys(COUNTS, 0)
    for p in PASSES:
        if p.enabled(st):
            alignment, k = p.run(alignment, doc)
            if p.COUNT:
                counts[p.COUNT] = k
    extra.update(counts)
    return AlignResult(alignment, sim, extra)
