"""Progress of one check on stderr: one line per stage, with its name and seconds, and a total.

On a terminal the stage under way is shown on a live line (``embedding 48/48``, ``checks: names``)
that becomes the stage's line when it ends; on a pipe nothing is written unless asked
(``--progress``), and then only the finished lines. ``--quiet`` writes nothing.

The pipeline reports through three hooks of ``pipeline.check``: ``on_start(label)`` when a stage
begins, ``progress(done, total)`` while texts are embedded, ``on_stage(name, seconds)`` when a
stage ends (its time, measured by the pipeline).
"""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO

# the pipeline's stage names -> the words on the line
LABELS = {
    "load": "reading",
    "clean": "cleaning",
    "segment": "segmenting",
    "load model": "loading model",
    "embed": "embedding",
    "align": "aligning",
    "checks": "checks",
    "reports": "writing reports",
}
WIDTH = 20  # the label column


def wanted(quiet: bool, asked: Optional[bool], stream: TextIO = sys.stderr) -> bool:
    """Progress lines: never with --quiet; with --progress / --no-progress as asked; else on a terminal only."""
    if quiet:
        return False
    if asked is not None:
        return asked
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class StageLines:
    """Writes the stage lines (see the module's docstring) to ``stream``."""

    def __init__(self, stream: TextIO = sys.stderr, live: Optional[bool] = None):
        self.stream = stream
        try:
            self.live = stream.isatty() if live is None else live
        except (AttributeError, ValueError):
            self.live = False
        self.t0 = time.perf_counter()
        self.current = ""
        self.embedded = 0  # texts embedded so far in this check (for the embedding line)
        self._call_base = 0
        self._last_done = 0
        self._last_draw = 0.0
        self._loading: Optional[float] = None  # when the model began to load
        self._load_shown = False
        self._building = False  # the model's ONNX export is being built (first use)

    # -- the hooks
    def on_start(self, label: str) -> None:
        if self._loading is not None:  # the model is loaded: its line now, before the embedding's
            what = "loading model" + (" (built its ONNX export first, once)" if self._building else "")
            self._line(f"{what:<{WIDTH}} {time.perf_counter() - self._loading:6.2f} s")
            self._loading, self._load_shown = None, True
        if label.startswith("loading model"):
            self._loading, self._building = time.perf_counter(), "building" in label
        self.current = label
        self._draw(label, force=True)

    def progress(self, done: int, total: int) -> None:
        if done < self._last_done:  # a new call to the encoder
            self._call_base = self.embedded
        self._last_done = done
        self.embedded = self._call_base + done
        if done == total:
            self._call_base, self._last_done = self.embedded, 0
        self._draw(f"embedding {done}/{total}", force=done == total)

    def on_stage(self, name: str, seconds: float) -> None:
        if name == "load" or (name == "load model" and (seconds < 0.005 or self._load_shown)):
            return  # reading the files: part of the start; a model already loaded (or its line out): no stage
        label = LABELS.get(name, name)
        if name == "embed":
            label = f"embedding {self.embedded} texts" if self.embedded else "embedding (all cached)"
        self._line(f"{label:<{WIDTH}} {seconds:6.2f} s")

    def finish(self) -> None:
        self._line(f"{'total':<{WIDTH}} {time.perf_counter() - self.t0:6.2f} s")

    # -- writing
    def _draw(self, text: str, force: bool = False) -> None:
        if not self.live:
            return
        now = time.perf_counter()
        if not force and now - self._last_draw < 0.05:
            return
        self._last_draw = now
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(f"\r\x1b[K{text}\n" if self.live else f"{text}\n")
        self.stream.flush()
