"""How much of one sentence the other side says: word containment and verbatim containment.

The aligner's evidence besides the embeddings' cosine: a sentence whose words are mostly found in a sentence of
the other version is covered by it (a piece of a split sentence, a sentence merged into a longer one), and a
sentence found word for word inside a longer one (rapidfuzz's partial ratio) is that sentence's, whatever
paraphrase sits next to it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
# function words carry no evidence of shared content
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from into onto about as than then that this these those
    there here which who whom whose what when where why how is are was were be been being am do does did have has
    had will would shall should can could may might must it its it's they them their he him his she her we us our
    you your i me my so too not no all any some each every both such only more most much many up down out over
    very just also even still yet while after before since until because though through between""".split()
)


@lru_cache(maxsize=1 << 16)
def words(text: str) -> frozenset:
    """Content words of ``text``, lower-cased, a plural or third-person 's' dropped."""
    out = set()
    for w in _TOKEN.findall(text.lower()):
        if w in STOPWORDS:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return frozenset(out)


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s content words found in ``whole`` (1.0 when ``part`` has none: nothing contradicts)."""
    wp = words(part)
    if not wp:
        return 1.0
    return len(wp & words(whole)) / len(wp)


def verbatim(part: str, whole: str) -> float:
    """How exactly ``part`` occurs inside a longer ``whole``, 0..1 (rapidfuzz partial ratio, case and final
    punctuation ignored); 0 when ``part`` is not the shorter of the two."""
    p, w = part.lower().strip().rstrip(".!?;:"), whole.lower()
    if not p or len(p) >= len(w):
        return 0.0
    return fuzz.partial_ratio(p, w) / 100.0


def _near(w: str, whole: frozenset) -> bool:
    """``w`` or a form of it is among ``whole``'s words: the same word, one a prefix of the other (at least 3
    letters: fall / falling, predict / prediction), or the same first ``NEAR_PREFIX`` letters (stretched /
    stretching)."""
    if w in whole:
        return True
    for v in whole:
        short, long_ = (w, v) if len(w) <= len(v) else (v, w)
        if len(short) >= 3 and long_.startswith(short):
            return True
        if len(short) >= NEAR_PREFIX and w[:NEAR_PREFIX] == v[:NEAR_PREFIX]:
            return True
    return False


NEAR_PREFIX = 6


def near_containment(part: str, whole: str) -> float:
    """``containment`` counting a word's other forms too (``_near``): share of ``part``'s content words whose form
    is in ``whole`` (1.0 when ``part`` has none)."""
    wp = words(part)
    if not wp:
        return 1.0
    ww = words(whole)
    return sum(_near(w, ww) for w in wp) / len(wp)


def residual(part: str, whole: str, said: tuple = (), common: frozenset = frozenset()) -> int:
    """How many of ``part``'s content words ``whole`` holds (a word's other forms counting, ``_near``) that none of
    the sentences ``said`` (``whole``'s partners so far) already holds: what ``part`` would add to their translation
    of ``whole``. A sentence whose partner already says every shared word has no use for ``part``. Words of
    ``common`` (the story's words around ``part``) are no evidence either way and do not count."""
    ww = words(whole)
    gone = frozenset().union(*[words(t) for t in said]) if said else frozenset()
    return sum(1 for w in words(part) if _near(w, ww) and not (gone and _near(w, gone)) and w not in common)
