"""The consistency check: one reference sentence rendered two ways, one candidate sentence standing
for two different reference sentences (checks/consistency.py), run through the real pipeline."""
import pytest

from qualcheck import check

REF = ("The minister said the talks would continue next week. Farmers protested outside the parliament on Monday. "
       "The minister said the talks would continue next week. Prices of grain rose by a tenth in March.")


def _consistency(ref: str, cand: str, encoder):
    report = check(ref, cand, encoder=encoder, checks=["consistency"])
    pairs = [(a.ref, a.cand) for a in report.alignment if a.is_pair]
    return report, pairs, [f for f in report.findings if f.category == "consistency"]


def test_one_reference_sentence_rendered_two_ways(encoder):
    cand = ("The minister said the talks would go on next week. Farmers demonstrated outside parliament on Monday. "
            "The minister stated that the negotiations would resume next week. Grain prices rose by a tenth in March.")
    report, pairs, found = _consistency(REF, cand, encoder)
    assert pairs == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]  # the premise: aligned 1-1
    assert len(found) == 1
    f = found[0]
    assert f.severity == "minor" and f.side == "both"
    assert "rendered 2 different ways" in f.message
    assert "would go on next week" in f.message and "would resume next week" in f.message
    c = report.candidate
    assert f.cand_span == c.group_span((0,)) and f.occurrences == [c.group_span((2,))]
    assert f.ref_text == report.reference.group_text((0,))


def test_one_candidate_sentence_for_two_reference_sentences(encoder):
    ref = ("The president visited the flooded towns on Tuesday. Rescue teams worked through the night. "
           "The president toured the flooded villages on Tuesday. The rain is expected to stop on Friday.")
    cand = ("The president visited the flooded towns on Tuesday. Rescue teams worked all night long. "
            "The president visited the flooded towns on Tuesday. Rain should stop on Friday.")
    report, pairs, found = _consistency(ref, cand, encoder)
    assert ((0,), (0,)) in pairs and ((2,), (2,)) in pairs
    assert len(found) == 1
    assert "stands for 2 different reference sentences" in found[0].message
    assert "visited the flooded towns" in found[0].message and "toured the flooded villages" in found[0].message


@pytest.mark.parametrize("second", [
    "The minister said the talks would go on next week.",
    "the minister said  the talks would GO ON next week.",  # case and spacing aside: the same rendering
])
def test_the_same_rendering_twice_is_consistent(second, encoder):
    cand = ("The minister said the talks would go on next week. Farmers demonstrated outside parliament on Monday. "
            f"{second} Grain prices rose by a tenth in March.")
    _, pairs, found = _consistency(REF, cand, encoder)
    assert ((2,), (2,)) in pairs
    assert found == []


def test_short_repeats_are_not_a_signal(encoder):
    ref = "He agreed. The dam was closed in May. He agreed. The river fell by two metres."
    cand = "He said yes. The dam was shut in May. He agreed. The river dropped two metres."
    _, pairs, found = _consistency(ref, cand, encoder)
    assert ((0,), (0,)) in pairs and ((2,), (2,)) in pairs  # "He agreed." rendered two ways, but 2 words
    assert found == []
