"""The driver side of the three engines: how chunks of pairs reach workers and their results come
back. Each engine has ``submit(jobs, formats)``, ``wait(handles)`` -> (done, rest), ``result(handle)``
and ``close(cancel)``; ``start_engine`` picks one and says how many chunks it may hold at once."""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Optional

from ..errors import QualcheckError
from .worker import init_process_worker, init_worker, run_chunk

ENGINES = ("local", "ray")


class RayWorker:
    """A Ray actor: one encoder, loaded once, checks chunk after chunk."""

    def __init__(self, model, cache_dir, threads):
        init_worker(model, cache_dir, threads)

    def run_chunk(self, jobs, formats):
        return run_chunk(jobs, formats)


class InlineEngine:
    """One process: the calling one (torch uses its intra-op threads)."""

    def __init__(self, model, cache_dir, threads, encoder=None):
        init_worker(model, cache_dir, threads, encoder=encoder)

    def submit(self, jobs, formats):
        fut: Future = Future()
        fut.set_result(run_chunk(jobs, formats))
        return fut

    def wait(self, handles):
        return list(handles), []

    def result(self, handle):
        return handle.result()

    def close(self, cancel=False):
        pass


class ProcessEngine:
    """Worker processes (spawned), each with its own encoder and 1 torch thread per core it has."""

    def __init__(self, workers, model, cache_dir, threads):
        self.ex = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                      initializer=init_process_worker,
                                      initargs=(model, cache_dir, threads, os.getpid()))

    def submit(self, jobs, formats):
        return self.ex.submit(run_chunk, jobs, formats)

    def wait(self, handles):
        done, rest = wait(handles, return_when=FIRST_COMPLETED)
        return list(done), list(rest)

    def result(self, handle):
        return handle.result()

    def close(self, cancel=False):
        if cancel:  # interrupted: stop the workers now, not after their current chunk
            for proc in list(getattr(self.ex, "_processes", {}).values()):
                proc.terminate()
        self.ex.shutdown(wait=True, cancel_futures=cancel)


class RayEngine:
    """Ray actors, one per worker. Connects to ``address`` or starts a private local Ray instance
    (localhost only, no dashboard, a small object store) and stops it at the end."""

    def __init__(self, workers, model, cache_dir, threads, address=None):
        try:
            import ray  # optional and heavy: only for --engine ray
        except ImportError:
            raise QualcheckError('--engine ray needs Ray: pip install "qualcheck[ray]"') from None
        self.ray = ray
        self.started = False
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if not ray.is_initialized():
            kw = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
            if address:
                ray.init(address=address, **kw)
            else:
                ray.init(num_cpus=workers or min(2, os.cpu_count() or 1), object_store_memory=128 * 1024 * 1024,
                         _node_ip_address="127.0.0.1", **kw)
                self.started = True
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))  # default: a worker per CPU
        actor = ray.remote(num_cpus=1)(RayWorker)
        self.actors = [actor.remote(model, cache_dir, threads) for _ in range(n)]
        self.free = list(self.actors)
        self.busy: dict = {}

    @property
    def slots(self) -> int:
        return len(self.actors)

    def submit(self, jobs, formats):
        if not self.free:
            raise RuntimeError("no free Ray actor")  # the driver never submits more than slots
        a = self.free.pop()
        ref = a.run_chunk.remote(jobs, formats)
        self.busy[ref] = a
        return ref

    def wait(self, handles):
        done, rest = self.ray.wait(list(handles), num_returns=1)
        for ref in done:
            self.free.append(self.busy.pop(ref))
        return done, rest

    def result(self, handle):
        return self.ray.get(handle)

    def close(self, cancel=False):
        for a in self.actors:
            try:
                self.ray.kill(a)
            except Exception:  # noqa: BLE001
                pass
        if self.started:
            self.ray.shutdown()


def worker_count(engine: str, workers: Optional[int]) -> int:
    """The workers asked for, or the default: the cores (``local``), 2 at most (``ray``)."""
    ncpu = os.cpu_count() or 1
    return max(1, workers or (ncpu if engine == "local" else min(2, ncpu)))


def start_engine(engine: str, workers: Optional[int], model, cache_dir: str, address: Optional[str] = None,
                 encoder=None):
    """(the engine, the chunks it may hold at once, its workers). ``local`` with one worker runs in
    this process (with ``encoder`` if given); with more, spawned processes with a torch thread per
    core each and a chunk queued per worker, so no worker waits for the driver."""
    n_workers = worker_count(engine, workers)
    if engine == "ray":
        eng = RayEngine(workers, model, cache_dir, threads=1, address=address)
        return eng, eng.slots, eng.slots
    if n_workers == 1:
        return InlineEngine(model, cache_dir, threads=0, encoder=encoder), 1, n_workers
    ncpu = os.cpu_count() or 1
    return ProcessEngine(n_workers, model, cache_dir, threads=max(1, ncpu // n_workers)), 2 * n_workers, n_workers
