"""Stage 2: split the cleaned text into sentences with offsets into the original.

pysbd (rule-based, keeps ``Vladimir V. Putin``, ``U.S.``, ``p.m.`` together) splits each
paragraph; a newline always ends a sentence, as it does in news copy. A segment that is
only punctuation or a closing quote (pysbd cuts ``China. .`` into ``China.`` and ``.``)
is not a sentence to align: it is glued back to the sentence it belongs to, where the
fragment check reports it. pysbd sees no end at a stop before a quote set apart with spaces
(``the " Big Bang. " When the term...``, as machine translation writes quotes) or a closing single
quote (``He said: ‘Go home.’ Then he left.``): the sentence is split after such a closing quote
when a capital follows. pysbd also reads a common word on its
abbreviation list before ``. I`` (``important to me. I went``) as an abbreviation: split there too.

What ``Sentence.text`` is (the text every check and the encoder see):

* the visible text of ``original[start:end]``: markup (HTML tags, Markdown markers) and
  invisible characters (zero-width spaces, soft hyphens, byte-order marks, bidi controls,
  NUL and other control characters) are left out, so ``Vla\\u200bdimir`` reads ``Vladimir``
  and ``Zelen\\u00adsky`` reads ``Zelensky``;
* whitespace of any kind (non-breaking spaces, tabs, ideographic spaces) collapsed to one
  space; HTML entities decoded (``&amp;`` reads ``&``).

``start``/``end`` stay offsets into the original. When the text differs from the original
in more than whitespace, ``Sentence.offsets`` maps each character of ``text`` to its offset
in the original, and ``Document.locate`` uses it. Invisible characters between sentences
are listed as removed spans, so every non-whitespace character of the input is in a
sentence or in ``Document.removed``.

pysbd is quadratic in the number of sentences of one call (a 160,000-character paragraph
takes a minute), so a paragraph longer than :data:`WINDOW` is segmented window by window:
every sentence of a window but the last is kept, and the next window starts at that last one.
"""
from __future__ import annotations

import functools
import html as _html
import re
import sys
import threading
from array import array
from typing import Optional

from .cache import annotate, code_digest
from .clean import DROP, INVISIBLE, CleanOffsets, cut_out
from .models import installed_version
from .types import Document, Removed, Sentence
from .wordlists import entries

_HAS_WORD = re.compile(r"[^\W_]", re.U)
MAX_SEGMENT_CHARS = 2000  # a "sentence" longer than this is cut at clause or word breaks
WINDOW = 1000  # pysbd sees this many characters at once (twice that for one long sentence)
# a character pysbd may split at (anything but letters, digits, spaces, commas, apostrophes and
# hyphens): a paragraph with none before its last character is one sentence without asking pysbd
_BREAK = re.compile(r"[^\w\s,'’\-]")
_OTHER_SPACE = re.compile(r"[^\S\n ]")  # whitespace other than space and newline (NBSP, tab, U+3000...)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


_LOCAL = threading.local()


class _CachedRe:
    """The ``re`` module with a compile cache big enough for pysbd.

    pysbd builds its patterns from strings on every call, a few for each abbreviation it meets in
    a text: more than ``re``'s own cache holds (512), so every window of text compiled them all
    again: a third of the segmenter's time (5.5 s -> 3.8 s for 10,400 sentences)."""

    def __getattr__(self, name):
        return getattr(re, name)

    @staticmethod
    @functools.lru_cache(maxsize=16384)
    def compile(pattern, flags=0):
        return re.compile(pattern, flags)

    def sub(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).subn(repl, string, count)

    def findall(self, pattern, string, flags=0):
        return self.compile(pattern, flags).findall(string)

    def finditer(self, pattern, string, flags=0):
        return self.compile(pattern, flags).finditer(string)

    def search(self, pattern, string, flags=0):
        return self.compile(pattern, flags).search(string)

    def match(self, pattern, string, flags=0):
        return self.compile(pattern, flags).match(string)

    def split(self, pattern, string, maxsplit=0, flags=0):
        return self.compile(pattern, flags).split(string, maxsplit)


def _segmenter():
    """pysbd's Segmenter keeps state while it segments: one per thread."""
    seg = getattr(_LOCAL, "segmenter", None)
    if seg is None:
        import pysbd

        seg = _LOCAL.segmenter = pysbd.Segmenter(language="en", clean=False)
        for name, module in list(sys.modules.items()):
            if name.startswith("pysbd") and getattr(module, "re", None) is re:
                module.re = _CachedRe()
    return seg


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


_DOUBLE_DASH = re.compile(r"-{2,}")


def _pysbd_pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of pysbd's segments of ``text``: contiguous, covering all of it."""
    body = text.rstrip()
    if not _BREAK.search(body, 0, max(0, len(body) - 1)):
        return [(0, len(text))]
    # pysbd reads a run of text between two "--" dashes as one unit (a parenthetical), so every
    # sentence from a "--" to the next "--" became one: TED transcripts and much news copy write the
    # dash so. pysbd reads the same text with the dashes as " -" (same length, same offsets).
    probe = _DOUBLE_DASH.sub(lambda m: " " * (len(m.group()) - 1) + "-", text)
    segs = _segmenter().segment(probe)
    starts, pos = [0], 0
    for seg in segs:
        core = seg.strip()
        if not core:
            continue
        at = probe.find(core, pos)
        if at < 0:  # pysbd altered the text: this segment stays with the previous one
            continue
        if at > starts[-1]:
            starts.append(at)
        pos = at + len(core)
    return [(s, e) for s, e in zip(starts, starts[1:] + [len(text)])]


def _windowed_pieces(text: str, window: int = WINDOW) -> list[tuple[int, int]]:
    """pysbd on a long paragraph in windows, so the cost stays linear in its length."""
    if len(text) <= window:
        return _pysbd_pieces(text)
    out: list[tuple[int, int]] = []
    pos, size = 0, window
    while pos < len(text):
        end = min(len(text), pos + size)
        if end == len(text):
            out.extend((pos + s, pos + e) for s, e in _pysbd_pieces(text[pos:]))
            break
        pieces = _pysbd_pieces(text[pos:end])
        if len(pieces) > 1:
            keep = pieces[:-1]  # the last piece may be cut by the window's edge: re-read it
        elif size < 2 * window:
            size *= 2  # one long sentence: look further before cutting it
            continue
        else:  # no sentence break in a whole window: cut at its last space (or anywhere)
            chunk = text[pos:end]
            cut = max(chunk.rfind(" "), chunk.rfind("\t"))
            keep = [(0, cut + 1 if cut > size // 2 else size)]
        out.extend((pos + s, pos + e) for s, e in keep)
        pos += keep[-1][1]
        size = window
    return out


def split_paragraph(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for ps, pe in _windowed_pieces(text):
        pos = ps
        for piece in _split_long(text[ps:pe]):
            stripped = piece.strip()
            start = pos
            pos += len(piece)
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return _split_splices(text, _split_spaced_quotes(text, _split_before_i(text, _glue_abbreviations(text, spans))))


# a word that starts a sentence and is never capitalised inside one (qualcheck/data/fragments/sentence_starters.txt;
# ``I`` is not one: "what I think"), or such a word's contraction
STARTER = ("(?:" + "|".join(entries("fragments", "sentence_starters"))
           + r"|(?:It|That|There|Here|What|They|We|You|He|She|Let|Don|Doesn|Isn|Can)[’'](?:s|re|ve|ll|d|t))")
# a comma splice: a comma, then a sentence starter and a lowercase word (``so dazzling, We can see the light ...``).
# Machine translation done line by line and joined writes it: two sentences run together. They are split here so that
# each is aligned with its own counterpart; the fragment check reports the join (fragment.run_together). Not at a
# semicolon: it joins clauses of one sentence (``You can use cuttings; You can ...`` is one sentence with a capital
# too many, and split it left its clauses as additions beside the pair; the fragment check still reports it).
SPLICE = re.compile(r"(?<=[^\W_]),(?=\s+" + STARTER + r"\s+(?:[a-z]|I\b))")


def _split_splices(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split a sentence after a comma splice (``SPLICE``): the first part keeps its comma, as written."""
    if "," not in text:
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        for m in SPLICE.finditer(text, s, e):
            out.append((s, m.end()))
            s = m.end() + len(text[m.end():e]) - len(text[m.end():e].lstrip())
        out.append((s, e))
    return out


# pysbd reads a word on its abbreviation list (me, is, may, man, ill, id, ok...) before ``. I`` as an abbreviation and
# an initial: "As an artist, contact is very important to me. I went to Antarctica..." stayed one sentence
_WORD_STOP_I = re.compile(r"(?<![\w.])([a-z]{2,})\.\s+(?=I(?:\s|['’]))")


@functools.lru_cache(maxsize=1)
def _name_abbreviations() -> frozenset:
    """The abbreviations pysbd itself reads before a name or a number (dr, gen, st, vs, no, p...): a capital I after
    one of them may be an initial or a numeral, so they are left as pysbd read them."""
    from pysbd.lang.english import English

    ab = English.Abbreviation
    return frozenset(ab.PREPOSITIVE_ABBREVIATIONS) | frozenset(ab.NUMBER_ABBREVIATIONS) | {"etc", "al", "cf", "viz"}


def _split_before_i(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split after a lowercase word and a stop when the pronoun I begins the next sentence."""
    if ". I" not in text and not re.search(r"\.\s+I", text):
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        for m in _WORD_STOP_I.finditer(text, s, e):
            if m.group(1) in _name_abbreviations() or m.end() >= e:
                continue
            out.append((s, m.end(1) + 1))
            s = m.end()
        out.append((s, e))
    return out


# a stop, a closing quote and a capital that pysbd reads no end at: a quote set apart with spaces (``the " Big Bang. "
# When the term...``; machine translation and copy pasted from it write quotes so), or a closing single quote
# (``He said: ‘Go home.’ Then he left.``, as British news sets quotations)
_QUOTE_END = re.compile(r"[.!?…](?:\s+([\"”»’])|(’))(?=\s+[A-Z])")


def _split_spaced_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split a sentence after a stop and such a closing quote. A straight quote closes when an odd number of straight
    quotes of the paragraph come before it; a single quote inside an open double quotation is left alone."""
    if not any(q in text for q in '"”»’'):
        return spans
    out: list[tuple[int, int]] = []
    seen, straight, depth = 0, 0, 0  # up to text[seen]: straight quotes, open “ (spans and matches in order: linear)
    for s, e in spans:
        for m in _QUOTE_END.finditer(text, s, e):
            q = m.start(1) if m.group(1) else m.start(2)
            chunk = text[seen:q]
            straight += chunk.count('"')
            depth += chunk.count("“") - chunk.count("”")
            seen = q
            if text[q] == '"' and straight % 2 == 0:
                continue  # an opening quote: the next sentence's
            if text[q] == "’" and (depth > 0 or straight % 2 == 1):
                continue  # a quotation inside a quotation: pysbd keeps it whole
            nxt = q + 1
            while nxt < e and text[nxt].isspace():
                nxt += 1
            if nxt < e:
                out.append((s, q + 1))
                s = nxt
        out.append((s, e))
    return out


@functools.lru_cache(maxsize=1)
def split_kind() -> str:
    """The disk cache's name for ``split_paragraph`` answers: pysbd's version and this file's
    contents, so a change to either never reads back an old answer."""
    return f"split pysbd {installed_version('pysbd') or '?'} {code_digest(__file__)}"


def split_paragraphs(lines: list[str], store=None) -> dict[str, list[tuple[int, int]]]:
    """``split_paragraph`` of each distinct line, through the disk cache ``store`` (an
    ``embed.DiskCache``) when given: a re-checked story re-splits only the paragraphs that changed."""
    got = annotate(store, split_kind(), lines, lambda todo: {t: split_paragraph(t) for t in todo})
    return {t: [(int(a), int(b)) for a, b in v] for t, v in got.items()}


def is_stray(text: str) -> bool:
    """Only punctuation or quotes: not a sentence."""
    return not _HAS_WORD.search(text)


def compact(mask: str) -> tuple[str, Optional[array]]:
    """The mask without DROP characters, and the offset in the mask of each character kept.

    Other whitespace (NBSP, tabs...) becomes a plain space, so pysbd and the checks see
    ``Putin.\\u00a0They`` as ``Putin. They``. The map is None when nothing was dropped.
    """
    if DROP not in mask:
        return _OTHER_SPACE.sub(" ", mask), None
    pos = array("q")
    parts = []
    for m in re.finditer(r"[^\x00]+", mask):
        pos.extend(range(m.start(), m.end()))
        parts.append(m.group(0))
    return _OTHER_SPACE.sub(" ", "".join(parts)), pos


def render(original: str, comp: str, pos: Optional[array], cs: int, ce: int, is_html: bool) -> tuple[str, Optional[tuple]]:
    """``Sentence.text`` of ``comp[cs:ce]`` and the original offset of each of its characters.

    The offsets are None when the text is the original's span with whitespace collapsed
    (``Document.locate`` finds those by itself).
    """
    start = pos[cs] if pos is not None else cs
    end = (pos[ce - 1] + 1) if pos is not None else ce
    raw = comp[cs:ce]
    if pos is None and not (is_html and "&" in raw):
        return " ".join(raw.split()), None
    chars: list[str] = []
    offs: list[int] = []

    def at(k: int) -> int:
        return pos[cs + k] if pos is not None else cs + k

    k = 0
    while k < len(raw):
        ch = raw[k]
        if is_html and ch == "&":
            m = _ENTITY.match(raw, k)
            if m:
                for u in _html.unescape(m.group(0)):
                    chars.append(u)
                    offs.append(at(k))
                k = m.end()
                continue
        chars.append(ch)
        offs.append(at(k))
        k += 1
    # collapse whitespace (entities may have brought NBSP or invisible characters back)
    text_chars: list[str] = []
    text_offs: list[int] = []
    for ch, o in zip(chars, offs):
        if ch.isspace():
            if text_chars and text_chars[-1] != " ":
                text_chars.append(" ")
                text_offs.append(o)
            continue
        if ch == DROP or (is_html and _is_invisible(ch)):
            continue
        text_chars.append(ch)
        text_offs.append(o)
    while text_chars and text_chars[-1] == " ":
        text_chars.pop()
        text_offs.pop()
    text = "".join(text_chars)
    if text == " ".join(original[start:end].split()):
        return text, None
    return text, tuple(text_offs)


def _is_invisible(ch: str) -> bool:
    return bool(INVISIBLE.match(ch))


def segment(doc: Document, mask: str, store=None) -> Document:
    """Fill ``doc.sentences`` from the cleaned mask (same length as ``doc.original``); ``store``: a
    disk cache of the paragraphs' sentence spans (``split_paragraphs``)."""
    comp, pos = compact(mask)
    spans: list[list[int]] = []  # [start, end, paragraph] in comp
    lines = [m for m in re.finditer(r"[^\n]+", comp) if m.group(0).strip()]
    split = split_paragraphs([m.group(0) for m in lines], store)
    for para, m in enumerate(lines):
        for s, e in split[m.group(0)]:
            s, e = m.start() + s, m.start() + e
            if is_stray(comp[s:e]):
                if spans:
                    spans[-1][1] = e  # glue to the previous sentence
                else:
                    spans.append([s, e, para])  # glued to the next one below
                continue
            if spans and is_stray(comp[spans[-1][0] : spans[-1][1]]):
                spans[-1][1] = e
                spans[-1][2] = para
                continue
            spans.append([s, e, para])
    is_html = doc.format == "html"
    rendered = []
    blank: list[Removed] = []
    for cs, ce, p in spans:
        start = pos[cs] if pos is not None else cs
        end = (pos[ce - 1] + 1) if pos is not None else ce
        text, offsets = render(doc.original, comp, pos, cs, ce, is_html)
        if not text:  # e.g. a line of HTML entities that decode to spaces or invisible characters (&nbsp;)
            blank.append(Removed(start, end, doc.original[start:end], "no visible text"))
            continue
        rendered.append((start, end, text, offsets, p))
    if blank:
        doc.removed = sorted(doc.removed + blank, key=lambda r: (r.start, r.end))
        doc.cleaned = cut_out(doc.original, doc.removed)
    _account_for_the_rest(doc, [(r[0], r[1]) for r in rendered])
    clean_offset = CleanOffsets(doc.removed)
    sentences = []
    for start, end, text, offsets, p in rendered:
        sentences.append(
            Sentence(
                index=len(sentences), start=start, end=end, text=text,
                clean_start=clean_offset(start), clean_end=clean_offset(end),
                paragraph=p, offsets=offsets,
            )
        )
    doc.sentences = sentences
    return doc


_NOT_SPACE = re.compile(r"\S+")


def _account_for_the_rest(doc: Document, spans: list[tuple[int, int]]) -> None:
    """List what is neither in a sentence nor removed yet: invisible characters between sentences.

    Anything else left over would be a segmenter bug; it is listed too ("unsegmented"), so
    nothing is lost silently, and the tests assert that it never happens.
    """
    covered = sorted(spans + [(r.start, r.end) for r in doc.removed])
    gaps, last = [], 0
    for s, e in covered:
        if s > last:
            gaps.append((last, s))
        last = max(last, e)
    if last < len(doc.original):
        gaps.append((last, len(doc.original)))
    extra: list[Removed] = []
    for gs, ge in gaps:
        for m in _NOT_SPACE.finditer(doc.original, gs, ge):
            s, e = m.span()
            # split the run into invisible characters and anything else
            k = s
            while k < e:
                inv = _is_invisible(doc.original[k])
                j = k + 1
                while j < e and _is_invisible(doc.original[j]) == inv:
                    j += 1
                reason = "invisible or control characters" if inv else "unsegmented text"
                if extra and extra[-1].end == k and extra[-1].reason == reason:
                    prev = extra.pop()
                    k = prev.start
                extra.append(Removed(k, j, doc.original[k:j], reason))
                k = j
    if extra:
        doc.removed = sorted(doc.removed + extra, key=lambda r: (r.start, r.end))
        doc.cleaned = cut_out(doc.original, doc.removed)
