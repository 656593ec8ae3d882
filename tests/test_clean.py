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
    assert "html script" in reasons and "html head" in reasons  # the <style> went with the <head> it is in
    assert any("p{color:red}" in r.text and r.reason == "html head" for r in doc.removed)
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


# ---- only sure debris is removed; a doubtful line is kept and flagged (issue 19) ------------------------------
def _seed_story() -> str:
    """The seed's machine-translated story (real MT news copy), without its closing credit line."""
    lines = [x for x in SEED_CAND.read_text(encoding="utf-8").split("\n") if x.strip()]
    return "\n\n".join(lines[:-1])


FRAUD_TIPS = [  # a closing list as machine-translated news ends with it: heading, items without stops
    "Fraud prevention tips:",
    "1. Do not answer calls from unknown overseas numbers",
    "2. Never transfer money to a so-called “safe account”",
    "3. Verify any request with your bank through its official hotline",
]
CLOSING = "Police remind the public to stay alert at all times"  # a real closing sentence that lost its stop


def _kept(doc, line: str) -> bool:
    return line in doc.cleaned and not any(line in r.text for r in doc.removed)


def test_closing_numbered_list_and_closing_sentence_are_kept():
    text = _seed_story() + "\n\n" + "\n\n".join(FRAUD_TIPS) + "\n\n" + CLOSING + "\n"
    doc = prepare(load_text(text, name="mt.txt"))
    assert doc.removed == []
    for line in FRAUD_TIPS[1:] + [CLOSING]:
        assert _kept(doc, line), line
        assert any(line in s.text for s in doc.sentences), line  # segmented, so aligned and checked
    assert _kept(doc, "Fraud prevention tips:")
    assert doc.doubtful == []  # the story's own list and sentence are not even doubtful


def test_closing_list_kept_in_html_too():
    story = "".join(f"<p>{x}</p>" for x in _seed_story().split("\n\n"))
    items = "".join(f"<li>{x.split('. ', 1)[1]}</li>" for x in FRAUD_TIPS[1:])
    html = (f"<html><body><article>{story}<h3>{FRAUD_TIPS[0]}</h3><ol>{items}</ol><p>{CLOSING}</p></article>"
            "<footer>© 2026 Daily Herald. All rights reserved.</footer></body></html>")
    doc = prepare(load_text(html, name="mt.html"))
    for x in FRAUD_TIPS[1:]:
        assert x.split(". ", 1)[1] in doc.texts, x
    assert CLOSING in doc.texts and "Fraud prevention tips:" in doc.texts
    assert not any("Daily Herald" in t for t in doc.texts)


def test_numbered_headings_at_the_top_are_not_a_masthead():
    heads = ["1. Background", "2. The call", "3. Analysis"]
    doc = prepare(load_text("\n\n".join(heads) + "\n\n" + _seed_story() + "\n", name="mt.txt"))
    assert doc.removed == []
    for h in heads:
        assert _kept(doc, h), h


def test_sure_debris_around_real_copy_is_removed():
    debris = {
        "Home | World | Politics | Business | Tech": "navigation: menu",
        "Share on Facebook  Share on Twitter  Email": "navigation: share buttons",
        "By Tom Ramstack, Colorado Politics": "byline",
        "Published 10:32 AM EST, December 1, 2026": "dateline: publication date or reading time",
        "Photo: Reuters/Tingshu Wang": "credit: photo or reporting credit",
        "Read more: Secret Service agent who gained fame during JFK assassination dies at 93": "teaser: link to another story",
        "We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.":
            "cookie banner",
        "Get the day's top stories delivered to your inbox.": "newsletter box",
        "© 2026 Colorado Politics. All rights reserved.": "footer: copyright",
    }
    top, mid, end = list(debris)[:4], list(debris)[4:6], list(debris)[6:]
    paras = _seed_story().split("\n\n")
    text = "\n\n".join(top + paras[:5] + mid + paras[5:] + FRAUD_TIPS + [CLOSING] + end) + "\n"
    doc = prepare(load_text(text, name="page.txt"))
    got = {" ".join(r.text.split()): r.reason for r in doc.removed}
    for line, why in debris.items():
        assert got.get(" ".join(line.split())) == why, line
    assert len(doc.removed) == len(debris)  # and nothing else: every line of the story is kept
    for p in paras + FRAUD_TIPS + [CLOSING]:
        assert _kept(doc, p), p


def test_doubtful_label_is_kept_and_reported_as_debris(encoder):
    from qualcheck import check

    label = "Xinhua News Agency Beijing"  # a short label line right after the story: source line or page furniture?
    story = _seed_story()
    cand = story + "\n\n" + label + "\n"
    doc = prepare(load_text(cand, name="mt.txt"))
    assert _kept(doc, label) and any(label in s.text for s in doc.sentences)
    at = cand.index(label)
    assert [(d.start, d.end, d.text) for d in doc.doubtful] == [(at, at + len(label), label)]
    report = check(story, cand, encoder=encoder)
    found = [f for f in report.findings if f.category == "debris" and f.check == "debris"]
    assert [(f.severity, f.side, f.cand_span, f.cand_text) for f in found] == [("minor", "candidate", (at, at + len(label)), label)]
    side = report.to_dict()["candidate"]
    assert side["doubtful"] == [{"start": at, "end": at + len(label), "text": label, "reason": doc.doubtful[0].reason}]
    # the same label on the reference side is a reference.debris finding
    report = check(cand, story, encoder=encoder)
    assert [(f.severity, f.ref_span) for f in report.findings if f.category == "reference.debris"] == [("minor", (at, at + len(label)))]
    # on both sides, paired with each other: no translation problem, so info (still listed, still flagged)
    report = check(cand, cand, encoder=encoder)
    assert sorted((f.category, f.severity) for f in report.findings if f.check == "debris") == [
        ("debris", "info"), ("reference.debris", "info")]


def test_numbered_contents_links_at_the_top_of_an_html_story_are_kept():
    """A table of contents of in-page links at the top, in a body whose class names an ad-free page:
    neither the links (they point into the story) nor the class make it furniture."""
    paras = "".join(f"<p>{x}</p>" for x in _seed_story().split("\n\n"))
    toc = "".join(f'<li><a href="#part{k}">{k}. {h}</a></li>' for k, h in enumerate(["Background", "The call"], 1))
    html = (f'<html><body class="has-sidebar"><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
            f'<div class="article-body ad-free"><ol>{toc}</ol>{paras}</div></body></html>')
    doc = prepare(load_text(html, name="story.html"))
    assert "".join(doc.texts[:4]).replace(" ", "") == "1.Background2.Thecall"
    assert [r.text for r in doc.removed if not r.reason.startswith("html")] == ['Home</a> <a href="/world">World']


def test_short_headline_kept_and_flagged_site_name_removed():
    """A short line above the story may be its headline ("Fraud alert"): kept, with a doubt. A site name
    (a proper name as the page's first line, above a longer headline, as in the seed) is still removed."""
    story = _seed_story()
    doc = prepare(load_text("Fraud alert\n\n" + story, name="mt.txt"))
    assert doc.removed == [] and doc.texts[0] == "Fraud alert"
    assert [(d.start, d.end) for d in doc.doubtful] == [(0, len("Fraud alert"))]
    doc = prepare(load_text("Colorado Politics\n\nChina publicly boosts relationship with Russia\n\n" + story, name="mt.txt"))
    assert [(r.text, r.reason) for r in doc.removed] == [("Colorado Politics", "masthead: site name or section before the article")]
    assert doc.doubtful == [] and doc.texts[0] == "China publicly boosts relationship with Russia"


def test_copy_that_looks_like_furniture_is_kept():
    """Lines of copy that share words with page furniture (a byline's "By", a credit's "Research by",
    "Copyright", "Opinion:", cookies, newsletters) are not removed."""
    lines = [
        "Opinion: Xi and Putin show their friendship",
        "By Friday, the talks had collapsed",
        "Research by Harvard University found that sleep matters.",
        "Copyright lawyers said the ruling would be appealed.",
        "The bakery said children accept cookies from strangers more often than adults do.",
        "Readers who sign up for the newsletter of the ministry receive the figures first.",
        "Source: the Ministry of Finance said the deficit would rise to 4% next year.",
    ]
    paras = _seed_story().split("\n\n")
    text = "\n\n".join(lines[:1] + paras[:3] + lines[1:] + paras[3:]) + "\n"
    doc = prepare(load_text(text, name="mt.txt"))
    assert doc.removed == [], [(r.text, r.reason) for r in doc.removed]
    for line in lines:
        assert _kept(doc, line), line


def test_markdown_list_and_heading_are_the_storys_own():
    """In Markdown the list and heading markers are markup (dropped from the line), so the cleaner reads
    them in the original: a `# heading` and a closing `1.` list are the author's own, never masthead or tail."""
    paras = _seed_story().split("\n\n")[:5]
    md = ("# Xi and Putin\n\n" + "\n\n".join(paras) + "\n\n**Fraud prevention tips:**\n\n"
          "1. Do not answer calls from unknown numbers\n2. Never transfer money to a [safe account](https://x.y/z)\n")
    doc = prepare(load_text(md, name="story.md"))
    assert doc.format == "markdown"
    assert {r.reason for r in doc.removed} == {"markdown markup"} and doc.doubtful == []
    for t in ("Xi and Putin", "Fraud prevention tips:", "Do not answer calls from unknown numbers",
              "Never transfer money to a safe account"):
        assert t in doc.texts, t
