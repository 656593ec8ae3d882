"""JSON: the versioned contract pipelines build on (see README, "JSON report").

The JSON Schema of this document is ``qualcheck/data/report.schema.json`` (``schema.py``
loads it and validates a report against it). Within a major ``schema_version`` fields are
only ever added, never removed or renamed.
"""
from __future__ import annotations

import json

from ..types import SEVERITIES, Document, Report

SCHEMA_VERSION = "1.1"
PENALTY = {"major": 5.0, "minor": 1.0, "info": 0.0}  # MQM weights


def _side(doc: Document) -> dict:
    return {
        "name": doc.name,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        "notes": list(doc.notes),
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in doc.sentences
        ],
        "removed": [{"start": r.start, "end": r.end, "text": r.text, "reason": r.reason} for r in doc.removed],
    }


def score(report: Report) -> float:
    """0-100 document score (see ``qualcheck.scoring.document_score``)."""
    from ..scoring import document_score

    return document_score(report)


def summary(report: Report) -> dict:
    pairs = [a for a in report.alignment if a.is_pair]
    ref_aligned = sum(len(a.ref) for a in pairs)
    cand_aligned = sum(len(a.cand) for a in pairs)
    n_ref, n_cand = len(report.reference.sentences), len(report.candidate.sentences)
    return {
        "reference_sentences": n_ref,
        "candidate_sentences": n_cand,
        "aligned_groups": len(pairs),
        "reference_aligned": ref_aligned,
        "candidate_aligned": cand_aligned,
        "reference_coverage": round(ref_aligned / n_ref, 3) if n_ref else 0.0,
        "candidate_coverage": round(cand_aligned / n_cand, 3) if n_cand else 0.0,
        "moved": sum(1 for a in report.alignment if a.kind == "moved"),
        "removed": {"reference": len(report.reference.removed), "candidate": len(report.candidate.removed)},
        "findings": len(report.findings.open()),  # accepted findings do not count
        "accepted": sum(1 for f in report.findings if f.accepted) + len(getattr(report, "hidden", []) or []),
        "by_severity": {s: report.findings.by_severity()[s] for s in SEVERITIES},
        "by_category": report.findings.by_category(),
        "score": score(report),
        "worst_severity": report.worst_severity(),
    }


def to_dict(report: Report) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": summary(report),
        "metadata": report.metadata,
        "reference": _side(report.reference),
        "candidate": _side(report.candidate),
        "alignment": [
            {"ref": list(a.ref), "cand": list(a.cand), "kind": a.kind, "shape": a.shape,
             "score": a.score, "confidence": a.confidence}
            for a in report.alignment
        ],
        "findings": [
            {
                "id": f.id, "category": f.category, "severity": f.severity, "side": f.side,
                "ref_span": list(f.ref_span) if f.ref_span else None,
                "cand_span": list(f.cand_span) if f.cand_span else None,
                "ref_text": f.ref_text, "cand_text": f.cand_text,
                "message": f.message, "suggestion": f.suggestion, "score": f.score,
                "check": f.check, "occurrences": [list(o) for o in f.occurrences],
                "accepted": bool(getattr(f, "accepted", False)),
                "related": [dict(r) for r in f.related],
            }
            for f in report.findings
        ],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
