"""Stage 6: write the report set (Markdown, HTML, CSV, JSON) for people and pipelines."""
from __future__ import annotations

from pathlib import Path

from ..types import Report
from . import csvfmt, htmlfmt, jsonfmt, markdown

WRITERS = {
    "json": (jsonfmt.render, "report.json"),
    "csv": (csvfmt.render, "findings.csv"),
    "md": (markdown.render, "report.md"),
    "html": (htmlfmt.render, "report.html"),
}
FORMATS = tuple(WRITERS)


def write_reports(report: Report, out_dir: str | Path, formats=FORMATS) -> dict[str, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt in formats:
        render, filename = WRITERS[fmt]
        path = out / filename
        path.write_text(render(report), encoding="utf-8", newline="")
        paths[fmt] = path
    return paths
