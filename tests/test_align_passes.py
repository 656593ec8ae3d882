"""Each aligner pass earns its place: switched off by its setting, a small real case aligns differently (the real
model, sentences from TED talk 2 of ../shared/bench and the council story of test_align). And every pass names
settings that exist."""
from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest
from test_align import MOVED_CAND, MOVED_REF, REF, SPLIT_CAND, SPLIT_REF, _check_cover

from qualcheck.align import PASSES, RULES, AlignSettings, align
from qualcheck.align.common import Background, Doc
from qualcheck.align.passes import fill_gaps, moved
from qualcheck.types import ADDITION, MATCH, MOVED, OMISSION, Alignment

FIELDS = {f.name for f in dataclasses.fields(AlignSettings)}


@pytest.fixture(scope="module")
def enc(encoder):
    return encoder.encode


def _beads(res):
    return [(a.ref, a.cand, a.kind) for a in res.alignment]


def _off(*names):
    """AlignSettings with the named passes (or 'pass: sub-pass') switched off by their own OFF settings."""
    off = {}
    for p in PASSES + RULES:
        for name in names:
            if name == p.NAME:
                off.update(p.OFF)
            elif name.startswith(p.NAME + ": "):
                off.update(p.SUB_PASSES[name.split(": ", 1)[1]])
    assert off, names
    return AlignSettings(**off)


def test_every_pass_names_settings_that_exist():
    names = [p.NAME for p in PASSES + RULES]
    assert len(set(names)) == len(names)
    for p in PASSES + RULES:
        assert p.SETTINGS and set(p.SETTINGS) <= FIELDS, (p.NAME, set(p.SETTINGS) - FIELDS)
        assert set(p.OFF) <= set(p.SETTINGS), p.NAME  # the switch is one of the pass's own settings
        for off in getattr(p, "SUB_PASSES", {}).values():
            assert set(off) <= set(p.SETTINGS), p.NAME
        assert p.__doc__ and "What it fixes" in p.__doc__
        assert p.enabled(AlignSettings()) and not p.enabled(AlignSettings(**p.OFF))
    for p in PASSES:
        assert inspect.signature(p.run).parameters.keys() == {"alignment", "doc"}


def test_every_settings_field_names_the_part_that_reads_it():
    src = inspect.getsource(AlignSettings)
    readers = {p.NAME for p in PASSES + RULES} | {"core"}
    for line in src.splitlines():
        line = line.strip()
        if ":" in line and "=" in line and not line.startswith(("#", "def", "return")):
            name = line.split(":", 1)[0]
            if name in FIELDS:
                comment = line.split("#", 1)[1] if "#" in line else ""
                assert any(r in comment for r in readers), name


def test_moved_pass_pairs_a_sentence_moved_elsewhere(enc):
    cand = REF[1:8] + [REF[0]] + REF[8:]
    on, off = align(REF, cand, enc), align(REF, cand, enc, _off("moved"))
    assert ((0,), (7,), MOVED) in _beads(on) and on.extra["moved"] == 1
    assert ((0,), (), OMISSION) in _beads(off) and ((), (7,), ADDITION) in _beads(off) and off.extra["moved"] == 0


def test_moved_block_grows_along_its_diagonal(enc):
    """A block of five moved to the top of a short single-topic story: the margin alone pairs only part of it."""
    on, off = align(MOVED_REF, MOVED_CAND, enc), align(MOVED_REF, MOVED_CAND, enc, _off("moved: extend_blocks"))
    block = [((i,), (j,)) for i, j in [(6, 1), (7, 2), (8, 3), (9, 4), (10, 5)]]
    got_on = {(r, c) for r, c, k in _beads(on) if k in (MATCH, MOVED)}
    got_off = {(r, c) for r, c, k in _beads(off) if k in (MATCH, MOVED)}
    assert set(block) <= got_on and not set(block) <= got_off


IN_ORDER_REF = [
    "Einstein realized that if space were empty, if the universe were empty, it would be like this picture, except for maybe without the helpful grid drawn on it.",
    "But if we were freely falling through the space, even without this helpful grid, we might be able to paint it ourselves, because we would notice that we traveled along straight lines, undeflected straight paths through the universe.",
    "Einstein also realized -- and this is the real meat of the matter -- that if you put energy or mass in the universe, it would curve space, and a freely falling object would pass by, let's say, the Sun and it would be deflected along the natural curves in the space.",
    "It was Einstein's great general theory of relativity.",
    "Now even light will be bent by those paths.",
]
IN_ORDER_CAND = [
    "Einstein realized that if the universe were empty, if the universe was empty, it would look like this picture, except for the guides drawn on it.",
    "But if we were in free fall in the universe, our trajectories would have drawn those lines even without these aids, because we would have found ourselves moving along straight lines across the universe along straight lines that do not bend.",
    "Enjoy unlimited access to the ideas and opinions of the world's leading thinkers, including weekly long reads, book reviews, and interviews; The Year Ahead annual print magazine; the complete PS archive; and more - All for less than $9 a month.",
    "This is Einstein's great theory of general relativity.",
    "Even the path of the Light will be bent.",
]
DIAGONAL_REF = [
    "And we can predict what the sound will be.",
    "We know that, as it falls in, it gets faster and it gets louder.",
    "And eventually, we're going to hear the little guy just fall into the bigger guy.",
    "Now I've never heard it that loud -- it's actually more dramatic.",
    "At home it sounds kind of anticlimactic.",
    "It's sort of like ding, ding, ding.",
    "This is another sound from my group.",
    "No, I'm not showing you any images, because black holes don't leave behind helpful trails of ink, and space is not painted, showing you the curves.",
]
DIAGONAL_CAND = [
    "We can predict what this voice will become.",
    "We know that in the process of falling, the small-mass black hole will get faster and faster, and the sound will be louder.",
    "Eventually, we will hear that the small black hole has completely fallen into the big black hole.",
    "I never felt this sound was so loud-it was actually amplified here.",
    "When I listened to it at home, I felt that the sound was a bit weak.",
    "It sounds like, Ding, Ding, Ding.",
    "This is another voice simulated by our research team.",
    "I will not show you images here, because black holes will not leave any useful traces, and real space will not show you those virtual curves.",
]
RESPLIT_REF = [
    "If it gets far away, it's a little too quiet.",
    "But it comes in like a mallet, and it literally cracks space, wobbling it like a drum.",
    "And we can predict what the sound will be.",
    "We know that, as it falls in, it gets faster and it gets louder.",
    "And eventually, we're going to hear the little guy just fall into the bigger guy.",
    "Now I've never heard it that loud -- it's actually more dramatic.",
    "At home it sounds kind of anticlimactic.",
    "It's sort of like ding, ding, ding.",
    "This is another sound from my group.",
    "No, I'm not showing you any images, because black holes don't leave behind helpful trails of ink, and space is not painted, showing you the curves.",
]
RESPLIT_CAND = [
    "If they are far away, the sound will be very small.",
    "But gradually the sound became like a drumstick beating the space, making the space vibrate like a drum.",
    "We can predict what this sound will become.",
    "We know that in the process of falling, the low-mass black hole will become faster and faster, and the sound will be louder.",
    "I've never felt it so loud - it's actually amplified here.",
    "When I listened to it at home, I thought the sound was a bit weak.",
    "This is another sound simulated by our research team.",
    "I'm not going to show you an image here, because black holes don't leave any useful traces, and real space doesn't show you those virtual curves.",
    "(Laughter)",
]


def test_in_order_puts_the_leftovers_back_between_their_pairs(enc):
    """The moved pass paired leftovers out of place (talk 2, Borderline's translation with a web advert inside)."""
    on, off = align(IN_ORDER_REF, IN_ORDER_CAND, enc), align(IN_ORDER_REF, IN_ORDER_CAND, enc, _off("in_order"))
    assert sorted(map(repr, on.alignment)) == sorted(map(repr, off.alignment)) and _beads(on) != _beads(off)
    # in order: each pair's sentences come after every earlier pair's
    ends = [(max(a.ref), max(a.cand)) for a in on.alignment if a.kind == MATCH]
    assert ends == sorted(ends)
    last = -1
    for a in on.alignment:  # and each leftover sits after the pairs before it
        if a.kind == MATCH:
            last = max(a.ref)
        elif a.ref:
            assert min(a.ref) > last


def test_split_diagonal_keeps_two_one_to_one_pairs_apart(enc):
    on, off = align(DIAGONAL_REF, DIAGONAL_CAND, enc), align(DIAGONAL_REF, DIAGONAL_CAND, enc, _off("split_diagonal"))
    assert ((3,), (3,), MATCH) in _beads(on) and ((4,), (4,), MATCH) in _beads(on)
    assert ((3, 4), (3, 4), MATCH) in _beads(off)


def test_resplit_gives_back_the_added_sentence_its_reference_sentence(enc):
    on, off = align(RESPLIT_REF, RESPLIT_CAND, enc), align(RESPLIT_REF, RESPLIT_CAND, enc, _off("resplit"))
    assert ((5,), (4,), MATCH) in _beads(on) and ((6,), (5,), MATCH) in _beads(on) and on.extra["resplit"] == 1
    assert ((5, 6), (5,), MATCH) in _beads(off) and ((), (4,), ADDITION) in _beads(off)


def test_fill_gaps_pairs_a_loose_translation_in_its_slot(enc):
    """A loose rendering of the tax sentence (cosine 0.43, under the DP's raised floor) between two good pairs: one
    weak pair the mismatch check judges, not an omission and an addition."""
    cand = list(REF)
    cand[4] = "Owners of houses must pay the city a little more each year from now on."
    on = align(REF, cand, enc, AlignSettings(min_pair_similarity=0.45))
    off = align(REF, cand, enc, dataclasses.replace(_off("fill_gaps"), min_pair_similarity=0.45))
    assert ((4,), (4,), MATCH) in _beads(on) and on.extra["gap_filled"] == 1
    assert ((4,), (), OMISSION) in _beads(off) and ((), (4,), ADDITION) in _beads(off) and off.extra["gap_filled"] == 0


def test_attach_lone_joins_a_split_half_to_its_group(enc):
    # (grow_groups, which also joins a covered half to its pair, off too)
    on, off = align(SPLIT_REF, SPLIT_CAND, enc), align(SPLIT_REF, SPLIT_CAND, enc, _off("attach_lone", "grow_groups"))
    assert ((1,), (1, 2), MATCH) in _beads(on) and on.extra["lone_attached"] == 1
    assert ((), (1,), ADDITION) in _beads(off) and off.extra["lone_attached"] == 0


def _doc(ref, cand, R, C, enc, st, null=0.1):
    """A Doc whose background puts the gap bar at gap_min_similarity and the slot bar at gap_slot_min_similarity."""
    bg = Background(np.zeros(len(R), np.float32), np.zeros(len(C), np.float32), 0.0, 0.1, np.full(8, null, np.float32))
    return Doc(ref, cand, R, C, enc, st, bg)


def test_fill_gaps_diagonal_slots_pairs_an_even_gap_in_order():
    """Two loose translations a side (cosine 0.36, under the gap bar 0.45, above the slot bar) between two pairs,
    each the other's best: two 1-1 slots (diagonal_slots); without it the gap's DP at the gap bar pairs nothing."""
    def unit(*xs):
        v = np.array(xs, np.float32)
        return v / np.linalg.norm(v)

    R = np.stack([unit(1, 0, 0, 0, 0, 0), unit(0, 1, 0, 0, 0, 0), unit(0, 0, 1, 0, 0, 0), unit(0, 0, 0, 1, 0, 0)])
    C = np.stack([unit(1, 0, 0, 0, 0, 0), unit(0, 0.4, 0, 0, 1, 0), unit(0, 0, 0.4, 0, 0, 1), unit(0, 0, 0, 1, 0, 0)])
    assert 0.3 < float(R[1] @ C[1]) < 0.45 and float(R[1] @ C[2]) == 0.0
    beads = [Alignment((0,), (0,), MATCH, 1.0, 0.9), Alignment((1,), (), OMISSION), Alignment((2,), (), OMISSION),
             Alignment((), (1,), ADDITION), Alignment((), (2,), ADDITION), Alignment((3,), (3,), MATCH, 1.0, 0.9)]
    texts = ["a", "b", "c", "d"]
    on, n_on = fill_gaps.run(beads, _doc(texts, texts, R, C, None, AlignSettings()))
    off, n_off = fill_gaps.run(beads, _doc(texts, texts, R, C, None, _off("fill_gaps: diagonal_slots")))
    pairs_on = [(a.ref, a.cand) for a in on if a.kind == MATCH]
    assert ((1,), (1,)) in pairs_on and ((2,), (2,)) in pairs_on and n_on == 2
    assert n_off == 0 and off == beads


# MV (issue 24), held-out talk 1 (ref against refB), a short story of 11 sentences with a block moved to the top: the
# block's last pair, "We put them all in one index." / "We have summarized all these data into one coefficient.", is
# a paraphrase at cosine 0.34, under the block growth's min_pair_similarity, yet the two are each other's most
# similar sentence in the story
BLOCK_REF = [
    "The measure we've used, because it's easy to understand and you can download it, is how much richer the top "
    '20 percent than the bottom 20 percent in each country.',
    'And you see in the more equal countries on the left -- Japan, Finland, Norway, Sweden -- the top 20 percent '
    'are about three and a half, four times as rich as the bottom 20 percent.',
    'But on the more unequal end -- UK, Portugal, USA, Singapore -- the differences are twice as big.',
    'On that measure, we are twice as unequal as some of the other successful market democracies.',
    "Now I'm going to show you what that does to our societies.",
    'We collected data on problems with social gradients, the kind of problems that are more common at the bottom '
    'of the social ladder.',
    "Internationally comparable data on life expectancy, on kids' maths and literacy scores, on infant mortality "
    'rates, homicide rates, proportion of the population in prison, teenage birthrates, levels of trust, obesity, '
    'mental illness -- which in standard diagnostic classification includes drug and alcohol addiction -- and '
    'social mobility.',
    'We put them all in one index.',
    "They're all weighted equally.",
    'Where a country is is a sort of average score on these things.',
    "And there, you see it in relation to the measure of inequality I've just shown you, which I shall use over "
    'and over again in the data.',
]
BLOCK_CAND = [
    'The method we use is simple, easy to understand and available for you to download, which is to compare the '
    'income gap between the top and bottom 20% of the population in each country.',
    'You can see the countries on the left are relatively more equal — Japan, Finland, Norway, Sweden — their top '
    '20% are about 3.5 to 4 times as rich as their bottom 20%.',
    'We have summarized all these data into one coefficient.',
    'They are all weighed averagely.',
    "A country's score is generated averagely from these factors.",
    'You can see, these scores are related to the inequalities I demonstrated before and I will demonstrate these '
    'data repeatedly.',
    'But on the less equal end — the UK, Portugal, the United States, and Singapore — the income gap is doubled.',
    'According to this comparison method, the level of inequality in our country (the UK) is twice as unequal as '
    'other successful democratic markets.',
    'Next, I will demonstrate what effects it has on our society.',
    'We have collected data regarding the problems generated by inequality inside society, these issues are more '
    'common at the bottom layer of the society.',
    'Data available for international comparison includes life expectancy, language, and mathematics results of '
    'children, infant mortality rate, suicide rate, prison population ration, teenage pregnancy rate, level of '
    'trust, obesity, mental illnesses - these illnesses fit standard diagnostic classification including drug and '
    'alcohol addiction - and social mobility rate.',
]
# MV, talk 2: the DP's 2-1 took the block's next reference sentence, whose own partner it does not resemble
BLOCK2_REF = [
    'Einstein also realized -- and this is the real meat of the matter -- that if you put energy or mass in the '
    "universe, it would curve space, and a freely falling object would pass by, let's say, the Sun and it would be "
    'deflected along the natural curves in the space.',
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
    'It was decades before the term "black hole" was coined and people realized that black holes are real '
    "astrophysical objects -- in fact they're the death state of very massive stars that collapse catastrophically "
    'at the end of their lifetime.',
    'Now our Sun will not collapse to a black hole.',
    "It's actually not massive enough.",
]
BLOCK2_CAND = [
    'Einstein also realized - and this is the really crucial part (matter also means "matter") - that if you put '
    'energy and matter into the universe, the universe will bend. Objects in free fall will be deflected as they '
    'pass a body like the sun, moving along a curved path in space.',
    "This is Einstein's great general theory of relativity.",
    'Even the path of light can be bent.',
    "When the bending is large enough, it will revolve around the orbit of the sun's motion, just as the earth "
    'revolves around the sun and the moon revolves around the earth.',
    "He doesn't believe that black holes really exist.",
    'He believes that nature will prevent the formation of black holes to protect us.',
    'It was not until decades later that people began to use the term "black hole" and realized that black holes '
    'are real objects - in fact, they are the dead state of some very massive stars after a catastrophic collapse '
    'at the end of their lives.',
    'Our sun will not collapse to form a black hole.',
    'This is a natural curve in the universe.',
    "But Einstein didn't realize that if you squeezed the sun into a sphere six kilometers in diameter - that is, "
    'if you squeezed a million times the mass of the Earth into a sphere six kilometers in diameter, you would '
    "create a black hole, an object so dense that if light got too close to it, it wouldn't be able to escape - "
    'leaving a huge black shadow in the universe.',
    'However, Einstein always believed that a black hole is just a mathematical singularity.',
    'Its mass is actually not large enough.',
]


@pytest.mark.parametrize("ref,cand,pair", [(BLOCK_REF, BLOCK_CAND, (7, 2)), (BLOCK2_REF, BLOCK2_CAND, (6, 10))])
def test_a_moved_block_grows_by_a_pair_that_is_each_others_best_in_the_story(enc, monkeypatch, ref, cand, pair):
    i, j = pair
    res = align(ref, cand, enc)
    assert ((i,), (j,), MOVED) in _beads(res)
    _check_cover(res, len(ref), len(cand))
    monkeypatch.setattr(moved, "BLOCK_BEST", False)
    off = align(ref, cand, enc)
    assert ((i,), (j,), MOVED) not in _beads(off)


# MV, talk 2, an 8-sentence story whose candidate moved a block of four ("We know that, as it falls in, ..." to "Now
# I've never heard it that loud ...") three places down: the four pairs, at cosines 0.53-0.61, are each other's best,
# but in a story this short and on one topic no margin clears the skip cost, so no pair seeded the block
SEED_BLOCK_REF = [
    'And we can predict what the sound will be.',
    'We know that, as it falls in, it gets faster and it gets louder.',
    "And eventually, we're going to hear the little guy just fall into the bigger guy.",
    "Now I've never heard it that loud -- it's actually more dramatic.",
    'At home it sounds kind of anticlimactic.',
    "It's sort of like ding, ding, ding.",
    'This is another sound from my group.',
    "No, I'm not showing you any images, because black holes don't leave behind helpful trails of ink, and space "
    'is not painted, showing you the curves.',
]
SEED_BLOCK_CAND = [
    'We can predict what this sound will become.',
    'This is another sound simulated by our research team.',
    "I'm not going to show you an image here, because black holes don't leave any useful traces, and real space "
    "doesn't show you those virtual curves.",
    'We know that in the process of falling, the low-mass black hole will become faster and faster, and the '
    'sound will be louder.',
    'Eventually, we will hear that the little black hole has completely fallen into the big black hole.',
    "I've never felt it so loud - it's actually amplified here.",
    'When I listened to it at home, I thought the sound was a bit weak.',
    'It sounds like, ding, ding, ding.',
]


def test_two_consecutive_best_pairs_on_a_diagonal_seed_a_moved_block(enc, monkeypatch):
    block = [((i,), (i + 2,), MOVED) for i in (1, 2, 3, 4)]
    res = align(SEED_BLOCK_REF, SEED_BLOCK_CAND, enc)
    _check_cover(res, len(SEED_BLOCK_REF), len(SEED_BLOCK_CAND))
    assert sum(b in _beads(res) for b in block) >= 3
    monkeypatch.setattr(moved, "BLOCK_SEED", False)
    off = align(SEED_BLOCK_REF, SEED_BLOCK_CAND, enc)
    assert not any(b in _beads(off) for b in block)


# MV (issue 24), held-out talk 2 (ref against refB), seed 7: a block of three moved ("The more unequal countries ..."
# to "But if you look at that same index ..."), whose middle pair ("It's an extraordinarily close correlation." / "The
# relationship is strong.", cosine 0.33) is a paraphrase under min_pair_similarity between two moved pairs of its
# diagonal (moved.BLOCK_INSIDE)
INSIDE_REF = [
    "Internationally comparable data on life expectancy, on kids' maths and literacy scores, on infant mortality rates, "
    "homicide rates, proportion of the population in prison, teenage birthrates, levels of trust, obesity, mental "
    "illness -- which in standard diagnostic classification includes drug and alcohol addiction -- and social mobility.",
    'We put them all in one index.',
    "They're all weighted equally.",
    'Where a country is is a sort of average score on these things.',
    "And there, you see it in relation to the measure of inequality I've just shown you, which I shall use over and "
    "over again in the data.",
    'The more unequal countries are doing worse on all these kinds of social problems.',
    "It's an extraordinarily close correlation.",
    "But if you look at that same index of health and social problems in relation to GNP per capita, gross national "
    "income, there's nothing there, no correlation anymore.",
]
INSIDE_CAND = [
    'Data available for international comparison includes life expectancy, language, and mathematics results of '
    'children, infant mortality rate, suicide rate, prison population ration, teenage pregnancy rate, level of trust, '
    'obesity, mental illnesses - these illnesses fit standard diagnostic classification including drug and alcohol '
    'addiction - and social mobility rate.',
    'We have summarized all these data into one coefficient.',
    'The more inequality one country holds, the worse she performs on each kind of social issues.',
    'The relationship is strong.',
    'But if you observe the comparison of the same health and social issues and the average and total income index of '
    'citizens, then you will discover nothing, there is no longer any relationship.',
    'They are all weighed averagely.',
    "A country's score is generated averagely from these factors.",
    'You can see, these scores are related to the inequalities I demonstrated before and I will demonstrate these data '
    'repeatedly.',
]


def test_a_weak_pair_between_two_moved_pairs_of_its_diagonal_is_moved_with_them(enc, monkeypatch):
    R = np.asarray(enc(INSIDE_REF), np.float32)
    C = np.asarray(enc(INSIDE_CAND), np.float32)
    assert float(R[6] @ C[3]) < AlignSettings().min_pair_similarity
    res = align(INSIDE_REF, INSIDE_CAND, enc)
    assert {((5,), (2,), MOVED), ((6,), (3,), MOVED), ((7,), (4,), MOVED)} <= set(_beads(res))
    monkeypatch.setattr(moved, "BLOCK_INSIDE", False)
    off = align(INSIDE_REF, INSIDE_CAND, enc)
    assert ((6,), (3,), MOVED) not in _beads(off) and ((6,), (), OMISSION) in _beads(off)
