"""Pass ``grow_groups`` (issue 24): long splits and merges grown by the words the other side holds, a 3-sentence merge
the DP left as a pair and two omissions, and a verbatim piece that outranks a paraphrase's cosine. Real sentences
(TED talk 2 of ../shared/bench: its reference against MT output, sentences joined at clause boundaries as
bench/align.py's SP / MG scenarios do) and the real model; each case aligns differently with the pass off."""
from __future__ import annotations

import numpy as np
import pytest
from test_align import _check_cover, _pairs

from qualcheck.align import AlignSettings, align
from qualcheck.align.common import Background, Doc
from qualcheck.align.passes import grow_groups
from qualcheck.types import ADDITION, MATCH, OMISSION, Alignment

OFF = AlignSettings(grow_groups=False)


@pytest.fixture(scope="module")
def enc(encoder):
    return encoder.encode


# SP: one reference sentence (five joined at clause boundaries) that DIDI-NLP's translation says in five sentences
SPLIT5_REF = [
    'But the sound is too quiet for any of us to ever hear.',
    'There are very industrious experiments being built on Earth -- one called LIGO -- which will detect deviations in '
    'the squeezing and stretching of space at less than the fraction of a nucleus of an atom over four kilometers.',
    "It's a remarkably ambitious experiment, and it's going to be at advanced sensitivity within the next few years -- "
    "to pick this up; there's also a mission proposed for space, which hopefully will launch in the next ten years, "
    'called LISA; and LISA will be able to see super-massive black holes -- black holes millions or billions of times '
    "the mass of the Sun; in this Hubble image, we see two galaxies; they look like they're frozen in some embrace.",
    'And each one probably harbors a super-massive black hole at its core.',
    "But they're not frozen; they're actually merging.",
]
SPLIT5_CAND = [
    "But these sounds are so small that we can't hear them at all.",
    'There are some experiments in the world that require a lot of effort to build-one of them is called LIGO-which '
    'will be able to detect spatial vibrations that are less than the range of a nucleus at a distance of every four '
    'kilometers.',
    'This is a very bold attempt, and its sensitivity will not be surpassed in the next few years-it will be used to '
    'detect spatial vibration.',
    'Another research project on the universe is expected to be launched in the next ten years. This project is called '
    'LISA.',
    'LISA will be able to see supermassive black holes-those that are millions or even billions of times the mass of '
    'the sun.',
    'In the image returned from the Hubble Telescope, we see these two galaxies.',
    'It looks like they are still hugging each other.',
    'There may be a huge super black hole in their center.',
    'But they are not standing still, in fact they are merging.',
]


def test_a_quotation_split_into_five_sentences_is_one_group(enc):
    on, off = align(SPLIT5_REF, SPLIT5_CAND, enc), align(SPLIT5_REF, SPLIT5_CAND, enc, OFF)
    _check_cover(on, len(SPLIT5_REF), len(SPLIT5_CAND))
    assert ((2,), (2, 3, 4, 5, 6)) in _pairs(on)
    assert not [a for a in on.alignment if not a.is_pair]  # no false addition left
    assert on.extra["grown"] == 1
    # without the pass the first piece ("This is a very bold attempt ...") is a false addition
    assert ((2,), (3, 4, 5, 6)) in _pairs(off) and any(a.kind == ADDITION and a.cand == (2,) for a in off.alignment)


# MG: six reference sentences MiSS's translation says in one (joined at clause boundaries)
MERGE_REF = [
    "And if you can see -- it's kind of faint -- but if you can see the red waves emanating out, those are the "
    'gravitational waves.',
    "They're literally the sounds of space ringing, and they will travel out from these black holes at the speed of "
    'light as they ring down and coalesce to one spinning, quiet black hole at the end of the day.',
    'If you were standing near enough, your ear would resonate with the squeezing and stretching of space.',
    'You would literally hear the sound.',
    "Now of course, your head would be squeezed and stretched unhelpfully, so you might have trouble understanding "
    "what's going on.",
    "But I'd like to play for you the sound that we predict.",
    'This is from my group -- a slightly less glamorous computer modeling.',
    'Imagine a lighter black hole falling into a very heavy black hole.',
    "The sound you're hearing is the light black hole banging on space each time it gets close.",
    "If it gets far away, it's a little too quiet.",
]
MERGE6_CAND = [
    'As you can see-it may be a little fuzzy-you can see that red waves are emitted, and these are gravitational waves.',
    'They are real cosmic sounds, which will propagate outward from these black holes at the speed of light as they '
    'merge with each other until the two black holes merge into one quietly rotating black hole.',
    'If you stand close enough, your ears will resonate with the squeezing and stretching of these spaces; you can '
    'really hear these sounds with your own ears; of course, you will helplessly find that your head is also squeezed '
    'and stretched, so you may not understand what happened; but I would like to play you the sound we predicted; this '
    "is the result of my team's research-a relatively simple calculation model; imagine a smaller black hole falling "
    'into a larger black hole.',
    'The sound you hear comes from the collision between a small-mass black hole and space as it approaches a '
    'large-mass black hole.',
    'If they are far away, the sound will be very low.',
]
# the same story with only the first three of those sentences merged into one
MERGE3_CAND = MERGE6_CAND[:2] + [
    'If you stand close enough, your ears will resonate with the squeezing and stretching of these spaces; you can '
    'really hear these sounds with your own ears; of course, you will helplessly find that your head is also squeezed '
    'and stretched, so you may not understand what happened.',
    'But I would like to play you the sound we predicted.',
    "This is the result of my team's research-a relatively simple calculation model.",
    'Imagine a smaller black hole falling into a larger black hole.',
] + MERGE6_CAND[3:]


def test_six_sentences_merged_into_one_are_one_group(enc):
    on, off = align(MERGE_REF, MERGE6_CAND, enc), align(MERGE_REF, MERGE6_CAND, enc, OFF)
    _check_cover(on, len(MERGE_REF), len(MERGE6_CAND))
    assert ((2, 3, 4, 5, 6, 7), (2,)) in _pairs(on)
    assert not [a for a in on.alignment if not a.is_pair]  # no false omission
    assert ((2, 3, 4, 5), (2,)) in _pairs(off)  # the DP's 4-1 and two false omissions


def test_three_sentences_merged_into_one_are_one_group(enc):
    on, off = align(MERGE_REF, MERGE3_CAND, enc), align(MERGE_REF, MERGE3_CAND, enc, OFF)
    _check_cover(on, len(MERGE_REF), len(MERGE3_CAND))
    assert ((2, 3, 4), (2,)) in _pairs(on)
    assert not [a for a in on.alignment if not a.is_pair]
    # the DP pairs the first sentence alone; "You would literally hear the sound." and "Now of course, your head ..."
    # are false omissions without the pass
    assert ((2,), (2,)) in _pairs(off)
    assert {a.ref for a in off.alignment if a.kind == OMISSION} == {(3,), (4,)}


def test_a_sentence_whose_words_the_group_does_not_hold_stays_apart(enc):
    """Strangers from another story beside a pair never join it (nothing in the pair's sentence covers them)."""
    ref = MERGE_REF[:3]
    cand = MERGE6_CAND[:2] + ["If you stand close enough, your ears will resonate with the squeezing and stretching of "
                              "these spaces.", "The council approved the budget on Tuesday.",
                              "Parking fees will rise next year."]
    res = align(ref, cand, enc)
    assert ((2,), (2,)) in _pairs(res)
    assert {a.cand for a in res.alignment if a.kind == ADDITION} == {(3,), (4,)}


def _doc(ref, cand, enc, st=None):
    R = np.asarray(enc(ref), np.float32)
    C = np.asarray(enc(cand), np.float32)
    bg = Background(np.zeros(len(R), np.float32), np.zeros(len(C), np.float32), 0.0, 0.1, np.zeros(8, np.float32))
    return Doc(ref, cand, R, C, enc, st or AlignSettings(), bg), R, C


# a verbatim piece: "Water ice is strong enough to hold up big mountains." is word for word inside the reference's
# second sentence; the next reference sentence (left over) is a paraphrase of it, more similar by cosine
VERB_REF = [
    "New pictures from the spacecraft show tall mountains on Pluto.",
    "Scientists think the peaks are frozen water, because water ice is strong enough to hold up big mountains.",
    "Water ice is tough enough to support large mountains, they say.",
    "The spacecraft took nine years to reach Pluto.",
]
VERB_CAND = [
    "New pictures from the spacecraft show tall mountains on Pluto.",
    "Scientists believe the peaks are made of frozen water.",
    "Water ice is strong enough to hold up big mountains.",
    "The spacecraft needed nine years to get to Pluto.",
]


def test_a_verbatim_piece_joins_the_sentence_that_holds_it_over_a_closer_paraphrase(enc):
    doc, R, C = _doc(VERB_REF, VERB_CAND, enc)
    # the paraphrase is the piece's most similar reference sentence: by cosine alone it would go there
    assert float(R[2] @ C[2]) > float(R[1] @ C[2])
    dp = [Alignment((0,), (0,), MATCH, 0.99, 0.9), Alignment((1,), (1,), MATCH, float(R[1] @ C[1]), 0.8),
          Alignment((), (2,), ADDITION), Alignment((2,), (), OMISSION), Alignment((3,), (3,), MATCH, 0.95, 0.9)]
    out, n = grow_groups.run(dp, doc)
    assert n == 1
    assert [(a.ref, a.cand) for a in out if a.is_pair][1] == ((1,), (1, 2))
    assert any(a.kind == OMISSION and a.ref == (2,) for a in out)
    # the same piece reworded (no longer verbatim): the left-over paraphrase holds its words as well as the long
    # sentence does, so the words do not decide and it stays an addition
    cand = VERB_CAND[:2] + ["Frozen water is tough enough to carry large peaks."] + VERB_CAND[3:]
    doc2, R2, C2 = _doc(VERB_REF, cand, enc)
    out2, n2 = grow_groups.run(dp, doc2)
    assert n2 == 0 and any(a.kind == ADDITION and a.cand == (2,) for a in out2)
