"""One finding per defect: findings about the same text on the same side become one.

Two findings are about the same defect when, on a side where both point at text, they come from the same
family of checks (``fragment.*``, ``number.*``...: two readings of one piece of text) and their spans overlap
(``couldn't help but. Flying``: a sentence cut off and one sentence split in two at one stray stop), or one span
lies inside the other (or they are equal) and the inner span covers at least half of the outer one (``He said.``
is an ``addition`` and a ``fragment.orphan_attribution``). A sentence-level finding that merely holds a word-level
one (an added sentence with a doubled word in it) is a second defect and stays. A defect is the whole group: a
finding that is one defect with any finding already folded into a kept one joins that one.

The kept finding is the most specific one (the shortest span; on equal spans the category
that says most, see ``SPECIFIC``); it takes the worst severity of the group and names the
others in ``related`` (id, category, severity, message). Counts and the score see it once.

A finding's spans that only give context do not count: a ``name.missing`` whose place in the
candidate cannot be named points at the name in the reference and gives the whole candidate sentence
as context.

Some findings of one aligned pair are one defect read twice by checks of different families
(``EXPLAINED_BY``): a ``mismatch`` names the differing words that the word reading reports as the
pair's ``omission.partial`` / ``addition.partial`` / ``mistranslation`` findings (a ``mismatch.unrelated``
on a pair that one side carries almost whole is the cut that its ``omission.partial`` names), and a name dropped
inside a dropped run (``omission.partial`` "... (names China)") is that run's defect, not a second
``name.missing`` (a figure inside it, not a ``number.vanished``; the mirrors for an added run). A mismatch whose
words that differ most include the words of an unknown name or an appeared figure of its pair is that finding's
defect (``NAMED_BY_MISMATCH``). The word-level finding is kept and names the other in ``related``, unless the other is a graver
name finding (a major ``name.missing``: another name stands in the dropped one's place), which is then kept.
"""
from __future__ import annotations

import re
from typing import Optional

from .types import SEVERITY_RANK, Document, Finding, Span, overlapping

# most specific first: on equal spans the earlier category is kept; the editor's own glossary and
# house rules (categories not listed here) come before every built-in check
SPECIFIC = (
    "glossary", "name.misspelled", "name.case", "name.swapped", "number.changed", "quote.attribution", "quote.changed",
    "negation", "term", "words.doubled", "fragment.orphan_attribution", "fragment.run_together",
    "fragment.incomplete", "fragment.orphan_punctuation", "fragment", "punctuation", "quote.unbalanced", "brackets",
    "debris", "untranslated", "reference", "quote", "number.appeared",
    "number.vanished", "name.unknown", "name.missing", "name", "pair.weak", "mismatch", "moved",
    "addition.run", "omission.run", "addition", "omission",
)
SAME_DEFECT_COVER = 0.5
# a finding of the key's category on a pair is one defect with a finding of one of these categories
# on the same pair whose span lies inside it (mismatch) or holds it (a name inside a dropped or added run)
EXPLAINED_BY = {
    # the mismatch names the pair's left-over words (checks/alignment.py: left_over); the word reading reports them
    # as runs, and the names and figures among them it leaves to their checks (a name or a figure no counterpart
    # has: `White Star Alocasia`, `half day`): one defect when the mismatch names that name's or figure's words
    # (NAMED_BY_MISMATCH)
    "mismatch": ("omission.partial", "addition.partial", "mistranslation", "name.unknown", "number.appeared"),
    # a pair the gate stops that the word reading finds the other side carries almost whole: a cut, not a stranger
    "mismatch.unrelated": ("omission.partial", "addition.partial"),
    "name.missing": ("omission.partial",),
    # an unknown name added with a run, or standing in a dropped run's place (`took on Kekertsuatsiak` where the
    # reference says `photographed in Qeqetarsuaq`): the run's defect
    "name.unknown": ("addition.partial", "omission.partial"),
    # a figure inside a dropped (added) run: the run's defect, at the figure finding's severity
    "number.vanished": ("omission.partial",),
    "number.appeared": ("addition.partial",),
}  # an inner span covering this share of the outer one is the same text
# hosts of a mismatch that are not the word reading's runs: one defect only when the mismatch's message names a
# word of theirs among the words that differ most (a pair can hold an unknown name and differ in other words)
NAMED_BY_MISMATCH = ("name.unknown", "number.appeared")
# the words a mismatch names (checks/alignment.py: "Words that differ most: reference “a”, “b”; candidate “c”.")
_DIFFER = re.compile(r"Words that differ most: reference (.*?); candidate (.*)$")
_QUOTED = re.compile(r"“([^”]*)”")
_WORD = re.compile(r"\w+")


def _rank(category: str) -> int:
    for k, c in enumerate(SPECIFIC):
        if category == c or category.startswith(c + "."):
            return k
    return -1  # a house rule's own category


def _family(category: str) -> str:
    # quote.unbalanced (a missing quotation mark; quotes.unbalanced up to schema 1.5) is a defect of the
    # text, not of a quotation's words: not in the family of quote.changed and quote.attribution
    return category if category == "quote.unbalanced" else category.split(".")[0]


def _whole_sentences(doc: Document, span: Span) -> bool:
    starts = {s.start for s in doc.sentences}
    ends = {s.end for s in doc.sentences}
    return span[0] in starts and span[1] in ends


def defect_spans(f: Finding, ref: Document, cand: Document) -> dict[str, Span]:
    """The spans that point at the defect, by side ("ref", "cand"): context spans left out."""
    out: dict[str, Span] = {}
    if f.side in ("reference", "both") and f.ref_span:
        out["ref"] = tuple(f.ref_span)
    if f.side in ("candidate", "both") and f.cand_span:
        out["cand"] = tuple(f.cand_span)
    if len(out) == 2:  # a whole sentence beside a word on the other side is context
        whole = {k: _whole_sentences(ref if k == "ref" else cand, s) for k, s in out.items()}
        if whole["ref"] != whole["cand"]:
            out.pop("ref" if whole["ref"] else "cand")
    return out


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _overlaps(x: Span, y: Span) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def _same_defect(a: Finding, sa: dict, b: Finding, sb: dict) -> bool:
    """``a`` (kept, more specific) and ``b`` are one defect."""
    for side in ("ref", "cand"):
        x, y = sa.get(side), sb.get(side)
        if x is None or y is None:
            continue
        if x == y:
            return True
        if _family(a.category) == _family(b.category) and _overlaps(x, y):
            return True  # two readings of one piece of text by one family (a cut-off sentence at a stray stop)
        if _inside(x, y) or _inside(y, x):
            inner, outer = (x, y) if _inside(x, y) else (y, x)
            if (inner[1] - inner[0]) >= SAME_DEFECT_COVER * max(1, outer[1] - outer[0]):
                return True
    return False


def _size(spans: dict) -> int:
    return min((s[1] - s[0] for s in spans.values()), default=10**9)


def _nested(x: Optional[Span], y: Optional[Span]) -> bool:
    return x is not None and y is not None and (_inside(tuple(x), tuple(y)) or _inside(tuple(y), tuple(x)))


def _same_place(x: Optional[Span], y: Optional[Span], doc: Document, context: bool, more=()) -> bool:
    """Spans of one pair: nested (``more``: the host's further occurrences on this side, each a place of its
    defect); on the host's context side (where a one-side finding only says where its words belong, e.g. an
    omission.partial's place in the candidate) in the same sentence is enough. A finding with no span on this
    side (a name.unknown says nothing of the reference) is placed by its other side alone."""
    if x is None:
        return True
    if any(_nested(x, s) for s in (y, *more)):
        return True
    if context and y is None:
        return True
    return context and bool(set(overlapping(doc.sentences, tuple(x))) & set(overlapping(doc.sentences, tuple(y))))


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text.replace("…", " "))}


def _named_by_mismatch(m: Finding, g: Finding, ref: Document, cand: Document) -> bool:
    """``m`` (a mismatch) names a word of ``g``'s text (on g's side, at its span or an occurrence in m's pair)
    among the words that differ most."""
    hit = _DIFFER.search(m.message)
    if not hit:
        return False
    on_cand = g.side == "candidate"
    named = _words(" ".join(_QUOTED.findall(hit.group(2 if on_cand else 1))))
    doc, outer = (cand, m.cand_span) if on_cand else (ref, m.ref_span)
    spans = [s for s in ((g.cand_span if on_cand else g.ref_span), *g.occurrences) if s and _nested(s, outer)]
    return any(_words(doc.original[s[0]:s[1]]) & named for s in spans)


def _explainer(k: int, findings: list[Finding], ref: Document, cand: Document) -> Optional[int]:
    """The word-level finding of the same pair that ``findings[k]`` is read from (``EXPLAINED_BY``)."""
    f = findings[k]
    hosts = EXPLAINED_BY.get(f.category, ())
    both = f.ref_span is not None and f.cand_span is not None  # a one-span finding must nest on its side
    cands = [h for h, g in enumerate(findings) if g.category in hosts
             and _same_place(f.ref_span, g.ref_span, ref, both and g.side == "candidate",
                             g.occurrences if g.side == "reference" else ())
             and _same_place(f.cand_span, g.cand_span, cand, both and g.side == "reference",
                             g.occurrences if g.side == "candidate" else ())
             and (g.category not in NAMED_BY_MISMATCH or _named_by_mismatch(f, g, ref, cand))]
    # the gravest; on a tie the earlier host category (the word reading's runs, which are the mismatch's left-over
    # words themselves, before the name and figure checks), then the first
    return max(cands, key=lambda h: (SEVERITY_RANK[findings[h].severity], -hosts.index(findings[h].category), -h),
               default=None)


def _absorb(host: Finding, f: Finding) -> None:
    host.related.append({"id": f.id, "category": f.category, "severity": f.severity, "message": f.message})
    host.related.extend(f.related)
    if SEVERITY_RANK[f.severity] > SEVERITY_RANK[host.severity]:
        host.severity = f.severity


def merge_defects(findings: list[Finding], ref: Document, cand: Document) -> list[Finding]:
    """``findings`` with each defect once (order kept); absorbed findings named in ``related``."""
    explained: dict[int, int] = {}  # absorbed -> kept
    for k in range(len(findings)):
        h = _explainer(k, findings, ref, cand)
        if h is None:
            continue
        if findings[k].category.startswith("name.") and \
                SEVERITY_RANK[findings[k].severity] > SEVERITY_RANK[findings[h].severity]:
            k, h = h, k  # the graver reading says what happened (another name in its place, not a drop): it is kept
        explained.setdefault(k, h)
    for k in explained:
        h, seen = explained[k], {k}
        while h in explained and h not in seen:  # a kept finding absorbed in turn: into the last one kept
            seen.add(h)
            h = explained[h]
        if h not in seen:
            _absorb(findings[h], findings[k])
    findings = [f for k, f in enumerate(findings) if k not in explained]
    spans = [defect_spans(f, ref, cand) for f in findings]
    # the editor's own glossary and house rules first, then the shortest span, then the category order
    order = sorted(range(len(findings)), key=lambda k: (_rank(findings[k].category) > 0, _size(spans[k]),
                                                        _rank(findings[k].category), k))
    kept: list[int] = []
    into: dict[int, int] = {}
    members: dict[int, list[int]] = {}  # kept -> itself and the findings it took: one defect is the whole group
    for k in order:
        host: Optional[int] = next((h for h in kept if any(
            _same_defect(findings[m], spans[m], findings[k], spans[k]) for m in members[h])), None)
        if host is None:
            kept.append(k)
            members[k] = [k]
        else:
            into[k] = host
            members[host].append(k)
    for k, host in sorted(into.items()):
        _absorb(findings[host], findings[k])
    keep = set(kept)
    return [f for k, f in enumerate(findings) if k in keep]
