"""A name is caught wherever it stands: opening a sentence (`Venus, of course, ...`, `Merkel said ...`) or untagged
by spaCy's NER (`the Big Bang`, `the French Revolution`), and capitalised ordinary words opening a sentence are still
no names (`Relevancy itself ...`, `(Laughter)`, `Imagine ...`). MQM TED sentences (the injected name edits of
bench/trust.py) and news-like ones."""

from __future__ import annotations

from qualcheck import check


def _name_findings(rep, old: str, severity: str | None = None):
    """Findings about the reference name ``old``: a name.missing / name.unknown suggesting it, or a finding holding
    one in ``related`` (the merge folds a name.missing into the omission.partial of the same words)."""
    out = []
    for f in rep.findings:
        cats = [f.category] + [r["category"] for r in f.related or []]
        if not {"name.missing", "name.unknown"} & set(cats) or old not in (f.ref_text or "") + (f.suggestion or ""):
            continue
        if severity is None or f.severity == severity:
            out.append(f)
    return out


def _any_name(rep):
    return [f for f in rep.findings if f.category.startswith("name.")
            or any(r["category"].startswith("name.") for r in f.related or [])]


# MQM TED talk.6 segs 508-510 (reference)
VENUS = ("That's the main use of that filter.\n"
         "Venus, of course, is the god of love and fertility, which is the flower story.\n"
         "And just as flowers spend a lot of effort trying to get pollinators to do their bidding, they've also somehow "
         "managed to persuade us to plant great fields full of them.")
# MQM TED talk.2 segs 98-99
EINSTEIN = ("Now we owe the idea that space can ring like a drum to Albert Einstein -- to whom we owe so much.\n"
            "Einstein realized that if space were empty, if the universe were empty, it would be like this picture, "
            "except for maybe without the helpful grid drawn on it.")


def test_name_opening_a_sentence_dropped(encoder):
    # the tagger reads `Venus` as a proper noun, in lower case too; no other sentence names it
    rep = check(VENUS, VENUS.replace("Venus, of course, is", "Of course, is"), encoder=encoder)
    assert _name_findings(rep, "Venus")


def test_name_opening_a_sentence_replaced(encoder):
    rep = check(VENUS, VENUS.replace("Venus, of course", "Mars, of course"), encoder=encoder)
    got = _name_findings(rep, "Venus", "major")
    assert got and got[0].cand_text == "Mars"


def test_name_opening_a_sentence_named_inside_another(encoder):
    # `Einstein` opens its sentence; the one before writes `Albert Einstein` inside a sentence
    rep = check(EINSTEIN, EINSTEIN.replace("Einstein realized", "Hubble realized"), encoder=encoder)
    got = _name_findings(rep, "Einstein", "major")
    assert got and got[0].cand_text == "Hubble"


def test_name_opening_a_sentence_named_inside_another_without_spacy(encoder):
    # the shape rules alone (no model): a capitalised first word counts when the story writes it inside a sentence
    rep = check(EINSTEIN, EINSTEIN.replace("Einstein realized", "He realized"), encoder=encoder, ner_engine="heuristic")
    assert _name_findings(rep, "Einstein")


def test_news_name_opening_a_sentence_the_model_does_not_tag(encoder):
    ref = ("Merkel said Germany would not send troops to the region.\n"
           "The chancellor spoke to reporters in Berlin after the meeting.")
    rep = check(ref, ref.replace("Merkel said", "Macron said"), encoder=encoder)
    got = _name_findings(rep, "Merkel", "major")
    assert got and got[0].cand_text == "Macron"


def test_untagged_name_replaced_by_a_name_of_the_story(encoder):
    # MQM TED talk.2 segs 185 and 196: spaCy does not tag `Big Bang`; `Hubble` is a name of the story
    ref = "In this Hubble image, we see two galaxies.\nSo imagine you're inside the Big Bang."
    rep = check(ref, ref.replace("inside the Big Bang", "inside the Hubble"), encoder=encoder)
    got = _name_findings(rep, "Big Bang", "major")
    assert got and got[0].cand_text == "Hubble"


def test_untagged_name_dropped(encoder):
    # MQM TED talk.9 seg 686: `French Revolution` (an EVENT, no name label) dropped
    ref = ("I think the intuition that inequality is divisive and socially corrosive has been around since before the "
           "French Revolution.")
    rep = check(ref, ref.replace(" since before the French Revolution", ""), encoder=encoder)
    assert _name_findings(rep, "French Revolution")


def test_news_event_replaced_and_dropped(encoder):
    # spaCy tags `the Cold War` EVENT, not a name label: the shape rules find it, the tagger reads `War` as a proper noun
    ref = ("The treaty was signed a year after the end of the Cold War, historians say.\n"
           "It changed trade in the region.")
    rep = check(ref, ref.replace("the Cold War", "the Arab Spring"), encoder=encoder)
    got = _name_findings(rep, "Cold War", "major")
    assert got and got[0].cand_text == "Arab Spring"
    rep = check(ref, ref.replace("the end of the Cold War", "the end of it"), encoder=encoder)
    assert _name_findings(rep, "Cold War")


def test_common_words_opening_a_sentence_are_no_names(encoder):
    # MQM TED talk.9 refB seg 832: the tagger reads `Relevancy` as a proper noun where it opens the sentence, but
    # not in lower case; `(Laughter)` stands alone; `Imagine` is a verb
    ref = ("Correlation itself cannot prove causality.\n(Laughter)\n"
           "Imagine the scene at the border on Monday morning.")
    cand = ("Relevancy itself cannot prove causality.\n(Applause)\n"
            "Picture the scene at the border on Monday morning.")
    rep = check(ref, cand, encoder=encoder)
    assert not _any_name(rep)
    rep = check(cand, ref, encoder=encoder)
    assert not _any_name(rep)


def test_the_word_before_a_name_is_no_title_of_it(encoder):
    # MQM TED talk.2 refB segs 185 and 194, `Big Bang` replaced by `Hubble`: `watching the Big Bang` made `watching`
    # read as a title of the name (`the president` for President Xi), and the candidate's `the scene of watching`
    # took it for the name rendered as a title
    ref = ("In the image sent back by the Hubble telescope, we see these two galaxies.\n"
           "This short animation made by my friend at Proton Studio shows the scene of watching the Big Bang from the "
           "outside.")
    rep = check(ref, ref.replace("watching the Big Bang", "watching the Hubble"), encoder=encoder)
    got = _name_findings(rep, "Big Bang", "major")
    assert got and got[0].cand_text == "Hubble"


def test_abbreviations_are_no_new_names(encoder):
    # MQM TED talk.6 segs 475 and 503, SMU and metricsystem1: `F` for `Fahrenheit`, `UV` for `ultraviolet`
    ref = ("Not only will it raise itself to 115 Fahrenheit, 43 or 44 degrees Centigrade, for two days, but it keeps "
           "constant temperature.\n"
           "And that could be the basis of a sunscreen because sunscreens work by absorbing ultraviolet light.")
    cand = ("Not only will it warm up to 155 degrees F, 43 or 44 degrees Celsius for two days, but also it will remain "
            "constant.\n"
            "This can be used as the basis for sunscreen, since sunscreen works by absorbing UV light.")
    rep = check(ref, cand, encoder=encoder)
    assert not [f for f in _any_name(rep) if "Fahrenheit" in (f.ref_text or "") + (f.suggestion or "")
                or f.cand_text in ("F", "UV")]


def test_same_head_other_modifier_is_another_entity(encoder):
    # MQM TED talk.9 seg 686 with `French` replaced; a news law: the shared head (`Revolution`, `Act`) is a common
    # noun, not a surname that carries the name
    ref = ("I think the intuition that inequality is divisive and socially corrosive has been around since before the "
           "French Revolution.")
    rep = check(ref, ref.replace("French Revolution", "Russian Revolution"), encoder=encoder)
    got = _name_findings(rep, "French Revolution", "major")
    assert got and got[0].cand_text == "Russian Revolution"
    ref = "The bill would repeal the Affordable Care Act, officials said.\nIt changed health care."
    rep = check(ref, ref.replace("Affordable Care Act", "Patriot Act"), encoder=encoder)
    got = _name_findings(rep, "Affordable Care Act", "major")
    assert got and got[0].cand_text == "Patriot Act"
    # a shorter form is the same name
    ref = "The New York Times reported the deal on Monday.\nIt covers 40 countries."
    assert not _any_name(check(ref, ref.replace("The New York Times", "The Times"), encoder=encoder))


def test_acronym_spelled_out_beside_the_head_is_the_same_name(encoder):
    # MQM TED talk.2 seg 146, refB against ref: the head rule for names that are not persons must not take the
    # acronym's expansion for another entity
    ref = "This computer simulation is due to a relativity group at NASA Goddard."
    cand = "This computer simulation is done by the National Aeronautics and Space Administration Goddard relativity group."
    assert not _any_name(check(ref, cand, encoder=encoder))
