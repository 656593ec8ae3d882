"""Input formats (qualcheck/readers/): detection and --from, DOCX, PDF, SRT and WebVTT readers, the
character accounting of each (every character kept with its place, or removed with its reason)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qualcheck.errors import InputError
from qualcheck.load import load_file, load_text
from qualcheck.pipeline import prepare
from qualcheck.readers import split_from

from formats_util import CAND, REF, make_docx, make_pdf, paragraphs, srt_of, cues_of, wrap

QC = [sys.executable, "-c", "from qualcheck.cli import run; run()"]


ROOT = Path(__file__).resolve().parents[1]


def cli(args, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run(QC + list(args), cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def accounted(doc) -> None:
    """Every non-whitespace character of the rendition is in a sentence or a removed span, and every
    sentence character comes from a kept (not removed) character inside a place (page, paragraph, cue)."""
    covered = bytearray(len(doc.original))
    for r in doc.removed:
        covered[r.start:r.end] = b"\x01" * (r.end - r.start)
    removed = bytes(covered)
    for s in doc.sentences:
        for k in range(s.start, s.end):
            covered[k] = 1
    lost = "".join(ch for ch, c in zip(doc.original, covered) if not c and not ch.isspace())
    assert not lost, f"characters neither kept nor removed: {lost[:80]!r}"
    for s in doc.sentences:
        if s.offsets is not None:
            pairs = [(ch, o) for ch, o in zip(s.text, s.offsets) if not ch.isspace()]
        else:  # the original's span with its whitespace collapsed
            pairs = list(zip((ch for ch in s.text if not ch.isspace()),
                             (s.start + i for i, ch in enumerate(doc.original[s.start:s.end]) if not ch.isspace())))
            assert len(pairs) == len("".join(s.text.split())), s.text
        for ch, o in pairs:
            assert doc.original[o] == ch, (s.text, o)
            assert not removed[o], f"removed character {doc.original[o]!r} in sentence {s.text!r}"
            if doc.places:
                assert doc.where((o, o + 1)), f"kept character at {o} has no place"


# --- detection and --from ----------------------------------------------------------------------------------


def test_a_txt_that_is_html_or_pdf_is_read_as_what_it_is_and_says_so(tmp_path):
    html = tmp_path / "story.txt"
    html.write_text("<html><body><p>Xi met Putin in Moscow on Monday.</p><p>They spoke for an hour.</p></body></html>")
    got = load_file(html)
    assert got.format == "html"
    assert sum("named .txt but the content is HTML" in n for n in got.notes) == 1
    pdf = make_pdf(tmp_path / "wire.pdf", [["Xi met Putin in Moscow on Monday."]], page_numbers=False)
    renamed = tmp_path / "wire.txt"
    renamed.write_bytes(pdf.read_bytes())
    got = load_file(renamed)
    assert got.format == "pdf" and "Xi met Putin" in got.text
    assert got.notes[0].startswith("named .txt but the content is PDF")
    srt = tmp_path / "subs.txt"
    srt.write_text("1\n00:00:01,000 --> 00:00:03,000\nXi met Putin.\n")
    assert load_file(srt).format == "srt"


def test_the_extension_alone_picks_the_reader(tmp_path):
    (tmp_path / "a.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:03.000\nXi met Putin.\n")
    assert load_file(tmp_path / "a.vtt").format == "vtt"
    (tmp_path / "a.md").write_text("Xi met Putin.\n")
    assert load_file(tmp_path / "a.md").format == "markdown"
    (tmp_path / "a.txt").write_text("Xi met Putin.\n")
    got = load_file(tmp_path / "a.txt")
    assert got.format == "text" and not any("named" in n for n in got.notes)


def test_from_forces_a_format(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>Xi met <b>Putin</b> in Moscow.</p>\n")
    assert load_file(page).format == "html"
    forced = load_file(page, fmt="text")
    assert forced.format == "text"
    assert "<b>Putin</b>" in " ".join(prepare(forced).texts)
    subs = tmp_path / "subs.txt"
    subs.write_text("1\n00:00:01,000 --> 00:00:03,000\nXi met Putin.\n")
    assert load_file(subs, fmt="txt").format == "text"
    assert load_text("1\n00:00:01,000 --> 00:00:03,000\nXi met Putin.\n", fmt="srt").format == "srt"
    assert split_from("docx,PDF") == ("docx", "pdf") and split_from(".srt") == ("srt", "srt")
    assert split_from(",vtt") == (None, "vtt")
    with pytest.raises(InputError, match="unknown input format"):
        split_from("odt")
    with pytest.raises(InputError, match="pathlib.Path"):
        load_text("some text", fmt="docx")


def test_from_on_the_command_line(tmp_path):
    (tmp_path / "a.txt").write_text("Xi met Putin.\n")
    r = cli(["check", "a.txt", "a.txt", "--from", "odt"], tmp_path)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "--from odt: unknown input format" in r.stderr
    (tmp_path / "b.txt").write_text("Xi met Putin in Moscow on Monday.\n")
    r = cli(["check", "a.txt", "b.txt", "--from", "docx"], tmp_path)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "not a DOCX (not a ZIP archive)" in r.stderr


# --- DOCX --------------------------------------------------------------------------------------------------

DOCX_PARAS = [
    "China and Russia hold talks",
    "Chinese President Xi Jinping spoke with Vladimir Putin by video call on Monday.",
    "The two leaders said their nations were |friends who share wealth and woe.",
    "The Kremlin called the conversation warm and friendly.",
]


def _docx(tmp_path, name="story.docx"):
    return make_docx(tmp_path / name, DOCX_PARAS, header="WIRE DESK — EMBARGOED", footer="Page footer: desk copy",
                     comment="Check this against Xinhua", table=[["Leader", "Country"], ["Xi Jinping", "China"]],
                     table_after=1, tracked=(2, "", "not ", "true "))


def test_docx_body_table_header_footer_comment_and_tracked_change(tmp_path):
    loaded = load_file(_docx(tmp_path))
    assert loaded.format == "docx"
    assert any("tracked changes: 1 insertion(s) and 1 deletion(s)" in n for n in loaded.notes)
    doc = prepare(loaded)
    accounted(doc)
    texts = doc.texts
    assert "The two leaders said their nations were true friends who share wealth and woe." in texts
    assert not any("not" in t.split() for t in texts)
    reasons = {r.reason: r.text for r in doc.removed}
    assert reasons["tracked change: deleted text"] == "not "
    assert reasons["header (page furniture)"] == "WIRE DESK — EMBARGOED"
    assert reasons["footer (page furniture)"] == "Page footer: desk copy"
    assert reasons["comment by Night editor"] == "Check this against Xinhua"
    assert not any("WIRE DESK" in t or "desk copy" in t or "Xinhua" in t for t in texts)
    where = {s.text: doc.where((s.start, s.end)) for s in doc.sentences}
    # paragraphs numbered in reading order, the table's cells with their table and row
    assert where["China and Russia hold talks"] == "¶ 1"
    assert where["Chinese President Xi Jinping spoke with Vladimir Putin by video call on Monday."] == "¶ 2"
    assert where["Xi Jinping"] == "¶ 5 (table 1, row 2)"
    assert where["The Kremlin called the conversation warm and friendly."] == "¶ 8"
    assert doc.shown(doc.sentences[-2].start, doc.sentences[-2].end).count("not ") == 0


def test_docx_that_is_broken_is_refused_in_one_line(tmp_path):
    good = _docx(tmp_path).read_bytes()
    (tmp_path / "cut.docx").write_bytes(good[: len(good) // 2])
    (tmp_path / "flipped.docx").write_bytes(good[:200] + bytes(b ^ 0xFF for b in good[200:400]) + good[400:])
    (tmp_path / "plain.docx").write_text("Just text saved with the wrong name.")
    for name, words in (("cut.docx", "not a readable DOCX"), ("flipped.docx", "DOCX"), ("plain.docx", "not a ZIP archive")):
        with pytest.raises(InputError, match=words) as info:
            load_file(tmp_path / name)
        assert "\n" not in str(info.value)
    (tmp_path / "ok.txt").write_text("Xi met Putin in Moscow on Monday.\n")
    r = cli(["check", "cut.docx", "ok.txt"], tmp_path)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "not a readable DOCX" in r.stderr
    assert "Traceback" not in r.stderr


# --- PDF ---------------------------------------------------------------------------------------------------

PDF_PAGES = [
    ["Xi Jinping and Vladimir Putin spoke by video call on Monday, their first conversation",
     "since the Trump administration began to shift its foreign policy, and the two leaders",
     "said their nations would remain good neighbours and true friends who share the interna-",
     "tional burden of wealth and woe, according to the Chinese state news agency Xinhua.",
     "The Kremlin called it warm."],
    ["Trump has accused Ukraine of starting the war and left Kyiv out of the first round of",
     "talks between American and Russian officials held last week in Saudi Arabia.",
     "Europe fears a deal made over its head."],
]


def test_pdf_two_pages_running_header_page_numbers_and_a_hyphenated_line_end(tmp_path):
    pdf = make_pdf(tmp_path / "wire.pdf", PDF_PAGES, header="WORLD NEWS SERVICE - Tuesday edition")
    loaded = load_file(pdf)
    assert loaded.format == "pdf"
    doc = prepare(loaded)
    accounted(doc)
    texts = doc.texts
    assert any("share the international burden of wealth" in t for t in texts)  # de-hyphenated
    assert not any("interna" in t and "international" not in t for t in texts)
    assert not any("WORLD NEWS SERVICE" in t for t in texts)
    by_reason: dict[str, list[str]] = {}
    for r in doc.removed:
        by_reason.setdefault(r.reason, []).append(r.text.strip())
    assert by_reason["running header"] == ["WORLD NEWS SERVICE - Tuesday edition"] * 2
    assert by_reason["page number"] == ["1", "2"]
    assert by_reason["hyphen at a line end"] == ["-"]
    where = {s.text: doc.where((s.start, s.end)) for s in doc.sentences}
    first = next(t for t in texts if t.startswith("Xi Jinping and Vladimir Putin"))
    assert first.endswith("according to the Chinese state news agency Xinhua.")  # wrapped lines joined
    assert where[first] == "p. 1"
    assert where["The Kremlin called it warm."] == "p. 1"
    trump = next(t for t in texts if t.startswith("Trump has accused"))
    assert trump.endswith("held last week in Saudi Arabia.") and where[trump] == "p. 2"


def test_pdf_sentence_across_a_page_break_and_a_hyphen_there(tmp_path):
    pages = [["The talks between the two leaders lasted more than an hour and covered trade, energy and inter-"],
             ["national security, the Kremlin said after the call on Monday evening in Moscow."]]
    doc = prepare(load_file(make_pdf(tmp_path / "b.pdf", pages, header="RUNNING HEAD")))
    accounted(doc)
    (s,) = doc.sentences
    assert "energy and international security, the Kremlin said" in s.text
    assert doc.where((s.start, s.end)) == "pp. 1–2"


def test_pdf_scanned_or_encrypted_is_refused_in_one_line(tmp_path):
    from fpdf import FPDF
    from pypdf import PdfWriter

    scan = FPDF()
    for _ in range(2):
        scan.add_page()
        scan.rect(20, 20, 150, 200, style="F")  # an image of a page, no text
    scan.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(InputError, match=r"no text layer \(2 page\(s\) of images: a scan\?\)"):
        load_file(tmp_path / "scan.pdf")
    w = PdfWriter(clone_from=str(make_pdf(tmp_path / "plain.pdf", PDF_PAGES)))
    w.encrypt("secret", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as fh:
        w.write(fh)
    with pytest.raises(InputError, match="encrypted PDF that needs a password"):
        load_file(tmp_path / "locked.pdf")
    (tmp_path / "cut.pdf").write_bytes((tmp_path / "plain.pdf").read_bytes()[:300])
    (tmp_path / "ok.txt").write_text("Xi met Putin in Moscow on Monday.\n")
    for name, words in (("scan.pdf", "no text layer"), ("locked.pdf", "needs a password"), ("cut.pdf", "PDF")):
        r = cli(["check", "ok.txt", name], tmp_path)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and words in r.stderr, (name, r.stderr)
        assert "Traceback" not in r.stderr


# --- SRT and WebVTT ----------------------------------------------------------------------------------------

SRT = """1
00:00:01,000 --> 00:00:04,000
<i>Xi Jinping told Vladimir Putin</i>
that their nations cannot be moved

2
00:00:04,100 --> 00:00:07,000
away from each other. {\\an8}The Kremlin
called the call warm.

3
00:00:07,100 --> 00:00:08,100
Trump has accused Ukraine of starting the war, and he left Kyiv out of the talks.
"""

VTT = """WEBVTT - made by hand

NOTE a comment the editor left
for the translator

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:04.000 align:start
<v Anchor>Xi Jinping told <c.name>Vladimir Putin</c>
that their nations cannot be moved

00:04.100 --> 00:07.000
away from each other.
"""


def test_srt_cues_are_joined_into_sentences_with_their_numbers_and_times():
    doc = prepare(load_text(SRT, "x.srt", fmt="srt"))
    accounted(doc)
    assert doc.texts[:2] == ["Xi Jinping told Vladimir Putin that their nations cannot be moved away from each other.",
                             "The Kremlin called the call warm."]
    s0, s1, s2 = doc.sentences[:3]
    assert doc.where((s0.start, s0.end)) == "cues 1–2 00:00:01,000 → 00:00:07,000"
    assert doc.where((s1.start, s1.end)) == "cue 2 00:00:04,100 → 00:00:07,000"
    assert doc.where((s2.start, s2.end)) == "cue 3 00:00:07,100 → 00:00:08,100"
    reasons = [(r.reason, r.text) for r in doc.removed]
    assert ("subtitle markup tag", "<i>") in reasons and ("subtitle markup tag", "{\\an8}") in reasons
    assert ("subtitle timing (cue number and timecodes)", "2\n00:00:04,100 --> 00:00:07,000") in reasons
    assert not any("-->" in t or "<" in t or "{" in t for t in doc.texts)


def test_webvtt_header_notes_styles_identifiers_and_voice_tags_are_not_text():
    doc = prepare(load_text(VTT, "x.vtt", fmt="vtt"))
    accounted(doc)
    assert doc.texts == ["Xi Jinping told Vladimir Putin that their nations cannot be moved away from each other."]
    s = doc.sentences[0]
    assert doc.where((s.start, s.end)) == "cues 1–2 00:00:01.000 → 00:00:07.000"
    reasons = {r.reason for r in doc.removed}
    assert {"subtitle header", "subtitle note (comment)", "subtitle style", "subtitle markup tag"} <= reasons
    assert any(r.text == "<v Anchor>" for r in doc.removed)


@pytest.mark.parametrize("text, words", [
    ("1\n00:00:01,000 --> 00:00:0x,000\nHello there.\n", "line 2: broken timecode"),
    ("1\n00:00:05,000 --> 00:00:01,000\nHello there.\n", "ends before it starts"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,000 -> 00:00:03,000\nThere.\n", "line 6: broken timecode"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,000 --> 00:00:03,000 --> 4\nThere.\n", "line 6: broken timecode"),
    ("1\n00:00:01,000 --> 00:00:02,000\n\n", "hold no text"),
    ("Hello there.\n", "expected a cue number"),
])
def test_broken_subtitles_are_refused_in_one_line(text, words):
    with pytest.raises(InputError, match=words) as info:
        load_text(text, "x.srt", fmt="srt")
    assert "\n" not in str(info.value)


def test_broken_subtitles_exit_2_on_the_command_line(tmp_path):
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,000 --> 00:00:03,5O0\nThere.\n")
    (tmp_path / "b.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHello there.\n")
    r = cli(["check", "a.srt", "b.vtt"], tmp_path)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "a.srt: line 6: broken timecode" in r.stderr


def test_subtitle_checks_reading_speed_and_line_length_are_minor_and_settable():
    from qualcheck.checks import run_checks
    from qualcheck.checks.aligned import AlignedDoc
    from qualcheck.settings import Settings

    doc = prepare(load_text(SRT, "x.srt", fmt="srt"))

    def found(**kw):
        adoc = AlignedDoc(doc, doc, [], None, Settings(**kw))
        return [f for f in run_checks(adoc, ["subtitles"])]

    fs = found()
    speed = [f for f in fs if f.category == "subtitle.reading_speed"]
    length = [f for f in fs if f.category == "subtitle.line_length"]
    assert all(f.severity == "minor" for f in fs)
    # cue 1: 64 characters in 3 s, cue 2: 54 in 2.9 s, cue 3: 81 in 1 s (tags and line breaks not counted)
    assert [f.message.split(" (")[0] for f in speed] == ["Cue 1", "Cue 2", "Cue 3"]
    assert "21.3 characters a second (64 characters in 3.00 s); the limit is 17" in speed[0].message
    assert "81.0 characters a second" in speed[2].message
    assert [f.message.split(" (")[0] for f in found(subtitle_max_cps=20) if "speed" in f.category] == ["Cue 1", "Cue 3"]
    assert [f.message.split(" (")[0] for f in length] == ["Cue 3"] and "81 characters" in length[0].message
    assert doc.original[slice(*length[0].cand_span)].startswith("Trump has accused")
    assert not [f for f in found(subtitle_max_cps=90, subtitle_max_line=100)]
    assert [f.category for f in found(subtitle_max_cps=90, subtitle_max_line=30)].count("subtitle.line_length") == 3


# --- mixed pairs through the whole pipeline: the seed defects found at the right page, paragraph and cue ------


def _finding(findings, category, text):
    got = [f for f in findings if f["category"] == category and (text in f["cand_text"] or text in f["message"])]
    assert got, f"no {category} finding about {text!r}"
    return got[0]


def test_docx_reference_against_pdf_candidate_on_the_command_line(tmp_path):
    import json

    ref_paras = paragraphs(REF)
    make_docx(tmp_path / "reference.docx", ref_paras, header="COLORADO POLITICS — WORLD", footer="Desk copy",
              comment="Check the Xinhua quote")
    lines = [ln for para in paragraphs(CAND) for ln in wrap(para, 85)]
    half = len(lines) // 2
    pages = [lines[:half], lines[half:]]
    make_pdf(tmp_path / "candidate.pdf", pages, header="Daily Wire Translation Service")
    r = cli(["check", "reference.docx", "candidate.pdf", "--out", "out", "--format", "json,html,md,csv,sarif",
             "--fail-on", "never"], tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    from qualcheck.report.schema import validate

    validate(data)
    assert data["schema_version"] == "1.7"
    assert data["reference"]["format"] == "docx" and data["candidate"]["format"] == "pdf"

    def page_of(text):
        return [f"p. {k + 1}" for k, page in enumerate(pages) if text in " ".join(page)]

    def para_of(text):
        return [f"¶ {k + 1}" for k, p in enumerate(ref_paras) if text in p]

    name = _finding(data["findings"], "name.misspelled", "Volodymi Zelensky")
    assert [name["cand_location"]] == page_of("Volodymi Zelensky") == ["p. 1"]
    assert [name["ref_location"]] == para_of("Volodymyr Zelensky")
    doubled = _finding(data["findings"], "words.doubled", "thin and thin")
    assert [doubled["cand_location"]] == page_of("thick, thin and thin") == ["p. 1"]
    case = _finding(data["findings"], "name.case", "XI")
    assert [case["cand_location"]] == page_of("XI said China-Russia") == ["p. 1"]
    term = _finding(data["findings"], "term", "war machinery")
    assert [term["cand_location"]] == page_of("war machinery") == ["p. 2"]
    assert [term["ref_location"]] == para_of("war machine")
    # the same findings as the seed pair read as text (the readers add and lose nothing)
    assert sum(f["category"].startswith("name.misspelled") for f in data["findings"]) == 1
    removed = {r["reason"] for r in data["reference"]["removed"]} | {r["reason"] for r in data["candidate"]["removed"]}
    assert {"header (page furniture)", "footer (page furniture)", "comment by Night editor", "running header",
            "page number"} <= removed
    assert all(s["location"] for s in data["candidate"]["sentences"])
    html = (tmp_path / "out" / "report.html").read_text()
    assert html.count('<span class="loc"') == len(data["reference"]["sentences"]) + len(data["candidate"]["sentences"])
    assert '>p. 2</span>' in html and f'>{name["ref_location"]}</span>' in html
    md = (tmp_path / "out" / "report.md").read_text()
    assert ", p. 2):**" in md and f", {name['ref_location']}):**" in md
    csv = (tmp_path / "out" / "findings.csv").read_text()
    assert ",ref_location,cand_location" in csv.splitlines()[0]
    sarif = json.loads((tmp_path / "out" / "report.sarif").read_text())
    props = [{k: r["properties"].get(k) for k in ("ref_location", "cand_location")} for r in sarif["runs"][0]["results"]]
    assert {"ref_location": name["ref_location"], "cand_location": name["cand_location"]} in props
    assert {"ref_location": term["ref_location"], "cand_location": "p. 2"} in props


def test_srt_against_srt_finds_the_seed_defects_at_their_cues(encoder):
    from qualcheck import check
    from qualcheck.load import load_text as lt

    from formats_util import cue_holding

    clean_ref = "\n".join(prepare(lt(REF)).texts)  # subtitles hold the story, not the web page around it
    ref_srt = srt_of(cues_of(clean_ref, 40))
    cand_srt = srt_of(cues_of(CAND, 40), durations={3: 2.0})
    report = check(lt(ref_srt, "ref.srt", fmt="srt"), lt(cand_srt, "cand.srt", fmt="srt"), encoder=encoder)
    fs = report.findings

    def cue_label(srt, number):
        return next(p.label for p in prepare(lt(srt, "x.srt", fmt="srt")).places if p.number == number)

    name = [f for f in fs if f.category == "name.misspelled" and "Volodymi Zelensky" in f.cand_text]
    assert name and name[0].cand_location == cue_label(cand_srt, cue_holding("Volodymi Zelensky", cand_srt))
    assert name[0].ref_location == cue_label(ref_srt, cue_holding("Volodymyr Zelensky", ref_srt))
    assert name[0].cand_location.startswith("cue 18 00:01:")
    case = [f for f in fs if f.category == "name.case"]
    assert case and case[0].cand_location == cue_label(cand_srt, cue_holding("XI said", cand_srt))
    speed = [f for f in fs if f.category == "subtitle.reading_speed"]
    assert [f.cand_location.split()[1] for f in speed] == ["3"]  # only the cue kept 2 s on screen
    assert all(f.severity == "minor" for f in speed)
    assert not any(f.category.startswith("reference.") or f.category == "quote.unbalanced" for f in fs
                   if "subtitle" in f.message)


def test_the_api_takes_the_input_format_setting(tmp_path, encoder):
    from qualcheck import check

    (tmp_path / "a.html").write_text("<p>Xi met <b>Putin</b> in Moscow on Monday.</p>\n")
    (tmp_path / "b.html").write_text("<p>Xi met Putin in Moscow on Monday.</p>\n")
    detected = check(tmp_path / "a.html", tmp_path / "b.html", encoder=encoder)
    assert detected.reference.format == "html" and detected.reference.texts == ["Xi met Putin in Moscow on Monday."]
    forced = check(tmp_path / "a.html", tmp_path / "b.html", encoder=encoder, input_format="text,html")
    assert forced.reference.format == "text" and forced.candidate.format == "html"
    assert forced.reference.texts[0] == "<p>Xi met <b>Putin</b> in Moscow on Monday."  # the markup read as text
    assert forced.metadata["settings"]["input_format"] == "text,html"
    subs = check("1\n00:00:01,000 --> 00:00:03,000\nXi met Putin in Moscow on Monday.\n", "Xi met Putin in Moscow.",
                 encoder=encoder, input_format="srt,text")
    assert subs.reference.format == "srt" and subs.reference.texts == ["Xi met Putin in Moscow on Monday."]
