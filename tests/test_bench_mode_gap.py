"""bench/align.py --mode-gap reads the default mode's sentence links at the truth's own units (the segments)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from align import Score, UnitScore, gold_groups, side_of  # noqa: E402


def _units(texts):
    return [(t, frozenset([k])) for k, t in enumerate(texts)]


def test_a_correct_finer_alignment_inside_a_segment_is_not_an_error():
    # segment 0 holds two sentences on both sides; the right answer pairs them 1-1
    ref = _units(["The Sun burns our eyes. We see the Moon.", "Black holes are real."])
    cand = _units(["The strong sun is dazzling. We can see the moon.", "Black holes really exist."])
    rs, cs = side_of(ref, True), side_of(cand, True)
    assert len(rs.texts) == len(cs.texts) == 3
    beads = [(frozenset([0]), frozenset([0])), (frozenset([1]), frozenset([1])), (frozenset([2]), frozenset([2]))]
    at_sentences, at_segments = Score(), UnitScore()
    at_sentences.add(beads, gold_groups(rs.ids, cs.ids))
    at_segments.add(beads, rs, cs)
    assert at_segments.prf()[2] == 1.0
    assert at_sentences.links()[2] < 1.0  # the old reading: the 2-2 group's two cross links count as missed


def test_a_sentence_across_two_segments_links_both_and_the_wrong_one_is_false():
    # the candidate's first line ends in a comma and the next goes on in lower case: its running text is one sentence
    # across segments 0 and 1 (a capitalised sentence starter there would be a comma splice, split by segment.SPLICE)
    ref = _units(["The Sun burns our eyes.", "We see the Moon.", "Black holes are real."])
    cand = _units(["The strong sun is so dazzling,", "and we can see the moon.", "Black holes really exist."])
    rs, cs = side_of(ref, True), side_of(cand, True)
    assert cs.unit_sets[0] == frozenset([0, 1]) and cs.joined(0)
    u = UnitScore()
    u.add([(frozenset([1]), frozenset([0])), (frozenset([2]), frozenset([1]))], rs, cs, "t/s")
    assert (u.tp, u.pred, u.gold) == (2, 3, 3)  # (1, 0) is false, (0, 0) missed
    assert {e[4] for e in u.errors} == {"join, no sentence end"}
    assert u.ceiling()[2] < 1.0  # the sentence-level truth, read at the segments, pays for the join too
