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
from qualcheck.align.passes.grow_groups import clauses, edge_seed, growth, hand_over, joint_edge, pieces
from qualcheck.types import ADDITION, MATCH, MOVED, OMISSION, Alignment

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


# --- residual words, hand-over, edge seed (branch groups, 2026-12-01 evening). Real sentences of talk 2: its
# reference (sentences joined at clause boundaries as bench/align.py's SP scenario does) against MT output.

# "You can really hear them with your own ears." shares one content word ("hear") with the long reference sentence,
# under cover_min; the pair before it ("your ears will resonate") holds "ears" too, but its own reference says it
# already, so only the long sentence gains from it
RESID_REF = [
    "They're literally the sounds of space ringing, and they will travel out from these black holes at the speed of "
    "light as they ring down and coalesce to one spinning, quiet black hole at the end of the day.",
    "If you were standing near enough, your ear would resonate with the squeezing and stretching of space.",
    "You would literally hear the sound; now of course, your head would be squeezed and stretched unhelpfully, so you "
    "might have trouble understanding what's going on; but I'd like to play for you the sound that we predict; this "
    "is from my group -- a slightly less glamorous computer modeling; imagine a lighter black hole falling into a "
    "very heavy black hole.",
    "The sound you're hearing is the light black hole banging on space each time it gets close.",
    "If it gets far away, it's a little too quiet.",
]
RESID_CAND = [
    "They are the real cosmic voices that will travel outward at the speed of light from the black holes as they fuse "
    "each other until the two merge to form a quietly spinning black hole.",
    "If you stand close enough, your ears will resonate with the squeeze and stretching of these spaces.",
    "You can really hear them with your own ears.",
    "Of course, you'll helplessly find your head also being squeezed and stretched, so you may not be able to "
    "understand what's going on.",
    "But I'd like to play the voice of our prediction for you.",
    "This is the result of my team's research - a relatively simple calculation model.",
    "Imagine a less massive black hole falling into a more massive black hole.",
    "The sound you hear comes from the collision of a small-mass black hole with space as it approaches a massive "
    "black hole.",
    "If they are very far apart, the sound can be very small.",
]


def test_a_piece_under_cover_min_joins_by_the_words_its_group_does_not_say(enc, monkeypatch):
    from qualcheck.cover import residual
    # what the piece adds: "hear" to the long sentence (its other pieces do not say it), nothing to the pair before
    assert residual(RESID_CAND[2], RESID_REF[2], tuple(RESID_CAND[3:7])) == 1
    assert residual(RESID_CAND[2], RESID_REF[1], (RESID_CAND[1],)) == 0
    on = align(RESID_REF, RESID_CAND, enc)
    assert ((2,), (2, 3, 4, 5, 6)) in _pairs(on)
    monkeypatch.setattr(pieces, "RESIDUAL", False)
    monkeypatch.setattr(clauses, "CLAUSES", False)  # which finds this piece too (its clause)
    off = align(RESID_REF, RESID_CAND, enc)
    assert ((2,), (2, 3, 4, 5, 6)) not in _pairs(off)
    assert any(a.kind == ADDITION and a.cand == (2,) for a in off.alignment)


# "Both black holes are moving." ends the long reference sentence; the DP gave it to the next pair, whose reference
# ("getting closer together") its partner already says in full
HAND_REF = [
    "It's sort of like ding, ding, ding.",
    "This is another sound from my group; no, I'm not showing you any images, because black holes don't leave behind "
    "helpful trails of ink, and space is not painted, showing you the curves; but if you were to float by in space on "
    "a space holiday and you heard this, you want to get moving; (Laughter) Want to get away from the sound; both "
    "black holes are moving.",
    "Both black holes are getting closer together.",
]
HAND_CAND = [
    "It sounds like, ding, ding, ding.",
    "This is another sound simulated by our research team.",
    "I'm not going to show you images here, because black holes don't leave any useful traces, and real space doesn't "
    "show you those virtual curves.",
    "But if you hear this sound when you are on vacation in the universe, I suggest you run quickly.",
    "(Laughter) Better get away from the sound as soon as possible.",
    "Both black holes are moving.",
    "The two black holes are approaching each other.",
]


def test_an_edge_piece_passes_to_the_neighbouring_group_it_says_more_of(enc, monkeypatch):
    doc, R, C = _doc(HAND_REF, HAND_CAND, enc)
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9),
          Alignment((1,), (1, 2, 3, 4), MATCH, 0.76, 0.6),
          Alignment((2,), (5, 6), MATCH, 0.83, 0.7)]
    out, n = grow_groups.run(dp, doc)
    assert [(a.ref, a.cand) for a in out] == [((0,), (0,)), ((1,), (1, 2, 3, 4, 5)), ((2,), (6,))]
    assert n == 1
    monkeypatch.setattr(hand_over, "HAND_OVER", False)
    monkeypatch.setattr(joint_edge, "JOINT_EDGE", False)  # which finds this one too (the words, jointly)
    out_off, _ = grow_groups.run(dp, doc)
    assert [(a.ref, a.cand) for a in out_off][2] == ((2,), (5, 6))


# the DP paired three reference sentences with one candidate sentence (a 3-1 on the neighbour); the third is a
# sentence the candidate says in six, left as additions
EDGE_REF = [
    "And we can predict what the sound will be.",
    "We know that, as it falls in, it gets faster and it gets louder.",
    "And eventually, we're going to hear the little guy just fall into the bigger guy.",
    "Now I've never heard it that loud -- it's actually more dramatic; at home it sounds kind of anticlimactic; it's "
    "sort of like ding, ding, ding; this is another sound from my group; no, I'm not showing you any images, because "
    "black holes don't leave behind helpful trails of ink, and space is not painted, showing you the curves; but if "
    "you were to float by in space on a space holiday and you heard this, you want to get moving.",
    "(Laughter) Want to get away from the sound.",
]
EDGE_CAND = [
    "We can predict what this sound will become.",
    "We know that in the process of falling, the small-mass black hole will get faster and faster, and the sound will "
    "be louder.",
    "Eventually, we will hear that the small black hole has completely fallen into the big black hole.",
    "I never thought this sound was so loud-it was actually amplified here.",
    "When I listened to it at home, I felt that the sound was a bit weak.",
    "It sounds like, Ding, Ding, Ding.",
    "This is another sound simulated by our research team.",
    "I will not show you images here, because black holes will not leave any useful traces, and real space will not "
    "show you those virtual curves.",
    "But if you hear this sound when you are on vacation in the universe, I suggest you run quickly.",
    "(Laughs) It's best to stay away from this sound.",
]


def test_a_run_of_pieces_takes_the_edge_member_of_the_neighbouring_group(enc, monkeypatch):
    doc, R, C = _doc(EDGE_REF, EDGE_CAND, enc)
    dp = ([Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1, 2, 3), (1,), MATCH, 0.76, 0.8)]
          + [Alignment((), (j,), ADDITION) for j in range(2, 9)] + [Alignment((4,), (9,), MATCH, 0.77, 0.9)])
    out, n = grow_groups.run(dp, doc)
    pairs = [(a.ref, a.cand) for a in out if a.is_pair]
    assert ((3,), (3, 4, 5, 6, 7, 8)) in pairs  # the six pieces, with the sentence the 3-1 had taken
    assert ((1, 2), (1,)) in pairs
    # "Eventually, we will hear ..." is the remaining member's ("And eventually, we're going to hear ..."): not taken
    assert any(a.kind == ADDITION and a.cand == (2,) for a in out)
    monkeypatch.setattr(edge_seed, "EDGE_SEED", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((1, 2, 3), (1,)) in [(a.ref, a.cand) for a in out_off]


# held-out talk 6 (ref against refB), two sentences the second translation says in one: the second shares two words
# ("amazing", "thing") that the pair's reference sentence does not say, though its cosine with the long sentence is
# low; the strict rule for a reference sentence joining a 1-1 accepts them (STRICT_RESIDUAL)
BRAZIL_REF = [
    "For anyone here from Brazil, you'll know about this plant.",
    "This is the most amazing thing.",
    "That sort of phallic bit there is about a foot long.",
]
BRAZIL_CAND = [
    "Anyone here from Brazil surely knows about this plant; it is the most amazing thing.",
    "Its stamen is about a foot long.",
]


def test_a_reference_sentence_joins_a_pair_by_two_words_its_partner_does_not_say(enc, monkeypatch):
    doc, R, C = _doc(BRAZIL_REF, BRAZIL_CAND, enc)
    assert float(R[1] @ C[0]) < AlignSettings().long_member_similarity  # the cosine alone would not do
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1,), (), OMISSION),
          Alignment((2,), (1,), MATCH, float(R[2] @ C[1]), 0.9)]
    out, n = grow_groups.run(dp, doc)
    assert [(a.ref, a.cand) for a in out] == [((0, 1), (0,)), ((2,), (1,))]
    monkeypatch.setattr(pieces, "STRICT_RESIDUAL", False)
    monkeypatch.setattr(clauses, "CLAUSES", False)  # which finds this piece too (its clause)
    out_off, _ = grow_groups.run(dp, doc)
    assert any(a.kind == OMISSION and a.ref == (1,) for a in out_off)
    # a stranger sharing the same two words with its neighbours (the story's topic) is no evidence
    ref = BRAZIL_REF[:2] + ["The most amazing thing about it is its heat."]
    doc2, _, _ = _doc(ref, BRAZIL_CAND, enc)
    monkeypatch.setattr(pieces, "STRICT_RESIDUAL", True)
    out2, _ = grow_groups.run(dp, doc2)
    assert any(a.kind == OMISSION and a.ref == (1,) for a in out2)


# MG, talk 2 (reference against one MT system), five reference sentences that the candidate merges into one: the DP
# paired the first four with it and the fifth, "Both black holes are moving.", with the next candidate sentence,
# leaving that sentence's own reference ("... getting closer together.") as an omission
JOINT_REF = [
    "It's sort of like ding, ding, ding.",
    'This is another sound from my group.',
    "No, I'm not showing you any images, because black holes don't leave behind helpful trails of ink, and space "
    'is not painted, showing you the curves.',
    'But if you were to float by in space on a space holiday and you heard this, you want to get moving.',
    '(Laughter) Want to get away from the sound.',
    'Both black holes are moving.',
    'Both black holes are getting closer together.',
    "In this case, they're both wobbling quite a lot.",
]
JOINT_CAND = [
    'It sounds like, Ding, Ding, Ding.',
    'This is another voice simulated by our research team; I will not show you images here, because black holes '
    'will not leave any useful traces, and real space will not show you those virtual curves; but if you hear this '
    "sound when you are on vacation in the universe, I suggest you run quickly; (Laughs) It's best to stay away "
    'from this sound; both black holes are moving.',
    'The two black holes are approaching each other.',
    'In this case, they are shaking violently.',
]


def test_a_long_group_takes_its_neighbours_edge_when_the_neighbourhood_finds_more_words(enc, monkeypatch):
    doc, R, C = _doc(JOINT_REF, JOINT_CAND, enc)
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1, 2, 3, 4), (1,), MATCH, 0.81, 0.8),
          Alignment((5,), (2,), MATCH, float(R[5] @ C[2]), 0.8), Alignment((6,), (), OMISSION),
          Alignment((7,), (3,), MATCH, float(R[7] @ C[3]), 0.9)]
    old = [(b.ref, b.cand) for b in dp[1:4]]
    new = [((1, 2, 3, 4, 5), (1,)), ((6,), (2,))]
    assert joint_edge.cover_total(new, doc) > joint_edge.cover_total(old, doc)
    out, n = grow_groups.run(dp, doc)
    assert [(a.ref, a.cand) for a in out] == [((0,), (0,))] + new + [((7,), (3,))]
    monkeypatch.setattr(joint_edge, "JOINT_EDGE", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((5,), (2,)) in [(a.ref, a.cand) for a in out_off]
    assert any(a.kind == OMISSION and a.ref == (6,) for a in out_off)


# MG, talk 2, another system: the DP's 2-1 on the neighbour took the merge's last piece ("But Einstein always thought
# black holes were a mathematical oddity."), whose words the merged sentence holds and the neighbour's does not
SHRINK_REF = [
    "It was Einstein's great general theory of relativity.",
    'Now even light will be bent by those paths.',
    "And you can be bent so much that you're caught in orbit around the Sun, as the Earth is, or the Moon around "
    'the Earth.',
    'These are the natural curves in space.',
    'What Einstein did not realize was that, if you took our Sun and you crushed it down to six kilometers -- so '
    'you took a million times the mass of the Earth and you crushed it to six kilometers across, you would make a '
    'black hole, an object so dense that if light veered too close, it would never escape -- a dark shadow against '
    'the universe.',
    'But Einstein always thought black holes were a mathematical oddity.',
    'He did not believe they existed in nature.',
    'He thought nature would protect us from their formation.',
]
SHRINK_CAND = [
    "This is Einstein's great general theory of relativity.",
    'Even the path of light can be bent; when the bending is large enough, it will revolve around the orbit of the '
    "sun's motion, just as the earth revolves around the sun and the moon revolves around the earth; this is a "
    "natural curve in the universe; but Einstein didn't realize that if you squeezed the sun into a sphere six "
    'kilometers in diameter - that is, if you squeezed a million times the mass of the Earth into a sphere six '
    'kilometers in diameter, you would create a black hole, an object so dense that if light got too close to it, '
    "it wouldn't be able to escape - leaving a huge black shadow in the universe; however, Einstein always "
    'believed that a black hole is just a mathematical singularity.',
    "He doesn't believe that black holes really exist.",
    'He believes that nature will prevent the formation of black holes to protect us.',
]


def test_a_long_group_takes_the_first_member_of_a_neighbouring_two_one(enc, monkeypatch):
    doc, R, C = _doc(SHRINK_REF, SHRINK_CAND, enc)
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1, 2, 3, 4), (1,), MATCH, 0.84, 0.8),
          Alignment((5, 6), (2,), MATCH, 0.71, 0.8), Alignment((7,), (3,), MATCH, float(R[7] @ C[3]), 0.9)]
    out, n = grow_groups.run(dp, doc)
    assert [(a.ref, a.cand) for a in out][1:3] == [((1, 2, 3, 4, 5), (1,)), ((6,), (2,))]
    monkeypatch.setattr(joint_edge, "JOINT_EDGE", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert [(a.ref, a.cand) for a in out_off][1:3] == [((1, 2, 3, 4), (1,)), ((5, 6), (2,))]


# SP, held-out talk 1 (ref against refB): the pair before the split claimed its first two pieces, then its joined
# cosine fell too far and it kept neither; the split's own group could not take them any more
RELEASE_REF = [
    'Where a country is is a sort of average score on these things.',
    "And there, you see it in relation to the measure of inequality I've just shown you, which I shall use over "
    'and over again in the data.',
    "The more unequal countries are doing worse on all these kinds of social problems; it's an extraordinarily "
    'close correlation; but if you look at that same index of health and social problems in relation to GNP per '
    "capita, gross national income, there's nothing there, no correlation anymore; we were a little bit worried "
    "that people might think we'd been choosing problems to suit our argument and just manufactured this evidence, "
    'so we also did a paper in the British Medical Journal on the UNICEF index of child well-being; it has 40 '
    'different components put together by other people; it contains whether kids can talk to their parents, '
    "whether they have books at home, what immunization rates are like, whether there's bullying at school.",
    'Everything goes into it.',
    'Here it is in relation to that same measure of inequality.',
]
RELEASE_CAND = [
    "A country's score is generated averagely from these factors.",
    'You can see, these scores are related to the inequalities I demonstrated before and I will demonstrate these '
    'data repeatedly.',
    'The more inequality one country holds, the worse she performs on each kind of social issues.',
    'The relationship is strong.',
    'But if you observe the comparison of the same health and social issues and the average and total income index '
    'of citizens, then you will discover nothing, there is no longer any relationship.',
    'We are a little worried that people might think we chose certain issues to support our theory and proceeded '
    "to manually produce evidence. So, we have published an essay related to the UNICEF children's welfare index "
    'in the BMJ.',
    'It contains 40 different parts with summaries by others.',
    'It includes whether children can communicate with their parents, whether there are books at home, the '
    'immunization rate, and whether there is bullying at school.',
    'Everything is included.',
    'This is the relationship between that index and the same level of inequality.',
]


def test_pieces_a_rejected_growth_claimed_are_free_for_the_neighbouring_group(enc, monkeypatch):
    doc, R, C = _doc(RELEASE_REF, RELEASE_CAND, enc)
    joined = np.asarray(enc([" ".join(RELEASE_CAND[4:8])]), np.float32)[0]
    dp = ([Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1,), (1,), MATCH, float(R[1] @ C[1]), 0.8)]
          + [Alignment((), (j,), ADDITION) for j in (2, 3)]
          + [Alignment((2,), (4, 5, 6, 7), MATCH, float(R[2] @ joined), 0.8), Alignment((3,), (), OMISSION),
             Alignment((), (8,), ADDITION), Alignment((4,), (9,), MATCH, float(R[4] @ C[9]), 0.9)])
    out, n = grow_groups.run(dp, doc)
    assert ((2,), (2, 3, 4, 5, 6, 7)) in [(a.ref, a.cand) for a in out]
    assert ((1,), (1,)) in [(a.ref, a.cand) for a in out]
    monkeypatch.setattr(grow_groups, "RELEASE", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert {a.cand for a in out_off if a.kind == ADDITION} >= {(2,), (3,)}


# MG, talk 2, four reference sentences merged into one candidate sentence (which says every word of the second,
# "We know that, as it falls in, it gets faster and it gets louder."), next to a candidate sentence the DP left
# unpaired whose cosine with that piece is higher (0.470 against 0.457) though it holds none of its words; the piece
# is the merge's second clause (the rival by words, JOINT_RIVAL, which also found it, was removed: bench/README.md,
# "Groups: ablation of the fourth session's steps")
RIVAL_REF = [
    'But it comes in like a mallet, and it literally cracks space, wobbling it like a drum.',
    'And we can predict what the sound will be.',
    'We know that, as it falls in, it gets faster and it gets louder.',
    "And eventually, we're going to hear the little guy just fall into the bigger guy.",
    "Now I've never heard it that loud -- it's actually more dramatic.",
    'At home it sounds kind of anticlimactic.',
    "It's sort of like ding, ding, ding.",
]
RIVAL_CAND = [
    'But gradually the sound becomes like a drum hammer hitting the space, let the space vibrate like a drum.',
    'We can predict what that voice will look like; we know that in the process of falling, small-mass black '
    'holes get faster and louder; in the end, we will hear the small black hole completely falling into the big '
    "black hole; I never thought it was that loud - it's actually amplified here; when listening at home, I felt "
    'that the sound was a little weak.',
    'Sounds like Ding, Ding, Ding.',
]


def test_a_piece_joins_the_merge_whose_clause_it_is_over_a_more_similar_stranger(enc, monkeypatch):
    doc, R, C = _doc(RIVAL_REF, RIVAL_CAND, enc)
    assert float(C[0] @ R[2]) > float(C[1] @ R[2])  # the cosine says the stranger
    dp = ([Alignment((0,), (), OMISSION), Alignment((), (0,), ADDITION), Alignment((1,), (1,), MATCH, 0.66, 0.8)]
          + [Alignment((i,), (), OMISSION) for i in (2, 3, 4, 5)] + [Alignment((6,), (2,), MATCH, 0.71, 0.9)])
    out, n = grow_groups.run(dp, doc)
    assert any(a.cand == (1,) and 2 in a.ref for a in out)
    monkeypatch.setattr(clauses, "CLAUSES", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert any(a.kind == OMISSION and a.ref == (2,) for a in out_off)


# MG, talk 2, another system: a 1-1 whose candidate sentence merges four reference sentences; the first one after
# the pair, "You would literally hear the sound.", is a paraphrase (cosine 0.39, one word), the next two are said
# there nearly word for word; the paraphrase is the merge's second clause (the strict bridge, STRICT_BRIDGE, which also
# found it, was removed: bench/README.md, "Groups: ablation of the fourth session's steps")
BRIDGE_REF = [
    "They're literally the sounds of space ringing, and they will travel out from these black holes at the speed "
    'of light as they ring down and coalesce to one spinning, quiet black hole at the end of the day.',
    'If you were standing near enough, your ear would resonate with the squeezing and stretching of space.',
    'You would literally hear the sound.',
    'Now of course, your head would be squeezed and stretched unhelpfully, so you might have trouble '
    "understanding what's going on.",
    "But I'd like to play for you the sound that we predict.",
    'This is from my group -- a slightly less glamorous computer modeling.',
]
BRIDGE_CAND = [
    'They are the real cosmic voices that will travel outward at the speed of light from the black holes as they '
    'fuse each other until the two merge to form a quietly spinning black hole.',
    'If you stand close enough, your ears will resonate with the squeeze and stretching of these spaces; you can '
    "really hear them with your own ears; of course, you'll helplessly find your head also being squeezed and "
    "stretched, so you may not be able to understand what's going on; but I'd like to play the voice of our "
    'prediction for you.',
    "This is the result of my team's research - a relatively simple calculation model.",
]


def test_a_paraphrase_between_a_pair_and_the_pieces_of_its_merge_joins_by_its_clause(enc, monkeypatch):
    doc, R, C = _doc(BRIDGE_REF, BRIDGE_CAND, enc)
    dp = ([Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1,), (1,), MATCH, float(R[1] @ C[1]), 0.8)]
          + [Alignment((i,), (), OMISSION) for i in (2, 3, 4)] + [Alignment((5,), (2,), MATCH, 0.8, 0.9)])
    out, n = grow_groups.run(dp, doc)
    assert ((1, 2, 3, 4), (1,)) in [(a.ref, a.cand) for a in out]
    monkeypatch.setattr(clauses, "CLAUSES", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((1,), (1,)) in [(a.ref, a.cand) for a in out_off]


# SP, held-out talk 5 (ref against refB), one reference sentence of four clauses said in four sentences; the first,
# "I should explain what is happening.", shares no word with it and its cosine against the whole sentence is 0.11,
# but against its first clause ("But I should say a few words about what's going on") it is the piece's best match
CLAUSE_REF = [
    'And that seems to be the general picture -- that greater equality makes most difference at the bottom, but '
    'has some benefits even at the top.',
    "But I should say a few words about what's going on; I think I'm looking and talking about the psychosocial "
    'effects of inequality; more to do with feelings of superiority and inferiority, of being valued and '
    'devalued, respected and disrespected; and of course, those feelings of the status competition that comes '
    'out of that drives the consumerism in our society.',
    'It also leads to status insecurity.',
]
CLAUSE_CAND = [
    'It seems that on the whole - the difference shown at the bottom of society with relatively more equality is '
    'the most obvious, but the upper class of society also showed some advantages.',
    'I should explain what is happening.',
    "I believe I am demonstrating and discussing the effects unequal society has on one's psychology.",
    'More is to focus on the sense of superiority and inferiority, being valued and being looked down on, being '
    'respected and being belittled.',
    'Of course, feelings generated through the competition of status speeded up the progress of consumerism in '
    'society.',
    'But it also led to uncertainty of status.',
]


def test_a_paraphrase_joins_the_group_whose_clause_it_translates(enc, monkeypatch):
    doc, R, C = _doc(CLAUSE_REF, CLAUSE_CAND, enc)
    assert float(R[1] @ C[1]) < 0.2
    joined = np.asarray(enc([" ".join(CLAUSE_CAND[2:5])]), np.float32)[0]
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((), (1,), ADDITION),
          Alignment((1,), (2, 3, 4), MATCH, float(R[1] @ joined), 0.8), Alignment((2,), (5,), MATCH, 0.47, 0.6)]
    out, n = grow_groups.run(dp, doc)
    assert ((1,), (1, 2, 3, 4)) in [(a.ref, a.cand) for a in out]
    monkeypatch.setattr(clauses, "CLAUSES", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert any(a.kind == ADDITION and a.cand == (1,) for a in out_off)


# SP, talk 2, another system: the DP's 1-3 on the neighbour took the first two pieces of the next sentence's split
# (four pieces); hand-over gives one back, which makes a long group that the joint edge can judge: the second piece
# ("When I listened to it at home, ...") says the split sentence's words, none of its neighbour's
AGAIN_REF = [
    "And eventually, we're going to hear the little guy just fall into the bigger guy.",
    "Now I've never heard it that loud -- it's actually more dramatic.",
    "At home it sounds kind of anticlimactic; it's sort of like ding, ding, ding; this is another sound from my "
    "group; no, I'm not showing you any images, because black holes don't leave behind helpful trails of ink, "
    'and space is not painted, showing you the curves.',
    'But if you were to float by in space on a space holiday and you heard this, you want to get moving.',
    '(Laughter) Want to get away from the sound.',
]
AGAIN_CAND = [
    'Eventually, we will hear that the little black hole has completely fallen into the big black hole.',
    "I've never felt it so loud - it's actually amplified here.",
    'When I listened to it at home, I thought the sound was a bit weak.',
    'It sounds like, ding, ding, ding.',
    'This is another sound simulated by our research team.',
    "I'm not going to show you an image here, because black holes don't leave any useful traces, and real space "
    "doesn't show you those virtual curves.",
    'But if you hear it while vacationing in the cosmos, I suggest you run.',
    '(Laughter) Better get away from that sound.',
]


def test_the_joint_edge_runs_again_after_a_hand_over(enc, monkeypatch):
    doc, R, C = _doc(AGAIN_REF, AGAIN_CAND, enc)
    dp = [Alignment((0,), (), OMISSION), Alignment((), (0,), ADDITION), Alignment((1,), (1, 2, 3), MATCH, 0.57, 0.6),
          Alignment((2,), (4, 5), MATCH, 0.72, 0.7), Alignment((3,), (6,), MATCH, float(R[3] @ C[6]), 0.8),
          Alignment((4,), (7,), MATCH, float(R[4] @ C[7]), 0.9)]
    out, n = grow_groups.run(dp, doc)
    assert ((2,), (2, 3, 4, 5)) in [(a.ref, a.cand) for a in out]
    monkeypatch.setattr(joint_edge, "JOINT_AGAIN", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((2,), (3, 4, 5)) in [(a.ref, a.cand) for a in out_off]


# SP, held-out talk 6 (ref against refB): the moved pass paired the split's second piece, "It is the most amazing
# thing.", with a look-alike 26 sentences earlier ("It's a wonderful, amazing thing.", here the first reference
# sentence) before any group grew; the piece is the next clause of the split sentence ("this is the most amazing thing")
BACK_REF = [
    "It's a wonderful, amazing thing.",
    'This is the philodendron selloum.',
    "For anyone here from Brazil, you'll know about this plant; this is the most amazing thing; that sort of "
    'phallic bit there is about a foot long; and it does something that no other plant that I know of does, and '
    "that is that when it flowers -- that's the spadix in the middle there -- for a period of about two days, it "
    'metabolizes in a way which is rather similar to mammals; so instead of having starch, which is the food of '
    "plants, it takes something rather similar to brown fat and burns it at such a rate that it's burning fat, "
    'metabolizing, about the rate of a small cat.',
    "And that's twice the energy output, weight for weight, than a hummingbird -- absolutely astonishing.",
]
BACK_CAND = [
    "That's philodendron selloum.",
    'Anyone here from Brazil surely knows about this plant.',
    'It is the most amazing thing.',
    'Its stamen is about a foot long.',
    "It has an ability that no other plant does to my knowledge, that is, when it flowers -- that's the spadix "
    'in the middle -- its metabolism changes to a certain degree in about two days to a way similar to mammals.',
    'It has no starch, which is the food of plants, but it has something rather similar to brown fat and burns '
    'it at the fat-burning rate to metabolize at about the metabolic rate of a kitten.',
    "That's twice the energy output, weight for weight, of a hummingbird -- absolutely astonishing.",
]


def test_a_group_takes_back_a_piece_the_moved_pass_paired_far_away(enc, monkeypatch):
    doc, R, C = _doc(BACK_REF, BACK_CAND, enc)
    joined = np.asarray(enc([" ".join(BACK_CAND[4:6])]), np.float32)[0]
    dp = [Alignment((0,), (2,), MOVED, float(R[0] @ C[2]), 0.8), Alignment((1,), (0,), MATCH, float(R[1] @ C[0]), 0.9),
          Alignment((), (1,), ADDITION), Alignment((), (3,), ADDITION),
          Alignment((2,), (4, 5), MATCH, float(R[2] @ joined), 0.8),
          Alignment((3,), (6,), MATCH, float(R[3] @ C[6]), 0.9)]
    out, n = grow_groups.run(dp, doc)
    assert ((2,), (1, 2, 3, 4, 5)) in [(a.ref, a.cand) for a in out]
    assert any(a.kind == OMISSION and a.ref == (0,) for a in out)  # the look-alike is a leftover again
    monkeypatch.setattr(growth, "MOVED_BACK", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((0,), (2,)) in [(a.ref, a.cand) for a in out_off if a.kind == MOVED]


# MG, held-out talk (ref against refB), seed 8: five reference sentences merged into one candidate sentence; before
# them "Otherwise that would introduce bias." whose own partner "Or else errors would occur." (cosine 0.37, no word in
# common) is unpaired just beyond the merge: the merge (cosine 0.28) must not take it
NEXT_REF = [
    "Our data source decides whether it's reliable data, we don't.",
    'Otherwise that would introduce bias.',
    'What about other countries?',
    'There are 200 studies of health in relation to income and equality in the academic peer-reviewed journals.',
    "This isn't confined to these countries here, hiding a very simple demonstration.",
    'The same countries, the same measure of inequality, one problem after another.',
    "Why don't we control for other factors?",
    "Well we've shown you that GNP per capita doesn't make any difference.",
]
NEXT_CAND = [
    'Our data source decides if the data are valid, not us.',
    'Or else errors would occur.',
    'What about other countries; in academic peer review journals, there are 200 studies related to the relations '
    'among health, income, and equality; it is not limited to these countries here, which hides a very plain proof; '
    'the same countries, the same measurement of inequality, but the issues come one after and another; why do we '
    'not control other factors?',
    'I have already demonstrated to you that the per-capita national income does not make any difference.',
]


def test_a_merge_does_not_take_a_piece_whose_partner_is_unpaired_just_beyond_it(enc, monkeypatch):
    doc, R, C = _doc(NEXT_REF, NEXT_CAND, enc)
    assert float(C[1] @ R[1]) < AlignSettings().min_pair_similarity  # under the floor of an ordinary rival
    joined = np.asarray(enc([" ".join(NEXT_REF[3:6])]), np.float32)[0]
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1,), (), OMISSION),
          Alignment((), (1,), ADDITION), Alignment((2,), (), OMISSION),
          Alignment((3, 4, 5), (2,), MATCH, float(joined @ C[2]), 0.8), Alignment((6,), (), OMISSION),
          Alignment((7,), (3,), MATCH, float(R[7] @ C[3]), 0.9)]
    out, n = grow_groups.run(dp, doc)
    assert ((2, 3, 4, 5, 6), (2,)) in [(a.ref, a.cand) for a in out]
    assert any(a.kind == OMISSION and a.ref == (1,) for a in out)
    monkeypatch.setattr(pieces, "NEXT_RIVAL", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((1, 2, 3, 4, 5, 6), (2,)) in [(a.ref, a.cand) for a in out_off]


# the next clause in order (clauses.SLOT): refB's "Or else errors would occur." translates the first clause of the
# reference sentence split into five (bench/align.py SP, seed 13, talk 9 held out), a paraphrase sharing no word at
# cosine 0.36 with that clause, under long_member_similarity; it lies just before the group, and that clause just
# before the one the group's first member translates
SLOT_REF = [
    "Our data source decides whether it's reliable data, we don't.",
    "Otherwise that would introduce bias; what about other countries; there are 200 studies of health in relation to "
    "income and equality in the academic peer-reviewed journals; this isn't confined to these countries here, hiding a "
    "very simple demonstration; the same countries, the same measure of inequality, one problem after another.",
    "Why don't we control for other factors?",
    "Well we've shown you that GNP per capita doesn't make any difference.",
]
SLOT_CAND = [
    'Our data source decides if the data are valid, not us.',
    'Or else errors would occur.',
    'What about other countries?',
    'In academic peer review journals, there are 200 studies related to the relations among health, income, and '
    'equality.',
    'It is not limited to these countries here, which hides a very plain proof.',
    'The same countries, the same measurement of inequality, but the issues come one after and another.',
    'Why do we not control other factors?',
    'I have already demonstrated to you that the per-capita national income does not make any difference.',
]


def test_a_paraphrase_in_the_next_clause_slot_joins_the_split(enc, monkeypatch):
    doc, R, C = _doc(SLOT_REF, SLOT_CAND, enc)
    first = np.asarray(enc(["Otherwise that would introduce bias"]), np.float32)[0]
    assert float(first @ C[1]) < AlignSettings().long_member_similarity  # an ordinary clause would not take it
    joined = np.asarray(enc([" ".join(SLOT_CAND[2:6])]), np.float32)[0]
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((), (1,), ADDITION),
          Alignment((1,), (2, 3, 4, 5), MATCH, float(joined @ R[1]), 0.8),
          Alignment((2,), (6,), MATCH, float(R[2] @ C[6]), 0.9), Alignment((3,), (7,), MATCH, float(R[3] @ C[7]), 0.9)]
    out, _ = grow_groups.run(dp, doc)
    assert ((1,), (1, 2, 3, 4, 5)) in [(a.ref, a.cand) for a in out]
    assert not [a for a in out if not a.is_pair]
    monkeypatch.setattr(clauses, "SLOT", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((1,), (2, 3, 4, 5)) in [(a.ref, a.cand) for a in out_off]
    assert any(a.kind == ADDITION and a.cand == (1,) for a in out_off)


# the words outrank the joined cosine (growth.WORDS_KEEP): a reference sentence split into four (bench/align.py SP,
# seed 12, talk 2 against MiSS's translation); the DP paired it with the middle two; the other two hold cover_min of
# their words in it ("These vibrations travel through space at the speed of light.", "This is one of many groups."),
# yet the four pieces' joined text is less similar to the sentence (0.57) than the middle two's (0.70)
WORDS_REF = [
    "So they're crossing thousands of kilometers in a fraction of a second, and as they do so, they not only curve "
    "space, but they leave behind in their wake a ringing of space, an actual wave on space-time.",
    'Space squeezes and stretches as it emanates out from these black holes banging on the universe.',
    'And they travel out into the cosmos at the speed of light; this computer simulation is due to a relativity group '
    'at NASA Goddard; it took almost 30 years for anyone in the world to crack this problem; this was one of the '
    'groups.',
    'It shows two black holes in orbit around each other, again, with these helpfully painted curves.',
    "And if you can see -- it's kind of faint -- but if you can see the red waves emanating out, those are the "
    "gravitational waves.",
]
WORDS_CAND = [
    'Thousands of kilometers can be crossed in a fraction of a second. In this process, they will not only bend the '
    'space, but also cause the vibration of the space in the wake behind them, a real space-time wave.',
    'When a black hole collides with the universe, space is squeezed and stretched.',
    'These vibrations travel through space at the speed of light.',
    "This computer simulation was done by NASA Goddard's Relativity Group.",
    'It took nearly 30 years to solve this problem.',
    'This is one of many groups.',
    'It shows two black holes rotating around each other. These are imaginary curves.',
    'As you can see-it may be a little fuzzy-you can see that red waves are emitted, and these are gravitational '
    'waves.',
]


def test_a_split_whose_pieces_hold_the_words_is_kept_though_the_joined_cosine_falls(enc, monkeypatch):
    doc, R, C = _doc(WORDS_REF, WORDS_CAND, enc)
    two, four = np.asarray(enc([" ".join(WORDS_CAND[3:5]), " ".join(WORDS_CAND[2:6])]), np.float32)
    assert float(four @ R[2]) < float(two @ R[2]) - AlignSettings().grow_drop  # the joined cosine would reject it
    dp = [Alignment((0,), (0,), MATCH, float(R[0] @ C[0]), 0.9), Alignment((1,), (1,), MATCH, float(R[1] @ C[1]), 0.9),
          Alignment((), (2,), ADDITION), Alignment((2,), (3, 4), MATCH, float(two @ R[2]), 0.8),
          Alignment((), (5,), ADDITION), Alignment((3,), (6,), MATCH, float(R[3] @ C[6]), 0.9),
          Alignment((4,), (7,), MATCH, float(R[4] @ C[7]), 0.9)]
    out, _ = grow_groups.run(dp, doc)
    assert ((2,), (2, 3, 4, 5)) in [(a.ref, a.cand) for a in out]
    monkeypatch.setattr(growth, "WORDS_KEEP", False)
    out_off, _ = grow_groups.run(dp, doc)
    assert ((2,), (3, 4)) in [(a.ref, a.cand) for a in out_off]
