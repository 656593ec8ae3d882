"""Property tests (hypothesis) of the DOCX, PDF and subtitle readers: whatever the content, every
character of the rendition is kept in a sentence (from a kept character, inside a page, paragraph or
cue) or listed as removed with a reason; damaged files are refused with one line (InputError), never
with another exception. Derandomised, small runs (QUALCHECK_FUZZ=N explores more)."""
from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qualcheck.errors import InputError
from qualcheck.load import load_file, load_text
from qualcheck.pipeline import prepare
from qualcheck.readers import layout_clean
from qualcheck.readers.pdf import rendition
from qualcheck.segment import segment

from formats_util import make_docx, make_pdf, srt_of
from test_readers import accounted

EXPLORE = int(os.environ.get("QUALCHECK_FUZZ", "0"))
FAST = settings(max_examples=EXPLORE or 120, deadline=None, derandomize=not EXPLORE)
FILES = settings(max_examples=max(15, EXPLORE // 10), deadline=None, derandomize=not EXPLORE,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["Xi", "Putin", "U.S.", "said", "the", "interna-", "tional", "well-", "known", "-", "1", "12", "Page 3",
         "<i>", "</i>", "<b>", "{\\an8}", "<v Anchor>", "<c.x>", "&amp;", "-->", "WEBVTT", "NOTE", ".", "?", "“", "”",
         "(function(){var a=1;})();", "Tags", "He said.", "Zelen\u00adsky", "中国", "Путин", "e\u0301", "\u200b"]
word = st.one_of(st.sampled_from(WORDS), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6))
line = st.lists(word, min_size=1, max_size=12).map(" ".join)
# text python-docx and XML accept: no control characters
xml_word = st.one_of(st.sampled_from([w for w in WORDS if w.isprintable()]),
                     st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co")), min_size=1, max_size=6))
xml_line = st.lists(xml_word, min_size=1, max_size=10).map(" ".join)
latin_line = st.lists(st.sampled_from(WORDS[:12] + ["Moscow", "Beijing", "talks", "war", "and", "of", "two,", "A."]),
                      min_size=1, max_size=14).map(" ".join)


def _no_line_breaks(s: str) -> str:
    return " ".join(s.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " ").split())


@FAST
@given(st.lists(st.lists(line, min_size=1, max_size=3), min_size=1, max_size=8), st.booleans(), st.data())
def test_subtitles_account_for_every_character(cues, vtt, data):
    cues = [[_no_line_breaks(ln) for ln in lines] for lines in cues]
    assume(all(all(ln.strip() for ln in lines) for lines in cues))
    durations = {k: data.draw(st.floats(0.0, 8.0)) for k in range(1, len(cues) + 1)}
    text = srt_of(cues, vtt=vtt, durations=durations)
    try:
        doc = prepare(load_text(text, "fuzz", fmt="vtt" if vtt else "srt"))
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    accounted(doc)
    assert not any("-->" in s.text and s.text.count("-->") > sum(ln.count("-->") for c in cues for ln in c) for s in doc.sentences)


@FAST
@given(st.text(min_size=1, max_size=400), st.sampled_from(["srt", "vtt"]))
def test_subtitle_noise_is_refused_in_one_line_or_accounted_for(text, fmt):
    base = "1\n00:00:01,000 --> 00:00:03,000\nXi met Putin.\n\n" if fmt == "srt" else "WEBVTT\n\n00:01.000 --> 00:03.000\nXi met Putin.\n\n"
    try:
        doc = prepare(load_text(base + text, "fuzz", fmt=fmt))
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    accounted(doc)


@FAST
@given(st.lists(st.lists(line, max_size=12), min_size=1, max_size=4))
def test_pdf_pages_account_for_every_character(pages):
    text, layout, _ = rendition(["\n".join(_no_line_breaks(ln) for ln in page) for page in pages])
    assume(text.strip())
    doc, mask = layout_clean(text, layout, "fuzz.pdf", "pdf")
    assert len(mask) == len(text)
    accounted(segment(doc, mask))


@FILES
@given(st.lists(st.lists(latin_line, min_size=1, max_size=8), min_size=1, max_size=3), st.booleans())
def test_real_pdfs_account_for_every_character(pages, header):
    with tempfile.TemporaryDirectory() as tmp:
        path = make_pdf(Path(tmp) / "f.pdf", pages, header="RUNNING HEAD 2026" if header else "")
        try:
            doc = prepare(load_file(path))
        except InputError as exc:
            assert "\n" not in str(exc)
            return
        accounted(doc)


@FILES
@given(st.lists(xml_line, min_size=1, max_size=6), xml_line, st.booleans(), st.booleans())
def test_docx_accounts_for_every_character(paras, extra, table, tracked):
    with tempfile.TemporaryDirectory() as tmp:
        paras = list(paras)
        if tracked:
            paras[0] = paras[0] + "|" + extra
        path = make_docx(Path(tmp) / "f.docx", paras, header=extra, footer=extra[::-1], comment=extra,
                         table=[[extra, "x"], ["y", extra]] if table else None, table_after=0,
                         tracked=(0, "", extra, extra[:3]) if tracked else None)
        try:
            doc = prepare(load_file(path))
        except InputError as exc:
            assert "\n" not in str(exc)
            return
        accounted(doc)
        assert not any(extra in s.text for s in doc.sentences if extra.strip() and not any(extra in p for p in paras) and not table)


@FILES
@given(st.randoms(use_true_random=False), st.sampled_from(["docx", "pdf"]), st.integers(1, 40))
def test_damaged_docx_and_pdf_are_refused_in_one_line_or_read(rnd: random.Random, fmt, flips):
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "docx":
            good = make_docx(Path(tmp) / "g.docx", ["Xi met Putin in Moscow on Monday.", "They spoke for an hour."],
                             header="HEAD", comment="check").read_bytes()
        else:
            good = make_pdf(Path(tmp) / "g.pdf", [["Xi met Putin in Moscow on Monday."], ["They spoke for an hour."]],
                            header="HEAD").read_bytes()
        bad = bytearray(good)
        for _ in range(flips):
            bad[rnd.randrange(len(bad))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            bad = bad[: rnd.randrange(len(bad))]
        path = Path(tmp) / f"bad.{fmt}"
        path.write_bytes(bytes(bad))
        try:
            doc = prepare(load_file(path))
        except InputError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)
            return
        accounted(doc)
