"""The aligner's settings: one plain dataclass, importing nothing from the package.

Each field names the part of the aligner that reads it: the DP core (``core.py``, ``scorer.py``, ``corridor.py``) or
one of the passes (``passes/*.py``, each listing the fields it reads in its ``SETTINGS``). A pass is switched off by
the setting named in its ``OFF`` (``bench/align.py --ablate`` measures each that way).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class AlignSettings:
    # --- the DP core (core.py, scorer.py)
    max_group: int = 4  # core: largest x+y of a bead: 4 allows 1-1, 1-2, 2-1, 1-3, 2-2, 3-1
    knn: int = 3  # core: neighbourhood size of the margin
    use_margin: bool = True  # core (and moved): margins (cosine minus the neighbourhoods' mean) instead of raw cosines
    skip_percentile: float = 75.0  # core: percentile of the document's null margins a bead must beat
    min_pair_similarity: float = 0.4  # core (and moved_blocks): absolute cosine floor for any pair
    group_penalty: float = 0.04  # core: per extra sentence in a group
    member_margin: float = -0.15  # core: each member of a group must beat its own neighbourhood by this
    window: int = 8  # core (corridor.py): half-width (sentences) of the corridor around the coarse path (long inputs)
    full_cells: int = 250_000  # core (corridor.py): above n*m cells: coarse-to-fine in a corridor, no full matrix
    group_gain: Optional[float] = 0.0  # core: a group's cosine must beat its best single pair by this (None: off)
    group_relief: float = 0.03  # core: ... less this when every member points at the other side by strong_member
    strong_member: float = 0.0  # core: ... (see group_relief)
    # --- split_diagonal (a rule of the DP, also applied to the groups attach_lone grows)
    split_diagonal: bool = True  # split_diagonal: an a-a group that pairs off on its diagonal is refused (1-1 pairs win)
    diagonal_min_similarity: float = 0.3  # split_diagonal: ... each diagonal pair at least this cosine
    # --- long groups (core and the attach_lone pass)
    long_group: int = 6  # core, attach_lone: 1-k and k-1 beads up to k = this (beyond
    # max_group; 0, or max_group < 4: off) ...
    cover_min: float = 0.3  # core, attach_lone: ... a member passes the member rule when this
    # share of its content words is in the other side's sentence (cover.containment)
    # --- moved (passes/moved.py)
    moved_pairs: bool = True  # moved: pair leftovers that are each other's clear best match (off: no moved pass)
    moved_similarity: float = 0.5  # moved: ... at least this cosine
    moved_blocks: bool = True  # moved: a moved block grows along its diagonal (passes/moved.py: extend_blocks)
    # --- in_order (passes/in_order.py)
    in_order: bool = True  # in_order: the beads put back in document order after the moved pass
    # --- resplit (passes/resplit.py)
    resplit_min_similarity: Optional[float] = 0.4  # resplit: a 2-1 group beside an added sentence becomes two 1-1
    # pairs if on the diagonal, each this cosine (None: off)
    # --- fill_gaps (passes/fill_gaps.py)
    gap_fill: bool = True  # fill_gaps: pair leftovers sandwiched between two in-order beads (off: the whole pass)
    gap_min_similarity: float = 0.45  # fill_gaps: a gap's pairs need this cosine at least (and the null's median)
    gap_slot_min_similarity: float = 0.2  # fill_gaps: a slot (as many leftovers a side) needs this (a stranger stays)
    gap_diagonal: bool = True  # fill_gaps: an even gap whose sentences pair off on its diagonal gives 1-1 slots
    # --- attach_lone (passes/attach_lone.py)
    lone_attach: bool = True  # attach_lone: leftovers of one side alone between two in-order pairs join a
    # neighbour's group if the group holds the other side's sentence most similar to them nearby, ...
    lone_drop: float = 0.06  # attach_lone: ... the joined group's cosine falls by at most this
    lone_drop_ref: float = 0.0  # attach_lone: ... a reference leftover (an omission unless proven otherwise): this
    long_member_similarity: float = 0.45  # attach_lone: ... or (joining a long group) this cosine with the other side
    verbatim_min: float = 0.9  # attach_lone: a leftover found word for word (rapidfuzz partial ratio) inside its
    # neighbour group's other side joins it whatever the cosine says

    def as_dict(self) -> dict:
        return dict(self.__dict__)
