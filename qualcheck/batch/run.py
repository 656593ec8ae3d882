"""``run_batch``: the steps of a batch, from a list of pairs to the reports, the state file and
the summary."""
from __future__ import annotations

import copy
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from ..settings import Settings
from ..errors import QualcheckError
from ..fsio import atomic_write_text
from ..load import load_file
from ..models import cache_dir as models_cache_dir
from ..models import resolve
from ..report import FORMATS
from .engines import ENGINES, start_engine
from .layout import REPORTS_DIR, STATE_FILE
from .manifest import Pair, check_ids, settings_for
from .rows import Row, error_row
from .state import StateWriter, folder_lock, load_state, pair_key
from .summary import write_summary
from .worker import Job

DEFAULT_FORMATS = ("html", "json")

ProgressFn = Callable[[int, int, Row], None]


@dataclass
class BatchResult:
    rows: list[Row]
    out_dir: Path
    summary_csv: Path
    summary_html: Path
    checked: int  # pairs checked by this run
    resumed: int  # pairs taken from the state file
    errors: int
    encoded: int  # texts run through the model by this run (0 when the cache had them all)
    sentences: int  # sentences of the pairs checked by this run
    seconds: float
    engine: str
    workers: int

    @property
    def failing(self) -> list[Row]:
        return [r for r in self.rows if r.status == "ok" and r.fails]

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.status != "ok"]

    @property
    def exit_code(self) -> int:
        """0: every pair checked and none fails its --fail-on; 1: some fail or could not be checked."""
        return 1 if any(r.fails for r in self.rows) else 0


def default_cache_dir() -> Path:
    return models_cache_dir()


def run_batch(
    pairs: Sequence[Pair],
    out_dir: str | os.PathLike,
    settings: Optional[Settings] = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    engine: str = "local",
    workers: Optional[int] = None,
    cache_dir: str | os.PathLike | None = None,
    address: Optional[str] = None,
    chunk_size: int = 16,
    resume: bool = True,
    progress: Optional[ProgressFn] = None,
    encoder=None,
) -> BatchResult:
    """Check every pair; write ``reports/<id>/``, ``summary.csv``, ``summary.html`` and the state file
    under ``out_dir``. ``workers`` defaults to the cores of this machine (``local``) or 2 local Ray
    workers; ``workers=1`` with the local engine runs in this process (with ``encoder`` if given,
    an ``Encoder`` of the same model, else a shared one for ``cache_dir``)."""
    t_start = time.perf_counter()
    _check_arguments(engine, formats, chunk_size)
    base = copy.deepcopy(settings) if settings is not None else Settings()
    spec, _ = resolve(base.model)  # a missing model fails here, before any work
    cache = Path(cache_dir) if cache_dir is not None else (Path(base.cache_dir) if base.cache_dir else default_cache_dir())
    base.cache_dir = str(cache)
    check_ids(pairs, "batch")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out):  # one batch at a time writes a folder
        (out / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
        done = load_state(out / STATE_FILE, resume)  # the pairs an earlier run finished
        run = _Outcome(out, len(pairs), progress)
        try:
            chunks = _chunks(pairs, base, spec.name, formats, done, run, chunk_size)
            n_workers = _check_chunks(chunks, run, formats, engine, workers, base.model, str(cache), address, encoder)
        except BaseException:  # interrupted or failed: the summary of what is done, then the error
            run.close()
            if run.rows:
                write_summary(run.rows, out, formats)
            raise
        run.close()
        csv_path, html_path = write_summary(run.rows, out, formats)
    rows = sorted(run.rows, key=Row.sort_key)
    return BatchResult(
        rows=rows, out_dir=out, summary_csv=csv_path, summary_html=html_path, checked=run.checked,
        resumed=run.resumed, errors=sum(1 for r in rows if r.status != "ok"), encoded=run.encoded,
        sentences=run.sentences, seconds=time.perf_counter() - t_start, engine=engine, workers=n_workers,
    )


def _check_arguments(engine: str, formats: Sequence[str], chunk_size: int) -> None:
    if engine not in ENGINES:
        raise QualcheckError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise QualcheckError(f"unknown report format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    if chunk_size < 1:
        raise QualcheckError("chunk size must be at least 1")


class _Outcome:
    """The rows of a run as its pairs finish: a checked pair's report files written and its state
    line appended (in that order: a pair in the state file has its report), the progress told."""

    def __init__(self, out: Path, total: int, progress: Optional[ProgressFn]):
        self.out, self.total, self.progress = out, total, progress
        self.rows: list[Row] = []
        self.checked = self.resumed = self.encoded = self.sentences = 0
        self.state = StateWriter(out / STATE_FILE)

    def finish(self, row: Row, files: dict[str, str]) -> None:
        if row.status == "ok":
            d = self.out / row.report
            d.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                atomic_write_text(d / name, text)
            self.state.append({"row": asdict(row)})
            self.sentences += row.sentences
        self.checked += row.status == "ok"
        self._add(row)

    def resume(self, row: Row) -> None:
        """A pair an earlier run finished: its row as it was, its report left in place."""
        self.resumed += 1
        self._add(row)

    def _add(self, row: Row) -> None:
        self.rows.append(row)
        if self.progress:
            self.progress(len(self.rows), self.total, row)

    def close(self) -> None:
        self.state.close()


def _chunks(pairs: Sequence[Pair], base: Settings, model_name: str, formats: Sequence[str], done: dict[str, Row],
            run: _Outcome, chunk_size: int) -> Iterator[list[Job]]:
    """Read pairs lazily; skip finished ones; error rows for unreadable ones; yield the rest in chunks."""
    chunk: list[Job] = []
    for pair in pairs:
        st = settings_for(base, pair.options)
        if pair.error:
            run.finish(error_row(pair, pair.error, st.fail_on), {})
            continue
        try:
            ref = load_file(pair.reference, max_chars=st.max_chars)
            cand = load_file(pair.candidate, max_chars=st.max_chars)
        except QualcheckError as exc:
            run.finish(error_row(pair, str(exc), st.fail_on), {})
            continue
        key = pair_key(pair, ref.text, cand.text, st, model_name, formats)
        prev = done.get(key)
        if prev is not None and (run.out / prev.report).is_dir():
            prev.resumed = True
            prev.fail_on = st.fail_on
            run.resume(prev)
            continue
        chunk.append(Job(pair, ref, cand, st, key))
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_chunks(chunks: Iterator[list[Job]], run: _Outcome, formats: Sequence[str], engine: str,
                  workers: Optional[int], model, cache: str, address: Optional[str], encoder) -> int:
    """Check the chunks on the engine, keeping it full; returns its workers. The engine starts only
    when there is work: a fully resumed batch starts no worker (and returns 0)."""
    pending = next(chunks, None)
    if pending is None:
        return 0
    eng, slots, n_workers = start_engine(engine, workers, model, cache, address=address, encoder=encoder)
    try:
        inflight: list = []
        while pending is not None or inflight:
            while pending is not None and len(inflight) < slots:
                inflight.append(eng.submit(pending, list(formats)))
                pending = next(chunks, None)
            finished, inflight = eng.wait(inflight)
            for h in finished:
                res, encoded = eng.result(h)
                run.encoded += encoded
                for row, files in res:
                    run.finish(row, files)
    except BaseException:
        eng.close(cancel=True)
        raise
    eng.close()
    return n_workers
