"""Rule ``split_diagonal``: an a-a group whose sentences pair off one to one on its diagonal is a run of 1-1 pairs.

What it fixes: a 2-2 (or 3-3) group whose joined texts score well although each reference sentence has its own
counterpart on the diagonal: the DP would report one group where an editor expects two pairs (and the mismatch
check then judges the wrong unit). It is a rule of the DP (``scorer.py`` refuses such groups: 2-2 when the diagonal
pairing beats the crossed one, larger when each is the other's best inside the block, each diagonal pair at least
``diagonal_min_similarity``) and is applied again to the 2-2 groups ``attach_lone`` grows (``pair_off`` below), and
``resplit`` uses ``pair_off`` with its own bar.

Gain on the benchmark (bench/align.py --ablate --pairs 5 --groups all, 2026-12-01; bench/README.md, "Aligner passes
(ablation)": strict F1 change when switched off, tuned / held-out pairs): DR -0.007 / 0, S1 -0.002 / -0.006, S3 and
S4 -0.002 / -0.006.
"""
from __future__ import annotations

from typing import Optional

from ...types import MATCH, Alignment

NAME = "split_diagonal"
SETTINGS = ("split_diagonal", "diagonal_min_similarity")
OFF = {"split_diagonal": False}


def enabled(st) -> bool:
    return st.split_diagonal


def diagonal_bar(st) -> Optional[float]:
    """The diagonal pairs' cosine floor when the rule is on, else None."""
    return st.diagonal_min_similarity if st.split_diagonal else None


def pair_off(rr: tuple, cc: tuple, R, C, bar: Optional[float], conf: Optional[float]) -> list[Alignment]:
    """A 2-2 group whose sentences pair off on its diagonal (the diagonal pairing beats the crossed one, each pair
    at least ``bar``: the DP's ``split_diagonal`` rule) as its two 1-1 pairs; else nothing."""
    if bar is None or not len(rr) == len(cc) == 2:
        return []
    S = R[list(rr)] @ C[list(cc)].T
    d0, d1 = float(S[0, 0]), float(S[1, 1])
    if d0 + d1 <= float(S[0, 1] + S[1, 0]) or min(d0, d1) < bar:
        return []
    return [Alignment((rr[t],), (cc[t],), MATCH, round(float(S[t, t]), 4), conf) for t in range(2)]
