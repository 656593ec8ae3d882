"""The clause evidence of ``grow_groups`` (``CLAUSES``): a piece that shares no word with the other side's long
sentence is judged against the clause it translates, not against the whole sentence, whose other clauses dilute
its cosine ("I should explain what is happening." in "...; But I should say a few words about what's going on;
..."). Clauses are embedded only for the single sentences whose edge is tried (a few texts per group: linear)."""
from __future__ import annotations

import re

import numpy as np

from ....cover import words
from ...common import Doc
from .shared import OTHER, sides

CLAUSES = True  # a leftover whose most similar clause of the single sentence is its own (ordered, nearby best) joins
SLOT = True  # ... and the next clause in order (just beyond the members' clauses, beside the group) needs only
# gap_slot_min_similarity: the order says they correspond, as an even gap between two pairs does (fill_gaps)
CLAUSE_SPLIT = re.compile(r"\s*(?:;|:|\s--|\s—|—|\s–)\s+")  # clause boundaries inside one sentence


class Clauses:
    """The clauses of one document pair's sentences, embedded on first use."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.texts, self.vecs = sides(doc)
        self.cache: dict = {}

    def vectors(self, side: str, o: int):
        """The vectors of the clauses of sentence ``o`` of ``side`` (``CLAUSE_SPLIT``); None for one clause."""
        key = (side, o)
        if key not in self.cache:
            parts = [c for c in CLAUSE_SPLIT.split(self.texts[side][o]) if words(c)]
            self.cache[key] = (np.asarray(self.doc.encode(parts), dtype=np.float32) if len(parts) > 1 else None)
        return self.cache[key]

    def best(self, x: int, side: str, o: int) -> float:
        """The cosine of sentence ``x`` of ``side`` with its most similar clause of ``o`` (of several)."""
        return float(np.max(self.vectors(OTHER[side], o) @ self.vecs[side][x]))

    def owner(self, x: int, side: str, o: int, members, step: int, rivals, slot: bool = False) -> bool:
        """Whether sentence ``x`` of ``side`` is one clause of sentence ``o`` of the other side, whose group holds
        ``members`` of ``side``: its most similar clause of ``o`` reaches ``long_member_similarity``, lies beyond
        every member's most similar clause on ``x``'s side (``step`` -1: before them; the pieces keep their order),
        and is more similar to ``x`` than each of ``rivals`` (sentences of ``o``'s side). With ``slot`` (a long
        group, ``SLOT``), the clause just beyond the members' clauses needs only ``gap_slot_min_similarity``: ``x``
        lies just beyond the group, that clause just beyond what the members translate, so the order pairs them as
        it pairs an even gap between two pairs ("Or else errors would occur." as "Otherwise that would introduce
        bias", cosine 0.36, before the clause the group's first member translates)."""
        os = OTHER[side]
        V = self.vectors(os, o)
        if V is None or not members:
            return False
        X, O = self.vecs[side], self.vecs[os]
        sims = V @ X[x]
        b = int(np.argmax(sims))
        taken = [int(np.argmax(V @ X[m])) for m in members]
        if float(sims[b]) < self.doc.st.long_member_similarity:
            nxt = max(taken) + 1 if step > 0 else min(taken) - 1
            if not (SLOT and slot and step != 0 and b == nxt
                    and float(sims[b]) >= self.doc.st.gap_slot_min_similarity):
                return False
        if (step < 0 and b >= min(taken)) or (step > 0 and b <= max(taken)):
            return False
        return all(float(O[y] @ X[x]) < float(sims[b]) for y in rivals)
