"""Batch mode: check thousands of story pairs unattended, resumably, on every core or on Ray.

    from qualcheck.batch import read_manifest, pairs_from_dirs, run_batch
    result = run_batch(read_manifest("today.csv"), "reports/today", workers=2)
    result.exit_code, result.rows, result.summary_csv

The steps of a batch (``run.run_batch``), each in its own module:

* ``manifest``: the pairs, from a manifest (CSV or JSONL) or two folders, with per-pair options;
* ``state``: the main process reads each pair (a missing, empty or binary file becomes an error
  row at once, the batch goes on) and computes its key: the SHA-256 of both input texts, the
  pair's id and every setting that changes a report (model, options, formats, version). Pairs
  whose key is in the state file (``state.jsonl``, one line per finished pair, appended as each
  report is written) are skipped: an interrupted batch started again finishes only the rest;
* ``engines`` and ``worker``: the others go, in chunks, to workers (processes of the ``local``
  engine, or Ray actors), each with its own encoder loaded once. Inside a worker the pairs of a
  chunk are checked together, their requests for embeddings pooled so the model sees one large,
  length-sorted batch per step instead of many small ones. Embeddings go to an on-disk cache
  keyed by model and text, so a revised story embeds only its changed sentences;
* ``rows`` and ``layout``: workers send back the summary row and the rendered report files; the
  main process writes ``reports/<id>/`` and appends the state line;
* ``summary``: at the end, ``summary.csv`` and ``summary.html`` (one row per story, worst first).

Guarantees (docs/batch.md): the output folder is locked (``batch.lock``, flock, holding the pid: a
second batch there exits 2 naming the first); each state record is one write of a whole line,
fsync'ed, and a torn line is skipped, reported and dropped; summaries and report files are written
atomically (fsio); every CSV cell goes through ``csvsafe.cell`` (no formula); the summary page is
an autoescaped template; worker processes end when the driver dies, even by kill -9 (parent-death
signal and a watchdog).
"""
from __future__ import annotations

from .engines import ENGINES
from .layout import LOCK_FILE, REPORTS_DIR, STATE_FILE, SUMMARY_CSV, SUMMARY_HTML, output_paths, report_dirname
from .manifest import OPTIONS, Pair, pairs_from_dirs, read_manifest
from .rows import Row
from .run import DEFAULT_FORMATS, BatchResult, ProgressFn, default_cache_dir, run_batch
from .state import StateWriter, folder_lock, pair_key, read_state
from .summary import summary_table, write_summary
from .worker import die_with_parent

__all__ = [
    "BatchResult", "DEFAULT_FORMATS", "ENGINES", "LOCK_FILE", "OPTIONS", "Pair", "ProgressFn", "REPORTS_DIR",
    "Row", "STATE_FILE", "SUMMARY_CSV", "SUMMARY_HTML", "StateWriter", "default_cache_dir", "die_with_parent",
    "folder_lock", "output_paths", "pair_key", "pairs_from_dirs", "read_manifest", "read_state",
    "report_dirname", "run_batch", "summary_table", "write_summary",
]
