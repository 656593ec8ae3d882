"""Pass ``attach_lone``: a leftover of one side alone between two in-order pairs joins a neighbour's group when it is
a piece of that translation.

What it fixes: a sentence the translation split in two, or a reference sentence the translation merged into its
neighbour's, whose piece the DP left over (the joined group scored a little under the longer half, or the group was
longer than ``max_group``). A leftover joins a neighbouring group when

* it finds its most similar sentence of the other side nearby (within ``POINTS_REACH`` of the group) in the group (a
  same-topic stranger beside a pair resembles some other sentence more), or, joining a long 1-k / k-1 group (up to
  ``long_group``), ``cover_min`` of its words are in the other side's text or its cosine reaches
  ``long_member_similarity``, or it is found word for word there (``verbatim_min``: verbatim outranks paraphrase);
* the joined group's cosine falls by at most ``lone_drop`` (a reference leftover: ``lone_drop_ref``, 0 by default:
  an omission stays one unless the candidate says it too, or its words are there);
* its own cosine with the other side's group is at least ``LONE_MIN_SIMILARITY`` (unless its words are there).

A group grows one leftover at a time, so the pass runs until nothing joins (at most ``long_group - max_group + 1``
rounds). A 2-2 group grown this way that pairs off on its diagonal becomes two 1-1 pairs (``split_diagonal``).
Each is one-sided on purpose: a reference sentence left over is an omission unless the candidate demonstrably says
it, because a hidden omission is the costliest error for an editor.

Gain on the benchmark (bench/align.py --ablate --pairs 5 --groups all, 2026-12-01; bench/README.md, "Aligner passes
(ablation)": strict F1 change when switched off, tuned / held-out pairs): mean of S1-DR -0.016 / -0.024, S5 -0.036 /
-0.041, SP exact group 0.800 -> 0.022 / 0.694 -> 0.056, MG exact group 0.800 -> 0.267 / 0.806 -> 0.194.
"""
from __future__ import annotations

import numpy as np

from ...cover import containment, verbatim, words
from ...types import ADDITION, MATCH, Alignment
from ..common import Doc, leftover_runs, long_group_of, points_at
from .split_diagonal import diagonal_bar, pair_off

NAME = "attach_lone"
SETTINGS = ("lone_attach", "lone_drop", "lone_drop_ref", "long_member_similarity", "verbatim_min", "max_group",
            "long_group", "cover_min", "split_diagonal", "diagonal_min_similarity")
OFF = {"lone_attach": False}
COUNT = "lone_attached"
LONE_MIN_SIMILARITY = 0.1  # a leftover's own cosine with the other side's group (unless its words are there)
VERBATIM_WORDS = 3  # a verbatim piece has at least this many content words
VERBATIM_DROP = 2.0  # a verbatim piece joins whatever the joined cosine says (a cosine never falls by 2)


def enabled(st) -> bool:
    return st.lone_attach


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    st, n_lone = doc.st, 0
    # a group grows one step at a time: a leftover that joins can bring the next one within reach
    for _ in range(max(1, long_group_of(st) - st.max_group + 1)):
        alignment, k = _attach_lone(alignment, doc.ref_texts, doc.cand_texts, doc.R, doc.C, doc.encode, st)
        n_lone += k
        if not k:
            break
    return alignment, n_lone


def _attach_lone(alignment, ref_texts, cand_texts, R, C, encode, st) -> tuple[list[Alignment], int]:
    """Leftovers of one side alone between two in-order pairs (nothing left on the other side there) join a
    neighbour's group when they are a piece of its translation (a sentence the translation split in two, a reference
    sentence the translation merged into its neighbour's):

    * the leftover finds its most similar sentence of the other side nearby (within ``POINTS_REACH`` of the group) in the group:
      a same-topic stranger beside a pair (different reports) resembles some other sentence more;
    * the joined group's cosine falls by at most ``lone_drop`` (a reference leftover: ``lone_drop_ref``, 0 by default:
      an omission stays one unless the candidate says it too);
    * the leftover's own cosine with the other side's group is at least ``LONE_MIN_SIMILARITY``.

    A 2-2 group grown this way whose sentences pair off on its diagonal becomes two 1-1 pairs."""
    items = list(alignment)
    # runs of leftovers between pairs: (start, end) positions in items
    runs = leftover_runs(items)
    plans = []  # (run, side, options)
    want: set[tuple[tuple, tuple]] = set()
    for s0, s1 in runs:
        run = items[s0:s1]
        kinds = {a.kind for a in run}
        if len(kinds) != 1:
            continue
        side = "cand" if kinds == {ADDITION} else "ref"
        idx = sorted(a.cand[0] if side == "cand" else a.ref[0] for a in run)
        if idx[-1] - idx[0] != len(idx) - 1 or len(idx) > max(st.max_group - 2, long_group_of(st) - 1):
            continue
        prev = items[s0 - 1] if s0 > 0 and items[s0 - 1].kind == MATCH else None
        nxt = items[s1] if s1 < len(items) and items[s1].kind == MATCH else None
        opts = []
        for t in range(len(idx) + 1):
            for u in range(t, len(idx) + 1):
                left, right = idx[:t], idx[u:]
                if not left and not right:
                    continue
                ok = True
                new = []
                for bead, part, after in ((prev, left, True), (nxt, right, False)):
                    if not part:
                        continue
                    if bead is None:
                        ok = False
                        break
                    own = getattr(bead, side)
                    if (after and max(own) + 1 != part[0]) or (not after and part[-1] + 1 != min(own)):
                        ok = False
                        break
                    grown = tuple(sorted(own + tuple(part)))
                    size = len(bead.ref) + len(bead.cand) + len(part)
                    long = size > st.max_group
                    if long and not (len(bead.ref if side == "cand" else bead.cand) == 1 and size - 1 <= long_group_of(st)):
                        ok = False  # beyond max_group: a 1-k or k-1 group only, k up to long_group
                        break
                    # each leftover must find, among the other side's sentences nearby, its most similar one in the
                    # group (decided here, before anything is embedded); a group beyond max_group also takes a
                    # leftover whose words the other side holds (a piece of a long split or merge)
                    other = bead.ref if side == "cand" else bead.cand
                    other_text = " ".join((ref_texts if side == "cand" else cand_texts)[i] for i in other)
                    own_texts, O, X = (cand_texts, R, C) if side == "cand" else (ref_texts, C, R)
                    # word for word inside the other side's text: evidence above any paraphrase's cosine
                    verb = [is_verbatim(own_texts[x], other_text, st) for x in part]
                    covered = [containment(own_texts[x], other_text) >= st.cover_min for x in part]
                    if not all(vb or points_at(x, other, O, X) or (long and (cov or float(O[other[0]] @ X[x]) >= st.long_member_similarity))
                               for x, cov, vb in zip(part, covered, verb)):
                        ok = False
                        break
                    key = (bead.ref, grown) if side == "cand" else (grown, bead.cand)
                    new.append((bead, tuple(part), key, [(long and c) or vb for c, vb in zip(covered, verb)], all(verb)))
                if ok:
                    opts.append(new)
                    want.update(key for _, _, key, _, _ in new)
        if opts:
            plans.append((s0, s1, side, opts))
    if not plans:
        return alignment, 0
    texts = sorted({" ".join(ref_texts[i] for i in r) for r, _ in want} | {" ".join(cand_texts[j] for j in c) for _, c in want})
    vecs = dict(zip(texts, np.asarray(encode(texts), dtype=np.float32)))

    def vec(idx, side):
        return vecs[" ".join((ref_texts if side == "ref" else cand_texts)[i] for i in idx)]

    replace: dict[int, list[Alignment]] = {}  # id(bead) -> the grown bead (or its diagonal's pairs)
    dropped: set[tuple[str, int]] = set()  # (side, sentence) of the leftovers that joined a group
    n = 0
    for s0, s1, side, opts in plans:
        best, best_key = None, None
        for new in opts:
            good = True
            gain = 0.0
            for bead, part, (rr, cc), covered, word_for_word in new:
                if id(bead) in replace:
                    good = False
                    break
                cos = float(vec(rr, "ref") @ vec(cc, "cand"))
                other = vec(bead.cand, "cand") if side == "ref" else vec(bead.ref, "ref")
                M = R if side == "ref" else C
                # a reference leftover joins only if the candidate says it too: no drop, or its words are there
                drop = st.lone_drop if side == "cand" or all(covered) else st.lone_drop_ref
                if word_for_word:
                    drop = VERBATIM_DROP  # the words themselves are there: the cosine of the joined text does not decide
                # (a leftover the other side's words cover needs no cosine of its own: "That's what we mean.")
                if cos < (bead.score or 0.0) - drop or min([float(M[x] @ other) for x, cov in zip(part, covered) if not cov],
                                                           default=1.0) < LONE_MIN_SIMILARITY:
                    good = False
                    break
                gain += cos - (bead.score or 0.0)
            if good:
                key = (sum(len(p) for _, p, _, _, _ in new), gain)
                if best_key is None or key > best_key:
                    best, best_key = new, key
        if best is None:
            continue
        for bead, part, (rr, cc), _, _ in best:
            cos = float(vec(rr, "ref") @ vec(cc, "cand"))
            replace[id(bead)] = pair_off(rr, cc, R, C, diagonal_bar(st), bead.confidence) or [Alignment(rr, cc, MATCH, round(cos, 4), bead.confidence)]
            for x in part:
                dropped.add((side, x))
            n += len(part)
    out = []
    for a in alignment:
        if id(a) in replace:
            out.extend(replace[id(a)])
        elif not a.is_pair and (("cand", a.cand[0]) if a.kind == ADDITION else ("ref", a.ref[0])) in dropped:
            continue
        else:
            out.append(a)
    return out, n


def is_verbatim(part: str, whole: str, st) -> bool:
    """``part`` (at least ``VERBATIM_WORDS`` content words) occurs word for word (or nearly) inside the longer ``whole``."""
    return len(words(part)) >= VERBATIM_WORDS and verbatim(part, whole) >= st.verbatim_min
