"""Consistency: the same reference sentence rendered two different ways in the candidate,
and the reverse (one candidate sentence standing for two different reference sentences);
a glossary term rendered in two ways is the glossary check's business."""
from __future__ import annotations

from collections import defaultdict

from ..types import Finding, normalise_for_id
from . import register
from .aligned import AlignedDoc


def _groups(doc: AlignedDoc, side: str):
    """normalised text of one side's group -> {normalised text of the other side: bead}."""
    table: dict[str, dict[str, object]] = defaultdict(dict)
    for a in doc.pairs:
        ref = normalise_for_id(doc.reference.group_text(a.ref))
        cand = normalise_for_id(doc.candidate.group_text(a.cand))
        key, other = (ref, cand) if side == "reference" else (cand, ref)
        if len(key.split()) < 3:
            continue  # very short repeats ("He said.") are not a terminology signal
        table[key].setdefault(other, a)
    return table


@register("consistency", categories=("consistency",))
def consistency(doc: AlignedDoc):
    for side in ("reference", "candidate"):
        for key, renderings in _groups(doc, side).items():
            if len(renderings) < 2:
                continue
            beads = list(renderings.values())
            first, rest = beads[0], beads[1:]
            if side == "reference":
                texts = [doc.candidate.group_text(b.cand) for b in beads]
                msg = (f"The same reference sentence is rendered {len(beads)} different ways in the candidate: "
                       + " / ".join(f"“{t}”" for t in texts))
                sugg = "Use one rendering throughout."
            else:
                texts = [doc.reference.group_text(b.ref) for b in beads]
                msg = (f"The same candidate sentence stands for {len(beads)} different reference sentences: "
                       + " / ".join(f"“{t}”" for t in texts))
                sugg = "Check that each is translated on its own."
            yield Finding(
                category="consistency", severity="minor", side="both",
                ref_span=doc.reference.group_span(first.ref), cand_span=doc.candidate.group_span(first.cand),
                ref_text=doc.reference.group_text(first.ref), cand_text=doc.candidate.group_text(first.cand),
                message=msg, suggestion=sugg,
                occurrences=[doc.candidate.group_span(b.cand) for b in rest],
            )
