"""PDF documents, read with pypdf (pure Python, text per page).

Why pypdf rather than pdfminer.six: both are pure Python and maintained, but pypdf releases often
(several a year), reads a page's text in one call with the line breaks a reader expects, and says
whether a file is encrypted and decrypts one with an empty password; pdfminer.six gives finer layout
this reader does not need, and is slower.

The rendition is each page's text, line by line, pages one after the other. Then:

* **running headers and footers**: a line among the first two or last two of a page that recurs (digits
  aside) on at least two pages and half of them is removed ("running header" / "running footer");
* **page numbers**: a line there that is only a number (``7``, ``- 7 -``, ``Page 7``, ``7 of 12``);
* **line ends**: a line that reaches the right margin goes on in the next one (the break reads as a
  space, so sentences run across lines and pages); a shorter line ends its paragraph;
* **hyphens**: a line ending in a letter and a hyphen, followed by a line starting with a lower-case
  letter, is joined without the hyphen (``interna-`` / ``tional`` reads ``international``); the hyphen
  and the line break are a removed span ("hyphen at a line end").

Each page is a ``Place`` (``p. 2``). A PDF with no text at all (a scan) and an encrypted PDF that
needs a password are refused with one line.
"""
from __future__ import annotations

import io
import logging
import re

from ..errors import InputError
from ..types import Layout, LoadedText, Place, Removed

_PAGE_NO = re.compile(r"^\s*(?:(?:page|p\.|seite|página|pagina)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:/|of|de|von|sur)\s*\d{1,4})?\s*$", re.I)
_HYPHENS = "-\u00ad\u2010"


def _key(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line).split()).casefold()


def _edges(lines: list[str]) -> list[int]:
    """Indices of the first two and last two non-blank lines of a page."""
    idx = [k for k, ln in enumerate(lines) if ln.strip()]
    return sorted(set(idx[:2] + idx[-2:]))


def _furniture(pages: list[list[str]]) -> dict[tuple[int, int], str]:
    """(page, line) -> reason, for page numbers and running headers and footers."""
    out: dict[tuple[int, int], str] = {}
    seen: dict[str, set[int]] = {}
    for p, lines in enumerate(pages):
        for k in _edges(lines):
            if _PAGE_NO.match(lines[k]):
                out[(p, k)] = "page number"
            else:
                seen.setdefault(_key(lines[k]), set()).add(p)
    with_text = sum(1 for lines in pages if any(ln.strip() for ln in lines))
    for p, lines in enumerate(pages):
        idx = [k for k, ln in enumerate(lines) if ln.strip()]
        for k in _edges(lines):
            if (p, k) in out:
                continue
            on = seen.get(_key(lines[k]), set())
            if len(on) >= 2 and len(on) * 2 >= with_text:
                top = idx and k in idx[:2] and not (k in idx[-2:] and len(idx) > 2 and k != idx[0])
                out[(p, k)] = "running header" if top else "running footer"
    return out


def _read_pages(data: bytes, name: str) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    try:
        import pypdf
        from pypdf.errors import PdfReadError  # noqa: F401 - the usual kind of failure below

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - e.g. AES without the cryptography package
                opened = 0
            if not opened:
                raise InputError(f"{name}: an encrypted PDF that needs a password; qualcheck cannot read it: "
                                 "give an unprotected copy or its text")
            notes.append("PDF encrypted with an empty password (no password needed to open it): read")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{name}: not a readable PDF (nested too deeply); save it again or export its text") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        msg = " ".join(str(exc).split())[:160]
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__}: {msg}); open it and save it again, "
                         "or export its text") from None
    return pages, notes


def rendition(pages_text: list[str]) -> tuple[str, Layout, dict]:
    """The rendition and layout of pages of extracted text (see the module docstring)."""
    pages = [t.replace("\r\n", "\n").replace("\r", "\n").split("\n") for t in pages_text]
    furn = _furniture(pages)
    parts: list[str] = []
    pos = 0
    places: list[Place] = []
    lines: list[tuple[int, int, str]] = []  # (start, end without "\n", reason or "" for body), non-blank lines
    stats = {"header": 0, "footer": 0, "page number": 0, "hyphen": 0, "pages": len(pages)}
    for p, page in enumerate(pages):
        page_start = pos
        for k, ln in enumerate(page):
            parts.append(ln + "\n")
            if ln.strip():
                why = furn.get((p, k), "")
                lines.append((pos, pos + len(ln), why))
                if why:
                    stats["page number" if why == "page number" else why.split()[1]] += 1
            pos += len(ln) + 1
        if any(ln.strip() for ln in page):
            places.append(Place(page_start, pos - 1, "page", p + 1, f"p. {p + 1}"))
    text = "".join(parts)
    body = [(a, b) for a, b, why in lines if not why]
    lengths = sorted(len(text[a:b].strip()) for a, b in body)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    removed: list[Removed] = []
    soft: list[tuple[int, int]] = []
    join: dict[int, str] = {}  # body line start -> "soft" | "hyphen" | "hard" (how it joins the next one)
    for (a, b), (c, d) in zip(body, body[1:]):
        prev, nxt = text[a:b].rstrip(), text[c:d].lstrip()
        if len(prev) >= 2 and prev[-1] in _HYPHENS and prev[-2].isalpha() and nxt[:1].islower():
            join[a] = "hyphen"
            cut = a + len(prev) - 1
            removed.append(Removed(cut, b + 1, text[cut:b + 1], "hyphen at a line end"))
            stats["hyphen"] += 1
        elif width and len(prev) >= 0.75 * width:
            join[a] = "soft"
            soft.append((b, b + 1))
    state = "hard"  # how the text before a furniture line joins what follows it
    for a, b, why in lines:
        if not why:
            state = join.get(a, "hard")
            continue
        if state == "hyphen":  # interna- / (page number, running head) / tional: the line break goes too
            removed.append(Removed(a, b + 1, text[a:b + 1], why))
        else:
            removed.append(Removed(a, b, text[a:b], why))
            if state == "soft":
                soft.append((b, b + 1))
    removed.sort(key=lambda r: (r.start, r.end))
    return text, Layout(removed=removed, soft=sorted(soft), places=places), stats


def read_pdf(data: bytes, name: str, max_chars: int):
    pages_text, notes = _read_pages(data, name)
    if not pages_text:
        raise InputError(f"{name}: a PDF with no pages (nothing to check)")
    if not any(t.strip() for t in pages_text):
        raise InputError(f"{name}: a PDF with no text layer ({len(pages_text)} page(s) of images: a scan?); "
                         "qualcheck reads text, not images: run OCR on it first (e.g. ocrmypdf) or give its text")
    text, layout, st = rendition(pages_text)
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters is more than the limit of {max_chars:,}; split it or raise --max-chars")
    blank = [str(k + 1) for k, t in enumerate(pages_text) if not t.strip()]
    notes.append(f"PDF: {st['pages']} page(s); removed (listed): {st['header']} running header line(s), "
                 f"{st['footer']} running footer line(s), {st['page number']} page number(s), "
                 f"{st['hyphen']} hyphen(s) at line ends (words joined); wrapped lines read as one paragraph")
    if blank:
        notes.append(f"page(s) {', '.join(blank[:20])} have no text layer (scanned?): nothing read from them")
    return LoadedText(text=text, name=name, encoding="utf-8", format="pdf", notes=notes, layout=layout)
