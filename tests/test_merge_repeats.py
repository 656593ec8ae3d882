"""One defect, one finding: the repeats bench/repeats.py found on the 72 pinned pairs and qualcheck/merge.py folds,
on the MQM TED sentences they came from (bench/README.md, "One defect, one finding: the repeats left")."""
from __future__ import annotations

from qualcheck import check

# talk.9 segs 768-770, ref / Facebook-AI: `Scandinavian countries` rendered `Northern Europe`
NORTH_REF = ("And at the more unequal end, fathers' income is much more important -- in the UK, USA. And in Scandinavian "
             "countries, fathers' income is much less important. There's more social mobility.")
NORTH_CAND = ("On the more unequal side, the father's income is more important - for example, in the UK and the US. In "
              "Northern Europe, the father's income is less important. There is more social mobility there.")


def _top(report):
    return [(f.category, f.severity, sorted(x["category"] for x in f.related)) for f in report.findings]


def test_a_mismatch_that_names_an_unknown_name_is_that_names_defect(encoder):
    """The pair's mismatch names `Northern` among the words that differ most, the name check reports `Northern Europe`
    as not named in the reference: one finding, the name's, the mismatch in its related."""
    r = check(NORTH_REF, NORTH_CAND, encoder=encoder)
    assert _top(r) == [("name.unknown", "minor", ["mismatch"])]


def test_a_mismatch_that_names_an_appeared_figure_is_that_figures_defect(encoder):
    """talk.6 segs 489-491 (Facebook-AI): the mismatch names `desert lilies, a genus of half-day flowers`; the figure
    check reports `half day` (major): one finding at the figure's severity."""
    r = check("So what is an insect seeing? Last week I took these pictures of rock rose, helianthemum, in Dorset. "
              "These are little yellow flowers like we all see, little yellow flowers all over the place.",
              "So what do insects see? Last week I took these pictures of desert lilies, a genus of half-day flowers, "
              "in Dorset. As we can see, these are little yellow flowers, and these little yellow flowers are "
              "everywhere.", encoder=encoder)
    assert _top(r) == [("number.appeared", "major", ["mismatch"])]


def test_a_mismatch_that_names_other_words_stays_beside_the_unknown_name(encoder):
    """talk.5 segs 370-372 (NiuTrans): the mismatch names `like` / `want`, `took`; the unknown name `Kekertsuatsiak`
    (folded into the missing `Qeqetarsuaq`) is another reading of the pair: both stay."""
    r = check("And some of the ice is over 100000 years old. The last pictures I'd like to show you are of an iceberg "
              "that I photographed in Qeqetarsuaq, Greenland. It's a very rare occasion that you get to actually "
              "witness an iceberg rolling.",
              "Some ice is more than a hundred thousand years old. The last image I want to show you is an iceberg I "
              "took on Kekertsuatsiak in Greenland. This is a very rare opportunity for everyone to actually witness "
              "an iceberg tumble.", encoder=encoder)
    cats = _top(r)
    assert ("mismatch", "minor", []) in cats
    assert ("name.missing", "minor", ["name.unknown"]) in cats


def test_a_sentence_cut_off_at_a_stray_stop_is_one_fragment(encoder):
    """talk.6 segs 456-458 (SMU): `couldn't help but. Flying into it`: the sentence ends on `but` (fragment.incomplete)
    and one sentence is split in two at the same stop (fragment.run_together); the two spans overlap without one
    holding the other: one defect."""
    r = check("It's really horrible. And blowflies just can't help themselves. They fly into this thing, and they fly "
              "all the way down it.",
              "That's terrible. The green-headed fly couldn't help but. Flying into it, flying all the way into it.",
              encoder=encoder)
    assert _top(r) == [("fragment.incomplete", "major", ["fragment.run_together"])]


def test_one_defect_is_the_whole_group(encoder):
    """talk.2 segs 105-107 (Online-W): the added `A giant black shadow.` is an addition.partial, a verbless
    fragment.incomplete (its sentence, same text) and a fragment.run_together at the stop before it (which overlaps
    the fragment, not the added words): all one defect, found through the fragment."""
    r = check("These are the natural curves in space. What Einstein did not realize was that, if you took our Sun and "
              "you crushed it down to six kilometers -- so you took a million times the mass of the Earth and you "
              "crushed it to six kilometers across, you would make a black hole, an object so dense that if light "
              "veered too close, it would never escape -- a dark shadow against the universe. But Einstein always "
              "thought black holes were a mathematical oddity.",
              "This is the natural curve of the universe. But Einstein didn't realize that if you take the sun and "
              "compress it into a ball 6 kilometers in diameter - that is, if you take matter that is a million times "
              "the mass of the Earth and compress it into a ball 6 kilometers in diameter - you will create a black "
              "hole, an object so dense that if light gets too close to it, it won't be able to escape - leaving a "
              "huge black shadow in the universe. A giant black shadow. But Einstein always thought that a black hole "
              "was just a mathematical singularity.", encoder=encoder)
    (add,) = [f for f in r.findings if "giant black shadow" in f.message]
    assert add.category == "addition.partial" and add.severity == "major"
    assert sorted(x["category"] for x in add.related)[:2] == ["fragment.incomplete", "fragment.run_together"]
    assert not [f for f in r.findings if f.category.startswith("fragment.")]
    # the pair's mismatch is folded into one of its word findings (the added run, or the extra `huge black` the
    # candidate's repeated word leaves over since branch clause), never left standing alone
    assert not [f for f in r.findings if f.category == "mismatch"]
    assert any(x["category"] == "mismatch" for f in r.findings for x in f.related)
