"""The output folder of a batch: what it holds and where each pair's report goes.

    <out>/batch.lock            held (flock) by the batch writing the folder; holds its pid
    <out>/state.jsonl           one line per finished pair (state.py)
    <out>/summary.csv, .html    one row per pair, worst first (summary.py)
    <out>/reports/<id>/         each pair's report files
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Sequence

from ..outputs import fit_name
from ..report import WRITERS
from .manifest import Pair

STATE_FILE = "state.jsonl"
LOCK_FILE = "batch.lock"
SUMMARY_CSV = "summary.csv"
SUMMARY_HTML = "summary.html"
REPORTS_DIR = "reports"


def report_dirname(pid: str) -> str:
    """A safe folder name for an id (a short hash is added when the id had to be changed)."""
    slug = re.sub(r"[^\w.-]+", "_", pid).strip("._") or "pair"
    if slug != pid:
        return fit_name(slug, 91) + "-" + hashlib.sha1(pid.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return fit_name(slug, 100)  # 100 bytes of UTF-8 at most: long non-ASCII ids fit NAME_MAX


def report_folder(pid: str) -> str:
    """The report folder of a pair, relative to the output folder (as the summary links it)."""
    return f"{REPORTS_DIR}/{report_dirname(pid)}"


def output_paths(out_dir: str | os.PathLike, pairs: Sequence[Pair], formats: Sequence[str]) -> list[Path]:
    """Every file and folder a batch into ``out_dir`` may write (to check against its inputs first)."""
    out = Path(out_dir)
    paths = [out, out / STATE_FILE, out / SUMMARY_CSV, out / SUMMARY_HTML, out / REPORTS_DIR]
    for pair in pairs:
        d = out / REPORTS_DIR / report_dirname(pair.id)
        paths += [d, *(d / WRITERS[f][1] for f in formats)]
    return paths
