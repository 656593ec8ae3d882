"""CSV: one finding a row, stable columns (see table.COLUMNS)."""
from __future__ import annotations

import csv
import io

from ..types import Report
from .table import COLUMNS, finding_row


def render(report: Report) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for f in report.findings:
        w.writerow({k: ("" if v is None else v) for k, v in finding_row(f).items()})
    return buf.getvalue()
