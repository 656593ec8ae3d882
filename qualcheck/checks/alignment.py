"""Findings read straight off the alignment: omissions, additions, moved content, mismatches."""
from __future__ import annotations

from ..clean import words
from ..types import ADDITION, MOVED, OMISSION, Finding
from . import AlignedDoc, register

LONG_SENTENCE_WORDS = 8  # an unaligned sentence at least this long is a major finding


def _size_severity(text: str) -> str:
    return "major" if len(words(text)) >= LONG_SENTENCE_WORDS else "minor"


@register("omission")
def omission(doc: AlignedDoc):
    for a in doc.alignment:
        if a.kind != OMISSION:
            continue
        text = doc.reference.group_text(a.ref)
        yield Finding(
            category="omission", severity=_size_severity(text), side="reference",
            ref_span=doc.reference.group_span(a.ref), ref_text=text,
            message="This reference sentence has no counterpart in the candidate.",
            suggestion="Translate it, or confirm the cut was intended.",
        )


@register("addition")
def addition(doc: AlignedDoc):
    for a in doc.alignment:
        if a.kind != ADDITION:
            continue
        text = doc.candidate.group_text(a.cand)
        yield Finding(
            category="addition", severity=_size_severity(text), side="candidate",
            cand_span=doc.candidate.group_span(a.cand), cand_text=text,
            message="This candidate sentence has no counterpart in the reference.",
            suggestion="Check its source, or remove it if it was added.",
        )


@register("moved")
def moved(doc: AlignedDoc):
    for a in doc.alignment:
        if a.kind != MOVED:
            continue
        yield Finding(
            category="moved", severity="info", side="both",
            ref_span=doc.reference.group_span(a.ref), cand_span=doc.candidate.group_span(a.cand),
            ref_text=doc.reference.group_text(a.ref), cand_text=doc.candidate.group_text(a.cand),
            message="This content appears in a different place in the candidate.",
            suggestion="Confirm the new order reads correctly.", score=a.score,
        )


@register("mismatch")
def mismatch(doc: AlignedDoc):
    threshold = getattr(doc.settings, "min_similarity", 0.75)
    for a in doc.pairs:
        if a.score is None or a.score >= threshold:
            continue
        sev = "major" if a.score < threshold - 0.1 else "minor"
        yield Finding(
            category="mismatch", severity=sev, side="both",
            ref_span=doc.reference.group_span(a.ref), cand_span=doc.candidate.group_span(a.cand),
            ref_text=doc.reference.group_text(a.ref), cand_text=doc.candidate.group_text(a.cand),
            message=f"The aligned sentences may not mean the same (similarity {a.score:.2f} < {threshold:.2f}).",
            suggestion="Compare the meaning of the two sentences.", score=a.score,
        )
