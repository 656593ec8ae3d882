"""Locations in the original file: ``Place`` runs and the labels the reports show."""
from __future__ import annotations

from bisect import bisect_right

from ..types import Place, Span


def timecode(seconds: float, sep: str = ",") -> str:
    """``00:01:02,500`` (SRT style; ``sep='.'`` for WebVTT)."""
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def places_in(places: list[Place], span: Span) -> list[Place]:
    """The places a span overlaps (a point span: the place holding it), in order."""
    a, b = span
    b = max(b, a + 1)
    starts = [p.start for p in places]
    k = max(0, bisect_right(starts, a) - 1)
    out = []
    while k < len(places) and places[k].start < b:
        if places[k].end > a:
            out.append(places[k])
        k += 1
    return out


def label_of(places: list[Place], span: Span) -> str:
    hit = places_in(places, span)
    if not hit:
        return ""
    first, last = hit[0], hit[-1]
    if first is last:
        return first.label
    if first.kind == "cue" and last.kind == "cue":
        sep = "," if "," in first.label else "."
        return (f"cues {first.number}–{last.number} {timecode(first.t0 or 0.0, sep)} → "
                f"{timecode(last.t1 or 0.0, sep)}")
    if first.kind == last.kind == "page":
        return f"pp. {first.number}–{last.number}"
    if first.kind == last.kind == "paragraph":
        return f"¶ {first.number}–{last.number}"
    return f"{first.label} – {last.label}"
