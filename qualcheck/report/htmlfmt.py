"""HTML: one self-contained page for editors, reference and candidate side by side.

Layout, top to bottom:

* a summary: score, findings by severity, alignment coverage of both sides, the table of
  findings by category and severity (whose checkboxes are the category filters), and the
  model and settings of the run;
* a sticky toolbar: severity filters, "only rows with findings", previous/next finding and
  a count of what is shown;
* the side-by-side table, one row per aligned group in reading order (``report.alignment``
  order): omissions alone in the left column, additions alone in the right; content moved
  out of order has a placeholder where it stands in the other text, linked both ways.
  Every finding is highlighted at its span, coloured by severity: a finding that covers a
  whole sentence (omission, addition, mismatch, moved) tints the sentence, a finding on a
  part of it (a name, a fragment) is a stronger mark with a numbered note below the text.
  Hovering (or tapping) a highlight shows the message and suggestion;
* findings outside the aligned text, then the removed page debris, collapsed.

This module works out what goes where (which sentence a finding marks, where its note and a
moved row's placeholder go) and hands plain data to Jinja2 templates (``templates/*.html.j2``,
autoescaped: every text from the inputs is escaped by the template engine, not by hand).
Everything is inline (``templates/report.css``, ``templates/report.js``, the findings as JSON):
the file opens offline and loads nothing.
"""
from __future__ import annotations

import json
import os
import re
from importlib.resources import files
from types import SimpleNamespace as _View  # the templates' data: attributes, read fast by Jinja2
from typing import Optional

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from ..cap import left_out_line
from ..types import MOVED, SEVERITIES, SEVERITY_RANK, Document, Finding, Report, inside_one, overlapping, worst_of
from .jsonfmt import SCHEMA_VERSION

_TEMPLATES = files(__package__) / "templates"
CSS = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
JS = (_TEMPLATES / "report.js").read_text(encoding="utf-8")


class JoinLines(Extension):
    """The partials (``_*.html.j2``) are written one element a line, indented; their line breaks and
    the indentation after them are not part of the output (the page puts no whitespace between
    its elements; a space the output needs is written inside a line)."""

    def preprocess(self, source: str, name: Optional[str], filename: Optional[str] = None) -> str:
        return re.sub(r"\n[ \t]*", "", source) if name and os.path.basename(name).startswith("_") else source


def _squash(html) -> Markup:
    """Whitespace runs as one space: the original's line breaks inside a sentence."""
    return Markup(" ".join(str(html).split()))


ENV = Environment(loader=PackageLoader(__package__, "templates"), autoescape=True, extensions=[JoinLines],
                  keep_trailing_newline=True, undefined=StrictUndefined)
ENV.filters["squash"] = _squash


def _short(name: str) -> str:
    return os.path.basename(name.rstrip("/\\")) or name


class _Side:
    """The spans of the findings on one side, indexed by sentence."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]
        self.whole: dict[int, list[Finding]] = {}  # sentence -> findings covering all of it
        self.parts: dict[int, list[tuple[int, int, Finding]]] = {}  # sentence -> partial spans
        self.primary_end: dict[tuple[int, int], list[Finding]] = {}  # (sentence, end) -> numbered findings
        self.places: dict[int, list[tuple[int, int, Finding]]] = {}  # sentence -> a one-side finding's counterpart

    def sentences_of(self, span) -> list[int]:
        return overlapping(self.doc.sentences, span, self.starts)

    def add(self, f: Finding, span, primary: bool) -> list[int]:
        hit = self.sentences_of(span)
        a, b = span
        last_partial = None
        for k in hit:
            s = self.doc.sentences[k]
            if a <= s.start and b >= s.end:
                self.whole.setdefault(k, []).append(f)
            else:
                self.parts.setdefault(k, []).append((max(a, s.start), min(b, s.end), f))
                last_partial = (k, min(b, s.end))
        if primary and last_partial is not None:
            self.primary_end.setdefault(last_partial, []).append(f)
        return hit

    def add_place(self, f: Finding, span) -> None:
        """A one-side finding's span on this (the other) side, when it points inside one sentence: the
        counterpart (where the words the candidate drops belonged, the reference words an added run stands
        in for, the name a misspelling stands for), outlined and not numbered. A whole sentence is context."""
        one = inside_one(self.doc.sentences, span, self.starts)
        if one is not None:
            self.places.setdefault(one[0], []).append((one[1], one[2], f))


def _accepted(f: Finding) -> bool:
    return bool(getattr(f, "accepted", False))


def _worst(fs) -> Optional[str]:
    return worst_of(f.severity for f in fs if not _accepted(f))  # accepted findings are not highlighted


def _highlight(fs) -> _View:
    """A highlight's data: the ids of its findings (each once, in order) and the worst severity
    (``on``, None when every one is accepted: nothing to colour)."""
    return _View(fids=" ".join(dict.fromkeys(f.id for f in fs)), on=_worst(fs))


class _Renderer:
    def __init__(self, report: Report):
        self.report = report
        self.ref = _Side(report.reference)
        self.cand = _Side(report.candidate)
        self.number = {f.id: n for n, f in enumerate(report.findings, 1)}
        self.row_of = {"ref": {}, "cand": {}}
        for k, a in enumerate(report.alignment):
            for i in a.ref:
                self.row_of["ref"][i] = k
            for j in a.cand:
                self.row_of["cand"][j] = k
        # notes: (row, "ref"|"cand") -> findings; findings that touch no aligned sentence
        self.notes: dict[tuple[int, str], list[Finding]] = {}
        self.unplaced: list[Finding] = []
        for f in report.findings:
            self._place(f)

    def _place(self, f: Finding) -> None:
        # highlight the side(s) the finding is about; the other side's span is context
        # (e.g. the aligned reference sentence of a number that appeared in the candidate)
        on_ref = bool(f.ref_span) and (f.side in ("reference", "both") or not f.cand_span)
        on_cand = bool(f.cand_span) and (f.side in ("candidate", "both") or not f.ref_span)
        ref_hit = self.ref.add(f, f.ref_span, primary=f.side == "reference" or not on_cand) if on_ref else []
        cand_hit = self.cand.add(f, f.cand_span, primary=True) if on_cand else []
        if f.ref_span and not on_ref:
            self.ref.add_place(f, f.ref_span)
        if f.cand_span and not on_cand:
            self.cand.add_place(f, f.cand_span)
        if not ref_hit and f.ref_span:  # context only: still find the row
            ref_hit = self.ref.sentences_of(f.ref_span)
        if not cand_hit and f.cand_span:
            cand_hit = self.cand.sentences_of(f.cand_span)
        occ_side = self.ref if f.side == "reference" else self.cand
        for span in f.occurrences:  # numbered too: the number leads to the note
            occ_side.add(f, tuple(span), primary=True)
        # the note goes next to the text it is about: the reference cell for reference-side
        # findings (omissions, defects of the reference), else the candidate cell
        if f.side == "reference" or not cand_hit:
            order = (("ref", ref_hit), ("cand", cand_hit))
        else:
            order = (("cand", cand_hit), ("ref", ref_hit))
        for col, hit in order:
            rows = [self.row_of[col][i] for i in hit if i in self.row_of[col]]
            if rows:
                self.notes.setdefault((min(rows), col), []).append(f)
                return
        self.unplaced.append(f)

    # -- text ------------------------------------------------------------------------------
    def _sentence(self, side: _Side, k: int, prefix: str) -> _View:
        doc = side.doc
        s = doc.sentences[k]
        parts = side.parts.get(k, [])
        places = side.places.get(k, [])
        cuts = {s.start, s.end}
        for a, b, _ in parts + places:
            cuts.update((a, b))
        pts = sorted(c for c in cuts if s.start <= c <= s.end)
        pieces = []
        for a, b in zip(pts, pts[1:]):
            cover = [f for x, y, f in parts if x <= a and b <= y]
            place = [f for x, y, f in places if x <= a and b <= y]
            pieces.append(_View(
                text=doc.shown(a, b),  # DOCX, PDF, subtitles: without timing lines, tags, deleted text
                mark=_highlight(cover) if cover else None,
                place=_highlight(place) if place and not cover else None,
                footnotes=[_View(sev=f.severity, id=f.id, n=self.number[f.id]) for f in side.primary_end.get((k, b), [])],
            ))
        whole = side.whole.get(k, [])
        return _View(id=f"{prefix}{k + 1}", parts=pieces, whole=_highlight(whole) if whole else None,
                     # page, paragraph or cue and time in a DOCX, PDF or subtitle file
                     loc=doc.where((s.start, s.end)) or None, doc_name=_short(doc.name))

    def _note(self, f: Finding) -> _View:
        return _View(n=self.number[f.id], id=f.id, sev=f.severity, accepted=_accepted(f), cat=f.category,
                     message=f.message, suggestion=f.suggestion, related=f.related)

    def _notes(self, fs: list[Finding]) -> list[_View]:
        fs = sorted(fs, key=lambda f: (-SEVERITY_RANK[f.severity], self.number[f.id]))
        return [self._note(f) for f in fs]

    def _cell(self, col: str, idx, row: int, moved_link: Optional[_View] = None) -> _View:
        side, prefix = (self.ref, "r") if col == "ref" else (self.cand, "c")
        cell = _View(col=col, empty=None, sentences=[], moved_link=moved_link, notes=[])
        if not idx:
            other = "candidate" if col == "ref" else "reference"
            what = "Not in the reference: added in the candidate" if col == "ref" else "Not in the candidate: omitted"
            if self.report.alignment[row].kind not in ("omission", "addition"):
                what = f"(nothing in the {other})"
            cell.empty = what
            return cell
        cell.sentences = [self._sentence(side, k, prefix) for k in idx]
        cell.notes = self._notes(self.notes.get((row, col), []))
        return cell

    # -- rows ------------------------------------------------------------------------------
    def _moved_places(self) -> dict[int, tuple[int, str]]:
        """For each moved row: (index of the row before which its placeholder goes, column).

        The moved row sits in reading order of one side; the placeholder marks where its
        text stands in the other side."""
        al = self.report.alignment
        out = {}
        for k, a in enumerate(al):
            if a.kind != MOVED:
                continue
            prev_ref = max((i for b in al[:k] if b.kind != MOVED for i in b.ref), default=-1)
            next_ref = min((i for b in al[k + 1:] if b.kind != MOVED for i in b.ref), default=10**9)
            in_ref_order = prev_ref < min(a.ref) and max(a.ref) < next_ref
            col, key = ("cand", "cand") if in_ref_order else ("ref", "ref")
            lo = min(getattr(a, key))
            before = len(al)
            for m, b in enumerate(al):
                idx = getattr(b, key)
                if b.kind != MOVED and idx and min(idx) > lo:
                    before = m
                    break
            out[k] = (before, col)
        return out

    @staticmethod
    def _range(prefix: str, idx) -> str:
        idx = sorted(idx)
        if not idx:
            return ""
        lo, hi = idx[0] + 1, idx[-1] + 1
        return f"{prefix}{lo}" if lo == hi else f"{prefix}{lo}–{hi}"

    def rows(self) -> list[_View]:
        report = self.report
        thr = report.metadata.get("settings", {}).get("min_similarity")
        moved = self._moved_places()
        ghosts: dict[int, list[int]] = {}
        for k, (before, _col) in moved.items():
            ghosts.setdefault(before, []).append(k)
        body = []
        labels = {"match": "match", "moved": "moved", "omission": "omitted", "addition": "added"}
        for k, a in enumerate(report.alignment + [None]):  # None: placeholders after the last row
            for g in ghosts.get(k, []):
                body.append(self._ghost(g, moved[g][1]))
            if a is None:
                break
            sim = None
            if a.score is not None:
                low = thr is not None and a.score < thr
                shown = f"{a.score:.2f}"
                if low and shown == f"{thr:.2f}":  # 0.749 is below 0.75: do not print "0.75"
                    shown = f"{a.score:.3f}"
                sim = _View(low=low, shown=shown)
            shape = f" {a.shape}" if a.is_pair and a.shape != "1-1" else ""
            links = {"ref": None, "cand": None}
            if k in moved:  # the link goes in the column whose text stands elsewhere
                col = moved[k][1]
                links[col] = _View(n=k + 1, side="candidate" if col == "cand" else "reference")
            body.append(_View(
                ghost=False, n=k + 1, kind=a.kind, label=labels.get(a.kind, a.kind) + shape, sim=sim,
                where=" · ".join(x for x in (self._range("R", a.ref), self._range("C", a.cand)) if x),
                ref=self._cell("ref", a.ref, k, links["ref"]), cand=self._cell("cand", a.cand, k, links["cand"]),
            ))
        return body

    def _ghost(self, k: int, col: str) -> _View:
        a = self.report.alignment[k]
        idx = a.cand if col == "cand" else a.ref
        text = self.report.candidate.group_text(idx) if col == "cand" else self.report.reference.group_text(idx)
        return _View(ghost=True, n=k + 1, col=col, side="candidate" if col == "cand" else "reference",
                     where=self._range("C" if col == "cand" else "R", idx),
                     snippet=text if len(text) <= 90 else text[:87].rstrip() + "…")

    # -- page ------------------------------------------------------------------------------
    def summary(self) -> dict:
        report = self.report
        s = report.summary
        worst = s.get("worst_severity")
        cats = {}
        for f in report.findings:  # accepted findings get a filter but no count (as in the summary)
            c = cats.setdefault(f.category, {k: 0 for k in SEVERITIES})
            c[f.severity] += 0 if _accepted(f) else 1
        rows = [{"category": cat, "counts": cats[cat], "total": sum(cats[cat].values())} for cat in sorted(cats)]
        # a long list of categories is split in two tables side by side (the summary stays short)
        halves = [rows] if len(rows) <= 8 else [rows[: (len(rows) + 1) // 2], rows[(len(rows) + 1) // 2:]]
        vd = s.get("verdict") or {}
        rem = s["removed"]
        return {
            "verdict_class": {"major": "verdict-major", "minor": "verdict-minor", None: "verdict-clean"}.get(worst, ""),
            "score": s["score"], "worst": worst, "findings": s["findings"], "by_severity": s["by_severity"],
            "coverage": [{"label": label, "percent": f"{cov:.0%}", "aligned": n_al, "sentences": n, "bar": f"{cov * 100:.1f}"}
                         for label, n_al, n, cov in (
                             ("reference", s["reference_aligned"], s["reference_sentences"], s["reference_coverage"]),
                             ("candidate", s["candidate_aligned"], s["candidate_sentences"], s["candidate_coverage"]))],
            "aligned_groups": s["aligned_groups"], "moved": s["moved"], "removed": rem["reference"] + rem["candidate"],
            "verdict": ({"kind": vd.get("kind", ""), "text": vd.get("text", "")}
                        if vd.get("kind") not in (None, "translation") else None),
            "categories": rows, "category_tables": [h for h in halves if h],
        }

    def run(self) -> dict:
        report = self.report
        md = report.metadata or {}
        st = md.get("settings", {}) or {}
        align_st = st.get("align", {}) or {}
        inputs = md.get("inputs", {}) or {}
        return {
            "model": md.get("model", "?"), "engine": md.get("engine") or None,
            "min_similarity": st.get("min_similarity", "?"), "fail_on": st.get("fail_on", "?"),
            "aligner": ", ".join(f"{k} {json.dumps(v)}" for k, v in align_st.items()
                                 if k in ("max_group", "use_margin", "moved_similarity")) or "defaults",
            "checks": ", ".join(md.get("checks", []) or ["all"]),
            "version": md.get("qualcheck_version", "?"), "schema_version": SCHEMA_VERSION,
            "inputs": [{"label": label, "name": doc.name, "short": _short(doc.name), "format": doc.format,
                        "encoding": doc.encoding, "sha": (inputs.get(label, {}) or {}).get("sha256") or doc.sha256,
                        "folder": os.path.dirname(doc.name)}
                       for label, doc in (("reference", report.reference), ("candidate", report.candidate))],
            "settings_json": json.dumps(st, indent=2, ensure_ascii=False, default=str),
        }

    def data(self) -> str:
        d = {
            f.id: {"n": self.number[f.id], "sev": f.severity, "cat": f.category, "msg": f.message, "sugg": f.suggestion,
                   **({"acc": 1} if _accepted(f) else {})}
            for f in self.report.findings
        }
        return json.dumps(d, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def page(self) -> str:
        r = self.report
        return ENV.get_template("report.html.j2").render(
            version=r.metadata.get("qualcheck_version", ""), ref_name=_short(r.reference.name),
            cand_name=_short(r.candidate.name), findings=r.findings, s=self.summary(), run=self.run(),
            severities=SEVERITIES, left_out=left_out_line(r) or None, by_severity=r.summary["by_severity"],
            n_accepted=sum(1 for f in r.findings if _accepted(f)), rows=self.rows(),
            unplaced=[self._note(f) for f in self.unplaced],
            debris=[{"label": label, "removed": doc.removed}
                    for label, doc in (("reference", r.reference), ("candidate", r.candidate)) if doc.removed],
            # trusted markup: the package's own files and JSON with <, > and & escaped
            css=Markup(CSS), js=Markup(JS), data_json=Markup(self.data()),
            rank_json=Markup(json.dumps(SEVERITY_RANK, separators=(",", ":"))),
        )


def render(report: Report) -> str:
    return _Renderer(report).page()
