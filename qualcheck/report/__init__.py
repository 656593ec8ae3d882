"""Stage 6: write the report set (Markdown, HTML, CSV, JSON; SARIF and TMX on request) for people and pipelines."""
from __future__ import annotations

from pathlib import Path

from ..fsio import atomic_write_text
from ..types import Report
from . import csvfmt, htmlfmt, jsonfmt, markdown, sarif, tmx

WRITERS = {
    "json": (jsonfmt.render, "report.json"),
    "csv": (csvfmt.render, "findings.csv"),
    "md": (markdown.render, "report.md"),
    "html": (htmlfmt.render, "report.html"),
    "sarif": (sarif.render, "report.sarif"),
    "tmx": (tmx.render, "aligned.tmx"),
}
FORMATS = tuple(WRITERS)
DEFAULT_FORMATS = ("md", "html", "csv", "json")


def write_reports(report: Report, out_dir: str | Path, formats=DEFAULT_FORMATS) -> dict[str, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt in formats:
        render, filename = WRITERS[fmt]
        path = out / filename
        atomic_write_text(path, render(report))  # a reader sees the earlier report or this one, never half
        paths[fmt] = path
    return paths


def existing_reports(out_dir: str | Path, formats=DEFAULT_FORMATS) -> list[str]:
    """The report files of ``formats`` already in ``out_dir`` (what writing there would replace)."""
    out = Path(out_dir)
    return [WRITERS[f][1] for f in formats if (out / WRITERS[f][1]).exists()]
