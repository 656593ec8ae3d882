"""Acceptance on the seed pair: alignment, findings, and what must not be flagged (real model)."""
from conftest import find


def _aligned(report, ref_snippet, cand_snippet):
    for a in report.alignment:
        if not a.is_pair:
            continue
        r = report.reference.group_text(a.ref)
        c = report.candidate.group_text(a.cand)
        if ref_snippet in r and cand_snippet in c:
            return a
    return None


def test_counterparts_are_aligned(seed_report):
    assert _aligned(seed_report, "History and reality show that China and Russia are good neighbors",
                    "History and reality show that China and Russia are good neighbors")
    assert _aligned(seed_report, "dual-use technologies", "double-use technologies")
    assert _aligned(seed_report, "“no limits” partnership", "“no-restriction” partnership")


def test_strangers_are_left_unaligned(seed_report):
    """Different reports of one event: most candidate sentences have no counterpart."""
    s = seed_report.summary
    assert s["candidate_coverage"] < 0.6
    for snippet in ("Amy Chang Chi-en contributed", "Keith Kellogg", "XI will be visiting Moscow in May"):
        j = next(x.index for x in seed_report.candidate.sentences if snippet in x.text)
        paired = [a for a in seed_report.alignment if a.is_pair and j in a.cand]
        assert not paired, (snippet, paired)
        assert any(a.kind == "addition" and j in a.cand for a in seed_report.alignment), snippet
        bead = next(a for a in seed_report.alignment if j in a.cand)
        assert not bead.is_pair, snippet


def test_alignment_covers_each_sentence_once(seed_report):
    refs = sorted(i for a in seed_report.alignment for i in a.ref)
    cands = sorted(j for a in seed_report.alignment for j in a.cand)
    assert refs == list(range(len(seed_report.reference.sentences)))
    assert cands == list(range(len(seed_report.candidate.sentences)))
    for a in seed_report.alignment:
        if a.is_pair:
            assert a.score is not None and 0 <= a.confidence <= 1


def test_mangled_names_found_with_reference_form(seed_report):
    zel = find(seed_report, "name.", "Volodymi")
    assert zel and zel[0].suggestion.startswith("Volodymyr")
    assert zel[0].category == "name.misspelled"
    xi = find(seed_report, "name.case", "XI")
    assert xi and xi[0].suggestion == "Xi"
    # every XI of the candidate is covered by that finding
    n_xi = seed_report.candidate.original.count("XI ")
    assert 1 + len(xi[0].occurrences) == n_xi
    span = xi[0].cand_span
    assert seed_report.candidate.original[span[0] : span[1]] == "XI"


def test_names_not_flagged(seed_report):
    name_findings = [f for f in seed_report.findings if f.category.startswith("name.")]
    flagged = " ".join(f.cand_text + " " + f.message for f in name_findings)
    for ok in ("Vladimir V. Putin", "Xi Jinping", "Sergei Radchenko", "Johns Hopkins", "Amy Chang", "Putin"):
        assert f"“{ok}”" not in flagged, ok
    for f in name_findings:
        assert seed_report.candidate.original[f.cand_span[0] : f.cand_span[1]] not in ("V", "Putin", "Jinping", "Xi")


def test_fragments_found(seed_report):
    assert find(seed_report, "words.doubled", "thick, thin and thin")
    dangling = [f for f in find(seed_report, "fragment.orphan_punctuation") if "North Korea, Iran and China" in f.cand_text]
    assert dangling
    span = dangling[0].cand_span
    assert seed_report.candidate.original[span[0] : span[1]] == ". ."
    attribution = find(seed_report, "fragment.orphan_attribution")
    assert any(f.cand_text == "He said." for f in attribution)


def test_clean_reference_sentences_give_no_fragment_finding(seed_report):
    assert not [f for f in seed_report.findings if f.category.startswith("reference.")]


def test_findings_have_spans_on_their_side(seed_report):
    for f in seed_report.findings:
        if f.side in ("candidate", "both"):
            assert f.cand_span and 0 <= f.cand_span[0] < f.cand_span[1] <= len(seed_report.candidate.original)
        if f.side in ("reference", "both"):
            assert f.ref_span and 0 <= f.ref_span[0] < f.ref_span[1] <= len(seed_report.reference.original)


def test_findings_dataframe(seed_report):
    df = seed_report.findings.to_dataframe()
    assert len(df) == len(seed_report.findings)
    assert {"id", "category", "severity", "cand_start", "message", "suggestion"} <= set(df.columns)
    assert (df["category"] == "name.misspelled").any()


def test_findings_dataframe_without_pandas_says_how_to_get_it(seed_report, monkeypatch):
    """pandas is optional (the extra qualcheck[pandas]): without it, one clear error."""
    import sys

    import pytest

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'qualcheck\[pandas\]'"):
        seed_report.findings.to_dataframe()
