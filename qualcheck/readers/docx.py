"""DOCX (Word) documents, read with python-docx (and its lxml tree for what it hides).

The rendition: each paragraph with text on a line of its own, in document order; a table's cells
are paragraphs too (row by row, cell by cell; merged cells once), each labelled with its table and
row. Before the body: the headers; after it: footnotes and endnotes, the footers, the comments;
each of those lines is a removed span ("header", "footer", "footnote", "comment by ...") so it is
listed in the report and never checked. Text boxes and field codes are removed spans too.

Tracked changes are read as if accepted: inserted text (``w:ins``, ``w:moveTo``) is body text;
deleted text (``w:del``/``w:delText``, ``w:moveFrom``) stays in the rendition where it stood, as a
removed span "tracked change: deleted text", and a note says there were tracked changes.
python-docx's ``Paragraph.text`` skips inserted runs, hence the walk over the XML.

Paragraphs are numbered 1, 2, ... in reading order, counting only those with text (empty
paragraphs are spacing): the report shows ``¶ 5`` or ``¶ 7 (table 1, row 2)``.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from typing import Optional

from ..errors import InputError
from ..types import Layout, LoadedText, Place, Removed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {"pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "footnoteReference", "endnoteReference",
         "commentReference", "commentRangeStart", "commentRangeEnd", "bookmarkStart", "bookmarkEnd",
         "proofErr", "lastRenderedPageBreak", "fldChar", "sym", "annotationRef", "footnoteRef", "endnoteRef",
         "separator", "continuationSeparator"}
_DELETED = "tracked change: deleted text"
MAX_UNZIPPED = 200_000_000  # bytes: a bigger unzipped DOCX is refused (a zip bomb, or no news story)


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


class _Builder:
    """The rendition being written, with its removed spans and places."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.removed: list[Removed] = []
        self.places: list[Place] = []
        self.number = 0
        self.counts = {"ins": 0, "del": 0, "paragraphs": 0, "table_paragraphs": 0, "tables": 0}
        self.removed_kinds: dict[str, int] = {}

    def put(self, text: str, reason: Optional[str] = None) -> None:
        if not text:
            return
        if reason:
            if self.removed and self.removed[-1].end == self.pos and self.removed[-1].reason == reason:
                last = self.removed.pop()
                self.removed.append(Removed(last.start, self.pos + len(text), last.text + text, reason))
            else:
                self.removed.append(Removed(self.pos, self.pos + len(text), text, reason))
        self.parts.append(text)
        self.pos += len(text)

    def line(self, segments: list[tuple[str, Optional[str]]], where: str = "", furniture: Optional[str] = None) -> None:
        """One paragraph: body text (a numbered place) or, with ``furniture``, a removed line."""
        if not any(t.strip() for t, _ in segments):
            return
        start = self.pos
        if furniture:
            self.put("".join(t for t, _ in segments), furniture)
            self.removed_kinds[furniture.split(" by ")[0]] = self.removed_kinds.get(furniture.split(" by ")[0], 0) + 1
        else:
            kept = any(t.strip() for t, why in segments if why is None)
            for t, why in segments:
                self.put(t, why)
            if kept:
                self.number += 1
                self.counts["paragraphs"] += 1
                if where:
                    self.counts["table_paragraphs"] += 1
                label = f"¶ {self.number}" + (f" ({where})" if where else "")
                self.places.append(Place(start, self.pos, "paragraph", self.number, label))
        self.put("\n")


def _runs(el, b: _Builder, out: list, deleted: bool = False) -> None:
    """The text of a paragraph's content in order, as (text, removal reason or None) segments."""
    for child in el:
        tag = _local(child)
        if tag in _SKIP or not tag:
            continue
        if tag in ("del", "moveFrom"):
            b.counts["del"] += 1
            _runs(child, b, out, True)
        elif tag in ("ins", "moveTo"):
            b.counts["ins"] += 1
            _runs(child, b, out, deleted)
        elif tag == "t":
            out.append((child.text or "", _DELETED if deleted else None))
        elif tag == "delText":
            out.append((child.text or "", _DELETED))
        elif tag in ("instrText", "delInstrText"):
            out.append((child.text or "", "field code"))
        elif tag == "tab":
            out.append(("\t", _DELETED if deleted else None))
        elif tag in ("br", "cr"):
            out.append((" ", _DELETED if deleted else None))
        elif tag == "noBreakHyphen":
            out.append(("-", _DELETED if deleted else None))
        elif tag == "softHyphen":
            continue
        elif tag == "txbxContent":  # a text box inside the paragraph: listed, not checked
            text = " ".join("".join(t for t, _ in _para_segments(p, b)) for p in child.iter(f"{W}p"))
            if text.strip():
                out.append((" " + text + " ", "text box (not body text)"))
        else:
            _runs(child, b, out, deleted)


def _para_segments(p, b: _Builder) -> list[tuple[str, Optional[str]]]:
    out: list[tuple[str, Optional[str]]] = []
    _runs(p, b, out)
    return [(t.replace("\n", " ").replace("\r", " "), why) for t, why in out if t]


def _blocks(parent, b: _Builder, where: str = "", furniture: Optional[str] = None) -> None:
    """Paragraphs and tables of a body, header, cell... in document order."""
    for child in parent:
        tag = _local(child)
        if tag == "p":
            b.line(_para_segments(child, b), where, furniture)
        elif tag == "tbl":
            b.counts["tables"] += 1
            _table(child, b, furniture)
        elif tag in ("sdt", "sdtContent", "customXml", "smartTag"):
            _blocks(child, b, where, furniture)


def _table(tbl, b: _Builder, furniture: Optional[str]) -> None:
    t = b.counts["tables"]
    for r, tr in enumerate((c for c in tbl if _local(c) == "tr"), 1):
        for tc in (c for c in tr if _local(c) in ("tc", "sdt", "customXml")):
            _blocks(tc if _local(tc) == "tc" else tc, b, f"table {t}, row {r}", furniture)


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise InputError(f"{name}: a ZIP archive but not a DOCX (no word/document.xml); save it as .docx or as text")
            if sum(i.file_size for i in infos) > MAX_UNZIPPED:
                raise InputError(f"{name}: unzips to more than {MAX_UNZIPPED:,} bytes; not read (a damaged or hostile DOCX?)")
            bad = z.testzip()
            if bad is not None:
                raise InputError(f"{name}: a damaged DOCX ({bad} fails its checksum); open it in Word and save it again")
    except zipfile.BadZipFile as exc:
        raise InputError(f"{name}: not a readable DOCX (damaged ZIP archive: {exc}); open it in Word and save it again") from None
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise InputError(f"{name}: not a readable DOCX ({type(exc).__name__}: {exc}); open it in Word and save it again") from None


def read_docx(data: bytes, name: str, max_chars: int):
    if not data.startswith(b"PK"):
        raise InputError(f"{name}: not a DOCX (not a ZIP archive); give --from text if it is plain text")
    _check_zip(data, name)
    try:
        import docx
        from lxml import etree

        document = docx.Document(io.BytesIO(data))
        parts = sorted(document.part.package.iter_parts(), key=lambda p: str(p.partname))
        body = document.element.body
        furniture = []
        for part in parts:
            pn = str(part.partname)
            for stem, why in (("/word/header", "header"), ("/word/footer", "footer"), ("/word/footnotes", "footnote"),
                              ("/word/endnotes", "endnote"), ("/word/comments.xml", "comment")):
                if pn.startswith(stem):
                    el = part._element if hasattr(part, "_element") else etree.fromstring(part.blob)
                    furniture.append((why, el))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on a damaged file
        msg = " ".join(str(exc).split())[:160]
        raise InputError(f"{name}: not a readable DOCX ({type(exc).__name__}: {msg}); open it in Word and save it again") from None
    b = _Builder()
    order = {"header": 0, "footnote": 2, "endnote": 2, "footer": 3, "comment": 4}
    for why, el in sorted((f for f in furniture if order[f[0]] == 0), key=lambda f: order[f[0]]):
        _blocks(el, b, furniture="header (page furniture)")
    _blocks(body, b)
    for why, el in sorted((f for f in furniture if order[f[0]] > 0), key=lambda f: order[f[0]]):
        if why in ("footnote", "endnote"):
            for note in el:
                if _local(note) in ("footnote", "endnote") and not note.get(f"{W}type"):
                    _blocks(note, b, furniture=f"{why} (not body text)")
        elif why == "comment":
            for c in el:
                if _local(c) == "comment":
                    author = c.get(f"{W}author") or "unknown"
                    _blocks(c, b, furniture=f"comment by {author}")
        else:
            _blocks(el, b, furniture=f"{why} (page furniture)")
    text = "".join(b.parts)
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters is more than the limit of {max_chars:,}; split it or raise --max-chars")
    if not b.places:
        raise InputError(f"{name}: a DOCX with no body text (nothing to check)")
    c = b.counts
    notes = [f"DOCX: {c['paragraphs']} paragraph(s) with text"
             + (f", {c['table_paragraphs']} of them in {c['tables']} table(s) (read cell by cell)" if c["tables"] else "")]
    if b.removed_kinds:
        listed = ", ".join(f"{n} {k.split(' (')[0]} line(s)" for k, n in b.removed_kinds.items())
        notes.append(f"not checked, listed as removed: {listed}")
    if c["ins"] or c["del"]:
        notes.append(f"tracked changes: {c['ins']} insertion(s) and {c['del']} deletion(s), read as if accepted "
                     "(inserted text checked, deleted text listed as removed); accept or reject them in Word to be sure")
    layout = Layout(removed=b.removed, soft=[], places=b.places)
    return LoadedText(text=text, name=name, encoding="utf-8", format="docx", notes=notes, layout=layout)
