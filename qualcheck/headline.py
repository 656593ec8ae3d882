"""Headlines: lines whose capitals are the style of a title, not sentence starts or names.

A sentence is a headline when it is written in capitals, or in title case (most of its words
start with a capital, small words such as ``of``, ``at``, ``the`` aside) with no final stop and
it is the first sentence of its text or a short line of its own (a paragraph of one sentence).
The name checks do not read a headline's capitals as evidence of a name's case, and the fragment
checks do not read them as sentence starts.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .types import Document

SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for by with from as vs v via into onto over per than up off out".split())
TITLE_SHARE = 0.75  # share of the other words that start with a capital
MIN_TITLE_WORDS = 3
SHORT_LINE_WORDS = 20  # a one-sentence paragraph up to this many words can be a headline
_WORD = re.compile(r"[^\W\d_][\w’'\-.]*")
_FINAL_STOP = re.compile(r"[.!?…][\"”’')\]]*\s*$")


@lru_cache(maxsize=4096)
def in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7


@lru_cache(maxsize=4096)
def title_case(text: str) -> bool:
    """Most words capitalised (small words aside), no final stop: the shape of a title."""
    if _FINAL_STOP.search(text):
        return False
    words = [w for w in _WORD.findall(text) if w.casefold() not in SMALL_WORDS]
    if len(words) < MIN_TITLE_WORDS:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= TITLE_SHARE


def headlines(doc: Document) -> list[bool]:
    """For each sentence of ``doc``: is it a headline?"""
    sents = doc.sentences
    per_par: dict[int, int] = {}
    for s in sents:
        per_par[s.paragraph] = per_par.get(s.paragraph, 0) + 1
    out = []
    for k, s in enumerate(sents):
        if in_capitals(s.text):
            out.append(True)
            continue
        alone = per_par.get(s.paragraph, 0) == 1 and len(s.text.split()) <= SHORT_LINE_WORDS
        out.append(title_case(s.text) and (k == 0 or alone))
    return out


def is_headline_text(text: str, first: bool = True) -> bool:
    """``text`` alone (no document around it): in capitals, or a title-case line."""
    return in_capitals(text) or (first and title_case(text))
