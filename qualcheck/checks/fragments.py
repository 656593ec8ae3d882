"""Broken fragments: dangling punctuation, doubled words, orphan quotes, sentences too short
to stand alone. Run on the candidate; the same defects in the reference are ``reference.*``."""
from __future__ import annotations

import re

from ..types import Document, Finding, Sentence
from . import AlignedDoc, register

_DOUBLED_PUNCT = re.compile(r"([.,;:!?])\s+\1(?!\1)|([,;:])\2")
_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.I | re.U)
_NEAR_DOUBLE = re.compile(r"\b([^\W\d_]{3,}),?\s+(?:and|or|,)\s+\1\b", re.I | re.U)
_ORPHAN_CLOSE = re.compile(r"[.!?]\s+([”\"’])\s*$")
_ATTRIBUTION = re.compile(r"^(?:he|she|they|it|we|i)\s+(?:said|says|added|adds|noted|told)\.?$", re.I)
_OPEN, _CLOSE = "“", "”"
ALLOWED_DOUBLES = {"that", "had", "is", "was", "do"}  # "that that", "had had" can be grammatical


def _finding(doc: Document, side: str, s: Sentence, i: int, j: int, category: str, severity: str,
             message: str, suggestion: str) -> Finding:
    span = doc.locate(s, i, j)
    cat = category if side == "candidate" else f"reference.{category}"
    kw = dict(cand_span=span, cand_text=s.text) if side == "candidate" else dict(ref_span=span, ref_text=s.text)
    return Finding(category=cat, severity=severity, side=side, message=message, suggestion=suggestion, **kw)


def sentence_defects(doc: Document, side: str, s: Sentence):
    t = s.text
    for m in _DOUBLED_PUNCT.finditer(t):
        yield _finding(doc, side, s, m.start(), m.end(), "fragment.orphan_punctuation", "minor",
                       f"Dangling punctuation “{m.group(0)}”.", "Remove the extra punctuation mark.")
    m = _ORPHAN_CLOSE.search(t)
    if m and t.count(_CLOSE) > t.count(_OPEN):
        yield _finding(doc, side, s, m.start(1), m.end(1), "fragment.orphan_punctuation", "minor",
                       "A closing quotation mark stands alone after the sentence.",
                       "Remove it, or restore the quotation it closed.")
    for m in _DOUBLED_WORD.finditer(t):
        if m.group(1).casefold() in ALLOWED_DOUBLES:
            continue
        yield _finding(doc, side, s, m.start(), m.end(), "words.doubled", "minor",
                       f"Doubled word “{m.group(0)}”.", m.group(1))
    for m in _NEAR_DOUBLE.finditer(t):
        yield _finding(doc, side, s, m.start(), m.end(), "words.doubled", "minor",
                       f"Word repeated in a list: “{m.group(0)}”.", "Check the phrase; one of the words is likely wrong.")
    opens, closes = t.count(_OPEN), t.count(_CLOSE)
    if opens != closes and not (m and closes == opens + 1):
        yield _finding(doc, side, s, 0, len(t), "quotes.unbalanced", "minor",
                       f"Unbalanced quotation marks ({opens} opening, {closes} closing).",
                       "Check where the quotation starts and ends.")
    if _ATTRIBUTION.match(t.strip()):
        yield _finding(doc, side, s, 0, len(t), "fragment.orphan_attribution", "minor",
                       f"“{t}” stands alone: an attribution with no quotation.",
                       "Join it to the quotation it belongs to, or remove it.")


def document_defects(doc: Document, side: str):
    for s in doc.sentences:
        yield from sentence_defects(doc, side, s)


@register("fragments")
def fragments(doc: AlignedDoc):
    yield from document_defects(doc.candidate, "candidate")
    yield from document_defects(doc.reference, "reference")
