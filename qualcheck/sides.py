"""Do the two arguments look swapped? A warning, never an error (the check runs as asked).

A reference is usually copy taken from a page (so the cleaner removes page debris from it) and
well formed; a candidate is a translation, often by machine (no page around it, and garbled more
often). Two signs that REFERENCE and CANDIDATE were given the other way round:

* the candidate had page debris removed and the reference none;
* the reference reads as machine-garbled (broken fragments and doubled words, one in
  ``GARBLED_RATE`` sentences or more) and the candidate as clean (a third of that rate or less).
"""
from __future__ import annotations

from typing import Iterable, Optional

from .types import Document, Finding

GARBLED_RATE = 0.15  # fragment.* / words.* findings per sentence from which a side reads as garbled
GARBLED_PREFIXES = ("fragment.", "words.")


def garbled_rate(findings: Iterable[Finding], side: str, sentences: int) -> float:
    """Findings of a broken text (fragments, doubled words) on ``side``, per sentence of that side."""
    n = sum(1 for f in findings if f.side == side  # the reference's own defects read ``reference.fragment...``
            and f.category.removeprefix("reference.").startswith(GARBLED_PREFIXES))
    return n / max(1, sentences)


def swapped_warning(reference: Document, candidate: Document, findings: list[Finding]) -> Optional[str]:
    """One line saying why the arguments look swapped, or None."""
    why = []
    if candidate.removed and not reference.removed:
        why.append(f"the candidate had {len(candidate.removed)} spans of page debris removed and the reference none")
    ref_rate = garbled_rate(findings, "reference", len(reference.sentences))
    cand_rate = garbled_rate(findings, "candidate", len(candidate.sentences))
    if ref_rate >= GARBLED_RATE and cand_rate <= ref_rate / 3:
        why.append(f"the reference reads as machine-garbled ({ref_rate:.2f} broken fragments or doubled words a "
                   f"sentence) and the candidate as clean ({cand_rate:.2f})")
    if not why:
        return None
    return ("the arguments may be swapped (" + "; ".join(why) + "): the order is "
            "`qualcheck check REFERENCE CANDIDATE`, the reference first")
