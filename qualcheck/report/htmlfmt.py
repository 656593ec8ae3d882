"""HTML: one self-contained page for editors, reference and candidate side by side.

Layout, top to bottom:

* a summary: score, findings by severity, alignment coverage of both sides, the table of
  findings by category and severity (whose checkboxes are the category filters), and the
  model and settings of the run;
* a sticky toolbar: severity filters, "only rows with findings", previous/next finding and
  a count of what is shown;
* the side-by-side table, one row per aligned group in reading order (``report.alignment``
  order): omissions alone in the left column, additions alone in the right; content moved
  out of order has a placeholder where it stands in the other text, linked both ways.
  Every finding is highlighted at its span, coloured by severity: a finding that covers a
  whole sentence (omission, addition, mismatch, moved) tints the sentence, a finding on a
  part of it (a name, a fragment) is a stronger mark with a numbered note below the text.
  Hovering (or tapping) a highlight shows the message and suggestion;
* findings outside the aligned text, then the removed page debris, collapsed.

Everything is inline (CSS, JavaScript, data): the file opens offline and loads nothing.
"""
from __future__ import annotations

import html
import json
import os
from bisect import bisect_right
from typing import Optional

from ..cap import left_out_line
from ..types import MOVED, SEVERITIES, SEVERITY_RANK, Document, Finding, Report, worst_of

CSS = r"""
:root{
 --major:#c62828;--major-bg:#fdecec;--major-mk:#f8c4c4;
 --minor:#a35f00;--minor-bg:#fff6e0;--minor-mk:#ffd98a;
 --info:#1f5fbf;--info-bg:#eaf1fc;--info-mk:#c5d9f7;
 --ink:#1f2328;--muted:#5f6670;--line:#e4e6ea;--paper:#fff;--page:#f5f6f8;--accent:#24548f;
}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{scroll-padding-top:64px}
body{margin:0;background:var(--page);color:var(--ink);
 font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
a{color:var(--accent)}
.wrap{max-width:1480px;margin:0 auto;padding:0 24px}
header.top{background:var(--paper);border-bottom:1px solid var(--line)}
header.top .wrap{padding-top:18px;padding-bottom:14px}
.eyebrow{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0}
h1{font-size:22px;line-height:1.3;margin:2px 0 4px;font-weight:650;overflow-wrap:anywhere}
.files{margin:0;color:var(--muted);font-size:13.5px;overflow-wrap:anywhere}
.files b{color:var(--ink);font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:14px 0 4px}
.kpi{background:var(--page);border:1px solid var(--line);border-radius:8px;padding:9px 12px;min-width:0}
.kpi .v{display:block;font-size:24px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.kpi .l{font-size:12.5px;color:var(--muted)}
.kpi .sub{display:block;font-size:12.5px;color:var(--muted);margin-top:2px}
.kpi.verdict-major{border-color:#efb3b3;background:var(--major-bg)}
.kpi.verdict-minor{border-color:#f2d08a;background:var(--minor-bg)}
.kpi.verdict-clean{border-color:#b5dcb8;background:#eef8ef}
.sevline span{font-weight:600}
.bar{display:block;height:6px;border-radius:3px;background:#e2e5ea;margin-top:6px;overflow:hidden}
.bar i{display:block;height:100%;background:var(--accent)}
.panels{display:grid;grid-template-columns:minmax(0,1.3fr) minmax(0,1fr);gap:18px 28px;margin:16px 0 6px;align-items:start}
.panels:has(.cats-panel.n2){grid-template-columns:minmax(0,2.1fr) minmax(0,1fr)}
.cat-tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 22px;align-items:start}
.panel h2 .hint{text-transform:none;letter-spacing:0;font-weight:400;margin-left:6px}
.panel h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 6px;font-weight:600}
table.cats{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
table.cats th,table.cats td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:right}
table.cats th:first-child,table.cats td:first-child{text-align:left}
table.cats thead th{font-size:12px;color:var(--muted);font-weight:600}
table.cats th:not(:first-child),table.cats td:not(:first-child){width:40px;padding-left:0;padding-right:6px}
table.cats tfoot td{font-weight:600;border-bottom:0}
table.cats label{cursor:pointer;display:inline-flex;gap:7px;align-items:center}
details.more>summary{display:none}
table.cats .cat{font-size:11.5px;white-space:nowrap}
table.cats td.z{color:#b8bcc3}
td.n-major{color:var(--major);font-weight:600}td.n-minor{color:var(--minor);font-weight:600}td.n-info{color:var(--info);font-weight:600}
tr.off td{opacity:.45}
dl.run{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:3px 14px;margin:0;font-size:13.5px}
dl.run dt{color:var(--muted)}
dl.run dd{margin:0;overflow-wrap:anywhere}
dl.run .path{display:block;font-size:12px;color:var(--muted);overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em}
details.settings{margin-top:6px;font-size:13px}
details.settings pre{margin:6px 0 0;background:var(--page);border:1px solid var(--line);border-radius:6px;padding:8px;overflow:auto;max-height:260px}
nav.toolbar{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.97);border-bottom:1px solid var(--line);box-shadow:0 1px 4px rgba(0,0,0,.05)}
nav.toolbar .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;padding-top:8px;padding-bottom:8px}
.group{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.group>b{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin-right:2px}
.chip{display:inline-flex;align-items:center;gap:6px;border:1.5px solid var(--line);border-radius:999px;padding:3px 11px 3px 9px;
 font-size:13.5px;cursor:pointer;user-select:none;background:#fff;white-space:nowrap}
.chip input{margin:0;accent-color:var(--accent)}
.chip.sev-major{border-color:var(--major)}.chip.sev-minor{border-color:var(--minor)}.chip.sev-info{border-color:var(--info)}
.chip.sev-major input{accent-color:var(--major)}.chip.sev-minor input{accent-color:var(--minor)}.chip.sev-info input{accent-color:var(--info)}
.chip.sev-major:has(input:checked){background:var(--major-bg)}.chip.sev-minor:has(input:checked){background:var(--minor-bg)}.chip.sev-info:has(input:checked){background:var(--info-bg)}
.chip:has(input:not(:checked)){opacity:.6}
.chip.plain:has(input:not(:checked)){opacity:1}
button{font:inherit;font-size:13px;border:1px solid var(--line);background:#fff;border-radius:6px;padding:3px 10px;cursor:pointer;color:var(--ink)}
button:hover{border-color:#b9bec6}
.count{font-size:13px;color:var(--muted);margin-left:auto;font-variant-numeric:tabular-nums}
main .wrap{padding-top:16px;padding-bottom:32px}
table.sbs{width:100%;border-collapse:separate;border-spacing:0;background:var(--paper);table-layout:fixed;
 border:1px solid var(--line);border-radius:8px}
table.sbs col.g{width:96px}
table.sbs thead th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);
 padding:9px 14px;border-bottom:2px solid var(--line);font-weight:600;background:var(--paper)}
table.sbs thead th .nm{text-transform:none;letter-spacing:0;font-weight:400;margin-left:6px}
table.sbs td{vertical-align:top;padding:11px 14px;border-bottom:1px solid var(--line)}
table.sbs tr:last-child td{border-bottom:0}
td.ref{border-right:1px solid var(--line)}
td.g{font-size:12px;color:var(--muted);padding-right:4px;line-height:1.45}
td.g .rn{font-weight:700;color:var(--ink);font-size:13px;text-decoration:none}
td.g .kind{display:inline-block;margin-top:3px;padding:0 6px;border-radius:4px;font-size:11px;font-weight:600;
 text-transform:uppercase;letter-spacing:.04em;background:#eef0f3;color:#444}
tr.k-omission .kind{background:var(--major-bg);color:var(--major)}
tr.k-addition .kind{background:#fff1e3;color:#9a4b00}
tr.k-moved .kind,tr.ghost .kind{background:var(--info-bg);color:var(--info)}
td.g .sim{display:block;margin-top:3px;font-variant-numeric:tabular-nums;white-space:nowrap}
td.g .sim.low{color:var(--major);font-weight:600}
td.g .idx{display:block;margin-top:2px;font-size:11px}
td.empty{background:repeating-linear-gradient(135deg,#fbfbfc 0 7px,#f3f4f6 7px 14px);color:#8a9099;font-size:13px;font-style:italic}
tr.k-moved td.ref,tr.k-moved td.cand{background:#f7faff}
tr.ghost td{background:#fafbfc;font-size:13.5px;color:var(--muted)}
tr.ghost td.g{font-size:12px}
tr.row:target td,tr.ghost:target td{animation:flash 1.6s ease-out}
@keyframes flash{0%{background:#fff3b0}100%{}}
.moved-link{display:block;margin-top:8px;font-size:13px}
.s{scroll-margin-top:80px}
.loc{font-size:11px;color:#6b7280;white-space:nowrap;font-variant-numeric:tabular-nums;margin:0 2px}
.s[data-on]{border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone;
 text-decoration-line:underline;text-decoration-thickness:1px;text-underline-offset:3px;text-decoration-skip-ink:none;cursor:help}
.s[data-on=major]{background:var(--major-bg);text-decoration-color:var(--major)}
.s[data-on=minor]{background:var(--minor-bg);text-decoration-color:var(--minor)}
.s[data-on=info]{background:var(--info-bg);text-decoration-color:var(--info);text-decoration-style:dashed}
mark{background:none;color:inherit;padding:0 1px;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark[data-on]{cursor:help;border-bottom:2.5px solid}
mark[data-on=major]{background:var(--major-mk);border-color:var(--major)}
mark[data-on=minor]{background:var(--minor-mk);border-color:var(--minor)}
mark[data-on=info]{background:var(--info-mk);border-color:var(--info)}
mark:focus,.s:focus{outline:2px solid var(--accent);outline-offset:1px}
mark.pulse{animation:pulse 1.4s ease-out}
@keyframes pulse{0%{box-shadow:0 0 0 4px #ffd54f}100%{box-shadow:0 0 0 0 transparent}}
sup.fn{display:inline-block;font-size:10.5px;line-height:1;margin:0 1px;font-weight:700;vertical-align:super}
sup.fn a{text-decoration:none;color:#fff;background:var(--muted);border-radius:7px;padding:1px 4px}
sup.fn.major a{background:var(--major)}sup.fn.minor a{background:var(--minor)}sup.fn.info a{background:var(--info)}
ol.notes{list-style:none;margin:9px 0 0;padding:0;font-size:13.5px;line-height:1.45}
ol.notes li{margin:5px 0 0;padding:5px 9px 6px;border-left:3px solid;border-radius:0 6px 6px 0;background:#fafafb}
ol.notes li.accepted{opacity:.55;border-color:#9aa0a8!important}
.acc{font-size:11px;font-weight:700;text-transform:uppercase;background:#e6e8eb;border-radius:4px;padding:0 5px;margin-right:5px}
ol.notes li.major{border-color:var(--major)}ol.notes li.minor{border-color:var(--minor)}ol.notes li.info{border-color:var(--info)}
.no{display:inline-block;min-width:20px;text-align:center;font-size:11px;font-weight:700;color:#fff;border-radius:9px;padding:0 5px;margin-right:5px;text-decoration:none}
.no.major{background:var(--major)}.no.minor{background:var(--minor)}.no.info{background:var(--info)}
.sev{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;margin-right:4px}
.sev.major{color:var(--major)}.sev.minor{color:var(--minor)}.sev.info{color:var(--info)}
.cat{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px;color:#444;margin-right:4px}
.sugg{color:#1b6e2a}
.related{display:block;color:#555;font-size:12px}
p.verdict{margin:10px 0;padding:10px 14px;border-radius:8px;background:#fff4e0;border:1px solid #f0c36d;font-weight:600}
.sugg::before{content:" → ";color:var(--muted)}
section.extra{margin-top:18px}
details.box{background:var(--paper);border:1px solid var(--line);border-radius:8px;margin:12px 0;padding:0}
details.box>summary{cursor:pointer;padding:10px 14px;font-weight:600}
details.box>div{padding:0 14px 12px}
ul.debris{list-style:none;margin:0;padding:0}
ul.debris li{border-top:1px solid var(--line);padding:7px 0}
ul.debris .why{font-size:12px;font-weight:600;background:#eef0f3;border-radius:4px;padding:1px 6px;margin-right:6px}
ul.debris .at{font-size:12px;color:var(--muted)}
ul.debris pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12.5px;background:var(--page);padding:6px 8px;margin:5px 0 0;border-radius:4px;max-height:180px;overflow:auto}
footer{color:var(--muted);font-size:12.5px;padding:8px 0 28px}
#tip{position:absolute;z-index:20;max-width:min(420px,calc(100vw - 16px));background:#1f2328;color:#fff;border-radius:8px;
 padding:8px 11px;font-size:13px;line-height:1.45;box-shadow:0 6px 24px rgba(0,0,0,.25);pointer-events:none}
#tip .t{margin:0 0 6px}#tip .t:last-child{margin:0}
#tip b.major{color:#ff9c9c}#tip b.minor{color:#ffcc66}#tip b.info{color:#9cc3ff}
#tip .sg{color:#a8e6b4}
.clean-note{background:#eef8ef;border:1px solid #b5dcb8;border-radius:8px;padding:10px 14px;margin-bottom:12px}
@media (max-width:900px){
 .panels,.panels:has(.cats-panel.n2){grid-template-columns:1fr}
}
@media (max-width:700px){
 .wrap{padding:0 12px}
 html{scroll-padding-top:8px}
 h1{font-size:19px}
 .kpis{grid-template-columns:1fr 1fr;gap:8px}
 .kpi:last-child:nth-child(odd){grid-column:1/-1}
 details.more>summary{display:list-item;cursor:pointer;font-weight:600;font-size:14px;padding:10px 12px;margin:10px 0 0;
  background:var(--page);border:1px solid var(--line);border-radius:8px}
 details.more[open]>summary{margin-bottom:4px}
 table.cats td:not(:first-child),table.cats th:not(:first-child){width:34px}
 .cat-tables table+table thead{display:none}
 table.cats .cat{white-space:normal;overflow-wrap:anywhere}
 .group>b{display:none}
 nav.toolbar .wrap{gap:6px 8px}
 .chip{font-size:13px;padding:2px 9px 2px 7px}
 button{padding:2px 8px}
 .kpi .v{font-size:20px}
 nav.toolbar{position:static}
 .count{margin-left:0;width:100%}
 table.sbs,table.sbs tbody,table.sbs tr,table.sbs td{display:block;width:100%}
 table.sbs{border:0;background:none}
 table.sbs thead,table.sbs colgroup{display:none}
 table.sbs tr.row,table.sbs tr.ghost{background:var(--paper);border:1px solid var(--line);border-radius:8px;margin:0 0 10px;overflow:hidden}
 table.sbs td{border-bottom:0;padding:8px 12px}
 td.ref{border-right:0;border-bottom:1px dashed var(--line)!important}
 td.g{display:flex!important;flex-wrap:wrap;gap:4px 10px;align-items:baseline;background:#f8f9fb;border-bottom:1px solid var(--line)!important;padding:6px 12px}
 td.g .kind,td.g .sim,td.g .idx{display:inline-block;margin:0}
 td.ref::before,td.cand::before{display:block;font-size:11px;font-style:normal;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin-bottom:2px}
 td.ref::before{content:"Reference"}td.cand::before{content:"Candidate"}
 td.empty{padding:5px 12px;font-size:12.5px}
 td.empty::before{display:none!important}
 tr.ghost td.ref.empty{display:none}
}
@media print{
 nav.toolbar{display:none}
 details.box{break-inside:avoid}
 tr.row{break-inside:avoid}
}
"""

JS = r"""
(function(){
'use strict';
var F=JSON.parse(document.getElementById('qc-findings').textContent);
var RANK=JSON.parse(document.getElementById('qc-findings').getAttribute('data-rank'));  // types.SEVERITY_RANK: higher is worse
function $$(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s));}
function checked(attr){var o={};$$('input['+attr+']').forEach(function(x){if(x.checked)o[x.getAttribute(attr)]=1;});return o;}
function shownSet(){
  var sev=checked('data-sev'),cat=checked('data-cat'),v={};
  var acc=document.getElementById('show-accepted'),showAcc=!acc||acc.checked;
  Object.keys(F).forEach(function(id){v[id]=!!(sev[F[id].sev]&&cat[F[id].cat]&&(!F[id].acc||showAcc));});
  return v;
}
var visible={};
function worst(ids){
  var best=null;
  ids.forEach(function(id){if(visible[id]&&!F[id].acc&&(best===null||RANK[F[id].sev]>RANK[best]))best=F[id].sev;});
  return best;
}
function apply(){
  visible=shownSet();
  $$('[data-fids]').forEach(function(el){
    var w=worst(el.getAttribute('data-fids').split(' '));
    if(w){el.setAttribute('data-on',w);el.tabIndex=0;}else{el.removeAttribute('data-on');el.removeAttribute('tabindex');}
  });
  $$('[data-fid]').forEach(function(el){el.hidden=!visible[el.getAttribute('data-fid')];});
  var only=document.getElementById('only-findings').checked;
  $$('tr.row,tr.ghost').forEach(function(tr){
    tr.hidden=only&&!tr.querySelector('li[data-fid]:not([hidden])')&&!tr.querySelector('[data-on]');
  });
  $$('table.cats tbody tr').forEach(function(tr){var i=tr.querySelector('input');tr.classList.toggle('off',!i.checked);});
  var n=Object.keys(F).filter(function(id){return visible[id];}).length;
  document.getElementById('shown').textContent=n;
  hideTip();
}
document.addEventListener('change',function(e){if(e.target.closest('.filter'))apply();});
document.getElementById('reset').addEventListener('click',function(){
  $$('.filter input').forEach(function(x){x.checked=x.id!=='only-findings';});cursor=-1;apply();
});
// previous / next visible finding, in reading order
var cursor=-1;
function go(step){
  var items=$$('li[data-fid]').filter(function(li){return !li.hidden&&!li.closest('[hidden]');});
  if(!items.length)return;
  cursor=(cursor+step+items.length)%items.length;
  var li=items[cursor];li.scrollIntoView({block:'center'});
  var id=li.getAttribute('data-fid');
  var m=document.querySelector('[data-fids~="'+id+'"]');
  if(m){m.classList.remove('pulse');void m.offsetWidth;m.classList.add('pulse');}
}
document.getElementById('next').addEventListener('click',function(){go(1);});
document.getElementById('prev').addEventListener('click',function(){go(-1);});
document.addEventListener('keydown',function(e){
  if(e.target.matches('input,textarea'))return;
  if(e.key==='j'||e.key==='n')go(1);else if(e.key==='k'||e.key==='p')go(-1);
});
// tooltip: every visible finding that covers the hovered text (its own and its sentence's)
var tip=document.getElementById('tip'),tipFor=null;
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function showTip(el){
  var ids=[],n=el;
  while(n&&n!==document.body){
    if(n.getAttribute&&n.getAttribute('data-fids'))n.getAttribute('data-fids').split(' ').forEach(function(id){if(visible[id]&&ids.indexOf(id)<0)ids.push(id);});
    n=n.parentNode;
  }
  if(!ids.length){hideTip();return;}
  ids.sort(function(a,b){return RANK[F[b].sev]-RANK[F[a].sev];});
  tip.innerHTML=ids.map(function(id){var f=F[id];
    return '<p class="t"><b class="'+f.sev+'">#'+f.n+' '+f.sev+'</b> '+esc(f.cat)+': '+esc(f.msg)+
      (f.sugg?'<br><span class="sg">Suggestion: '+esc(f.sugg)+'</span>':'')+'</p>';}).join('');
  tip.hidden=false;tipFor=el;
  var r=el.getBoundingClientRect(),tw=tip.offsetWidth,th=tip.offsetHeight;
  var x=Math.max(8,Math.min(window.scrollX+r.left,window.scrollX+document.documentElement.clientWidth-tw-8));
  var y=window.scrollY+r.bottom+6;
  if(r.bottom+th+12>window.innerHeight&&r.top>th+12)y=window.scrollY+r.top-th-6;
  tip.style.left=x+'px';tip.style.top=y+'px';
}
function hideTip(){tip.hidden=true;tipFor=null;}
function target(e){var t=e.target.closest&&e.target.closest('mark[data-on],.s[data-on]');return t;}
document.addEventListener('mouseover',function(e){var t=target(e);if(t)showTip(t);else if(tipFor)hideTip();});
document.addEventListener('focusin',function(e){var t=target(e);if(t)showTip(t);});
document.addEventListener('click',function(e){var t=target(e);if(t&&t!==tipFor)showTip(t);});
window.addEventListener('scroll',function(){if(tipFor&&!tipFor.matches(':hover'))hideTip();},{passive:true});
if(window.matchMedia&&window.matchMedia('(max-width:700px)').matches){
  var more=document.querySelector('details.more');if(more)more.open=false;
}
apply();
document.documentElement.setAttribute('data-ready','1');
})();
"""


def _esc(s) -> str:
    return html.escape(str(s), quote=True)


def _short(name: str) -> str:
    return os.path.basename(name.rstrip("/\\")) or name


class _Side:
    """The spans of the findings on one side, indexed by sentence."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]
        self.whole: dict[int, list[Finding]] = {}  # sentence -> findings covering all of it
        self.parts: dict[int, list[tuple[int, int, Finding]]] = {}  # sentence -> partial spans
        self.primary_end: dict[tuple[int, int], list[Finding]] = {}  # (sentence, end) -> numbered findings

    def sentences_of(self, span) -> list[int]:
        a, b = span
        b = max(b, a + 1)
        k = max(0, bisect_right(self.starts, a) - 1)
        out = []
        sents = self.doc.sentences
        while k < len(sents) and sents[k].start < b:
            if sents[k].end > a:
                out.append(k)
            k += 1
        return out

    def add(self, f: Finding, span, primary: bool) -> list[int]:
        hit = self.sentences_of(span)
        a, b = span
        last_partial = None
        for k in hit:
            s = self.doc.sentences[k]
            if a <= s.start and b >= s.end:
                self.whole.setdefault(k, []).append(f)
            else:
                self.parts.setdefault(k, []).append((max(a, s.start), min(b, s.end), f))
                last_partial = (k, min(b, s.end))
        if primary and last_partial is not None:
            self.primary_end.setdefault(last_partial, []).append(f)
        return hit


def _accepted(f: Finding) -> bool:
    return bool(getattr(f, "accepted", False))


def _worst(fs) -> Optional[str]:
    return worst_of(f.severity for f in fs if not _accepted(f))  # accepted findings are not highlighted


def _on(fs) -> str:
    w = _worst(fs)
    return f' data-on="{w}"' if w else ""


def _fids(fs) -> str:
    seen: list[str] = []
    for f in fs:
        if f.id not in seen:
            seen.append(f.id)
    return _esc(" ".join(seen))


class _Renderer:
    def __init__(self, report: Report):
        self.report = report
        self.ref = _Side(report.reference)
        self.cand = _Side(report.candidate)
        self.number = {f.id: n for n, f in enumerate(report.findings, 1)}
        self.row_of = {"ref": {}, "cand": {}}
        for k, a in enumerate(report.alignment):
            for i in a.ref:
                self.row_of["ref"][i] = k
            for j in a.cand:
                self.row_of["cand"][j] = k
        # notes: (row, "ref"|"cand") -> findings; findings that touch no aligned sentence
        self.notes: dict[tuple[int, str], list[Finding]] = {}
        self.unplaced: list[Finding] = []
        for f in report.findings:
            self._place(f)

    def _place(self, f: Finding) -> None:
        # highlight the side(s) the finding is about; the other side's span is context
        # (e.g. the aligned reference sentence of a number that appeared in the candidate)
        on_ref = bool(f.ref_span) and (f.side in ("reference", "both") or not f.cand_span)
        on_cand = bool(f.cand_span) and (f.side in ("candidate", "both") or not f.ref_span)
        ref_hit = self.ref.add(f, f.ref_span, primary=f.side == "reference" or not on_cand) if on_ref else []
        cand_hit = self.cand.add(f, f.cand_span, primary=True) if on_cand else []
        if not ref_hit and f.ref_span:  # context only: still find the row
            ref_hit = self.ref.sentences_of(f.ref_span)
        if not cand_hit and f.cand_span:
            cand_hit = self.cand.sentences_of(f.cand_span)
        occ_side = self.ref if f.side == "reference" else self.cand
        for span in f.occurrences:  # numbered too: the number leads to the note
            occ_side.add(f, tuple(span), primary=True)
        # the note goes next to the text it is about: the reference cell for reference-side
        # findings (omissions, defects of the reference), else the candidate cell
        if f.side == "reference" or not cand_hit:
            order = (("ref", ref_hit), ("cand", cand_hit))
        else:
            order = (("cand", cand_hit), ("ref", ref_hit))
        for col, hit in order:
            rows = [self.row_of[col][i] for i in hit if i in self.row_of[col]]
            if rows:
                self.notes.setdefault((min(rows), col), []).append(f)
                return
        self.unplaced.append(f)

    # -- text ------------------------------------------------------------------------------
    def _sentence(self, side: _Side, k: int, prefix: str) -> str:
        doc = side.doc
        s = doc.sentences[k]
        parts = side.parts.get(k, [])
        cuts = {s.start, s.end}
        for a, b, _ in parts:
            cuts.update((a, b))
        pts = sorted(c for c in cuts if s.start <= c <= s.end)
        out = []
        for a, b in zip(pts, pts[1:]):
            piece = _esc(doc.shown(a, b))  # DOCX, PDF, subtitles: without timing lines, tags, deleted text
            cover = [f for x, y, f in parts if x <= a and b <= y]
            if cover:
                piece = f'<mark data-fids="{_fids(cover)}"{_on(cover)}>{piece}</mark>'
            out.append(piece)
            for f in side.primary_end.get((k, b), []):
                n = self.number[f.id]
                out.append(f'<sup class="fn {f.severity}" data-fid="{_esc(f.id)}"><a href="#n-{_esc(f.id)}">{n}</a></sup>')
        text = " ".join("".join(out).split())  # the original's line breaks inside a sentence
        whole = side.whole.get(k, [])
        attrs = f' data-fids="{_fids(whole)}"{_on(whole)}' if whole else ""
        at = doc.where((s.start, s.end))  # page, paragraph or cue and time in a DOCX, PDF or subtitle file
        loc = f' <span class="loc" title="where it stands in {_esc(_short(doc.name))}">{_esc(at)}</span>' if at else ""
        return f'<span class="s" id="{prefix}{k + 1}"{attrs}>{text}</span>{loc}'

    def _note(self, f: Finding) -> str:
        n = self.number[f.id]
        sugg = f'<span class="sugg">{_esc(f.suggestion)}</span>' if f.suggestion else ""
        rel = ""
        if f.related:  # the findings about the same text merged into this one (qualcheck/merge.py)
            rel = ('<span class="related">same text, also: ' + "; ".join(
                f'<span class="cat" title="{_esc(r["message"])}">{_esc(r["category"])}</span>' for r in f.related) + "</span>")
        acc = ' accepted' if _accepted(f) else ""
        acc_label = '<span class="acc">accepted</span>' if acc else ""
        return (
            f'<li class="{f.severity}{acc}" id="n-{_esc(f.id)}" data-fid="{_esc(f.id)}">{acc_label}'
            f'<a class="no {f.severity}" href="#n-{_esc(f.id)}" title="finding {n}, id {_esc(f.id)}">{n}</a>'
            f'<span class="sev {f.severity}">{f.severity}</span><span class="cat">{_esc(f.category)}</span>'
            f"{_esc(f.message)}{sugg}{rel}</li>"
        )

    def _notes(self, fs: list[Finding]) -> str:
        if not fs:
            return ""
        fs = sorted(fs, key=lambda f: (-SEVERITY_RANK[f.severity], self.number[f.id]))
        return '<ol class="notes">' + "".join(self._note(f) for f in fs) + "</ol>"

    def _cell(self, col: str, idx, row: int, extra: str = "") -> str:
        side, prefix = (self.ref, "r") if col == "ref" else (self.cand, "c")
        if not idx:
            other = "candidate" if col == "ref" else "reference"
            what = "Not in the reference: added in the candidate" if col == "ref" else "Not in the candidate: omitted"
            if self.report.alignment[row].kind not in ("omission", "addition"):
                what = f"(nothing in the {other})"
            return f'<td class="{col} empty">{what}</td>'
        text = " ".join(self._sentence(side, k, prefix) for k in idx)
        return f'<td class="{col}">{text}{extra}{self._notes(self.notes.get((row, col), []))}</td>'

    # -- rows ------------------------------------------------------------------------------
    def _moved_places(self) -> dict[int, tuple[int, str]]:
        """For each moved row: (index of the row before which its placeholder goes, column).

        The moved row sits in reading order of one side; the placeholder marks where its
        text stands in the other side."""
        al = self.report.alignment
        out = {}
        for k, a in enumerate(al):
            if a.kind != MOVED:
                continue
            prev_ref = max((i for b in al[:k] if b.kind != MOVED for i in b.ref), default=-1)
            next_ref = min((i for b in al[k + 1:] if b.kind != MOVED for i in b.ref), default=10**9)
            in_ref_order = prev_ref < min(a.ref) and max(a.ref) < next_ref
            col, key = ("cand", "cand") if in_ref_order else ("ref", "ref")
            lo = min(getattr(a, key))
            before = len(al)
            for m, b in enumerate(al):
                idx = getattr(b, key)
                if b.kind != MOVED and idx and min(idx) > lo:
                    before = m
                    break
            out[k] = (before, col)
        return out

    @staticmethod
    def _range(prefix: str, idx) -> str:
        idx = sorted(idx)
        if not idx:
            return ""
        lo, hi = idx[0] + 1, idx[-1] + 1
        return f"{prefix}{lo}" if lo == hi else f"{prefix}{lo}–{hi}"

    def rows(self) -> str:
        report = self.report
        thr = report.metadata.get("settings", {}).get("min_similarity")
        moved = self._moved_places()
        ghosts: dict[int, list[int]] = {}
        for k, (before, _col) in moved.items():
            ghosts.setdefault(before, []).append(k)
        body = []
        labels = {"match": "match", "moved": "moved", "omission": "omitted", "addition": "added"}
        for k, a in enumerate(report.alignment + [None]):  # None: placeholders after the last row
            for g in ghosts.get(k, []):
                body.append(self._ghost(g, moved[g][1]))
            if a is None:
                break
            sim = ""
            if a.score is not None:
                low = " low" if thr is not None and a.score < thr else ""
                shown = f"{a.score:.2f}"
                if low and shown == f"{thr:.2f}":  # 0.749 is below 0.75: do not print "0.75"
                    shown = f"{a.score:.3f}"
                sim = f'<span class="sim{low}" title="cosine similarity of the two groups">sim {shown}</span>'
            where = " · ".join(x for x in (self._range("R", a.ref), self._range("C", a.cand)) if x)
            shape = f" {a.shape}" if a.is_pair and a.shape != "1-1" else ""
            gutter = (
                f'<td class="g"><a class="rn" href="#row-{k + 1}">{k + 1}</a> '
                f'<span class="kind">{labels.get(a.kind, a.kind)}{shape}</span>{sim}'
                f'<span class="idx" title="sentence numbers: R reference, C candidate">{where}</span></td>'
            )
            ref_extra = cand_extra = ""
            if k in moved:
                col = moved[k][1]
                link = (f'<a class="moved-link" href="#moved-{k + 1}">↕ In the {"candidate" if col == "cand" else "reference"} '
                        f"this stands elsewhere: go to its place</a>")
                if col == "cand":
                    cand_extra = link
                else:
                    ref_extra = link
            body.append(
                f'<tr class="row k-{a.kind}" id="row-{k + 1}" data-kind="{a.kind}">{gutter}'
                + self._cell("ref", a.ref, k, ref_extra)
                + self._cell("cand", a.cand, k, cand_extra)
                + "</tr>"
            )
        return "".join(body)

    def _ghost(self, k: int, col: str) -> str:
        a = self.report.alignment[k]
        idx = a.cand if col == "cand" else a.ref
        side = "candidate" if col == "cand" else "reference"
        what = self._range("C" if col == "cand" else "R", idx)
        text = self.report.candidate.group_text(idx) if col == "cand" else self.report.reference.group_text(idx)
        snippet = text if len(text) <= 90 else text[:87].rstrip() + "…"
        note = (f'↕ Here the {side} has “{_esc(snippet)}” ({what}), moved out of order: '
                f'<a href="#row-{k + 1}">see it aligned in row {k + 1}</a>')
        empty = '<td class="{} empty"></td>'.format("ref" if col == "cand" else "cand")
        cell = f'<td class="{col}">{note}</td>'
        cells = (empty + cell) if col == "cand" else (cell + empty)
        return (f'<tr class="ghost" id="moved-{k + 1}"><td class="g"><span class="kind">moved</span>'
                f'<span class="idx">{what}</span></td>{cells}</tr>')

    # -- page ------------------------------------------------------------------------------
    def summary(self) -> str:
        report = self.report
        s = report.summary
        md = report.metadata or {}
        st = md.get("settings", {}) or {}
        sev = s["by_severity"]
        worst = s.get("worst_severity")
        verdict = {"major": "verdict-major", "minor": "verdict-minor", None: "verdict-clean"}.get(worst, "")
        sevline = " · ".join(f'<span class="sev {k}">{n} {k}</span>' for k, n in sev.items())
        kpis = [
            f'<div class="kpi {verdict}"><span class="v">{_esc(s["score"])}<span class="l"> / 100</span></span>'
            f'<span class="l">quality score</span><span class="sub">{"no findings" if worst is None else "worst: " + worst}</span></div>',
            f'<div class="kpi"><span class="v">{s["findings"]}</span><span class="l">findings</span>'
            f'<span class="sub sevline">{sevline}</span></div>',
        ]
        for label, n_al, n, cov in (
            ("reference", s["reference_aligned"], s["reference_sentences"], s["reference_coverage"]),
            ("candidate", s["candidate_aligned"], s["candidate_sentences"], s["candidate_coverage"]),
        ):
            kpis.append(
                f'<div class="kpi"><span class="v">{cov:.0%}</span><span class="l">of the {label} aligned</span>'
                f'<span class="sub">{n_al} of {n} sentences</span><span class="bar"><i style="width:{cov * 100:.1f}%"></i></span></div>'
            )
        rem = s["removed"]
        kpis.append(
            f'<div class="kpi"><span class="v">{s["aligned_groups"]}</span><span class="l">aligned groups</span>'
            f'<span class="sub">{s["moved"]} moved · <a href="#debris">{rem["reference"] + rem["candidate"]} debris spans removed</a></span></div>'
        )
        # findings by category and severity: the category filters
        cats = {}
        for f in report.findings:  # accepted findings get a filter but no count (as in the summary)
            c = cats.setdefault(f.category, {k: 0 for k in SEVERITIES})
            c[f.severity] += 0 if _accepted(f) else 1
        rows = []
        for cat in sorted(cats):
            c = cats[cat]
            tds = "".join(
                f'<td class="{"n-" + k if c[k] else "z"}">{c[k] or "·"}</td>' for k in SEVERITIES
            )
            rows.append(
                f'<tr><td><label class="filter"><input type="checkbox" data-cat="{_esc(cat)}" checked>'
                f'<span class="cat">{_esc(cat)}</span></label></td>{tds}<td>{sum(c.values())}</td></tr>'
            )
        head = ("<thead><tr><th>category</th>" + "".join(f"<th>{k}</th>" for k in SEVERITIES)
                + "<th>all</th></tr></thead>")
        # a long list of categories is split in two tables side by side (the summary stays short)
        halves = [rows] if len(rows) <= 8 else [rows[: (len(rows) + 1) // 2], rows[(len(rows) + 1) // 2:]]
        tables = [f'<table class="cats">{head}<tbody>{"".join(h)}</tbody></table>' for h in halves if h]
        if not rows:
            tables = ['<p class="clean-note">No findings: nothing to filter.</p>']
        cat_panel = (
            f'<div class="panel cats-panel n{len(tables)}"><h2>Findings by category and severity '
            f'<span class="hint">untick a category to hide it</span></h2><div class="cat-tables">{"".join(tables)}</div></div>'
        )
        align_st = st.get("align", {}) or {}
        run = [
            ("model", f'<code>{_esc(md.get("model", "?"))}</code>'
                      + (f" <span class='l'>on {_esc(md['engine'])}</span>" if md.get("engine") else "")),
            ("min similarity", _esc(st.get("min_similarity", "?")) + " <span class='l'>(below: mismatch)</span>"),
            ("fail on", _esc(st.get("fail_on", "?"))),
            ("aligner", _esc(", ".join(f"{k} {json.dumps(v)}" for k, v in align_st.items() if k in ("max_group", "use_margin", "moved_similarity"))) or "defaults"),
            ("checks", _esc(", ".join(md.get("checks", []) or ["all"]))),
            ("qualcheck", _esc(md.get("qualcheck_version", "?")) + f' · report schema {_esc(self.schema_version())}'),
        ]
        inputs = md.get("inputs", {}) or {}
        for label, doc in (("reference", report.reference), ("candidate", report.candidate)):
            sha = (inputs.get(label, {}) or {}).get("sha256") or doc.sha256
            folder = os.path.dirname(doc.name)
            run.append((label, f'<b title="{_esc(doc.name)}">{_esc(_short(doc.name))}</b> · {doc.format}, {_esc(doc.encoding)} · '
                               f'<span class="mono" title="sha256 {_esc(sha)}">sha256 {_esc(sha[:12])}…</span>'
                               + (f'<span class="path">{_esc(folder)}</span>' if folder else "")))
        dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in run)
        settings_json = _esc(json.dumps(st, indent=2, ensure_ascii=False, default=str))
        vd = s.get("verdict") or {}
        vline = (f'<p class="verdict verdict-{_esc(vd.get("kind", ""))}">{_esc(vd.get("text", ""))}</p>'
                 if vd.get("kind") not in (None, "translation") else "")
        return (
            f'<div class="kpis">{"".join(kpis)}</div>{vline}'
            f'<details class="more" open><summary>Findings by category ({len(rows)}) and the run\'s settings</summary>'
            f'<div class="panels">{cat_panel}'
            f'<div class="panel"><h2>Model and settings</h2><dl class="run">{dl}</dl>'
            f'<details class="settings"><summary>All settings</summary><pre>{settings_json}</pre></details></div></div></details>'
        )

    def left_out(self) -> str:
        line = left_out_line(self.report)
        return f'<p class="left-out" style="margin:.6em 0 0;font-weight:600">{_esc(line)}</p>' if line else ""

    def schema_version(self) -> str:
        from .jsonfmt import SCHEMA_VERSION

        return SCHEMA_VERSION

    def toolbar(self) -> str:
        sev = self.report.summary["by_severity"]
        n_acc = sum(1 for f in self.report.findings if _accepted(f))
        acc = (f'<label class="chip plain filter"><input type="checkbox" id="show-accepted" checked>accepted {n_acc}</label>'
               if n_acc else "")
        chips = "".join(
            f'<label class="chip sev-{k} filter"><input type="checkbox" data-sev="{k}" checked>{k} {n}</label>'
            for k, n in sev.items()
        )
        return (
            '<nav class="toolbar" aria-label="filters"><div class="wrap">'
            f'<div class="group"><b>Severity</b>{chips}</div>'
            f'<div class="group"><label class="chip plain filter"><input type="checkbox" id="only-findings">only rows with findings</label>{acc}</div>'
            '<div class="group"><button id="prev" type="button" title="previous finding (k)">↑ prev</button>'
            '<button id="next" type="button" title="next finding (j)">↓ next</button>'
            '<button id="reset" type="button">reset filters</button></div>'
            f'<span class="count">showing <b id="shown">{len(self.report.findings)}</b> of {len(self.report.findings)} findings</span>'
            "</div></nav>"
        )

    def extra(self) -> str:
        out = []
        if self.unplaced:
            items = "".join(self._note(f) for f in self.unplaced)
            out.append(
                f'<details class="box" open><summary>Findings outside the aligned text ({len(self.unplaced)})</summary>'
                f'<div><ol class="notes">{items}</ol></div></details>'
            )
        for label, doc in (("reference", self.report.reference), ("candidate", self.report.candidate)):
            if not doc.removed:
                continue
            items = "".join(
                f'<li><span class="why">{_esc(r.reason)}</span><span class="at">characters {r.start}–{r.end}</span>'
                f"<pre>{_esc(r.text)}</pre></li>"
                for r in doc.removed
            )
            out.append(
                f'<details class="box debris-{label}"><summary>Removed from the {label}: {len(doc.removed)} '
                f'span{"s" if len(doc.removed) != 1 else ""} of page debris</summary><div><ul class="debris">{items}</ul></div></details>'
            )
        if not out:
            out.append('<p class="files">Nothing was removed from either text.</p>')
        return '<section class="extra" id="debris">' + "".join(out) + "</section>"

    def data(self) -> str:
        d = {
            f.id: {"n": self.number[f.id], "sev": f.severity, "cat": f.category, "msg": f.message, "sugg": f.suggestion,
                   **({"acc": 1} if _accepted(f) else {})}
            for f in self.report.findings
        }
        return json.dumps(d, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def page(self) -> str:
        r = self.report
        ref_name, cand_name = _short(r.reference.name), _short(r.candidate.name)
        clean = "" if r.findings else '<p class="clean-note">No findings: the candidate matches the reference sentence by sentence.</p>'
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="qualcheck {_esc(r.metadata.get("qualcheck_version", ""))}">
<title>qualcheck: {_esc(cand_name)} vs {_esc(ref_name)}</title><style>{CSS}</style></head>
<body>
<header class="top"><div class="wrap">
<p class="eyebrow">qualcheck report</p>
<h1>{_esc(cand_name)} <span style="font-weight:400;color:var(--muted)">checked against</span> {_esc(ref_name)}</h1>
{self.summary()}{self.left_out()}
</div></header>
{self.toolbar()}
<main><div class="wrap">
{clean}
<table class="sbs"><colgroup><col class="g"><col><col></colgroup>
<thead><tr><th>#</th><th>Reference<span class="nm">{_esc(ref_name)}</span></th><th>Candidate<span class="nm">{_esc(cand_name)}</span></th></tr></thead>
<tbody>{self.rows()}</tbody></table>
{self.extra()}
<footer>Generated by qualcheck {_esc(r.metadata.get("qualcheck_version", ""))}. Highlights: a tinted sentence is a finding on the whole sentence,
a marked span a finding on those words; red major, amber minor, blue info. Hover or tap a highlight for the message;
keys j / k go to the next / previous finding. The same data is in report.json.</footer>
</div></main>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="qc-findings" data-rank='{json.dumps(SEVERITY_RANK, separators=(",", ":"))}'>{self.data()}</script>
<script>{JS}</script>
</body></html>
"""


def render(report: Report) -> str:
    return _Renderer(report).page()
