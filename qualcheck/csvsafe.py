"""The one guard of every CSV cell qualcheck writes (findings.csv, the batch's summary.csv).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` (OWASP's advice against CSV injection): texts come from scraped pages, manifests and file
names, and an editor who opens the file in a spreadsheet must not run a formula planted in one
(``=HYPERLINK(...)``, ``@SUM(...)``, a file named ``=1+2.txt``). Numbers stay numbers; ``None`` is
an empty cell, a bool ``true`` or ``false``. The JSON report keeps every text exactly.
"""
from __future__ import annotations

import csv
import io
from typing import IO, Iterable, Mapping, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """``value`` as a CSV cell a spreadsheet shows, never runs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_rows(fh: IO[str], columns: Sequence[str], rows: Iterable[Mapping], lineterminator: str = "\r\n") -> None:
    """A header and ``rows`` (dicts by column) to ``fh``, every cell through ``cell``.

    Each record is quoted as if lines ended in CRLF (Python's csv module quotes a cell only for the
    characters of its own line end: with ``\n`` a lone ``\r`` went out unquoted and split the row),
    then ends in ``lineterminator``."""
    scratch = io.StringIO()
    w = csv.DictWriter(scratch, fieldnames=list(columns), lineterminator="\r\n")

    def emit(write) -> None:
        scratch.seek(0)
        scratch.truncate()
        write()
        fh.write(scratch.getvalue()[:-2] + lineterminator)

    emit(w.writeheader)
    for row in rows:
        emit(lambda: w.writerow({k: cell(v) for k, v in row.items()}))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping], lineterminator: str = "\r\n") -> str:
    """The whole CSV (header and ``rows``) as one string, every cell through ``cell``: the one
    writer of every CSV qualcheck writes (findings.csv with ``\n`` line ends, the batch's
    summary.csv with ``\r\n``); write the string with ``fsio.atomic_write_text``."""
    buf = io.StringIO()
    write_rows(buf, columns, rows, lineterminator=lineterminator)
    return buf.getvalue()
