"""The report users hold: ``qualcheck.check()`` returns this ``Report``, the plain data of
``qualcheck.types.Report`` with its formats (``summary``, ``to_dict``, ``to_json``), and its
``findings`` as ``Findings`` with ``to_dataframe()``. (``types`` holds the data alone, so it imports
nothing from the package.)"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .. import types
from . import jsonfmt, table


class Findings(types.Findings):
    """A list of findings, with a pandas DataFrame on demand."""

    def to_dataframe(self):
        try:
            import pandas as pd  # optional: the one use of pandas
        except ModuleNotFoundError:
            raise ModuleNotFoundError("Findings.to_dataframe() needs pandas: pip install 'qualcheck[pandas]'") from None

        return pd.DataFrame([table.finding_row(f) for f in self], columns=table.COLUMNS)


@dataclass
class Report(types.Report):
    """What ``qualcheck.check`` returns: both documents, the alignment, the findings, metadata."""

    def __post_init__(self) -> None:
        self.findings = Findings(self.findings)
        self.hidden = Findings(self.hidden)

    @property
    def summary(self) -> dict:
        return jsonfmt.summary(self)

    def to_dict(self) -> dict:
        return jsonfmt.to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
