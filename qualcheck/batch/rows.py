"""The outcome of one pair: a ``Row`` of the summary (a checked story, or an error), as the state
file keeps it and the summary shows it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..settings import Settings
from ..types import Report
from .layout import report_folder
from .manifest import Pair


@dataclass
class Row:
    """One line of the summary: a checked story, or an error."""

    id: str
    status: str  # "ok" | "error"
    reference: str = ""
    candidate: str = ""
    score: Optional[float] = None
    findings: int = 0
    major: int = 0
    minor: int = 0
    info: int = 0
    reference_sentences: int = 0
    candidate_sentences: int = 0
    by_category: dict = field(default_factory=dict)
    report: str = ""  # the report folder, relative to the output folder
    error: str = ""
    fail_on: str = "major"
    seconds: float = 0.0
    key: str = ""
    resumed: bool = False  # taken from the state file of an earlier run

    @property
    def fails(self) -> bool:
        if self.status != "ok":
            return True
        if self.fail_on == "never":
            return False
        return self.major > 0 or (self.fail_on == "minor" and self.minor > 0)

    @property
    def sentences(self) -> int:
        return self.reference_sentences + self.candidate_sentences

    def sort_key(self) -> tuple:
        """Worst first: errors, then the lowest score, the most major then minor findings."""
        return (self.status == "ok", self.score if self.score is not None else -1.0, -self.major, -self.minor, self.id)


def row_from_report(pair: Pair, report: Report, st: Settings, key: str, seconds: float) -> Row:
    """The row of a checked pair."""
    s = report.summary
    sev = s["by_severity"]
    return Row(
        id=pair.id, status="ok", reference=str(pair.reference), candidate=str(pair.candidate),
        score=s["score"], findings=s["findings"], major=sev.get("major", 0), minor=sev.get("minor", 0),
        info=sev.get("info", 0), reference_sentences=s["reference_sentences"],
        candidate_sentences=s["candidate_sentences"], by_category=dict(s["by_category"]),
        report=report_folder(pair.id), fail_on=st.fail_on, seconds=round(seconds, 3), key=key,
    )


def error_row(pair: Pair, message: str, fail_on: str, key: str = "") -> Row:
    """The row of a pair that could not be checked: ``message`` says why in one line."""
    return Row(id=pair.id, status="error", reference=str(pair.reference), candidate=str(pair.candidate),
               error=message, fail_on=fail_on, key=key)
