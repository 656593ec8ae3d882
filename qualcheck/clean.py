"""Stage 1b: take web-page debris out of a text and record every removed span with its reason.

The cleaner never rewrites the text. It produces a *mask* of the original (same length,
removed characters blanked), so every later offset is an offset into the original, and a
list of ``Removed`` spans, so nothing disappears silently. HTML input loses its tags,
comments and ``<script>``/``<style>`` contents the same way.

Only sure debris is removed (line by line, each line a paragraph of scraped copy; the full
list is in docs/cleaner.md): a line matching a furniture pattern (:func:`sure_debris`: inline
code, menu words and menu lines, share bars, cookie banners, newsletter boxes, copyright, credit,
byline and dateline lines, ``Read more:`` teasers, excerpts cut off with ``[…]``, headlines of
other stories in capitals), the titles in a run of other stories after a marker (``Related``,
``NEXT UP``, ``Most read``), an HTML line inside ``<nav>``/``<aside>``/``<footer>`` or an element
whose class names furniture, or that is all link out of the page (unless it is a sentence), and
short label lines outside the article that furniture separates from it (``masthead``, ``page
tail``). The story's own lines (prose, numbered or bulleted items, list headings, a closing
sentence without its stop) are never removed for their position. A line that may be either is
kept and listed in ``Document.doubtful`` with its reason (the ``debris`` check reports it).

Hostile input (see docs/inputs.md): every line separator (``\r\n``, a lone ``\r``,
``\u2028``, form feed...) becomes ``\n`` in the mask, and invisible characters (zero-width
spaces, soft hyphens, byte-order marks, bidi controls: Unicode ``Cf``) and control characters
(NUL...) become :data:`DROP`, a marker the segmenter skips, so they split no word and no
sentence. Markdown input loses its markup (``#`` heading markers, emphasis, ``[text](url)``
link targets, list bullets) the same way, each piece listed as a removed span.
"""
from __future__ import annotations

import html as _html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .types import Document, Doubtful, Removed

DROP = "\x00"  # in the mask: a character that is not part of the visible text (markup, invisible)
# line breaks other than \n (str.splitlines' set): each becomes \n in the mask
_LINE_SEPS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# invisible (format, Cf) and control (Cc) characters that are not whitespace: dropped from sentence text
INVISIBLE = re.compile(
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
_HTML_DROP_OPEN = re.compile(r"<(script|style|noscript|template|head)\b[^<>]{0,4000}>|<!--", re.I)
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
    return INVISIBLE.sub(DROP, mask)


def _html_blocks(text: str):
    """(start, end, kind) of each comment, script/style/noscript/template element and the ``<head>``.

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
            if kind == "head":  # nothing in <head> is shown (its <title> repeats the headline); it ends at <body>
                body = lower.find("<body", m.end())
                close = body if close < 0 or 0 <= body < close else close
                if close < 0:
                    pos = m.end()
                    continue
                end = close if close == body else (text.find(">", close) + 1 or len(text))
                yield m.start(), end, kind
                pos = end
                continue
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


# HTML elements that hold page furniture: by tag, or by a class/id/role naming what they are
_FURNITURE_TAGS = {"nav", "aside", "footer", "button", "select", "menu"}  # not <form>: some sites wrap the page in one
_ATTR = re.compile(r"""\b(class|id|role)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# words of a class/id/role naming furniture (share-bar, cookie-banner, related-articles, ad-slot, site-footer...)
_FURNITURE_WORDS = {
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing", "social", "cookie", "cookies",
    "consent", "gdpr", "newsletter", "subscribe", "signup", "related", "recommended", "recirc", "promo", "advert",
    "advertisement", "ad", "ads", "adslot", "sponsored", "outbrain", "taboola", "footer", "sidebar", "comments",
    "byline", "credit", "credits", "tags", "topics", "banner", "contentinfo", "complementary", "trending", "popular",
}
# ...unless the name also says it is the story or a state of the page (article-body, no-ads, ad-free, nav-open)
_STORY_WORDS = {"article", "story", "body", "content", "text", "entry", "free", "no", "has", "with", "open", "main-content"}
_NEVER_FURNITURE = {"html", "body", "main", "article"}


def _furniture_name(tag: str) -> str | None:
    """The furniture word a tag's class, id or role carries (``<div class="share-bar">``), or None."""
    for m in _ATTR.finditer(tag):
        value = m.group(2) or m.group(3) or m.group(4) or ""
        for token in value.split():
            parts = [x for x in re.split(r"[-_]+", token.casefold()) if x]
            if any(x in _STORY_WORDS for x in parts):
                continue
            hit = next((x for x in parts if x in _FURNITURE_WORDS), None)
            if hit:
                return hit
    return None


_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_LINK_OUT = re.compile(r"\bhref\s*=\s*(?![\"']?#)", re.I)  # a link out of the page, not to a part of it
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


def html_structure(text: str) -> tuple[list[tuple[int, int, str]], bytearray, list[int]]:
    """What the tags say about the page: furniture elements (start, end, reason) by tag or by
    class/id (``<nav>``, ``<div class="share-bar">``), a mark per character inside ``<a>`` link
    text, and the offsets where ``<li>`` items start. One linear scan; an element never closed
    is not furniture (nothing is removed on a guess)."""
    furniture: list[tuple[int, int, str]] = []
    in_link = bytearray(len(text))
    li_starts: list[int] = []
    open_f: tuple[str, int, int, str] | None = None  # tag, depth, start, reason
    link_at = -1
    blocks = list(_html_blocks(text))
    k = 0
    for m in _HTML_TAG.finditer(text):
        while k < len(blocks) and blocks[k][1] <= m.start():
            k += 1
        if k < len(blocks) and blocks[k][0] <= m.start() < blocks[k][1]:
            continue
        tm = _TAG_NAME.match(m.group(0))
        if tm is None:
            continue
        closing, name = tm.group(1) == "/", tm.group(2).lower()
        if name == "a":
            if closing and link_at >= 0:
                in_link[link_at : m.start()] = b"\x01" * (m.start() - link_at)
                link_at = -1
            elif not closing and _LINK_OUT.search(m.group(0)):
                link_at = m.end()  # an in-page anchor (href="#part-2", a table of contents) is the story's own
        if name == "li" and not closing:
            li_starts.append(m.end())
        if name in _VOID or m.group(0).endswith("/>"):
            continue
        if open_f is not None:
            tag, depth, start, why = open_f
            if name == tag:
                depth += -1 if closing else 1
                if depth == 0:
                    furniture.append((start, m.end(), why))
                    open_f = None
                    continue
                open_f = (tag, depth, start, why)
            continue
        if closing:
            continue
        if name in _NEVER_FURNITURE:
            continue
        word = _furniture_name(m.group(0))
        if name in _FURNITURE_TAGS:
            open_f = (name, 1, m.start(), f"page furniture: <{name}>")
        elif word:
            open_f = (name, 1, m.start(), f"page furniture: <{name}> marked {word!r}")
    return furniture, in_link, li_starts


def _html_context(text: str, mask: str, lines: "list[Line]") -> tuple[list[str | None], set[int]]:
    """For each line: the furniture element it lies in, or that it is all link text; and the
    lines that are ``<li>`` items."""
    furniture, in_link, li_starts = html_structure(text)
    context: list[str | None] = [None] * len(lines)
    items: set[int] = set()
    f_starts = [a for a, _, _ in furniture]
    li_sorted = sorted(li_starts)
    for i, ln in enumerate(lines):
        k = bisect_right(f_starts, ln.start) - 1
        if k >= 0 and furniture[k][1] >= ln.end:
            context[i] = furniture[k][2]
        else:
            vis = [p for p in range(ln.start, ln.end) if mask[p] not in (DROP, " ", "\n", "\t")]
            if vis and all(in_link[p] for p in vis) and not is_list_item(ln.text):
                context[i] = "link: a line that is all link (another story, a menu)"
        j = bisect_right(li_sorted, ln.start) - 1
        if j >= 0 and not mask[li_sorted[j] : ln.start].strip(DROP + " \t"):
            items.add(i)
    return context, items


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


_MD_ITEM_OR_HEADING = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]|(?:[-*+]|\d{1,9}[.)])[ \t])")  # the author's own structure


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


# ---------------------------------------------------------------- sure debris, line by line
# each pattern is a kind of page furniture that is never a line of a story (see docs/cleaner.md)
_SOCIAL = {"facebook", "twitter", "x", "email", "e-mail", "mail", "whatsapp", "linkedin", "reddit", "pinterest",
           "telegram", "messenger", "flipboard", "print", "copy", "link", "sms", "bluesky", "threads", "instagram",
           "youtube", "tiktok", "weibo", "wechat", "share", "tweet", "pin", "save", "comments", "comment", "gift"}
_SHARE_FILLER = {"on", "via", "this", "article", "story", "to", "the", "page", "by", "with", "a", "friend", "it", "url",
                 "opens", "in", "new", "window", "tab", "post", "send", "us", "follow", "and", "or"}
_SECTION_WORDS = {
    "home", "news", "world", "politics", "business", "money", "markets", "tech", "technology", "science", "health",
    "sport", "sports", "opinion", "culture", "arts", "entertainment", "lifestyle", "life", "style", "travel", "food",
    "video", "videos", "audio", "podcasts", "podcast", "live", "weather", "local", "national", "us", "u.s.", "uk",
    "europe", "asia", "africa", "americas", "china", "middle east", "economy", "climate", "education", "media",
    "obituaries", "crime", "investigations", "books", "music", "film", "tv", "games", "newsletters", "photos",
    "gallery", "more", "menu", "search", "subscribe", "sign in", "log in", "account", "my account", "edition",
    "contact", "about", "about us", "careers", "advertise", "help", "faq", "terms", "privacy", "sitemap", "rss",
}
_MENU_SPLIT = re.compile(r"\s*(?:[|•·▪/›»>]|\s{2,}|\t)\s*")
_COOKIE = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site|our partners)\s+(?:and our partners\s+)?(?:use|uses|store|set)\s+cookies\b|"
    r"\bcookies?\b.{0,80}\b(?:accept|consent|your (?:browsing|experience|preferences|settings|choices))\b|"
    r"\b(?:accept|reject|allow|manage) (?:all )?cookies\b|\bcookie (?:policy|settings|preferences|notice)\b|"
    r"\bby (?:continuing|clicking)\b.{0,60}\b(?:agree|consent|accept)\b",
    re.I,
)
_NEWSLETTER = re.compile(
    r"\b(?:sign up|signup|subscribe|register)\b.{0,40}\b(?:newsletter|briefing|alerts|updates|inbox)\b|"
    r"\b(?:newsletter|briefing)\b.{0,60}\b(?:sign up|subscribe|inbox|email address)\b|"
    r"\bdelivered (?:straight |directly )?(?:to|in)(?:to)? your inbox\b|\benter your e-?mail\b|"
    r"\bthanks? (?:you )?for (?:signing up|subscribing)\b|\byou can unsubscribe\b|\bby signing up\b",
    re.I,
)
_COPYRIGHT_LINE = re.compile(r"©|\(c\)\s*\d{4}|^copyright\s*(?:©|\(c\))?\s*\d{4}|\ball rights reserved\b|\bdistributed by\b.{0,40}\bcontent agency\b", re.I)
_NAME = r"[A-Z][\w.\'’-]*(?:\s+[A-Z][\w.\'’-]*){0,3}"
_NAMES = _NAME + r"(?:\s*(?:,|(?i:and)|&)\s*" + _NAME + r"){0,3}"
_ROLE = r"(?i:(?:additional\s+)?(?:reporting|writing|editing|research|compiled|produced|graphics|design|photos?|video)(?:\s+by)?)"
_CREDIT_PART = _ROLE + r"\s+" + _NAMES + r"(?:\s+(?i:in)\s+" + _NAME + r")?"
_CREDIT_LINE = re.compile(
    r"^\(?(?i:photo|photograph|photos|image|images|picture|pictures|illustration|graphic|video|credit|"
    r"photo credit|image credit|image source|source)\s*(?i:credit|by|source)?\s*[:/]\s*\S|"
    r"^\((?i:ap|afp|reuters|getty|epa|xinhua|ansa|dpa|efe|pa|upi|bloomberg|getty images|ap photo)\b[^()]{0,80}\)$|"
    # Reporting by Laurie Chen; Editing by Kim Coghill (names only: "Research by Harvard found..." is a sentence)
    r"^" + _CREDIT_PART + r"(?:\s*[;,.]\s*" + _CREDIT_PART + r")*\s*\.?$|"
    r"^" + _NAME + r"\s*/\s*(?:AP|AFP|Reuters|Getty Images|EPA|Bloomberg|Shutterstock|Xinhua)(?:\s*/\s*" + _NAME + r")?\s*\.?$",
)
_CREDIT_LABEL = re.compile(r"^\(?(?i:photo|image|picture|illustration|graphic|video|credit|source)")  # "Source: ..." may be a sentence
# By Jane Smith / By JANE SMITH and KEN LEE / By Tom Ramstack, Colorado Politics (names and an outlet only)
_BYLINE = re.compile(r"^(?i:by)\s+" + _NAMES + r"(?:\s*[,|]\s*" + _NAME + r")?\s*$")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_TOKEN = re.compile(
    r"^(?:published|updated|posted|last updated|first published|modified|on|at|and|am|pm|a\.m\.|p\.m\.|"
    r"[ecmp][sd]t|gmt|utc|bst|cet|et|pt|hkt|local time|"
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
    + _MONTHS + r"|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?:[ap]\.?m\.?)?|\d{4}-\d{2}-\d{2}(?:t[\d:]+z?)?|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|ago|hours?|hrs?|minutes?|mins?|days?|weeks?|read|reading|time|\d+\s*min)$",
    re.I,
)
_READ_PREFIX = re.compile(r"^(?:read more|read also|also read|see also|related|related story|related article|"
                          r"more|more on this(?: story)?|recommended)\s*[:|»›>→]\s*\S", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:\(?\d{1,3}[.)、）](?!\d)|（\d{1,3}）|[a-zA-Z][.)]\s|[•·▪●◦‣■□✓✔➤►*+]|[-–—]\s|"
                        r"[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[条点步])")
# markers after which a run of title lines (or numbered titles) are other stories
_RUN_MARKERS = NAV_TEASER_MARKERS | {
    "most popular", "most read", "most viewed", "popular", "trending", "trending now", "more from", "more news",
    "latest", "latest news", "top stories", "editor's picks", "editors' picks", "don't miss", "also in the news",
    "more on this story", "around the web", "from our partners", "promoted stories", "in other news",
    "recommended stories", "what to read next", "read next",
}
_RANKED_MARKERS = {"most popular", "most read", "most viewed", "popular", "trending", "trending now", "top stories"}
_FUNCTION_WORDS = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was", "were",
                   "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "must",
                   "not", "no", "your", "you", "it", "its", "their", "they", "he", "she", "we", "that", "this",
                   "if", "when", "do", "does", "did", "as", "at", "by", "from", "about", "any", "all"}


def is_list_item(text: str) -> bool:
    """A numbered or bulleted item (``1. Never share...``, ``(2)``, ``• ``): a line of the story's own lists."""
    return bool(_LIST_ITEM.match(text)) and len(words(text)) >= 2


def reads_as_prose(text: str) -> bool:
    """Ends like a sentence, or has four words or more with function words between them (a sentence
    that lost its stop, as machine translation often leaves it): copy, not a label."""
    ws = words(text)
    if is_sentence_like(text) and len(ws) >= 3:
        return True
    return len(ws) >= 4 and sum(w.casefold() in _FUNCTION_WORDS for w in ws) >= 1 and not text.rstrip().endswith(":")


def _is_share_bar(key: str) -> bool:
    toks = [t for t in re.split(r"[\s|•·,/]+", key) if t]
    social = [t for t in toks if t in _SOCIAL]
    return bool(social) and all(t in _SOCIAL or t in _SHARE_FILLER for t in toks) and (
        len(social) >= 2 or toks[0] in {"share", "follow", "tweet", "email"})


def _is_menu(text: str) -> bool:
    """A line of menu items: three or more short items between separators (``Home | World | Sport``),
    or only section/menu words (``News Sport Weather``)."""
    if is_sentence_like(text) and len(words(text)) > 3:
        return False
    items = [x for x in _MENU_SPLIT.split(text.strip()) if x]
    if len(items) >= 3 and all(len(words(x)) <= 3 and not is_sentence_like(x) for x in items):
        known = sum(_nav_key(x) in _SECTION_WORDS or _nav_key(x) in NAV_WORDS for x in items)
        return known >= 1 or all(x[:1].isupper() for x in items)
    toks = text.casefold().split()
    return len(toks) >= 3 and all(t.strip(",.") in _SECTION_WORDS or t in NAV_WORDS for t in toks)


_DATE_SIGN = re.compile(r"\b(?:" + _MONTHS + r"|published|updated|posted|modified|ago|read)(?!\w)|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}", re.I)
_ADDRESSES_READER = re.compile(r"\b(?:we|our|us|you|your)\b", re.I)


def _is_dateline(text: str) -> bool:
    toks = [t.strip(",|·•():") for t in text.split()]
    toks = [t for t in toks if t and t not in {"-", "—", "–"}]
    return (bool(toks) and all(_DATE_TOKEN.match(t) for t in toks) and any(c.isdigit() for c in text)
            and bool(_DATE_SIGN.search(text)))


def sure_debris(text: str) -> str | None:
    """Why a line is page furniture for sure (never a story's line), or None."""
    key = _nav_key(text)
    if is_script(text):
        return "script: inline code"
    if key in NAV_WORDS:
        return "navigation"
    if key in _RUN_MARKERS:  # the heading of a block of other stories (Most read, Top stories)
        return "navigation: heading of other stories"
    if _is_share_bar(key):
        return "navigation: share buttons"
    if _TEASER_END.search(text):
        return "teaser: excerpt of another story"
    n = len(words(text))
    if n > 60:  # a paragraph: none of the patterns below is that long
        return None
    # a banner or a box speaks to the reader; a sentence about cookies or newsletters need not be one
    if n <= 60 and _COOKIE.search(text) and (not is_content(text) or _ADDRESSES_READER.search(text)):
        return "cookie banner"
    if n <= 50 and _NEWSLETTER.search(text) and (not is_content(text) or _ADDRESSES_READER.search(text)):
        return "newsletter box"
    if n <= 30 and _COPYRIGHT_LINE.search(text):
        return "footer: copyright"
    if n <= 25 and _CREDIT_LINE.search(text) and not (is_content(text) and _CREDIT_LABEL.match(text)):
        return "credit: photo or reporting credit"
    if n <= 12 and _BYLINE.match(text):
        return "byline"
    if n <= 30 and _is_dateline(text):
        return "dateline: publication date or reading time"
    if n <= 30 and _READ_PREFIX.match(text):
        return "teaser: link to another story"
    if n <= 40 and _is_menu(text) and not is_list_item(text):
        return "navigation: menu"
    if is_caps_promo(text) and not is_sentence_like(text) and not is_list_item(text):
        return "promo: headline of another story"
    return None


def classify_lines(lines: list[Line]) -> list[str | None]:
    """A removal reason for each line, or None to keep it (see :func:`classify`)."""
    return [r for r, _ in classify(lines)]


def classify(lines: list[Line], context: "list[str | None] | None" = None,
             items: "set[int] | None" = None) -> list[tuple[str | None, str | None]]:
    """(removal reason or None, doubt or None) for each line.

    Only surely-debris lines are removed: a line matching a furniture pattern (:func:`sure_debris`),
    a title in a run of other stories' titles after a marker (``Related``, ``PREV``, ``Most read``),
    a line in an HTML furniture element or one that is all link (``context``) unless it reads as
    copy, and short label lines outside the article that page furniture separates from it. A line
    of the story's own (prose, a numbered or bulleted item, a list heading) is never removed by its
    position; a short label line next to the article is kept and gets a doubt (a ``debris`` finding).
    """
    n = len(lines)
    reason: list[str | None] = [None] * n
    doubt: list[str | None] = [None] * n
    items = items or set()

    def item(i: int) -> bool:
        return i in items or is_list_item(lines[i].text)

    for i, ln in enumerate(lines):
        reason[i] = sure_debris(ln.text)
        if reason[i] is not None and item(i) and reason[i].startswith(("promo", "navigation: menu")):
            reason[i] = None
        if reason[i] is None and context and context[i]:
            if is_content(ln.text):
                doubt[i] = f"copy inside page furniture ({context[i]})"
            else:
                reason[i] = context[i]
    # runs of other stories after a marker (Related, NEXT UP, Most read...) or before an excerpt
    in_run = ranked = False
    for i, ln in enumerate(lines):
        key = _nav_key(ln.text)
        if reason[i] is not None:
            ranked = key in _RANKED_MARKERS or (ranked and in_run and reason[i].startswith("teaser"))
            in_run = key in _RUN_MARKERS or (in_run and reason[i].startswith("teaser"))
            continue
        # a title: no sentence, no closing colon (a list heading); a numbered title only under a ranking
        # marker (Most read), as a story's own list may follow a "Read more" button in the copy
        title = (not is_sentence_like(ln.text) and len(words(ln.text)) <= 20 and not ln.text.rstrip().endswith(":")
                 and (not item(i) or ranked))
        nxt_teaser = i + 1 < n and (reason[i + 1] or "").startswith("teaser: excerpt")
        if title and (in_run or nxt_teaser):
            reason[i] = "teaser: title of another story"
            in_run = True
        elif in_run and i > 0 and (reason[i - 1] or "").startswith("teaser: title") and is_sentence_like(ln.text):
            doubt[i] = "may be the excerpt of another story (after its title)"
            in_run = False
        else:
            in_run = False
    story = [i for i in range(n) if reason[i] is None and
             (is_content(lines[i].text) or item(i) or
              (is_sentence_like(lines[i].text) and len(words(lines[i].text)) >= 4))]
    if not story:
        return list(zip(reason, doubt))
    first, last = story[0], story[-1]
    # before the article: a short label line is the masthead when page furniture (a menu, a byline)
    # separates it from the article, or when it is a site name (a proper name, the page's first line)
    # above the headline; else it may be the story's short headline or kicker: kept, with a doubt
    fence = max((i for i in range(first) if reason[i] is not None and not reason[i].startswith("script")), default=-1)
    for i in range(first):
        t = lines[i].text
        if reason[i] is not None or item(i) or is_sentence_like(t) or len(words(t)) > 3:
            continue
        kept_before = [j for j in range(i) if reason[j] is None]
        after = [j for j in range(i + 1, first) if reason[j] is None]
        # a site name: a proper name (every word capitalised) as the page's first line, above a longer headline
        site_name = (not kept_before and all(w[:1].isupper() or not w[:1].isalpha() for w in words(t)) and after
                     and not is_sentence_like(lines[after[0]].text) and len(words(lines[after[0]].text)) >= 4
                     and not item(after[0]))
        if i < fence or site_name:
            reason[i] = "masthead: site name or section before the article"
        else:
            doubt[i] = "short line before the article: a site name or a headline?"
    # after the article: label lines are page tail once page furniture has ended the article;
    # right after the article's last line they may be its own (a closing label): kept, with a doubt
    ended = False
    for i in range(last + 1, n):
        t = lines[i].text
        if reason[i] is not None:
            ended = ended or not reason[i].startswith("script")
            continue
        if item(i):
            continue
        label = not is_sentence_like(t) or t.rstrip().endswith(":")
        if ended and label:
            reason[i] = "page tail: page furniture after the article"
        elif label and not reads_as_prose(t):
            doubt[i] = "short line after the article: page furniture or the story's own?"
    return list(zip(reason, doubt))


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
    context, items = _html_context(text, mask, lines) if is_html else (None, None)
    if fmt == "markdown":  # list and heading markers are markup there (dropped from the line): read them in the original
        items = {i for i, ln in enumerate(lines)
                 if _MD_ITEM_OR_HEADING.match(text, mask.rfind("\n", 0, ln.start) + 1, ln.end)}
    verdicts = classify(lines, context, items)
    chars = None
    doubtful: list[Doubtful] = []
    lines_out: list[Removed] = []
    for ln, (why, doubt) in zip(lines, verdicts):
        if doubt is not None and why is None:
            doubtful.append(Doubtful(ln.start, ln.end, text[ln.start : ln.end], doubt))
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
        lines_out.append(Removed(start, end, text[start:end], why))
    if chars is not None:
        mask = "".join(chars)
    if lines_out and removed:
        # keep the debris lines' own markup out of the list: one span per debris line (lines are in
        # order and do not overlap: one binary search per markup span)
        starts, ends = [r.start for r in lines_out], [r.end for r in lines_out]
        removed = [r for r in removed
                   if not ((k := bisect_right(starts, r.start) - 1) >= 0 and r.end <= ends[k])]
    removed += lines_out
    removed.sort(key=lambda r: r.start)
    cleaned = cut_out(text, removed)
    doc = Document(name=name, original=text, cleaned=cleaned, removed=removed, doubtful=doubtful, format=fmt)
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


def cut_out(text: str, removed: list[Removed]) -> str:
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
        k = bisect_left(self.starts, pos) - 1  # the last span starting before pos
        if k < 0:
            return pos
        return pos - self.before[k] - (min(self.ends[k], pos) - self.starts[k])
