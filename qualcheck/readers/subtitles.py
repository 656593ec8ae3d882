"""SRT and WebVTT subtitles, read with the formats' own grammar (offsets kept).

The rendition is the file itself: cue numbers and timing lines, the WebVTT header, ``NOTE``,
``STYLE`` and ``REGION`` blocks and markup tags (``<i>``, ``<font ...>``, ``<v Speaker>``,
``<c.class>``, ``{\\an8}``) are removed spans with their reason; every line break reads as a space,
so cue text is joined into sentences across cues. Each cue's text is a ``Place`` with its number
(the SRT's own, the ordinal for WebVTT) and times, which the subtitle checks read.

Why no library: ``srt`` and ``webvtt-py`` parse cues but keep no offsets into the file, and every
character must be traced back to the file; both formats are a few lines of grammar.
"""
from __future__ import annotations

import re
from typing import Optional

from ..decode import decode
from ..errors import InputError
from ..types import Layout, LoadedText, Place, Removed, timecode

_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t]+[^\n]*)?[ \t]*$")
_SRT_HEAD = re.compile(r"^\ufeff?\s*\d+[ \t]*\r?\n[ \t]*(?:\d{1,3}:)?\d{1,2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_VTT_HEAD = re.compile(r"^\ufeff?WEBVTT(?:[ \t][^\n]*)?(?:\r?\n|$)")
_TAG = re.compile(r"</?[A-Za-z0-9][^<>\n]{0,200}>|<\d{1,2}:\d{2}[:.\d]*>|\{\\[^{}\n]{0,200}\}|\{/?[ibus]\}")
_TIMEISH = re.compile(r"^[ \t]*(?:\d{1,3}:)?\d{1,2}:\d{1,2}[,.:]\d")  # a line that starts like a timecode
_BREAK = re.compile(r"\r\n|\r|\n")


def looks_like_srt(head: str) -> bool:
    return bool(_SRT_HEAD.match(head))


def looks_like_vtt(head: str) -> bool:
    return bool(_VTT_HEAD.match(head))


def _seconds(groups) -> float:
    h, m, s, ms = groups
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _blocks(text: str) -> list[list[tuple[int, int, int]]]:
    """Runs of non-blank lines: (line number, start, end) of each line."""
    blocks, cur = [], []
    for n, (a, b) in enumerate(_lines(text), 1):
        if text[a:b].strip(" \t\ufeff"):
            cur.append((n, a, b))
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _timing(text: str, name: str, n: int, a: int, b: int) -> tuple[float, float]:
    line = text[a:b].strip("\ufeff")
    m = _TIMING.match(line) if line.count("-->") == 1 else None
    if not m:
        shown = line.strip()[:80]
        raise InputError(f"{name}: line {n}: broken timecode {shown!r}; a timing line reads "
                         "00:01:02,500 --> 00:01:04,000 (SRT) or 00:01:02.500 --> 00:01:04.000 (WebVTT)")
    g = m.groups()
    t0, t1 = _seconds(g[:4]), _seconds(g[4:])
    if any(int(g[k]) > 59 for k in (2, 6)) or any(g[h] is not None and int(g[h + 1]) > 59 for h in (0, 4)):
        raise InputError(f"{name}: line {n}: broken timecode {line.strip()[:80]!r} (seconds or minutes above 59)")
    if t1 < t0:
        raise InputError(f"{name}: line {n}: the cue ends before it starts ({line.strip()[:80]!r}); fix its timing line")
    return t0, t1


def parse(text: str, name: str, fmt: str) -> tuple[Layout, int]:
    """The layout of a subtitle file (removed spans, cue places) and its number of cues."""
    removed: list[Removed] = []
    places: list[Place] = []
    blocks = _blocks(text)
    sep = "," if fmt == "srt" else "."
    if fmt == "vtt":
        if not blocks or not looks_like_vtt(text[blocks[0][0][1]:]):
            raise InputError(f"{name}: not a WebVTT file (it must start with a line WEBVTT); give --from srt or text if it is another kind")
        head = blocks.pop(0)
        removed.append(Removed(head[0][1], head[-1][2], text[head[0][1]:head[-1][2]], "subtitle header"))
    cues: list[dict] = []
    for block in blocks:
        first = text[block[0][1]:block[0][2]].strip(" \t\ufeff")
        second = text[block[1][1]:block[1][2]] if len(block) > 1 else ""
        if fmt == "vtt" and re.match(r"(NOTE|STYLE|REGION)(\s|$)", first):
            why = "subtitle note (comment)" if first.startswith("NOTE") else "subtitle style"
            removed.append(Removed(block[0][1], block[-1][2], text[block[0][1]:block[-1][2]], why))
            continue
        if "-->" in first or _TIMEISH.match(first):
            timing_at, number = 0, None
        elif ("-->" in second or _TIMEISH.match(second)) and (fmt == "vtt" or first.isdigit()):
            timing_at, number = 1, (int(first) if first.isdigit() else None)
        elif cues:  # a blank line inside a cue's text: the text goes on
            cues[-1]["lines"].extend(block)
            continue
        else:
            n = block[0][0]
            what = "a cue number and a timing line" if fmt == "srt" else "a timing line"
            raise InputError(f"{name}: line {n}: expected {what}, found {first[:60]!r}; is it {'SRT' if fmt == 'srt' else 'WebVTT'}?")
        n, a, b = block[timing_at]
        t0, t1 = _timing(text, name, n, a, b)
        start = block[0][1]
        removed.append(Removed(start, b, text[start:b], "subtitle timing (cue number and timecodes)"))
        cues.append({"number": number, "t0": t0, "t1": t1, "lines": list(block[timing_at + 1:])})
    if not cues:
        raise InputError(f"{name}: no subtitle cues in it (nothing to check)")
    for k, cue in enumerate(cues, 1):
        number = cue["number"] if fmt == "srt" and cue["number"] is not None else k
        for _n, a, b in cue["lines"]:
            for m in _TAG.finditer(text, a, b):
                removed.append(Removed(m.start(), m.end(), m.group(0), "subtitle markup tag"))
        if cue["lines"]:
            a, b = cue["lines"][0][1], cue["lines"][-1][2]
            label = f"cue {number} {timecode(cue['t0'], sep)} → {timecode(cue['t1'], sep)}"
            places.append(Place(a, b, "cue", number, label, cue["t0"], cue["t1"]))
    removed.sort(key=lambda r: (r.start, r.end))
    return Layout(removed=removed, soft=[(0, len(text))], places=places), len(cues)


def read_text(text: str, name: str, fmt: str, encoding: str = "utf-8", notes: Optional[list[str]] = None):
    layout, n = parse(text, name, fmt)
    what = "SRT" if fmt == "srt" else "WebVTT"
    kept = [p for p in layout.places]
    if not any(text[p.start:p.end].strip() for p in kept):
        raise InputError(f"{name}: its {n} cue(s) hold no text (nothing to check)")
    notes = list(notes or []) + [
        f"{what} subtitles: {n} cue(s); cue numbers, timecodes{', header and notes' if fmt == 'vtt' else ''} and "
        "markup tags removed (listed); cue text read across cues into sentences"
    ]
    return LoadedText(text=text, name=name, encoding=encoding, format=fmt, notes=notes, layout=layout)


def read_subtitles(data: bytes, name: str, max_chars: int, fmt: str):
    text, enc, notes = decode(data, name)
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters is more than the limit of {max_chars:,}; split it or raise --max-chars")
    return read_text(text, name, fmt, enc, notes)
