"""Whether a leftover is a piece of a group's single sentence (the evidence of ``grow_groups``, one leftover at a
time): its words are there (``cover_min``, a word's other forms counting), or it is there word for word
(``verbatim_min``), or it says words of the sentence that the group's members do not (``cover.residual``), or it is
one of the sentence's clauses (``clauses``); and it has no better partner of its own nearby.

A reference sentence joining a 1-1 (a merge found only in part) needs stronger evidence, since a reference leftover
is an omission unless the candidate demonstrably says it (a hidden omission is the costliest error for an editor):
it is there word for word, or shares ``STRICT_WORDS`` content words and ``long_member_similarity`` cosine with the
candidate sentence, or says ``STRICT_WORDS`` words of it that the pair's reference does not and its neighbours do
not either (``STRICT_RESIDUAL``, ``LOCAL``)."""
from __future__ import annotations

from ....cover import residual, words
from ....types import ADDITION, MOVED, OMISSION, Alignment
from ...common import POINTS_REACH, Doc
from ..attach_lone import is_verbatim
from .clauses import Clauses
from .shared import COVER, OTHER, sides

STRICT_WORDS = 2  # a reference sentence joining a 1-1 shares at least this many content words with the candidate's
RESIDUAL = True  # a paired sentence's words its partners already say are no claim on a leftover; and a piece under
# cover_min joins a long group when it says words of the single sentence that its members do not
RIVAL_FLOOR = True  # a more similar sentence is a rival only when it could pair at all (min_pair_similarity); for a
# piece without content words (no word evidence: cosine is all there is) any more similar sentence is
NEXT_RIVAL = True  # ... except the unpaired sentence just beyond the single sentence in the growth's direction: pairing
# with it keeps the order, so it is a rival at any cosine (a paraphrase at 0.31-0.37 whose partner the group took),
# unless the piece says STRICT_WORDS words of the single sentence
STRICT_RESIDUAL = True  # a reference sentence joining a 1-1 may instead say STRICT_WORDS words of the candidate
# sentence that the pair's reference does not (cover.residual; held-out S5 strict F1 +0.010, S6 +0.005); no bridge on
# this strict path (bridging cost DR -0.005, S2 -0.002 by hidden omissions); the pair grown by one reference sentence
# keeps its joined cosine, by two or more (a merge) may lose grow_drop
LOCAL = 2  # ... counting no word that a sentence within this distance of it (outside the group) says too (the topic)


class Pieces:
    """The alignment of one round as the evidence sees it: the unpaired sentences of each side (``free``), each
    paired sentence's partners, the 1-1 pairs the ``moved`` pass made (``moved_of``), and the clauses."""

    def __init__(self, items: list[Alignment], doc: Doc):
        self.doc, self.st = doc, doc.st
        self.texts, self.vecs = sides(doc)
        self.free = {"ref": {a.ref[0] for a in items if a.kind == OMISSION},
                     "cand": {a.cand[0] for a in items if a.kind == ADDITION}}
        self.moved_of = {
            "ref": {a.ref[0]: a.cand[0] for a in items if a.kind == MOVED and len(a.ref) == len(a.cand) == 1},
            "cand": {a.cand[0]: a.ref[0] for a in items if a.kind == MOVED and len(a.ref) == len(a.cand) == 1}}
        self.partners: dict[str, dict[int, list[int]]] = {"ref": {}, "cand": {}}  # each paired sentence's partners
        for a in items:
            if a.ref and a.cand:
                for i in a.ref:
                    self.partners["ref"].setdefault(i, []).extend(a.cand)
                for j in a.cand:
                    self.partners["cand"].setdefault(j, []).extend(a.ref)
        self.clauses = Clauses(doc)

    def adds(self, x: int, side: str, y: int, members=None) -> int:
        """How many of leftover ``x``'s content words sentence ``y`` of the other side holds that ``y``'s partners
        (``members``, else its pair's) do not already say (``cover.residual``)."""
        os = OTHER[side]
        said = self.partners[os].get(y, ()) if members is None else members
        return residual(self.texts[side][x], self.texts[os][y], tuple(self.texts[side][z] for z in said))

    def by_clause(self, x: int, side: str, o: int, members: tuple, step: int, slot: bool = False) -> bool:
        """Whether leftover ``x`` is one clause of ``o`` (``clauses.CLAUSES``), more similar to it than any sentence
        of ``o``'s side nearby; ``slot``: the next clause in order may be less similar (``clauses.SLOT``)."""
        lo, hi = max(0, o - POINTS_REACH), min(len(self.vecs[OTHER[side]]), o + POINTS_REACH + 1)
        return self.clauses.owner(x, side, o, members, step, [y for y in range(lo, hi) if y != o], slot)

    def joins(self, x: int, side: str, o: int, strict: bool = False, members: tuple = (), step: int = 0) -> bool:
        """Whether leftover ``x`` of ``side`` is a piece of sentence ``o`` of the other side, whose group holds
        ``members`` of ``side`` so far; ``step``: the direction the group grows in (-1, 1; 0 for a seed)."""
        st, texts, vecs, free = self.st, self.texts, self.vecs, self.free
        os = OTHER[side]
        tx, to = texts[side][x], texts[os][o]
        if is_verbatim(tx, to, st):
            return True
        if strict and (float(vecs[os][o] @ vecs[side][x]) < st.long_member_similarity
                       or round(COVER(tx, to) * len(words(tx))) < STRICT_WORDS):
            # words the sentences around ``x`` (outside the group) say as well are the story's topic, no evidence
            around = [z for z in range(max(0, x - LOCAL), min(len(texts[side]), x + LOCAL + 1))
                      if z != x and z not in members]
            common = frozenset().union(*[words(texts[side][z]) for z in around]) if around else frozenset()
            said = tuple(texts[side][z] for z in members)
            if not (STRICT_RESIDUAL and residual(tx, to, said, common) >= STRICT_WORDS):
                return False
        cov = COVER(tx, to)
        n_w = max(1, len(words(tx)))
        # below cover_min, a piece of a long group still joins when it says words of ``o`` its members do not
        # (RESIDUAL) and no sentence nearby gains as many from it
        by_residual = False
        if cov < st.cover_min:
            if strict or len(members) < 2 or not RESIDUAL:
                return False
            own = self.adds(x, side, o, members)
            if own < 1:
                return False
            by_residual = True
        X, O = vecs[side], vecs[os]
        c_o = float(O[o] @ X[x])
        lo, hi = max(0, o - POINTS_REACH), min(len(O), o + POINTS_REACH + 1)
        for y in range(lo, hi):
            if y == o:
                continue
            # a paired sentence counts only the words its partners do not already say (RESIDUAL)
            # (a piece without content words has no words to claim: every sentence covers it alike)
            cov_y = self.adds(x, side, y) / n_w if RESIDUAL and words(tx) else COVER(tx, texts[os][y])
            if by_residual and cov_y * n_w >= own:
                return False  # another sentence gains as much from it
            c_y = float(O[y] @ X[x])
            # the unpaired sentence just beyond ``o`` in the growth's direction is a rival at any cosine unless ``x``
            # says STRICT_WORDS words of ``o`` (NEXT_RIVAL)
            next_free = (NEXT_RIVAL and step != 0 and y == o + step and y in free[os]
                         and round(cov * n_w) < STRICT_WORDS)
            if c_y > c_o and (y in free[os] or cov_y >= cov) and (c_y >= st.min_pair_similarity or not RIVAL_FLOOR
                                                                     or not words(tx) or next_free):
                return False  # a better partner of its own (one it could pair with: min_pair_similarity)
            if y in free[os] and cov_y >= cov:
                return False  # an unpaired sentence holds its words as well: the words do not decide
        return True

    def no_rival(self, x: int, side: str, o: int) -> bool:
        """No unpaired sentence of ``o``'s side nearby is more similar to ``x`` than ``o``."""
        os = OTHER[side]
        X, O = self.vecs[side], self.vecs[os]
        c_o = float(O[o] @ X[x])
        return all(float(O[y] @ X[x]) <= c_o for y in range(max(0, o - POINTS_REACH), min(len(O), o + POINTS_REACH + 1))
                   if y != o and y in self.free[os])
