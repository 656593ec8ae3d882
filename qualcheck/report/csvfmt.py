"""CSV: one finding a row, stable columns (see table.py for the contract), UTF-8, no BOM.

Written with Python's csv module (RFC 4180 quoting, ``\\n`` line ends): a quoted cell may hold
a newline or a quotation mark. ``score`` is the finding's own score (a similarity or a name
match ratio), empty when it has none; ``accepted`` is ``true`` or ``false``.

Spreadsheet formulas: every text cell (``csvsafe.cell``, the guard of every CSV qualcheck writes)
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``
(OWASP's advice against CSV injection): the texts come from scraped pages, and an editor who
opens findings.csv in a spreadsheet must not run a formula planted in one. The JSON report
keeps every text exactly.

When more findings were found than a report lists (``max_findings``), a last row of category
``findings.left_out`` (no id, no spans) says how many were left out and of which categories.
"""
from __future__ import annotations

from ..csvsafe import cell, csv_text
from ..cap import LEFT_OUT_CATEGORY, left_out, left_out_line
from ..types import Report
from .table import COLUMNS, finding_row


TEXT_COLUMNS = ("ref_text", "cand_text", "message", "suggestion")
defuse = cell  # the guard of every CSV cell qualcheck writes (csvsafe.py)


def render(report: Report) -> str:
    rows = [finding_row(f) for f in report.findings]
    line = left_out_line(report)
    if line:  # findings over the cap: one last row says how many and of what kind (cap.py)
        left = left_out(report)
        worst = next(s for s, n in left["by_severity"].items() if n)
        rows.append({k: "" for k in COLUMNS} | {"category": LEFT_OUT_CATEGORY, "severity": worst, "message": line,
                                                 "side": "both", "accepted": "false"})
    return csv_text(COLUMNS, rows, lineterminator="\n")
