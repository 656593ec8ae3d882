import re

import pytest

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


def _lost(doc) -> str:
    covered = bytearray(len(doc.original))
    for s in doc.sentences:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    for r in doc.removed:
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    return "".join(ch for ch, c in zip(doc.original, covered) if not c and not ch.isspace())


@pytest.mark.slow
def test_accounting_on_the_benchmark_documents():
    """Every non-whitespace character of each MQM benchmark document (the reference and each MT
    system's output of each talk, one segment a line) is in a sentence or in the removed list."""
    import sys
    from pathlib import Path

    import pytest

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from mqm import DEFAULT_TSV, load

    if not Path(DEFAULT_TSV).exists():
        pytest.skip(f"benchmark data not found at {DEFAULT_TSV}")
    data = load()
    n_docs = 0
    for talk in data.talks.values():
        for segs in [talk.ref, *talk.systems.values()]:
            text = "\n".join(s.text for s in segs)
            doc = prepare(load_text(text, name=talk.name))
            assert _lost(doc) == "", talk.name
            assert not [r for r in doc.removed if r.reason == "unsegmented text"]
            assert len(doc.sentences) >= len(segs)  # a newline ends a sentence: no segment merged away
            n_docs += 1
    assert n_docs == sum(1 + len(t.systems) for t in data.talks.values()) == 70


def test_seed_accounting_needs_no_safety_net():
    for path in (SEED_REF, SEED_CAND):
        doc = _doc(path)
        assert _lost(doc) == ""
        assert {r.reason for r in doc.removed} <= {
            "script: inline code", "navigation", "teaser: excerpt of another story", "teaser: title of another story",
            "promo: headline of another story", "masthead: site name or section before the article",
            "page tail: page furniture after the article"}
        assert all(s.offsets is None for s in doc.sentences)  # plain text: the sentence is its original span


def test_hostile_lines_are_linear_not_quadratic_regexes():
    """Lines that made regexes backtrack quadratically (CSS-like `{` with no `}`, long runs of
    separators after a menu word, `**` openers that never close) still clean correctly."""
    css = "a{" + ":" * 20000
    nav = "Tags" + " :" * 20000 + " x"
    doc, _ = clean(css + "\n" + nav + "\n" + "**a " * 5000, fmt="markdown")
    assert doc.original.startswith(css)
    assert is_script("p.note { color: red; }") and not is_script(css)


def test_prose_sharing_a_line_with_inline_code_is_kept():
    code = "(function(w,d,s,i){w.ldAdInit=w.ldAdInit||[];w.ldAdInit.push({slot:1,size:[0, 0],id:'ld-1'});})(window,document,'script','ld-1');"
    before = "The council approved the budget on Tuesday."
    after = "The mayor spoke next on the budget."
    for text in (f"{before} {code}\nNext line.\n", f"{code} {after}\n", f"{before} {code} {after}\n"):
        doc, _ = clean(text)
        assert [r.text for r in doc.removed] == [code], text
        assert doc.removed[0].reason == "script: inline code"
        assert doc.original[doc.removed[0].start : doc.removed[0].end] == code
        for prose in (before, after):
            assert (prose in doc.cleaned) == (prose in text)
    # a whole line of code still goes as one span
    doc, _ = clean(f"{before}\n{code}\n{after}\n")
    assert [r.text for r in doc.removed] == [code] and before in doc.cleaned and after in doc.cleaned
