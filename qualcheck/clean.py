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

Hostile input (see README, "Input handling"): every line separator (``\r\n``, a lone ``\r``,
``\u2028``, form feed...) becomes ``\n`` in the mask, and invisible characters (zero-width
spaces, soft hyphens, byte-order marks, bidi controls: Unicode ``Cf``) and control characters
(NUL...) become :data:`DROP`, a marker the segmenter skips, so they split no word and no
sentence. Markdown input loses its markup (``#`` heading markers, emphasis, ``[text](url)``
link targets, list bullets) the same way, each piece listed as a removed span.
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from .types import Document, Removed

DROP = "\x00"  # in the mask: a character that is not part of the visible text (markup, invisible)
# line breaks other than \n (str.splitlines' set): each becomes \n in the mask
_LINE_SEPS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# invisible (format, Cf) and control (Cc) characters that are not whitespace: dropped from sentence text
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)

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
    r"adsbygoogle|\.async\s*=|\.src\s*=|parentNode|insertBefore|\b\w+\s*\(\s*\)\s*;"
)
_CSS_RULE = re.compile(r"^[\s\w.#:>,\-\[\]=\"'*]+\{[^{}]*:[^{}]*\}$")  # tried only on lines ending in }
_TEASER_END = re.compile(r"(\[\s*(…|\.\.\.)\s*\]|\[…\])\s*$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*", re.U)

_BLOCK_TAGS = re.compile(
    r"</?(p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|header|footer|nav|aside|blockquote|"
    r"figure|figcaption|main|form|hr|title|dd|dt|dl|pre)\b[^>]*>",
    re.I,
)
_HTML_DROP_OPEN = re.compile(r"<(script|style|noscript|template)\b[^<>]{0,4000}>|<!--", re.I)
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
    if t.endswith("}") and _CSS_RULE.match(t):
        return True
    signs = len(_JS_SIGNS.findall(t))
    punct = sum(t.count(c) for c in "{}();=[]") / len(t)
    return (signs >= 2 and punct > 0.03) or (signs >= 1 and punct > 0.08)


def _nav_key(text: str) -> str:
    key = text.strip().casefold()
    while True:  # strip trailing separators (a loop, not a `[...]+$` regex: that is quadratic on long runs)
        shorter = key.rstrip().rstrip(":|»›>→.…")
        if shorter == key:
            return key.strip()
        key = shorter


def is_sentence_like(text: str) -> bool:
    """A line that ends like prose (stop, question, quote) rather than like a label or a menu."""
    return bool(_TERMINAL.search(text.strip())) and not text.strip().endswith(":")


def is_content(text: str) -> bool:
    return is_sentence_like(text) and len(words(text)) >= 8


def is_caps_promo(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    ws = words(text)
    return len(ws) >= 3 and len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def normalise_mask(text: str) -> str:
    """The starting mask of a text: same length, line separators as ``\\n``, invisible characters as DROP."""
    mask = _LINE_SEPS.sub("\n", text)
    return _INVISIBLE.sub(DROP, mask)


def _html_blocks(text: str):
    """(start, end, kind) of each comment and script/style/noscript/template element.

    A scan with ``str.find`` (linear): an element that is never closed runs to the end of
    the text, as in a browser.
    """
    lower = None
    pos = 0
    while True:
        m = _HTML_DROP_OPEN.search(text, pos)
        if m is None:
            return
        if m.group(1):
            kind = m.group(1).lower()
            if lower is None:
                lower = text.lower()
            close = lower.find(f"</{kind}", m.end())
            if close >= 0:
                gt = text.find(">", close)
                end = gt + 1 if gt >= 0 else len(text)
            else:
                end = len(text)
        else:
            kind = "comment"
            close = text.find("-->", m.end())
            end = close + 3 if close >= 0 else len(text)
        yield m.start(), end, kind
        pos = end


def _mask_html(text: str, mask: str | None = None) -> tuple[str, list[Removed]]:
    """Blank tags, comments and script/style blocks of an HTML text; same length as the input.

    Block tags (``<p>``, ``<br>``, ``<div>``...) end a line; inline tags (``<b>``, ``<a>``,
    ``<span>``...) are dropped from the text as a browser does (``Pu<b>tin</b>`` reads ``Putin``).
    """
    chars = list(mask if mask is not None else text)
    removed: list[Removed] = []

    def blank_span(s: int, e: int, reason: str) -> None:
        for k in range(s, e):
            if chars[k] != "\n":
                chars[k] = " "
        chars[s] = "\n"
        removed.append(Removed(s, e, text[s:e], reason))

    def blank(m: re.Match, reason: str, block: bool) -> None:
        s, e = m.span()
        fill = " " if block else DROP
        for k in range(s, e):
            if chars[k] != "\n":
                chars[k] = fill
        if block:
            chars[s] = "\n"
        removed.append(Removed(s, e, text[s:e], reason))

    for s, e, kind in _html_blocks(text):
        blank_span(s, e, f"html {kind}")
    masked_once = "".join(chars)
    for m in _HTML_TAG.finditer(masked_once):
        blank(m, "html tag", bool(_BLOCK_TAGS.match(m.group(0))))
    removed.sort(key=lambda r: r.start)
    return "".join(chars), removed


# Markdown: what is markup (dropped from the text, listed as removed) and what is text (kept)
_MD_FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)[^\n]*$", re.M)
_MD_RULE = re.compile(r"^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$", re.M)
_MD_LINKDEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S+[^\n]*$", re.M)
_MD_LINE_PREFIX = re.compile(r"^[ \t\x00]*(?:>[ \t]?)+|^[ \t\x00]*#{1,6}(?=[ \t]|$)|^[ \t\x00]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])", re.M)
_MD_HEADING_TAIL = re.compile(r"(?<=[ \t])#+[ \t]*$", re.M)
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,1000}\]\([^)\n]{0,2000}\)")
_MD_LINK = re.compile(r"(\[)[^\[\]\n]{1,1000}(\]\([^()\n]{0,2000}(?:\([^()\n]{0,2000}\)[^()\n]{0,2000})?\)|\]\[[^\]\n]{0,1000}\])")
_MD_AUTOLINK = re.compile(r"(<)(?:https?://|mailto:)[^>\s]+(>)")
_MD_EMPHASIS = re.compile(
    r"(\*\*|__|~~)(?=\S)(?:(?!\1).){1,1000}?(?<=\S)(\1)"  # **strong**, __strong__, ~~struck~~
    r"|(?<![\w*])(\*)(?=[^\s*])[^*\n]+?(?<=[^\s*])(\*)(?![\w*])"  # *emphasis*
    r"|(?<![\w_])(_)(?=[^\s_])[^_\n]+?(?<=[^\s_])(_)(?![\w_])"  # _emphasis_
    r"|(`+)(?=[^`\n])[^\n]{0,1000}?[^`\n](\7)"  # `code`
)
_MD_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!>~|])")
_MD_SIGNS = re.compile(
    r"^[ \t]{0,3}#{1,6}[ \t]+\S|\]\((?:https?://|/|#|\.)[^)\s]*\)|^[ \t]{0,3}```|\*\*[^*\n]+\*\*|^[ \t]{0,3}\[[^\]]+\]:[ \t]+\S",
    re.M,
)


def looks_like_markdown(text: str) -> bool:
    """Two Markdown signs at least: ``# heading``, ``[text](url)``, ``**strong**``, a code fence."""
    return len(_MD_SIGNS.findall(text[:50000], 0)) >= 2


def _mask_markdown(text: str, mask: str) -> tuple[str, list[Removed]]:
    """Drop Markdown markup from the mask (same length), keep the text it marks up.

    Each piece of markup is a removed span ("markdown markup"): heading and list markers,
    block quote ``>``, emphasis and code delimiters, ``[`` and ``](url)`` of links (the link
    text stays), images (alt text and all), link definitions, rules and code fences.
    """
    chars = list(mask)
    removed: list[Removed] = []

    def drop(s: int, e: int, reason: str = "markdown markup") -> None:
        """DROP chars[s:e]; one removed span per run not dropped before (no overlaps)."""
        k = s
        while k < e:
            if chars[k] in (DROP, "\n"):
                k += 1
                continue
            j = k
            while j < e and chars[j] not in (DROP, "\n"):
                chars[j] = DROP
                j += 1
            removed.append(Removed(k, j, text[k:j], reason))
            k = j

    for pat, reason in ((_MD_FENCE, "markdown markup"), (_MD_RULE, "markdown markup"),
                        (_MD_LINKDEF, "markdown link definition"), (_MD_IMAGE, "markdown image"),
                        (_MD_LINE_PREFIX, "markdown markup"), (_MD_LINE_PREFIX, "markdown markup"), (_MD_HEADING_TAIL, "markdown markup")):
        current = "".join(chars)
        for m in pat.finditer(current):
            drop(*m.span(), reason)
    # inline markup: the delimiters go, the text between them stays (nested emphasis: twice)
    for pat in (_MD_LINK, _MD_AUTOLINK, _MD_EMPHASIS, _MD_EMPHASIS):
        current = "".join(chars)
        for m in pat.finditer(current):
            for g in range(1, (m.lastindex or 0) + 1):
                if m.group(g) is not None:
                    drop(m.start(g), m.end(g))
    for m in _MD_ESCAPE.finditer("".join(chars)):
        drop(*m.span())
    removed.sort(key=lambda r: r.start)
    return "".join(chars), removed


def _visible(raw: str) -> str:
    return raw.replace(DROP, "")


def split_lines(mask: str, is_html: bool) -> list[Line]:
    lines = []
    for m in re.finditer(r"[^\n]+", mask):
        raw = m.group(0)
        vis = _visible(raw).strip()
        if not vis:
            continue
        lead = len(raw) - len(raw.lstrip().lstrip(DROP + " \t").lstrip())
        trail = len(raw.rstrip().rstrip(DROP + " \t").rstrip())
        if is_html:
            vis = " ".join(_html.unescape(vis).split())
        else:
            vis = " ".join(vis.split())
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

    The mask has the original's length with removed characters blanked (and markup and
    invisible characters set to :data:`DROP`), so segment offsets found in it are offsets
    into the original.
    """
    is_html = fmt == "html"
    removed: list[Removed] = []
    mask = normalise_mask(text)
    if is_html:
        mask, removed = _mask_html(text, mask)
    elif fmt == "markdown":
        mask, removed = _mask_markdown(text, mask)
    lines = split_lines(mask, is_html)
    reasons = classify_lines(lines)
    chars = None
    for ln, why in zip(lines, reasons):
        if why is None:
            continue
        start, end = ln.start, ln.end
        if why == "script: inline code":  # prose sharing the line with the code stays
            lo, hi = prose_edges(mask[start:end])
            start, end = start + lo, start + hi
        if chars is None:
            chars = list(mask)
        for k in range(start, end):
            chars[k] = " "
        if removed:
            # keep the debris line's own markup out of the list: one span per debris line
            removed = [r for r in removed if not (r.start >= start and r.end <= end)]
        removed.append(Removed(start, end, text[start:end], why))
    if chars is not None:
        mask = "".join(chars)
    removed.sort(key=lambda r: r.start)
    cleaned = _cut(text, removed)
    doc = Document(name=name, original=text, cleaned=cleaned, removed=removed, format=fmt)
    return doc, mask


EDGE_WINDOW = 4000  # characters prose_edges weighs on each side of a break
_PROSE_END = re.compile(r"[.!?…][\"”’)\]]*\s+")
_CODE_END = re.compile(r"[;})]\s+(?=[\"“‘(]?[A-Z])")


def prose_edges(raw: str) -> tuple[int, int]:
    """(lo, hi): the code of an inline-code line is ``raw[lo:hi]``; prose before or after it on the
    same line (``The council met. (function(w,d){...})(window);``) is kept."""
    def vis(x: str) -> str:
        return " ".join(_visible(x).split())

    def prose(x: str) -> bool:
        v = vis(x)
        return is_sentence_like(v) and not is_script(v) and len(words(v)) >= 3

    # each test looks at most EDGE_WINDOW characters either side of a break: linear on a line of
    # millions of characters (testing the whole prefix and rest at every break was quadratic)
    w = EDGE_WINDOW
    lo = 0
    for m in _PROSE_END.finditer(raw):
        if prose(raw[max(0, m.end() - w): m.end()]) and is_script(vis(raw[m.end(): m.end() + w])):
            lo = m.end()
    hi = len(raw)
    for m in _CODE_END.finditer(raw, lo):
        if prose(raw[m.end(): m.end() + w]) and is_script(vis(raw[max(lo, m.end() - w): m.end()])):
            hi = m.end()
            while hi > lo and raw[hi - 1].isspace():
                hi -= 1
            break
    return lo, hi


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


class CleanOffsets:
    """``clean_offset`` for many positions: the removed spans merged once, then a binary search."""

    def __init__(self, removed: list[Removed]):
        merged: list[list[int]] = []
        for r in sorted(removed, key=lambda r: (r.start, r.end)):
            if merged and r.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], r.end)
            elif r.end > r.start:
                merged.append([r.start, r.end])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]
        self.before = []  # characters removed before each merged span
        total = 0
        for a, b in merged:
            self.before.append(total)
            total += b - a

    def __call__(self, pos: int) -> int:
        from bisect import bisect_left

        k = bisect_left(self.starts, pos) - 1  # the last span starting before pos
        if k < 0:
            return pos
        return pos - self.before[k] - (min(self.ends[k], pos) - self.starts[k])
