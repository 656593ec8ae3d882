"""Plain data passed between the stages: load/clean -> segment -> embed -> align -> checks -> report.

Every offset is a character offset into the *original* decoded text of its side
(``Document.original``), end exclusive, so a span can always be shown in context.
"""
from __future__ import annotations

import hashlib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

SEVERITIES = ("major", "minor", "info")
SEVERITY_RANK = {"major": 2, "minor": 1, "info": 0}  # the one severity order: higher is worse


def worst_of(severities) -> Optional[str]:
    """The worst of ``severities`` by ``SEVERITY_RANK`` (the first of equals), None if there are none."""
    return max(severities, key=SEVERITY_RANK.__getitem__, default=None)

Span = tuple[int, int]


@dataclass(frozen=True)
class Removed:
    """A span the cleaner took out of the text, and why (nothing is dropped silently)."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Doubtful:
    """A span the cleaner kept although it may be page debris, and why (reported as a ``debris``
    finding, minor: the cleaner removes only what is surely debris)."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """One sentence: its index on its side and its offsets into the original text."""

    index: int
    start: int
    end: int
    text: str
    clean_start: int = -1  # offsets into Document.cleaned
    clean_end: int = -1
    paragraph: int = 0  # index of the paragraph (line block) it came from
    # original offset of each character of ``text``, when ``text`` differs from the original span in more
    # than whitespace (markup or invisible characters left out, entities decoded: see segment.py); else None
    offsets: Optional[tuple[int, ...]] = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Place:
    """Where a run of ``Document.original`` stands in the file the user opened (DOCX, PDF, subtitles):
    ``kind`` "page", "paragraph" or "cue"; ``number`` as the user sees it; ``label`` for the report
    (``p. 2``, ``¶ 5 (table 1, row 2)``, ``cue 12 00:01:02,000 → 00:01:04,500``); cues carry their times."""

    start: int
    end: int
    kind: str
    number: int
    label: str
    t0: Optional[float] = None  # cue times, seconds
    t1: Optional[float] = None


# locations in the original file (DOCX, PDF, subtitles): the labels the reports show
def timecode(seconds: float, sep: str = ",") -> str:
    """``00:01:02,500`` (SRT style; ``sep='.'`` for WebVTT)."""
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def overlapping(items, span: Span, starts: Optional[list[int]] = None) -> list[int]:
    """Positions of the items (in order, each with ``start`` / ``end``: sentences, places) that ``span`` overlaps
    (a point span: the item holding it). ``starts``: the items' starts, when the caller keeps them for many spans."""
    a, b = span
    b = max(b, a + 1)
    if starts is None:
        starts = [x.start for x in items]
    k = max(0, bisect_right(starts, a) - 1)
    out = []
    while k < len(items) and items[k].start < b:
        if items[k].end > a:
            out.append(k)
        k += 1
    return out


def inside_one(items, span: Span, starts: Optional[list[int]] = None) -> Optional[tuple[int, int, int]]:
    """(position, start, end) when ``span`` points inside one item (a sentence) without covering all of it: that
    item and the span clipped to it; else None. A finding's place on the other side is drawn only then: a whole
    sentence is context, not a place (the HTML and Markdown renderers)."""
    hit = overlapping(items, span, starts)
    if len(hit) != 1:
        return None
    x = items[hit[0]]
    if span[0] <= x.start and span[1] >= x.end:
        return None
    return hit[0], max(span[0], x.start), min(span[1], x.end)


def places_in(places: list[Place], span: Span) -> list[Place]:
    """The places a span overlaps (a point span: the place holding it), in order."""
    return [places[k] for k in overlapping(places, span)]


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


@dataclass
class Layout:
    """What a reader knows of the rendition besides its text (see the module docstring)."""

    removed: list[Removed] = field(default_factory=list)
    soft: list[tuple[int, int]] = field(default_factory=list)  # ranges whose line breaks read as spaces
    places: list[Place] = field(default_factory=list)

    def key(self) -> tuple:
        return (tuple((r.start, r.end, r.reason) for r in self.removed), tuple(self.soft))


@dataclass
class LoadedText:
    """An input as read (``load.load_file`` / ``load_text``, the readers): its text, what was assumed, and
    for DOCX, PDF and subtitles the reader's ``Layout``."""

    text: str
    name: str
    encoding: str = "utf-8"
    format: str = "text"
    notes: list[str] = field(default_factory=list)
    layout: Optional[Layout] = None  # DOCX, PDF and subtitles: removed spans, places


@dataclass
class Document:
    """One side (reference or candidate) after loading, cleaning and segmenting."""

    name: str
    original: str
    cleaned: str = ""
    removed: list[Removed] = field(default_factory=list)
    doubtful: list[Doubtful] = field(default_factory=list)  # kept, but may be debris (see clean.py)
    sentences: list[Sentence] = field(default_factory=list)
    encoding: str = "utf-8"
    format: str = "text"  # "text" or "html"
    notes: list[str] = field(default_factory=list)  # what the loader assumed (encoding, etc.)
    places: list[Place] = field(default_factory=list)  # DOCX paragraphs, PDF pages, cues (readers/); else empty

    def where(self, span: Optional[Span]) -> str:
        """The place of ``span`` in the original file (``p. 2``, ``¶ 3–4``, ``cues 5–6 00:00:12,000 →
        00:00:18,000``), or "" for plain text, Markdown and HTML."""
        if not span or not self.places:
            return ""
        return label_of(self.places, span)

    def shown(self, a: int, b: int) -> str:
        """``original[a:b]`` as the reader sees it: spans removed by a DOCX, PDF or subtitle reader (timing
        lines, tags, deleted text, line-end hyphens) left out; other formats: the original."""
        if not self.places:
            return self.original[a:b]
        out, pos = [], a
        for r in self.removed:
            if r.end <= pos or r.start >= b:
                continue
            out.append(self.original[pos : max(pos, r.start)])
            pos = max(pos, min(r.end, b))
        out.append(self.original[pos:b])
        return "".join(out)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    def span_text(self, span: Optional[Span]) -> str:
        if span is None:
            return ""
        return self.original[span[0] : span[1]]

    def group_span(self, indices) -> Optional[Span]:
        idx = list(indices)
        if not idx:
            return None
        return (self.sentences[min(idx)].start, self.sentences[max(idx)].end)

    def locate(self, s: "Sentence", i: int, j: int) -> Span:
        """Offsets in the original of ``s.text[i:j]`` (sentence text has whitespace collapsed)."""
        if s.offsets is not None and 0 <= i < j <= len(s.offsets):
            while i < j and s.text[i].isspace():
                i += 1
            while j > i and s.text[j - 1].isspace():
                j -= 1
            if i < j:
                return (s.offsets[i], s.offsets[j - 1] + 1)
        src = self.original[s.start : s.end]
        if src == s.text:
            return (s.start + i, s.start + j)
        frag = s.text[i:j].strip()
        # count the non-space characters before i, then walk the source to the same count
        want = len("".join(s.text[:i].split()))
        seen, k = 0, 0
        while k < len(src) and seen < want:
            if not src[k].isspace():
                seen += 1
            k += 1
        while k < len(src) and src[k].isspace():
            k += 1
        at = src.find(frag, max(0, k - 8))
        if at < 0:
            at = src.find(frag)
        if at < 0:
            return (s.start + min(k, len(src)), s.start + min(k + len(frag), len(src)))
        return (s.start + at, s.start + at + len(frag))

    def group_text(self, indices) -> str:
        return " ".join(self.sentences[i].text for i in indices)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.original.encode("utf-8", "surrogatepass")).hexdigest()


# alignment kinds
MATCH, MOVED, OMISSION, ADDITION = "match", "moved", "omission", "addition"


@dataclass(frozen=True)
class Alignment:
    """A bead: a group of reference sentences paired with a group of candidate sentences.

    ``kind`` is ``match`` (in order), ``moved`` (paired out of order), ``omission``
    (reference sentences with no counterpart: ``cand`` is empty) or ``addition``
    (candidate sentences with no counterpart: ``ref`` is empty). ``score`` is the cosine
    similarity of the two groups' embeddings (``None`` for omissions/additions) and
    ``confidence`` how sure the aligner is of the decision (0..1).
    """

    ref: tuple[int, ...]
    cand: tuple[int, ...]
    kind: str
    score: Optional[float] = None
    confidence: Optional[float] = None

    @property
    def shape(self) -> str:
        return f"{len(self.ref)}-{len(self.cand)}"

    @property
    def is_pair(self) -> bool:
        return bool(self.ref) and bool(self.cand)


def normalise_for_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


@dataclass
class Finding:
    """Something an editor must look at."""

    category: str  # e.g. "name.misspelled", "fragment.orphan_punctuation", "mismatch"
    severity: str  # "major" | "minor" | "info"
    side: str  # "candidate" | "reference" | "both"
    message: str
    suggestion: str = ""
    ref_span: Optional[Span] = None
    cand_span: Optional[Span] = None
    ref_text: str = ""
    cand_text: str = ""
    score: Optional[float] = None
    check: str = ""  # name of the registered check that produced it
    occurrences: list[Span] = field(default_factory=list)  # further spans of the same problem
    id: str = ""
    accepted: bool = False  # in the --baseline file: hidden, or shown greyed with --show-accepted
    # where the spans stand in a DOCX, PDF or subtitle file (``Document.where``: "p. 2", "¶ 5", "cue 12 ..."); else ""
    ref_location: str = ""
    cand_location: str = ""
    # other findings about the same defect, merged into this one (qualcheck/merge.py): id, category, severity, message
    related: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.id:
            self.id = self.fingerprint()

    def fingerprint(self) -> str:
        """A stable id: category + the normalised text it is about (not offsets or order)."""
        key = "\x1f".join(
            [self.category, normalise_for_id(self.ref_text), normalise_for_id(self.cand_text)]
        )
        return self.category.split(".")[0][:4] + "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


class Findings(list):
    """A list of findings (``qualcheck.report.result.Findings`` adds a pandas DataFrame)."""

    def open(self) -> "Findings":
        """The findings not accepted in a baseline (what gates and counts)."""
        return type(self)(f for f in self if not f.accepted)

    def by_category(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.open():
            out[f.category] = out.get(f.category, 0) + 1
        return dict(sorted(out.items()))

    def by_severity(self) -> dict[str, int]:
        return {sev: sum(1 for f in self.open() if f.severity == sev) for sev in SEVERITIES}


@dataclass
class Report:
    """Both documents, the alignment, the findings, metadata: the data of what ``qualcheck.check``
    returns (``qualcheck.report.result.Report``, which adds ``summary``, ``to_dict``, ``to_json``)."""

    reference: Document
    candidate: Document
    alignment: list[Alignment]
    findings: Findings
    metadata: dict = field(default_factory=dict)
    hidden: Findings = field(default_factory=Findings)  # accepted in the baseline and not shown

    def worst_severity(self) -> Optional[str]:
        ranks = [SEVERITY_RANK[f.severity] for f in self.findings.open()]
        if not ranks:
            return None
        return SEVERITIES[len(SEVERITIES) - 1 - max(ranks)]

    def fails(self, fail_on: str) -> bool:
        """True if a finding is at or above ``fail_on`` ("never", "major", "minor")."""
        if fail_on == "never":
            return False
        return any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in self.findings.open())
