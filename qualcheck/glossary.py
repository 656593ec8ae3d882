"""Glossaries: reference terms and the form the candidate must use for them.

A glossary file is CSV or TSV with columns ``reference term, required candidate form[, note]``
(a header row is optional), or a plain list with one name per line: a do-not-translate
name that must appear as is. Lines starting with ``#`` are comments.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .load import read_settings_file

_HEADER_WORDS = {"reference", "source", "term", "ref", "candidate", "target", "required", "form", "note"}


@dataclass(frozen=True)
class GlossaryEntry:
    term: str  # as it appears in the reference
    required: str  # the form the candidate must use
    note: str = ""

    @property
    def is_name(self) -> bool:
        """A do-not-translate name: required as is, and capitalised."""
        return self.term == self.required and self.term[:1].isupper()

    def pattern(self) -> re.Pattern:
        return re.compile(r"(?<!\w)" + re.escape(self.term) + r"(?!\w)", re.I)


def parse_glossary(text: str, name: str = "<glossary>") -> list[GlossaryEntry]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError(f"{name}: the glossary is empty")
    delim = "\t" if any("\t" in ln for ln in lines) else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
    if rows and {c.strip().casefold() for c in rows[0]} & _HEADER_WORDS and len(rows[0]) > 1:
        rows = rows[1:]
    entries = []
    for k, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not cells or not cells[0]:
            continue
        term = cells[0]
        required = cells[1] if len(cells) > 1 and cells[1] else term
        note = cells[2] if len(cells) > 2 else ""
        entries.append(GlossaryEntry(term, required, note))
    if not entries:
        raise InputError(f"{name}: no glossary entries found (expected 'reference term, required form[, note]' rows or one name per line)")
    return entries


def load_glossary(path: str | Path) -> list[GlossaryEntry]:
    return parse_glossary(read_settings_file(path, "glossary file"), str(Path(path)))
