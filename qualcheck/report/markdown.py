"""Markdown: a summary table, then the findings grouped by severity, both sentences quoted.

Each finding quotes the reference and the candidate sentences of its aligned group (or
says there is no counterpart), with the finding's span in **bold** on the side it is about and its
place on the other side (where dropped words belonged, what added words stand in for) in *italics*.
Findings are numbered as in the HTML report (reading order), rows are the HTML rows.
"""
from __future__ import annotations

import os
import re

from ..cap import left_out_line
from ..types import SEVERITIES, Document, Finding, Report, inside_one, overlapping

# what Markdown could read as markup: \ ` * [ ]; _ not inside a word; < before a tag-like character
_SPECIAL = re.compile(r"[\\`*\[\]]|(?<!\w)_|_(?!\w)|<(?=[A-Za-z/!?])")


def esc(text: str) -> str:
    """Text safe inside a Markdown paragraph or quote: whitespace runs made one space, markup escaped."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), re.sub(r"\s+", " ", text))


def _cell(text: str) -> str:
    return esc(text).replace("|", "\\|")


def code(text: str) -> str:
    """A code span (no escapes inside one); ``|`` escaped for tables."""
    text = re.sub(r"\s+", " ", text).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


class _Doc:
    def __init__(self, doc: Document, rows: dict[int, int]):
        self.doc, self.rows = doc, rows
        self.starts = [s.start for s in doc.sentences]

    def sentences_of(self, span) -> list[int]:
        return overlapping(self.doc.sentences, span, self.starts)

    def quote(self, idx, spans, places=()) -> str:
        """The sentences ``idx`` with every part covered by ``spans`` in bold (a whole sentence is not bolded)
        and every part covered by ``places`` (the finding's counterpart on this side) in italics."""
        parts = []
        for k in idx:
            s = self.doc.sentences[k]
            marks = [(a, b) for a, b in list(spans) + list(places) if a < s.end and b > s.start]
            cuts = sorted({max(a, s.start) for a, b in marks} | {min(b, s.end) for a, b in marks} | {s.start, s.end})
            out = []
            for a, b in zip(cuts, cuts[1:]):
                piece = esc(self.doc.shown(a, b))
                covered = any(x <= a and b <= y for x, y in spans)
                whole = any(x <= s.start and s.end <= y for x, y in spans)
                placed = not covered and any(x <= a and b <= y for x, y in places)
                if ((covered and not whole) or placed) and piece.strip():
                    lead, core, trail = piece[: len(piece) - len(piece.lstrip())], piece.strip(), piece[len(piece.rstrip()):]
                    piece = f"{lead}**{core}**{trail}" if covered else f"{lead}*{core}*{trail}"
                out.append(piece)
            parts.append("".join(out))
        return " ".join(p.strip() for p in parts if p.strip())

    def place(self, span) -> list[tuple[int, int]]:
        """A one-side finding's span on this (the other) side when it points inside one sentence: where the
        dropped words belonged, the words an added run stands in for (as the HTML outlines it). A whole
        sentence is context, not a place."""
        one = inside_one(self.doc.sentences, span, self.starts) if span else None
        return [one[1:]] if one is not None else []


def _range(prefix: str, idx) -> str:
    idx = sorted(idx)
    lo, hi = idx[0] + 1, idx[-1] + 1
    return f"{prefix}{lo}" if lo == hi else f"{prefix}{lo}–{hi}"


class _Writer:
    def __init__(self, report: Report):
        self.report = report
        self.number = {f.id: n for n, f in enumerate(report.findings, 1)}
        self.ref = _Doc(report.reference, {i: k for k, a in enumerate(report.alignment) for i in a.ref})
        self.cand = _Doc(report.candidate, {j: k for k, a in enumerate(report.alignment) for j in a.cand})

    def finding(self, f: Finding) -> str:
        al = self.report.alignment
        # the sentences it is about, and the aligned group they are in
        ref_idx = self.ref.sentences_of(f.ref_span) if f.ref_span else []
        cand_idx = self.cand.sentences_of(f.cand_span) if f.cand_span else []
        rows = sorted({self.ref.rows[i] for i in ref_idx if i in self.ref.rows}
                      | {self.cand.rows[j] for j in cand_idx if j in self.cand.rows})
        if not ref_idx and rows:
            ref_idx = sorted({i for r in rows for i in al[r].ref})
        if not cand_idx and rows:
            cand_idx = sorted({j for r in rows for j in al[r].cand})
        on_ref = bool(f.ref_span) and (f.side in ("reference", "both") or not f.cand_span)
        on_cand = bool(f.cand_span) and (f.side in ("candidate", "both") or not f.ref_span)
        ref_spans = ([tuple(f.ref_span)] if on_ref else []) + (
            [tuple(o) for o in f.occurrences] if f.side == "reference" else [])
        cand_spans = ([tuple(f.cand_span)] if on_cand else []) + (
            [tuple(o) for o in f.occurrences] if f.side != "reference" else [])
        where = ", ".join(f"row {r + 1}" + (f" ({al[r].kind})" if al[r].kind != "match" else "") for r in rows)
        head = f"**{self.number[f.id]}. {code(f.category)}** {esc(f.message)}"
        lines = [head, ""]
        meta = [f"id {code(f.id)}"] + ([where] if where else []) + (["accepted in the baseline"] if getattr(f, "accepted", False) else [])
        lines.append(" · ".join(meta) + "  ")
        if f.suggestion:
            lines.append(f"Suggestion: {esc(f.suggestion)}")
        if f.related:
            lines.append("Same defect, also read as: " + "; ".join(f"{code(r['category'])} ({esc(r['message'])})" for r in f.related))
        lines.append("")
        ref_at = self.ref.doc.where(self.ref.doc.group_span(ref_idx)) if ref_idx else ""  # DOCX, PDF, subtitles
        cand_at = self.cand.doc.where(self.cand.doc.group_span(cand_idx)) if cand_idx else ""
        ref_place = self.ref.place(f.ref_span) if f.ref_span and not on_ref else []
        cand_place = self.cand.place(f.cand_span) if f.cand_span and not on_cand else []
        ref_q = (f"**Reference ({_range('R', ref_idx)}{', ' + esc(ref_at) if ref_at else ''}):** "
                 + self.ref.quote(ref_idx, ref_spans, ref_place)) if ref_idx else "**Reference:** *(no counterpart)*"
        cand_q = (f"**Candidate ({_range('C', cand_idx)}{', ' + esc(cand_at) if cand_at else ''}):** "
                  + self.cand.quote(cand_idx, cand_spans, cand_place)) if cand_idx else "**Candidate:** *(no counterpart)*"
        lines += [f"> {ref_q}", ">", f"> {cand_q}"]
        extra = [o for o in f.occurrences]
        if extra:
            doc = self.ref if f.side == "reference" else self.cand
            prefix = "R" if f.side == "reference" else "C"
            at = sorted({k for o in extra for k in doc.sentences_of(o)})
            if at:
                lines.append("")
                lines.append(f"Also in {', '.join(f'{prefix}{k + 1}' for k in at)}.")
        return "\n".join(lines) + "\n"

    def render(self) -> str:
        r = self.report
        s = r.summary
        md = r.metadata or {}
        st = md.get("settings", {}) or {}
        ref_name, cand_name = os.path.basename(r.reference.name), os.path.basename(r.candidate.name)
        sev = s["by_severity"]
        out = [
            f"# qualcheck report: {esc(cand_name)} against {esc(ref_name)}",
            "",
            "| | |",
            "|---|---|",
            f"| Score | **{s['score']} / 100**{' (no findings)' if not s['findings'] else ''} |",
            f"| Findings | {s['findings']}: " + ", ".join(f"{n} {k}" for k, n in sev.items()) + " |",
            f"| Reference | {code(r.reference.name)}: {s['reference_sentences']} sentences, "
            f"{s['reference_aligned']} aligned ({s['reference_coverage']:.0%}), {s['removed']['reference']} debris spans removed |",
            f"| Candidate | {code(r.candidate.name)}: {s['candidate_sentences']} sentences, "
            f"{s['candidate_aligned']} aligned ({s['candidate_coverage']:.0%}), {s['removed']['candidate']} debris spans removed |",
            f"| Alignment | {s['aligned_groups']} aligned groups, {s['moved']} moved |",
            *([f"| Not listed | **{esc(left_line)}** |"] if (left_line := left_out_line(r)) else []),
            f"| Verdict | {esc(s['verdict']['text'])} |",
            f"| Model | {code(str(md.get('model', '?')))}{' on ' + md['engine'] if md.get('engine') else ''} · min similarity {'off' if st.get('min_similarity', '?') is None else st.get('min_similarity', '?')} · "
            f"fail on {st.get('fail_on', '?')} · qualcheck {md.get('qualcheck_version', '?')} |",
            "",
        ]
        cats: dict[str, dict[str, int]] = {}
        for f in r.findings:
            if not getattr(f, "accepted", False):
                cats.setdefault(f.category, {k: 0 for k in SEVERITIES})[f.severity] += 1
        if cats:
            out += ["| category | " + " | ".join(SEVERITIES) + " | all |",
                    "|---|" + "---:|" * (len(SEVERITIES) + 1)]
            for cat in sorted(cats):
                c = cats[cat]
                out.append(f"| {code(cat)} | " + " | ".join(str(c[k]) if c[k] else "·" for k in SEVERITIES)
                           + f" | {sum(c.values())} |")
            out.append("| **all** | " + " | ".join(str(sev[k]) for k in SEVERITIES) + f" | {s['findings']} |")
            out.append("")
        else:
            out += ["No findings: the candidate matches the reference sentence by sentence.", ""]
        open_findings = [f for f in r.findings if not getattr(f, "accepted", False)]
        if r.findings:
            out += ["In the quotes, **bold** is what a finding is about; *italics* mark its place on the other side "
                    "(where dropped words belonged, the words an addition stands in for).", ""]
        for k in SEVERITIES:
            group = [f for f in open_findings if f.severity == k]
            if group:
                out.append(f"## {k.capitalize()} ({len(group)})\n")
                out.extend(self.finding(f) for f in group)
        accepted = [f for f in r.findings if getattr(f, "accepted", False)]
        if accepted:
            out.append(f"## Accepted in the baseline ({len(accepted)})\n")
            out.extend(self.finding(f) for f in accepted)
        for label, doc in (("reference", r.reference), ("candidate", r.candidate)):
            if doc.removed:
                out.append(f"## Removed from the {label} ({len(doc.removed)})\n")
                for rm in doc.removed:
                    snippet = " ".join(rm.text.split())
                    snippet = snippet if len(snippet) <= 100 else snippet[:97] + "..."
                    out.append(f"- {rm.start}–{rm.end} *{esc(rm.reason)}*: {esc(snippet)}")
                out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


def render(report: Report) -> str:
    return _Writer(report).render()
