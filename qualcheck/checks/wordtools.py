"""Helpers shared by the meaning checks (numbers, quotes, terms, negation): words with offsets,
a light stemmer, stop words, and offsets of a group's text mapped back to the original.

Not a check module: it registers nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..types import Document, Span

# words: letters/digits with inner hyphens or apostrophes (dual-use, Russia’s, don't)
_TOKEN = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.UNICODE)

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from into onto about as than then that this these those
    there here which who whom whose what when where why how is are was were be been being am do does did doing
    have has had having will would shall should can could may might must it its it's they them their theirs he him
    his she her hers we us our ours you your yours i me my mine one ones also very just so too not no nor never
    all any some each every both either neither such only own same other another more most less least much many
    up down out over under again further once s t said says say told tell also even still yet however while after
    before since until because though although whether during through between against among per via within""".split()
)


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return norm_word(self.text)


@lru_cache(maxsize=1 << 16)
def norm_word(w: str) -> str:
    w = w.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Tok, ...]:
    """The words of ``text`` (memoised: the checks of one pair tokenise the same texts many times)."""
    return tuple(Tok(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text))


@lru_cache(maxsize=1 << 16)
def stem(w: str) -> str:
    """A light English stemmer: enough to see that `exports`/`exporting`, `neighbors`/`neighbor` agree."""
    w = norm_word(w)
    if not w.isalpha() or len(w) <= 3 or w.endswith("ss"):
        return w
    if w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            base = w[: -len(suf)]
            if suf != "s" and base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # stopped -> stop
            return base.rstrip("e")
    return w.rstrip("e")


def content(toks: Sequence[Tok]) -> list[Tok]:
    return [t for t in toks if t.low not in STOPWORDS and not t.text.isdigit() and len(t.text) > 1]


def group_offsets(doc: Document, indices) -> list[tuple[int, int]]:
    """(offset in the group text, sentence index) for each sentence of ``doc.group_text(indices)``."""
    out, pos = [], 0
    for i in indices:
        out.append((pos, i))
        pos += len(doc.sentences[i].text) + 1
    return out


def group_locate(doc: Document, indices, i: int, j: int) -> Span:
    """Original offsets of ``doc.group_text(indices)[i:j]`` (clipped to the sentence holding ``i``)."""
    starts = group_offsets(doc, indices)
    base, idx = starts[0]
    for off, k in starts:
        if off <= i:
            base, idx = off, k
    s = doc.sentences[idx]
    a, b = i - base, min(j - base, len(s.text))
    return doc.locate(s, a, max(a, b))


def snippet(text: str, i: int, j: int, width: int = 40) -> str:
    a = max(0, i - width)
    b = min(len(text), j + width)
    a = text.rfind(" ", 0, a) + 1 if a > 0 else 0
    b2 = text.find(" ", b)
    b = len(text) if b2 < 0 else b2
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def merge_same(findings):
    """One finding per id: a repeat of the same problem becomes an occurrence of the first."""
    seen: dict[str, object] = {}
    for f in findings:
        first = seen.get(f.id)
        if first is None:
            seen[f.id] = f
        else:
            span = f.cand_span or f.ref_span
            if span is not None and span not in first.occurrences:
                first.occurrences.append(span)
    return list(seen.values())


def forget() -> None:
    """Empty the memos of words, normal forms and stems (``pipeline.forget``)."""
    for memo in (tokens, norm_word, stem):
        memo.cache_clear()
