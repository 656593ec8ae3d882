"""`debris`: a span the cleaner kept although it may be page debris.

The cleaner (clean.py) removes only what is surely page furniture; a doubtful line (a short
label right after the article, a short line before it that may be the headline, copy inside a
``<nav>`` or ``<aside>``) stays in the text, is checked like the rest, and is listed in
``Document.doubtful``. This check turns each into a finding so an editor decides: minor, or info
when the line is paired with a counterpart on the other side (both texts carry it, so it is no
translation problem: a transcript's closing ``(Applause)``, a source line in both). Debris the
cleaner missed inside a line of copy is the ``fragments`` check's (``debris``, major).
"""
from __future__ import annotations

from typing import Iterator

from ..types import Finding
from . import register
from .aligned import AlignedDoc


@register("debris", categories=("debris", "reference.debris"))
def kept_debris(doc: AlignedDoc) -> Iterator[Finding]:
    for side, d, bead in (("candidate", doc.candidate, doc.cand_bead), ("reference", doc.reference, doc.ref_bead)):
        for k in d.doubtful:
            span = (k.start, k.end)
            text = " ".join(k.text.split())
            inside = [s.index for s in d.sentences if s.start < k.end and s.end > k.start]
            paired = bool(inside) and all(i in bead and bead[i].is_pair for i in inside)
            kw = dict(cand_span=span, cand_text=text) if side == "candidate" else dict(ref_span=span, ref_text=text)
            yield Finding(
                category="debris" if side == "candidate" else "reference.debris",
                severity="info" if paired else "minor",
                side=side,
                message=f"Kept, though it may be page debris ({k.reason.rstrip('.')})"
                + ("; the other text has it too." if paired else "."),
                suggestion="Delete it if it is not part of the story.",
                **kw,
            )
