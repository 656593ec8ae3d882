"""Readers of the formats newsrooms hand over besides text: DOCX, PDF, SRT and WebVTT.

Each reader turns the file into a *rendition* (``LoadedText.text``: the text qualcheck shows and every
offset points into) and a :class:`Layout`: the spans of that text that are not body copy, each with a
reason (headers, footers, comments, deleted tracked changes, running heads, page numbers, line-end
hyphens, timing lines, markup tags), the ranges where a line break is only a wrapped line (read as a
space, so a sentence may run across lines, pages or cues), and the :class:`~qualcheck.types.Place` of
every kept character (page, paragraph, cue and its times). :func:`layout_clean` makes the cleaner's
mask from it: removed spans are left out of the sentences and listed in the report, so every character
of the rendition is kept or listed as removed with its reason.

Which reader: :func:`detect` (the file name's extension, confirmed from the content; ``--from`` forces).
"""
from __future__ import annotations

import io
import zipfile
from typing import Optional

from ..clean import DROP, clean, cut_out, normalise_mask
from ..errors import InputError
from ..types import Document, Layout, Place, Removed  # noqa: F401 - readers.Layout, as before
from .docx import read_docx
from .pdf import read_pdf
from .subtitles import looks_like_srt, looks_like_vtt, read_subtitles

TEXT_FORMATS = ("text", "markdown", "html")
FILE_FORMATS = ("docx", "pdf", "srt", "vtt")
FORMATS = TEXT_FORMATS + FILE_FORMATS
_ALIASES = {"txt": "text", "plain": "text", "md": "markdown", "htm": "html", "webvtt": "vtt", "word": "docx"}
SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx", ".pdf": "pdf", ".srt": "srt", ".vtt": "vtt", ".webvtt": "vtt",
}
NAMES = {"text": "plain text", "markdown": "Markdown", "html": "HTML", "docx": "DOCX", "pdf": "PDF",
         "srt": "SRT subtitles", "vtt": "WebVTT subtitles"}


def normalise_format(value: Optional[str]) -> Optional[str]:
    """A ``--from`` value (``docx``, ``PDF``, ``.srt``, ``webvtt``...) as a format name, or InputError."""
    if value is None or not str(value).strip():
        return None
    v = str(value).strip().lower().lstrip(".")
    v = _ALIASES.get(v, v)
    if v not in FORMATS:
        raise InputError(f"--from {value}: unknown input format; choose from {', '.join(FORMATS)}")
    return v


def split_from(value: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``--from FORMAT`` forces both sides; ``--from REF,CAND`` each side (an empty part: detect)."""
    if value is None or not str(value).strip():
        return None, None
    parts = [p.strip() for p in str(value).split(",")]
    if len(parts) == 1:
        f = normalise_format(parts[0])
        return f, f
    if len(parts) != 2:
        raise InputError(f"--from {value}: give one format, or two separated by a comma (reference,candidate)")
    return normalise_format(parts[0] or None), normalise_format(parts[1] or None)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _text_head(data: bytes) -> str:
    head = data[:4096]
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def sniff(data: bytes) -> Optional[str]:
    """The format the content shows (a file signature or a subtitle header), or None for text of any kind."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else None

    head = _text_head(data)
    if looks_like_vtt(head):
        return "vtt"
    if looks_like_srt(head):
        return "srt"
    return None


def detect(data: bytes, suffix: str, forced: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """(format, note): the reader for a file. ``forced`` (``--from``) wins; else the content, when it
    shows a format, wins over the extension and the note says so; else the extension (``None``: a text
    file whose kind, plain, Markdown or HTML, ``load.detect_format`` finds from the text)."""
    by_name = SUFFIXES.get(suffix.lower())
    if forced:
        return forced, None
    found = sniff(data)
    if found is None:
        if by_name in FILE_FORMATS:  # its reader refuses it with its own line if it is not one
            return by_name, None
        return (by_name if by_name == "html" else None), None
    if by_name is not None and by_name != found:
        return found, f"named {suffix} but the content is {NAMES[found]}: read as {NAMES[found]} (--from forces a format)"
    if by_name is None and suffix:
        return found, f"the content is {NAMES[found]}: read as {NAMES[found]}"
    return found, None


def read(fmt: str, data: bytes, name: str, max_chars: int):
    """The ``LoadedText`` of a DOCX, PDF or subtitle file (one-line ``InputError`` on bad input)."""
    if fmt == "docx":
        return read_docx(data, name, max_chars)
    if fmt == "pdf":
        return read_pdf(data, name, max_chars)

    return read_subtitles(data, name, max_chars, fmt)


def layout_clean(text: str, layout: Layout, name: str, fmt: str) -> tuple[Document, str]:
    """``clean.clean`` for a reader's rendition; returns the Document and the mask ``segment`` reads.

    The reader's removed spans are left out (as markup is: they split no word), its wrapped lines
    are joined, and for DOCX and PDF the web-debris rules of ``clean`` then run on what is left
    (copy pasted from a web page brings its debris along); not for subtitles (a cue is never a menu).
    """
    chars = list(normalise_mask(text))
    for a, b in layout.soft:
        for k in range(a, b):
            if chars[k] == "\n":
                chars[k] = " "
    for r in layout.removed:
        for k in range(r.start, r.end):
            if chars[k] != "\n":
                chars[k] = " "
    removed = list(layout.removed)
    if fmt in ("docx", "pdf"):
        seen, _mask = clean("".join(chars), name=name, fmt="text")
        tables = [p for p in layout.places if "table" in p.label]
        for r in seen.removed:
            if any(p.start < r.end and r.start < p.end for p in tables):
                continue  # a table's short cells are not a masthead
            removed.append(Removed(r.start, r.end, text[r.start:r.end], r.reason))
            for k in range(r.start, r.end):
                if chars[k] != "\n":
                    chars[k] = " "
    for r in layout.removed:
        for k in range(r.start, r.end):
            chars[k] = DROP
    removed.sort(key=lambda r: (r.start, r.end))
    doc = Document(name=name, original=text, cleaned=cut_out(text, removed), removed=removed, format=fmt)
    doc.places = list(layout.places)
    return doc, "".join(chars)
