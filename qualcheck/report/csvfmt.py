"""CSV: one finding a row, stable columns (see table.py for the contract), UTF-8, no BOM.

Written with Python's csv module (RFC 4180 quoting, ``\\n`` line ends): a quoted cell may hold
a newline or a quotation mark. ``score`` is the finding's own score (a similarity or a name
match ratio), empty when it has none; ``accepted`` is ``true`` or ``false``.

Spreadsheet formulas: every text cell (``csvsafe.cell``, the guard of every CSV qualcheck writes)
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``
(OWASP's advice against CSV injection): the texts come from scraped pages, and an editor who
opens findings.csv in a spreadsheet must not run a formula planted in one. The JSON report
keeps every text exactly.
"""
from __future__ import annotations

import io

from ..csvsafe import cell, write_rows
from ..types import Report
from .table import COLUMNS, finding_row


TEXT_COLUMNS = ("ref_text", "cand_text", "message", "suggestion")
defuse = cell  # the guard of every CSV cell qualcheck writes (csvsafe.py)


def render(report: Report) -> str:
    buf = io.StringIO()
    write_rows(buf, COLUMNS, (finding_row(f) for f in report.findings), lineterminator="\n")
    return buf.getvalue()
