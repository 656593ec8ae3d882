"""SARIF 2.1.0: findings as static-analysis results, so code-review and CI systems that read
SARIF show them inline on the reference or candidate file."""
from __future__ import annotations

import json

from ..cap import LEFT_OUT_CATEGORY, left_out_line
from ..types import Document, Finding, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"major": "error", "minor": "warning", "info": "note"}


def _region(doc: Document, span) -> dict:
    a, b = span
    text = doc.original
    start_line = text.count("\n", 0, a) + 1
    start_col = a - (text.rfind("\n", 0, a) + 1) + 1
    end_line = text.count("\n", 0, b) + 1
    end_col = b - (text.rfind("\n", 0, b) + 1) + 1
    return {
        "startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col,
        "charOffset": a, "charLength": b - a, "snippet": {"text": text[a:b]},
    }


def _location(doc: Document, span, index: int) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": doc.name, "index": index}, "region": _region(doc, span)}}


def _result(report: Report, f: Finding, rule_index: dict[str, int]) -> dict:
    locs, related = [], []
    primary_cand = f.cand_span is not None
    if primary_cand:
        locs.append(_location(report.candidate, f.cand_span, 1))
        if f.ref_span:
            related.append({**_location(report.reference, f.ref_span, 0), "id": 0,
                            "message": {"text": "reference"}})
    elif f.ref_span:
        locs.append(_location(report.reference, f.ref_span, 0))
    for k, span in enumerate(f.occurrences, start=1):
        related.append({**_location(report.candidate, span, 1), "id": k, "message": {"text": "same problem"}})
    text = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
    res = {
        "ruleId": f.category,
        "ruleIndex": rule_index[f.category],
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": locs,
        "partialFingerprints": {"qualcheckFindingId/v1": f.id},
        "properties": {"severity": f.severity, "side": f.side, "score": f.score, "suggestion": f.suggestion},
    }
    for key in ("ref_location", "cand_location"):  # DOCX, PDF: the region is in the extracted text; this is the page
        if getattr(f, key, ""):
            res["properties"][key] = getattr(f, key)
    if related:
        res["relatedLocations"] = related
    if f.accepted:
        res["suppressions"] = [{"kind": "external", "justification": "accepted in the qualcheck baseline"}]
    return res


def to_dict(report: Report) -> dict:
    md = report.metadata
    categories = sorted({f.category for f in report.findings})
    rule_index = {c: k for k, c in enumerate(categories)}
    rules = [{"id": c, "name": c.replace(".", "_"), "shortDescription": {"text": f"qualcheck {c} finding"}}
             for c in categories]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "qualcheck", "version": str(md.get("qualcheck_version", "")),
                                "informationUri": "https://pypi.org/project/qualcheck/", "rules": rules}},
            "artifacts": [
                {"location": {"uri": report.reference.name}, "roles": ["analysisTarget"],
                 "hashes": {"sha-256": report.reference.sha256}},
                {"location": {"uri": report.candidate.name}, "roles": ["analysisTarget"],
                 "hashes": {"sha-256": report.candidate.sha256}},
            ],
            "results": [_result(report, f, rule_index) for f in report.findings],
            **({"invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
                {"level": "warning", "descriptor": {"id": LEFT_OUT_CATEGORY}, "message": {"text": line}}]}]}
               if (line := left_out_line(report)) else {}),
            "properties": {"model": md.get("model"), "summary": report.summary},
        }],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
