"""Pass ``grow_groups``: a 1-k or k-1 group grows, one neighbouring leftover at a time, while the sentence it would
take is covered by the group's single sentence on the other side; a lone sentence between two pairs with several
leftovers of the other side beside it starts such a group.

What it fixes: a long split or merge (a quotation of five or six sentences against one) that the DP found only in
part (its beads stop at ``long_group``, and a joined cosine says little about which pieces belong) or not at all (a
run of leftovers between two pairs: one sentence against four to six), so that the pieces became false omissions
and additions. One mechanism, by the words rather than the joined cosine, in steps, one module each:

* ``pieces``: whether a leftover is a piece of a group's single sentence (its words are there, ``cover_min``, a
  word's other forms counting; or word for word, ``verbatim_min``; or it says words of the sentence the members do
  not, ``cover.residual``) with no better partner of its own nearby; a reference sentence joins a 1-1 only on
  stronger evidence (a hidden omission is the costliest error);
* ``clauses``: a piece that translates one clause of the single sentence, in order, joins though it shares no word;
* ``growth``: one round: each group grows outward from its ends while the next leftover is a piece (one paraphrase
  bridged when the next one joins; a piece the ``moved`` pass took far away taken back), runs of leftovers seed
  groups, and a grown group is kept when its joined cosine falls by at most ``grow_drop``;
* ``joint_edge``: where a long group meets its neighbouring pair, the two segmentations of the neighbourhood are
  scored together by the words each sentence finds in its partners;
* ``hand_over``: an edge member passes to the neighbouring group it adds more unsaid words to;
* ``edge_seed``: a run of leftovers of one side beside a k-1 group takes that group's edge member as its sentence;
* this module: the order of the steps, and the release (``RELEASE``): a growth the joined cosine rejects had claimed
  its pieces before the neighbouring group could, so the round runs once more with that bead frozen.

``shared`` holds what the steps share. Each step is switched off by a module constant of its module (the tests and
``bench/ablate_steps.py`` do so; no setting). Each leftover is looked at a constant number of times: linear cost,
any length the content supports. docs/aligner.md tells the story and bench/README.md the figures ("Groups of any
length", "Groups, fourth session", "Groups: ablation of the fourth session's steps").
"""
from __future__ import annotations

from ....types import Alignment
from ...common import Doc, long_group_of
from . import edge_seed, hand_over, joint_edge
from .growth import grow_round

NAME = "grow_groups"
SETTINGS = ("grow_groups", "grow_drop", "cover_min", "verbatim_min", "min_pair_similarity", "long_member_similarity",
            "max_group", "long_group", "gap_slot_min_similarity")
OFF = {"grow_groups": False}
COUNT = "grown"
RELEASE = True  # a growth the joined cosine rejects releases the pieces it claimed: the pass runs once more without it


def enabled(st) -> bool:
    # groups beyond max_group are long groups: a user who switches those off (long_group 0, or max_group under 4)
    # gets no grown groups either
    return st.grow_groups and long_group_of(st) > 0


def run(alignment: list[Alignment], doc: Doc) -> tuple[list[Alignment], int]:
    out, n, rejected = grow_round(alignment, doc, frozenset())
    if rejected and RELEASE:
        # a growth the joined cosine rejected had claimed its pieces before the neighbouring group could: once more,
        # with the rejected beads not growing, so that the pieces are free for the neighbour; a released reference
        # sentence was judged a doubtful piece once, and joins only on the strict evidence (a hidden omission)
        out, k, _ = grow_round(out, doc, frozenset(rejected), strict_ref=True)
        n += k
    return _finish(out, doc, n)


def _finish(out: list[Alignment], doc: Doc, n: int) -> tuple[list[Alignment], int]:
    """After the growth (a grown group's edge meets its neighbour's): the joint edge, hand-over, the joint edge again
    (a hand-over can make a long group of a 1-2), then edge seeds."""
    if joint_edge.JOINT_EDGE:
        out, k = joint_edge.joint_edges(out, doc)
        n += k
    if hand_over.HAND_OVER:
        out, k = hand_over.hand_over(out, doc)
        n += k
        if k and joint_edge.JOINT_EDGE and joint_edge.JOINT_AGAIN:
            out, k = joint_edge.joint_edges(out, doc)
            n += k
    if edge_seed.EDGE_SEED:
        out, k = edge_seed.edge_seed(out, doc)
        n += k
    return out, n
