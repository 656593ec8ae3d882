"""Builders of real DOCX, PDF, SRT and WebVTT files for the reader tests (python-docx, fpdf2)."""
from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "qualcheck" / "data"
REF = (SEEDS / "reference_colorado_politics.txt").read_text(encoding="utf-8")
CAND = (SEEDS / "candidate_machine_translated.txt").read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _tracked(paragraph, kind: str, text: str, author: str = "Desk"):
    """Append a w:ins or w:del run holding ``text`` to a python-docx paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    wrap = OxmlElement(f"w:{kind}")
    wrap.set(qn("w:id"), str(abs(hash((kind, text))) % 10**6))
    wrap.set(qn("w:author"), author)
    wrap.set(qn("w:date"), "2026-11-30T10:00:00Z")
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    wrap.append(r)
    paragraph._p.append(wrap)


def make_docx(path: Path, paras: list[str], *, header: str = "", footer: str = "", comment: str = "",
              table: list[list[str]] | None = None, table_after: int = 1,
              tracked: tuple[int, str, str, str] | None = None) -> Path:
    """A real DOCX: ``paras`` as body paragraphs, a table after paragraph ``table_after``, a header and a
    footer, a comment on the first paragraph, and ``tracked=(k, before, deleted, inserted)``: paragraph k
    gets ``before`` as plain text, then ``deleted`` as a tracked deletion and ``inserted`` as a tracked
    insertion (its remaining text follows as plain text, after the ``|`` in paras[k])."""
    import docx

    d = docx.Document()
    if header:
        d.sections[0].header.paragraphs[0].text = header
    if footer:
        d.sections[0].footer.paragraphs[0].text = footer
    first = None
    for k, text in enumerate(paras):
        if tracked and k == tracked[0]:
            before, rest = text.split("|", 1)
            p = d.add_paragraph(before)
            _tracked(p, "del", tracked[2])
            _tracked(p, "ins", tracked[3])
            p.add_run(rest)
        else:
            p = d.add_paragraph(text)
        first = first or p
        if table and k == table_after:
            t = d.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    if comment:
        d.add_comment(first.runs[0], text=comment, author="Night editor", initials="NE")
    d.save(str(path))
    return path


def make_pdf(path: Path, pages: list[list[str]], header: str = "", page_numbers: bool = True) -> Path:
    """A real PDF (fpdf2): each page's lines written as given (a line ending in '-' is a hyphenated line
    end), a running ``header`` on every page and a page number at the foot."""
    from fpdf import FPDF

    ttf = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font = "dejavu" if ttf.is_file() else "helvetica"
    if font == "helvetica":  # core fonts are Latin-1 only: curly quotes and dashes folded
        fold = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "..."})
        pages = [[line.translate(fold) for line in lines] for lines in pages]
        header = header.translate(fold)

    class Doc(FPDF):
        def header(self):
            if header:
                self.set_font(font, size=9)
                self.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self):
            if page_numbers:
                self.set_y(-15)
                self.set_font(font, size=9)
                self.cell(0, 10, str(self.page_no()), align="C")

    pdf = Doc(format="A4")
    if font == "dejavu":
        pdf.add_font("dejavu", fname=str(ttf))
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font(font, size=11)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters."""
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def cues_of(text: str, width: int = 40, per_cue: int = 2) -> list[list[str]]:
    lines = wrap(" ".join(paragraphs(text)), width)
    return [lines[k:k + per_cue] for k in range(0, len(lines), per_cue)]


def _tc(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def srt_of(cues: list[list[str]], seconds: float = 6.0, tags: bool = True, vtt: bool = False,
           durations: dict[int, float] | None = None) -> str:
    """SRT (or WebVTT) text of ``cues``, each ``seconds`` on screen (``durations``: cue number -> seconds
    for some); with ``tags`` every fifth cue in <i>...</i>."""
    sep = "." if vtt else ","
    out = ["WEBVTT\n\nNOTE made by the qualcheck tests\n"] if vtt else []
    t0 = 0.0
    for k, lines in enumerate(cues, 1):
        dur = (durations or {}).get(k, seconds)
        body = "\n".join(lines)
        if tags and k % 5 == 0:
            body = f"<i>{body}</i>"
        out.append(f"{k}\n{_tc(t0, sep)} --> {_tc(t0 + dur, sep)}\n{body}\n")
        t0 += dur + 0.1
    return "\n".join(out)


def cue_holding(text: str, srt: str) -> int:
    """The number of the cue whose text holds ``text`` (a few words, within one cue)."""
    for block in re.split(r"\n\s*\n", srt):
        lines = block.splitlines()
        if len(lines) >= 3 and lines[0].isdigit() and text in " ".join(lines[2:]):
            return int(lines[0])
    raise AssertionError(f"{text!r} is in no single cue")
