"""What every check sees: the aligned document (``AlignedDoc``), with the confidence gate of its pairs."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import numpy as np

from ..cache import DiskCache, store_of
from ..gate import is_translation, pair_meaning
from ..settings import Settings
from ..types import Alignment, Document


@dataclass
class AlignedDoc:
    """What every check sees: both documents, the alignment, the similarities, the settings."""

    reference: Document
    candidate: Document
    alignment: list[Alignment]
    sim: Optional[np.ndarray]  # sentence cosines; None for long inputs (the aligner never builds the full matrix)
    settings: Settings  # read as doc.settings.<field>, each declared at @register
    encoder: object = None
    info: dict = field(default_factory=dict)  # checks may note what they used (e.g. NER engine)
    memo: dict = field(default_factory=dict)  # what checks compute once and share (a pair's word alignment...)

    @property
    def store(self) -> Optional[DiskCache]:
        """The run's disk cache (``cache.store_of``): where checks keep what they derive from a text."""
        return store_of(self.encoder)

    @cached_property
    def ref_bead(self) -> dict[int, Alignment]:
        return {i: a for a in self.alignment for i in a.ref}

    @cached_property
    def cand_bead(self) -> dict[int, Alignment]:
        return {j: a for a in self.alignment for j in a.cand}

    @property
    def pairs(self) -> list[Alignment]:
        return [a for a in self.alignment if a.is_pair]

    # plain properties memoised by hand, not functools.cached_property: in Python 3.11 that holds
    # one lock for every instance, and a batch's threads meet in the shared encoder while computing
    # this (one thread would wait for the lock, the other for its texts: a deadlock)
    @property
    def meaning(self) -> dict[tuple, tuple[float, float, float, float]]:
        """{(ref, cand): (cosine, P(same meaning), length ratio, chrF)} of the aligned pairs
        (``qualcheck.gate.pair_meaning``)."""
        if "_meaning" not in self.__dict__:
            self.__dict__["_meaning"] = pair_meaning(self)
        return self.__dict__["_meaning"]

    @property
    def gate(self) -> dict[tuple, tuple[bool, float]]:
        """{(ref, cand): (is a translation, gate probability)}: the confidence gate of each aligned pair."""
        if "_gate" in self.__dict__:
            return self.__dict__["_gate"]
        if self.settings.pair_gate is False:
            out = {k: (True, 1.0) for k in self.meaning}
        else:
            out = {k: is_translation(*v) for k, v in self.meaning.items()}
        # the pairs stopped at the gate, for the document verdict (report summary)
        self.info["weak_pairs"] = [[list(k[0]), list(k[1])] for k, (ok, _) in out.items() if not ok]
        self.__dict__["_gate"] = out
        return out

    def trusted(self, a: Alignment) -> bool:
        """Whether the pair checks may compare ``a`` word by word (pairs with no cosine are trusted)."""
        return self.gate.get((a.ref, a.cand), (True, 1.0))[0]

    @property
    def trusted_pairs(self) -> list[Alignment]:
        """The aligned pairs the confidence gate lets through to the pair checks."""
        return [a for a in self.pairs if self.trusted(a)]

    def counterpart_of_cand(self, j: int) -> Optional[Alignment]:
        a = self.cand_bead.get(j)
        return a if a is not None and a.is_pair else None
