"""The batch's summary: one row per story, worst first, as ``summary.csv`` (every cell through the
CSV formula guard, ``csvsafe``) and ``summary.html`` (a Jinja2 template, autoescaped: ids, file
names and error messages come from manifests and folders and are shown, never run)."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from ..csvsafe import csv_text
from ..fsio import atomic_write_text
from ..report import WRITERS
from .layout import SUMMARY_CSV, SUMMARY_HTML
from .rows import Row

BASE_COLUMNS = ["rank", "id", "status", "score", "fails", "findings", "major", "minor", "info",
                "reference_sentences", "candidate_sentences"]
TAIL_COLUMNS = ["report", "reference", "candidate", "error"]
_NOT_SHOWN = ("reference", "candidate")  # in the HTML they are the id's tooltip, not columns
_LINK_ORDER = ("html", "md", "json")  # the report an id links to: the first of these written, else any


def _escape(value) -> Markup:
    """Every value a template prints goes out through ``html.escape`` (quotes included): the same
    bytes as the summary built from strings before (autoescape's own escape writes ``'`` and ``"``
    as ``&#39;`` and ``&#34;``)."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


_TEMPLATES = Environment(loader=PackageLoader("qualcheck.batch", "templates"), autoescape=True,
                         keep_trailing_newline=True, finalize=_escape)


def summary_table(rows: Sequence[Row]) -> tuple[list[str], list[dict]]:
    """Columns and records of the summary, worst first, one count column per finding category."""
    cats = sorted({c for r in rows for c in r.by_category})
    cols = BASE_COLUMNS + cats + TAIL_COLUMNS
    recs = []
    for rank, r in enumerate(sorted(rows, key=Row.sort_key), 1):
        rec = {
            "rank": rank, "id": r.id, "status": r.status, "score": "" if r.score is None else r.score,
            "fails": "yes" if r.fails else "no", "findings": r.findings, "major": r.major, "minor": r.minor,
            "info": r.info, "reference_sentences": r.reference_sentences, "candidate_sentences": r.candidate_sentences,
            "report": r.report, "reference": r.reference, "candidate": r.candidate, "error": r.error,
        }
        for c in cats:
            rec[c] = r.by_category.get(c, 0)
        recs.append(rec)
    return cols, recs


def write_summary(rows: Sequence[Row], out_dir: Path, formats: Sequence[str]) -> tuple[Path, Path]:
    """summary.csv (every cell through the CSV formula guard) and summary.html, each written atomically."""
    cols, recs = summary_table(rows)
    csv_path = atomic_write_text(out_dir / SUMMARY_CSV, csv_text(cols, recs))
    html_path = atomic_write_text(out_dir / SUMMARY_HTML, summary_html(cols, recs, formats))
    return csv_path, html_path


def summary_html(cols: list[str], recs: list[dict], formats: Sequence[str]) -> str:
    """The summary page: a table of ``recs`` (worst first), each id linking to its report."""
    order = [*_LINK_ORDER, *(f for f in formats if f not in _LINK_ORDER)]
    link_to = next((WRITERS[f][1] for f in order if f in formats and f in WRITERS), "")
    n_err = sum(1 for r in recs if r["status"] != "ok")
    n_fail = sum(1 for r in recs if r["fails"] == "yes" and r["status"] == "ok")
    shown = [c for c in cols if c not in _NOT_SHOWN]
    return _TEMPLATES.get_template("summary.html.j2").render(
        columns=shown, rows=[_html_row(r, shown, link_to) for r in recs],
        stories=len(recs), errors=n_err, failing=n_fail, passing=len(recs) - n_err - n_fail,
    )


def _html_row(rec: dict, shown: Sequence[str], link_to: str) -> dict:
    """What the template shows of one record: its class and its cells (as text; the template escapes)."""
    cells = []
    for c in shown:
        v = rec[c]
        if c == "id":
            cells.append({"kind": "id", "text": str(v),
                          "title": f"reference: {rec['reference']}\ncandidate: {rec['candidate']}",
                          "href": f"{rec['report']}/{link_to}" if rec["report"] and link_to else ""})
        elif c == "report":
            cells.append({"kind": "report", "text": v})
        else:
            cells.append({"kind": "value", "text": str(v),
                          "numeric": isinstance(v, (int, float)) and not isinstance(v, bool)})
    status = "error" if rec["status"] != "ok" else ("fail" if rec["fails"] == "yes" else "pass")
    return {"status": status, "cells": cells}
