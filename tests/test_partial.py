"""Word-level alignment (qualcheck.wordalign) and the checks read off it: omission.partial,
addition.partial, mistranslation. Real model, real news sentences (the seed story's) with one edit each."""
import pytest
from conftest import SEED_CAND, SEED_REF

from qualcheck import check, wordalign

CHECKS = ["omission.partial", "addition.partial", "mistranslation"]

CALL = ("As Trump looks to deliver on his campaign promise to end the war on Day One, now more than 30 days "
        "into his presidency, he is looking to Putin to end the fighting in Ukraine.")
SUPPLY = ("Since then, China has continued to supply Russia’s war machine by purchasing oil and exports of "
          "dual-use technologies.")
KREMLIN = ("The Kremlin described the call as “warm and friendly” but did not provide further commitments to its "
           "relationship with China, as Xi did.")


# ``encoder``: the default engine (conftest), the float32 ONNX export: the word reading runs on its second
# output, ``token_vectors`` (tests/test_embed.py shows the torch model gives the same word alignments)


def _run(ref, cand, encoder):
    return check(ref, cand, encoder=encoder, checks=CHECKS)


def _found(report, category):
    return [f for f in report.findings if f.category == category]


def test_identical_sentences_align_word_for_word(encoder):
    wa = wordalign.align_pairs([(SUPPLY, SUPPLY)], encoder)[0]
    assert len(wa.pairs) == len(wa.ref_words) and not wa.ref_left() and not wa.cand_left()


def test_reworded_sentence_keeps_its_content_matched(encoder):
    cand = ("Since then, China has kept supplying the Russian war machine by buying oil and exporting dual-use "
            "technologies.")
    wa = wordalign.align_pairs([(SUPPLY, cand)], encoder)[0]
    left = {wa.ref_words[i].text for i in wa.ref_left()}
    assert len(left) <= 1, left  # `purchasing` may stay alone; the clause is carried
    assert not wordalign.gaps(wa, "reference")
    assert not _found(_run(SUPPLY, cand, encoder), "omission.partial")


def test_dropped_quantity_qualifier(encoder):
    report = _run(CALL, CALL.replace("now more than 30 days", "now 30 days"), encoder)
    hits = _found(report, "omission.partial")
    assert len(hits) == 1, [f.message for f in report.findings]
    f = hits[0]
    assert report.reference.original[f.ref_span[0] : f.ref_span[1]] == "more than"
    assert "drops ‘more than’" in f.message and f.severity == "major"


def test_dropped_hedge_is_stated_as_fact(encoder):
    ref = "According to the Chinese readout, however, Putin was reportedly the one who made the call to Xi."
    cand = "According to the Chinese readout, however, Putin was the one who made the call to Xi."
    hits = _found(_run(ref, cand, encoder), "omission.partial")
    assert len(hits) == 1 and hits[0].ref_text == "reportedly"
    assert "‘reportedly’ is gone: the candidate states it as fact" in hits[0].message
    # the hedge said another way is not a drop
    other = "According to the Chinese readout, however, Putin was apparently the one who made the call to Xi."
    assert not _found(_run(ref, other, encoder), "omission.partial")


def test_dropped_clause_span_on_the_reference(encoder):
    report = _run(SUPPLY, "Since then, China has continued to supply Russia’s war machine.", encoder)
    hits = _found(report, "omission.partial")
    assert len(hits) == 1
    span = report.reference.original[hits[0].ref_span[0] : hits[0].ref_span[1]]
    assert span.startswith("purchasing") and span.endswith("technologies"), span


def test_added_clause_span_on_the_candidate(encoder):
    cand = KREMLIN.replace("as Xi did.", "as Xi did during the talks on energy deals in Beijing last week.")
    report = _run(KREMLIN, cand, encoder)
    hits = _found(report, "addition.partial")
    assert len(hits) == 1 and not _found(report, "omission.partial")
    span = report.candidate.original[hits[0].cand_span[0] : hits[0].cand_span[1]]
    assert "energy deals" in span and "Kremlin" not in span


def test_mistranslated_word_both_spans(encoder):
    ref = "He refused to call Putin, who has killed and jailed his political opponents, a dictator."
    cand = "He agreed to call Putin, who has killed and jailed his political opponents, a dictator."
    report = _run(ref, cand, encoder)
    hits = _found(report, "mistranslation")
    assert len(hits) == 1
    f = hits[0]
    assert report.reference.original[f.ref_span[0] : f.ref_span[1]] == "refused"
    assert report.candidate.original[f.cand_span[0] : f.cand_span[1]] == "agreed"
    assert "‘refused’ became ‘agreed’" in f.message
    assert f.severity == "minor"  # a refusal turned into an acceptance flips the statement
    # a synonym in its place is not one
    same = _run(ref, ref.replace("jailed", "imprisoned"), encoder)
    assert not _found(same, "mistranslation")


def test_a_mistranslated_noun_is_minor_another_word_a_note(encoder):
    """A noun alone names a thing: `primrose` / `fragrance` (MQM TED talk.6, a Major Terminology mark) is minor.
    A verb means what its sentence makes it mean: `descends` / `hanging` (talk.6, every rater No-error in 10
    systems) is the same sense said another way, reported as info, not a stop."""
    ref = "Finally, there's one of evening primrose that Bjorn Rorslett from Norway sent me -- fantastic hidden pattern."
    cand = ("Finally, this is an evening fragrance that was sent to me by Bjorn Rorslett of Norway - a fantastic "
            "hidden pattern.")
    hits = _found(_run(ref, cand, encoder), "mistranslation")
    assert [(f.ref_text, f.cand_text, f.severity) for f in hits] == [("primrose", "fragrance", "minor")]
    ref = ("This orchid, known as Darwin's orchid, because it's one that he studied and made a wonderful prediction "
           "when he saw it -- you can see that there's a very long nectar tube that descends down from the orchid.")
    cand = ("This orchid, known as Darwin's orchid, because it's one that he studied and made a wonderful prediction "
            "when he saw it -- you can see that there's a very long nectar tube hanging down from the orchid.")
    hits = _found(_run(ref, cand, encoder), "mistranslation")
    assert [(f.ref_text, f.cand_text, f.severity) for f in hits] == [("descends", "hanging", "info")]


def test_alignment_read_back_from_disk_cache(tmp_path):
    from qualcheck.embed import get_encoder

    enc = get_encoder(cache_dir=tmp_path)
    cand = "Since then, China has continued to supply Russia’s war machine."
    wordalign._MEMORY.clear()
    first = wordalign.align_pairs([(SUPPLY, cand)], enc)[0]
    wordalign._MEMORY.clear()
    calls = []
    orig = wordalign._word_vectors_uncached
    wordalign._word_vectors_uncached = lambda texts, e: calls.append(texts) or orig(texts, e)
    try:
        again = wordalign.align_pairs([(SUPPLY, cand)], enc)[0]
    finally:
        wordalign._word_vectors_uncached = orig
    assert not calls  # read back, not recomputed
    assert again.pairs == [(i, j, round(s, 4), h) for i, j, s, h in first.pairs]
    assert wordalign.gaps(again, "reference")[0].text == wordalign.gaps(first, "reference")[0].text


def test_a_sentence_initial_name_is_not_a_mistranslation(encoder):
    """`Xi` opens its sentence, but the story writes `President Xi` elsewhere: a name, the name checks'
    business (a mistranslation finding on it hid `name.missing`)."""
    ref = ("Chinese President Xi Jinping arrived in Moscow on Monday for a three-day visit. "
           "Xi said that relations between the two countries were strong.")
    cand = ("Chinese President Xi Jinping arrived in Moscow on Monday for a three-day visit. "
            "The ambassador said that relations between the two countries were strong.")
    report = check(ref, cand, encoder=encoder)
    assert not _found(report, "mistranslation")
    assert [f for f in _found(report, "name.missing") if "Xi" in f.message]


def _sentence_of(doc, span) -> set[int]:
    return {k for k, s in enumerate(doc.sentences) if span and s.start < span[1] and span[0] < s.end}


def _in_pair(report, pair, categories) -> list:
    """The findings of ``categories`` whose spans fall inside the aligned pair ``pair`` (reference and candidate
    sentence indices)."""
    r, c = set(pair[0]), set(pair[1])
    out = []
    for f in report.findings:
        if f.category.split(".")[0] in categories or f.category in categories:
            refs = _sentence_of(report.reference, f.ref_span)
            cands = _sentence_of(report.candidate, f.cand_span)
            if (refs or cands) and refs <= r and cands <= c:
                out.append(f)
    return out


def test_a_weak_pair_is_one_finding(seed_report, encoder):
    """A weak pair (the gate stops it, or its cosine is under 0.6) is one finding, not a cascade of word findings:
    on the seed pair the gate stops four pairs, none of them a candidate the reference carries, and each is one
    `mismatch.unrelated`, no omission / addition / mistranslation beside it; with the gate off, the same pairs
    read word by word give several."""
    weak = seed_report.metadata["check_info"]["weak_pairs"]
    assert len(weak) == 4
    assert any(f.category in CHECKS for f in seed_report.findings)  # the word reading ran on the trusted pairs
    for pair in weak:
        assert [f.category for f in _in_pair(seed_report, pair, CHECKS + ["mismatch"])] == ["mismatch.unrelated"]
    ungated = check(SEED_REF, SEED_CAND, encoder=encoder, pair_gate=False)
    assert max(len(_in_pair(ungated, pair, CHECKS)) for pair in weak) >= 2


BIG_BANG = 'When that expression was coined, it was derisive -- like, "Oh, who would believe in a Big Bang?"'


def test_a_weak_pair_the_reference_mostly_carries_is_its_drop(encoder):
    """MQM TED talk.2 (No-error MT, `who would believe in the Big Bang` cut by the omission generator, seed 0):
    `When the term was coined, some people taunted - "Oh?"`. The gate stops the pair; 2 of the candidate's 5
    content words are left over (40%: over the 35% that was the bound, within half): the reference mostly carries
    it, so the pair's one finding is the drop, named, with the gate's mismatch folded into it."""
    rep = check(BIG_BANG, 'When the term was coined, some people taunted - "Oh?"', encoder=encoder)
    assert rep.metadata["check_info"]["weak_pairs"]
    assert [(f.category, f.ref_text) for f in rep.findings] == [("omission.partial", "believe in a Big Bang")]
    assert [r["category"] for r in rep.findings[0].related] == ["mismatch.unrelated"]


def test_a_weak_pair_with_two_drops_is_one_finding_naming_both(encoder):
    """The seed story's `supply Russia's war machine by purchasing oil and exports of dual-use technologies` cut
    to `China has continued to supply oil.`: the gate stops the pair, two runs are left over. One finding: the
    longer run, the other named in its message (a trusted pair gets one finding per run)."""
    rep = check(SUPPLY, "China has continued to supply oil.", encoder=encoder, checks=CHECKS + ["mismatch"])
    assert rep.metadata["check_info"]["weak_pairs"]
    assert [(f.category, f.ref_text) for f in rep.findings] == [("omission.partial", "Russia’s war machine by purchasing")]
    assert "drops ‘Russia’s war machine by purchasing’ and ‘exports of dual-use technologies’ (names Russia’s): 7 " \
           "content words" in rep.findings[0].message
    trusted = check(SUPPLY, "Since then, China has continued purchasing oil.", encoder=encoder, checks=CHECKS)
    assert not trusted.metadata["check_info"]["weak_pairs"]
    assert [f.ref_text for f in trusted.findings] == ["supply Russia’s war machine", "exports of dual-use technologies"]


def test_a_dropped_softener_is_minor_an_attribution_hedge_or_a_figure_bound_major(encoder):
    """`maybe` / `almost every` dropped: minor (a softener); `reportedly` or `more than 30` dropped: major."""
    soft = "Maybe the talks will resume next week in Beijing, officials said."
    f = _found(_run(soft, soft.replace("Maybe the", "The"), encoder), "omission.partial")
    assert [x.ref_text.lower() for x in f] == ["maybe"] and f[0].severity == "minor"
    almost = "Almost every delegate at the summit in Beijing backed the plan."
    f = _found(_run(almost, almost.replace("Almost every", "Every"), encoder), "omission.partial")
    assert [x.ref_text.lower() for x in f] == ["almost"] and f[0].severity == "minor"
    bound = "Almost 30 delegates at the summit in Beijing backed the plan."
    f = _found(_run(bound, bound.replace("Almost 30", "30"), encoder), "omission.partial")
    assert [x.ref_text.lower() for x in f] == ["almost"] and f[0].severity == "major"


def test_a_name_said_twice_and_translated_once_is_a_dropped_mention(encoder):
    """A name the reference says twice and the candidate once lost a mention, though the word is still
    there: counted per mention, not by whether the word occurs (MQM TED talk.2, seg 104, `as the Earth is`
    dropped). A name said as often on both sides is no drop."""
    ref = ("And you can be bent so much that you're caught in orbit around the Sun, as the Earth is, "
           "or the Moon around the Earth.")
    hits = _found(_run(ref, ref.replace(" as the Earth is,", ""), encoder), "omission.partial")
    assert len(hits) == 1 and hits[0].ref_text == "Earth", [f.message for f in hits]
    assert "(names Earth)" in hits[0].message
    # the same sentence with its other clause dropped: `Earth` keeps its two mentions on neither side
    assert not [f for f in _found(_run(ref, ref.replace(" as the Earth is,", " as it is,"), encoder),
                                  "omission.partial") if f.ref_text == "Earth"]


# ---------------------------------------------------------------- issue 18, fourth session: real MQM TED pairs
# (reference = the talk's human translation; candidate = an MT translation every rater marked No-error, or
# that translation with a piece cut, as bench/meaning.py --only omission makes them)

SOCIETIES = "But in the more equal societies, it rises to 60 or 65 percent."  # talk.9 seg 53
SPECTRUM = "But if you look at the spectrum, birds and us, we see red, green and blue and see that spectrum."  # talk.6 101
WONDER = ("I mean, in the spirit of rising to TED's challenge to reignite wonder, we can ask questions, at least for "
          "this last minute, that honestly might evade us forever.")  # talk.2 seg 132
WONDER_MT = ("I want to say that if the significance of this question is raised to the level advocated by TED to cause "
             "people to rethink, at least in this last minute, we can ask some questions that we may never be able "
             "to answer.")


def test_a_pair_the_gate_stops_is_read_for_a_piece_when_the_other_side_carries_it_whole(encoder):
    """`But in more equal societies.` is the reference with its clause cut: the cut lowers the cosine, so the gate
    stops the pair, but every content word of the candidate is in the reference: the dropped clause is reported
    (and, the mirror, the added one when the sides are swapped)."""
    cand = "But in more equal societies."
    hits = _found(_run(SOCIETIES, cand, encoder), "omission.partial")
    assert [f.ref_text for f in hits] == ["rises to 60 or 65 percent"], [f.message for f in hits]
    added = _found(_run(cand, SOCIETIES, encoder), "addition.partial")
    assert [f.cand_text for f in added] == ["rises to 60 or 65 percent"]
    # one defect: the gate's "not a translation" is that cut, named in the dropped run's `related`
    rep = check(SOCIETIES, cand, encoder=encoder, checks=CHECKS + ["mismatch"])
    assert [f.category for f in rep.findings] == ["omission.partial"]
    assert [r["category"] for r in rep.findings[0].related] == ["mismatch.unrelated"]


def test_a_repeated_word_goes_to_the_mention_its_neighbours_point_at(encoder):
    """`we see red, green and blue and see that spectrum` / `we see red`: the candidate's `see` is the first one
    (between `we` and `red`), so the cut clause `green and blue and see that spectrum` is left over whole."""
    cand = "But if you look at the spectrum, birds and us, we see red."
    wa = wordalign.align_pairs([(SPECTRUM, cand)], encoder)[0]
    sees = [i for i, w in enumerate(wa.ref_words) if w.low == "see"]
    assert sees[0] in wa.ref_matched and sees[1] not in wa.ref_matched
    hits = _found(_run(SPECTRUM, cand, encoder), "omission.partial")
    assert [f.ref_text for f in hits] == ["green and blue and see that spectrum"], [f.message for f in hits]


def test_one_approximator_carries_another(encoder):
    """talk.5 seg 3: `almost 10 years` / `about 10 years` (No-error): no dropped qualifier."""
    ref = "I first went to Antarctica almost 10 years ago, where I saw my first icebergs."
    cand = "I went to Antarctica for the first time about 10 years ago, and I saw icebergs for the first time."
    assert not [f for f in _found(_run(ref, cand, encoder), "omission.partial") if f.ref_text == "almost"]


def test_a_qualifier_said_more_often_in_the_reference_lost_a_mention(encoder):
    """talk.2 seg 134 says `maybe` four times; the candidate with one cut says it three times: one is dropped."""
    ref = ("Or, is it possible that we're just a branch off of a multiverse -- each branch with its own Big Bang in "
           "its past -- maybe some of them with black holes playing drums, maybe some without -- maybe some with "
           "sentient life, and maybe some without -- not in our past, not in our future, but somehow fundamentally "
           "connected to us?")
    hits = _found(_run(ref, ref.replace("and maybe some without", "and some without"), encoder), "omission.partial")
    assert [f.ref_text.lower() for f in hits] == ["maybe"], [f.message for f in hits]


def test_a_name_is_not_carried_by_a_function_word(encoder):
    """talk.2 seg 2 with `the Earth` cut from its No-error MT: the contextual match pairs `Earth` with `we`; a name
    is carried by a word of content, a capitalised word (`USA` / `US`, talk.9 seg 84) or a pronoun, not by that.
    `I've` is no name (talk.9 seg 88)."""
    ref = "We can stand on the Earth and look up at the night sky and see stars with our bare eyes."
    cand = "We stand on and look up at the night sky and we can see the stars with our naked eyes."
    hits = _found(_run(ref, cand, encoder), "omission.partial")
    assert [f.ref_text for f in hits] == ["Earth"], [f.message for f in hits]
    ref2 = "And at the more unequal end, fathers' income is much more important -- in the UK, USA."
    cand2 = "On the more unequal side, dad's income is more important - in the UK, for example, and in the US."
    assert not [f for f in _found(_run(ref2, cand2, encoder), "omission.partial") if "USA" in f.ref_text]
    ref3 = "(Laughter) (Applause) I've shown you just a few things in italics here."
    cand3 = "(Laughter) (Applause) What I have shown is marked in italics here."
    assert not [f for f in _found(_run(ref3, cand3, encoder), "omission.partial") if "I've" in f.ref_text]


def test_a_clause_said_otherwise_in_its_place_is_no_drop(encoder):
    """talk.2 seg 132 (No-error): `challenge to reignite wonder` has the candidate's own `the level advocated by TED
    to cause people to rethink` in its place: reworded, not dropped. Cut the candidate's last clause and
    `honestly might evade us forever` has nothing in its place: dropped."""
    assert not [f for f in _found(_run(WONDER, WONDER_MT, encoder), "omission.partial") if "wonder" in f.ref_text]
    cut = WONDER_MT.replace(", we can ask some questions that we may never be able to answer.", ".")
    wa = wordalign.align_pairs([(WONDER, cut)], encoder)[0]  # (the gate stops this pair: read it word by word here)
    runs = [g.text for g in wordalign.gaps(wa, "reference")]
    assert [r for r in runs if "forever" in r], runs


def test_another_approximator_before_the_figure_carries_a_dropped_one(encoder):
    """`almost 30 years` / `nearly 30 years`, `almost 10 years` / `about 10 years` (MQM TED talk.2 seg 147 and
    talk.5 seg 355, every rater: No-error; 16 major findings before): the figure still reads as approximate. A
    bound for an approximator (`at least 30`) is not one, and the dropped `almost` is still found."""
    ref = "It took almost 30 years for anyone in the world to crack this problem."
    for cand in ("It took nearly 30 years to solve this problem.", "It took about 30 years to solve this problem."):
        assert not [f for f in _found(_run(ref, cand, encoder), "omission.partial") if f.ref_text.lower() == "almost"]
    ref = "I first went to Antarctica almost 10 years ago, where I saw my first icebergs."
    cand = "I went to Antarctica for the first time about 10 years ago, and I saw icebergs for the first time."
    assert not [f for f in _found(_run(ref, cand, encoder), "omission.partial") if f.ref_text.lower() == "almost"]
    f = _found(_run(ref, ref.replace("almost 10", "10"), encoder), "omission.partial")
    assert [x.ref_text.lower() for x in f] == ["almost"] and f[0].severity == "major"


ICEBERG = ("It's easy to think, when you look at an iceberg, that they're isolated, that they're separate and alone, "
           "much like we as humans sometimes view ourselves.")  # talk.5


def test_a_clause_dropped_in_pieces(encoder):
    """talk.5's No-error MT with `it's easy to think that they're all isolated` cut (the omission generator, seed 0):
    the reference's counterpart is split by the matched `when you look at an iceberg` into runs under the 3 content
    words of a clause (`easy`, `they're isolated`), and the candidate says nothing of its own: a clause dropped in
    pieces, one finding naming them. The uncut MT, which says it, gets none."""
    mt = ("When you look at icebergs, it's easy to think that they're all isolated, that they're separate and alone, "
          "rather like how we humans sometimes think of ourselves.")
    assert not _found(_run(ICEBERG, mt, encoder), "omission.partial")
    cut = "When you look at icebergs, that they're separate and alone, rather like how we humans sometimes think of ourselves."
    hits = _found(_run(ICEBERG, cut, encoder), "omission.partial")
    assert len(hits) == 1 and "isolated" in hits[0].ref_text, [f.message for f in hits]
    assert "‘easy’" in hits[0].message


def test_a_hedge_before_a_figure_is_carried_by_an_approximator(encoder):
    """talk.2 (every rater: No-error): `maybe 30 kilometers outside of the black-hole sun` / `say 30 kilometers away
    from the black hole sun`: `say` before the figure keeps it approximate, the hedge is carried. Without it, the
    dropped `maybe` is found; `say a word` is no approximator."""
    ref = ("But if we did a little thought experiment -- as Einstein was very fond of doing -- we could imagine putting "
           "the Sun crushed down to six kilometers, and putting a tiny little Earth around it in orbit, maybe 30 "
           "kilometers outside of the black-hole sun.")
    mt = ("But if we do some thought experiments - Einstein was very fond of doing this - we can imagine crushing the "
          "sun and compressing it within six kilometers, and then putting a small Earth in orbit around it, say 30 "
          "kilometers away from the black hole sun.")
    maybe = lambda cand: [f for f in _found(_run(ref, cand, encoder), "omission.partial")  # noqa: E731
                          if f.ref_text.lower() == "maybe"]
    assert not maybe(mt)
    assert maybe(mt.replace("say 30", "30"))
    assert maybe(mt.replace("say 30 kilometers away from", "30 kilometers away, say a word to"))


def test_a_repeated_word_left_over_is_no_clause_dropped_in_pieces(encoder):
    """talk.7 seg 530, Online-W: `energy that's going to allow that to activate, allow our parts` / `energy to activate
    it, so that we can program these parts`: the pieces left over (`going to allow`, `allow`) hold two distinct words
    the candidate never says (`allow` twice is one): no clause dropped in pieces. The iceberg's pieces hold three."""
    ref = ("We need some energy that's going to allow that to activate, allow our parts to be able to fold up from the "
           "program.")
    cand = "We need some energy to activate it, so that we can program these parts to fold up."
    assert not _found(_run(ref, cand, encoder), "omission.partial")


def test_an_extra_mention_is_no_content_of_the_candidates_own(encoder):
    """talk.2 seg 205 with `the Big Bang` cut from its No-error MT (named-actor generator, seed 0): the pair is weak
    and read for a drop only where the reference carries the candidate; the candidate's second `sound` (the reference
    says it once) is a repeat, not content of its own, so the reference carries it and the dropped name is found."""
    ref = "If it was the Big Bang we were going to pick up, it would sound like this."
    cut = "If the sound we were trying to get was made by the, it would sound like this."
    hits = _found(_run(ref, cut, encoder), "omission.partial")
    assert len(hits) == 1 and hits[0].ref_text.startswith("Big Bang"), [f.message for f in hits]


def test_part_of_a_name_the_candidate_says_is_no_dropped_actor(encoder):
    """talk.2 (No-error MT): `the Milky Way Galaxy` / `the Milky Way`: the name is carried, `Galaxy` left out is no
    dropped actor; with the name cut, the drop is found."""
    ref = ("We would see a shadow of that black hole against the hundred billion stars in the Milky Way Galaxy and its "
           "luminous dust lanes.")
    mt = ("We'll see the shadow of a black hole cast on hundreds of billions of stars in the Milky Way and the dust "
          "lanes lit by the stars.")
    assert not _found(_run(ref, mt, encoder), "omission.partial")
    hits = _found(_run(ref, mt.replace(" in the Milky Way", ""), encoder), "omission.partial")
    assert len(hits) == 1 and hits[0].ref_text.startswith("Milky Way"), [f.message for f in hits]
    # a part replaced by another capitalised word is no part left out (talk.2 seg 146: the name check's major
    # name.missing holds the drop in its related, tests/test_trust.py)
    wa = wordalign.align_pairs([("I was part of a relativity group at NASA Goddard.",
                                 "I was part of a relativity group at NASA California.")], encoder)[0]
    assert [g.text for g in wordalign.gaps(wa, "reference")] == ["Goddard"]


def test_a_dropped_hedge_said_with_a_hedge_word_of_the_candidates_own_in_its_place(encoder):
    """talk.9 seg 761 (7 MT systems, every rater No-error): `more likely also to retain` / `the more inclined it is to
    retain`: `inclined` hedges the claim in `likely`'s place; the hedge is carried, nothing is dropped (it was a minor
    omission.partial, shown merged into the mistranslation `likely` / `inclined`). Without a hedge word there, or with
    one elsewhere in the sentence, or with one that is the counterpart of a reference word, it is still a drop."""
    ref = "And the more unequal societies are more likely also to retain the death penalty."
    mt = "The more unequal the society, the more inclined it is to retain the death penalty."
    likely = lambda cand: [g for g in wordalign.gaps(wordalign.align_pairs([(ref, cand)], encoder)[0],  # noqa: E731
                                                     "reference") if g.text == "likely"]
    assert not likely(mt)
    # in the report: no finding at or above minor on `likely` (the mistranslation `likely` / `inclined` alone is info)
    assert not [f for f in _run(ref, mt, encoder).findings if f.ref_text == "likely" and f.severity != "info"]
    assert not likely("The more unequal a society is, the more it tends to retain the death penalty.")
    assert likely("The more unequal a society is, the more it will retain the death penalty.")
    # a hedge word outside the place (before the matched `unequal ... society`) does not carry it
    assert likely("It seems that the more unequal a society is, the more it will retain the death penalty.")
    # the candidate's `seems` carrying the reference's own `seems` is no hedge of the candidate's own
    ref2 = "It seems that the more unequal societies are more likely also to retain the death penalty."
    wa = wordalign.align_pairs([(ref2, "It seems that the more unequal a society is, the more it will retain the death "
                                       "penalty.")], encoder)[0]
    assert [g for g in wordalign.gaps(wa, "reference") if g.text == "likely"]
