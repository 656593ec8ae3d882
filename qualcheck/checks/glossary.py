"""Glossary: a reference term in an aligned group whose candidate lacks the required form."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..types import Finding
from . import register
from .aligned import AlignedDoc


def _closest_span(text: str, required: str) -> tuple[int, int] | None:
    """Where the candidate most likely renders the term (a near form), if anywhere."""
    best, best_score = None, 0.0
    toks = list(re.finditer(r"[^\W_][\w’'\-]*", text))
    n = max(1, len(required.split()))
    for k in range(len(toks)):
        for width in {max(1, n - 1), n, n + 1}:
            if k + width > len(toks):
                continue
            a, b = toks[k].start(), toks[k + width - 1].end()
            sc = fuzz.ratio(text[a:b].casefold(), required.casefold())
            if sc > best_score:
                best, best_score = (a, b), sc
    return best if best_score >= 70 else None


@register("glossary", categories=("glossary",), settings=("glossary",))
def glossary(doc: AlignedDoc):
    entries = doc.settings.glossary
    if not entries:
        return
    for entry in entries:
        pat = entry.pattern()
        required = re.compile(r"(?<!\w)" + re.escape(entry.required) + r"(?!\w)")
        for a in doc.pairs:
            ref_text = doc.reference.group_text(a.ref)
            if not pat.search(ref_text):
                continue
            cand_sents = [doc.candidate.sentences[j] for j in a.cand]
            if any(required.search(s.text) for s in cand_sents):
                continue
            span = None
            for s in cand_sents:
                near = _closest_span(s.text, entry.required)
                if near:
                    span = doc.candidate.locate(s, *near)
                    break
            span = span or doc.candidate.group_span(a.cand)
            found = doc.candidate.original[span[0]:span[1]] if span else ""
            note = f" ({entry.note})" if entry.note else ""
            yield Finding(
                category="glossary", severity="major", side="both",
                ref_span=doc.reference.group_span(a.ref), cand_span=span,
                ref_text=entry.term, cand_text=doc.candidate.group_text(a.cand),
                message=(f"Glossary: “{entry.term}” must be rendered as “{entry.required}”{note}"
                         + (f"; the candidate has “{found}”." if found and len(found) < 60 else "; the candidate lacks it.")),
                suggestion=entry.required,
            )
