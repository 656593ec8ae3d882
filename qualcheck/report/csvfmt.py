"""CSV: one finding a row, stable columns (see table.py for the contract), UTF-8, no BOM.

Written with Python's csv module (RFC 4180 quoting, ``\\n`` line ends): a quoted cell may hold
a newline or a quotation mark. ``score`` is the finding's own score (a similarity or a name
match ratio), empty when it has none; ``accepted`` is ``true`` or ``false``.
"""
from __future__ import annotations

import csv
import io

from ..types import Report
from .table import COLUMNS, finding_row


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def render(report: Report) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for f in report.findings:
        w.writerow({k: _cell(v) for k, v in finding_row(f).items()})
    return buf.getvalue()
