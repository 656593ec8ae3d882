"""Property tests (hypothesis) over the cleaner, the segmenter, the aligner and the checks.

Random unicode text (with the characters that break naive code: line separators, NUL,
zero-width and bidi characters, markup), random sentence shuffles and deletions. The runs
are derandomised (the same examples every run, so CI is stable) and small: the aligner and
the checks run the real model on a few short texts.
"""
import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qualcheck import check
from qualcheck.align import align
from qualcheck.clean import INVISIBLE
from qualcheck.errors import InputError
from qualcheck.load import LoadedText, load_text
from qualcheck.pipeline import prepare
from qualcheck.types import ADDITION, MATCH, MOVED, OMISSION, SEVERITIES

from conftest import SEED_CAND, SEED_REF

pytestmark = pytest.mark.slow  # many generated inputs through the whole pipeline

# QUALCHECK_FUZZ=5000 explores more (and randomly: new examples each run) for a local bug hunt
EXPLORE = int(os.environ.get("QUALCHECK_FUZZ", "0"))
FAST = settings(max_examples=EXPLORE or 150, deadline=None, derandomize=not EXPLORE)
MODEL = settings(max_examples=max(6, EXPLORE // 50), deadline=None, derandomize=not EXPLORE,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# characters that matter to the cleaner and the segmenter, mixed with ordinary text
SPECIAL = list(".!?;:,'\"“”‘’()[]<>*_#`&-–—…。\n\r\t \u00a0\u2028\u2029\x0c\x85\x00\x07\u200b\u200c\u200d\u00ad\ufeff"
               "\u2060\u202e\u200f")
WORDS = ["Xi", "Putin", "U.S.", "p.m.", "Mr.", "Moscow", "said", "the", "<p>", "</p>", "<b>", "**", "[link](http://x.y)",
         "# ", "- ", "&amp;", "&nbsp;", "<!--", "-->", "<script>", "(function(){var a=1;})();", "Tags", "PREV",
         "[…]", "He said.", ". .", "Vla\u200bdimir", "Zelen\u00adsky", "中国", "Путин", "😀", "e\u0301"]
pieces = st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS), st.text(min_size=1, max_size=8))
texts = st.lists(pieces, min_size=1, max_size=60).map("".join)


def _prepare(text: str, fmt: str):
    try:
        loaded = load_text(text)
    except InputError:
        assume(False)  # empty, invisible-only or binary-looking: refused, tested elsewhere
    return prepare(LoadedText(text=loaded.text, name="fuzz", format=fmt, notes=loaded.notes))


def assert_accounted(doc):
    """Every non-whitespace character is in a sentence or a removed span; spans and texts are sane."""
    n = len(doc.original)
    covered = bytearray(n)
    prev_end = 0
    for k, s in enumerate(doc.sentences):
        assert s.index == k
        assert 0 <= s.start < s.end <= n and s.start >= prev_end, (s, prev_end)
        prev_end = s.end
        assert s.text and s.text == s.text.strip() and "  " not in s.text
        assert not INVISIBLE.search(s.text), repr(s.text)
        assert not re.search(r"[^\S ]", s.text), repr(s.text)  # one kind of whitespace: the space
        if s.offsets is not None:
            assert len(s.offsets) == len(s.text)
            assert list(s.offsets) == sorted(s.offsets) and s.start <= s.offsets[0] and s.offsets[-1] < s.end
        i, j = 0, len(s.text)
        a, b = doc.locate(s, i, j)
        assert s.start <= a < b <= s.end
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    for r in doc.removed:
        assert 0 <= r.start < r.end <= n and doc.original[r.start : r.end] == r.text
        assert r.reason != "unsegmented text", r  # the safety net in segment.py must never be needed
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    lost = "".join(ch for ch, c in zip(doc.original, covered) if not c and not ch.isspace())
    assert lost == "", repr(lost)
    for s in doc.sentences:
        assert 0 <= s.clean_start <= s.clean_end <= len(doc.cleaned)


@FAST
@given(texts, st.sampled_from(["text", "html", "markdown"]))
def test_cleaner_and_segmenter_lose_nothing(text, fmt):
    assert_accounted(_prepare(text, fmt))


@FAST
@given(texts)
def test_segmentation_is_deterministic_and_detected_format_is_accounted(text):
    try:
        loaded = load_text(text)
    except InputError:
        assume(False)
    a, b = prepare(loaded), prepare(loaded)
    assert [(s.start, s.end, s.text) for s in a.sentences] == [(s.start, s.end, s.text) for s in b.sentences]
    assert_accounted(a)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(WORDS + ["word", "and", ",", " ", "."]), min_size=200, max_size=700).map(" ".join))
def test_long_paragraphs_lose_nothing(text):
    """Paragraphs beyond the segmenter's window (1,000 characters) and the 2,000-character cut."""
    assert_accounted(_prepare(text.replace("\n", " "), "text"))


# --- aligner and checks, with the real model -----------------------------------------------------------


def _pool():
    sents = []
    for path in (SEED_REF, SEED_CAND):
        sents += prepare(load_text(path.read_text(encoding="utf-8"))).texts
    return sents[:40]


POOL = _pool()
sentence_lists = st.lists(st.sampled_from(POOL), min_size=0, max_size=5, unique=True)


def assert_valid_covering(alignment, n, m):
    refs = sorted(i for a in alignment for i in a.ref)
    cands = sorted(j for a in alignment for j in a.cand)
    assert refs == list(range(n)) and cands == list(range(m))  # each sentence exactly once
    last_r, last_c = -1, -1
    for a in alignment:
        assert a.kind in (MATCH, MOVED, OMISSION, ADDITION)
        assert list(a.ref) == sorted(a.ref) and list(a.cand) == sorted(a.cand)
        if a.ref:
            assert list(a.ref) == list(range(a.ref[0], a.ref[-1] + 1))  # a group is contiguous
        if a.cand:
            assert list(a.cand) == list(range(a.cand[0], a.cand[-1] + 1))
        if a.kind == MATCH:
            assert a.ref and a.cand and a.ref[0] > last_r and a.cand[0] > last_c  # in order (monotone)
            last_r, last_c = a.ref[-1], a.cand[-1]
            assert a.score is not None and 0 <= a.confidence <= 1
        elif a.kind == MOVED:
            assert a.ref and a.cand
        elif a.kind == OMISSION:
            assert a.ref and not a.cand
        else:
            assert a.cand and not a.ref


@MODEL
@given(sentence_lists, st.data())
def test_aligner_output_is_a_valid_covering(encoder, ref, data):
    # the candidate: the reference shuffled, with deletions and insertions from the pool and random text
    cand = data.draw(st.permutations(ref)).copy()
    drop = data.draw(st.sets(st.integers(0, max(0, len(cand) - 1)), max_size=3))
    cand = [c for k, c in enumerate(cand) if k not in drop]
    cand += data.draw(st.lists(st.one_of(st.sampled_from(POOL), texts.filter(str.strip)), max_size=2))
    result = align(ref, cand, encoder.encode)
    assert_valid_covering(result.alignment, len(ref), len(cand))
    assert result.sim.shape == (len(ref), len(cand))


@MODEL
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=4, unique=True), st.data())
def test_checks_on_shuffles_and_deletions(encoder, ref, data):
    cand = data.draw(st.permutations(ref)).copy()
    if len(cand) > 1:
        del cand[data.draw(st.integers(0, len(cand) - 1))]
    cand_text = "\n".join(cand)
    noise = data.draw(st.sampled_from(["", "\u200b", "\r\n", " . ", "**", "\x00", "\u00ad", "<b>"]))
    at = data.draw(st.integers(0, len(cand_text)))
    report = check("\n".join(ref), cand_text[:at] + noise + cand_text[at:], encoder=encoder)
    n, m = len(report.reference.sentences), len(report.candidate.sentences)
    assert_valid_covering(report.alignment, n, m)
    for doc in (report.reference, report.candidate):
        assert_accounted(doc)
    for f in report.findings:
        assert f.severity in SEVERITIES and f.category and f.message
        for span, doc in ((f.ref_span, report.reference), (f.cand_span, report.candidate)):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(doc.original)
    report.to_json()  # serialisable whatever came in


@settings(MODEL, max_examples=max(4, EXPLORE // 50))
@given(st.lists(st.sampled_from(POOL), min_size=2, max_size=4, unique=True))
def test_identical_inputs_have_no_alignment_findings(encoder, ref):
    report = check("\n".join(ref), "\n".join(ref), encoder=encoder)
    assert not [f for f in report.findings if f.category in ("omission", "addition", "moved", "mismatch")]
    assert all(a.kind == MATCH for a in report.alignment)
