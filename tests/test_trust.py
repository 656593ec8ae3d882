"""Findings an editor can trust (issue 17): one finding per defect, no cascades from weak pairs,
a document verdict, names kept whole. On the seed pair and real sentences."""
from __future__ import annotations

import csv
import io
import json

from conftest import find

from qualcheck.merge import defect_spans, merge_defects
from qualcheck.types import Finding

# every defect `qualcheck demo` found before issue 17, by the text it points at (the merged
# findings keep it, in their own category or in `related`)
SEED_DEFECTS = [
    ("name", "Volodymi"), ("name.case", "XI"), ("words.doubled", "thick, thin and thin"),
    ("fragment.orphan_punctuation", ". ."), ("fragment.orphan_punctuation", "”"),
    ("fragment.orphan_attribution", "He said."), ("fragment.incomplete", "the media"),
    ("fragment.incomplete", "War in Ukraine."), ("quote.changed", "no-restriction"), ("term", "double-use"),
]


def _spans(report):
    out = []
    for f in report.findings:
        for side, span in defect_spans(f, report.reference, report.candidate).items():
            out.append((side, span, f))
    return out


def test_seed_defects_still_found(seed_report):
    for cat, text in SEED_DEFECTS:
        assert find(seed_report, cat, text), (cat, text)


def test_seed_no_two_findings_share_a_span(seed_report):
    seen = {}
    for side, span, f in _spans(seed_report):
        assert (side, span) not in seen, (f.category, seen.get((side, span)).category, span)
        seen[(side, span)] = f


def test_he_said_is_one_finding(seed_report):
    hits = [f for f in seed_report.findings if f.cand_text == "He said."]
    assert len(hits) == 1
    f = hits[0]
    assert f.category == "fragment.orphan_attribution"
    assert [r["category"] for r in f.related] == ["addition"]


def test_war_in_ukraine_is_one_finding(seed_report):
    hits = [f for f in seed_report.findings if f.cand_span and f.cand_span[1] == 1258 and f.category.startswith("fragment")]
    assert len(hits) == 1
    cats = {hits[0].category} | {r["category"] for r in hits[0].related}
    assert cats == {"fragment.incomplete", "fragment.run_together"}


def test_second_is_one_number_finding(seed_report):
    nums = [f for f in seed_report.findings if f.category.startswith("number") and "“second" in f.message]
    assert len(nums) == 1 and nums[0].category == "number.changed"
    assert len(nums[0].occurrences) == 1  # the second `second`
    assert nums[0].related[0]["category"] == "number.appeared"


def test_merged_findings_are_counted_once(seed_report):
    s = seed_report.summary
    assert s["findings"] == len(seed_report.findings)
    related_ids = {r["id"] for f in seed_report.findings for r in f.related}
    assert not related_ids & {f.id for f in seed_report.findings}


def test_related_in_json_csv_html(seed_report):
    from qualcheck.report import csvfmt, htmlfmt, markdown

    data = seed_report.to_dict()
    js = [f for f in data["findings"] if f["cand_text"] == "He said."][0]
    assert js["related"][0]["category"] == "addition"
    rows = list(csv.DictReader(io.StringIO(csvfmt.render(seed_report))))
    row = [r for r in rows if r["cand_text"] == "He said."][0]
    assert row["related"].startswith("addition addi-")
    assert "same text, also:" in htmlfmt.render(seed_report)
    assert "Same text, also:" in markdown.render(seed_report)


def test_merge_keeps_word_inside_an_added_sentence(seed_report):
    # an added sentence holding a doubled word: two defects, both kept
    assert find(seed_report, "words.doubled", "thick, thin and thin")
    assert [f.category for f in seed_report.findings if f.cand_span and tuple(f.cand_span) == (0, 211)] == ["addition"]


def test_merge_rule_on_equal_spans(seed_report):
    ref, cand = seed_report.reference, seed_report.candidate
    s = cand.sentences[1]  # "He said."
    a = Finding("addition", "minor", "candidate", "added", cand_span=(s.start, s.end), cand_text=s.text)
    b = Finding("fragment.orphan_attribution", "info", "candidate", "orphan", cand_span=(s.start, s.end), cand_text=s.text)
    out = merge_defects([a, b], ref, cand)
    assert out == [b] and b.severity == "minor" and b.related[0]["id"] == a.id
