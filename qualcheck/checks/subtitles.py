"""Subtitle checks on a candidate read from SRT or WebVTT: reading speed and line length.

Both are ``minor``: a cue an audience cannot read in its time on screen (more than
``Settings.subtitle_max_cps`` characters a second, default 17) or a line longer than
``Settings.subtitle_max_line`` characters (default 42). Characters are the cue's visible text
(markup tags out, line breaks not counted, spaces and punctuation counted).
"""
from __future__ import annotations

from typing import Iterable

from ..types import Finding, timecode
from . import register
from .aligned import AlignedDoc


def _cue_lines(doc, place) -> list[tuple[int, int, str]]:
    """(start, end, visible text) of each non-empty line of a cue."""
    out = []
    pos = place.start
    shown = doc.original[place.start:place.end]
    for raw in shown.splitlines(keepends=True):
        a, b = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        text = doc.shown(a, b).strip()
        if text:
            lead = len(doc.original[a:b]) - len(doc.original[a:b].lstrip())
            trail = len(doc.original[a:b].rstrip())
            out.append((a + lead, a + trail, text))
    return out


@register("subtitles", categories=("subtitle.reading_speed", "subtitle.line_length"),
          settings=("subtitle_max_cps", "subtitle_max_line"))
def subtitle_checks(adoc: AlignedDoc) -> Iterable[Finding]:
    doc = adoc.candidate
    if doc.format not in ("srt", "vtt"):
        return
    max_cps = float(adoc.settings.subtitle_max_cps)
    max_line = int(adoc.settings.subtitle_max_line)
    sep = "," if doc.format == "srt" else "."
    for place in doc.places:
        if place.kind != "cue":
            continue
        lines = _cue_lines(doc, place)
        if not lines:
            continue
        span = (lines[0][0], lines[-1][1])
        text = " / ".join(t for _, _, t in lines)
        chars = sum(len(t) for _, _, t in lines)
        secs = (place.t1 or 0.0) - (place.t0 or 0.0)
        when = f"{timecode(place.t0 or 0.0, sep)} → {timecode(place.t1 or 0.0, sep)}"
        cps = chars / secs if secs > 0 else float("inf")
        if cps > max_cps:
            need = chars / max_cps
            yield Finding(
                category="subtitle.reading_speed", severity="minor", side="candidate",
                message=(f"Cue {place.number} ({when}) asks for {cps:.1f} characters a second "
                         f"({chars} characters in {secs:.2f} s); the limit is {max_cps:g}."
                         if secs > 0 else f"Cue {place.number} ({when}) is on screen for no time ({chars} characters)."),
                suggestion=f"Shorten the cue to {int(max_cps * secs)} characters or keep it on screen {need:.1f} s.",
                cand_span=span, cand_text=text, score=round(cps, 2) if secs > 0 else None,
            )
        for a, b, line in lines:
            if len(line) > max_line:
                yield Finding(
                    category="subtitle.line_length", severity="minor", side="candidate",
                    message=f"Cue {place.number} ({when}) has a line of {len(line)} characters; the limit is {max_line}: “{line}”.",
                    suggestion=f"Break the line (at most {max_line} characters) or shorten it.",
                    cand_span=(a, b), cand_text=line, score=float(len(line)),
                )
