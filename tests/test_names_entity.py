"""A multi-word name is one entity (issue 17): carried by its head (the last word), by all its words, or by a
shorter form of it; a shared word beside a word the reference does not have is another entity."""

from __future__ import annotations

import pytest
from conftest import find

from qualcheck import check


def _names(encoder, ref: str, cand: str):
    return check(ref, cand, encoder=encoder, checks=["names"])


def test_shared_first_word_with_another_head_is_another_entity(encoder):
    # MQM TED talk.2 seg 146, the name edited the way the injected-edit benchmark edits it
    rep = _names(encoder, "This computer simulation is due to a relativity group at NASA Goddard.",
                 "This computer simulation is due to a relativity group at NASA California.")
    got = find(rep, "name.missing", "NASA California")
    assert got and got[0].severity == "major" and got[0].suggestion == "NASA Goddard"
    assert rep.candidate.original[got[0].cand_span[0]:got[0].cand_span[1]] == "NASA California"


@pytest.mark.parametrize("ref_name,cand_name", [("European Commission", "European Parliament"),
                                                ("Bank of England", "Bank of Japan")])
def test_news_institution_replaced_by_a_sibling(encoder, ref_name, cand_name):
    ref = (f"The {ref_name} will publish its plan on Friday, officials said.\n"
           "Ursula von der Leyen said the bloc would respond.")
    cand = (f"The {cand_name} will publish its plan on Friday, officials said.\n"
            "Ursula von der Leyen said the bloc would respond.")
    got = find(_names(encoder, ref, cand), "name.missing", cand_name)
    assert got and got[0].severity == "major" and got[0].suggestion == ref_name


def test_short_forms_still_carry_the_name(encoder):
    ref = ("Sergei Radchenko, a historian at Johns Hopkins University, called it a turning point.\n"
           "European Commission President Ursula von der Leyen said the bloc would respond on Friday.\n"
           "Ukrainian President Volodymyr Zelensky met her in Kyiv.")
    cand = ("Sergei Radchenko, a historian at Johns Hopkins, called it a turning point.\n"
            "European Commission President von der Leyen said the bloc would respond on Friday.\n"
            "Ukrainian President Zelensky met her in Kyiv.")
    assert not find(_names(encoder, ref, cand), "name.")


# ------------------------------------------------------------------ a name in another name's place

def _major_name_replacement(rep, old: str):
    """A major finding for ``old`` replaced: a name.missing, or the omission.partial the merge folds it into."""
    out = []
    for f in rep.findings:
        cats = [f.category] + [r["category"] for r in f.related or []]
        if "name.missing" in cats and old in f.ref_text and f.severity == "major":
            out.append(f)
    return out


def test_name_in_the_place_of_the_missing_one_is_a_replacement(encoder):
    # MQM TED talk.2 seg 98 with `Albert Einstein` replaced by `Sun`, a name the talk has elsewhere (`the Sun`)
    ref = ("Now we owe the idea that space can ring like a drum to Albert Einstein -- to whom we owe so much.\n"
           "Einstein imagined putting the Sun crushed down to six kilometers.")
    cand = ref.replace("to Albert Einstein --", "to Sun --")
    rep = check(ref, cand, encoder=encoder)
    assert _major_name_replacement(rep, "Albert Einstein")


def test_news_company_in_the_place_of_another(encoder):
    ref = ("Shares of Boeing fell 4 percent on Tuesday after the crash in Ethiopia.\n"
           "Investors worried that the grounding of the 737 MAX would hit deliveries to Ryanair and other airlines.\n"
           "Analysts at Jefferies said the impact on Airbus would be limited.")
    cand = ref.replace("deliveries to Ryanair", "deliveries to Jefferies")
    rep = check(ref, cand, encoder=encoder)
    assert _major_name_replacement(rep, "Ryanair")
    # a name the aligned reference sentence has is no replacement (`Boeing` in the place of `Ethiopia`)
    rep = check(ref, ref.replace("crash in Ethiopia", "crash in Boeing"), encoder=encoder)
    assert not _major_name_replacement(rep, "Ethiopia")
