"""Pass ``grow_groups``: a 1-k or k-1 group grows, one neighbouring leftover at a time, while the sentence it would
take is covered by the group's single sentence on the other side; a lone sentence between two pairs with several
leftovers of the other side beside it starts such a group.

What it fixes: a long split or merge (a quotation of five or six sentences against one) that the DP found only in
part (its beads stop at ``long_group``, and a joined cosine says little about which pieces belong) or not at all (a
run of leftovers between two pairs: one sentence against four to six), so that the pieces became false omissions
and additions. One mechanism, by the words rather than the joined cosine:

* a leftover ``x`` next to the group (on its long side) joins when ``cover_min`` of its content words are in the
  single sentence ``o`` (``cover.near_containment``: a word's other forms count, fall / fallen), or it is found there
  word for word or nearly (``verbatim_min``, rapidfuzz partial ratio, at least ``attach_lone.VERBATIM_WORDS``
  content words: verbatim outranks any paraphrase's cosine);
* it never joins when it has a better partner of its own: a sentence of ``o``'s side within ``POINTS_REACH`` that
  is more similar to it than ``o`` and either unpaired or holding at least as many of its words, or an unpaired
  one holding at least as many of its words (a verbatim piece has no rival: the words decide);
* the group grows outward from its ends until the next sentence fails; one that fails (a paraphrase sharing no word)
  is bridged when it has no more similar unpaired partner nearby and the sentence after it joins (``BRIDGE``). The
  cost is linear in the number of sentences (each leftover is looked at a constant number of times) and any length
  the content supports is reached;
* the grown group is kept when its joined text's cosine falls by at most ``grow_drop`` against the bead it grew
  from (a seeded group: reaches ``min_pair_similarity``), or when every added sentence is verbatim.

A 1-1 pair grows by candidate sentences as above; by reference sentences (a merge found only in part) only on
stronger evidence, since a reference leftover is an omission unless the candidate demonstrably says it (a hidden
omission is the costliest error for an editor): each is there word for word, or shares at least ``STRICT_WORDS``
content words and ``long_member_similarity`` cosine with the candidate sentence (no bridge), and the joined cosine
does not fall. (Growing it by covered reference sentences alone cost S2 and DR strict F1 0.005-0.037; with the
cosine floor and no fall, DR still -0.009 tuned, from a 2-word sentence sharing one word.)

A seed: a run of leftovers between two pairs holding one sentence of one side and at least ``SEED_MIN`` of the
other becomes a 1-1 of the single sentence and its most similar leftover (at least ``min_pair_similarity``, covered),
and grows as above inside the run.

Residual words (``cover.residual``: the words of a piece that a sentence holds and its partners so far do not say)
decide who owns a piece: a paired rival claims a leftover only by those words (``RESIDUAL``; a cosine rival must
reach ``min_pair_similarity``, ``RIVAL_FLOOR``); a piece under ``cover_min`` joins a long group that way; after the
growth an edge member passes to the neighbouring group it adds more such words to (``HAND_OVER``), and a run of
leftovers of one side beside a k-1 group takes that group's edge member as its single sentence (``EDGE_SEED``: the
DP's wrong 3-1 on the neighbour); a reference sentence may join a 1-1 by ``STRICT_WORDS`` such words that its
neighbours do not say (``STRICT_RESIDUAL``, ``LOCAL``), and the merge then grows as a long group (``MERGE_GROWS``).
Joint decisions (2026-12-02): where a long group meets its neighbouring pair, the two segmentations of the
neighbourhood are scored together by the words each sentence finds in its partners (``cover_total``), so a piece the
neighbour took while its own counterpart stayed unpaired moves back (``JOINT_EDGE``); a growth the joined cosine
rejects releases its pieces to the neighbour (``RELEASE``); and a piece that translates one clause of the single
sentence, in order, joins though it shares no word (``CLAUSES``: the clauses are embedded only for the groups whose
edge is tried).
Exact group over seeds 0-2 (branch groups, 2026-12-01 evening): SP 0.867-0.911 -> 0.933-0.978 tuned, 0.861 ->
0.889-0.944 held out; MG 0.778-0.867 -> 0.844-0.933 tuned, 0.806-0.861 -> 0.861-0.972 held out; S1-S6 and DR equal
or up.

Gain on the benchmark (bench/align.py --groups SP,MG,MV --pairs 5 --heldout --seed 0..2 and --pairs 5 --heldout,
2026-12-01; bench/README.md, "Groups of any length"): exact group SP 0.800 -> 0.889 / 0.694 -> 0.861, MG 0.756 ->
0.844 / 0.806 -> 0.806 (tuned / held out, seed 0; up on 9 of 12 rows over seeds 0-2, never lower); strict F1 S1-S6
and DR equal or up (S5 tuned -0.001, held out +0.010).
"""
from __future__ import annotations

import re

import numpy as np

from ...cover import near_containment, residual, words
from ...types import ADDITION, MATCH, MOVED, OMISSION, Alignment
from ..common import POINTS_REACH, Doc, leftover_runs, long_group_of, sigmoid
from .attach_lone import is_verbatim

NAME = "grow_groups"
SETTINGS = ("grow_groups", "grow_drop", "cover_min", "verbatim_min", "min_pair_similarity", "long_member_similarity",
            "max_group", "long_group")
OFF = {"grow_groups": False}
COUNT = "grown"
BRIDGE = True  # one sentence sharing no word (a paraphrase) is bridged when the next one joins (SP held out +0.056)
COVER = near_containment  # a word's other forms count (fall / fallen): SP exact group +0.045 tuned, +0.055 held out
STRICT_WORDS = 2  # a reference sentence joining a 1-1 shares at least this many content words with the candidate's
RESIDUAL = True  # a paired sentence's words its partners already say are no claim on a leftover; and a piece under
# cover_min joins a long group when it says words of the single sentence that its members do not
RIVAL_FLOOR = True  # a more similar sentence is a rival only when it could pair at all (min_pair_similarity); for a
# piece without content words (no word evidence: cosine is all there is) any more similar sentence is
NEXT_RIVAL = True  # ... except the unpaired sentence just beyond the single sentence in the growth's direction: pairing
# with it keeps the order, so it is a rival at any cosine (a paraphrase at 0.31-0.37 whose partner the group took),
# unless the piece says STRICT_WORDS words of the single sentence
MERGE_GROWS = True  # a 1-1 grown by a reference sentence on strict evidence grows on as a long group
HAND_OVER = True  # an edge member passes to the neighbouring group whose single sentence it adds more words to
EDGE_SEED = True  # a run of leftovers of one side beside a k-1 group takes that group's edge member as its sentence
STRICT_RESIDUAL = True  # a reference sentence joining a 1-1 may instead say STRICT_WORDS words of the candidate
# sentence that the pair's reference does not (cover.residual; held-out S5 strict F1 +0.010, S6 +0.005); no bridge on
# this strict path (bridging cost DR -0.005, S2 -0.002 by hidden omissions); the pair grown by one reference sentence
# keeps its joined cosine, by two or more (a merge) may lose grow_drop
LOCAL = 2  # ... counting no word that a sentence within this distance of it (outside the group) says too (the topic)
CLAUSES = True  # a leftover whose most similar clause of the single sentence is its own (ordered, nearby best) joins
CLAUSE_SPLIT = re.compile(r"\s*(?:;|:|\s--|\s—|—|\s–)\s+")  # clause boundaries inside one sentence
MOVED_BACK = True  # a piece the moved pass paired far away is taken back when it is the group's next clause
RELEASE = True  # a growth the joined cosine rejects releases the pieces it claimed: the pass runs once more without it
SEED_MIN = 2  # a run seeds a group when one side holds one sentence and the other at least this many
JOINT_EDGE = True  # a long group takes its neighbour's edge sentence when the two segmentations of the
# neighbourhood, scored jointly by the words each sentence finds in its partners (cover_total), favour it
JOINT_MIN = 3  # ... for a group of at least this many members (the long groups; 1-2 / 2-1 are the DP's call)
JOINT_AGAIN = True  # ... and once more after a hand-over (which can make a long group of a 1-2)
JOINT_ROUNDS = 3  # ... at most this many sentences taken per edge (each round looks at each group once: linear)


def enabled(st) -> bool:
    # groups beyond max_group are long groups: a user who switches those off (long_group 0, or max_group under 4)
    # gets no grown groups either
    return st.grow_groups and long_group_of(st) > 0


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    out, n, rejected = _grow(alignment, doc, frozenset())
    if rejected and RELEASE:
        # a growth the joined cosine rejected had claimed its pieces before the neighbouring group could: once more,
        # with the rejected beads not growing, so that the pieces are free for the neighbour; a released reference
        # sentence was judged a doubtful piece once, and joins only on the strict evidence (a hidden omission)
        out, k, _ = _grow(out, doc, frozenset(rejected), strict_ref=True)
        n += k
    return _finish(out, doc, n)


def _grow(alignment: list[Alignment], doc: Doc, frozen: frozenset,
          strict_ref: bool = False) -> tuple[list[Alignment], int, list]:
    """One round of the growth; ``frozen``: the (ref, cand) beads that do not grow; ``strict_ref``: every growth by
    reference sentences on the strict evidence. Returns the alignment, the sentences added, and the beads whose
    growth the joined cosine rejected."""
    st = doc.st
    R, C = doc.R, doc.C
    texts = {"ref": doc.ref_texts, "cand": doc.cand_texts}
    vecs = {"ref": R, "cand": C}
    items = list(alignment)
    free = {"ref": {a.ref[0] for a in items if a.kind == OMISSION},
            "cand": {a.cand[0] for a in items if a.kind == ADDITION}}
    other_of = {"ref": "cand", "cand": "ref"}
    moved_of = {"ref": {a.ref[0]: a.cand[0] for a in items if a.kind == MOVED and len(a.ref) == len(a.cand) == 1},
                "cand": {a.cand[0]: a.ref[0] for a in items if a.kind == MOVED and len(a.ref) == len(a.cand) == 1}}

    partners: dict[str, dict[int, list[int]]] = {"ref": {}, "cand": {}}  # each paired sentence's partners
    for a in items:
        if a.ref and a.cand:
            for i in a.ref:
                partners["ref"].setdefault(i, []).extend(a.cand)
            for j in a.cand:
                partners["cand"].setdefault(j, []).extend(a.ref)

    def adds(x: int, side: str, y: int, members=None) -> int:
        """How many of leftover ``x``'s content words sentence ``y`` of the other side holds that ``y``'s partners
        (``members``, else its pair's) do not already say (``cover.residual``)."""
        os = other_of[side]
        said = partners[os].get(y, ()) if members is None else members
        return residual(texts[side][x], texts[os][y], tuple(texts[side][z] for z in said))

    clause_cache: dict = {}

    def clause_vecs(side: str, o: int):
        """The clauses of sentence ``o`` of ``side`` (``CLAUSE_SPLIT``) and their vectors; None for one clause."""
        key = (side, o)
        if key not in clause_cache:
            parts = [c for c in CLAUSE_SPLIT.split(texts[side][o]) if words(c)]
            clause_cache[key] = (np.asarray(doc.encode(parts), dtype=np.float32) if len(parts) > 1 else None)
        return clause_cache[key]

    def by_clause(x: int, side: str, o: int, members: tuple, step: int) -> bool:
        """Whether leftover ``x`` is one clause of ``o`` (``CLAUSES``): its most similar clause of ``o`` reaches
        ``long_member_similarity``, lies beyond every member's most similar clause on ``x``'s side (the pieces keep
        their order), and is more similar to ``x`` than any sentence of ``o``'s side nearby. A paraphrase shares no
        word, and its cosine against the whole long sentence is diluted by the other clauses; against its clause it
        is not ("I should explain what is happening." in "...; But I should say a few words about what's going on;
        ...")."""
        os = other_of[side]
        V = clause_vecs(os, o)
        if V is None or not members:
            return False
        X, O = vecs[side], vecs[os]
        sims = V @ X[x]
        b = int(np.argmax(sims))
        if float(sims[b]) < st.long_member_similarity:
            return False
        taken_cl = [int(np.argmax(V @ X[m])) for m in members]
        if (step < 0 and b >= min(taken_cl)) or (step > 0 and b <= max(taken_cl)):
            return False
        lo, hi = max(0, o - POINTS_REACH), min(len(O), o + POINTS_REACH + 1)
        return all(float(O[y] @ X[x]) < float(sims[b]) for y in range(lo, hi) if y != o)

    def joins(x: int, side: str, o: int, strict: bool = False, members: tuple = (), step: int = 0) -> bool:
        """Whether leftover ``x`` of ``side`` is a piece of sentence ``o`` of the other side, whose group holds
        ``members`` of ``side`` so far; ``step``: the direction the group grows in (-1, 1; 0 for a seed)."""
        os = other_of[side]
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
            own = adds(x, side, o, members)
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
            cov_y = adds(x, side, y) / n_w if RESIDUAL and words(tx) else COVER(tx, texts[os][y])
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

    def no_rival(x: int, side: str, o: int) -> bool:
        """No unpaired sentence of ``o``'s side nearby is more similar to ``x`` than ``o``."""
        os = other_of[side]
        X, O = vecs[side], vecs[os]
        c_o = float(O[o] @ X[x])
        return all(float(O[y] @ X[x]) <= c_o for y in range(max(0, o - POINTS_REACH), min(len(O), o + POINTS_REACH + 1))
                   if y != o and y in free[os])

    def grow(many: list[int], side: str, o: int, bounds: tuple[int, int], strict: bool = False) -> list[int]:
        """Leftovers of ``side`` taken outward from both ends of ``many`` (inside ``bounds``) while each joins; one
        sentence that does not (a paraphrase sharing no word) is bridged when the next one joins."""
        added = []

        def open_(x):
            return bounds[0] <= x <= bounds[1] and x in free[side] and x not in taken[side]

        def moved_back(x, step):
            """``x`` is in a 1-1 pair the ``moved`` pass made far away, and is rather the next clause of ``o``
            (``MOVED_BACK``): by_clause, and its clause more similar to it than its moved partner."""
            if not (MOVED_BACK and CLAUSES and bounds[0] <= x <= bounds[1] and x in moved_of[side]
                    and x not in taken[side]):
                return False
            os = other_of[side]
            members = tuple(many) + tuple(added)
            if not by_clause(x, side, o, members, step):
                return False
            best = float(np.max(clause_vecs(os, o) @ vecs[side][x]))
            return best > float(vecs[os][moved_of[side][x]] @ vecs[side][x])

        for step, start in ((-1, min(many) - 1), (1, max(many) + 1)):
            x = start
            while open_(x) or moved_back(x, step):
                if not open_(x):  # a moved piece: taken back by its clause, nothing else
                    added.append(x)
                    x += step
                    continue
                if joins(x, side, o, strict, tuple(many) + tuple(added), step) or (
                        CLAUSES and by_clause(x, side, o, tuple(many) + tuple(added), step)):
                    added.append(x)
                    x += step
                    continue
                nx = x + step
                so_far = tuple(many) + tuple(added)
                if (BRIDGE and not strict
                        and open_(nx) and no_rival(x, side, o) and joins(nx, side, o, strict, so_far, step)):
                    added += [x, nx]
                    x = nx + step
                    continue
                break
        return added

    plans = []  # (bead index or None, ref, cand, base cosine or None, all added verbatim, replaced item indices)
    taken = {"ref": set(), "cand": set()}

    def plan(k, ref, cand, base, side, added, replaced, drop=None):
        o_side = other_of[side]
        o = (cand if side == "ref" else ref)[0]
        verb = all(is_verbatim(texts[side][x], texts[o_side][o], st) for x in added)
        plans.append((k, tuple(sorted(ref)), tuple(sorted(cand)), base, verb, replaced, st.grow_drop if drop is None else drop))
        for x in added:
            taken[side].add(x)

    n_r, n_c = len(doc.ref_texts), len(doc.cand_texts)
    for k, a in enumerate(items):
        if a.kind != MATCH or (len(a.ref) > 1 and len(a.cand) > 1) or (a.ref, a.cand) in frozen:
            continue
        for side in ("cand", "ref"):
            many, one = (list(a.cand), a.ref) if side == "cand" else (list(a.ref), a.cand)
            if len(one) != 1:
                continue
            # a 1-1 grown by reference sentences (a hidden omission is the costliest error): each is there word for
            # word, or shares STRICT_WORDS content words and long_member_similarity cosine with the candidate
            # sentence (no bridge), and the joined cosine does not fall
            ref_11 = side == "ref" and len(many) == 1
            bound = (0, n_c - 1) if side == "cand" else (0, n_r - 1)
            added = grow(many, side, one[0], bound, strict=ref_11 or (strict_ref and side == "ref"))
            wider = []
            if ref_11 and added and MERGE_GROWS:
                # a reference sentence joined on strict evidence makes the pair a merge: it grows further as any
                # long group does
                wider = grow(many + added, side, one[0], bound, strict=strict_ref)
                added += wider
            if added:
                ref, cand = (list(a.ref), many + added) if side == "cand" else (many + added, list(a.cand))
                plan(k, ref, cand, a.score, side, added, (), drop=0.0 if ref_11 and len(added) < 2 else None)
                break
    # seeds: runs of leftovers between pairs with one sentence of one side and several of the other
    for s0, k in leftover_runs(items):
        run_items = items[s0:k]
        rs = sorted(a.ref[0] for a in run_items if a.kind == OMISSION and a.ref[0] not in taken["ref"])
        cs = sorted(a.cand[0] for a in run_items if a.kind == ADDITION and a.cand[0] not in taken["cand"])
        for side, many, one in (("cand", cs, rs), ("ref", rs, cs)):
            if len(one) != 1 or len(many) < SEED_MIN:
                continue
            o, os = one[0], other_of[side]
            X, O = vecs[side], vecs[os]
            best = max(many, key=lambda x: float(O[o] @ X[x]))
            strict = strict_ref and side == "ref"
            if float(O[o] @ X[best]) < st.min_pair_similarity or not joins(best, side, o, strict):
                continue
            added = grow([best], side, o, (min(many), max(many)), strict)
            if not added:
                continue
            group = sorted([best] + added)
            ref, cand = ([o], group) if side == "cand" else (group, [o])
            plan(None, ref, cand, None, side, group, tuple(range(s0, k)))
            taken[os].add(o)
    if not plans:
        return items, 0, []
    want = sorted({" ".join(doc.ref_texts[i] for i in p[1]) for p in plans}
                  | {" ".join(doc.cand_texts[j] for j in p[2]) for p in plans})
    ev = dict(zip(want, np.asarray(doc.encode(want), dtype=np.float32)))
    replace: dict[int, Alignment] = {}
    before: dict[int, Alignment] = {}
    rejected: list = []
    gone = {"ref": set(), "cand": set()}
    n = 0
    for k, ref, cand, base, verb, replaced, drop in plans:
        cos = float(ev[" ".join(doc.ref_texts[i] for i in ref)] @ ev[" ".join(doc.cand_texts[j] for j in cand)])
        floor = st.min_pair_similarity if base is None else base - drop
        if cos < floor and not verb:
            if k is not None:
                rejected.append((items[k].ref, items[k].cand))
            continue
        if k is not None:
            conf = items[k].confidence
        else:  # a seeded group: its margin over the members' neighbourhoods against the document's skip cost
            ctx = 0.5 * (float(np.mean(doc.bg.ctx_r[list(ref)])) + float(np.mean(doc.bg.ctx_c[list(cand)])))
            conf = round(sigmoid((cos - ctx - doc.bg.skip) / doc.bg.spread), 3)
        bead = Alignment(ref, cand, MATCH, round(cos, 4), conf)
        old_r = set(items[k].ref) if k is not None else set()
        old_c = set(items[k].cand) if k is not None else set()
        gone["ref"].update(set(ref) - old_r)
        gone["cand"].update(set(cand) - old_c)
        n += len(set(ref) - old_r) + len(set(cand) - old_c) - (1 if k is None else 0)
        if k is not None:
            replace[k] = bead
        else:
            before[replaced[0]] = bead  # a seeded group takes the first slot of its run
    out = []
    for k, a in enumerate(items):
        if k in before:
            out.append(before[k])
        if k in replace:
            out.append(replace[k])
            continue
        if a.kind == OMISSION and a.ref[0] in gone["ref"]:
            continue
        if a.kind == ADDITION and a.cand[0] in gone["cand"]:
            continue
        if a.kind == MOVED and len(a.ref) == len(a.cand) == 1:
            # a moved pair one of whose sentences a group took back: the other is a leftover again
            if a.cand[0] in gone["cand"] and a.ref[0] not in gone["ref"]:
                out.append(Alignment(a.ref, (), OMISSION))
                continue
            if a.ref[0] in gone["ref"] and a.cand[0] not in gone["cand"]:
                out.append(Alignment((), a.cand, ADDITION))
                continue
        out.append(a)
    return out, n, rejected


def _finish(out: list[Alignment], doc: Doc, n: int) -> tuple[list[Alignment], int]:
    """After the growth (a grown group's edge meets its neighbour's): the joint edge, hand-over, the joint edge again
    (a hand-over can make a long group of a 1-2), then edge seeds."""

    def joint(out, n):
        for _ in range(JOINT_ROUNDS):
            out, k = _joint_edge(out, doc)
            n += k
            if not k:
                break
        return out, n

    if JOINT_EDGE:
        out, n = joint(out, n)
    if HAND_OVER:
        out, k = _hand_over(out, doc)
        n += k
        if k and JOINT_EDGE and JOINT_AGAIN:
            out, n = joint(out, n)
    if EDGE_SEED:
        out, k = _edge_seed(out, doc)
        n += k
    return out, n


def _one_many(a: Alignment):
    """(side of the many, the single sentence on the other side, the many) of a 1-k / k-1 bead (k >= 1), else None."""
    if a.kind != MATCH:
        return None
    if len(a.ref) == 1:
        return "cand", a.ref[0], list(a.cand)
    if len(a.cand) == 1:
        return "ref", a.cand[0], list(a.ref)
    return None


def _hand_over(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """Edge members handed over between two neighbouring groups (``HAND_OVER``): where group ``h`` ends with a
    sentence ``x`` next to group ``g`` on the same side, both 1-k / k-1 with their single sentences on the other
    side, ``x`` passes to ``g`` when it says more words of ``g``'s single sentence that ``g``'s members do not say
    than of ``h``'s that ``h``'s other members do not (``cover.residual``), ``h`` keeps a member (at
    ``min_pair_similarity``), and the two groups' joined cosines together fall by at most ``grow_drop``. The same
    evidence as the growth (what a piece adds to a translation), applied to a piece the DP gave to the neighbour: a
    1-2 that took the first piece of the next sentence's split."""
    st = doc.st
    texts = {"ref": doc.ref_texts, "cand": doc.cand_texts}
    other = {"ref": "cand", "cand": "ref"}
    pairs = [k for k, a in enumerate(items) if a.is_pair]
    moves = []  # (k of g, k of h, side, x)
    used: set[int] = set()
    for k_g, k_h in [(p, q) for p, q in zip(pairs, pairs[1:])] + [(q, p) for p, q in zip(pairs, pairs[1:])]:
        if k_g in used or k_h in used:
            continue
        g, h = _one_many(items[k_g]), _one_many(items[k_h])
        if g is None or h is None or g[0] != h[0] or len(h[2]) < 2:
            continue
        side, o_g, many_g = g
        _, o_h, many_h = h
        x = min(many_h) if k_h > k_g else max(many_h)
        if x != (max(many_g) + 1 if k_h > k_g else min(many_g) - 1):
            continue
        os = other[side]
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

    def bead(side, o, many):
        ref, cand = ((o,), tuple(sorted(many))) if side == "cand" else (tuple(sorted(many)), (o,))
        return ref, cand

    want, trial = set(), []
    for k_g, k_h, side, x in moves:
        _, o_g, many_g = _one_many(items[k_g])
        _, o_h, many_h = _one_many(items[k_h])
        ng, nh = bead(side, o_g, many_g + [x]), bead(side, o_h, [z for z in many_h if z != x])
        trial.append((k_g, k_h, ng, nh))
        for r, c in (ng, nh):
            want.update((" ".join(doc.ref_texts[i] for i in r), " ".join(doc.cand_texts[j] for j in c)))
    want = sorted(want)
    ev = dict(zip(want, np.asarray(doc.encode(want), dtype=np.float32)))

    def cos(rc):
        return float(ev[" ".join(doc.ref_texts[i] for i in rc[0])] @ ev[" ".join(doc.cand_texts[j] for j in rc[1])])

    out = list(items)
    n = 0
    for k_g, k_h, ng, nh in trial:
        cg, ch = cos(ng), cos(nh)
        old_g, old_h = items[k_g], items[k_h]
        if (cg - (old_g.score or 0.0)) + (ch - (old_h.score or 0.0)) < -st.grow_drop or ch < st.min_pair_similarity:
            continue  # the two groups' joined cosines together fall by more than grow_drop, or the giver no pair
        out[k_g] = Alignment(ng[0], ng[1], MATCH, round(cg, 4), old_g.confidence)
        out[k_h] = Alignment(nh[0], nh[1], MATCH, round(ch, 4), old_h.confidence)
        n += 1
    return out, n


def _edge_seed(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """A run of at least ``SEED_MIN`` leftovers of one side only (say candidates), next to a k-1 group (k >= 2, its
    k sentences on the other side), whose edge member ``e`` beside the run covers them: ``e`` leaves the group and
    pairs with the run's sentences it covers (``EDGE_SEED``). The DP's wrong 3-1 on the neighbour of a sentence split
    into five: the five became additions. The seed is ``e``'s most similar covered leftover (``cover_min`` of its
    words in ``e``, or verbatim) at ``min_pair_similarity``; the group grows from it through the run while each next
    leftover is covered or says words of ``e`` that the group does not (``cover.residual``), and never takes one that
    a remaining member of the old group is more similar to and holds as many words of; kept when ``e`` is more
    similar to the new group's joined text than to its old partner and both groups reach ``min_pair_similarity``."""
    st = doc.st
    texts = {"ref": doc.ref_texts, "cand": doc.cand_texts}
    vecs = {"ref": doc.R, "cand": doc.C}
    other = {"ref": "cand", "cand": "ref"}
    trials = []
    for s0, k in leftover_runs(items):
        run_items = items[s0:k]
        rs = [a.ref[0] for a in run_items if a.kind == OMISSION]
        cs = [a.cand[0] for a in run_items if a.kind == ADDITION]
        if (rs and cs) or len(rs) + len(cs) < SEED_MIN:
            continue
        side = "cand" if cs else "ref"  # the run's side
        many = sorted(cs or rs)
        os = other[side]
        for k_h, before in ((s0 - 1, True), (k, False)):
            if not (0 <= k_h < len(items)):
                continue
            h = items[k_h]
            if h.kind != MATCH:
                continue
            h_os = list(h.ref if os == "ref" else h.cand)
            h_side = list(h.cand if side == "cand" else h.ref)
            if len(h_side) != 1 or len(h_os) < 2:
                continue
            e = max(h_os) if before else min(h_os)
            rest = [z for z in h_os if z != e]
            X, O = vecs[side], vecs[os]
            te = texts[os][e]

            def covered(x):
                return is_verbatim(texts[side][x], te, st) or near_containment(texts[side][x], te) >= st.cover_min

            def rest_claims(x):
                # a remaining member of the group is more similar to ``x`` and holds as many of its words
                c_e, cov_e = float(O[e] @ X[x]), near_containment(texts[side][x], te)
                return any(float(O[y] @ X[x]) > c_e and near_containment(texts[side][x], texts[os][y]) >= cov_e
                           for y in rest)

            cands = [x for x in many if covered(x) and not rest_claims(x)
                     and float(O[e] @ X[x]) >= st.min_pair_similarity]
            if not cands:
                continue
            best = max(cands, key=lambda x: float(O[e] @ X[x]))
            group = [best]
            for step in (-1, 1):
                x = best + step
                while x in many:
                    tx = texts[side][x]
                    said = tuple(texts[side][z] for z in group)
                    if rest_claims(x) or not (covered(x) or residual(tx, te, said) >= 1):
                        break
                    group.append(x)
                    x += step
            if len(group) < SEED_MIN:
                continue
            trials.append((k_h, s0, k, side, e, sorted(group)))
            break
    if not trials:
        return items, 0

    def joined(side, idx):
        return " ".join(texts[side][z] for z in sorted(idx))

    want = set()
    beads = []
    for k_h, s0, k, side, e, group in trials:
        h = items[k_h]
        os = other[side]
        rest = [z for z in (h.ref if os == "ref" else h.cand) if z != e]
        new = ((e,), tuple(group)) if side == "cand" else (tuple(group), (e,))
        shrunk = (tuple(rest), h.cand) if os == "ref" else (h.ref, tuple(rest))
        beads.append((k_h, s0, k, new, shrunk))
        for r, c in (new, shrunk):
            want.update((joined("ref", r), joined("cand", c)))
    want = sorted(want)
    ev = dict(zip(want, np.asarray(doc.encode(want), dtype=np.float32)))

    def cos(rc):
        return float(ev[joined("ref", rc[0])] @ ev[joined("cand", rc[1])])

    out = list(items)
    drop: set[int] = set()
    n = 0
    for k_h, s0, k, new, shrunk in beads:
        c_new, c_h = cos(new), cos(shrunk)
        h = items[k_h]
        # ``e`` is more similar to the run's group than to its old partner, and the old group stays a pair
        side = "cand" if len(new[0]) == 1 else "ref"
        e = new[0][0] if side == "cand" else new[1][0]
        e_vec = doc.R[e] if side == "cand" else doc.C[e]
        o_h = h.cand[0] if side == "cand" else h.ref[0]
        o_vec = doc.C[o_h] if side == "cand" else doc.R[o_h]
        e_new = float(e_vec @ ev[joined(side, new[1] if side == "cand" else new[0])])
        if c_new < st.min_pair_similarity or c_h < st.min_pair_similarity or e_new <= float(e_vec @ o_vec):
            continue
        ctx = 0.5 * (float(np.mean(doc.bg.ctx_r[list(new[0])])) + float(np.mean(doc.bg.ctx_c[list(new[1])])))
        conf = round(sigmoid((c_new - ctx - doc.bg.skip) / doc.bg.spread), 3)
        out[k_h] = Alignment(shrunk[0], shrunk[1], MATCH, round(c_h, 4), h.confidence)
        taken = set(new[0]) | set(new[1])
        first = True
        for q in range(s0, k):
            a = items[q]
            if ((a.kind == OMISSION and a.ref[0] in new[0])
                    or (a.kind == ADDITION and a.cand[0] in new[1])):
                if first:
                    out[q] = Alignment(new[0], new[1], MATCH, round(c_new, 4), conf)
                    first = False
                else:
                    drop.add(q)
        n += len(taken) - 1
    return [a for q, a in enumerate(out) if q not in drop], n


def cover_total(beads, doc: Doc) -> int:
    """How many content words the sentences of ``beads`` ((ref, cand) index tuples) find in their partners: each
    sentence counts its words (a word's other forms counting, ``cover.near_containment``) that the joined text of
    its bead's other side holds. An unpaired sentence finds none. Two segmentations of the same sentences compare by
    this total: each sentence is scored against what it is paired with, so a piece given to the wrong group loses
    its own words there and takes its partner's from the right one."""
    total = 0
    for ref, cand in beads:
        if not ref or not cand:
            continue
        tr = " ".join(doc.ref_texts[i] for i in ref)
        tc = " ".join(doc.cand_texts[j] for j in cand)
        for side, idx, other in (("ref", ref, tc), ("cand", cand, tr)):
            texts = doc.ref_texts if side == "ref" else doc.cand_texts
            for z in idx:
                total += round(near_containment(texts[z], other) * len(words(texts[z])))
    return total


def _clause_owner(doc: Doc, side: str, x: int, o: int, members, step: int, rivals) -> bool:
    """Whether sentence ``x`` of ``side`` is a clause of sentence ``o`` of the other side (``CLAUSES``): its most
    similar clause of ``o`` (``CLAUSE_SPLIT``) reaches ``long_member_similarity``, lies beyond every member's most
    similar clause on ``x``'s side (``step`` -1: before them), and is more similar to ``x`` than each of ``rivals``
    (the sentences it is paired with now)."""
    os = "cand" if side == "ref" else "ref"
    texts = {"ref": doc.ref_texts, "cand": doc.cand_texts}
    vecs = {"ref": doc.R, "cand": doc.C}
    parts = [c for c in CLAUSE_SPLIT.split(texts[os][o]) if words(c)]
    if len(parts) < 2:
        return False
    V = np.asarray(doc.encode(parts), dtype=np.float32)
    X = vecs[side]
    sims = V @ X[x]
    b = int(np.argmax(sims))
    if float(sims[b]) < doc.st.long_member_similarity:
        return False
    taken = [int(np.argmax(V @ X[m])) for m in members]
    if (step < 0 and b >= min(taken)) or (step > 0 and b <= max(taken)):
        return False
    return all(float(vecs[os][y] @ X[x]) < float(sims[b]) for y in rivals)


def _joint_edge(items: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    """A long group takes the edge sentence of its neighbouring pair when the neighbourhood's sentences find more of
    their words in their partners that way (``JOINT_EDGE``, ``cover_total``): where group ``g`` (one sentence
    against at least ``JOINT_MIN``) ends next to sentence ``x`` of its long side, and ``x`` is the edge of the
    neighbouring pair ``h``, the two segmentations of the neighbourhood are scored jointly: ``g`` + ``h`` as they
    are, against ``g`` with ``x`` + ``h`` without it; when ``x`` was all of ``h``'s side, ``h``'s other side pairs
    with the unpaired sentence beyond ``x`` instead (the DP paired "Both black holes are moving." with "Both black
    holes are approaching each other." and left "Both black holes are getting closer together." as an omission,
    though the first is the last piece of the merge before it). Taken when the total is higher, the grown group's
    joined cosine falls by at most ``grow_drop`` and the neighbour stays a pair (``min_pair_similarity``). The same
    evidence as the growth (the words), but the decision is one of the whole neighbourhood, not of one piece
    against one rival."""
    st = doc.st
    other = {"ref": "cand", "cand": "ref"}
    where = {"ref": {}, "cand": {}}  # sentence -> position of its bead
    for k, a in enumerate(items):
        for i in a.ref:
            where["ref"][i] = k
        for j in a.cand:
            where["cand"][j] = k
    trials = []
    used: set[int] = set()
    for k_g, a in enumerate(items):
        g = _one_many(a)
        if g is None or k_g in used or len(g[2]) < JOINT_MIN:
            continue
        side, o_g, many_g = g
        os = other[side]
        for x, step in ((max(many_g) + 1, 1), (min(many_g) - 1, -1)):
            k_h = where[side].get(x)
            if k_h is None or k_h in used or k_h == k_g:
                continue
            h = items[k_h]
            if h.kind != MATCH:
                continue
            h_side = list(h.ref if side == "ref" else h.cand)
            h_os = list(h.cand if side == "ref" else h.ref)
            if x != (min(h_side) if step == 1 else max(h_side)):
                continue
            rest = [z for z in h_side if z != x]
            freed = None
            if not rest:  # x was all of h's side: h's other side pairs with the leftover beyond x
                y = x + step
                k_y = where[side].get(y)
                if len(h_os) != 1 or k_y is None or items[k_y].is_pair or k_y in used:
                    continue
                rest, freed = [y], k_y

            def bead(s_idx, o_idx):
                return (tuple(sorted(s_idx)), tuple(sorted(o_idx))) if side == "ref" else (tuple(sorted(o_idx)),
                                                                                          tuple(sorted(s_idx)))
            old = [bead(many_g, [o_g]), bead(h_side, h_os)]
            new = [bead(many_g + [x], [o_g]), bead(rest, h_os)]
            gain = cover_total(new, doc) - cover_total(old, doc)
            if gain < 0 or (gain == 0 and not (CLAUSES and _clause_owner(doc, side, x, o_g, many_g, step, h_os))):
                continue  # the words say the neighbour; or they tie, and x is no clause of g's sentence
            trials.append((k_g, k_h, freed, new))
            used.update((k_g, k_h) + ((freed,) if freed is not None else ()))
            break
    if not trials:
        return items, 0

    def joined(texts, idx):
        return " ".join(texts[z] for z in idx)

    want = sorted({joined(doc.ref_texts, b[0]) for t in trials for b in t[3]}
                  | {joined(doc.cand_texts, b[1]) for t in trials for b in t[3]})
    ev = dict(zip(want, np.asarray(doc.encode(want), dtype=np.float32)))

    def cos(b):
        return float(ev[joined(doc.ref_texts, b[0])] @ ev[joined(doc.cand_texts, b[1])])

    out = list(items)
    drop: set[int] = set()
    n = 0
    for k_g, k_h, freed, (ng, nh) in trials:
        cg, ch = cos(ng), cos(nh)
        old_g, old_h = items[k_g], items[k_h]
        if cg < (old_g.score or 0.0) - st.grow_drop or ch < st.min_pair_similarity:
            continue
        out[k_g] = Alignment(ng[0], ng[1], MATCH, round(cg, 4), old_g.confidence)
        out[k_h] = Alignment(nh[0], nh[1], MATCH, round(ch, 4), old_h.confidence)
        if freed is not None:
            drop.add(freed)
        n += 1
    return [a for q, a in enumerate(out) if q not in drop], n
