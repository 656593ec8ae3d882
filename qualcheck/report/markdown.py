"""Markdown: a summary table, then the findings grouped by severity with both sentences quoted."""
from __future__ import annotations

from ..types import SEVERITIES, Document, Finding, Report


def _mark(doc: Document, span, text: str) -> str:
    """The sentence(s) around ``span`` with the span in bold."""
    if not span:
        return ""
    s0, s1 = span
    sents = [s for s in doc.sentences if s.start < max(s1, s0 + 1) and s.end > s0]
    if not sents:
        return doc.original[s0:s1]
    a, b = sents[0].start, sents[-1].end
    if (s0, s1) == (a, b):
        return " ".join(doc.original[a:b].split())
    inner = doc.original[s0:s1]
    out = doc.original[a:s0] + "**" + inner + "**" + doc.original[s1:b]
    return " ".join(out.split())


def _quote(label: str, text: str) -> str:
    return f"> **{label}:** {text.replace(chr(10), ' ')}" if text else ""


def _finding(report: Report, f: Finding) -> str:
    lines = [f"- **{f.category}** `{f.id}`: {f.message}"]
    if f.suggestion:
        lines.append(f"  Suggestion: {f.suggestion}")
    ref = _mark(report.reference, f.ref_span, f.ref_text)
    cand = _mark(report.candidate, f.cand_span, f.cand_text)
    for label, text in (("Reference", ref), ("Candidate", cand)):
        if text:
            lines.append("")
            lines.append("  " + _quote(label, text))
    if f.occurrences:
        lines.append(f"\n  Also at characters {', '.join(f'{a}-{b}' for a, b in f.occurrences)}.")
    return "\n".join(lines) + "\n"


def render(report: Report) -> str:
    s = report.summary
    md = report.metadata
    out = [
        "# qualcheck report",
        "",
        f"Reference: `{report.reference.name}` · Candidate: `{report.candidate.name}` · "
        f"model `{md.get('model', '?')}` · qualcheck {md.get('qualcheck_version', '?')}",
        "",
        "| | reference | candidate |",
        "|---|---:|---:|",
        f"| sentences | {s['reference_sentences']} | {s['candidate_sentences']} |",
        f"| aligned | {s['reference_aligned']} ({s['reference_coverage']:.0%}) | {s['candidate_aligned']} ({s['candidate_coverage']:.0%}) |",
        f"| debris removed | {s['removed']['reference']} | {s['removed']['candidate']} |",
        "",
        f"**Score {s['score']}/100** · {s['findings']} findings: "
        + ", ".join(f"{n} {sev}" for sev, n in s["by_severity"].items()),
        "",
        "| category | findings |",
        "|---|---:|",
        *[f"| {cat} | {n} |" for cat, n in s["by_category"].items()],
        "",
    ]
    for sev in SEVERITIES:
        group = [f for f in report.findings if f.severity == sev]
        if not group:
            continue
        out.append(f"## {sev.capitalize()} ({len(group)})\n")
        out.extend(_finding(report, f) for f in group)
    for label, doc in (("reference", report.reference), ("candidate", report.candidate)):
        if doc.removed:
            out.append(f"## Removed from the {label} ({len(doc.removed)})\n")
            for r in doc.removed:
                snippet = " ".join(r.text.split())
                snippet = snippet if len(snippet) <= 100 else snippet[:97] + "..."
                snippet = snippet.replace("`", "'")
                out.append(f"- {r.start}-{r.end} *{r.reason}*: `{snippet}`")
            out.append("")
    return "\n".join(out) + "\n"
