"""What the mismatch finding's pair score (data/pair_score.json) costs in a default check.

    python bench/pair_score_cost.py [CASE ...]     # cases of bench/speed.py: 500, 500refB (default both)

One process, the default engine, the model warm, no disk cache, every memory cleared before each run; the same
pair checked with the shipped pair score and without it (``scoring.pair_score_models`` returning nothing: the
gate's calibration and a band, the mismatch check's cost before), alternately, best of 3. The pair score adds
the word alignment of the trusted pairs below cosine 0.6 (the word reading aligns the others anyway) and a
dot product a pair.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import SEED_CAND, SEED_REF, case_texts  # noqa: E402

from qualcheck import pipeline, scoring, wordalign  # noqa: E402
from qualcheck.embed import Encoder  # noqa: E402


def main(cases) -> None:
    enc = Encoder("all-MiniLM-L6-v2-onnx")
    enc.load()
    pipeline.check(SEED_REF, SEED_CAND, encoder=enc)  # warm: the model, the lazy loads, the token reader
    models = scoring.pair_score_models
    print("| pair | without the pair score (before) | with it | ratio | ms per aligned pair |")
    print("|---|---|---|---|---|")
    for case in cases:
        ref_text, cand_text = case_texts(case)
        times = {"before": [], "after": []}
        for k in range(3):
            for label in (("before", "after") if k % 2 == 0 else ("after", "before")):
                enc._memory.clear()
                wordalign._MEMORY.clear()
                pipeline.forget()
                scoring.pair_score_models = (lambda: ()) if label == "before" else models
                t0 = time.perf_counter()
                rep = pipeline.check(ref_text, cand_text, encoder=enc)
                times[label].append(time.perf_counter() - t0)
                scoring.pair_score_models = models
        a, b = min(times["before"]), min(times["after"])
        pairs = sum(1 for x in rep.alignment if x.is_pair)
        print(f"| {case} ({len(rep.reference.texts)} + {len(rep.candidate.texts)} sentences, {pairs} pairs) "
              f"| {a:.2f} s | {b:.2f} s | {b / a:.3f}x | {(b - a) / max(1, pairs) * 1000:.1f} ms |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["500", "500refB"])
