"""Alignment benchmark on the MQM TED zh-en data: qualcheck's aligner against a greedy baseline.

    python bench/align.py                 # every scenario, segment-level table, scale table
    python bench/align.py --skip-scale    # without the 1k/5k/10k scale table
    python bench/align.py --scenarios S1,S6 --pairs 10
    python bench/align.py --heldout --skip-scale   # plus ref vs refB, the held-out human translation
    python bench/align.py --ablate --pairs 13 --groups all   # each aligner pass switched off, tuned + held out
    python bench/align.py --mode-gap --pairs 5 --scenarios "" --heldout   # own segmentation against one segment a unit

Each talk x MT system is one document pair (reference = the `ref` translation). Both sides
are joined into one text (segments separated by a space) and re-segmented with qualcheck's
own segmenter; a sentence belongs to every seg_id its characters overlap. Gold groups are
the connected components of "shares a seg_id"; a predicted bead is strictly right when it
equals a gold group, laxly right when it links at least one gold pair. "Strict, gold units" first
merges the beads that lie wholly inside one gold group (the truth is segments: it cannot say which
sentence of a two-sentence segment matches which, so two 1-1 pairs inside a 2-2 group are not an error
it can see); a bead crossing a gold boundary, or a group left partly unpaired, is still wrong. Link-level P/R/F1
counts every (reference, candidate) pair inside a bead, as the Bertalign anchor figures do.

Scenarios (random seed fixed per scenario, talk and system):
  S1 as is; S2 15% of candidate segments dropped; S3 15% segments of another talk inserted;
  S4 a block of 5 consecutive candidate segments moved elsewhere; S5 ~10% of adjacent
  candidate segments merged into one sentence and ~5% split in two; S6 all of the above;
  DR "different reports": keep 30% of the candidate's segments, replace the rest with
  segments of other talks (most candidate sentences have no counterpart).
Baseline (same run, same embeddings): greedy, each reference unit takes the most similar
untaken candidate unit if cosine >= 0.5.

Group and moved scenarios (``--groups``; one segment = one unit, the truth is the segments), each beside the
previous aligner (``git show main:qualcheck/align.py``, imported as a temporary module) and greedy:
  SP one reference sentence that the candidate splits into 4-6 sentences: 4-6 consecutive reference segments
     joined at clause boundaries ("a; b; c") into one sentence, the candidate's own segments left as they are
     (one event per 15 segments);
  MG the mirror: 4-6 consecutive candidate segments merged into one sentence;
  MV short documents (windows of 8-12 segments of a talk pair, three per pair) with a block of 3-5 candidate
     segments moved at least two places away.
SP / MG: exact group found (the event's gold group is one bead); MV: link recall of the moved segments' pairs.
``--seed N`` draws fresh events (the defaults were tuned on seed 0).

Default mode against one segment per unit (``--mode-gap``): S1/S2 (or ``--scenarios``) read three ways (one segment a unit; the pipeline's
own cleaning and segmentation of running text; of paragraphs of 4 segments). The truth is segments, so each predicted
sentence-level link (i, j) is projected onto every (reference segment, candidate segment) pair its two sentences
overlap, and link P/R/F1 is counted against the segment links (a correct finer alignment inside a segment is not an
error; a sentence joining two segments links both). Beside it: the old sentence-level link F1, what a perfect sentence
aligner scores on the own segmentation (the sentence-level truth projected), and every wrong segment link by cause:
the cleaner (a character of the segment in no sentence), a join across a segment that ends a sentence (a segmenter
defect), a join across one that does not (a segment ending in a comma: the running text is one sentence), a segment
split into a different number of sentences than its partner, a split inside one segment, or the aligner.
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mqm  # noqa: E402

from qualcheck.align import PASSES, RULES, AlignSettings, align  # noqa: E402
from qualcheck.embed import get_encoder  # noqa: E402
from qualcheck.load import load_text  # noqa: E402
from qualcheck.pipeline import prepare  # noqa: E402

SCENARIOS = ("S1", "S2", "S3", "S4", "S5", "S6", "DR")
TITLES = {
    "S1": "as is", "S2": "15% dropped", "S3": "15% inserted", "S4": "block of 5 moved",
    "S5": "merged / split", "S6": "all at once", "DR": "different reports (30% kept)",
}
# Bertalign and greedy, one segment = one unit, link level (../shared/bench/README.md)
ANCHORS = {
    "S1": ((0.985, 0.997, 0.991), (0.938, 0.876, 0.906)),
    "S2": ((0.908, 0.996, 0.950), (0.814, 0.768, 0.790)),
    "S3": ((0.949, 0.996, 0.972), (0.935, 0.873, 0.903)),
    "S4": ((0.959, 0.951, 0.955), (0.938, 0.876, 0.906)),
}
GREEDY_MIN = 0.5

Unit = tuple  # (text, frozenset of seg_ids)


# --------------------------------------------------------------------------- scenarios
def _merge_text(a: str, b: str) -> str:
    a = re.sub(r"[.!?。]+[\"”’']?\s*$", "", a.rstrip())
    if b[:1].isupper() and not b[:2].isupper() and not b.startswith("I "):
        b = b[:1].lower() + b[1:]
    return f"{a}; {b}"


def _split_text(t: str):
    cuts = [m.start() for m in re.finditer(r", ", t) if 0.3 * len(t) < m.start() < 0.7 * len(t)]
    if not cuts:
        return None
    k = cuts[0]
    rest = t[k + 2 :]
    return t[:k] + ".", rest[:1].upper() + rest[1:]


def merge_split(units, rng):
    out, k = [], 0
    while k < len(units):
        t, ids = units[k]
        if k + 1 < len(units) and rng.random() < 0.10 and ids and units[k + 1][1]:
            t2, ids2 = units[k + 1]
            out.append((_merge_text(t, t2), ids | ids2))
            k += 2
            continue
        if rng.random() < 0.05:
            sp = _split_text(t)
            if sp:
                out += [(sp[0], ids), (sp[1], ids)]
                k += 1
                continue
        out.append((t, ids))
        k += 1
    return out


def drop(units, rng, frac=0.15):
    n = round(frac * len(units))
    gone = set(rng.sample(range(len(units)), n))
    return [u for k, u in enumerate(units) if k not in gone]


def insert(units, rng, others, frac=0.15):
    n = round(frac * len(units))
    out = list(units)
    for t in rng.sample(others, min(n, len(others))):
        out.insert(rng.randrange(len(out) + 1), (t, frozenset()))
    return out


def move_block(units, rng, size=5):
    if len(units) < 3 * size:
        return list(units)
    s = rng.randrange(0, len(units) - size)
    block = units[s : s + size]
    rest = units[:s] + units[s + size :]
    choices = [p for p in range(len(rest) + 1) if abs(p - s) > size]
    p = rng.choice(choices)
    return rest[:p] + block + rest[p:]


def different_reports(units, rng, others, keep=0.30):
    n = len(units)
    kept = set(rng.sample(range(n), round(keep * n)))
    pool = rng.sample(others, min(len(others), n - len(kept)))
    out = []
    for k, u in enumerate(units):
        if k in kept:
            out.append(u)
        elif pool:
            out.append((pool.pop(), frozenset()))
    return out


def scenario(name, units, rng, others):
    if name == "S1":
        return list(units)
    if name == "S2":
        return drop(units, rng)
    if name == "S3":
        return insert(units, rng, others)
    if name == "S4":
        return move_block(units, rng)
    if name == "S5":
        return merge_split(units, rng)
    if name == "S6":
        n0 = len(units)
        u = merge_split(units, rng)
        u = drop(u, rng)
        ins = round(0.15 * n0)
        out = list(u)
        for t in rng.sample(others, min(ins, len(others))):
            out.insert(rng.randrange(len(out) + 1), (t, frozenset()))
        return move_block(out, rng)
    if name == "DR":
        return different_reports(units, rng, others)
    raise ValueError(name)


# --------------------------------------------------------------------------- documents and gold
def sentences_of(units, resegment=True, paragraphs=0):
    """(texts, seg-id sets) of one side: re-segmented with qualcheck, or one unit per segment. ``paragraphs``: the
    text is paragraphs of that many segments (a blank line between them), as copy with paragraphs comes."""
    side = side_of(units, resegment, paragraphs)
    return side.texts, side.ids


class Side:
    """One side of a pair as the pipeline read it: its sentences' texts, their seg-id sets, the indices of the
    units (segments) each sentence overlaps, and per unit the characters the cleaner removed."""

    def __init__(self, units, texts, ids, unit_sets, lost=None, text=""):
        self.units, self.texts, self.ids, self.unit_sets = units, texts, ids, unit_sets
        self.lost = lost or {}  # unit index -> the non-space characters of it that no sentence holds
        self.text = text
        self.altered = []  # (sentence text, original span) where the text is not the span's words
        self.per_unit = {}  # unit index -> its sentence indices
        for i, us in enumerate(unit_sets):
            for u in us:
                self.per_unit.setdefault(u, []).append(i)

    def joined(self, u) -> bool:
        """A sentence of unit ``u`` reaches into another unit (the segmenter joined across the unit boundary)."""
        return any(len(self.unit_sets[i]) > 1 for i in self.per_unit.get(u, ()))


def side_of(units, resegment=True, paragraphs=0) -> Side:
    if not resegment:
        return Side(units, [t for t, _ in units], [ids for _, ids in units], [frozenset([k]) for k in range(len(units))])
    parts, spans, pos = [], [], 0
    for k, (t, ids) in enumerate(units):
        sep = "\n\n" if paragraphs and k and k % paragraphs == 0 else " "
        if k:
            parts.append(sep)
            pos += len(sep)
        spans.append((pos, pos + len(t), ids))
        parts.append(t)
        pos += len(t)
    text = "".join(parts)
    doc = prepare(load_text(text, name="bench"))
    texts, ids, unit_sets, altered = [], [], [], []
    held = bytearray(len(text))
    for s in doc.sentences:
        own = frozenset().union(*[g for a, b, g in spans if a < s.end and s.start < b]) if spans else frozenset()
        texts.append(s.text)
        ids.append(own)
        unit_sets.append(frozenset(k for k, (a, b, _) in enumerate(spans) if a < s.end and s.start < b))
        held[s.start : s.end] = b"\1" * (s.end - s.start)
        if s.text != " ".join(text[s.start : s.end].split()):
            altered.append((s.text, text[s.start : s.end]))
    lost = {}
    for k, (a, b, _) in enumerate(spans):
        gone = "".join(ch for ch, h in zip(text[a:b], held[a:b]) if not h and not ch.isspace())
        if gone:
            lost[k] = gone
    side = Side(units, texts, ids, unit_sets, lost, text)
    side.altered = altered
    return side


def gold_groups(rids, cids):
    """Connected components of 'shares a seg_id' with both sides non-empty: [(refs, cands)]."""
    by_seg_r, by_seg_c = {}, {}
    for i, g in enumerate(rids):
        for s in g:
            by_seg_r.setdefault(s, []).append(i)
    for j, g in enumerate(cids):
        for s in g:
            by_seg_c.setdefault(s, []).append(j)
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in set(by_seg_r) & set(by_seg_c):
        nodes = [("r", i) for i in by_seg_r[s]] + [("c", j) for j in by_seg_c[s]]
        for x in nodes[1:]:
            parent[find(x)] = find(nodes[0])
    comps = {}
    for x in list(parent):
        comps.setdefault(find(x), []).append(x)
    out = []
    for nodes in comps.values():
        r = frozenset(i for s, i in nodes if s == "r")
        c = frozenset(j for s, j in nodes if s == "c")
        if r and c:
            out.append((r, c))
    return out


def coarsen(beads, gold):
    """The prediction at the gold's granularity: beads lying wholly inside one gold group are merged into one.

    The truth is segments, not sentences: when a segment holds two sentences a side, the gold group is 2-2 and
    cannot say whether two 1-1 pairs inside it are right; this reading counts them as the group (a bead that
    crosses a gold boundary, or leaves part of the group out, is still wrong)."""
    where = {}
    for k, (r, c) in enumerate(gold):
        for i in r:
            where[("r", i)] = k
        for j in c:
            where[("c", j)] = k
    merged, out = {}, []
    for r, c in beads:
        ks = {where.get(("r", i)) for i in r} | {where.get(("c", j)) for j in c}
        if len(ks) == 1 and None not in ks:
            k = ks.pop()
            mr, mc = merged.get(k, (frozenset(), frozenset()))
            merged[k] = (mr | r, mc | c)
        else:
            out.append((r, c))
    return out + list(merged.values())


class Score:
    def __init__(self):
        self.sp = self.sr = self.pred = self.gold = 0  # strict
        self.lp = self.lr = 0  # lax
        self.tp_l = self.pred_l = self.gold_l = 0  # links
        self.cp = self.cr = self.cpred = 0  # strict at the gold's granularity (beads inside one gold group merged)
        self.seconds = 0.0

    def add(self, beads, gold):
        gold_set = set(gold)
        link_gold = {(i, j) for r, c in gold for i in r for j in c}
        self.pred += len(beads)
        self.gold += len(gold)
        self.sp += sum(1 for b in beads if b in gold_set)
        self.sr += sum(1 for g in gold if g in set(beads))
        bead_links = [{(i, j) for i in r for j in c} for r, c in beads]
        self.lp += sum(1 for L in bead_links if L & link_gold)
        pred_links = set().union(*bead_links) if bead_links else set()
        self.lr += sum(1 for r, c in gold if any((i, j) in pred_links for i in r for j in c))
        self.tp_l += len(pred_links & link_gold)
        coarse = coarsen(beads, gold)
        cset = set(coarse)
        self.cpred += len(coarse)
        self.cp += sum(1 for b in coarse if b in gold_set)
        self.cr += sum(1 for g in gold if g in cset)
        self.pred_l += len(pred_links)
        self.gold_l += len(link_gold)

    @staticmethod
    def prf(tp_p, pred, tp_r, gold):
        p = tp_p / pred if pred else 0.0
        r = tp_r / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def strict(self):
        return self.prf(self.sp, self.pred, self.sr, self.gold)

    def coarse(self):
        return self.prf(self.cp, self.cpred, self.cr, self.gold)

    def lax(self):
        return self.prf(self.lp, self.pred, self.lr, self.gold)

    def links(self):
        return self.prf(self.tp_l, self.pred_l, self.tp_l, self.gold_l)


def greedy(R, C, min_sim=GREEDY_MIN):
    """Each reference unit, in order, takes the most similar untaken candidate unit if cos >= min_sim."""
    sim = R @ C.T
    taken = np.zeros(len(C), bool)
    beads = []
    for i in range(len(R)):
        row = np.where(taken, -9.0, sim[i])
        j = int(row.argmax()) if len(row) else -1
        if j >= 0 and row[j] >= min_sim:
            taken[j] = True
            beads.append((frozenset([i]), frozenset([j])))
    return beads


def pairs_of(alignment):
    return [(frozenset(a.ref), frozenset(a.cand)) for a in alignment if a.ref and a.cand]


# --------------------------------------------------------------------------- runs
def build_heldout_pairs(data):
    """The held-out set: each talk's ``ref`` against its second human translation ``refB`` (5 pairs). No setting
    was tuned on these: they show whether the defaults carry over to a kind of candidate they never saw."""
    talks = list(data.talks)
    out = []
    for talk in talks:
        t = data.talks[talk]
        if not t.refB:
            continue
        ref = [(s.text, frozenset([s.seg_id])) for s in t.ref]
        cand = [(s.text, frozenset([s.seg_id])) for s in t.refB]
        others = [s.text for o in talks if o != talk for s in data.talks[o].refB]
        out.append((talk, "refB", ref, cand, others))
    return out


def build_pairs(data, names, limit=None, only_talk=None):
    talks = list(data.talks)
    pairs = []
    for talk in [only_talk] if only_talk else talks:
        t = data.talks[talk]
        for system in sorted(t.systems):
            pairs.append((talk, system))
    if limit:
        pairs = pairs[:limit]
    out = []
    for talk, system in pairs:
        t = data.talks[talk]
        ref = [(s.text, frozenset([s.seg_id])) for s in t.ref]
        cand = [(s.text, frozenset([s.seg_id])) for s in t.systems[system]]
        others = [s.text for o in talks if o != talk for s in data.talks[o].systems.get(system, [])]
        out.append((talk, system, ref, cand, others))
    return out


def run_scenarios(pairs, scen, enc, settings, resegment=True, log=print, paragraphs=0):
    results = {}
    ref_cache = {}  # the reference side is the same in every scenario
    for name in scen:
        q, g = Score(), Score()
        extra_tot = {"groups": 0, "moved": 0, "gap": 0}
        for talk, system, ref, cand, others in pairs:
            rng = random.Random(f"{name}/{talk}/{system}")
            cand2 = scenario(name, cand, rng, others)
            if talk not in ref_cache:
                ref_cache[talk] = sentences_of(ref, resegment, paragraphs)
            rt, rids = ref_cache[talk]
            ct, cids = sentences_of(cand2, resegment, paragraphs)
            gold = gold_groups(rids, cids)
            R, C = enc.encode(rt), enc.encode(ct)  # singles: cached, outside the timings
            t0 = time.perf_counter()
            res = align(rt, ct, enc.encode, settings)
            q.seconds += time.perf_counter() - t0
            q.add(pairs_of(res.alignment), gold)
            extra_tot["groups"] += res.extra.get("group_texts_embedded", 0)
            extra_tot["moved"] += res.extra.get("moved", 0)
            extra_tot["gap"] += res.extra.get("gap_filled", 0)
            t0 = time.perf_counter()
            gb = greedy(R, C)
            g.seconds += time.perf_counter() - t0
            g.add(gb, gold)
        results[name] = (q, g, extra_tot)
        log(f"  done {name} ({'sentences' if resegment else 'segments'}): qualcheck strict F1 {q.strict()[2]:.3f} "
            f"(gold units {q.coarse()[2]:.3f}), "
            f"greedy {g.strict()[2]:.3f}, {q.seconds:.1f} s")
    return results


MODES = (("units", "one segment per unit", False, 0), ("running", "own segmentation, running text", True, 0),
         ("paras", "own segmentation, paragraphs of 4 segments", True, 4))
CAUSES = ("cleaner", "join at a sentence end", "join, no sentence end", "split differently", "inside one segment",
          "aligner")
_ENDS_SENTENCE = re.compile(r"[.!?…。！？][\s\"'”’»)\]]*$")


class UnitScore:
    """Link P/R/F1 at the gold's own units (the segments): each predicted sentence-level link (i, j) stands for
    every (reference segment, candidate segment) pair its two sentences overlap; the gold links are the segment
    pairs that share a seg_id. One segment per unit: the same as the sentence-level link score."""

    def __init__(self):
        self.tp = self.pred = self.gold = 0
        self.tp_best = self.pred_best = 0
        self.errors = []  # (pair name, kind "fp"/"fn", ref unit, cand unit, cause)
        self.by_cause = {c: [0, 0] for c in CAUSES}  # cause -> [false links, missed links]

    def add(self, beads, rs: Side, cs: Side, name=""):
        gold = {(a, b) for r, c in gold_groups([u[1] for u in rs.units], [u[1] for u in cs.units]) for a in r for b in c}
        pred = self.project(beads, rs, cs)
        best = self.project(gold_groups(rs.ids, cs.ids), rs, cs)  # the sentence-level truth, projected
        self.tp_best += len(best & gold)
        self.pred_best += len(best)
        self.tp += len(pred & gold)
        self.pred += len(pred)
        self.gold += len(gold)
        partner_c, partner_r = {}, {}
        for a, b in gold:
            partner_c.setdefault(a, set()).add(b)
            partner_r.setdefault(b, set()).add(a)
        for kind, links in (("fp", pred - gold), ("fn", gold - pred)):
            for a, b in sorted(links):
                cause = self.cause(a, b, rs, cs, partner_c, partner_r)
                self.by_cause[cause][0 if kind == "fp" else 1] += 1
                self.errors.append((name, kind, a, b, cause))
        return pred

    @staticmethod
    def project(beads, rs, cs) -> set:
        out = set()
        for r, c in beads:
            for i in r:
                for j in c:
                    out.update((a, b) for a in rs.unit_sets[i] for b in cs.unit_sets[j])
        return out

    def ceiling(self):
        """F1 of the sentence-level truth read at the segments: what a perfect sentence aligner scores on this
        segmentation (a sentence joining two segments links to both segments of its partner). Not a strict bound: an
        alignment that leaves a joined sentence's weaker part out can lose fewer segment links."""
        return Score.prf(self.tp_best, self.pred_best, self.tp_best, self.gold)

    @staticmethod
    def cause(a, b, rs, cs, partner_c, partner_r):
        refs = {a} | partner_r.get(b, set())
        cands = {b} | partner_c.get(a, set())
        if any(u in rs.lost for u in refs) or any(u in cs.lost for u in cands):
            return "cleaner"
        joins = [(rs, u) for u in refs if rs.joined(u)] + [(cs, u) for u in cands if cs.joined(u)]
        if joins:
            # the segmenter joined across a segment boundary: a defect when the segment ends a sentence, else the
            # text reads as one sentence (an MT segment ending in a comma) and only the line breaks knew better
            crossed = [(sd, v) for sd, u in joins for i in sd.per_unit[u] for v in sorted(sd.unit_sets[i])[:-1]]
            if any(_ENDS_SENTENCE.search(sd.units[v][0]) for sd, v in crossed):
                return "join at a sentence end"
            return "join, no sentence end"
        nr = {u: len(rs.per_unit.get(u, ())) for u in refs}
        nc = {u: len(cs.per_unit.get(u, ())) for u in cands}
        for u in refs:
            if any(nc[v] != nr[u] for v in partner_c.get(u, ()) if v in nc):
                return "split differently"
        if any(n > 1 for n in list(nr.values()) + list(nc.values())):
            return "inside one segment"
        return "aligner"

    def prf(self):
        return Score.prf(self.tp, self.pred, self.tp, self.gold)


def run_mode_gap(pairs, enc, settings, log=print, scen=("S1", "S2")):
    """{mode: {scenario: (sentence-level Score, UnitScore)}} over the three modes, plus the sides for a look."""
    out = {m: {} for m, *_ in MODES}
    sides = {}
    for name in scen:
        for mode, _title, reseg, paras in MODES:
            q, u = Score(), UnitScore()
            for talk, system, ref, cand, others in pairs:
                rng = random.Random(f"{name}/{talk}/{system}")
                cand2 = scenario(name, cand, rng, others)
                rs = sides.get((mode, talk, "ref")) or side_of(ref, reseg, paras)
                sides[(mode, talk, "ref")] = rs
                cs = side_of(cand2, reseg, paras)
                sides[(name, mode, talk, system)] = cs
                res = align(rs.texts, cs.texts, enc.encode, settings)
                beads = pairs_of(res.alignment)
                q.add(beads, gold_groups(rs.ids, cs.ids))
                u.add(beads, rs, cs, f"{talk}/{system}")
            out[mode][name] = (q, u)
            log(f"  done {name} {mode}: link F1 sentence level {q.links()[2]:.3f}, segment level {u.prf()[2]:.3f}")
    return out, sides


def mode_gap_table(res, pairs_n, label):
    lines = [f"{label} ({pairs_n} pairs). Link F1 at the segments (each predicted sentence link projected onto the "
             "segments its sentences overlap) / at the sentences (the previous reading):", "",
             "| scenario | " + " | ".join(t for _m, t, *_ in MODES) + " | gap, paragraphs (segments) "
             "| the sentence-level truth read at the segments: running / paragraphs |",
             "|---|---|---|---|---|---|"]
    for name in res["units"]:
        cells = []
        for mode, *_ in MODES:
            q, u = res[mode][name]
            cells.append(f"{u.prf()[2]:.3f} / {q.links()[2]:.3f}")
        gap = res["units"][name][1].prf()[2] - res["paras"][name][1].prf()[2]
        best = " / ".join(f"{res[m][name][1].ceiling()[2]:.3f}" for m in ("running", "paras"))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {gap:.3f} | {best} |")
    lines += ["", "Wrong segment links by cause (false / missed), own segmentation:", "",
              "| scenario | mode | " + " | ".join(CAUSES) + " | one segment per unit |", "|---|---|" + "---|" * (len(CAUSES) + 1)]
    for name in res["units"]:
        base = res["units"][name][1]
        for mode, title, *_ in MODES[1:]:
            u = res[mode][name][1]
            lines.append(f"| {name} | {title} | " + " | ".join(f"{fp} / {fn}" for fp, fn in u.by_cause.values())
                         + f" | {base.pred - base.tp} / {base.gold - base.tp} |")
    return "\n".join(lines)


def mode_gap_examples(res, sides, limit=40):
    """The wrong segment links of the default mode (paragraphs) that the one-segment mode got right, for a look."""
    out = []
    for name in res["units"]:
        ok_units = {(e[0], e[1], e[2], e[3]) for e in res["units"][name][1].errors}
        for mode in ("paras", "running"):
            for pname, kind, a, b, cause in res[mode][name][1].errors:
                if (pname, kind, a, b) in ok_units:
                    continue
                talk, system = pname.split("/")
                rs, cs = sides[(mode, talk, "ref")], sides[(name, mode, talk, system)]
                out.append(f"{name} {mode} {pname} {kind} r{a}-c{b} [{cause}]\n"
                           f"    R: {[rs.texts[i] for i in rs.per_unit.get(a, [])]}\n"
                           f"    C: {[cs.texts[j] for j in cs.per_unit.get(b, [])]}")
    return out[:limit] if limit else out


def fmt3(t):
    return " / ".join(f"{x:.3f}" for x in t)


def scenario_table(results, pairs_n):
    lines = [
        f"Re-segmented with qualcheck's segmenter; {pairs_n} talk x system pairs per scenario. "
        "Strict: exact group; strict, gold units: beads wholly inside one gold group merged first; "
        "lax: the bead links a gold pair; link: every pair inside a bead.",
        "",
        "| scenario | qualcheck strict P / R / F1 | qualcheck strict, gold units P / R / F1 | qualcheck lax P / R / F1 | qualcheck link F1 | greedy strict P / R / F1 | greedy strict, gold units F1 | greedy lax F1 | greedy link F1 | qualcheck s | greedy s | groups embedded | moved | slots paired |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, (q, g, ex) in results.items():
        lines.append(
            f"| {name} {TITLES[name]} | {fmt3(q.strict())} | {fmt3(q.coarse())} | {fmt3(q.lax())} | {q.links()[2]:.3f} | "
            f"{fmt3(g.strict())} | {g.coarse()[2]:.3f} | {g.lax()[2]:.3f} | {g.links()[2]:.3f} | {q.seconds:.1f} | "
            f"{g.seconds:.1f} | {ex['groups']} | {ex['moved']} | {ex['gap']} |"
        )
    return "\n".join(lines)


def segment_table(results, pairs_n):
    lines = [
        f"One segment = one unit (no re-segmentation), link level, {pairs_n} pairs: like for like with the anchor figures "
        "(Bertalign and greedy measured earlier on this data, ../shared/bench/README.md); greedy (this run) recomputed here.",
        "",
        "| scenario | qualcheck link P / R / F1 | greedy (this run) P / R / F1 | Bertalign (anchor) P / R / F1 | greedy (anchor) P / R / F1 | qualcheck s |",
        "|---|---|---|---|---|---|",
    ]
    for name, (q, g, ex) in results.items():
        b, ga = ANCHORS.get(name, ((float("nan"),) * 3,) * 2)
        lines.append(f"| {name} {TITLES[name]} | {fmt3(q.links())} | {fmt3(g.links())} | {fmt3(b)} | {fmt3(ga)} | {q.seconds:.1f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- group and moved scenarios
GROUP_SCENARIOS = ("SP", "MG", "MV")
GROUP_TITLES = {"SP": "1 ref sentence split into 4-6", "MG": "4-6 sentences merged into 1",
                "MV": "short docs, block of 3-5 moved"}


def previous_aligner():
    """``align`` of main's aligner (the aligner before this branch), imported as a temporary module: main's package
    ``qualcheck/align/`` as ``qualcheck._align_main`` (its relative imports reach this checkout's other modules), or
    the older single-file ``qualcheck/align.py``."""
    root = Path(__file__).resolve().parent.parent
    ls = subprocess.run(["git", "-C", str(root), "ls-tree", "-r", "--name-only", "main", "qualcheck/align/"],
                        capture_output=True, text=True)
    files = [f for f in ls.stdout.split() if f.endswith(".py")] if ls.returncode == 0 else []
    if files:
        base = Path(tempfile.mkdtemp(prefix="qc-align-main-")) / "_align_main"
        for f in files:
            out = base / Path(f).relative_to("qualcheck/align")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(subprocess.run(["git", "-C", str(root), "show", f"main:{f}"], capture_output=True,
                                          text=True).stdout, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("qualcheck._align_main", base / "__init__.py",
                                                      submodule_search_locations=[str(base)])
        mod = importlib.util.module_from_spec(spec)
        sys.modules["qualcheck._align_main"] = mod
        spec.loader.exec_module(mod)
        return mod.align
    src = subprocess.run(["git", "-C", str(root), "show", "main:qualcheck/align.py"], capture_output=True, text=True)
    if src.returncode != 0:  # main has the package qualcheck/align/: the last single-file aligner, before its removal
        gone = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%H", "--diff-filter=D", "main", "--",
                               "qualcheck/align.py"], capture_output=True, text=True).stdout.strip()
        if not gone:
            return None
        src = subprocess.run(["git", "-C", str(root), "show", f"{gone}^:qualcheck/align.py"], capture_output=True, text=True)
        if src.returncode != 0:
            return None
    path = Path(tempfile.mkdtemp(prefix="qc-align-main-")) / "_align_main.py"
    path.write_text(src.stdout, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("qualcheck._align_main", path)
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "qualcheck"
    sys.modules["qualcheck._align_main"] = mod
    spec.loader.exec_module(mod)
    return mod.align


def _join_clauses(texts):
    out = texts[0]
    for t in texts[1:]:
        out = _merge_text(out, t)
    return out


def join_events(units, rng, every=15):
    """One event per ``every`` units: 4-6 consecutive units joined into one sentence. Returns (units, events) with
    each event the seg-id set of the joined unit."""
    out, events, k = [], [], 0
    while k < len(units):
        block = units[k : k + every]
        size = rng.randint(4, 6)
        if len(block) < size + 2 or not all(t.strip() for t, _ in block):
            out += block
            k += every
            continue
        s = rng.randrange(1, len(block) - size)
        joined = (_join_clauses([t for t, _ in block[s : s + size]]), frozenset().union(*[i for _, i in block[s : s + size]]))
        out += block[:s] + [joined] + block[s + size :]
        events.append(joined[1])
        k += every
    return out, events


def short_moved(ref, cand, rng, windows=3):
    """Windows of 8-12 segments of one talk pair with a block of 3-5 candidate segments moved at least two places:
    [(ref units, cand units, seg ids of the moved block)]."""
    out = []
    n = min(len(ref), len(cand))
    starts = sorted(rng.sample(range(0, max(1, n - 12)), min(windows, max(1, n - 12))))
    for s0 in starts:
        w = rng.randint(8, 12)
        r, c = ref[s0 : s0 + w], cand[s0 : s0 + w]
        if len(r) < 8 or [i for _, i in r] != [i for _, i in c]:
            continue
        b = rng.randint(3, 5)
        s = rng.randrange(0, len(c) - b + 1)
        block, rest = c[s : s + b], c[:s] + c[s + b :]
        choices = [p for p in range(len(rest) + 1) if abs(p - s) >= 2]
        if not choices:
            continue
        p = rng.choice(choices)
        out.append((r, rest[:p] + block + rest[p:], frozenset().union(*[i for _, i in block])))
    return out


class EventScore:
    def __init__(self):
        self.events = self.exact = 0
        self.moved_gold = self.moved_found = 0
        self.score = Score()

    def add(self, beads, gold, rids, cids, events=(), moved=frozenset()):
        self.score.add(beads, gold)
        bead_set = set(beads)
        for ev in events:
            g = (frozenset(i for i, x in enumerate(rids) if x & ev), frozenset(j for j, x in enumerate(cids) if x & ev))
            self.events += 1
            self.exact += g in bead_set
        if moved:
            links = {(i, j) for r, c in beads for i in r for j in c}
            gl = {(i, j) for i, x in enumerate(rids) if x & moved for j, y in enumerate(cids) if y & x}
            self.moved_gold += len(gl)
            self.moved_found += len(gl & links)

    def rate(self):
        return self.exact / self.events if self.events else float("nan")

    def moved_recall(self):
        return self.moved_found / self.moved_gold if self.moved_gold else float("nan")


def group_docs(name, pairs, seed):
    """[(ref units, cand units, events, moved ids)] of one group scenario."""
    docs = []
    for talk, system, ref, cand, others in pairs:
        rng = random.Random(f"{name}/{talk}/{system}/{seed}")
        if name == "SP":
            r2, ev = join_events(ref, rng)
            docs.append((r2, cand, ev, frozenset()))
        elif name == "MG":
            c2, ev = join_events(cand, rng)
            docs.append((ref, c2, ev, frozenset()))
        elif name == "MV":
            docs += [(r, c, (), mv) for r, c, mv in short_moved(ref, cand, rng)]
    return docs


def run_group_scenarios(pairs, scen, enc, settings, seed=0, log=print):
    old = previous_aligner()
    results = {}
    for name in scen:
        new_s, old_s, gr_s = EventScore(), EventScore(), EventScore()
        for ref, cand, events, moved in group_docs(name, pairs, seed):
            rt, rids = sentences_of(ref, False)
            ct, cids = sentences_of(cand, False)
            gold = gold_groups(rids, cids)
            R, C = enc.encode(rt), enc.encode(ct)
            new_s.add(pairs_of(align(rt, ct, enc.encode, settings).alignment), gold, rids, cids, events, moved)
            if old is not None:
                old_s.add(pairs_of(old(rt, ct, enc.encode).alignment), gold, rids, cids, events, moved)
            gr_s.add(greedy(R, C), gold, rids, cids, events, moved)
        results[name] = (new_s, old_s if old is not None else None, gr_s)
        log(f"  done {name}: exact group {new_s.rate():.3f} (previous {old_s.rate():.3f}), moved recall "
            f"{new_s.moved_recall():.3f} (previous {old_s.moved_recall():.3f})")
    return results


def group_table(results, pairs_n, seed):
    lines = [
        f"One segment = one unit; {pairs_n} talk x system pairs, event seed {seed}. Exact group: the event's gold group "
        "is one bead (SP, MG); moved recall: the moved segments' gold links found (MV); strict F1 over every bead.",
        "",
        "| scenario | events / moved links | exact group: qualcheck / previous / greedy | moved recall: qualcheck / previous / greedy | strict F1: qualcheck / previous / greedy |",
        "|---|---|---|---|---|",
    ]
    for name, (q, o, g) in results.items():
        o = o or EventScore()
        n = q.events if name != "MV" else q.moved_gold
        ex = " / ".join(f"{x.rate():.3f}" for x in (q, o, g)) if name != "MV" else "-"
        mv = " / ".join(f"{x.moved_recall():.3f}" for x in (q, o, g)) if name == "MV" else "-"
        f1 = " / ".join(f"{x.score.strict()[2]:.3f}" for x in (q, o, g))
        lines.append(f"| {name} {GROUP_TITLES[name]} | {n} | {ex} | {mv} | {f1} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- ablation
def ablation_configs(base: AlignSettings) -> list[tuple[str, AlignSettings]]:
    """All passes on, then each pass (and each named sub-strategy, and the DP rules with a module of their own)
    switched off alone by the settings in its ``OFF`` / ``SUB_PASSES``, then every pass off (the DP alone)."""
    rows = [("all passes on", base)]
    every_off: dict = {}
    for p in PASSES:
        rows.append((p.NAME, replace(base, **p.OFF)))
        every_off.update(p.OFF)
        for sub, off in getattr(p, "SUB_PASSES", {}).items():
            rows.append((f"{p.NAME}: {sub}", replace(base, **off)))
    for r in RULES:
        rows.append((f"{r.NAME} (DP rule)", replace(base, **r.OFF)))
    rows.append(("every pass off (the DP alone)", replace(base, **every_off)))
    return rows


def _group_light(pairs, scen, enc, settings, seed):
    """The group scenarios' figures of one setting (no previous aligner): {name: (EventScore, greedy EventScore)}."""
    out = {}
    for name in scen:
        q, g = EventScore(), EventScore()
        for ref, cand, events, moved in group_docs(name, pairs, seed):
            rt, rids = sentences_of(ref, False)
            ct, cids = sentences_of(cand, False)
            gold = gold_groups(rids, cids)
            q.add(pairs_of(align(rt, ct, enc.encode, settings).alignment), gold, rids, cids, events, moved)
            g.add(greedy(enc.encode(rt), enc.encode(ct)), gold, rids, cids, events, moved)
        out[name] = (q, g)
    return out


def run_ablation(sets, scen, gscen, enc, base, seed, log):
    """One row per configuration of ``ablation_configs`` on each set of pairs: strict F1 of each re-segmented
    scenario and their mean, exact group (SP, MG) and moved recall (MV); greedy on the last row."""
    head = (["configuration"] + [f"{s} F1" for s in scen] + (["mean F1"] if scen else [])
            + [f"{g} {'moved recall' if g == 'MV' else 'exact group'}" for g in gscen]
            + [f"{g} F1" for g in gscen])
    tables = []
    for label, pairs in sets:
        rows, greedy_row = [], None
        for name, st in ablation_configs(base):
            t0 = time.perf_counter()
            res = run_scenarios(pairs, scen, enc, st, True, log=lambda s: None)
            grp = _group_light(pairs, gscen, enc, st, seed)
            f1 = [res[s][0].strict()[2] for s in scen]
            ev = [grp[g][0].moved_recall() if g == "MV" else grp[g][0].rate() for g in gscen]
            gf = [grp[g][0].score.strict()[2] for g in gscen]
            rows.append([name] + f1 + ([sum(f1) / len(f1)] if f1 else []) + ev + gf)
            if greedy_row is None:
                gf1 = [res[s][1].strict()[2] for s in scen]
                greedy_row = (["greedy baseline"] + gf1 + ([sum(gf1) / len(gf1)] if gf1 else [])
                              + [grp[g][1].moved_recall() if g == "MV" else grp[g][1].rate() for g in gscen]
                              + [grp[g][1].score.strict()[2] for g in gscen])
            log(f"  ablation {label}: {name} done ({time.perf_counter() - t0:.0f} s)")
        lines = [f"**{label}** ({len(pairs)} pairs; event seed {seed})", "",
                 "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        base_row = rows[0]
        for r in rows + [greedy_row]:
            cells = [r[0]]
            for k, v in enumerate(r[1:], 1):
                d = v - base_row[k]
                cells.append(f"{v:.3f}" if r is base_row or r is greedy_row or abs(d) < 5e-4 else f"{v:.3f} ({d:+.3f})")
            lines.append("| " + " | ".join(cells) + " |")
        tables.append("\n".join(lines))
    return "\n\n".join(tables)


# --------------------------------------------------------------------------- scale
def scale_docs(data, target):
    """Reference and candidate of about ``target`` sentences each: blocks (talk, system A as reference, system B as candidate)."""
    talks = list(data.talks)
    systems = sorted(data.systems)
    rt, rids, ct, cids = [], [], [], []
    k = 0
    while len(rt) < target or len(ct) < target:
        talk = talks[k % len(talks)]
        a = systems[(k // len(talks)) % len(systems)]
        b = systems[(k // len(talks) + 5) % len(systems)]
        t = data.talks[talk]
        r = sentences_of([(s.text, frozenset([(k, s.seg_id)])) for s in t.systems[a]])  # one block at a time
        c = sentences_of([(s.text, frozenset([(k, s.seg_id)])) for s in t.systems[b]])
        rt += r[0]
        rids += r[1]
        ct += c[0]
        cids += c[1]
        k += 1
    return rt[:target], rids[:target], ct[:target], cids[:target]


def scale_one(target: int, settings: AlignSettings) -> dict:
    data = mqm.load()
    enc = get_encoder(cache_dir=mqm.CACHE_DIR)
    rt, rids, ct, cids = scale_docs(data, target)
    t0 = time.perf_counter()
    R, C = enc.encode(rt), enc.encode(ct)
    t_embed = time.perf_counter() - t0
    gc.collect()
    t0 = time.perf_counter()
    res = align(rt, ct, enc.encode, settings)  # singles come from the encoder's memory
    t_align = time.perf_counter() - t0
    # peak memory in a second run: tracing every allocation slows Python code several times over,
    # so the seconds above come from an untraced run (the group texts it embedded are cached now)
    gc.collect()
    tracemalloc.start()
    align(rt, ct, enc.encode, settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sc = Score()
    sc.add(pairs_of(res.alignment), gold_groups(rids, cids))
    # baseline in the same run: greedy on the full matrix (n x m floats)
    t0 = time.perf_counter()
    greedy(R, C)
    t_greedy = time.perf_counter() - t0
    tracemalloc.start()
    greedy(R, C)
    _, peak_g = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "n": len(rt), "m": len(ct), "align_s": t_align, "align_peak_mb": peak / 2**20, "embed_s": t_embed,
        "strict_f1": sc.strict()[2], "mode": res.extra.get("mode"), "cells": res.extra.get("cells"),
        "groups": res.extra.get("group_texts_embedded"), "greedy_s": t_greedy, "greedy_peak_mb": peak_g / 2**20,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def scale_table(sizes, settings):
    rows = []
    for n in sizes:
        # one process per size: the whole-run peak RSS is then that size's own
        out = subprocess.run([sys.executable, __file__, "--scale-one", str(n), "--settings", json.dumps(settings.as_dict())],
                             capture_output=True, text=True)
        if out.returncode != 0:
            rows.append(f"| {n} | failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode} |")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(
            f"| {r['n']:,} x {r['m']:,} | {r['mode']} | {r['cells']:,} | {r['align_s']:.1f} | {r['align_peak_mb']:.0f} | "
            f"{r['rss_mb']:.0f} | {r['embed_s']:.1f} | {r['groups']:,} | {r['strict_f1']:.3f} | {r['greedy_s']:.1f} | {r['greedy_peak_mb']:.0f} |"
        )
    head = [
        "Synthetic long pairs: blocks of (talk, MT system A as reference, system B as candidate) concatenated. Align stage "
        "alone (embeddings of single sentences already cached; group texts embedded inside it), peak of Python/numpy "
        "allocations (tracemalloc, in a second run: tracing slows Python code, so the seconds come from an untraced run) and peak RSS of the whole process (model + embedding cache + align). Baseline: greedy on the full matrix.",
        "",
        "| sentences | mode | DP cells | align s | align peak MB | process peak RSS MB | embed s (cache) | groups embedded | strict F1 | greedy s | greedy peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    return "\n".join(head + rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--pairs", type=int, default=None, help="only the first N talk x system pairs")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--skip-segments", action="store_true")
    ap.add_argument("--only-segments", action="store_true", help="only the one-segment-one-unit table")
    ap.add_argument("--scale-sizes", default="1000,5000,10000")
    ap.add_argument("--scale-one", type=int, default=None)
    ap.add_argument("--settings", default=None, help="JSON of AlignSettings fields")
    ap.add_argument("--heldout", action="store_true",
                    help="also the held-out table: ref against the second human translation refB (never tuned on)")
    ap.add_argument("--groups", default=None, help="group / moved scenarios to run (SP,MG,MV; 'all')")
    ap.add_argument("--mode-gap", action="store_true",
                    help="link F1 of S1/S2 with one segment per unit, re-segmented running text, and paragraphs of 4")
    ap.add_argument("--examples", type=int, default=0,
                    help="with --mode-gap: print up to N wrong segment links of the default mode (stderr)")
    ap.add_argument("--seed", type=int, default=0, help="event seed of the group scenarios (tuned on 0)")
    ap.add_argument("--ablate", action="store_true",
                    help="one row per aligner pass switched off, beside all passes on and greedy, on the tuned pairs "
                         "and the held-out refB pairs (--scenarios and --groups choose the columns)")
    args = ap.parse_args()
    settings = AlignSettings(**json.loads(args.settings)) if args.settings else AlignSettings()
    if args.scale_one:
        print(json.dumps(scale_one(args.scale_one, settings)))
        return
    t_start = time.perf_counter()
    data = mqm.load()
    enc = get_encoder(cache_dir=mqm.CACHE_DIR)
    pairs = build_pairs(data, None, args.pairs)
    scen = [s for s in args.scenarios.split(",") if s]
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    print(f"## Alignment benchmark ({platform.machine()}, {os.cpu_count()} cores, no GPU; settings {settings.as_dict()})\n")
    if args.ablate:
        gs = [] if not args.groups else (GROUP_SCENARIOS if args.groups == "all" else [g for g in args.groups.split(",") if g])
        sets = [("Tuned: talk x MT system pairs", pairs), ("Held out: ref against refB", build_heldout_pairs(data))]
        print(run_ablation(sets, scen, gs, enc, settings, args.seed, log))
        print(f"\ntotal {time.perf_counter() - t_start:.0f} s; encoder ran {enc.encoded} texts not found in the cache")
        return
    if args.mode_gap:
        gap_scen = [s for s in scen if s in SCENARIOS] if args.scenarios != ",".join(SCENARIOS) and scen else ["S1", "S2"]
        sets = [("Tuned: talk.2 x the first systems", pairs)]
        if args.heldout:
            tuned_talks = {p[0] for p in pairs}
            others = [t for t in data.talks if t not in tuned_talks]
            per = max(1, min(len(pairs), 13))
            held_talks = [p for t in others for p in build_pairs(data, None, per, only_talk=t)]
            sets += [("Held out: ref against refB", build_heldout_pairs(data)),
                     (f"Held out: the other talks ({', '.join(others)}) x the first {per} systems", held_talks)]
        for label, ps in sets:
            res, sides = run_mode_gap(ps, enc, settings, log, gap_scen)
            print(mode_gap_table(res, len(ps), label))
            print()
            if args.examples:
                for line in mode_gap_examples(res, sides, args.examples):
                    print(line, file=sys.stderr)
            lost = sorted({(k[1], u, t) for k, sd in sides.items() for u, t in sd.lost.items()})
            altered = sum(len(sd.altered) for sd in sides.values())
            print(f"cleaner: {len(lost)} segments lost characters, {altered} sentences altered beyond whitespace\n")
        print(f"total {time.perf_counter() - t_start:.0f} s")
        return
    if args.groups:
        gs = GROUP_SCENARIOS if args.groups == "all" else [g for g in args.groups.split(",") if g]
        print(group_table(run_group_scenarios(pairs, gs, enc, settings, args.seed, log), len(pairs), args.seed))
        print()
        if args.heldout:
            held = build_heldout_pairs(data)
            print("**Held out** (ref against refB):\n")
            print(group_table(run_group_scenarios(held, gs, enc, settings, args.seed, log), len(held), args.seed))
            print()
        if not scen:
            return
    if not args.only_segments:
        res = run_scenarios(pairs, scen, enc, settings, True, log)
        print(scenario_table(res, len(pairs)))
        print()
    if args.heldout:
        held = build_heldout_pairs(data)
        res_h = run_scenarios(held, scen, enc, settings, True, log)
        print("**Held out**: each talk's `ref` against its second human translation `refB` (no setting was tuned on "
              "these pairs).\n")
        print(scenario_table(res_h, len(held)))
        print()
    if not args.skip_segments:
        seg = [s for s in scen if s in ANCHORS]
        res2 = run_scenarios(pairs, seg, enc, settings, False, log)
        print(segment_table(res2, len(pairs)))
        print()
    sys.stdout.flush()
    if not args.skip_scale:
        print(scale_table([int(x) for x in args.scale_sizes.split(",")], settings))
        print()
    print(f"total {time.perf_counter() - t_start:.0f} s; encoder ran {enc.encoded} texts not found in the cache")


if __name__ == "__main__":
    main()
