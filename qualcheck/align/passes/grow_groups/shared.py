"""What the steps of ``grow_groups`` share: the two sides by name, a 1-k / k-1 bead read as (side of the many, its
single sentence, the many), beads built back from that, joined texts embedded in one call, and the confidence of a
group the pass makes from leftovers."""
from __future__ import annotations

import numpy as np

from ....cover import near_containment
from ....types import MATCH, Alignment
from ...common import Doc, sigmoid

OTHER = {"ref": "cand", "cand": "ref"}
COVER = near_containment  # a word's other forms count (fall / fallen): SP exact group +0.045 tuned, +0.055 held out


def sides(doc: Doc) -> tuple[dict, dict]:
    """The sentences and their vectors of each side, by name ("ref", "cand")."""
    return {"ref": doc.ref_texts, "cand": doc.cand_texts}, {"ref": doc.R, "cand": doc.C}


def one_many(a: Alignment):
    """(side of the many, the single sentence on the other side, the many) of a 1-k / k-1 bead (k >= 1), else None."""
    if a.kind != MATCH:
        return None
    if len(a.ref) == 1:
        return "cand", a.ref[0], list(a.cand)
    if len(a.cand) == 1:
        return "ref", a.cand[0], list(a.ref)
    return None


def bead_of(side: str, one, many) -> tuple[tuple, tuple]:
    """The (ref, cand) bead of sentences ``many`` of ``side`` against ``one`` of the other side, each sorted."""
    one, many = tuple(sorted(one)), tuple(sorted(many))
    return (one, many) if side == "cand" else (many, one)


def joined(texts, idx) -> str:
    """The sentences ``idx`` of ``texts`` joined, in document order."""
    return " ".join(texts[z] for z in sorted(idx))


class Joined:
    """The joined texts of both sides of ``beads`` ((ref, cand) index tuples), embedded in one call."""

    def __init__(self, doc: Doc, beads):
        self.doc = doc
        want = sorted({joined(doc.ref_texts, r) for r, _ in beads} | {joined(doc.cand_texts, c) for _, c in beads})
        self.vecs = dict(zip(want, np.asarray(doc.encode(want), dtype=np.float32)))

    def vec(self, side: str, idx) -> np.ndarray:
        return self.vecs[joined(self.doc.ref_texts if side == "ref" else self.doc.cand_texts, idx)]

    def cos(self, bead) -> float:
        return float(self.vec("ref", bead[0]) @ self.vec("cand", bead[1]))


def seeded_confidence(doc: Doc, ref, cand, cos: float) -> float:
    """A group made from leftovers: its margin over the members' neighbourhoods against the document's skip cost."""
    ctx = 0.5 * (float(np.mean(doc.bg.ctx_r[list(ref)])) + float(np.mean(doc.bg.ctx_c[list(cand)])))
    return round(sigmoid((cos - ctx - doc.bg.skip) / doc.bg.spread), 3)
