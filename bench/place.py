"""Does an `omission.partial`'s candidate span point where the words were dropped? (issue 18, branch ceiling)

    python bench/place.py [--seeds 1,2] [--per-kind 100]

The omission generator of ``meaning_pairs`` (MQM TED zh-en): a qualifier, a comma clause or a named actor is cut
from the candidate side of a pair every rater marked No-error; the candidate is that MT translation
(``translation``) or the reference itself (``itself``). The cut is made here, so the seam (where the words were,
a character offset of the cut candidate) is known. For each `omission.partial` on a cut pair whose reference text
shares a word with the dropped piece (the generator's "on the dropped words" rule), the candidate span:
- **at the seam**: the span holds the seam or touches it (no word stands between them: `lines[seam], a` with the
  span `lines`);
- **words**: how many words the span covers.
Beside it, in the same run, the rule before (the candidate span was the whole candidate sentence: at the seam by
construction, as long as the sentence). The mirror: the same pairs with the sides swapped, the dropped piece now
an `addition.partial` of the full text; its *reference* span is read against the seam in the (now reference) cut
text. Nothing here was looked at while the rule was written (its ``PLACE_MAX`` is the missing name's).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from mqm import CACHE_DIR, load  # noqa: E402

import meaning_pairs as mp  # noqa: E402

SHOW = False
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def cases(data, seed, kind, make, against, per_kind):
    """(reference, cut candidate, seam offset in the cut candidate, dropped piece), with ``omission_generator``'s
    rules (its own draws: one generator per seed and kind)."""
    rng = random.Random(seed)
    out = []
    for tn, sid, ref, cand in mp.faithful_pairs(data, rng):
        base = cand if against == "translation" else ref
        made = make(base, rng)
        if made is None or made[0] == base or len(made[0].split()) < 3:
            continue
        piece = base[made[1][0] : made[1][1]]
        if against == "translation" and not mp._in_reference(piece, ref):
            continue
        if kind == "named actor" and not mp._named_in(piece, ref, made[0]):
            continue
        cut = made[0]
        # the seam: where the piece stood in the cut text (the texts are single-spaced: ``_cut`` only squeezes
        # the space around the piece and a space before a comma, which the one-character tolerance covers)
        out.append((ref, cut, min(made[1][0], len(cut)), piece))
    rng.shuffle(out)
    return out[:per_kind]


def read(rep, paras, seam_side, cs, category):
    """Per finding of ``category`` on the dropped words: (at the seam, words of its span, words of the whole
    sentence it falls in)."""
    doc = rep.candidate if seam_side == "candidate" else rep.reference
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p) + 2
    out = []
    for f in rep.findings:
        if f.category != category:
            continue
        span = f.cand_span if seam_side == "candidate" else f.ref_span
        text = f.ref_text if category == "omission.partial" else f.cand_text
        if span is None:
            continue
        k = max(i for i, s in enumerate(starts) if s <= span[0])
        if not mp._shares_word(text, cs[k][3]):
            continue
        seam = starts[k] + cs[k][2]
        full = doc.original
        gap = full[span[1] : seam] if seam >= span[1] else full[seam : span[0]] if seam <= span[0] else ""
        at = not _WORD.search(gap)  # no word between the span and the seam (or the seam inside the span)
        if SHOW and not at:
            print(f"  [not at the seam] {category}: dropped {cs[k][3]!r}\n    cut: {paras[k]}\n    span: "
                  f"{full[span[0]:span[1]]!r}, seam before {full[seam:seam + 25]!r}", file=sys.stderr)
        sent = next((s for s in doc.sentences if s.start <= span[0] < s.end), None)
        n_span = len(_WORD.findall(doc.original[span[0] : span[1]]))
        n_sent = len(_WORD.findall(sent.text)) if sent else n_span
        out.append((at, n_span, n_sent))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--per-kind", type=int, default=100)
    ap.add_argument("--show", action="store_true", help="print each span not at the seam")
    args = ap.parse_args(argv)
    global SHOW
    SHOW = args.show
    from qualcheck import check
    from qualcheck.embed import get_encoder

    t0 = time.perf_counter()
    data = load()
    enc = get_encoder(cache_dir=CACHE_DIR)
    rows = []
    for seed in (int(s) for s in args.seeds.split(",") if s):
        for against in ("translation", "itself"):
            for kind, make in mp.GENERATORS:
                cs = cases(data, seed, kind, make, against, args.per_kind)
                refs, cuts = [c[0] for c in cs], [c[1] for c in cs]
                rep = check("\n\n".join(refs), "\n\n".join(cuts), encoder=enc, checks=["omission.partial"])
                got = read(rep, cuts, "candidate", cs, "omission.partial")
                rows.append(("omission.partial, candidate span", kind, seed, against, len(cs), got))
                rep2 = check("\n\n".join(cuts), "\n\n".join(refs), encoder=enc, checks=["addition.partial"])
                got2 = read(rep2, cuts, "reference", cs, "addition.partial")
                rows.append(("mirror: addition.partial, reference span", kind, seed, against, len(cs), got2))
                print(f"  seed {seed} {against} {kind}: {len(cs)} pairs, {time.perf_counter() - t0:.0f} s",
                      file=sys.stderr)
    print(f"\nFindings on the dropped words, their span on the cut side: at the seam / median words; the rule before "
          f"(the whole sentence) in the same run ({time.perf_counter() - t0:.0f} s)\n")
    print("| finding | dropped | seed | candidate | pairs | findings | at the seam | median words (IQR) | "
          "before: at the seam | before: median words |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    tot = {}
    for what, kind, seed, against, n, got in rows:
        if got:
            at = np.mean([g[0] for g in got])
            w = np.array([g[1] for g in got])
            ws = np.array([g[2] for g in got])
            cell = f"{at:.3f} | {np.median(w):.0f} ({np.percentile(w, 25):.0f}-{np.percentile(w, 75):.0f}) | 1.000 | " \
                   f"{np.median(ws):.0f}"
        else:
            cell = "- | - | - | -"
        print(f"| {what} | {kind} | {seed} | {against} | {n} | {len(got)} | {cell} |")
        tot.setdefault(what, []).extend(got)
    for what, got in tot.items():
        w = np.array([g[1] for g in got])
        print(f"\n{what}, all: {len(got)} findings, at the seam {np.mean([g[0] for g in got]):.3f}, median words "
              f"{np.median(w):.0f} (whole sentence before: {np.median([g[2] for g in got]):.0f}); pinpointed (not the "
              f"whole sentence) {np.mean([g[1] < g[2] for g in got]):.3f}, of which at the seam "
              f"{np.mean([g[0] for g in got if g[1] < g[2]]):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
