"""One round of the growth of ``grow_groups``: each 1-k / k-1 group (and each 1-1) grows outward from its ends,
one neighbouring leftover at a time, while the next sentence is a piece of its single sentence (``pieces``); a run
of leftovers between two pairs holding one sentence of one side and at least ``SEED_MIN`` of the other seeds a
group; the grown group is kept when its joined text's cosine falls by at most ``grow_drop`` against the bead it
grew from (a seeded group: reaches ``min_pair_similarity``), or when every added sentence is verbatim, or (a growth
by candidate sentences) when every added sentence holds two or more of its words in the single sentence and the
joined cosine reaches ``min_pair_similarity`` (``WORDS_KEEP``).

One sentence that does not join (a paraphrase sharing no word) is bridged when it has no more similar unpaired
partner nearby and the sentence after it joins (``BRIDGE``); a piece the ``moved`` pass paired far away is taken
back when it is the group's next clause (``MOVED_BACK``). Each leftover is looked at a constant number of times:
the cost is linear in the number of sentences, and any length the content supports is reached."""
from __future__ import annotations

from ....cover import words
from ....types import ADDITION, MATCH, MOVED, OMISSION, Alignment
from ...common import Doc, leftover_runs
from ..attach_lone import is_verbatim
from . import clauses
from .pieces import STRICT_WORDS, Pieces
from .shared import COVER, OTHER, Joined, seeded_confidence

BRIDGE = True  # one sentence sharing no word (a paraphrase) is bridged when the next one joins (SP held out +0.056)
MERGE_GROWS = True  # a 1-1 grown by a reference sentence on strict evidence grows on as a long group
MOVED_BACK = True  # a piece the moved pass paired far away is taken back when it is the group's next clause
SEED_MIN = 2  # a run seeds a group when one side holds one sentence and the other at least this many
WORDS_KEEP = True  # a growth by candidate sentences whose every added piece holds cover_min of its words in the
# single sentence and at least STRICT_WORDS of them (or is verbatim) is kept as a seeded group is, at
# min_pair_similarity: the words outrank the joined cosine, which for a long group can fall when the right piece is
# added (with one word, or by reference sentences too: held-out DR strict F1 -0.006, S3 -0.003)


def held(part: str, whole: str, cover_min: float) -> bool:
    """``whole`` holds ``cover_min`` of ``part``'s content words and at least ``pieces.STRICT_WORDS`` of them (one
    shared word in a short sentence is a coincidence: "Both black holes are moving." in a sentence on black dots)."""
    cov = COVER(part, whole)
    return cov >= cover_min and round(cov * len(words(part))) >= STRICT_WORDS


def grow_round(alignment: list[Alignment], doc: Doc, frozen: frozenset,
               strict_ref: bool = False) -> tuple[list[Alignment], int, list]:
    """One round of the growth; ``frozen``: the (ref, cand) beads that do not grow; ``strict_ref``: every growth by
    reference sentences on the strict evidence. Returns the alignment, the sentences added, and the beads whose
    growth the joined cosine rejected."""
    st = doc.st
    items = list(alignment)
    p = Pieces(items, doc)
    texts, vecs, free, moved_of = p.texts, p.vecs, p.free, p.moved_of
    taken = {"ref": set(), "cand": set()}

    def grow(many: list[int], side: str, o: int, bounds: tuple[int, int], strict: bool = False) -> list[int]:
        """Leftovers of ``side`` taken outward from both ends of ``many`` (inside ``bounds``) while each joins; one
        sentence that does not (a paraphrase sharing no word) is bridged when the next one joins."""
        added = []

        def open_(x):
            return bounds[0] <= x <= bounds[1] and x in free[side] and x not in taken[side]

        def moved_back(x, step):
            """``x`` is in a 1-1 pair the ``moved`` pass made far away, and is rather the next clause of ``o``
            (``MOVED_BACK``): by_clause, and its clause more similar to it than its moved partner."""
            if not (MOVED_BACK and clauses.CLAUSES and bounds[0] <= x <= bounds[1] and x in moved_of[side]
                    and x not in taken[side]):
                return False
            os = OTHER[side]
            members = tuple(many) + tuple(added)
            if not p.by_clause(x, side, o, members, step):
                return False
            return p.clauses.best(x, side, o) > float(vecs[os][moved_of[side][x]] @ vecs[side][x])

        for step, start in ((-1, min(many) - 1), (1, max(many) + 1)):
            x = start
            while open_(x) or moved_back(x, step):
                if not open_(x):  # a moved piece: taken back by its clause, nothing else
                    added.append(x)
                    x += step
                    continue
                so_far = tuple(many) + tuple(added)
                # the next clause in order at the slot floor only for a long group, never on the strict path
                if p.joins(x, side, o, strict, so_far, step) or (
                        clauses.CLAUSES and p.by_clause(x, side, o, so_far, step, not strict and len(so_far) >= 2)):
                    added.append(x)
                    x += step
                    continue
                nx = x + step
                so_far = tuple(many) + tuple(added)
                if (BRIDGE and not strict
                        and open_(nx) and p.no_rival(x, side, o) and p.joins(nx, side, o, strict, so_far, step)):
                    added += [x, nx]
                    x = nx + step
                    continue
                break
        return added

    plans = []  # (bead index or None, ref, cand, base cosine or None, all added verbatim, replaced item indices,
    # the fall allowed, all added covered by words)

    def plan(k, ref, cand, base, side, added, replaced, drop=None):
        o_side = OTHER[side]
        o = (cand if side == "ref" else ref)[0]
        verb = all(is_verbatim(texts[side][x], texts[o_side][o], st) for x in added)
        worded = WORDS_KEEP and side == "cand" and drop is None and all(
            is_verbatim(texts[side][x], texts[o_side][o], st) or held(texts[side][x], texts[o_side][o], st.cover_min)
            for x in added)
        plans.append((k, tuple(sorted(ref)), tuple(sorted(cand)), base, verb, replaced,
                      st.grow_drop if drop is None else drop, worded))
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
            if ref_11 and added and MERGE_GROWS:
                # a reference sentence joined on strict evidence makes the pair a merge: it grows further as any
                # long group does
                added += grow(many + added, side, one[0], bound, strict=strict_ref)
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
            o, os = one[0], OTHER[side]
            X, O = vecs[side], vecs[os]
            best = max(many, key=lambda x: float(O[o] @ X[x]))
            strict = strict_ref and side == "ref"
            if float(O[o] @ X[best]) < st.min_pair_similarity or not p.joins(best, side, o, strict):
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
    return _apply(items, doc, plans)


def _apply(items: list[Alignment], doc: Doc, plans: list) -> tuple[list[Alignment], int, list]:
    """The planned groups that keep their joined cosine (or are all verbatim, or held by the words) replace their
    beads; the sentences they took leave the leftovers (and a moved pair one of whose sentences was taken back
    becomes a leftover)."""
    st = doc.st
    ev = Joined(doc, [(ref, cand) for _, ref, cand, *_ in plans])
    replace: dict[int, Alignment] = {}
    before: dict[int, Alignment] = {}
    rejected: list = []
    gone = {"ref": set(), "cand": set()}
    n = 0
    for k, ref, cand, base, verb, replaced, drop, worded in plans:
        cos = ev.cos((ref, cand))
        floor = st.min_pair_similarity if base is None or worded else base - drop
        if cos < floor and not verb:
            if k is not None:
                rejected.append((items[k].ref, items[k].cand))
            continue
        conf = items[k].confidence if k is not None else seeded_confidence(doc, ref, cand, cos)
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
