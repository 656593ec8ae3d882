"""Benchmark of the name check (qualcheck/checks/names.py) on generated name manglings.

Data and manglings: bench/names_gen.py (real English: the ``ref`` translations of the five
MQM TED talks plus the seed news report; names picked by shape, not by spaCy; one mangling
type per candidate document: misspelled, case, variant, swap, drop; ``ROUNDS`` documents per
talk and type, each from its own ``random.Random(SEED + round)``).

Two settings: A. the reference against a mangled copy of itself; B. the reference against
the other human translation of the talk (``refB``) mangled on names both share, where
wording and sentence boundaries differ as with a real candidate. Each pair goes through the real pipeline (clean, segment, embed
with the cached all-MiniLM-L6-v2, align) with only the ``names`` check enabled; the
fallback engine (shape heuristic, ``QUALCHECK_NER=heuristic``) is run on the same
alignment. The untouched candidate of every document is run too: in A every finding there
is a false alarm; in B they are real differences between two translations or false alarms,
counted false (conservative) and also shown apart.

Scores:
* recall per type: manglings with a ``name.*`` finding on them / manglings. "On them": the
  finding's candidate span or one of its occurrences overlaps the mangled form; for ``drop``
  (and also accepted for ``swap``) a ``name.missing`` finding on that candidate line that
  lists the reference name. ``cat ok``: of those found, the share whose category is the
  expected one (misspelled -> name.misspelled; case -> name.case; variant -> name.variant;
  swap -> name.missing or name.unknown; drop -> name.missing).
* precision per type: findings that are on a mangling / all ``name.*`` findings of that
  type's documents (one finding counts once, however many occurrences it lists);
  ``overall`` adds the untouched copies.
* baseline, same alignment: exact string comparison of capitalised tokens: every
  capitalised candidate token (possessive stripped) that is not a capitalised token of the
  reference is flagged at its place; in every aligned pair, every capitalised reference
  token that the candidate group does not contain is flagged as missing on that line.

Run from the repository root: ``python bench/names.py [--rounds N] [--speed N] [--show N]``
(``--speed 10000`` also times the check on a document of that many sentences).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import names_gen as gen  # noqa: E402
from mqm import CACHE_DIR  # noqa: E402

EXPECTED = {"misspelled": {"name.misspelled"}, "case": {"name.case"}, "variant": {"name.variant"},
            "swap": {"name.missing", "name.unknown"}, "drop": {"name.missing"}}
ROUNDS = 2


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def hits(f, t, cand_text: str) -> bool:
    """Does finding ``f`` (category, cand_span, occurrences, ref_text) point at truth ``t``?"""
    cat, span, occ, ref_text = f
    if t.kind in ("drop", "swap") and cat == "name.missing":
        line = (t.start, t.end) if t.kind == "drop" else _line_span(cand_text, t.start)
        names = {x.strip().casefold() for x in re.split(r";", ref_text)}
        toks = set(re.split(r"[\s\-]+", t.ref_form.casefold()))
        if _overlaps(span, line) and (t.ref_form.casefold() in names or any(set(re.split(r"[\s\-]+", n)) & toks for n in names)):
            return True
    if t.kind == "drop":
        return False
    return any(_overlaps(s, (t.start, t.end)) for s in [span, *occ])


def _line_span(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return (a, len(text) if b < 0 else b)


def baseline(report) -> list[tuple]:
    """Exact string comparison of capitalised tokens (see module docstring)."""
    cap = re.compile(r"[A-Z][\w\-]*(?:[’']s)?")

    def toks(text):
        for m in cap.finditer(text):
            w = re.sub(r"[’']s$", "", m.group(0))
            yield m.start(), m.start() + len(w), w

    ref_all = {w for s in report.reference.sentences for _, _, w in toks(s.text)}
    out = []
    for s in report.candidate.sentences:
        for a, b, w in toks(s.text):
            if w not in ref_all:
                out.append(("name.misspelled", report.candidate.locate(s, a, b), [], ""))
    for al in report.alignment:
        if not al.is_pair:
            continue
        ctext = report.candidate.group_text(al.cand)
        cwords = {w for _, _, w in toks(ctext)}
        gone = []
        for i in al.ref:
            for _, _, w in toks(report.reference.sentences[i].text):
                if w not in cwords and w not in gone:
                    gone.append(w)
        for w in gone:
            out.append(("name.missing", report.candidate.group_span(al.cand), [], w))
    return out


def names_findings(findings) -> list[tuple]:
    return [(f.category, f.cand_span, [tuple(o) for o in f.occurrences], f.ref_text or f.suggestion)
            for f in findings if f.category.startswith("name.")]


def run_names_check(report, engine: str):
    """The names check alone on the report's alignment with the given engine."""
    import numpy as np

    from qualcheck import ner
    from qualcheck.checks.aligned import AlignedDoc
    from qualcheck.checks.names import names
    from qualcheck.settings import Settings

    ner.use_engine(engine)
    try:
        adoc = AlignedDoc(report.reference, report.candidate, report.alignment, np.zeros((0, 0)), Settings())
        ner.forget()  # timed as a fresh process would run it (no sentence tagged before)
        t0 = time.perf_counter()
        out = list(names(adoc))
        return out, time.perf_counter() - t0
    finally:
        ner.use_engine(None)


def _jobs_copy(docs, lower, rounds):
    """(kind, document, reference text, candidate text, truths): reference vs mangled copy."""
    for name, lines in docs.items():
        yield "clean", name, "\n".join(lines), "\n".join(lines), []
    for kind in gen.TYPES:
        for r in range(rounds):
            for name, lines in docs.items():
                rng = random.Random(gen.SEED * 1000 + r * 31 + gen.TYPES.index(kind) * 7 + sum(map(ord, name)))
                cand, truths = gen.mangle(lines, kind, lower, rng)
                yield kind, name, "\n".join(lines), "\n".join(cand), truths


def _jobs_second(pairs, lower, rounds):
    """The same with the other human translation (refB) as the candidate."""
    for name, (ref, other) in pairs.items():
        yield "clean", name, "\n".join(ref), "\n".join(other), []
    for kind in gen.TYPES:
        for r in range(rounds):
            for name, (ref, other) in pairs.items():
                rng = random.Random(gen.SEED * 1000 + r * 31 + gen.TYPES.index(kind) * 7 + sum(map(ord, name)) + 1)
                cand, truths = gen.mangle(other, kind, lower, rng, ref_lines=ref)
                yield kind, name, "\n".join(ref), "\n".join(cand), truths


SYSTEMS = ("spacy", "heuristic", "baseline")


def run_scenario(title: str, jobs, enc, show: int) -> dict:
    from qualcheck import check

    found = {s: Counter() for s in SYSTEMS}
    cat_ok = {s: Counter() for s in SYSTEMS}
    tp = {s: Counter() for s in SYSTEMS}
    n_find = {s: Counter() for s in SYSTEMS}
    n_new = {s: Counter() for s in SYSTEMS}  # findings not already on the untouched candidate
    tp_new = {s: Counter() for s in SYSTEMS}
    n_truth, times = Counter(), Counter()
    missed, false = defaultdict(list), defaultdict(list)
    before: dict[tuple[str, str], set] = {}  # (system, document) -> findings on the untouched candidate
    n_docs, n_sent = 0, 0
    t_start = time.perf_counter()
    for kind, name, ref_text, cand_text, truths in jobs:
        rep = check(ref_text, cand_text, encoder=enc, checks=["names"])
        n_docs += 1
        n_sent += len(rep.candidate.sentences)
        results = {}
        for engine in ("spacy", "heuristic"):
            fs, dt = run_names_check(rep, engine)
            results[engine] = names_findings(fs)
            times[engine] += dt
        t0 = time.perf_counter()
        results["baseline"] = baseline(rep)
        times["baseline"] += time.perf_counter() - t0
        n_truth[kind] += len(truths)
        for s in SYSTEMS:
            fs = results[s]
            keys = {(f[0], cand_text[f[1][0]:f[1][1]], f[3]) for f in fs}
            if kind == "clean":
                before[(s, name)] = keys
            n_find[s][kind] += len(fs)
            for f in fs:
                is_new = (f[0], cand_text[f[1][0]:f[1][1]], f[3]) not in before.get((s, name), set())
                n_new[s][kind] += is_new
                if any(hits(f, t, cand_text) for t in truths):
                    tp[s][kind] += 1
                    tp_new[s][kind] += is_new
                elif s == "spacy" and show:
                    false[kind].append((name, f[0], cand_text[f[1][0]:f[1][1]][:70], f[3]))
            for t in truths:
                on = [f for f in fs if hits(f, t, cand_text)]
                if on:
                    found[s][kind] += 1
                    if any(f[0] in EXPECTED[kind] for f in on):
                        cat_ok[s][kind] += 1
                elif s == "spacy" and show:
                    missed[kind].append((name, t.ref_form, t.new_form))
    elapsed = time.perf_counter() - t_start

    def pct(a, b):
        return f"{a / b:.3f}" if b else "-"

    print(f"### {title}")
    print()
    print(f"{n_docs} document pairs ({n_sent} candidate sentences), {sum(n_truth.values())} manglings; "
          f"recall / precision (precision counts every finding that is not on a mangling as false)")
    print()
    print("| type | manglings | spaCy R | spaCy P | cat ok | heuristic R | heuristic P | baseline R | baseline P |")
    print("|---|---|---|---|---|---|---|---|---|")
    kinds = list(gen.TYPES)
    for kind in kinds + ["overall"]:
        ks = kinds if kind == "overall" else [kind]
        nt = sum(n_truth[k] for k in ks)
        row = [kind, str(nt)]
        for s in SYSTEMS:
            fd = sum(found[s][k] for k in ks)
            ks_p = ks + (["clean"] if kind == "overall" else [])
            row += [pct(fd, nt), pct(sum(tp[s][k] for k in ks_p), sum(n_find[s][k] for k in ks_p))]
            if s == "spacy":
                row.append(pct(sum(cat_ok[s][k] for k in ks), fd))
        print("| " + " | ".join(row) + " |")
    print()
    print("findings on the untouched candidates (all counted false above): "
          + ", ".join(f"{s} {n_find[s]['clean']}" for s in SYSTEMS))
    print("precision without those (findings the manglings caused): "
          + ", ".join(f"{s} {pct(sum(tp_new[s][k] for k in kinds), sum(n_new[s][k] for k in kinds))}" for s in SYSTEMS))
    print(f"time in the check: spaCy engine {times['spacy']:.1f} s, heuristic {times['heuristic']:.1f} s, "
          f"baseline {times['baseline']:.2f} s (whole scenario with the pipeline: {elapsed:.0f} s)")
    print()
    if show:
        for kind in gen.TYPES:
            for m in missed[kind][:show]:
                print("MISSED", kind, m)
            for m in false[kind][:show]:
                print("FALSE", kind, m)
        for m in false["clean"][:show]:
            print("FALSE clean", m)
    return {"found": found, "tp": tp, "n_find": n_find, "n_truth": n_truth}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    ap.add_argument("--speed", type=int, default=0, help="also time the check on a document of N sentences")
    ap.add_argument("--show", type=int, default=0, help="print N missed manglings and N false alarms per type")
    ap.add_argument("--only", choices=["copy", "second"], default=None)
    args = ap.parse_args(argv)

    from qualcheck.embed import get_encoder

    enc = get_encoder(cache_dir=CACHE_DIR)
    docs = gen.documents()
    lower = gen.lower_words(docs)
    print(f"name check benchmark (seed {gen.SEED}, {args.rounds} rounds per mangling type)")
    print()
    if args.only in (None, "copy"):
        run_scenario("A. reference vs a mangled copy of itself (5 TED talks + the seed news report)",
                     _jobs_copy(docs, lower, args.rounds), enc, args.show)
    if args.only in (None, "second"):
        pairs = gen.second_translations()
        run_scenario("B. reference vs the other human translation (refB), mangled (5 TED talks)",
                     _jobs_second(pairs, lower, args.rounds), enc, args.show)
    if args.speed:
        speed(args.speed, docs, lower)
    return 0


def speed(n: int, docs, lower) -> None:
    """Time the names check on one long document pair of >= n sentences (a mangled copy)."""
    import numpy as np

    from qualcheck import ner
    from qualcheck.checks.aligned import AlignedDoc
    from qualcheck.checks.names import names
    from qualcheck.settings import Settings
    from qualcheck.pipeline import prepare
    from qualcheck.load import load_text
    from qualcheck.types import Alignment

    lines = [l for d in docs.values() for l in d]
    ref_lines: list[str] = []
    while len(ref_lines) < n:
        ref_lines += lines
    rng = random.Random(gen.SEED)
    cand_lines, _ = gen.mangle(ref_lines, "misspelled", lower, rng)
    ref = prepare(load_text("\n".join(ref_lines), name="ref"))
    cand = prepare(load_text("\n".join(cand_lines), name="cand"))
    # the identity alignment (both sides segment alike): alignment is not what is timed here
    m = min(len(ref.sentences), len(cand.sentences))
    al = [Alignment((i,), (i,), "match", 1.0, 1.0) for i in range(m)]
    for engine in ("spacy", "heuristic"):
        ner.use_engine(engine)
        adoc = AlignedDoc(ref, cand, al, np.zeros((0, 0)), Settings())
        ner.forget()  # timed as a fresh process would run it (no sentence tagged before)
        t0 = time.perf_counter()
        out = list(names(adoc))
        dt = time.perf_counter() - t0
        ner.use_engine(None)
        print(f"speed: {engine:9s} {len(ref.sentences)} + {len(cand.sentences)} sentences: {dt:.1f} s "
              f"({(len(ref.sentences) + len(cand.sentences)) / dt:.0f} sentences/s), {len(out)} findings")


if __name__ == "__main__":
    raise SystemExit(main())
