"""The word alignment of every aligned pair the checks read word by word, shared by the checks that read it
(`omission.partial`, `addition.partial`, `mistranslation`, `term`), and the word substitutions it shows.

Only the pairs the confidence gate takes for translations, at sentence cosine ``PAIR_MIN`` or above: in a
pair further apart the word alignment says nothing reliable (the `mismatch` finding speaks for it).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import wordalign as W

if TYPE_CHECKING:  # annotations only: the aligned document imports the gate, whose features use `terms`
    from .aligned import AlignedDoc

PAIR_MIN = 0.6  # sentence cosine below which a pair is not read word by word


def word_alignments(doc: AlignedDoc) -> list:
    """(alignment, reference text, candidate text, WordAlignment) of every pair read word by word
    (computed once per document, in one batch)."""
    cached = doc.memo.get("word_alignment")
    if cached is None and not W.can_read(doc.encoder):
        doc.info["word_reading"] = ("off: the word alignment needs the encoder's token vectors and this "
                                    "encoder gives none (an ONNX export without them)")
        cached = doc.memo["word_alignment"] = []
    if cached is None:
        # the pairs the confidence gate takes for translations (a weak pair is one finding, not a cascade)
        pairs = [(a, doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)) for a in doc.trusted_pairs
                 if a.score is not None and a.score >= PAIR_MIN]
        was = W.align_pairs([(r, c) for _, r, c in pairs], doc.encoder) if pairs and doc.encoder is not None else []
        cached = [(a, r, c, wa) for (a, r, c), wa in zip(pairs, was)]
        doc.memo["word_alignment"] = cached
    return cached


def substitutions(wa: W.WordAlignment) -> list[tuple[int, int]]:
    """(reference word, candidate word) the alignment puts in each other's place: content words matched
    in context with another stem, and the one left-over content word on each side between the same
    two matched neighbours."""
    out = [(i, j) for i, j, _, how in wa.pairs
           if how == "context" and W.is_content(wa.ref_words[i]) and W.is_content(wa.cand_words[j])]
    anchors = sorted((i, j) for i, j, _, _ in wa.pairs)
    rl, cl = set(wa.ref_left()), set(wa.cand_left())
    bounds = [(-1, -1), *anchors, (len(wa.ref_words), len(wa.cand_words))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if i1 <= i0 or j1 <= j0:
            continue
        r = [i for i in range(i0 + 1, i1) if i in rl]
        c = [j for j in range(j0 + 1, j1) if j in cl]
        if len(r) == 1 and len(c) == 1:
            out.append((r[0], c[0]))
    return out


def in_place(wa: W.WordAlignment) -> set[tuple[int, int]]:
    """Every (reference start, candidate start) of two content words the alignment puts in each other's
    place (``substitutions``: matched in context, or the lone left-over words between the same matched
    neighbours). A match by spelling alone is not one: it pairs look-alikes whatever they translate
    (`brought back to us` / `falls into the black hole`: contextual cosine of `back` and `black` 0.06)."""
    rw, cw = wa.ref_words, wa.cand_words
    return {(rw[i].start, cw[j].start) for i, j in substitutions(wa)}
