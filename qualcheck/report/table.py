"""One finding as one flat row (CSV, DataFrame): the stable columns pipelines read."""
from __future__ import annotations

from ..types import Finding

COLUMNS = [
    "id", "category", "severity", "side", "ref_start", "ref_end", "cand_start", "cand_end",
    "ref_text", "cand_text", "message", "suggestion", "score",
]


def finding_row(f: Finding) -> dict:
    rs, re_ = f.ref_span or (None, None)
    cs, ce = f.cand_span or (None, None)
    return {
        "id": f.id, "category": f.category, "severity": f.severity, "side": f.side,
        "ref_start": rs, "ref_end": re_, "cand_start": cs, "cand_end": ce,
        "ref_text": f.ref_text, "cand_text": f.cand_text, "message": f.message,
        "suggestion": f.suggestion, "score": f.score,
    }
