"""The worker side of a batch: a worker's setup (its torch threads, its encoder, dying with its
parent), and the check of one chunk of pairs, their embedding requests pooled.

A worker is a process of the ``local`` engine, a Ray actor, or the calling process itself
(engines.py). Inside it, the pairs of a chunk are checked together: each runs ``pipeline.check``
in a thread, one thread at a time, and their requests for embeddings are pooled
(``PooledEncoder``) so the model sees one large, length-sorted batch per step.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import Optional, Sequence

from ..settings import Settings
from ..embed import get_encoder
from ..errors import QualcheckError
from ..load import LoadedText
from ..pipeline import check
from ..report import WRITERS
from .manifest import Pair
from .rows import Row, error_row, row_from_report

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCHDOG_SECONDS = 1.0
_MEMORY_LIMIT = 200_000  # embeddings kept in a worker's memory before it drops them (the disk cache keeps them)
_WORKER: dict = {}  # this process's encoder


class PooledEncoder:
    """An encoder shared by the threads of one chunk that pools their requests.

    Each pair of the chunk is checked in its own thread, but only one thread runs at a time: a
    thread holds ``turn`` while it works and gives it up only while it waits for embeddings (the
    pipeline and the checks need not be thread-safe, and pysbd's segmenter is not). When every
    thread of the chunk is waiting (or finished), the union of their texts goes through the real
    encoder in one call (one large length-sorted batch, cached by text) and every thread gets its
    rows. So a chunk costs a few large model calls (sentences, then 1-2/2-1 groups, then the
    words some checks compare) instead of a few small ones per pair.
    """

    def __init__(self, encoder, parties: int):
        self.encoder = encoder
        self.name = encoder.name
        self._cv = threading.Condition(threading.RLock())
        self.turn = self._cv  # hold it (``with pooled.turn:``) while checking a pair
        self._running = parties
        self._pending: list[dict] = []
        self.calls = 0  # pooled calls made to the real encoder

    @property
    def dim(self) -> int:
        return self.encoder.dim

    @property
    def encoded(self) -> int:
        return self.encoder.encoded

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        try:
            union = list(dict.fromkeys(t for req in batch for t in req["texts"]))
            if union:
                self.encoder.encode(union)
                self.calls += 1
            for req in batch:
                req["result"] = self.encoder.encode(req["texts"])
        except BaseException as exc:  # noqa: BLE001 - handed to every waiting thread
            for req in batch:
                req["error"] = exc
        self._running += len(batch)  # the woken threads count as running again from now on
        self._cv.notify_all()

    def encode(self, texts, progress=None):
        texts = list(texts)
        lookup = getattr(self.encoder, "lookup", None)
        got = lookup(texts) if lookup is not None else None
        if got is not None:  # all cached: no need to wait for the other threads
            return got
        req = {"texts": texts, "result": None, "error": None}
        with self._cv:
            self._pending.append(req)
            self._running -= 1
            if self._running == 0:
                self._flush()
            while req["result"] is None and req["error"] is None:
                self._cv.wait()
        if req["error"] is not None:
            raise req["error"]
        return req["result"]

    def leave(self) -> None:
        """A thread is done with the chunk: it no longer holds up the others."""
        with self._cv:
            self._running -= 1
            if self._running == 0 and self._pending:
                self._flush()


@dataclass
class Job:
    """A pair to check, read by the driver: its texts, its settings and its resume key."""

    pair: Pair
    reference: LoadedText
    candidate: LoadedText
    settings: Settings
    key: str


def init_worker(model: Optional[str], cache_dir: Optional[str], threads: int, encoder=None) -> None:
    """Set up a worker: its torch threads and its encoder (``encoder`` if given). The model itself
    loads on the first text that is not in the cache (once per worker), so a batch over cached copy
    never imports torch."""
    if threads:
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(threads)
        else:
            for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[var] = str(threads)
    _WORKER["encoder"] = get_encoder(model, cache_dir=cache_dir)
    if encoder is not None:
        _WORKER["encoder"] = encoder


def die_with_parent(parent: int) -> None:
    """End this process when its parent (the batch's driver, pid ``parent``) dies, even by kill -9:
    Linux's parent-death signal (SIGKILL from the kernel), and a watchdog thread that checks the
    parent every second (for other systems). A parent already gone ends it now."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    if os.getppid() != parent:  # died before the signal was set
        os._exit(1)
    threading.Thread(target=watch, name="qualcheck-parent-watchdog", daemon=True).start()


def init_process_worker(model: Optional[str], cache_dir: Optional[str], threads: int,
                        parent: Optional[int] = None) -> None:
    """The initializer of a worker process."""
    if parent is not None:
        die_with_parent(parent)  # first: a worker must never outlive a killed batch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's: it stops the workers
    init_worker(model, cache_dir, threads)


def run_chunk(jobs: list[Job], formats: Sequence[str]) -> tuple[list[tuple[Row, dict[str, str]]], int]:
    """Check the pairs of a chunk together; returns (row, rendered report files) per pair and the
    number of texts this chunk ran through the model."""
    enc = _WORKER["encoder"]
    memory = getattr(enc, "_memory", None)
    if isinstance(memory, dict) and len(memory) > _MEMORY_LIMIT:
        memory.clear()
    before = enc.encoded
    pooled = PooledEncoder(enc, len(jobs))
    results: list = [None] * len(jobs)

    def one(i: int) -> None:
        with pooled.turn:
            _one(i)

    def _one(i: int) -> None:
        job = jobs[i]
        t0 = time.perf_counter()
        try:
            report = check(job.reference, job.candidate, settings=job.settings, encoder=pooled)
            files = {}
            for fmt in formats:
                render, filename = WRITERS[fmt]
                files[filename] = render(report)
            results[i] = (row_from_report(job.pair, report, job.settings, job.key, time.perf_counter() - t0), files)
        except QualcheckError as exc:
            results[i] = (error_row(job.pair, str(exc), job.settings.fail_on, job.key), {})
        except Exception as exc:  # noqa: BLE001 - one broken pair must not stop the batch
            results[i] = (error_row(job.pair, f"{type(exc).__name__}: {exc}", job.settings.fail_on, job.key), {})
        finally:
            pooled.leave()

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, enc.encoded - before
