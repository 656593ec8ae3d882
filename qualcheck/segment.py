"""Stage 2: split the cleaned text into sentences with offsets into the original.

pysbd (rule-based, keeps ``Vladimir V. Putin``, ``U.S.``, ``p.m.`` together) splits each
paragraph; a newline always ends a sentence, as it does in news copy. A segment that is
only punctuation or a closing quote (pysbd cuts ``China. .`` into ``China.`` and ``.``)
is not a sentence to align: it is glued back to the sentence it belongs to, where the
fragment check reports it.
"""
from __future__ import annotations

import html as _html
import re
from functools import lru_cache

from .clean import clean_offset
from .types import Document, Sentence

_HAS_WORD = re.compile(r"[^\W_]", re.U)
MAX_SEGMENT_CHARS = 2000  # a "sentence" longer than this is cut at clause or word breaks


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _split_long(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[str]:
    """Cut a run-on segment (no stops at all) into pieces, preferring ; : , then spaces."""
    out = []
    while len(text) > limit:
        cut = -1
        for pat in (r"[;:]\s", r",\s", r"\s"):
            ms = [m.end() for m in re.finditer(pat, text[: limit + 1])]
            ms = [c for c in ms if c > limit // 4]
            if ms:
                cut = ms[-1]
                break
        if cut <= 0:
            cut = limit
        out.append(text[:cut])
        text = text[cut:]
    out.append(text)
    return out


_ABBREV_END = re.compile(r"\b(?:[ap]\.m|U\.S|U\.K|[A-Z])\.$")
_CONTINUES = re.compile(
    r"^(?:[a-z]|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|ET|EST|EDT|"
    r"CET|GMT|UTC|PT|PST|PDT|local)\b)"
)


def _glue_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin a split after ``p.m.``/``U.S.``/an initial when what follows continues the sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _ABBREV_END.search(text[out[-1][0] : out[-1][1]]) and _CONTINUES.match(text[s:e]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def split_paragraph(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    pieces = _segmenter().segment(text) if len(text) > 1 else [text]
    for seg in pieces:
        for piece in _split_long(seg):
            stripped = piece.strip()
            if not stripped:
                continue
            at = text.find(stripped, pos)
            if at < 0:  # pysbd altered the text: fall back to the cursor
                at = pos
            spans.append((at, at + len(stripped)))
            pos = at + len(stripped)
    return _glue_abbreviations(text, spans)


def is_stray(text: str) -> bool:
    """Only punctuation or quotes: not a sentence."""
    return not _HAS_WORD.search(text)


def segment(doc: Document, mask: str) -> Document:
    """Fill ``doc.sentences`` from the cleaned mask (same length as ``doc.original``)."""
    spans: list[list[int]] = []  # [start, end, paragraph]
    para = 0
    for m in re.finditer(r"[^\n]+", mask):
        line = m.group(0)
        if not line.strip():
            continue
        for s, e in split_paragraph(line):
            s, e = m.start() + s, m.start() + e
            if is_stray(mask[s:e]):
                if spans:
                    spans[-1][1] = e  # glue to the previous sentence
                else:
                    spans.append([s, e, para])  # glued to the next one below
                continue
            if spans and is_stray(mask[spans[-1][0] : spans[-1][1]]):
                spans[-1][1] = e
                spans[-1][2] = para
                continue
            spans.append([s, e, para])
        para += 1
    sentences = []
    for s, e, p in spans:
        text = " ".join(mask[s:e].split())
        if doc.format == "html":
            text = " ".join(_html.unescape(text).split())
        sentences.append(
            Sentence(
                index=len(sentences), start=s, end=e, text=text,
                clean_start=clean_offset(doc.removed, s), clean_end=clean_offset(doc.removed, e), paragraph=p,
            )
        )
    doc.sentences = sentences
    return doc
