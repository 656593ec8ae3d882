"""JSON: the versioned contract pipelines build on (see docs/reports.md, "JSON report").

The JSON Schema of this document is ``qualcheck/data/report.schema.json`` (``schema.py``
loads it and validates a report against it). Within a major ``schema_version`` fields are
only ever added, never removed or renamed.
"""
from __future__ import annotations

import json

from ..cap import left_out, left_out_line
from ..scoring import document_score
from ..types import SEVERITIES, Document, Report

SCHEMA_VERSION = "1.7"  # 1.1: places, sentence location, finding ref_location/cand_location (DOCX, PDF, subtitles);
# 1.2: side doubtful; 1.3: summary.left_out (findings over the max_findings cap); 1.4: metadata.engine;
# 1.5: summary.verdict, finding related; 1.6: category quotes.unbalanced renamed quote.unbalanced (all quote.*);
# 1.7: metadata.settings.min_similarity may be null (no cosine floor: the fitted pair score decides)


def _side(doc: Document) -> dict:
    out = {
        "name": doc.name,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        "notes": list(doc.notes),
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in doc.sentences
        ],
        "removed": [{"start": r.start, "end": r.end, "text": r.text, "reason": r.reason} for r in doc.removed],
        # kept by the cleaner although it may be page debris (each also a `debris` finding); since 1.2
        "doubtful": [{"start": r.start, "end": r.end, "text": r.text, "reason": r.reason} for r in doc.doubtful],
    }
    if doc.places:  # DOCX paragraphs, PDF pages, subtitle cues: where each sentence stands in the file
        for s, row in zip(doc.sentences, out["sentences"]):
            row["location"] = doc.where((s.start, s.end))
        out["places"] = [
            {"start": p.start, "end": p.end, "kind": p.kind, "number": p.number, "label": p.label,
             **({"t0": p.t0, "t1": p.t1} if p.t0 is not None else {})}
            for p in doc.places
        ]
    return out


def score(report: Report) -> float:
    """0-100 document score (see ``qualcheck.scoring.document_score``)."""
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
        "left_out": {**{k: v for k, v in left_out(report).items() if k != "penalty"},
                     "message": left_out_line(report) or ""},
        "verdict": verdict(report),
    }


TRANSLATION_COVER = 0.8  # a side with at least this share of its sentences translated is covered
DIFFERENT_COVER = 0.6  # both sides below this: two different texts, not one translated


def verdict(report: Report) -> dict:
    """What the two texts are to each other, from the share of each side's sentences that have a
    counterpart the confidence gate accepts (weak pairs do not count): a translation, a partial
    translation, a translation with added content, or different reports."""
    weak = {(tuple(r), tuple(c)) for r, c in (report.metadata.get("check_info", {}) or {}).get("weak_pairs", [])}
    pairs = [a for a in report.alignment if a.is_pair and (tuple(a.ref), tuple(a.cand)) not in weak]
    n_ref, n_cand = len(report.reference.sentences), len(report.candidate.sentences)
    ref_cov = sum(len(a.ref) for a in pairs) / n_ref if n_ref else 1.0
    cand_cov = sum(len(a.cand) for a in pairs) / n_cand if n_cand else 1.0
    shares = (f"{ref_cov:.0%} of the reference sentences and {cand_cov:.0%} of the candidate sentences "
              "have a counterpart")
    paired = [a for a in report.alignment if a.is_pair]
    ref_paired = sum(len(a.ref) for a in paired) / n_ref if n_ref else 1.0
    cand_paired = sum(len(a.cand) for a in paired) / n_cand if n_cand else 1.0
    if weak and (round(ref_paired, 2), round(cand_paired, 2)) != (round(ref_cov, 2), round(cand_cov, 2)):
        # the report's cards count every aligned sentence: say why these shares are lower
        shares += (f" that says the same thing ({ref_paired:.0%} and {cand_paired:.0%} are aligned, "
                   f"{len(weak)} {'pair' if len(weak) == 1 else 'pairs'} of them too loosely to count)")
    if ref_cov >= TRANSLATION_COVER and cand_cov >= TRANSLATION_COVER:
        kind, text = "translation", f"The candidate reads as a translation of the reference: {shares}."
    elif ref_cov < DIFFERENT_COVER and cand_cov < DIFFERENT_COVER:
        kind, text = "different", (
            f"The two texts look like different reports (of the same event, or different stories), not a "
            f"translation: only {shares}. Added and omitted sentences are differences between the reports; "
            "compare the sentences that have a counterpart.")
    elif cand_cov >= TRANSLATION_COVER:
        kind, text = "partial", (
            f"The candidate looks like a partial translation: it translates {ref_cov:.0%} of the reference "
            f"sentences; {cand_cov:.0%} of its own sentences have a counterpart.")
    elif ref_cov >= TRANSLATION_COVER:
        kind, text = "expanded", (
            f"The candidate translates the reference ({ref_cov:.0%} of its sentences) and adds content: only "
            f"{cand_cov:.0%} of the candidate sentences have a counterpart.")
    else:
        kind, text = "loose", (
            f"The candidate is a loose translation: {shares}; both sides have sentences the other lacks.")
    return {"kind": kind, "reference_translated": round(ref_cov, 3), "candidate_translated": round(cand_cov, 3),
            "weak_pairs": len(weak), "text": text}


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
                **({"ref_location": f.ref_location, "cand_location": f.cand_location}
                   if (f.ref_location or f.cand_location) else {}),
                "related": [dict(r) for r in f.related],
            }
            for f in report.findings
        ],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
