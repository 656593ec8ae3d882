"""TMX 1.4: the aligned pairs as a translation memory (``--format tmx``, ``aligned.tmx``).

One ``<tu>`` per aligned group (``match`` or ``moved``) in reading order: the reference
sentences as one ``<tuv>``, the candidate sentences as the other. Omissions and additions
have no pair and are left out. Each unit says what qualcheck thought of it, so a translator
can keep only the clean pairs:

* ``<prop type="x-qualcheck-kind">`` match or moved, ``x-qualcheck-shape`` (1-1, 1-2...),
  ``x-qualcheck-similarity`` (cosine of the two groups), ``x-qualcheck-sentences`` (the
  sentence numbers, R for reference, C for candidate, from 1);
* ``x-qualcheck-status``: ``clean`` (no finding on the pair), else the worst severity of
  the findings on it (``major``, ``minor``, ``info``), with one ``<note>`` per finding.

Languages (``xml:lang``) are guessed from each side's script (Han: zh, kana: ja, Hangul:
ko, Cyrillic: ru, Arabic: ar, Hebrew: he, Greek: el, Thai: th, Devanagari: hi; Latin: en)
unless ``render(report, ref_lang=..., cand_lang=...)`` or ``report.metadata["languages"]``
(the CLI's ``--ref-lang``/``--cand-lang``) names them. ``srclang`` is the
reference's language. Characters XML 1.0 does not allow are dropped; the file is UTF-8.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import datetime, timezone
from typing import Optional
from xml.sax.saxutils import escape, quoteattr

from ..cap import left_out_line
from ..types import Report, worst_of

_SCRIPTS = (  # (first code point, last code point, language), checked in this order
    (0x3040, 0x30FF, "ja"),  # kana before Han: Japanese text mixes both
    (0xAC00, 0xD7AF, "ko"),
    (0x4E00, 0x9FFF, "zh"),
    (0x0400, 0x04FF, "ru"),
    (0x0600, 0x06FF, "ar"),
    (0x0590, 0x05FF, "he"),
    (0x0370, 0x03FF, "el"),
    (0x0E00, 0x0E7F, "th"),
    (0x0900, 0x097F, "hi"),
)
_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def guess_language(text: str) -> str:
    """The language tag of the dominant script of ``text`` (Latin script: ``en``)."""
    counts: dict[str, int] = {}
    latin = 0
    for ch in text[:20000]:
        o = ord(ch)
        if ch.isalpha() and o < 0x250:
            latin += 1
            continue
        for lo, hi, lang in _SCRIPTS:
            if lo <= o <= hi:
                counts[lang] = counts.get(lang, 0) + 1
                break
    if counts.get("ja") and counts.get("zh"):
        counts["ja"] += counts.pop("zh")  # Han characters in Japanese text
    lang, n = max(counts.items(), key=lambda kv: kv[1], default=("en", 0))
    return lang if n > latin else "en"


def _text(s: str) -> str:
    return escape(_ILLEGAL.sub("", s))


def _attr(s: str) -> str:
    return quoteattr(_ILLEGAL.sub("", s))


def _sentences(prefix: str, idx) -> str:
    idx = sorted(idx)
    lo, hi = idx[0] + 1, idx[-1] + 1
    return f"{prefix}{lo}" if lo == hi else f"{prefix}{lo}-{hi}"


def render(report: Report, ref_lang: Optional[str] = None, cand_lang: Optional[str] = None,
           now: Optional[datetime] = None) -> str:
    ref, cand = report.reference, report.candidate
    given = (report.metadata or {}).get("languages") or {}
    ref_lang = ref_lang or given.get("reference") or guess_language(ref.cleaned or ref.original)
    cand_lang = cand_lang or given.get("candidate")
    cand_lang = cand_lang or guess_language(cand.cleaned or cand.original)
    when = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    md = report.metadata or {}
    # findings on each candidate / reference sentence, to judge each pair
    on_cand: dict[int, list] = {}
    on_ref: dict[int, list] = {}
    starts = {id(ref): [s.start for s in ref.sentences], id(cand): [s.start for s in cand.sentences]}

    def touch(doc, span, table, f) -> None:
        a, b = span
        k = max(0, bisect_right(starts[id(doc)], a) - 1)
        while k < len(doc.sentences) and doc.sentences[k].start < max(b, a + 1):
            if doc.sentences[k].end > a:
                table.setdefault(k, []).append(f)
            k += 1

    for f in report.findings:
        if getattr(f, "accepted", False):
            continue
        for doc, span, table in ((cand, f.cand_span, on_cand), (ref, f.ref_span, on_ref)):
            if span:
                touch(doc, span, table, f)
        for span in f.occurrences:  # further spans, on the finding's own side
            touch(ref, span, on_ref, f) if f.side == "reference" else touch(cand, span, on_cand, f)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'<header creationtool="qualcheck" creationtoolversion={_attr(str(md.get("qualcheck_version", "")))} '
        f'segtype="sentence" o-tmf="qualcheck" adminlang="en" srclang={_attr(ref_lang)} datatype="plaintext" '
        f'creationdate="{when}">',
        f'  <prop type="x-qualcheck-reference">{_text(ref.name)}</prop>',
        f'  <prop type="x-qualcheck-candidate">{_text(cand.name)}</prop>',
        f'  <prop type="x-qualcheck-model">{_text(str(md.get("model", "")))}</prop>',
        *([f'  <prop type="x-qualcheck-left-out">{_text(line)}</prop>'] if (line := left_out_line(report)) else []),
        "</header>",
        "<body>",
    ]
    for k, a in enumerate(report.alignment, 1):
        if not a.is_pair:
            continue
        fs = []
        for i in a.ref:
            fs.extend(on_ref.get(i, []))
        for j in a.cand:
            fs.extend(on_cand.get(j, []))
        seen, uniq = set(), []
        for f in fs:
            if f.id not in seen:
                seen.add(f.id)
                uniq.append(f)
        status = worst_of(f.severity for f in uniq) or "clean"
        props = [("kind", a.kind), ("shape", a.shape),
                 ("sentences", f"{_sentences('R', a.ref)} {_sentences('C', a.cand)}"), ("status", status)]
        if a.score is not None:
            props.append(("similarity", f"{a.score:.4f}"))
        out.append(f'  <tu tuid="{k}">')
        out.extend(f'    <note>{_text(f"{f.severity} {f.category}: {f.message}")}</note>' for f in uniq)
        out.extend(f'    <prop type="x-qualcheck-{name}">{_text(value)}</prop>' for name, value in props)
        for lang, doc, idx in ((ref_lang, ref, a.ref), (cand_lang, cand, a.cand)):
            seg = " ".join(doc.sentences[i].text for i in idx)
            out.append(f'    <tuv xml:lang={_attr(lang)}><seg>{_text(seg)}</seg></tuv>')
        out.append("  </tu>")
    out += ["</body>", "</tmx>", ""]
    return "\n".join(out)
