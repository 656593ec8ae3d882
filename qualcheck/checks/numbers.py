"""`number`: numbers, amounts, percentages, dates, times, ordinals and counts in words compared
between the two sides of each aligned pair, after normalisation (`1,000` = `1000` = `one thousand`,
`50%` = `50 percent` = `half`, `5.2 million` = `5,200,000`).

A number of the reference with no equal on the candidate side (or the reverse) is a finding:
paired with an unmatched number of the same kind on the other side it is a change
(`2022` -> `2021`), otherwise it vanished or appeared. Weak mentions (`one` as a pronoun,
`a year`) may match a number but are never reported on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..types import Finding
from . import register
from .wordtools import STOPWORDS, group_locate, merge_same, snippet, stem

if TYPE_CHECKING:  # annotations only: the aligned document imports the gate, whose features use this module
    from .aligned import AlignedDoc

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100, "thousandth": 1000,
}
FRACTIONS = {"half": 0.5, "halves": 0.5, "quarter": 0.25, "quarters": 0.25}
# vague amounts match any number in their range: `hundreds of billions` ~ `a hundred billion`
VAGUE_RANGE = {"dozens": (12, 100), "hundreds": (100, 1e3), "thousands": (1e3, 1e6), "millions": (1e6, 1e9),
               "billions": (1e9, 1e12), "tens of thousands": (1e4, 1e5), "hundreds of thousands": (1e5, 1e6),
               "tens of millions": (1e7, 1e8), "hundreds of millions": (1e8, 1e9),
               "tens of billions": (1e10, 1e11), "hundreds of billions": (1e11, 1e12)}
# words that count but are never reported alone (they only absorb an equal number of the other side)
WEAK_WORDS = {"decade": 10.0, "decades": 10.0, "century": 100.0, "couple": 2.0, "pair": 2.0, "twice": 2.0,
              "single": 1.0, "once": 1.0, "dozen": 12.0, "both": 2.0, "double": 2.0, "triple": 3.0}
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
              "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
TIME_UNITS = ("second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "centuries",
              "percent", "per cent", "dozen", "people", "times", "kilometers", "kilometres", "miles", "dollars")
# `third party`, `at first`: ordinal words that are not numbers
NOT_NUMBER = re.compile(
    r"\b(?:third[- ](?:part(?:y|ies)|world)|at first|first of all|first[- ]hand|second[- ]hand|first lady|"
    r"in the first place|first and foremost|second[- ]guess\w*|one another|no one|any ?one|some ?one|every ?one|"
    r"one day|one by one|one or (?:two|another)|one of (?:these|those) days|"
    # `three-dimensional`, `in three dimensions`, `3D`: a kind of space, not a count; `But first, ...`: an adverb
    r"(?:one|two|three|four|[1-4])(?:\s*-\s*|\s)?dimension(?:al|s)?|first(?=\s*,))\b",
    re.I,
)

_NUMWORD = "|".join(sorted(list(UNITS) + list(TENS) + list(SCALES), key=len, reverse=True))
_ORDWORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE = r"(?:\s*(?:hundred|thousand|million|billion|trillion|bn|m|k)\b)?"
_PATTERN = re.compile(
    rf"""
    (?P<fracof>\b(?:half|a\s+quarter|a\s+third)\s+(?:of\s+)?an?\s+(?:hundred|thousand|million|billion)\b)
  | (?P<time>\b\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?|\b\d{{1,2}}\s*[ap]\.m\.)
  | (?P<cur>[$€£¥]\s?)?(?P<num>(?:(?<![\w.,])|(?<=\d,)(?=\d{{1,2}}\b))(?:{_DIGITS}))(?P<scale>{_SCALE})(?P<suf>\s*(?:%|percent\b|per\s?cent\b)|(?:st|nd|rd|th|s)\b)?
  | (?P<words>\b(?:{_NUMWORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMWORD}))*\b(?:\s*(?:percent\b|per\s?cent\b|%))?)
  | (?P<ord>\b(?:{_ORDWORD})\b)
  | (?P<frac>\b(?:half|halves|quarters?)\b)
  | (?P<vague>\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)|dozens|hundreds|thousands|millions|billions)\b)
  | (?P<month>\b(?:January|February|March|April|May|June|July|August|September|October|November|December|
                 (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)(?=[\s,])(?:\s+\d{{1,2}}\b(?!:))?)
  | (?P<weekday>\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)
    """,
    re.X | re.I,
)
_GLUED = re.compile(r"[A-Za-z]")
# a unit written against its figure (`6km`, `40kg`, `60mph`, `5GB`) is a measurement, not an identifier (`G7`, `F-35`,
# `5G`, `3D`); case as written (`5G` is a network, `5g` five grams). `m` after a figure is the million scale (`£5m`)
_GLUED_UNIT = re.compile(r"(?:km|kg|cm|mm|mg|ml|mph|kph|ft|lbs?|oz|mi|kWh|kW|MW|GW|GHz|MHz|kHz|Hz|GB|MB|TB|g)"
                         r"(?![A-Za-z])")


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    value: object  # float for amounts; str for dates/times/vague amounts
    kind: str  # amount | ordinal | percent | date | time | vague
    weak: bool = False
    unit: str = ""  # the word after it (`years` in `53 years`), filled in by extract()

    def same(self, other: "Mention") -> bool:
        for x, y in ((self, other), (other, self)):
            if x.kind == "vague" and isinstance(y.value, float):
                lo, hi = VAGUE_RANGE[x.value]
                return lo <= y.value < hi
        if isinstance(self.value, float) and isinstance(other.value, float):
            a, b = self.value, other.value
            return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
        return self.value == other.value


def _words_value(text: str) -> float | None:
    total, current = 0.0, 0.0
    for w in re.split(r"[\s-]+", text.casefold()):
        if w == "and" or not w:
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        else:
            return None
    return total + current


def _scale(s: str) -> float:
    s = s.strip().casefold()
    return {"hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
            "trillion": 1e12}.get(s, 1.0)


def _unit_after(text: str, end: int) -> str:
    m = re.match(r"[\s-]*(?:of\s+)?([A-Za-z]+)", text[end:])
    return m.group(1).casefold() if m else ""


def _range_percent(text: str, end: int) -> bool:
    """`60 or 65 percent`, `10 to 20%`: the first number of a range is a percentage too."""
    return bool(re.match(r"\s*(?:or|to|and|-|–)\s*[\w.]+\s*(?:%|percent\b|per\s?cent\b)", text[end:], re.I))


def _dash_typed(text: str, at: int) -> bool:
    """A hyphen at ``at`` after a lower-case word of 4+ letters is a dash typed without spaces (`the black
    hole-30 kilometers away`, `robots-8-foot`), not an identifier's (`COVID-19`, `F-35`)."""
    m = re.search(r"([A-Za-z]+)$", text[:at])
    return m is not None and m.group(1).islower() and len(m.group(1)) >= 4 and m.group(1) != "covid"


@lru_cache(maxsize=8192)
def extract(text: str) -> tuple[Mention, ...]:
    """Every number-like mention in ``text``, normalised (memoised: the mismatch and number checks
    both read each pair; callers never change a mention)."""
    return tuple(_extract(text))


def _extract(text: str) -> list[Mention]:
    blocked = [(m.start(), m.end()) for m in NOT_NUMBER.finditer(text)]
    out: list[Mention] = []
    for m in _PATTERN.finditer(text):
        a, b = m.span()
        if any(x <= a < y for x, y in blocked) or out and a < out[-1].end:
            continue
        g = m.lastgroup
        surface = m.group(0).strip()
        before = text[max(0, a - 4) : a].casefold()
        nxt = _unit_after(text, b)
        weak = False
        if g == "time":
            t = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", m.group(0).replace(".", ""))
            h, mi, ap = int(t.group(1)), int(t.group(2) or 0), t.group(3)
            if ap == "p" and h < 12:
                h += 12
            out.append(Mention(a, b, surface, f"{h:02d}:{mi:02d}", "time"))
            continue
        if m.group("num") is not None:
            if b < len(text) and _GLUED.match(text[b]) and not _GLUED_UNIT.match(text, b) \
                    or a > 0 and _GLUED.match(text[a - 1]):
                continue  # part of an identifier: G7, COVID-19, F-35
            if a > 0 and text[a - 1] == "-" and a > 1 and text[a - 2].isalpha() and not _dash_typed(text, a - 1):
                continue  # COVID-19, F-35
            a = m.start("cur") if m.group("cur") else m.start("num")
            raw = m.group("num").replace(",", "")
            val = float(raw) * _scale(m.group("scale") or "")
            suf = (m.group("suf") or "").strip().casefold()
            if suf in ("st", "nd", "rd", "th"):
                out.append(Mention(a, b, surface, val, "ordinal"))
            elif suf == "s" and raw.isdigit() and len(raw) == 4:
                out.append(Mention(a, b, surface, f"{raw}s", "date"))
            elif suf and suf[0] in "%p" or not suf and _range_percent(text, b):
                out.append(Mention(a, b, surface, round(val / 100, 12), "percent"))
            else:
                kind = "date" if raw.isdigit() and len(raw) == 4 and 1500 <= val <= 2100 else "amount"
                out.append(Mention(a, b, surface, val, kind))
            continue
        if g == "words":
            w = m.group("words")
            glued = re.search(r"([A-Za-z]+)-$", text[:a])
            if glued and glued.group(1).casefold() not in UNITS and glued.group(1).casefold() not in TENS:
                continue  # inside a phrase made one word (`every-home-should-have-one`); `thirty-five` is a figure
            pct = re.search(r"(percent|per\s?cent|%)$", w, re.I)
            core = re.sub(r"\s*(percent|per\s?cent|%)$", "", w, flags=re.I)
            # `one third`, `two thirds`: a fraction
            fr = re.match(rf"[\s-]*({_ORDWORD}|thirds|quarters|fourths|fifths|halves)\b", text[b:], re.I)
            val = _words_value(core)
            if val is None:
                continue
            if fr and val < 10 and not core.casefold().endswith(tuple(SCALES)):
                den = fr.group(1).casefold().rstrip("s")
                dval = ORDINALS.get(den) or {"half": 2, "halve": 2, "quarter": 4, "fourth": 4}.get(den)
                if dval:
                    b = b + fr.end()
                    out.append(Mention(a, b, text[a:b].strip(), round(val / dval, 12), "amount"))
                    continue
            half = re.match(r"\s+and\s+a\s+half\b(?:\s+(hundred|thousand|million|billion|trillion)\b)?", text[b:], re.I)
            if half:  # `three and a half`, `two and a half million` (= 2.5 million)
                b += half.end()
                scale = SCALES.get((half.group(1) or "").casefold(), 1)
                out.append(Mention(a, b, text[a:b], (val + 0.5) * scale, "amount"))
                continue
            if pct or _range_percent(text, b):
                out.append(Mention(a, b, surface, round(val / 100, 12), "percent"))
                continue
            if re.search(r"\b(?:the|these|those)\s+$", text[max(0, a - 7) : a], re.I) and val in (2.0, 3.0):
                weak = True  # `the two countries`: a reference back, not a figure
            elif core.casefold() == "one":
                weak = not nxt.startswith(TIME_UNITS) and nxt not in SCALES
            out.append(Mention(a, b, surface, val, "amount", weak))
            continue
        if g == "ord":
            w = m.group("ord").casefold()
            if re.match(r"\s*(?:of\b|s\b)", text[b:]) and re.search(r"\b(?:a|one)\s*$", before):
                out.append(Mention(a, b, surface, round(1 / ORDINALS[w], 12), "amount"))
                continue
            weak = w == "second" and before.strip().endswith(("a", "per", "one", "every", "split"))
            if weak:
                continue  # `a second`: the unit of time
            out.append(Mention(a, b, surface, float(ORDINALS[w]), "ordinal"))
            continue
        if g == "frac":
            out.append(Mention(a, b, surface, FRACTIONS[m.group("frac").casefold()], "amount"))
            continue
        if g == "fracof":
            w = m.group("fracof").casefold().split()
            val = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}[w[1] if w[0] == "a" else w[0]] * SCALES[w[-1]]
            out.append(Mention(a, b, surface, round(val, 6), "amount"))
            continue
        if g == "vague":
            key = " ".join(m.group("vague").casefold().split())
            out.append(Mention(a, b, surface, key, "vague"))
            continue
        if g == "month":
            mm = re.match(r"([A-Za-z]+)\.?(?:\s+(\d{1,2}))?", m.group("month"))
            name = mm.group(1).casefold()
            if name == "may" and (a == 0 or not m.group("month")[0].isupper() or re.search(r"[.!?“\"]\s*$", text[:a])):
                if not mm.group(2):
                    continue  # the verb `may`
            mon = MONTHS.get(name) or MONTH_ABBR.get(name)
            if not mon or not m.group("month")[0].isupper():
                continue
            out.append(Mention(a, b, surface, f"month {mon}" + (f" day {int(mm.group(2))}" if mm.group(2) else ""), "date"))
            continue
        if g == "weekday":
            if not m.group("weekday")[0].isupper():
                continue
            out.append(Mention(a, b, surface, f"weekday {WEEKDAYS[m.group('weekday').casefold()]}", "date"))
    # `a year`, `a hundred`: weak counts of one
    for m in re.finditer(r"\b(?:a|an)\s+(year|month|week|day|decade|century|hour|minute|dozen|hundred|thousand|million|billion)\b", text, re.I):
        if any(x.start < m.end() and m.start() < x.end for x in out):
            continue
        unit = m.group(1).casefold()
        val = {"dozen": 12.0}.get(unit) or float(SCALES.get(unit, 1))
        out.append(Mention(m.start(), m.end(), m.group(0), val, "amount", weak=unit not in ("dozen",)))
    for m in re.finditer(r"\b(?:" + "|".join(WEAK_WORDS) + r")\b", text, re.I):
        if not any(x.start < m.end() and m.start() < x.end for x in out):
            out.append(Mention(m.start(), m.end(), m.group(0), WEAK_WORDS[m.group(0).casefold()], "amount", weak=True))
    out.sort(key=lambda x: x.start)
    for x in out:
        x.unit = stem(_unit_after(text, x.end))
    return out


def _kind_group(m: Mention) -> str:
    return {"percent": "amount", "vague": "amount"}.get(m.kind, m.kind)


def compare(ref: list[Mention], cand: list[Mention]):
    """(changed [(r, c)], vanished [r], appeared [c]) after matching equal values."""
    r_left, c_left = list(ref), list(cand)
    for r in list(r_left):
        for c in c_left:
            if r.same(c):
                r_left.remove(r)
                c_left.remove(c)
                break
    changed = []
    for r in list(r_left):
        for c in c_left:
            same_unit = bool(r.unit) and r.unit == c.unit  # `these two black holes` / `these three black holes`
            if _kind_group(r) == _kind_group(c) and (not (r.weak and c.weak) or same_unit):
                changed.append((r, c))
                r_left.remove(r)
                c_left.remove(c)
                break
    vanished = [r for r in r_left if not r.weak]
    appeared = [c for c in c_left if not c.weak]
    return changed, vanished, appeared


def _show(m: Mention, text: str) -> str:
    """The mention with the word that says what it counts (`53 years`, `third anniversary`)."""
    nxt = re.match(r"[\s-]+([A-Za-z]+)", text[m.end :])
    if nxt and m.kind in ("amount", "ordinal") and nxt.group(1).casefold() not in STOPWORDS | {"within", "percent"}:
        return f"{m.surface} {nxt.group(1)}"
    return m.surface


def _restated(r: Mention, c: Mention) -> bool:
    """`up to three times that` / `more than 24%`: a multiple against a figure of another kind may be the
    same quantity restated (it cannot be compared as a number; an editor checks it)."""
    return (r.unit == "tim") != (c.unit == "tim")


def _restatement_agrees(r: Mention, c: Mention, ref: list[Mention], cand: list[Mention]) -> bool:
    """`from about eight percent up to three times that` / `from 8% to more than 24%`: the multiple times a
    figure of its own sentence is the other side's figure (the translator did the sum): no change."""
    mult, fig, mine = (r, c, ref) if r.unit == "tim" else (c, r, cand)
    if not (isinstance(mult.value, float) and isinstance(fig.value, float)):
        return False
    return any(isinstance(x.value, float) and x is not mult and x.kind == fig.kind
               and abs(x.value * mult.value - fig.value) <= 1e-9 * max(1.0, abs(fig.value)) for x in mine)


def _first(m: Mention) -> bool:
    """The ordinal `first` alone: translations say it in other words (`the first plant` / `the previous one`,
    `for the first time` / `first went`), so its absence is worth a look, not a verdict (minor)."""
    return m.kind == "ordinal" and m.surface.casefold() == "first"


def pair_findings(doc: AlignedDoc, a) -> list[Finding]:
    ref_text, cand_text = doc.reference.group_text(a.ref), doc.candidate.group_text(a.cand)
    ref_m, cand_m = extract(ref_text), extract(cand_text)
    changed, vanished, appeared = compare(ref_m, cand_m)
    changed = [(r, c) for r, c in changed if not (_restated(r, c) and _restatement_agrees(r, c, ref_m, cand_m))]
    out = []
    ref_span_all, cand_span_all = doc.reference.group_span(a.ref), doc.candidate.group_span(a.cand)
    for r, c in changed:
        rs, cs = _show(r, ref_text), _show(c, cand_text)
        restated = _restated(r, c)
        out.append(Finding(
            category="number.changed", severity="minor" if restated else "major", side="both",
            ref_span=group_locate(doc.reference, a.ref, r.start, r.end),
            cand_span=group_locate(doc.candidate, a.cand, c.start, c.end),
            ref_text=snippet(ref_text, r.start, r.end, 30), cand_text=snippet(cand_text, c.start, c.end, 30),
            message=f"Number changed: the reference says “{rs}”, the candidate “{cs}”."
                    + (" One is a multiple, the other a figure: check that they agree." if restated else ""),
            suggestion=f"Check the figure against the source: “{r.surface}”.",
        ))
    for r in vanished:
        out.append(Finding(
            category="number.vanished", severity="minor" if _first(r) else "major", side="reference",
            ref_span=group_locate(doc.reference, a.ref, r.start, r.end), cand_span=cand_span_all,
            ref_text=snippet(ref_text, r.start, r.end, 30), cand_text=cand_text,
            message=f"“{_show(r, ref_text)}” of the reference is missing from the aligned candidate sentence.",
            suggestion=f"Restore “{r.surface}”, or confirm it was cut on purpose.",
        ))
    changed_to = {}  # a changed-to value seen again in the candidate is the same change, not a new figure
    for (r, c), f in zip(changed, out):
        changed_to.setdefault((c.value, c.kind), f)
    for c in appeared:
        f = Finding(
            category="number.appeared", severity="minor" if _first(c) else "major", side="candidate",
            ref_span=ref_span_all, cand_span=group_locate(doc.candidate, a.cand, c.start, c.end),
            ref_text=ref_text, cand_text=snippet(cand_text, c.start, c.end, 30),
            message=f"“{_show(c, cand_text)}” in the candidate has no equal in the aligned reference sentence.",
            suggestion="Check where this figure comes from.",
        )
        host = changed_to.get((c.value, c.kind))
        if host is None:
            out.append(f)
            continue
        if f.cand_span not in host.occurrences:
            host.occurrences.append(f.cand_span)
        host.related.append({"id": f.id, "category": f.category, "severity": f.severity, "message": f.message})
    return out


@register("number", categories=("number.changed", "number.vanished", "number.appeared"), settings=("pair_gate",))
def number(doc: AlignedDoc):
    return merge_same(f for a in doc.trusted_pairs for f in pair_findings(doc, a))
