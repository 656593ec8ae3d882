"""One finding as one flat row (CSV, DataFrame): the stable columns pipelines read.

The first twelve columns are the contract, in this order: ``id, category, severity,
ref_start, ref_end, cand_start, cand_end, ref_text, cand_text, message, suggestion, score``.
Later columns are extras, appended at the end (never inserted, renamed or reordered):
``side`` (reference, candidate or both: where the problem is), ``check`` (the check that
found it), ``occurrences`` (further spans of the same problem in the same text, as
``start-end`` separated by ``;``), ``accepted`` (``true`` when a baseline accepted it) and
``ref_location``, ``cand_location`` (page, paragraph or cue and time in a DOCX, PDF or subtitle file),
``related`` (the findings about the same defect merged into this one, as ``category id``
separated by ``;``).
Offsets are character offsets into the decoded input, end exclusive; empty when the finding
has no span on that side.
"""
from __future__ import annotations

from ..types import Finding

CONTRACT = [
    "id", "category", "severity", "ref_start", "ref_end", "cand_start", "cand_end",
    "ref_text", "cand_text", "message", "suggestion", "score",
]
EXTRAS = ["side", "check", "occurrences", "accepted", "ref_location", "cand_location", "related"]
COLUMNS = CONTRACT + EXTRAS


def finding_row(f: Finding) -> dict:
    rs, re_ = f.ref_span or (None, None)
    cs, ce = f.cand_span or (None, None)
    return {
        "id": f.id, "category": f.category, "severity": f.severity,
        "ref_start": rs, "ref_end": re_, "cand_start": cs, "cand_end": ce,
        "ref_text": f.ref_text, "cand_text": f.cand_text, "message": f.message,
        "suggestion": f.suggestion, "score": f.score,
        "side": f.side, "check": f.check,
        "occurrences": ";".join(f"{a}-{b}" for a, b in f.occurrences),
        "accepted": bool(getattr(f, "accepted", False)),
        "ref_location": getattr(f, "ref_location", ""), "cand_location": getattr(f, "cand_location", ""),
        "related": ";".join(f"{r['category']} {r['id']}" for r in f.related),
    }
