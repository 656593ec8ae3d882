"""Stage 1b: take web-page debris out of a text and record every removed span with its reason.

The cleaner never rewrites the text. It produces a *mask* of the original (same length,
removed characters blanked), so every later offset is an offset into the original, and a
list of ``Removed`` spans, so nothing disappears silently. HTML input loses its tags,
comments and ``<script>``/``<style>`` contents the same way.

Debris rules (line by line, each line a paragraph of scraped copy):

* ``script``: inline JavaScript/CSS (ad loaders such as ``(function(w,d,s,i){...})``);
* ``navigation``: menu and button words on a line of their own (``Tags``, ``PREV``, ``NEXT UP``...);
* ``teaser``: an excerpt of another story cut off with ``[…]``, and the title line before it
  or after a navigation marker;
* ``promo``: a headline in capitals of another story (``TRUMP NATIONAL SECURITY PICKS: ...``);
* ``masthead``: a short line with no sentence in it before the article starts (site name);
* ``page tail``: short lines with no sentence in them after the article ended (login prompts,
  "Stories you've missed since your last login:").
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from .types import Document, Removed

NAV_WORDS = {
    "tags", "tag", "topics", "prev", "previous", "next", "next up", "up next", "share", "share this",
    "share this article", "share this story", "tweet", "facebook", "twitter", "x", "email", "e-mail",
    "print", "comments", "comment", "advertisement", "advertisements", "ad", "sponsored",
    "sponsored content", "related", "related stories", "related articles", "read more", "more",
    "see more", "show more", "load more", "subscribe", "sign in", "sign up", "log in", "login",
    "log out", "logout", "menu", "home", "search", "skip to content", "skip to main content",
    "welcome back", "edit my interests", "close", "back to top", "newsletter", "most popular",
    "trending", "copy link", "link copied", "whatsapp", "linkedin", "reddit", "pinterest",
    "recommended", "recommended for you", "you may also like", "more stories", "latest news",
    "view comments", "leave a comment", "continue reading", "click here", "accept cookies",
    "manage cookies", "cookie settings", "privacy policy", "terms of use", "contact us",
}
# markers after which the next title-like line is another story's teaser
NAV_TEASER_MARKERS = {"prev", "previous", "next", "next up", "up next", "related", "related stories",
                      "related articles", "read more", "more stories", "recommended", "you may also like"}

_JS_SIGNS = re.compile(
    r"\bfunction\s*\(|\bvar\s+\w+\s*=|\blet\s+\w+\s*=|\bconst\s+\w+\s*=|\bdocument\.\w+|\bwindow\.\w+|"
    r"\}\)\(|=>\s*\{|\.push\(|getElementById|createElement|getElementsBy\w+|</?script|googletag|"
    r"adsbygoogle|\.async\s*=|\.src\s*=|parentNode|insertBefore|\w+\s*\(\s*\)\s*;"
)
_CSS_RULE = re.compile(r"^[\s\w.#:>,\-\[\]=\"'*]+\{[^{}]*:[^{}]*;?[^{}]*\}\s*$")
_TEASER_END = re.compile(r"(\[\s*(…|\.\.\.)\s*\]|\[…\])\s*$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.U)

_BLOCK_TAGS = re.compile(
    r"</?(p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|header|footer|nav|aside|blockquote|"
    r"figure|figcaption|main|form|hr|title|dd|dt|dl|pre)\b[^>]*>",
    re.I,
)
_HTML_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_HTML_TAG = re.compile(r"<[!/?]?[a-zA-Z][^<>]*>")


@dataclass
class Line:
    start: int
    end: int
    text: str  # the visible text of the line (tags blanked, entities decoded)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_script(text: str) -> bool:
    t = text.strip()
    if not t:
        return False
    if _CSS_RULE.match(t):
        return True
    signs = len(_JS_SIGNS.findall(t))
    punct = sum(t.count(c) for c in "{}();=[]") / len(t)
    return (signs >= 2 and punct > 0.03) or (signs >= 1 and punct > 0.08)


def _nav_key(text: str) -> str:
    return re.sub(r"[\s:|»›>→.…]+$", "", text.strip().casefold()).strip()


def is_sentence_like(text: str) -> bool:
    """A line that ends like prose (stop, question, quote) rather than like a label or a menu."""
    return bool(_TERMINAL.search(text.strip())) and not text.strip().endswith(":")


def is_content(text: str) -> bool:
    return is_sentence_like(text) and len(words(text)) >= 8


def is_caps_promo(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    ws = words(text)
    return len(ws) >= 3 and len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def _mask_html(text: str) -> tuple[str, list[Removed]]:
    """Blank tags, comments and script/style blocks of an HTML text; same length as the input."""
    chars = list(text)
    removed: list[Removed] = []

    def blank(m: re.Match, reason: str, newline: bool) -> None:
        s, e = m.span()
        for k in range(s, e):
            if chars[k] not in "\n":
                chars[k] = " "
        if newline:
            chars[s] = "\n"
        removed.append(Removed(s, e, text[s:e], reason))

    for m in _HTML_DROP.finditer(text):
        kind = m.group(1).lower() if m.group(1) else "comment"
        blank(m, f"html {kind}", True)
    masked_once = "".join(chars)
    for m in _HTML_TAG.finditer(masked_once):
        blank(m, "html tag", bool(_BLOCK_TAGS.match(m.group(0))))
    removed.sort(key=lambda r: r.start)
    return "".join(chars), removed


def split_lines(mask: str, is_html: bool) -> list[Line]:
    lines = []
    for m in re.finditer(r"[^\n]+", mask):
        raw = m.group(0)
        if not raw.strip():
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        vis = raw.strip()
        if is_html:
            vis = " ".join(_html.unescape(vis).split())
        lines.append(Line(m.start() + lead, m.start() + trail, vis))
    return lines


def classify_lines(lines: list[Line]) -> list[str | None]:
    """A removal reason for each line, or None to keep it."""
    n = len(lines)
    reason: list[str | None] = [None] * n
    for i, ln in enumerate(lines):
        key = _nav_key(ln.text)
        if is_script(ln.text):
            reason[i] = "script: inline code"
        elif key in NAV_WORDS:
            reason[i] = "navigation"
        elif _TEASER_END.search(ln.text):
            reason[i] = "teaser: excerpt of another story"
        elif is_caps_promo(ln.text) and not is_sentence_like(ln.text):
            reason[i] = "promo: headline of another story"
    # title lines of teasers: before a [...] excerpt or right after PREV/NEXT/Related markers
    for i, ln in enumerate(lines):
        if reason[i] or is_sentence_like(ln.text) or len(words(ln.text)) > 20:
            continue
        prev_key = _nav_key(lines[i - 1].text) if i > 0 else ""
        nxt_teaser = i + 1 < n and (reason[i + 1] or "").startswith("teaser")
        if prev_key in NAV_TEASER_MARKERS or nxt_teaser:
            reason[i] = "teaser: title of another story"
    content = [i for i in range(n) if reason[i] is None and is_content(lines[i].text)]
    if content:
        first, last = content[0], content[-1]
        for i in range(first):
            if reason[i] is None and not is_sentence_like(lines[i].text) and len(words(lines[i].text)) <= 3:
                reason[i] = "masthead: site name or section before the article"
        for i in range(last + 1, n):
            t = lines[i].text
            if reason[i] is None and (not is_sentence_like(t) or t.rstrip().endswith(":")):
                reason[i] = "page tail: page furniture after the article"
    return reason


def clean(text: str, name: str = "<text>", fmt: str = "text") -> tuple[Document, str]:
    """Return the Document (original, cleaned, removed) and the mask used for segmenting.

    The mask has the original's length with removed characters blanked, so segment offsets
    found in it are offsets into the original.
    """
    is_html = fmt == "html"
    removed: list[Removed] = []
    mask = text
    if is_html:
        mask, removed = _mask_html(text)
    lines = split_lines(mask, is_html)
    reasons = classify_lines(lines)
    chars = None
    for ln, why in zip(lines, reasons):
        if why is None:
            continue
        if chars is None:
            chars = list(mask)
        for k in range(ln.start, ln.end):
            chars[k] = " "
        if is_html:
            # keep the debris line's own tags out of the list: one span per debris line
            removed = [r for r in removed if not (r.start >= ln.start and r.end <= ln.end)]
        removed.append(Removed(ln.start, ln.end, text[ln.start : ln.end], why))
    if chars is not None:
        mask = "".join(chars)
    removed.sort(key=lambda r: r.start)
    cleaned = _cut(text, removed)
    doc = Document(name=name, original=text, cleaned=cleaned, removed=removed, format=fmt)
    return doc, mask


def _cut(text: str, removed: list[Removed]) -> str:
    out, pos = [], 0
    for r in removed:
        if r.start < pos:
            continue
        out.append(text[pos : r.start])
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def clean_offset(removed: list[Removed], pos: int) -> int:
    """Map an offset in the original to the cleaned text (original minus removed spans)."""
    shift = 0
    last = 0
    for r in removed:
        if r.start >= pos:
            break
        s = max(r.start, last)
        e = min(r.end, pos)
        if e > s:
            shift += e - s
        last = max(last, r.end)
    return pos - shift
