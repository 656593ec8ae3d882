"""Segmentation time on one long paragraph: windowed pysbd (qualcheck.segment) vs one pysbd call.

pysbd is quadratic in the sentences of one call. qualcheck segments a paragraph longer
than segment.WINDOW characters window by window. This prints, for paragraphs of growing
length made of the seed candidate's sentences (no newline), the time of qualcheck's
split_paragraph beside the time of a single pysbd call on the same text (the baseline),
whether both give the same sentences, and the time of the whole clean+segment stage.
The baseline stops at 80,000 characters (it takes minutes beyond).

    python bench/segment_scaling.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualcheck.load import load_text  # noqa: E402
from qualcheck.pipeline import prepare  # noqa: E402
from qualcheck.segment import _segmenter, split_paragraph  # noqa: E402

BASELINE_MAX = 80_000


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def one_call(text: str) -> list[str]:
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]


def main() -> None:
    seed = (ROOT / "qualcheck" / "data" / "candidate_machine_translated.txt").read_text(encoding="utf-8")
    unit = " ".join(seed.split()) + " "
    _segmenter().segment("Warm up. The segmenter.")
    print(f"{'chars':>9} {'sentences':>9} {'windowed s':>10} {'one call s':>10} {'speed-up':>8} {'same':>5} "
          f"{'clean+segment s':>15}")
    for n in (10_000, 20_000, 40_000, 80_000, 250_000, 1_000_000):
        text = (unit * (n // len(unit) + 1))[:n]
        spans, t_win = timed(split_paragraph, text)
        got = [text[s:e] for s, e in spans]
        if n <= BASELINE_MAX:
            expected, t_one = timed(one_call, text)
            same = "yes" if [g.replace(" ", "") for g in got] == [x.replace(" ", "") for x in expected] else "NO"
            one, speed = f"{t_one:10.2f}", f"{t_one / t_win:7.1f}x"
        else:
            one, speed, same = f"{'not run':>10}", f"{'':>8}", ""
        _, t_prep = timed(prepare, load_text(text))
        print(f"{n:>9,} {len(got):>9,} {t_win:10.2f} {one} {speed} {same:>5} {t_prep:15.2f}", flush=True)


if __name__ == "__main__":
    main()
