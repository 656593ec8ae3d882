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
    """An aligned pair that may not mean the same: its calibrated probability of meaning the same
    (``qualcheck.scoring``, fitted on the MQM benchmark) is in a severity band, or its cosine is
    below ``min_similarity``. The finding names the words that differ most; ``score`` is the probability."""
    from ..embed import disk_of
    from ..scoring import band, features_many, probability
    from .terms import prefetch_words, word_cover

    threshold = getattr(doc.settings, "min_similarity", 0.75)
    scored = [(a, doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)) for a in doc.pairs
              if a.score is not None]
    prefetch_words(doc)
    feats = features_many([(r, c, a.score) for a, r, c in scored], doc.encoder, disk_of(doc.encoder))
    probs = probability(feats) if scored else []
    for (a, ref_text, cand_text), p in zip(scored, probs):
        p = float(p)
        sev = band(p)
        if a.score < threshold - 0.1:
            sev = "major"
        elif a.score < threshold and sev is None:
            sev = "minor"
        if sev is None:
            continue
        r_words, c_words = word_cover(ref_text, cand_text, doc.encoder).worst()
        differ = ""
        if r_words or c_words:
            differ = (" Words that differ most: reference " + (", ".join(f"“{w}”" for w in r_words) or "none")
                      + "; candidate " + (", ".join(f"“{w}”" for w in c_words) or "none") + ".")
        yield Finding(
            category="mismatch", severity=sev, side="both",
            ref_span=doc.reference.group_span(a.ref), cand_span=doc.candidate.group_span(a.cand),
            ref_text=ref_text, cand_text=cand_text,
            message=(f"The aligned sentences may not mean the same: probability they do {p:.2f} "
                     f"(similarity {a.score:.3f}).{differ}"),
            suggestion="Compare the meaning of the two sentences.", score=round(p, 4),
        )
