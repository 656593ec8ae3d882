"""Text that should not be in the copy at all: web-page debris the cleaner missed, and text
left in another script or language than the reference (``untranslated``).

Pure functions over one sentence; the ``fragments`` check (fragments.py) calls them for both
sides, so these categories are reported in the candidate and, as ``reference.*``, in the
reference. Nothing here needs a model.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterator, Optional

from ..clean import NAV_WORDS, prose_edges, is_script

# ---------------------------------------------------------------- debris
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#[xX][0-9a-fA-F]{2,5});")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,200})?/?>")
_CODE = re.compile(
    r"\bfunction\s*\([^)]*\)\s*\{|\b(?:var|let|const)\s+\w+\s*=|\b(?:document|window)\.\w+|"
    r"\w\([^()]*\)\s*;\s*\}|\}\s*\)\s*\(|[\w\]]\)\s*;(?:\s|$)|\{\s*[\w\"']+\s*:\s*[^{}]{0,80}\}|=>\s*\{|\w\s*\|\|\s*\[\]"
)
# page furniture that shows up inside a line of copy: compared case-sensitively in title or
# upper case, so prose ("people share this view") is not matched
# page furniture that shows up inside a line of copy, compared case-sensitively in title or upper
# case. Phrases of the first list are never prose; those of the second ("Read more books") only
# count at the edge of a sentence, before a colon or a capitalised word, or in capitals.
_FURNITURE = [
    "Share this article", "Share this story", "Share on Facebook", "Share on Twitter", "Click here",
    "Skip to content", "Skip to main content", "Sign up for our newsletter", "Subscribe to our newsletter",
    "Follow us on", "All rights reserved", "Accept cookies", "Cookie settings", "Back to top", "Print this page",
    "Email this", "Tweet this", "Leave a comment", "View comments", "Copy link", "Link copied",
    "Recommended for you", "You may also like",
]
_FURNITURE_EDGE = ["Read more", "Read More", "Continue reading", "Related stories", "Related articles", "Most popular",
                   "Advertisement", "Sponsored content", "Share this", "Sponsored", "Trending"]
_FURNITURE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in sorted(_FURNITURE, key=len, reverse=True))
    + r"|" + "|".join(re.escape(p.upper()) for p in _FURNITURE) + r")(?![\w-])"
)
_FURNITURE_EDGE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in sorted(_FURNITURE_EDGE, key=len, reverse=True))
    + r"|" + "|".join(re.escape(p.upper()) for p in _FURNITURE_EDGE) + r")(?![\w-])"
)
_NAV_SINGLE = {w for w in NAV_WORDS if " " not in w}
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}|[A-Z])|\((?:AP|Reuters|AFP|Getty)\s+(?:Photo|Images)[^)]*\)|"
                        r"\b(?:Photo|Image|Picture)\s*(?:credit|source)?\s*:\s*[A-Z]")
_CODE_CHARS = re.compile(r"[{};=|]|\(\s*\)")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+\.\S+")


def _nav_key(text: str) -> str:
    return re.sub(r"[\s:|»›>→.…]+$", "", text.strip().casefold()).strip()


def debris_spans(text: str, is_html: bool = False) -> Iterator[tuple[int, int, str]]:
    """(start, end, what) of web-page leftovers in one sentence."""
    key = _nav_key(text)
    if key in NAV_WORDS:
        yield 0, len(text), "a navigation or share button"
        return
    if len(text) > 12 and _CODE_CHARS.search(text) and is_script(text):
        a, b = prose_edges(text)  # prose run together with the code (a sentence the splitter joined) is not debris
        yield a, b, "program code (an ad or tracking script)"
        return
    seen: list[tuple[int, int]] = []

    def fresh(a: int, b: int) -> bool:
        if any(a < e and s < b for s, e in seen):
            return False
        seen.append((a, b))
        return True

    m = _CODE.search(text) if _CODE_CHARS.search(text) else None
    if m:
        # widen to the code-looking run around the match: from the first brace/paren to the last ; or }
        a = max(0, text.rfind(" ", 0, max(0, m.start() - 1)) + 1) if text[: m.start()].count("(") else m.start()
        b = len(text)
        for k in range(len(text) - 1, m.end() - 1, -1):
            if text[k] in ";})":
                b = k + 1
                break
        if fresh(a, b):
            yield a, b, "program code (an ad or tracking script)"
    if "&" in text:
      for m in _ENTITY.finditer(text):
          if fresh(*m.span()):
              yield m.start(), m.end(), "an HTML entity"
    if not is_html and "<" in text:
        for m in _TAG.finditer(text):
            if fresh(*m.span()):
                yield m.start(), m.end(), "an HTML tag"
    for m in _FURNITURE_RE.finditer(text):
        if fresh(*m.span()):
            yield m.start(), m.end(), "a share/navigation link"
    for m in _FURNITURE_EDGE_RE.finditer(text):
        word, after = m.group(0), text[m.end():].lstrip()
        at_edge = m.end() >= len(text.rstrip(".:!…»› ")) or after[:1] in (":", "»", "›", "|")
        before_sentence = m.start() == 0 and after[:1].isupper()
        if not (at_edge or before_sentence or word.isupper()):
            continue
        if fresh(*m.span()):
            yield m.start(), m.end(), "a share/navigation link"
    # a single navigation word glued to the start of a sentence: "Advertisement The Sun burns..."
    m = re.match(r"([A-Z][a-z]+|[A-Z]{2,})\s+(?=[A-Z])", text)
    if m and m.group(1).casefold() in _NAV_SINGLE and m.group(1).casefold() in {
        "advertisement", "advertisements", "tweet", "share", "print", "email", "subscribe", "comments", "sponsored",
        "menu", "login", "logout", "tags", "trending", "whatsapp", "linkedin", "reddit", "pinterest", "facebook",
    }:
        if fresh(m.start(1), m.end(1)):
            yield m.start(1), m.end(1), "a share/navigation link"
    for m in _COPYRIGHT.finditer(text):
        if fresh(*m.span()):
            yield m.start(), len(text), "a photo credit or copyright line"
    for m in _URL.finditer(text):
        if fresh(*m.span()):
            yield m.start(), m.end(), "a web address"


# ---------------------------------------------------------------- untranslated
SCRIPTS = {
    "Chinese/Japanese": r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u3000-\u303f\uff01-\uff5e",
    "Korean": r"\uac00-\ud7af\u1100-\u11ff",
    "Cyrillic": r"\u0400-\u04ff",
    "Arabic": r"\u0600-\u06ff\u0750-\u077f",
    "Hebrew": r"\u0590-\u05ff",
    "Greek": r"\u0370-\u03ff",
    "Thai": r"\u0e00-\u0e7f",
    "Devanagari": r"\u0900-\u097f",
}
_SCRIPT_RE = {name: re.compile(f"[{rng}]") for name, rng in SCRIPTS.items()}
_SCRIPT_RUN = {name: re.compile(f"[{rng}](?:[{rng}\\s\\d，。、：；！？“”]*[{rng}])?") for name, rng in SCRIPTS.items()}
_ANY_FOREIGN = re.compile("[" + "".join(SCRIPTS.values()) + "]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# a few words of each language that are not also English words: enough to tell a sentence
# left in French or German from English copy (needs >= 3 of them in >= 5 words)
STOPWORDS = {
    "English": "the and of to is are was were that this with for not have has be it you they we he she from which".split(),
    "French": "le la les des une est et du pour que qui dans pas sur avec nous vous ils elle au aux ce cette sont été".split(),
    "German": "der die das und ist nicht ein eine mit sich auf den dem zu von auch wir ich sie für sind wurde".split(),
    "Spanish": "el los las y que es una del por para con se lo su sus como pero más está son fue muy".split(),
    "Italian": "il di che è gli della per non una sono nel alla delle questo anche più come ha".split(),
    "Portuguese": "os que não uma com para do da em é dos das mais como foi são pelo seu".split(),
    "Dutch": "het een van en niet zijn op dat met voor ik je ook wordt maar naar bij".split(),
}
_WORD = re.compile(r"[^\W\d_]+", re.U)


def script_counts(text: str) -> Counter:
    c: Counter = Counter()
    c["Latin"] = len(_LATIN.findall(text))
    if _ANY_FOREIGN.search(text):
        for name, rx in _SCRIPT_RE.items():
            n = len(rx.findall(text))
            if n:
                c[name] = n
    return c


@lru_cache(maxsize=65536)
def language_guess(text: str) -> Optional[str]:
    """The language of a Latin-script sentence by its function words, or None if unsure."""
    ws = [w.casefold() for w in _WORD.findall(text)]
    if len(ws) < 5:
        return None
    hits = {lang: sum(1 for w in ws if w in sw) for lang, sw in _STOP_SETS.items()}
    best = max(hits, key=hits.get)
    if best != "English" and hits[best] >= 3 and hits[best] >= 2 * hits["English"] + 1:
        return best
    if hits["English"] >= 1:
        return "English"
    return None


_STOP_SETS = {k: set(v) for k, v in STOPWORDS.items()}


def dominant(texts: list[str]) -> tuple[str, Optional[str]]:
    """(script, language) most of a document is written in."""
    c: Counter = Counter()
    langs: Counter = Counter()
    for t in texts:
        c.update(script_counts(t))
        lg = language_guess(t)
        if lg:
            langs[lg] += 1
    script = c.most_common(1)[0][0] if c else "Latin"
    lang = langs.most_common(1)[0][0] if langs and script == "Latin" else None
    return script, lang


def untranslated_spans(text: str, script: str, lang: Optional[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, what) of text in another script (or language) than ``script``/``lang``."""
    if _ANY_FOREIGN.search(text):
        for name, rx in _SCRIPT_RUN.items():
            if name == script:
                continue
            for m in rx.finditer(text):
                run = m.group(0)
                n = len(_SCRIPT_RE[name].findall(run))
                # a lone Greek letter is a symbol (alpha, pi); one CJK character is already a word
                if name == "Greek" and n < 3:
                    continue
                yield m.start(), m.end(), name
    if script == "Latin" and lang:
        other = language_guess(text)
        if other and other != lang and not _ANY_FOREIGN.search(text):
            yield 0, len(text), other
