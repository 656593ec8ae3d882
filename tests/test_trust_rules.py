"""Issue 17's remaining rules, on real sentences (MQM TED segments every rater marked No-error, the
seed pair, the issue's examples): a negation is major only when it flips the same predicate; a stopped
pair that holds its slot is minor; spans on the changed words; acronyms, surnames and titles are the
names they stand for; look-alike words of one stem are not a changed term."""
from __future__ import annotations

from conftest import find

from qualcheck.checks import negation

# ---------------------------------------------------------------- negation: the same predicate, the opposite polarity


def _sure(ref, cand):
    return [d for d in negation.changes(ref, cand) if d[4]]


def test_negation_of_the_same_predicate_is_major():
    found = _sure("The Kremlin did not provide further commitments.", "The Kremlin did provide further commitments.")
    assert len(found) == 1 and found[0][1].text == "not" and found[0][3].text == "provide"
    assert _sure("They will merge.", "They won't merge.")
    assert _sure("He did not deny the report.", "He denied the report.")
    # no content word after the cue in its clause: the auxiliary is the predicate (MQM TED talk.6, a `not` added)
    found = _sure("And this is what I got.", "And this is not what I got.")
    assert len(found) == 1 and found[0][0] == "candidate" and found[0][3].text == "is"
    assert _sure("And this is what I got.", "And this isn't what I got.")
    # an answer's `No,` before the word is no negation of it; a negation earlier in the sentence is not
    # this predicate's when the frame is matched word for word (MQM TED talk.2, a `not` dropped or added)
    ref = "No, I'm not showing you any images, because black holes don't leave behind helpful trails of ink."
    assert _sure(ref, ref.replace("not showing", "showing"))
    ref = "What Einstein did not realize was that, if you took our Sun and you crushed it, you would make a black hole."
    assert _sure(ref, ref.replace("was that", "was not that"))


def test_negation_of_the_predicate_in_other_words_is_major(encoder):
    # MQM TED talk.2 (raters marked it): `could even start` -> `wouldn't even begin`; the encoder on the two
    # words alone takes begin/start for one predicate, the frame (`we ... even`) is the same
    ref = ("And if we were to fall towards this black hole, we would see all of that light lensed around it, "
           "and we could even start to cross into that shadow.")
    cand = ("If we fell towards this black hole, we would see light being refracted around the black hole, "
            "and we wouldn't even begin to enter the shadow.")
    assert negation.changes(ref, cand) == []  # without the encoder: no word in common
    found = [d for d in negation.changes(ref, cand, encoder) if d[4]]
    assert len(found) == 1 and found[0][1].text == "wouldn't" and found[0][3].text == "start"
    # unrelated words are not taken for one (`can't help but ask` / `have to ask`)
    assert not [d for d in negation.changes(
        "But we have to ask: Is it possible that our universe is just a plume?",
        "But we can't help but ask: Could our universe be just an episode?", encoder) if d[4]]


def test_negation_said_another_way_is_not_major(encoder):
    # MQM TED zh-en, every rater: No-error. Before, each was a major `negation`.
    pairs = [
        ("But the sound is too quiet for any of us to ever hear.",
         "But these sounds are so small that we can't even hear them."),
        ("And surely, somewhere in the universe two black holes have merged.",
         "There can be no doubt that somewhere in the universe two black holes have fused together."),
        ("And surely, somewhere in the universe two black holes have merged.",
         "It goes without saying that somewhere in the universe, two black holes have fused together."),
        ("But we have to ask: Is it possible that our universe is just a plume off of some greater history?",
         "But we can't help but ask: Could our universe be just an episode in a much grander history?"),
        ("And in Scandinavian countries, fathers' income is much less important.",
         "In northern Europe, dad's income is not so important."),
        ("So instead of having starch, which is the food of plants, it takes something rather similar to brown fat.",
         "It doesn't have starch. It's plant food. It has something very similar to brown fat."),
        ("Of course, there are people who dislike this stuff and people who find it very surprising.",
         "Of course, some people don't like this, and others find it surprising."),
        ("But once again, if you look at that measure of child well-being, in relation to national income per "
         "person, there's no relationship, no suggestion of a relationship.",
         "But again, if you look at the relationship between child welfare and national income per capita, "
         "you get nothing."),
    ]
    for ref, cand in pairs:
        assert _sure(ref, cand) == [], (ref, cand)
        assert [d for d in negation.changes(ref, cand, encoder) if d[4]] == [], (ref, cand)


def test_unsure_negation_points_at_the_counterpart():
    # the negated word is on the other side in another frame: a minor finding whose other-side word is
    # that word (the candidate span), not the whole sentence
    # (`anymore than light can escape` says light can't: a negation said by a construction, tests/test_spans.py)
    found = negation.changes("So we would fire our rockets and get out of there, as light can escape.",
                                 "So we would fire our rockets and get out of there, but we cannot escape, like light.")
    assert len(found) == 1 and not found[0][4] and found[0][1].text == "cannot" and found[0][3].text == "escape"
    # the negated word has no counterpart (an idiom: `no doubt`, `can't help but`): not a polarity change
    assert negation.changes("And surely, somewhere in the universe two black holes have merged.",
                                "There can be no doubt that somewhere in the universe two black holes have merged.") == []
    assert negation.changes("But we have to ask: Is it possible that our universe is just a plume?",
                                "But we can't help but ask: Could our universe be just an episode?") == []


# ---------------------------------------------------------------- a stopped pair between two translated pairs


def test_free_rendering_in_its_slot_is_minor(encoder):
    from qualcheck import check

    ref = ("The bees visit the flowers every morning. Why would they go to that bother? "
           "The answer is the nectar that the flowers hide deep inside.")
    cand = ("The bees visit the flowers every morning. Why is it so troublesome? "
            "The answer is the nectar that the flowers hide deep inside.")
    rep = check(ref, cand, encoder=encoder)
    weak = find(rep, "mismatch.unrelated")
    assert weak and all(f.severity == "minor" for f in weak)
    assert "between two translated pairs" in weak[0].message


def test_seed_cascade_pairs_stay_major(seed_report):
    # R14/C29 and R15/C30 of the seed pair are sentences of another report: no trusted neighbours hold them
    weak = [f for f in find(seed_report, "mismatch.unrelated") if "third anniversary" in f.ref_text
            or "Despite changes" in f.ref_text]
    assert any(f.severity == "major" for f in weak)
    assert not [f for f in weak if "between two translated pairs" in f.message]


# ---------------------------------------------------------------- numbers


def test_two_and_a_half_million_is_2_5_million():
    from qualcheck.checks import numbers

    changed, vanished, appeared = numbers.compare(
        numbers.extract("five years [of assembly time], 2.5 million parts."),
        numbers.extract("five years of assembly time, two and a half million parts."))
    assert (changed, vanished, appeared) == ([], [], [])


def test_multiple_against_a_figure_is_minor():
    # MQM TED (No-error): `up to three times that` is the candidate's `more than 24%` restated
    from qualcheck.checks import numbers

    changed, _, _ = numbers.compare(numbers.extract("And it goes from about eight percent up to three times that."),
                                    numbers.extract("It ranges from 8% to more than 24%."))
    assert len(changed) == 1 and numbers._restated(*changed[0])
    changed, _, _ = numbers.compare(numbers.extract("It had three times more visitors."),
                                    numbers.extract("It had four times more visitors."))
    assert len(changed) == 1 and not numbers._restated(*changed[0])


# ---------------------------------------------------------------- term: forms of one word


def test_forms_of_one_word_are_not_a_changed_term():
    from qualcheck.checks._stems import same_word
    from qualcheck.checks.terms import pair_terms

    for a, b in [("report", "reportedly"), ("hackers", "hacked"), ("similarly", "similar"),
                 ("registration", "registries"), ("democracies", "democratic"), ("known", "know"),
                 ("free-falling", "falling"), ("species", "species-at"), ("important", "importance")]:
        assert same_word(a, b), (a, b)
    for a, b in [("machine", "machinery"), ("dual", "double"), ("general", "generous"), ("former", "formal"),
                 ("policy", "police"), ("think", "thing"), ("fathers", "mothers"), ("unequal", "equal"),
                 ("country", "county"), ("comes", "becomes")]:
        assert not same_word(a, b), (a, b)
    # the lines (raters: No-error) give no term; the seed's look-alike still does
    assert not pair_terms("The hackers stole the data, the report said.",
                          "The data was hacked, it was reportedly said.")
    assert not pair_terms("Similarly, the registration of voters fell.", "Similar voter registries fell.")
    found = pair_terms("China supplies the Russian war machine and exports dual-use technologies.",
                       "China supplies the Russian war machinery and is exporting double-use technologies.")
    assert ("war machine", "war machinery") in [(x[2], x[3]) for x in found]


# ---------------------------------------------------------------- names: one entity, however it is called


def _names(encoder, ref, cand):
    from qualcheck import check

    # the name check alone: in a full check a name dropped inside a dropped run is held by its omission.partial
    return [f for f in check(ref, cand, encoder=encoder, checks=["names"]).findings if f.category.startswith("name.")]


def test_acronym_and_expansion_are_one_entity(encoder):
    from qualcheck.checks.names import _same_by_acronym

    # the initials of the expansion, `of`/`the`/`and` skipped, hyphenated parts counted
    for short, long_ in [("AFP", "Agence France-Presse"), ("KCNA", "Korean Central News Agency"),
                         ("EU", "European Union"), ("U.S.", "United States"), ("UN", "United Nations"),
                         ("UNHCR", "United Nations High Commissioner for Refugees"),
                         ("BoE", "Bank of England")]:
        assert _same_by_acronym(short, long_), (short, long_)
    assert not _same_by_acronym("AFP", "Global Times")
    found = _names(encoder,
                   "The two leaders spoke for three hours, Agence France-Presse reported, citing the Global Times.",
                   "The two leaders spoke for three hours, AFP reported, citing the Global Times.")
    assert not found
    found = _names(encoder, "North Korea fired two missiles on Sunday, the Korean Central News Agency said.",
                   "North Korea fired two missiles on Sunday, KCNA said.")
    assert not found


def test_surname_for_a_full_name_given_before(encoder):
    found = _names(encoder,
                   "Chinese President Xi Jinping arrived in Moscow on Monday. Russian President Vladimir Putin met "
                   "him at the Kremlin. Vladimir Putin said the talks were useful.",
                   "Chinese President Xi Jinping arrived in Moscow on Monday. Russian President Vladimir Putin met "
                   "him at the Kremlin. Putin said the talks were useful.")
    assert not found


def test_title_for_a_name_given_before_is_not_missing(encoder):
    ref = ("Chinese President Xi Jinping arrived in Moscow on Monday for a three-day visit. "
           "Xi said that relations between the two countries were strong.")
    found = _names(encoder, ref, "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day visit. "
                                 "The president said that relations between the two countries were strong.")
    assert not [f for f in found if f.category == "name.missing"]
    # a title the reference never gave him is not his: the name is missing
    found = _names(encoder, ref, "Chinese President Xi Jinping arrived in Moscow on Monday for a three-day visit. "
                                 "The ambassador said that relations between the two countries were strong.")
    assert [f for f in found if f.category == "name.missing" and "Xi" in f.message]


def test_name_case_only_on_words_that_are_names_in_the_reference(encoder):
    # capitalised mid-sentence in a line that is not title case: a name (MQM TED, talk.2)
    found = _names(encoder, "But is our Big Bang the only Big Bang in the universe, the scientists ask.",
                   "But is our big bang the only big bang in the universe, the scientists ask.")
    assert [f for f in found if f.category == "name.case" and "Big Bang" in f.message]
    # ordinary words a title-case line capitalises are not names, on either side
    found = _names(encoder, "Prices rose again in March. The consumer price index climbed by two points, "
                            "the bureau said next week.",
                   "Prices rose again in March. The Consumer Price Index climbed by two points, "
                   "the bureau said Next Week.")
    assert not [f for f in found if f.category == "name.case"]


def test_term_leaves_negations_and_says_when_a_prefix_reverses():
    from qualcheck.checks.terms import _reversal, pair_terms

    # MQM TED (No-error): `cannot hide` / `can't hide`, `they don't need` / `it doesn't require`
    assert not pair_terms("It cannot hide behind the black hole.", "It can't hide behind a black hole.")
    assert "“un-”" in _reversal("unequal", "equal") and "reference" in _reversal("unequal", "equal")
    assert "candidate" in _reversal("like", "dislike") and _reversal("make", "take") == ""


def test_a_name_in_lower_case_after_its_article_is_a_common_noun_info(encoder):
    """MQM TED talk.2 seg 212 and 192 (metricsystem1, metricsystem4, Borderline, DIDI-NLP; every rater: No-error):
    `there was a big bang in the past` / `a Big Bang`, `the biggest of which is the "big bang"`: a common-noun
    style (info, said so: house style decides; it was minor, and before that major), not a misspelt name (major).
    `XI` for `Xi` stays major (tests/test_names.py); `big bang` with no article before it stays a name.case."""
    ref = ("If we run the movie of our universe backwards, we know that there was a Big Bang in our past, and we might "
           "even hear the cacophonous sound of it.")
    cand = ("If we play the history of the universe backwards, we can know that there was a big bang in the past, and "
            "we can even hear its noise.")
    case = [f for f in _names(encoder, ref, cand) if f.category == "name.case"]
    assert case and all(f.severity == "info" for f in case), [(f.message, f.severity) for f in case]
    ref = ("And it's not just black holes, but it's also any big disturbance in the universe -- and the biggest of "
           "them all is the Big Bang.")
    cand = ("This detection is not limited to black holes, it can also be used to detect any large disturbance in the "
            "universe - the biggest of which is the \"big bang\".")
    case = [f for f in _names(encoder, ref, cand) if f.category == "name.case"]
    assert case and all(f.severity == "info" for f in case), [(f.message, f.severity) for f in case]
    # talk.2 seg 87 (8 systems): `the light reflected back from the moon` / `the Moon`
    case = [f for f in _names(encoder, "We see light reflected off the Moon.",
                              "We can see the light reflected back from the moon.") if f.category == "name.case"]
    assert case and all(f.severity == "info" for f in case), [(f.message, f.severity) for f in case]


def test_an_acronym_inside_a_name_a_state_abbreviation_and_a_dash_glued_expansion(encoder):
    """MQM TED, 13 MT systems: talk.2 seg 146 (`a relativity group at NASA Goddard` / `the National Aeronautics and
    Space Administration`: name.unknown in 4 systems), seg 177 (`Long Beach, California` / `Long Beach, CA`),
    talk.9 seg 705 (`data from the UN` / `the United Nations—like the World Bank`), talk.6 seg 475 (`43 or 44
    degrees Centigrade` / `Celsius`, 5 systems): one entity each. A name the reference does not have is still
    reported."""
    cases = [
        ("This computer simulation is due to a relativity group at NASA Goddard.",
         "This computer simulation was done by Goddard's Relativity Group of the National Aeronautics and Space "
         "Administration."),
        ("Luckily we're at this safe distance in Long Beach, California.", "Luckily we are very safe in Long Beach, CA."),
        ("I'm taking data from the UN -- it's the same as the World Bank has -- on the scale of income differences.",
         "My data comes from the United Nations—like the World Bank data—about the income gap."),
        ("Not only will it raise itself to 115 Fahrenheit, 43 or 44 degrees Centigrade, for two days.",
         "Not only will it warm up to 115 degrees Fahrenheit, 43 or 44 degrees Celsius, for two days."),
    ]
    for ref, cand in cases:
        found = [f for f in _names(encoder, ref, cand) if f.category in ("name.unknown", "name.missing", "name.variant")]
        assert found == [], [f.message for f in found]
    found = _names(encoder, cases[0][0], cases[0][1].replace("National Aeronautics and Space Administration",
                                                             "European Space Agency"))
    assert [f for f in found if f.category in ("name.unknown", "name.missing")]


def test_a_missing_names_candidate_span_is_the_words_in_its_place(encoder):
    """name.missing's candidate span was the whole candidate sentence (MQM TED, 13 MT systems: 33 findings on
    segments with a marked span, overlap 100% against a random span's 98%): now the words the word alignment puts
    in the name's place, or the seam where it was dropped."""
    cases = [
        # (talk.2 seg 122 and 129, `the Earth` / `the planet`, `the Milky Way` / `the galaxy`, were this test's
        # cases: the common nouns that name them are the same entity now, test_a_name_said_by_the_common_noun...)
        ("So this is a NAND gate.", "It's with and without gates.", "with and without"),
        ("So I'm going to show you a number of projects that my colleagues and I at MIT are working on to achieve "
         "this self-assembling future.",
         "So I'm going to show you some of the projects that my colleagues and I are working on to realize this "
         "self-assembled future.", "I are"),
    ]
    from qualcheck import check

    for ref, cand, where in cases:
        # the name check's own span (in a full check the MIT case is held by the omission.partial `at MIT`)
        (f,) = [f for f in check(ref, cand, encoder=encoder, checks=["names"]).findings if f.category == "name.missing"]
        assert cand[f.cand_span[0]:f.cand_span[1]] == where


def test_a_reworded_quotation_that_says_the_same_is_info(encoder):
    """MQM TED talk.6 seg 423 (11 of 13 MT systems, every rater: No-error): `I've got a bit of nectar. Do you want
    to come and get it?` / `I have some nectar. Would you like to come and get some?` was a major quote.changed, then
    minor: a quotation translated from Chinese is the translator's words; what was said holds: a note (info), not a
    stop. talk.9 seg 800 (`low social class,` / `lower class of society`) the same. The seed pair's `no limits` /
    `no-restriction` stays major (tests/test_trust.py)."""
    from qualcheck import check

    ref = "And the plant says, \"I've got a bit of nectar. Do you want to come and get it?\""
    cand = "The plant says, \"I have some nectar. Would you like to come and get some?\""
    (f,) = [f for f in check(ref, cand, encoder=encoder).findings if f.category == "quote.changed"]
    assert f.severity == "info" and "reads the same" in f.message
    cand = "The plant says, \"I have no nectar. Go away and never come back.\""
    assert [f for f in check(ref, cand, encoder=encoder).findings
            if f.category == "quote.changed" and f.severity == "major"]


def test_a_name_said_by_the_common_noun_or_adjective_that_names_it(encoder):
    """MQM TED, 13 MT systems, name.missing: talk.2 seg 181 (`built on Earth` / `in the world`, 9 systems), talk.9
    seg 805 (`in the United States` / `American`), talk.6 seg 475 (`degrees Centigrade` / `° C`), talk.9 seg 705
    (`the UN` / `the United Nations-like`). A name dropped is still missing (talk.7 seg 532, `at MIT`)."""
    cases = [
        ("There are very industrious experiments being built on Earth -- one called LIGO -- which will detect "
         "deviations in space.",
         "There are some experiments in the world that would take a lot of effort to set up - one of them is called "
         "LIGO - that would be able to detect vibrations in space."),
        ("We show that on about five different sets of data covering educational outcomes and health in the United "
         "States and internationally.",
         "We showed 5 different sets of data, including American and international education results and health "
         "status."),
        ("Not only will it raise itself to 115 Fahrenheit, 43 or 44 degrees Centigrade, for two days.",
         "Not only will it warm up to 115 ° F, 43 or 44 ° C for two days."),
        ("I'm taking data from the UN -- it's the same as the World Bank has -- on the scale of income differences.",
         "My data comes from the United Nations-like the World Bank data-about the income gap."),
    ]
    for ref, cand in cases:
        found = [f for f in _names(encoder, ref, cand) if f.category == "name.missing"]
        assert found == [], [f.message for f in found]
    found = _names(encoder, "So I'm going to show you a number of projects that my colleagues and I at MIT are "
                            "working on.", "So I'm going to show you some of the projects that my colleagues and I are "
                                           "working on.")
    assert [f for f in found if f.category == "name.missing"]


def test_a_possessive_common_noun_names_the_name(encoder):
    """talk.2 seg 181 (Facebook-AI): `built on Earth` / `Some of the world's most painstakingly constructed
    experiments`."""
    found = _names(encoder, "There are very industrious experiments being built on Earth -- one called LIGO -- which "
                            "will detect deviations in space.",
                   "Some of the world's most painstakingly constructed experiments - including one called LIGO - will "
                   "be able to detect vibrations in space.")
    assert not [f for f in found if f.category == "name.missing"], [f.message for f in found]


def test_a_missing_name_without_a_clear_place_keeps_the_sentence_as_its_span(seed_report, encoder):
    """The seed pair: `share wealth and woe,” Xi told Putin, according to China's state news agency Xinhua` /
    `develop together,” the media.`: Xi's neighbours (`woe`, `told`) have no counterpart, so no place can be named;
    the candidate span stays the candidate sentence (not `develop together`). (In the full report the finding is
    held by the omission.partial of the dropped words, tests/test_trust.py.)"""
    from qualcheck import check

    rep = check(seed_report.reference.original, seed_report.candidate.original, encoder=encoder, checks=["names"])
    (f,) = [f for f in rep.findings if f.category == "name.missing" and "Xi" in f.suggestion]
    text = rep.candidate.original[f.cand_span[0]:f.cand_span[1]]
    assert text.startswith("“History and reality show") and text.rstrip().endswith("the media."), text


def test_a_name_said_in_another_of_its_forms_is_not_a_dropped_run(encoder):
    """MQM TED, 13 MT systems, omission.partial on segments every rater marked No-error: talk.2 seg 130 (`the Milky Way
    Galaxy` / `the galaxy`, 5 systems), talk.9 seg 720 (`the British Medical Journal` / `the BMJ`, 2), seg 805 (`in
    the United States` / `US`, 12): the run read word by word (`Way`, `British Medical`, `United`) is a name the
    candidate says in another form, which the name check takes as present. `at MIT` dropped (talk.7 seg 532) is
    still a drop."""
    from qualcheck import check

    cases = [
        ("We would see a shadow of that black hole against the hundred billion stars in the Milky Way Galaxy and its "
         "luminous dust lanes.",
         "We would see the shadow of a black hole cast on hundreds of billions of stars in the galaxy and the dust "
         "belts illuminated by the stars."),
        ("We were a little bit worried that people might think we'd been choosing problems to suit our argument and "
         "just manufactured this evidence, so we also did a paper in the British Medical Journal on the UNICEF index "
         "of child well-being.",
         "We were a little bit worried that people might think that we were picking specific questions to fit our "
         "theory and artificially creating evidence, so we also published a paper in the BMJ on the UNICEF Child "
         "Welfare Index."),
        ("We show that on about five different sets of data covering educational outcomes and health in the United "
         "States and internationally.",
         "We presented five different sets of data, including US and international educational outcomes and health "
         "status."),
    ]
    for ref, cand in cases:
        found = [f for f in check(ref, cand, encoder=encoder).findings if f.category == "omission.partial"
                 and any(w in f.message for w in ("Way", "Galaxy", "British", "United", "States"))]
        assert found == [], [f.message for f in found]
    ref = ("So I'm going to show you a number of projects that my colleagues and I at MIT are working on to achieve "
           "this self-assembling future.")
    cand = ("Therefore, I want to show you some projects that my colleagues and I are working on to realize this "
            "self-assembled future.")
    assert [f for f in check(ref, cand, encoder=encoder).findings
            if f.category == "omission.partial" and "MIT" in f.message]
    # a mention lost where another mention of the entity stays (bench/meaning.py's omission generator, fresh seed 1,
    # talk.9: `if Americans want to live the American dream` -> `if want to realize their "American Dream"`)
    ref = ("And as we like to say -- and I know there are a lot of Americans in the audience here -- if Americans want "
           "to live the American dream, they should go to Denmark.")
    cand = ("As we always say — I know there are many American listeners here — if want to realize their \"American "
            "Dream\", they should go to Denmark.")
    assert [f for f in check(ref, cand, encoder=encoder).findings
            if f.category == "omission.partial" and "Americans" in f.message]
    # another name in the form's place is no form of it
    assert [f for f in check(cases[2][0], cases[2][1].replace("US", "Canadian"), encoder=encoder).findings
            if f.category in ("omission.partial", "name.missing") and "United" in f.message]
