"""The bound on findings per report: a huge input (a 5-million-character run-on line) can raise
tens of thousands of findings, hundreds of megabytes of reports no editor reads.

``cap_findings`` keeps at most ``Settings.max_findings`` (default 1000) findings, the most severe
first (then in reading order), and counts the rest by severity and category: the report's
``summary.left_out`` (JSON), a line in the Markdown and HTML summaries, a last row of
findings.csv (category ``findings.left_out``), a notification in SARIF and a header property in
TMX say how many were left out and of what kind. The document score still counts them.
Nothing is dropped silently.
"""
from __future__ import annotations

from typing import Optional

from .scoring import PENALTY
from .types import SEVERITIES, SEVERITY_RANK, Findings

DEFAULT_MAX_FINDINGS = 1000
LEFT_OUT_CATEGORY = "findings.left_out"


def empty(limit: Optional[int]) -> dict:
    return {"findings": 0, "limit": limit, "by_severity": {s: 0 for s in SEVERITIES}, "by_category": {},
            "penalty": 0.0}


def cap_findings(findings: Findings, limit: Optional[int]) -> tuple[Findings, dict]:
    """The findings to list (at most ``limit``, ``None`` or 0: all) and what was left out."""
    left = empty(limit)
    if not limit or limit < 0 or len(findings) <= limit:
        return findings, left
    # accepted findings (shown greyed) go last; then the most severe; ties in reading order
    order = sorted(range(len(findings)),
                   key=lambda i: (bool(findings[i].accepted), -SEVERITY_RANK[findings[i].severity], i))
    keep = set(order[:limit])
    kept = Findings(f for i, f in enumerate(findings) if i in keep)
    for i, f in enumerate(findings):
        if i in keep:
            continue
        left["findings"] += 1
        left["by_severity"][f.severity] += 1
        left["by_category"][f.category] = left["by_category"].get(f.category, 0) + 1
        left["penalty"] += PENALTY[f.severity] * (1 + len(f.occurrences))  # the score still counts it
    left["by_category"] = dict(sorted(left["by_category"].items()))
    return kept, left


def left_out(report) -> dict:
    return report.metadata.get("left_out") or empty(None)


def left_out_line(report) -> Optional[str]:
    """One sentence saying what was left out of the report, or None when nothing was."""
    left = left_out(report)
    if not left["findings"]:
        return None
    sev = ", ".join(f"{n:,} {s}" for s, n in left["by_severity"].items() if n)
    cats = ", ".join(f"{c} {n:,}" for c, n in left["by_category"].items())
    return (f"{left['findings']:,} more findings ({sev}) are not listed: a report lists at most "
            f"{left['limit']:,} (setting max_findings, --max-findings), the most severe first; "
            f"left out by category: {cats}")
