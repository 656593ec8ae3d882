"""HTML: one self-contained page for editors, reference and candidate side by side.

One row per aligned group in reading order; omissions sit alone in the left column,
additions in the right. Every finding is highlighted at its span, coloured by severity,
with its message and suggestion on hover and in the row's notes. Filters by severity and
category are inline JavaScript: the file opens offline, with no external resource.
"""
from __future__ import annotations

import html
import json

from ..types import Document, Finding, Report

SEV_ORDER = {"major": 0, "minor": 1, "info": 2}

CSS = """
:root{--major:#c62828;--minor:#ef8f00;--info:#1565c0;--line:#e3e3e3;--muted:#666}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1d;background:#fafafa}
header{padding:16px 24px;background:#fff;border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}
.meta{color:var(--muted);font-size:13px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:#f3f3f3;border-radius:6px;padding:6px 12px;font-size:13px}
.card b{display:block;font-size:18px}
.card.major b{color:var(--major)}.card.minor b{color:var(--minor)}.card.info b{color:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:13px;align-items:center}
.filters label{white-space:nowrap;cursor:pointer}
main{padding:12px 24px}
table.align{width:100%;border-collapse:collapse;background:#fff;table-layout:fixed}
table.align th{position:sticky;top:0;background:#fff;text-align:left;padding:8px;border-bottom:2px solid var(--line);font-size:13px;color:var(--muted)}
table.align td{vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
td.num{width:56px;color:var(--muted);font-size:12px}
td.empty{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 6px,#f1f1f1 6px,#f1f1f1 12px)}
tr.omission td.ref,tr.addition td.cand{background:#fff4f4}
tr.moved td{background:#f4f8ff}
.kind{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.score{font-size:11px;color:var(--muted)}
mark{background:none;border-bottom:3px solid;padding:0 1px;cursor:help}
mark.major{border-color:var(--major);background:#fde7e7}
mark.minor{border-color:var(--minor);background:#fff3dc}
mark.info{border-color:var(--info);background:#e8f0fd}
.notes{margin:6px 0 0;padding:0;list-style:none;font-size:13px}
.notes li{margin:3px 0;padding-left:8px;border-left:3px solid}
.notes li.major{border-color:var(--major)}.notes li.minor{border-color:var(--minor)}.notes li.info{border-color:var(--info)}
.cat{font-weight:600}
.sugg{color:#2e7d32}
details{margin:16px 0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px}
details pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f6f6f6;padding:6px}
.hidden{display:none}
@media (max-width:700px){
 header,main{padding:10px}
 table.align,table.align tbody,table.align tr,table.align td{display:block;width:100%}
 table.align thead{display:none}
 td.num{width:auto}
 td.ref::before{content:"Reference";display:block;font-size:11px;color:var(--muted)}
 td.cand::before{content:"Candidate";display:block;font-size:11px;color:var(--muted)}
 table.align tr{border-bottom:2px solid var(--line)}
}
"""

JS = """
function applyFilters(){
  const sev=[...document.querySelectorAll('input[data-sev]')].filter(x=>x.checked).map(x=>x.dataset.sev);
  const cat=[...document.querySelectorAll('input[data-cat]')].filter(x=>x.checked).map(x=>x.dataset.cat);
  const only=document.getElementById('only-findings').checked;
  document.querySelectorAll('[data-finding]').forEach(el=>{
    const ok=sev.includes(el.dataset.sev)&&cat.includes(el.dataset.cat);
    el.classList.toggle('off',!ok);
    if(el.tagName==='LI'){el.classList.toggle('hidden',!ok);}
    if(el.tagName==='MARK'){el.className=ok?el.dataset.sev:'';}
  });
  document.querySelectorAll('tr.row').forEach(tr=>{
    const shown=tr.querySelectorAll('li[data-finding]:not(.hidden)').length;
    tr.classList.toggle('hidden',only&&shown===0);
  });
}
document.addEventListener('change',e=>{if(e.target.matches('.filters input'))applyFilters();});
document.addEventListener('DOMContentLoaded',applyFilters);
"""


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _highlight(doc: Document, start: int, end: int, marks: list[tuple[int, int, Finding]]) -> str:
    """Text of doc.original[start:end] with each finding's span wrapped in <mark>."""
    cuts = {start, end}
    for a, b, _ in marks:
        cuts.update((max(start, a), min(end, b)))
    pts = sorted(c for c in cuts if start <= c <= end)
    out = []
    for a, b in zip(pts, pts[1:]):
        piece = doc.original[a:b]
        cover = [f for s0, s1, f in marks if s0 <= a and b <= s1]
        if not cover:
            out.append(_esc(piece))
            continue
        f = min(cover, key=lambda x: SEV_ORDER[x.severity])
        title = " | ".join(f"{x.category}: {x.message}" + (f" → {x.suggestion}" if x.suggestion else "") for x in cover)
        out.append(
            f'<mark class="{f.severity}" data-finding="{_esc(f.id)}" data-sev="{f.severity}" '
            f'data-cat="{_esc(f.category)}" title="{_esc(title)}">{_esc(piece)}</mark>'
        )
    return " ".join("".join(out).split("\n"))


def _cell(doc: Document, idx: tuple[int, ...], marks, css: str) -> str:
    if not idx:
        return f'<td class="{css} empty"></td>'
    parts = []
    for i in idx:
        s = doc.sentences[i]
        local = [(a, b, f) for a, b, f in marks if a < s.end and b > s.start]
        parts.append(f'<span class="s" id="{css[0]}{i}" data-i="{i}">{_highlight(doc, s.start, s.end, local)}</span>')
    return f'<td class="{css}">' + " ".join(parts) + "</td>"


def render(report: Report) -> str:
    ref, cand = report.reference, report.candidate
    # which findings belong to which row: by the sentences their spans touch
    row_of_ref = {i: k for k, a in enumerate(report.alignment) for i in a.ref}
    row_of_cand = {j: k for k, a in enumerate(report.alignment) for j in a.cand}

    def rows_for(doc: Document, span, table) -> set[int]:
        if not span:
            return set()
        return {table[s.index] for s in doc.sentences if s.start < max(span[1], span[0] + 1) and s.end > span[0] and s.index in table}

    notes: dict[int, list[Finding]] = {}
    ref_marks: list[tuple[int, int, Finding]] = []
    cand_marks: list[tuple[int, int, Finding]] = []
    unplaced: list[Finding] = []
    for f in report.findings:
        rows = rows_for(ref, f.ref_span, row_of_ref) | rows_for(cand, f.cand_span, row_of_cand)
        for r in rows:
            notes.setdefault(r, []).append(f)
        if not rows:
            unplaced.append(f)
        if f.ref_span:
            ref_marks.append((*f.ref_span, f))
        for span in ([f.cand_span] if f.cand_span else []) + list(f.occurrences):
            cand_marks.append((*span, f))

    s = report.summary
    md = report.metadata
    cards = [
        ("", "score", f"{s['score']}"),
        ("", "reference sentences", f"{s['reference_sentences']}"),
        ("", "candidate sentences", f"{s['candidate_sentences']}"),
        ("", "aligned groups", f"{s['aligned_groups']} ({s['reference_coverage']:.0%} / {s['candidate_coverage']:.0%})"),
    ] + [(sev, sev, str(n)) for sev, n in s["by_severity"].items()]
    cards_html = "".join(f'<div class="card {c}"><b>{_esc(v)}</b>{_esc(label)}</div>' for c, label, v in cards)
    sev_filters = "".join(
        f'<label><input type="checkbox" data-sev="{sev}" checked> {sev} ({n})</label>' for sev, n in s["by_severity"].items()
    )
    cat_filters = "".join(
        f'<label><input type="checkbox" data-cat="{_esc(cat)}" checked> {_esc(cat)} ({n})</label>'
        for cat, n in s["by_category"].items()
    )
    body = []
    for k, a in enumerate(report.alignment):
        fs = sorted(notes.get(k, []), key=lambda f: SEV_ORDER[f.severity])
        li = "".join(
            f'<li class="{f.severity}" data-finding="{_esc(f.id)}" data-sev="{f.severity}" data-cat="{_esc(f.category)}">'
            f'<span class="cat">{_esc(f.category)}</span> {_esc(f.message)}'
            + (f' <span class="sugg">→ {_esc(f.suggestion)}</span>' if f.suggestion else "")
            + "</li>"
            for f in fs
        )
        score = f'<div class="score">sim {a.score:.2f}</div>' if a.score is not None else ""
        kind = f'<div class="kind">{a.kind} {a.shape}</div>{score}'
        notes_html = f'<ul class="notes">{li}</ul>' if li else ""
        body.append(
            f'<tr class="row {a.kind}" data-kind="{a.kind}"><td class="num">{kind}</td>'
            + _cell(ref, a.ref, ref_marks, "ref")
            + _cell(cand, a.cand, cand_marks, "cand")[:-5]
            + notes_html + "</td></tr>"
        )
    other = ""
    if unplaced:
        other = "<details open><summary>Findings outside the aligned text (" + str(len(unplaced)) + ")</summary><ul class='notes'>" + "".join(
            f'<li class="{f.severity}" data-finding="{_esc(f.id)}" data-sev="{f.severity}" data-cat="{_esc(f.category)}">'
            f'<span class="cat">{_esc(f.category)}</span> {_esc(f.message)}</li>' for f in unplaced
        ) + "</ul></details>"
    removed = []
    for label, doc in (("reference", ref), ("candidate", cand)):
        if doc.removed:
            items = "".join(
                f"<li><b>{_esc(r.reason)}</b> ({r.start}–{r.end})<pre>{_esc(r.text)}</pre></li>" for r in doc.removed
            )
            removed.append(
                f'<details class="removed"><summary>Removed from the {label}: {len(doc.removed)} spans of page debris</summary><ul>{items}</ul></details>'
            )
    meta = (
        f"Reference <b>{_esc(ref.name)}</b> · Candidate <b>{_esc(cand.name)}</b> · model {_esc(str(md.get('model')))}"
        f" · qualcheck {_esc(str(md.get('qualcheck_version')))} · min similarity {_esc(str(md.get('settings', {}).get('min_similarity')))}"
    )
    data = json.dumps(s, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>qualcheck: {_esc(cand.name)}</title><style>{CSS}</style></head>
<body><header><h1>qualcheck report</h1><div class="meta">{meta}</div>
<div class="cards">{cards_html}</div>
<div class="filters"><b>Severity</b> {sev_filters}</div>
<div class="filters"><b>Category</b> {cat_filters}</div>
<div class="filters"><label><input type="checkbox" id="only-findings"> only rows with findings</label></div>
</header><main>
<table class="align"><thead><tr><th class="num">#</th><th>Reference</th><th>Candidate</th></tr></thead>
<tbody>{"".join(body)}</tbody></table>
{other}{"".join(removed)}
</main><script type="application/json" id="summary">{data}</script><script>{JS}</script></body></html>
"""
