"""Findings an editor can trust (issue 17), on the MQM TED zh-en data (../shared/bench/mqm_ted_zhen.tsv).

Each talk's reference translation and one MT system's translation are checked as two documents
(one segment a paragraph), and every finding is put on the segment(s) its spans fall in.

1. False alarms: the share of segments every rater marked No-error that get a major finding.
3. Injected edits: each talk's reference against itself with a figure changed or a `not` added or
   dropped in every other segment: how many edits get their finding and whether its candidate span is
   on the changed words (beside a random span of the same length); a direct reading of the span rule
   that does not depend on the raters marking the error. The same with a content word replaced by a
   look-alike of another stem drawn from the talks' own words (`promise` -> `premise`): whether `term` finds it
   and puts its span on the new word.
   And a name (a run of capitalised words inside a sentence) misspelled, dropped or replaced by another name of
   the talk, in every other segment that has one (the same on refB, held out): whether the name check finds it
   (an omission.partial that holds the name.missing in `related` counts) and whether its span is on the edit.
2. Spans: for the findings on segments with a marked error span (MQM raters' <v>...</v>), per
   category, the share whose candidate span overlaps a marked span, beside a random span of the
   same length in the same segment (its exact expected overlap over every position).

The same figures for main's code (today) are computed in the same run by running this script
with PYTHONPATH pointing at it (--today DIR, a checkout of the code before), and printed beside this branch's.

    python bench/trust.py [--systems 3] [--today DIR] [--heldout talk.7]

The tables include the No-error segments flagged at >= minor by category (segments whose only findings are of that
category / with it among others); `--show clean:CATEGORY` prints those findings one by one with their texts.
"""
from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mqm import CACHE_DIR, DEFAULT_TSV, Segment, load  # noqa: E402

CATEGORIES = ("term", "negation", "number.changed", "number.appeared", "number.vanished", "name.misspelled",
              "name.case", "name.unknown", "name.missing", "name.variant")
_V = re.compile(r"<v>(.*?)</v>", re.S)


def marked_spans(path=DEFAULT_TSV):
    """{(system, talk, seg): [(start, end)]} of the raters' marked spans (non-punctuation), in the
    segment text with the markers removed; and the set of segments every rater marked No-error."""
    spans: dict[tuple, list] = defaultdict(list)
    sev: dict[tuple, set] = defaultdict(set)
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["doc"], int(row["seg_id"]))
            s = row["severity"].strip().lower()
            sev[key].add(s)
            if s == "no-error" or row["category"].startswith("Fluency/Punctuation"):
                continue
            t = row["target"]
            m = _V.search(t)
            if m:
                start = len(re.sub(r"</?v>", "", t[: m.start()]))
                text = re.sub(r"</?v>", "", m.group(1))
                spans[key].append((start, start + len(text)))
    clean = {k for k, v in sev.items() if v == {"no-error"}}
    return dict(spans), clean


def _docs(talk, system):
    """The two documents (segments joined as paragraphs) and each segment's (start, end, seg_id)."""
    def build(segs):
        parts, offs, pos = [], [], 0
        for s in segs:
            parts.append(s.text)
            offs.append((pos, pos + len(s.text), s.seg_id))
            pos += len(s.text) + 2
        return "\n\n".join(parts), offs
    cand_segs = talk.systems[system]
    ids = {s.seg_id for s in cand_segs}
    ref_text, ref_offs = build([s for s in talk.ref if s.seg_id in ids])
    cand_text, cand_offs = build(cand_segs)
    return ref_text, ref_offs, cand_text, cand_offs


def _segs_of(span, offs):
    if not span:
        return []
    a, b = span
    return [(sid, s) for s, e, sid in offs if s < max(b, a + 1) and a < e]


_AUX_VERB = re.compile(r"(?<!n't )(?<!n’t )(?<!not )(?<!never )\b(is|are|was|were|can|will|would|could|should|does|did|do|has|have)"
                       r"\s+(?!not\b|never\b)(?=[a-z]{3,})")  # no `doesn't have not`: one negation added
_NOT = re.compile(r"\b(not|never)\s+(?=([a-z]{3,}))")
_FIGURE = re.compile(r"(?<![\w.,])(\d+)(?![\w.,]\d)")


def _edit(text: str, kind: str):
    """(edited text, (start, end) of the changed words in it, expected category) or None."""
    if kind == "number":
        m = _FIGURE.search(text)
        if not m:
            return None
        v = int(m.group(1))
        new = str(v + 3 if 1500 <= v <= 2100 else v * 3 + 7)
        return text[: m.start()] + new + text[m.end():], (m.start(), m.start() + len(new)), "number.changed"
    if kind == "negation added":
        m = _AUX_VERB.search(text)
        if not m:
            return None
        at = m.end(1) + 1
        return text[:at] + "not " + text[at:], (at, at + 3), "negation"
    if kind == "negation dropped":
        m = _NOT.search(text)
        if not m:
            return None
        out = text[: m.start()] + text[m.end():]
        return out, (m.start(), m.start() + len(m.group(2))), "negation"  # the predicate it negated
    return None


KINDS = ("number", "negation added", "negation dropped")


def _run_edits(edit, categories: tuple[str, ...], which: str = "ref", talks=None) -> dict:
    """Each talk's reference against itself with ``edit(n, text)`` applied to its segments (``(new text,
    (start, end) of the edit, kind, expected category)`` or None): per edit, whether a finding of
    ``categories`` is there and whether its candidate span is on the changed words. ``talks``: {name: talk}
    (default: the MQM talks)."""
    from qualcheck.embed import get_encoder

    enc = get_encoder(cache_dir=os.environ.get("QUALCHECK_TRUST_CACHE", CACHE_DIR))
    rows = []
    for tn, talk in (talks or load().talks).items():
        segs = [x for x in getattr(talk, which) or [] if len(x.text.split()) >= 6]
        parts, cparts, edits, offs, roffs, cpos, rpos = [], [], [], [], [], 0, 0
        for n, sg in enumerate(segs):
            done = edit(n, sg.text, talk)
            if done:
                edits.append({"talk": tn, "seg": sg.seg_id, "kind": done[2], "expect": done[3],
                              "span": list(done[1]), "len": len(done[0]),
                              # where the edit is in the (unedited) reference segment, when the edit says
                              **({"ref_span": list(done[4]), "ref_len": len(sg.text)} if len(done) > 4 else {})})
            ctext = done[0] if done else sg.text
            parts.append(sg.text)
            cparts.append(ctext)
            offs.append((cpos, cpos + len(ctext), sg.seg_id))
            roffs.append((rpos, rpos + len(sg.text), sg.seg_id))
            cpos += len(ctext) + 2
            rpos += len(sg.text) + 2
        found = _findings("\n\n".join(parts), "\n\n".join(cparts), enc)
        by_seg = {e["seg"]: e for e in edits}
        for f in (SimpleNamespace(**x) for x in found):
            # a finding counts by its category or by one it holds in `related` (the merge folds a name.missing
            # into the omission.partial of a dropped run)
            cats = [f.category] + [c for c in getattr(f, "related", None) or [] if c != f.category]
            if not set(cats) & set(categories):
                continue
            ref_local = {sid: [f.ref_span[0] - s0, f.ref_span[1] - s0]
                         for sid, s0 in _segs_of(tuple(f.ref_span), roffs)} if f.ref_span else {}
            if f.cand_span:
                where = {}
                # the finding's span, then its further occurrences (one finding per distinct mangling: `Eath` in two
                # segments is one name.misspelled)
                for sp in [f.cand_span] + [o for o in getattr(f, "occurrences", None) or [] if f.side != "reference"]:
                    for sid, s0 in _segs_of(tuple(sp), offs):
                        where.setdefault(sid, [sp[0] - s0, sp[1] - s0])
            elif set(cats) & set(categories) - {"number.changed", "negation", "term"}:
                where = {sid: None for sid in ref_local}  # a reference-side finding: placed by its reference span
            else:
                continue
            for sid, local in where.items():
                rows.append({"talk": tn, "seg": sid, "category": f.category, "cats": cats,
                             "local": local, "ref_local": ref_local.get(sid), "edited": sid in by_seg})
        for e in edits:
            rows.append({**e, "edit": True})
    return {"rows": rows}


def run_injected(seed: int) -> dict:
    """Each talk's reference against itself with one edit in many segments (a figure changed, a `not`
    added or dropped): whether the finding is there and whether its span is on the changed words."""

    def edit(n: int, text: str, _talk=None):
        if n % 2:
            return None
        for kind in KINDS[n % 3:] + KINDS[: n % 3]:  # rotate the kinds over the segments
            done = _edit(text, kind)
            if done:
                return done[0], done[1], kind, done[2]
        return None

    return _run_edits(edit, ("number.changed", "negation"))


_WORD = re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])")
_FUNCTION = frozenset("about above after again against among another around because before being below between "
                      "could during every might other should their there these those though through under until "
                      "where which while would whose".split())


def _vocabulary(data) -> list[str]:
    """The lower-case words (5+ letters) of every talk's two human translations: the look-alikes to draw from."""
    words = set()
    for talk in data.talks.values():
        for x in list(talk.ref) + list(talk.refB or []):
            words.update(_WORD.findall(x.text))
    return sorted(words)


def _lookalike_edit(text: str, vocab: list[str], rng: random.Random):
    """(text with one content word replaced by a look-alike of another stem, (start, end) of the new word) or None:
    `promise` -> `premise`, as a machine translation writes `double-use` for `dual-use`."""
    from rapidfuzz import fuzz, process

    spots = [m for m in _WORD.finditer(text) if m.group(0) not in _FUNCTION]
    rng.shuffle(spots)
    for m in spots:
        w = m.group(0)
        for v, score, _ in process.extract(w, vocab, scorer=fuzz.ratio, limit=8):
            # another word, not another form of it: they differ before their last three letters (`promise` /
            # `premise`, not `report` / `reported`, `drink` / `drank`): the same edits whatever qualcheck's version
            if score >= 80 and len(os.path.commonprefix([v, w])) < min(len(v), len(w)) - 3:
                return text[: m.start()] + v + text[m.end():], (m.start(), m.start() + len(v))
    return None


def run_injected_terms(seed: int) -> dict:
    """Each talk's reference against itself with a content word replaced by a look-alike of another stem in
    every other segment: whether `term` finds it and whether its candidate span is the new word."""
    vocab = _vocabulary(load())
    rng = random.Random(seed)

    def edit(n: int, text: str, _talk=None):
        done = _lookalike_edit(text, vocab, rng) if n % 2 == 0 else None
        return (done[0], done[1], "look-alike word", "term") if done else None

    return _run_edits(edit, ("term",))


# a name: a run of capitalised words (a possessive 's left out) that does not open a sentence, a line or a
# bracket and is not one of these words; nationality adjectives (-an, -ans, -ic, -ish, -ese) are not names
_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)*(?![\w-])")
_NOT_NAMES = frozenset("and but now here there then want music laughter applause macro deci okay yes no so "
                       "the this that what when where why how god mr mrs ms dr".split())
_NATIONALITY = re.compile(r"(an|ans|ic|ish|ese)$")
NAME_KINDS = ("name misspelled", "name dropped", "name replaced")
# findings whose candidate span is the name they are about; name.missing / omission.partial point at the reference
CAND_SPAN_NAMES = frozenset({"name.misspelled", "name.unknown", "name.variant", "name.case"})


def _names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names in a text (see _NAME)."""
    out = []
    for m in _NAME.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in ".!?\"“:;()—–-" or re.search(r"[.!?][”’]$", before):
            continue  # (`... “warm and friendly.” In rejection`: a sentence's start after a closing quote)
        words = [w for w in m.group(0).split() if w.lower() not in _NOT_NAMES and not _NATIONALITY.search(w)]
        if words != m.group(0).split():
            continue  # a run with a stop word or a nationality word in it: not taken
        out.append((m.start(), m.end(), m.group(0)))
    return out


def _name_edit(text: str, kind: str, others: list[str], rng: random.Random, find=None):
    """(edited text, (start, end) of the edit in it, expected categories, (start, end) of the name in the text) or
    None. ``others``: the other names of the talk (for a replacement); ``find``: the names to pick from (_names)."""
    names = (find or _names)(text)
    if not names:
        return None
    a, b, name = names[rng.randrange(len(names))]
    if kind != "name misspelled" and text.count(name) > 1:
        return None  # dropped or replaced once, the name would still be in the segment
    if kind == "name misspelled":
        words = [(m.start(), m.group(0)) for m in re.finditer(r"[A-Za-z]+", name) if len(m.group(0)) >= 4]
        if not words:
            return None
        off, w = max(words, key=lambda x: len(x[1]))
        i = rng.randrange(1, len(w) - 1)  # inside the word: not its first letter
        if len(w) >= 5 and rng.random() < 0.5:
            new = w[:i] + w[i + 1:]  # a letter dropped: Volodymyr -> Volodymr
        else:
            i = min(i, len(w) - 2)
            new = w[:i] + w[i + 1] + w[i] + w[i + 2:]  # two letters swapped
            if new == w:
                return None
        s0 = a + off
        return text[:s0] + new + text[s0 + len(w):], (a, b + len(new) - len(w)), ("name.misspelled",), (a, b)
    if kind == "name dropped":
        end = b + (2 if text[b:b + 2] in ("'s", "’s") else 0)
        start = a - 1 if a and text[a - 1] == " " else a
        if not a or not text[:a].strip() or text[:a].rstrip()[-1] in ".!?\"“‘'":  # it opened a sentence
            end += len(text[end:]) - len(text[end:].lstrip(" ,"))
            start = a
            rest = text[end:]
            return text[:start] + rest[:1].upper() + rest[1:], (start, start), ("name.missing",), (a, b)
        return text[:start] + text[end:], (start, start), ("name.missing",), (a, b)
    if kind == "name replaced":
        words = set(name.lower().split())
        pool = sorted({o for o in others if not set(o.lower().split()) & words})
        if not pool:
            return None
        new = pool[rng.randrange(len(pool))]
        return text[:a] + new + text[b:], (a, a + len(new)), ("name.missing", "name.unknown"), (a, b)
    return None


# a sentence's start: the segment's start, or after a full stop, question or exclamation mark (a quote mark between)
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])(?<!\b[A-Z]\.)[”’]?\s+[\"“‘']?)(?=[A-Z])")  # (not after `V.`)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?![\w-])")


@functools.lru_cache(maxsize=1)
def _corpus_words() -> tuple[frozenset, frozenset]:
    """(words the corpus writes in lower case, words it writes capitalised inside a sentence (see _names)), over every
    talk's two human translations and every system: what says a sentence-initial word is a name, independently of
    the one story qualcheck reads (a word seen capitalised mid-sentence in another talk counts)."""
    data = load()
    lower, named = set(), set()
    for talk in [*data.talks.values(), _seed_talks("ref")["seed"], _seed_talks("refB")["seed"]]:
        for segs in [talk.ref, talk.refB or [], *getattr(talk, "systems", {}).values()]:
            for sg in segs:
                lower.update(_LOWER_WORD.findall(sg.text))
                for *_, name in _names(sg.text):
                    named.update(w.lower() for w in name.split())
    return frozenset(lower), frozenset(named)


def _start_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names that open a sentence: a run of capitalised words at a sentence's start whose
    every word the corpus never writes in lower case and writes capitalised mid-sentence somewhere (`Venus`, `Putin`;
    not `Imagine`, `Now`)."""
    lower, named = _corpus_words()
    out = []
    for st in _SENTENCE_START.finditer(text):
        m = _NAME.match(text, st.end())
        if not m:
            continue
        words = m.group(0).split()
        if all(w.lower() not in lower and w.lower() in named and w.lower() not in _NOT_NAMES
               and not _NATIONALITY.search(w) for w in words):
            out.append((m.start(), m.end(), m.group(0)))
    return out


@functools.lru_cache(maxsize=4096)
def _tagged_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where spaCy's English model (the one qualcheck's names check reads) tags a name in the segment."""
    from qualcheck.models import SPACY_MODEL, spacy_pipeline

    nlp = spacy_pipeline(SPACY_MODEL)
    doc = nlp(text, disable=[p for p in nlp.pipe_names if p != "ner"])
    return tuple((e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS)


_NAME_LABELS = frozenset({"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})


def _untagged_names(text: str) -> list[tuple[int, int, str]]:
    """The names of _names that spaCy's model does not tag as a name (`French Revolution`, `Big Bang`)."""
    tagged = _tagged_spans(text)
    return [(a, b, n) for a, b, n in _names(text) if not any(s < b and a < e for s, e in tagged)
            and n.lower() not in _CALENDAR]


_CALENDAR = frozenset("january february march april may june july august september october november december monday "
                      "tuesday wednesday thursday friday saturday sunday".split())  # not names an editor checks


# where the injected name stands: inside a sentence (any name), opening a sentence, a name spaCy does not tag
NAME_PLACES = {"": _names, "start": _start_names, "untagged": _untagged_names}


SEED_DIR = HERE.parent / "qualcheck" / "data"  # the seed pair (a news story and another report of it, machine-translated)


def _seed_talks(which: str) -> dict:
    """The seed's news story as a talk of its own (its lines, as qualcheck's cleaner leaves them: no web code, no
    teaser of another story): the reference story for ``ref``, the other report (held out) for ``refB``."""
    from qualcheck.clean import clean

    name = "reference_colorado_politics.txt" if which == "ref" else "candidate_machine_translated.txt"
    lines = [ln.strip() for ln in clean((SEED_DIR / name).read_text(encoding="utf-8"))[1].splitlines()]
    segs = [Segment(k, ln) for k, ln in enumerate(x for x in lines if x)]
    return {"seed": SimpleNamespace(name="seed", ref=segs, refB=segs)}


def run_injected_names(seed: int, which: str = "ref", place: str = "") -> dict:
    """Each talk's reference against itself with a name edited in every other segment that has one (see _names):
    misspelled (a letter dropped or two swapped), dropped, or replaced by another name of the talk, in turn; whether
    the name check finds it (name.misspelled; name.missing, or an omission.partial holding it; name.missing or
    name.unknown) and whether its span is on the edit.

    ``place`` "start" (names opening a sentence) or "untagged" (names spaCy's model does not tag): too few for one
    kind every other segment, so each kind in turn edits every segment with such a name (one document per kind and
    talk), over the MQM talks and the seed's news story (its reference story; for refB, the other report)."""
    if not place:
        return _run_injected_names(seed, which, place, None)
    rows = []
    talks = {**load().talks, **_seed_talks(which)}
    for kind in NAME_KINDS:
        got = _run_injected_names(seed, which, place, kind, talks)
        rows.extend({**r, "talk": f"{r['talk']}|{kind}"} for r in got["rows"])
    return {"rows": rows}


def _run_injected_names(seed: int, which: str, place: str, only, talks=None) -> dict:
    rng = random.Random(seed)
    talk_names: dict[str, list[str]] = {}
    seen = {"k": 0}
    find = NAME_PLACES[place]

    def edit(n: int, text: str, talk=None):
        if talk.name not in talk_names:
            talk_names[talk.name] = sorted({x for sg in getattr(talk, which) for f in {_names, find}
                                            for *_, x in f(sg.text)})
        if not find(text):
            return None
        k = seen["k"]
        seen["k"] += 1
        if only:
            done = _name_edit(text, only, talk_names[talk.name], rng, find)
            return (done[0], done[1], only, done[2], done[3]) if done else None
        if k % 2:
            return None
        for kind in NAME_KINDS[(k // 2) % 3:] + NAME_KINDS[: (k // 2) % 3]:  # rotate the kinds over the segments
            done = _name_edit(text, kind, talk_names[talk.name], rng, find)
            if done:
                return done[0], done[1], kind, done[2], done[3]
        return None

    return _run_edits(edit, ("name.misspelled", "name.missing", "name.unknown", "name.variant", "name.case"), which,
                      talks)


# (key in the results, row label): references and refB (held out); names inside a sentence, opening one, untagged
NAME_RUNS = tuple((f"injected_names{'_' + place if place else ''}{'_refB' if which == 'refB' else ''}",
                   f"{'refB: ' if which == 'refB' else ''}{place + ':' if place else ''}".strip())
                  for which in ("ref", "refB") for place in NAME_PLACES)


def run_all_injected_names(seed: int) -> dict:
    return {key: run_injected_names(seed, which, place) for (key, _), (which, place) in
            zip(NAME_RUNS, [(w, p) for w in ("ref", "refB") for p in NAME_PLACES])}


def run_refb() -> dict:
    """Each talk's reference against its second human translation (refB), checked as documents: a
    translation no rater was asked about, kept aside; every major finding on it is most likely a false alarm."""
    from qualcheck.embed import get_encoder

    data = load()
    enc = get_encoder(cache_dir=os.environ.get("QUALCHECK_TRUST_CACHE", CACHE_DIR))
    segs = flagged = flagged_minor = 0
    cats: dict[str, int] = defaultdict(int)
    every: dict[str, int] = defaultdict(int)  # findings of any severity by category
    for tn, talk in data.talks.items():
        if not talk.refB:
            continue
        ids = {x.seg_id for x in talk.refB}
        ref = [x for x in talk.ref if x.seg_id in ids]
        pos, offs = 0, []
        for x in talk.refB:
            offs.append((pos, pos + len(x.text), x.seg_id))
            pos += len(x.text) + 2
        found = _findings("\n\n".join(x.text for x in ref), "\n\n".join(x.text for x in talk.refB), enc)
        hit, hit_minor = set(), set()
        for f in (SimpleNamespace(**x) for x in found):
            every[f.category] += 1
            if f.severity in ("major", "minor") and f.cand_span and f.side != "reference":
                hit_minor |= {sid for sid, _ in _segs_of(tuple(f.cand_span), offs)}
            if f.severity == "major":
                cats[f.category] += 1
                if f.cand_span and f.side != "reference":
                    hit |= {sid for sid, _ in _segs_of(tuple(f.cand_span), offs)}
        segs += len(offs)
        flagged += len(hit)
        flagged_minor += len(hit_minor)
    return {"segments": segs, "major_segments": flagged, "categories": dict(cats), "every": dict(every),
            "minor_segments": flagged_minor}


def injected_figures(result: dict, kinds=KINDS) -> dict:
    edits = [r for r in result["rows"] if r.get("edit")]
    found = [r for r in result["rows"] if not r.get("edit")]
    out = {}
    for kind in kinds:
        ks = [e for e in edits if e["kind"] == kind]
        hit = span_hit = base = 0
        missed, by = [], defaultdict(int)
        for e in ks:
            expect = {e["expect"]} if isinstance(e["expect"], str) else set(e["expect"])
            fs = [f for f in found if f["talk"] == e["talk"] and f["seg"] == e["seg"]
                  and set(f.get("cats") or [f["category"]]) & expect]
            if not fs:
                missed.append(e)
                continue
            hit += 1
            f = fs[0]
            by[f["category"] + ("" if f["category"] in expect else f" ({'/'.join(sorted(expect & set(f.get('cats', []))))})")] += 1
            if "ref_span" in e and (f["local"] is None or f["category"] not in CAND_SPAN_NAMES):
                # a name dropped or replaced: the finding's reference span on the name that is no longer there
                (a, b), on, length = f["ref_local"] or (0, 0), e["ref_span"], e["ref_len"]
            else:
                (a, b), on, length = f["local"], e["span"], e["len"]
            span_hit += _overlap((a, b), on)
            base += _random_overlap(max(1, b - a), length, [tuple(on)])
        out[kind] = {"n": len(ks), "found": hit, "span": span_hit / hit if hit else None,
                     "random": base / hit if hit else None, "missed": missed,
                     "by": dict(by)}
    # findings of the categories on segments that were not edited: false alarms on identical text
    out["on unedited segments"] = sum(1 for f in found if not f["edited"])
    out["unedited findings"] = [f for f in found if not f["edited"]]
    return out


@functools.lru_cache(maxsize=1)
def _code_key() -> str:
    """A digest of this interpreter's qualcheck (its sources and data files): a cached report is re-used only for
    the same code."""
    import qualcheck

    root = Path(qualcheck.__file__).resolve().parent
    h = hashlib.sha1()
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".txt", ".json", ".tsv", ".csv", ".toml") and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _findings(ref_text: str, cand_text: str, enc) -> list[dict]:
    """The findings of one document pair as dicts, cached on disk (``bench/.cache/trust/``) by the code and the
    two texts: re-running the benchmark on unchanged code reads them back (``QUALCHECK_TRUST_NO_CACHE=1`` to
    recompute)."""
    from qualcheck import check

    key = hashlib.sha1((_code_key() + "\0" + ref_text + "\0" + cand_text).encode()).hexdigest()
    path = Path(os.environ.get("QUALCHECK_TRUST_CACHE", CACHE_DIR)) / "trust" / f"{key}.json"
    if path.is_file() and not os.environ.get("QUALCHECK_TRUST_NO_CACHE"):
        return json.loads(path.read_text(encoding="utf-8"))
    rep = check(ref_text, cand_text, encoder=enc)
    out = [{"category": f.category, "severity": f.severity, "side": f.side, "message": f.message,
            "ref_span": list(f.ref_span) if f.ref_span else None,
            "cand_span": list(f.cand_span) if f.cand_span else None,
            "occurrences": [list(o) for o in (f.occurrences or [])],
            "related": [r.get("category", "") for r in (f.related or [])]} for f in rep.findings]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out), encoding="utf-8")
    tmp.replace(path)
    return out


def run(systems_per_talk: int, seed: int) -> dict:
    """Findings of this interpreter's qualcheck, per segment: JSON-able rows."""
    from qualcheck.embed import get_encoder

    data = load()
    enc = get_encoder(cache_dir=os.environ.get("QUALCHECK_TRUST_CACHE", CACHE_DIR))
    rng = random.Random(seed)
    rows = []
    t0 = time.perf_counter()
    for tn, talk in data.talks.items():
        for sysname in rng.sample(sorted(talk.systems), systems_per_talk):
            ref_text, ref_offs, cand_text, cand_offs = _docs(talk, sysname)
            t1 = time.perf_counter()
            found = _findings(ref_text, cand_text, enc)
            if os.environ.get("QUALCHECK_TRUST_VERBOSE"):
                print(f"  {tn} {sysname}: {time.perf_counter() - t1:.1f} s", file=sys.stderr, flush=True)
            for f in (SimpleNamespace(**x) for x in found):
                cand_spans = ([tuple(f.cand_span)] if f.cand_span and f.side != "reference" else []) + \
                    ([tuple(o) for o in f.occurrences] if f.side != "reference" else [])
                segs = {sid for sp in cand_spans for sid, _ in _segs_of(sp, cand_offs)}
                if f.side in ("reference", "both") and f.ref_span:
                    segs |= {sid for sid, _ in _segs_of(tuple(f.ref_span), ref_offs)}
                local = []  # the candidate spans relative to their segment's start
                for sp in cand_spans:
                    for sid, s in _segs_of(sp, cand_offs):
                        local.append((sid, sp[0] - s, sp[1] - s))
                rows.append({"talk": tn, "system": sysname, "category": f.category, "severity": f.severity,
                             "segs": sorted(segs), "local": local, "message": f.message,
                             "ref_local": [(sid, f.ref_span[0] - s, f.ref_span[1] - s)
                                           for sid, s in _segs_of(tuple(f.ref_span), ref_offs)] if f.ref_span else []})
            rows.append({"talk": tn, "system": sysname, "category": "", "severity": "", "segs": [],
                         "local": [], "all_segs": [sid for _, _, sid in cand_offs]})
    return {"rows": rows, "seconds": time.perf_counter() - t0}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a share k / n."""
    if not n:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / d
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / d
    return max(0.0, mid - half), min(1.0, mid + half)


def _overlap(a, b):
    return a[0] < b[1] and b[0] < a[1]


def _random_overlap(length: int, text_len: int, marked) -> float:
    """Exact probability that a span of ``length`` at a uniform position in the segment overlaps a marked span."""
    n = max(1, text_len - length + 1)
    hits = sum(1 for s in range(n) if any(_overlap((s, s + length), m) for m in marked))
    return hits / n


def figures(result: dict, data, spans, clean, heldout: str) -> dict:
    texts = {(sn, tn, s.seg_id): s.text for tn, t in data.talks.items() for sn, segs in t.systems.items() for s in segs}
    out = {}
    for part in ("all", heldout):
        rows = [r for r in result["rows"] if part == "all" or r["talk"] == part]
        docs = {(r["talk"], r["system"]): r["all_segs"] for r in rows if "all_segs" in r}
        clean_segs = {(sn, tn, sid) for (tn, sn), segs in docs.items() for sid in segs if (sn, tn, sid) in clean}
        flagged = {(r["system"], r["talk"], sid) for r in rows if r["severity"] == "major" for sid in r["segs"]}
        any_flag = {(r["system"], r["talk"], sid) for r in rows if r["severity"] in ("major", "minor") for sid in r["segs"]}
        by_cat: dict[str, int] = defaultdict(int)  # categories of the major findings on No-error segments
        for r in rows:
            if r["severity"] == "major" and {(r["system"], r["talk"], sid) for sid in r["segs"]} & clean_segs:
                by_cat[r["category"]] += 1
        # each No-error segment flagged at >= minor, by the categories of its findings (>= minor) there: the
        # segments whose only findings are of category X, and those with X among others
        seg_cats: dict[tuple, set] = defaultdict(set)
        for r in rows:
            if r["severity"] in ("major", "minor"):
                for sid in r["segs"]:
                    if (r["system"], r["talk"], sid) in clean_segs:
                        seg_cats[(r["system"], r["talk"], sid)].add(r["category"])
        flagged_by: dict[str, list] = defaultdict(lambda: [0, 0])  # category -> [only, any]
        for cs in seg_cats.values():
            for c in cs:
                flagged_by[c][1] += 1
            if len(cs) == 1:
                flagged_by[next(iter(cs))][0] += 1
        cats = {}
        for cat in CATEGORIES:
            hit = base = n = 0
            for r in rows:
                if r["category"] != cat:
                    continue
                for sid, a, b in r["local"][:1]:
                    key = (r["system"], r["talk"], sid)
                    if key not in spans or key not in texts:
                        continue
                    n += 1
                    hit += any(_overlap((a, b), m) for m in spans[key])
                    base += _random_overlap(max(1, b - a), len(texts[key]), spans[key])
            cats[cat] = {"n": n, "hits": hit, "overlap": hit / n if n else None, "random": base / n if n else None}
        out[part] = {
            "clean_segments": len(clean_segs),
            "major_on_clean": len(flagged & clean_segs) / max(1, len(clean_segs)),
            "finding_on_clean": len(any_flag & clean_segs) / max(1, len(clean_segs)),
            "categories": cats,
            "major_categories": dict(sorted(by_cat.items(), key=lambda kv: -kv[1])),
            "flagged_by": dict(sorted(flagged_by.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))),
            "flagged_several": sum(1 for cs in seg_cats.values() if len(cs) > 1),
        }
    return out


def marks(path=DEFAULT_TSV) -> dict:
    """{(system, talk, seg): [(start, end, category, severity)]}: every rater's marked span, for reading."""
    out: dict[tuple, list] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            m = _V.search(row["target"])
            if m and row["severity"].strip().lower() != "no-error":
                start = len(re.sub(r"</?v>", "", row["target"][: m.start()]))
                out[(row["system"], row["doc"], int(row["seg_id"]))].append(
                    (start, start + len(re.sub(r"</?v>", "", m.group(1))), row["category"], row["severity"]))
    return out


def show(result: dict, data, spans, clean, which: str) -> None:
    """Print findings one by one with their segment texts: the candidate span in [[ ]], the raters' marks below;
    ``which``: comma-separated categories (those on segments with a marked span), or `clean-major` (the major
    findings on segments every rater marked No-error)."""
    texts = {(sn, tn, s.seg_id): s.text for tn, t in data.talks.items() for sn, segs in t.systems.items() for s in segs}
    refs = {(tn, s.seg_id): s.text for tn, t in data.talks.items() for s in t.ref}
    every = marks()
    cats = set(which.split(","))
    for r in result["rows"]:
        if not r["category"]:
            continue
        keys = [(r["system"], r["talk"], sid) for sid in r["segs"]]
        if which == "clean-major":
            if r["severity"] != "major" or not any(k in clean for k in keys):
                continue
        elif which.startswith("clean:"):  # `clean:CATEGORY[,CATEGORY]`: findings >= minor on No-error segments
            if (r["category"] not in set(which[6:].split(",")) or r["severity"] not in ("major", "minor")
                    or not any(k in clean for k in keys)):
                continue
        elif r["category"] not in cats or not (r["local"] and (r["system"], r["talk"], r["local"][0][0]) in spans):
            continue
        print(f"\n== {r['talk']} {r['system']} seg {r['segs']} {r['category']} ({r['severity']}): {r.get('message', '')}")
        for sid, a, b in r["local"][:1]:
            t = texts.get((r["system"], r["talk"], sid), "")
            hit = any(_overlap((a, b), m) for m in spans.get((r["system"], r["talk"], sid), []))
            print(f"  cand {sid} ({'overlaps' if hit else 'misses'} a mark): {t[:a]}[[{t[a:b]}]]{t[b:]}")
        for sid, a, b in r.get("ref_local", [])[:1]:
            t = refs.get((r["talk"], sid), "")
            print(f"  ref  {sid}: {t[:a]}[[{t[a:b]}]]{t[b:]}")
        if which.startswith("clean:") and not r["local"]:
            for sid in r["segs"]:
                print(f"  cand {sid}: {texts.get((r['system'], r['talk'], sid), '')}")
        for k in keys:
            t = texts.get(k, "")
            for a, b, c, sv in every.get(k, []):
                print(f"  mark {k[2]}: {sv} {c}: {t[a:b]!r}")
            if k in clean:
                print(f"  ({k[2]}: every rater marked No-error)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--systems", type=int, default=3, help="MT systems per talk (seeded choice)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--today", default="", help="a qualcheck checkout to compare with, e.g. the branch point "
                    "exported with `git archive c169806 | tar -x -C /tmp/base` (default: none)")
    ap.add_argument("--today-json", default="", help="the rows of a run before (this script's --json output, "
                    "saved to a file), instead of --today")
    ap.add_argument("--heldout", default="talk.7")
    ap.add_argument("--show", default="", help="print the findings one by one with their texts and the raters' marks "
                    "instead of the tables: comma-separated categories, or `clean-major`")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # rows of this interpreter's qualcheck
    args = ap.parse_args(argv)
    if args.json:
        print(json.dumps({**run(args.systems, args.seed), "injected": run_injected(args.seed),
                          "injected_terms": run_injected_terms(args.seed), **run_all_injected_names(args.seed),
                          "refB": run_refb()}))
        return 0
    data = load()
    spans, clean = marked_spans()
    if args.show:
        show(json.loads(Path(args.today_json).read_text(encoding="utf-8").strip().splitlines()[-1]) if args.today_json
             else run(args.systems, args.seed), data, spans, clean, args.show)
        return 0
    results = {}
    if args.today_json:
        results["today"] = json.loads(Path(args.today_json).read_text(encoding="utf-8").strip().splitlines()[-1])
    elif args.today:
        # its own disk cache: another version's cache tables may differ
        env = {**os.environ, "PYTHONPATH": args.today, "QUALCHECK_TRUST_CACHE": str(CACHE_DIR) + "-today"}
        p = subprocess.run([sys.executable, __file__, "--json", "--systems", str(args.systems), "--seed", str(args.seed)],
                           env=env, stdout=subprocess.PIPE, text=True, check=True)
        results["today"] = json.loads(p.stdout.strip().splitlines()[-1])
    results["this branch"] = {**run(args.systems, args.seed), "injected": run_injected(args.seed),
                              "injected_terms": run_injected_terms(args.seed), **run_all_injected_names(args.seed),
                              "refB": run_refb()}
    figs = {k: figures(v, data, spans, clean, args.heldout) for k, v in results.items()}
    n_docs = sum(1 for r in results["this branch"]["rows"] if "all_segs" in r)
    print(f"# bench/trust.py: {n_docs} documents ({args.systems} MT systems per talk, seed {args.seed}); "
          + "; ".join(f"{k} {v['seconds']:.0f} s" for k, v in results.items()))
    for part in ("all", args.heldout):
        print(f"\n## {part if part != 'all' else 'all talks'}")
        f0 = figs[next(iter(figs))][part]
        print(f"segments every rater marked No-error: {f0['clean_segments']}")
        print(f"{'':34s}" + "".join(f"{k:>16s}" for k in figs))
        print(f"{'major finding on No-error segments':34s}" + "".join(f"{figs[k][part]['major_on_clean']:16.1%}" for k in figs))
        print(f"{'any finding >= minor on No-error':34s}" + "".join(f"{figs[k][part]['finding_on_clean']:16.1%}" for k in figs))
        for k in figs:
            print(f"  major findings on No-error segments by category, {k}: "
                  + ", ".join(f"{c} {n}" for c, n in figs[k][part]["major_categories"].items()))
        print(f"\nNo-error segments with a finding >= minor, by category: segments whose only findings (>= minor) are of "
              f"that category / segments with one among others ({', '.join(figs)})")
        every_cat = list(dict.fromkeys(c for k in figs for c in figs[k][part]["flagged_by"]))
        for c in every_cat:
            print(f"  {c:26s}" + "".join(f"{'%d / %d' % tuple(figs[k][part]['flagged_by'].get(c, (0, 0))):>16s}"
                                          for k in figs))
        print(f"  {'(several categories)':26s}" + "".join(f"{figs[k][part]['flagged_several']:>16d}" for k in figs))
        print(f"\nspan overlap with a marked error span, findings on segments with one (random span of the same length)")
        print("(95% Wilson interval of the overlap share in brackets: with a handful of findings the gain says little)")
        print(f"{'category':18s}" + "".join(f"{k + ': n, overlap [95% CI], random, gain':>52s}" for k in figs))
        for cat in CATEGORIES:
            cells = []
            for k in figs:
                c = figs[k][part]["categories"][cat]
                if c["n"]:
                    lo, hi = wilson(c.get("hits", round(c["overlap"] * c["n"])), c["n"])
                    cells.append(f"{c['n']:>6d}  {c['overlap']:6.1%} [{lo:4.0%}-{hi:4.0%}] {c['random']:6.1%} "
                                 f"{100 * (c['overlap'] - c['random']):+6.1f}")
                else:
                    cells.append(f"{c['n']:>6d}  {'-':>6s} {'':11s} {'-':>6s} {'-':>6s}")
            print(f"{cat:18s}" + "".join(f"{x:>52s}" for x in cells))
    print("\n## held out: each talk's reference against its second human translation refB (candidate segments "
          "with a major finding)")
    for k, v in results.items():
        if "refB" in v:
            b = v["refB"]
            print(f"  {k}: {b['major_segments']} of {b['segments']} segments "
                  f"({b['major_segments'] / max(1, b['segments']):.1%}); major findings by category: "
                  + ", ".join(f"{c} {n}" for c, n in sorted(b["categories"].items(), key=lambda kv: -kv[1])))
            if "minor_segments" in b:  # a candidate span (a reference-side finding has none here)
                print(f"    segments with a finding >= minor on them: {b['minor_segments']} "
                      f"({b['minor_segments'] / max(1, b['segments']):.1%})")
            if "every" in b:
                print(f"    findings of any severity, {', '.join(CATEGORIES[:3])}, mistranslation, omission.partial, "
                      "addition.partial: " + ", ".join(str(b["every"].get(c, 0)) for c in
                                                       (*CATEGORIES[:3], "mistranslation", "omission.partial",
                                                        "addition.partial")))
    print("\n## injected edits: each talk's reference against itself with a figure changed or a `not` "
          "added/dropped in every other segment")
    print(f"{'edit':18s}" + "".join(f"{k + ': n, found, span on the edit, random':>48s}" for k in results))
    for kind in KINDS:
        cells = []
        for k, v in results.items():
            if "injected" not in v:
                cells.append("-")
                continue
            c = injected_figures(v["injected"])[kind]
            cells.append(f"{c['n']:>6d} {c['found'] / max(1, c['n']):7.1%} " + (
                f"{c['span']:7.1%} {c['random']:7.1%}" if c["found"] else "      -       -"))
        print(f"{kind:18s}" + "".join(f"{x:>48s}" for x in cells))
    for k, v in results.items():
        if "injected_terms" not in v:
            continue
        c = injected_figures(v["injected_terms"], ("look-alike word",))
        t = c["look-alike word"]
        print(f"{'look-alike word':18s} {k}: {t['n']} edits, `term` found {t['found'] / max(1, t['n']):.1%}, span on the "
              f"new word {t['span'] or 0:.1%} (random span {t['random'] or 0:.1%}); term findings on unedited segments "
              f"{c['on unedited segments']}")
    # names: a run before the name edits has no rows ("-"); refB, the talks' second human translation, held out
    for key, label in NAME_RUNS:
        for kind in NAME_KINDS:
            cells = []
            for k, v in results.items():
                if key not in v:
                    cells.append("-")
                    continue
                c = injected_figures(v[key], NAME_KINDS)[kind]
                cells.append(f"{c['n']:>6d} {c['found'] / max(1, c['n']):7.1%} " + (
                    f"{c['span']:7.1%} {c['random']:7.1%}" if c["found"] else "      -       -"))
            print(f"{(label + ' ' + kind).strip():28s}" + "".join(f"{x:>48s}" for x in cells))
    for key, label in NAME_RUNS:
        for k, v in results.items():
            if key not in v:
                continue
            c = injected_figures(v[key], NAME_KINDS)
            print(f"  name edits on {label or 'reference'}, {k}: name findings on unedited segments {c['on unedited segments']}"
                  + "".join(f"; {f['category']} on {f['talk']} seg {f['seg']}" for f in c["unedited findings"]))
            for kind in NAME_KINDS:
                print(f"    {kind}: found as " + ", ".join(f"{cat} {n}" for cat, n in sorted(c[kind]["by"].items()))
                      + "".join(f"; missed {e['talk']} seg {e['seg']}" for e in c[kind]["missed"]))
    print(f"{'findings on unedited segments':34s}" + "".join(
        f"{injected_figures(v['injected'])['on unedited segments'] if 'injected' in v else '-':>16}" for v in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
