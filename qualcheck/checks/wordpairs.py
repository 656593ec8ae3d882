"""The word alignment of every aligned pair the checks read word by word, shared by the checks that read it
(`omission.partial`, `addition.partial`, `mistranslation`, `term`), and the word substitutions it shows.

The pairs the confidence gate takes for translations; the partial checks read those at sentence cosine
``PAIR_MIN`` or above only: in a pair further apart a left-over word says nothing reliable (the `mismatch`
finding speaks for it).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import wordalign as W

if TYPE_CHECKING:  # annotations only: the aligned document imports the gate, whose features use `terms`
    from .aligned import AlignedDoc

PAIR_MIN = 0.6  # sentence cosine below which a pair is not read word by word


def word_alignments(doc: AlignedDoc, min_score: float = PAIR_MIN) -> list:
    """(alignment, reference text, candidate text, WordAlignment) of every pair the confidence gate trusts
    at sentence cosine ``min_score`` or above (all of them computed once per document, in one batch: the
    `term` check reads the freer pairs too, to see whether two look-alikes stand in each other's place)."""
    cached = doc.memo.get("word_alignment")
    if cached is None and not W.can_read(doc.encoder):
        doc.info["word_reading"] = ("off: the word alignment needs the encoder's token vectors and this "
                                    "encoder gives none (an ONNX export without them)")
        cached = doc.memo["word_alignment"] = []
    if cached is None:
        # the pairs the confidence gate takes for translations (a weak pair is one finding, not a cascade)
        pairs = [(a, doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)) for a in doc.trusted_pairs
                 if a.score is not None]
        was = W.align_pairs([(r, c) for _, r, c in pairs], doc.encoder) if pairs and doc.encoder is not None else []
        cached = [(a, r, c, wa) for (a, r, c), wa in zip(pairs, was)]
        doc.memo["word_alignment"] = cached
    return [x for x in cached if x[0].score >= min_score]


def _lone_between(anchors: list[tuple[int, int]], free_r, free_c, n_r: int, n_c: int) -> list[tuple[int, int]]:
    """(reference word, candidate word) where exactly one free word on each side stands between the same two
    consecutive ``anchors`` (matched word pairs, sorted; the sentence ends bound the first and last slot)."""
    out = []
    bounds = [(-1, -1), *anchors, (n_r, n_c)]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        if i1 <= i0 or j1 <= j0:
            continue
        r = [i for i in range(i0 + 1, i1) if free_r(i)]
        c = [j for j in range(j0 + 1, j1) if free_c(j)]
        if len(r) == 1 and len(c) == 1:
            out.append((r[0], c[0]))
    return out


def substitutions(wa: W.WordAlignment) -> list[tuple[int, int]]:
    """(reference word, candidate word) the alignment puts in each other's place: content words matched
    in context with another stem, and the one left-over content word on each side between the same
    two matched neighbours."""
    out = [(i, j) for i, j, _, how in wa.pairs
           if how == "context" and W.is_content(wa.ref_words[i]) and W.is_content(wa.cand_words[j])]
    rl, cl = set(wa.ref_left()), set(wa.cand_left())
    anchors = sorted((i, j) for i, j, _, _ in wa.pairs)
    return out + _lone_between(anchors, rl.__contains__, cl.__contains__, len(wa.ref_words), len(wa.cand_words))


def in_place(wa: W.WordAlignment) -> set[tuple[int, int]]:
    """Every (reference start, candidate start) of two content words the alignment puts in each other's
    place: matched in context, or the lone content words on each side between the same two neighbours
    matched in context or as the same word. A match by spelling alone counts only in such a slot: the
    spelling step pairs look-alikes wherever they stand (`brought back to us` / `falls into the black hole`:
    contextual cosine of `back` and `black` 0.06, and `black` stands in the place of `into`), while a
    look-alike typed in a word's place (`coined` -> `confined`) has the same neighbours."""
    rw, cw = wa.ref_words, wa.cand_words
    out = {(i, j) for i, j, _, how in wa.pairs if how == "context" and W.is_content(rw[i]) and W.is_content(cw[j])}
    anchors = sorted((i, j) for i, j, _, how in wa.pairs if how != "spelling")
    held_r = {i for i, _ in anchors}
    held_c = {j for _, j in anchors}
    out.update(_lone_between(anchors, lambda i: i not in held_r and W.is_content(rw[i]),
                             lambda j: j not in held_c and W.is_content(cw[j]), len(rw), len(cw)))
    return {(rw[i].start, cw[j].start) for i, j in out}
