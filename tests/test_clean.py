import re

from qualcheck.clean import clean, is_script
from qualcheck.pipeline import prepare
from qualcheck.load import load_text

from conftest import SEED_CAND, SEED_REF


def _doc(path):
    text = path.read_text(encoding="utf-8")
    return prepare(load_text(text, name=path.name))


def test_seed_ad_scripts_removed_and_listed():
    doc = _doc(SEED_REF)
    scripts = [r for r in doc.removed if r.reason.startswith("script")]
    assert len(scripts) == 3
    assert all(r.text.startswith("(function(") for r in scripts)
    for r in scripts:  # offsets point at the removed text in the original
        assert doc.original[r.start : r.end] == r.text
    for s in doc.sentences:
        assert "function(" not in s.text and "document." not in s.text and "ldAdInit" not in s.text


def test_seed_navigation_and_teasers_removed():
    doc = _doc(SEED_REF)
    removed = {" ".join(r.text.split()) for r in doc.removed}
    for line in ("Tags", "PREV", "NEXT UP", "Edit my interests", "Streak: 9 days i",
                 "TRUMP NATIONAL SECURITY PICKS: LOYALTY, AMERICA FIRST, AND PRO-ISRAEL",
                 "Secret Service agent who gained fame during JFK assassination dies at 93"):
        assert line in removed, line
    texts = " ".join(doc.texts)
    assert "Clint Hill" not in texts and "Welcome Back" not in texts
    # the story itself stays
    assert "Before the invasion in 2022, Xi and Putin announced their “no limits” partnership." in doc.texts


def test_clean_candidate_loses_nothing():
    doc = _doc(SEED_CAND)
    assert doc.removed == []
    assert doc.texts[-1] == "Amy Chang Chi-en contributed to the research."


def test_every_character_is_in_a_sentence_or_removed():
    for path in (SEED_REF, SEED_CAND):
        doc = _doc(path)
        covered = [False] * len(doc.original)
        for s in doc.sentences:
            covered[s.start : s.end] = [True] * (s.end - s.start)
        for r in doc.removed:
            covered[r.start : r.end] = [True] * (r.end - r.start)
        lost = "".join(ch for ch, c in zip(doc.original, covered) if not c and not ch.isspace())
        assert lost == "", f"{path.name}: characters in neither a sentence nor the removed list: {lost!r}"


def test_cleaned_offsets_match_original():
    doc = _doc(SEED_REF)
    for s in doc.sentences:
        assert doc.cleaned[s.clean_start : s.clean_end] == doc.original[s.start : s.end]


def test_is_script_does_not_take_prose_with_parentheses():
    assert is_script("(function(){ var x = document.createElement('script'); x.async = true; })();")
    assert not is_script("The function (as officials called it) was held in Washington (D.C.) on Monday.")


def test_html_input_tags_and_scripts_out_offsets_kept():
    html = ("<html><head><style>p{color:red}</style></head><body><p>Xi met Putin in Moscow on Monday.</p>"
            "<script>var a = document.getElementById('x');</script><p>They spoke for two hours &amp; more.</p></body></html>")
    doc = prepare(load_text(html, name="page.html"))
    assert doc.format == "html"
    assert doc.texts == ["Xi met Putin in Moscow on Monday.", "They spoke for two hours & more."]
    assert doc.original[doc.sentences[0].start : doc.sentences[0].end] == "Xi met Putin in Moscow on Monday."
    reasons = {r.reason for r in doc.removed}
    assert "html script" in reasons and "html style" in reasons
    assert not any("getElementById" in t for t in doc.texts)
