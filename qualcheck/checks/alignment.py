"""Findings read straight off the alignment: omissions, additions, moved content, mismatches."""
from __future__ import annotations

import numpy as np

from .. import wordalign
from ..clean import words
from ..gate import threshold as threshold_of_gate
from ..scoring import ALL_FEATURES, WORD_FEATURES, band, features_many, pair_score_model, probability
from ..types import ADDITION, MOVED, OMISSION, Finding
from . import register
from .aligned import AlignedDoc
from .terms import word_cover
from .wordpairs import word_alignments

LONG_SENTENCE_WORDS = 8  # an unaligned sentence at least this long is a major finding
UNRELATED_SURE = 0.5  # a pair below this share of the gate's threshold is surely not a translation: major
HELD_RUN = 2  # stopped pairs in a row between two trusted pairs that still hold their slot (``in_sequence``)


def _size_severity(text: str) -> str:
    return "major" if len(words(text)) >= LONG_SENTENCE_WORDS else "minor"


def _runs(doc: AlignedDoc, kind: str) -> list[list[int]]:
    """Runs of consecutive unpaired sentences of one kind (omission: reference, addition:
    candidate): beads next to each other in reading order, sentence indices without a gap."""
    runs: list[list[int]] = []
    prev = None
    for a in doc.alignment:
        idx = a.ref if kind == OMISSION else a.cand
        if a.kind != kind:
            if idx:  # a sentence of this side in between ends the run
                prev = None
            continue
        if prev is not None and runs and min(idx) == runs[-1][-1] + 1:
            runs[-1].extend(sorted(idx))
        else:
            runs.append(sorted(idx))
        prev = a
    return runs


def _run_findings(doc: AlignedDoc, kind: str):
    side_doc = doc.reference if kind == OMISSION else doc.candidate
    side = "reference" if kind == OMISSION else "candidate"
    prefix = "R" if kind == OMISSION else "C"
    for run in _runs(doc, kind):
        texts = [side_doc.sentences[i].text for i in run]
        sev = max((_size_severity(t) for t in texts), key=lambda v: v == "major")
        span = side_doc.group_span(run)
        text = side_doc.group_text(run)
        if len(run) == 1:
            msg = ("This reference sentence has no counterpart in the candidate." if kind == OMISSION
                   else "This candidate sentence has no counterpart in the reference.")
        else:
            where = f"{prefix}{run[0] + 1}–{prefix}{run[-1] + 1}"
            msg = (f"{len(run)} consecutive {side} sentences ({where}) have no counterpart in the "
                   + ("candidate: " if kind == OMISSION else "reference: ")
                   + "; ".join(f"{prefix}{i + 1} “{t[:60]}{'…' if len(t) > 60 else ''}”" for i, t in zip(run, texts)) + ".")
        kw = {"ref_span": span, "ref_text": text} if kind == OMISSION else {"cand_span": span, "cand_text": text}
        yield Finding(
            category=kind, severity=sev, side=side, message=msg,
            suggestion=("Translate it, or confirm the cut was intended." if kind == OMISSION
                        else "Check its source, or remove it if it was added."),
            **kw,
        )


@register("omission", categories=("omission",))
def omission(doc: AlignedDoc):
    """Reference sentences with no counterpart; a run of consecutive ones is one finding."""
    return _run_findings(doc, OMISSION)


@register("addition", categories=("addition",))
def addition(doc: AlignedDoc):
    """Candidate sentences with no counterpart; a run of consecutive ones is one finding."""
    return _run_findings(doc, ADDITION)


@register("moved", categories=("moved",))
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


def in_sequence(doc: AlignedDoc, a) -> bool:
    """Whether pair ``a`` sits in its slot: the sentences just before it on both sides are a pair the
    gate trusts (or both sides start here), and so are the sentences just after it (or both end here).

    Such a pair is what the translator put in that place; when the gate stops it, its wording is too
    free to compare word by word (`Why would they go to that bother?` / `Why is it so troublesome?`),
    which is worth a look but is not a sentence of another report (the seed pair's R15/C30 has no
    trusted neighbours). Up to ``HELD_RUN`` stopped pairs in a row, each next to the other, share one slot.
    """
    nr, nc = len(doc.reference.sentences), len(doc.candidate.sentences)

    def reaches(b, step: int, left: int) -> bool:
        i, j = (min(b.ref) - 1, min(b.cand) - 1) if step < 0 else (max(b.ref) + 1, max(b.cand) + 1)
        edge_r, edge_c = (i < 0, j < 0) if step < 0 else (i >= nr, j >= nc)
        if edge_r or edge_c:
            return edge_r and edge_c
        n = doc.ref_bead.get(i)
        if n is None or not n.is_pair or j not in n.cand or (i, j) != ((max, min)[step > 0](n.ref), (max, min)[step > 0](n.cand)):
            return False
        return doc.trusted(n) or (left > 0 and reaches(n, step, left - 1))

    return reaches(a, -1, HELD_RUN - 1) and reaches(a, 1, HELD_RUN - 1)


def pair_scores(doc: AlignedDoc, scored) -> tuple[list[float], dict | None, dict]:
    """The mismatch finding's probability that each (pair, reference text, candidate text) means the same,
    the model whose bands apply (None: the gate's calibration and its bands), and each pair's word alignment
    when it was read ({(ref, cand): WordAlignment}). The model of ``data/pair_score.json``
    (``scoring.pair_score_model``) reads the pair's features and, where the encoder gives token vectors, the
    word alignment's (computed once a pair: the word checks read the same)."""
    rows = doc.memo.get("pair_features") or {}
    if not scored:
        return [], None, {}
    if any((a.ref, a.cand) not in rows for a, _, _ in scored):
        x = features_many([(r, c, float(a.score)) for a, r, c in scored], doc.encoder, doc.store, words=False)
    else:
        x = np.array([rows[(a.ref, a.cand)] for a, _, _ in scored], dtype=np.float64)
    words = doc.encoder is not None and wordalign.can_read(doc.encoder)
    model = pair_score_model(words)
    if model is None:
        return [doc.meaning[(a.ref, a.cand)][1] for a, _, _ in scored], None, {}
    read = {}
    if any(f in WORD_FEATURES for f in model["features"]):
        # the word checks' alignments of the trusted pairs (computed once a document, whichever check asks first)
        read = {(a.ref, a.cand): wa for a, _, _, wa in word_alignments(doc, min_score=-1.0)}
        x = np.hstack([x[:, : len(ALL_FEATURES) - len(WORD_FEATURES)],
                       np.array([wordalign.features(read[(a.ref, a.cand)]) for a, _, _ in scored], dtype=np.float64)])
    return [float(p) for p in probability(x, model)], model, read


LEFT_SHOWN = 3  # left-over runs named per side in a mismatch message
LEFT_CHARS = 60  # each cut to this many characters


def left_over(wa) -> tuple[list[str], list[str]]:
    """The runs of words of each side that the word alignment matched to nothing on the other side, those
    with the most content words first (what an editor should compare): ([reference runs], [candidate runs])."""
    out = []
    for side in ("reference", "candidate"):
        runs = sorted(wordalign.gaps(wa, side, min_content=1), key=lambda g: (-g.content, g.start))[:LEFT_SHOWN]
        out.append([g.text if len(g.text) <= LEFT_CHARS else g.text[: LEFT_CHARS - 1].rstrip() + "…"
                    for g in sorted(runs, key=lambda g: g.start)])
    return out[0], out[1]


@register("mismatch", categories=("mismatch", "mismatch.unrelated"), settings=("min_similarity", "pair_gate"))
def mismatch(doc: AlignedDoc):
    """An aligned pair that may not mean the same: its probability of meaning the same (``pair_scores``: a
    model fitted on the MQM benchmark) is in a severity band fitted on the same data (minor: the lowest 8% of
    the fitted No-error pairs; no major band), or its cosine is below ``min_similarity`` when that is set. A pair the confidence gate
    stops is one ``mismatch.unrelated``. The finding names the words that differ most; ``score`` is the
    probability (for ``mismatch.unrelated``, the gate's probability that one sentence translates the other,
    the one figure its message gives)."""
    threshold = doc.settings.min_similarity
    scored = [(a, doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)) for a in doc.pairs
              if a.score is not None]
    probs = [doc.meaning[(a.ref, a.cand)][1] for a, _, _ in scored]
    trusted = [t for t in scored if doc.trusted(t[0])]
    scores, model, read = pair_scores(doc, trusted)
    score_of = {(a.ref, a.cand): p for (a, _, _), p in zip(trusted, scores)}
    for (a, ref_text, cand_text), p in zip(scored, probs):
        p = float(p)
        if not doc.trusted(a):  # the confidence gate: one finding, no word-by-word cascade
            g = doc.gate[(a.ref, a.cand)][1]
            # far below the gate's threshold: not a translation (major); near it: the gate is unsure (minor)
            sure = g < UNRELATED_SURE * threshold_of_gate()
            # between two trusted pairs the pair holds its slot: a free rendering, not another report's sentence
            held = in_sequence(doc, a)
            yield Finding(
                category="mismatch.unrelated", severity="major" if sure and not held else "minor", side="both",
                ref_span=doc.reference.group_span(a.ref), cand_span=doc.candidate.group_span(a.cand),
                ref_text=ref_text, cand_text=cand_text,
                # one figure, the gate's: the pair score of a ``mismatch`` is another model, and two
                # "probabilities they mean the same" side by side contradicted each other in the report
                message=(f"These sentences do not read as translations of each other (similarity {a.score:.3f}; "
                         f"the confidence gate puts the chance that one translates the other at {g:.2f}): "
                         + ("they stand between two translated pairs, so this may be a free rendering. "
                            if held else "the aligner's best guess, not a counterpart. ")
                         + "Names, numbers, quotes and terms were not compared."),
                suggestion="Treat the reference sentence as omitted and the candidate sentence as added, "
                           "or find its counterpart.",
                score=round(float(g), 4),
            )
            continue
        p = score_of[(a.ref, a.cand)]
        sev = band(p, model)
        # a cosine below min_similarity (when set) makes a finding minor: whether the pair is a translation
        # at all is the confidence gate's call (above), and how much the meaning differs is the score's
        if threshold is not None and a.score < threshold and sev is None:
            sev = "minor"
        if sev is None:
            continue
        # the words matched to nothing on the other side (the word alignment's), else the words whose best
        # match on the other side is weakest (each word alone)
        wa = read.get((a.ref, a.cand))
        r_words, c_words = left_over(wa) if wa is not None else ([], [])
        if not (r_words or c_words):
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
