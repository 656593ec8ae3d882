"""Mangled names: a person, place or organisation of the reference spelled, cased or changed
differently in the candidate (``Volodymi Zelensky`` for ``Volodymyr Zelensky``, ``XI`` for ``Xi``).

First version: names are capitalised word sequences (a capitalisation/shape heuristic);
each candidate name token is compared with the reference's name tokens with rapidfuzz.
"""
from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz

from ..types import Finding
from . import AlignedDoc, register

_NAME = re.compile(r"\b[A-Z][\w’'\-]*(?:\.?\s+(?:[A-Z]\.\s+)?[A-Z][\w’'\-]*)*")
_POSSESSIVE = re.compile(r"[’']s$")
MISSPELL_MIN = 80.0  # rapidfuzz ratio above which a different token is a misspelling


def _tokens(text: str):
    for m in re.finditer(r"[A-Z][\w’'\-]*", text):
        tok = _POSSESSIVE.sub("", m.group(0))
        yield m.start(), m.start() + len(tok), tok


def _is_name_token(tok: str, start: int, text: str, lower_vocab: set[str]) -> bool:
    if len(tok) < 2:
        return False
    sentence_initial = start == 0 or bool(re.search(r"[.!?“\"‘(]\s*$", text[:start]))
    if sentence_initial and tok.casefold() in lower_vocab:
        return False  # an ordinary word that starts a sentence
    return True


def inventory(doc) -> dict[str, str]:
    """casefolded name token -> reference spelling."""
    lower_vocab = {w for s in doc.sentences for w in re.findall(r"\b[a-z][\w’'\-]*", s.text)}
    inv: dict[str, str] = {}
    for s in doc.sentences:
        for a, b, tok in _tokens(s.text):
            if _is_name_token(tok, a, s.text, lower_vocab):
                inv.setdefault(tok.casefold(), tok)
    return inv, lower_vocab


@register("names")
def names(doc: AlignedDoc):
    ref_inv, ref_lower = inventory(doc.reference)
    cand_lower = {w for s in doc.candidate.sentences for w in re.findall(r"\b[a-z][\w’'\-]*", s.text)}
    exact = set(ref_inv.values())
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for s in doc.candidate.sentences:
        for a, b, tok in _tokens(s.text):
            if tok in exact or not _is_name_token(tok, a, s.text, cand_lower | ref_lower):
                continue
            ref_form = ref_inv.get(tok.casefold())
            if ref_form is not None:
                if tok.isupper() and ref_form.isupper():
                    continue
                groups[("name.case", tok, ref_form)].append((s, a, b, 100.0))
                continue
            best, best_score = None, 0.0
            for low, form in ref_inv.items():
                if abs(len(low) - len(tok)) > 3 or low[0] != tok[0].casefold():
                    continue
                sc = fuzz.ratio(tok.casefold(), low)
                if sc > best_score:
                    best, best_score = form, sc
            if best is not None and best_score >= MISSPELL_MIN and len(tok) >= 4:
                groups[("name.misspelled", tok, best)].append((s, a, b, best_score))
    for (cat, tok, ref_form), occ in groups.items():
        s, a, b, score = occ[0]
        spans = [doc.candidate.locate(o[0], o[1], o[2]) for o in occ]
        full_ref, full_cand = _widen(doc, ref_form, s, a, b)
        what = "cased" if cat == "name.case" else "spelled"
        times = f" ({len(occ)} times)" if len(occ) > 1 else ""
        yield Finding(
            category=cat, severity="major", side="candidate",
            cand_span=spans[0], cand_text=full_cand or tok, ref_text=full_ref or ref_form,
            message=f"Name {what} differently from the reference: “{full_cand or tok}” for “{full_ref or ref_form}”{times}.",
            suggestion=full_ref or ref_form, score=round(score / 100, 3), occurrences=spans[1:],
        )


def _widen(doc: AlignedDoc, ref_form: str, s, a: int, b: int) -> tuple[str, str]:
    """Show the whole name (``Volodymi Zelensky`` for token ``Volodymi``) when the next
    capitalised word is the same on both sides."""
    nxt = re.match(r"\s+([A-Z][\w’'\-]*)", s.text[b:])
    if not nxt:
        return "", ""
    follow = _POSSESSIVE.sub("", nxt.group(1))
    pat = re.compile(r"\b" + re.escape(ref_form) + r"\s+" + re.escape(follow) + r"\b")
    for rs in doc.reference.sentences:
        if pat.search(rs.text):
            return f"{ref_form} {follow}", f"{s.text[a:b]} {follow}"
    return "", ""
