"""`debris` (minor): a span the cleaner kept although it may be page debris.

The cleaner (clean.py) removes only what is surely page furniture; a doubtful line (a short
label right after the article, a short line before it that may be the headline, copy inside a
``<nav>`` or ``<aside>``) stays in the text, is checked like the rest, and is listed in
``Document.doubtful``. This check turns each into a finding so an editor decides. Debris the
cleaner missed inside a line of copy is the ``fragments`` check's (``debris``, major).
"""
from __future__ import annotations

from typing import Iterator

from ..types import Finding
from . import AlignedDoc, register


@register("debris")
def kept_debris(doc: AlignedDoc) -> Iterator[Finding]:
    for side, d in (("candidate", doc.candidate), ("reference", doc.reference)):
        for k in d.doubtful:
            span = (k.start, k.end)
            text = " ".join(k.text.split())
            kw = dict(cand_span=span, cand_text=text) if side == "candidate" else dict(ref_span=span, ref_text=text)
            yield Finding(
                category="debris" if side == "candidate" else "reference.debris",
                severity="minor",
                side=side,
                message=f"Kept, though it may be page debris ({k.reason.rstrip('.')}).",
                suggestion="Delete it if it is not part of the story.",
                **kw,
            )
