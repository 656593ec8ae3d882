"""Batch mode: check thousands of story pairs unattended, resumably, on every core or on Ray.

    from qualcheck.batch import read_manifest, pairs_from_dirs, run_batch
    result = run_batch(read_manifest("today.csv"), "reports/today", workers=2)
    result.exit_code("major"), result.rows, result.summary_csv

How it works:

* the main process reads each pair (``load_file``: a missing, empty or binary file becomes an
  error row at once, the batch goes on) and computes its key: the SHA-256 of both input texts,
  the pair's id and every setting that changes a report (model, options, formats, version);
* pairs whose key is in the state file (``state.jsonl`` in the output folder, one line per
  finished pair, appended as each report is written) are skipped: an interrupted batch started
  again finishes only the rest;
* the others go, in chunks, to workers (processes of the ``local`` engine, or Ray actors), each
  with its own encoder loaded once. Inside a worker the pairs of a chunk are checked together:
  each pair runs ``pipeline.check`` in a thread, and their requests for embeddings are pooled
  (``_PooledEncoder``) so the model sees one large, length-sorted batch per step (all the
  sentences of the chunk, then all the 1-2/2-1 group texts) instead of many small ones;
* embeddings go to an on-disk cache keyed by model and text, so a revised story embeds only its
  changed sentences, and a second batch over the same copy embeds nothing;
* workers send back the summary row and the rendered report files; the main process writes
  ``reports/<id>/``, appends the state line, and at the end ``summary.csv`` and ``summary.html``
  (one row per story, worst first).

Guarantees (docs/batch.md): the output folder is locked (``batch.lock``, flock, holding the pid: a
second batch there exits 2 naming the first); each state record is one write of a whole line,
fsync'ed, and a torn line is skipped, reported and dropped; summaries and report files are written
atomically (fsio); every CSV cell goes through ``csvsafe.cell`` (no formula); worker processes end
when the driver dies, even by kill -9 (parent-death signal and a watchdog).
"""
from __future__ import annotations

import contextlib
import copy
import csv
import ctypes
import fcntl
import hashlib
import html
import io
import json
import os
import re
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from . import __version__
from .settings import FAIL_ON, Settings
from .csvsafe import write_rows
from .errors import InputError, QualcheckError
from .fsio import atomic_write_text
from .outputs import fit_name

STATE_FILE = "state.jsonl"
LOCK_FILE = "batch.lock"  # held (flock) by the batch writing the folder; holds its pid
SUMMARY_CSV = "summary.csv"
SUMMARY_HTML = "summary.html"
REPORTS_DIR = "reports"
ENGINES = ("local", "ray")
DEFAULT_FORMATS = ("html", "json")

# per-pair options a manifest row may set (manifest column or key of its ``options`` object)
OPTIONS: dict[str, Callable] = {
    "min_similarity": float,
    "fail_on": str,
    "max_group": int,
    "use_margin": lambda v: v if isinstance(v, bool) else str(v).strip().lower() in ("1", "true", "yes", "on"),
}
_ID_KEYS = ("id",)
_REF_KEYS = ("reference", "ref")
_CAND_KEYS = ("candidate", "cand")

ProgressFn = Callable[[int, int, "Row"], None]


# --------------------------------------------------------------------------- inputs


@dataclass
class Pair:
    """One story pair of a batch."""

    id: str
    reference: Path
    candidate: Path
    options: dict = field(default_factory=dict)
    error: str = ""  # set when the manifest itself makes the pair unusable (e.g. no matching file)


def _coerce_options(raw: dict, where: str) -> dict:
    out = {}
    for k, v in raw.items():
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if k not in OPTIONS:
            raise InputError(f"{where}: unknown option {k!r}; a row may set {', '.join(OPTIONS)}")
        try:
            out[k] = OPTIONS[k](v.strip() if isinstance(v, str) else v)
        except (TypeError, ValueError):
            raise InputError(f"{where}: option {k}={v!r} is not a valid {k}") from None
    if "fail_on" in out and out["fail_on"] not in FAIL_ON:
        raise InputError(f"{where}: fail_on={out['fail_on']!r}; choose from {', '.join(FAIL_ON)}")
    if "max_group" in out and not 2 <= out["max_group"] <= 8:
        raise InputError(f"{where}: max_group={out['max_group']} is out of range (2 to 8)")
    return out


def _pick(row: dict, keys: Sequence[str]):
    for k in keys:
        if k in row and row[k] not in (None, ""):
            return row[k]
    return None


def _pair_from_row(row: dict, base: Path, where: str) -> Pair:
    row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    ref, cand = _pick(row, _REF_KEYS), _pick(row, _CAND_KEYS)
    if ref is None or cand is None:
        raise InputError(f"{where}: needs a reference and a candidate path (columns id, reference, candidate)")
    opts = row.get("options") or {}
    if isinstance(opts, str):
        try:
            opts = json.loads(opts)
        except json.JSONDecodeError:
            raise InputError(f"{where}: the options column is not a JSON object") from None
    if not isinstance(opts, dict):
        raise InputError(f"{where}: options must be a JSON object")
    extra = {k: v for k, v in row.items() if k not in (*_ID_KEYS, *_REF_KEYS, *_CAND_KEYS, "options")}
    options = _coerce_options({**extra, **opts}, where)
    rp, cp = Path(os.path.expanduser(str(ref))), Path(os.path.expanduser(str(cand)))
    rp = rp if rp.is_absolute() else base / rp
    cp = cp if cp.is_absolute() else base / cp
    pid = _pick(row, _ID_KEYS)
    return Pair(str(pid).strip() if pid is not None else cp.stem, rp, cp, options)


def read_manifest(path: str | os.PathLike) -> list[Pair]:
    """Pairs from a CSV (header: id, reference, candidate[, options or option columns]) or a JSONL
    manifest (one object per line with the same keys). Relative paths are relative to the manifest.
    Raises ``InputError`` (one line) when the manifest itself is unusable."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such manifest")
    if p.is_dir():
        raise InputError(f"{p}: is a directory; give a CSV or JSONL manifest, or use --ref-dir and --cand-dir")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: the manifest is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    base = p.resolve().parent
    pairs: list[Pair] = []
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first:
        raise InputError(f"{p}: the manifest is empty")
    if p.suffix.lower() in (".jsonl", ".ndjson", ".json") or first.lstrip().startswith("{"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{n}: not a JSON object ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{p}:{n}: not a JSON object")
            pairs.append(_pair_from_row(obj, base, f"{p}:{n}"))
    else:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if not any(h in header for h in _REF_KEYS) or not any(h in header for h in _CAND_KEYS):
            raise InputError(f"{p}: the CSV manifest needs a header with id, reference, candidate (found: {', '.join(header)})")
        for row in reader:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            pairs.append(_pair_from_row(row, base, f"{p}:{reader.line_num}"))
    if not pairs:
        raise InputError(f"{p}: the manifest lists no pairs")
    _check_ids(pairs, str(p))
    return pairs


def _files(root: Path) -> dict[str, Path]:
    out = {}
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root)
        if f.is_file() and not any(part.startswith(".") for part in rel.parts):
            out[rel.as_posix()] = f
    return out


def pairs_from_dirs(ref_dir: str | os.PathLike, cand_dir: str | os.PathLike) -> list[Pair]:
    """Pairs of two folders matched by file name (relative path; subfolders included). A file on
    one side only becomes an error row, not a silent skip."""
    rd, cd = Path(ref_dir), Path(cand_dir)
    for d, opt in ((rd, "--ref-dir"), (cd, "--cand-dir")):
        if not d.is_dir():
            raise InputError(f"{d}: {opt} is not a folder")
    refs, cands = _files(rd), _files(cd)
    if not refs and not cands:
        raise InputError(f"{rd} and {cd}: no files to check")
    pairs = []
    for name in sorted(set(refs) | set(cands)):
        p = Pair(name, refs.get(name, rd / name), cands.get(name, cd / name))
        if name not in cands:
            p.error = f"{name}: no candidate of that name in {cd}"
        elif name not in refs:
            p.error = f"{name}: no reference of that name in {rd}"
        pairs.append(p)
    return pairs


def _check_ids(pairs: Sequence[Pair], where: str) -> None:
    seen: set[str] = set()
    for p in pairs:
        if not p.id:
            raise InputError(f"{where}: a row has an empty id")
        if p.id in seen:
            raise InputError(f"{where}: id {p.id!r} appears twice; ids name the report folders and must be unique")
        seen.add(p.id)


def report_dirname(pid: str) -> str:
    """A safe folder name for an id (a short hash is added when the id had to be changed)."""
    slug = re.sub(r"[^\w.-]+", "_", pid).strip("._") or "pair"
    if slug != pid:
        return fit_name(slug, 91) + "-" + hashlib.sha1(pid.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return fit_name(slug, 100)  # 100 bytes of UTF-8 at most: long non-ASCII ids fit NAME_MAX


def output_paths(out_dir: str | os.PathLike, pairs: Sequence[Pair], formats: Sequence[str]) -> list[Path]:
    """Every file and folder a batch into ``out_dir`` may write (to check against its inputs first)."""
    from .report import WRITERS

    out = Path(out_dir)
    paths = [out, out / STATE_FILE, out / SUMMARY_CSV, out / SUMMARY_HTML, out / REPORTS_DIR]
    for pair in pairs:
        d = out / REPORTS_DIR / report_dirname(pair.id)
        paths += [d, *(d / WRITERS[f][1] for f in formats)]
    return paths


# --------------------------------------------------------------------------- rows and summary


@dataclass
class Row:
    """One line of the summary: a checked story, or an error."""

    id: str
    status: str  # "ok" | "error"
    reference: str = ""
    candidate: str = ""
    score: Optional[float] = None
    findings: int = 0
    major: int = 0
    minor: int = 0
    info: int = 0
    reference_sentences: int = 0
    candidate_sentences: int = 0
    by_category: dict = field(default_factory=dict)
    report: str = ""  # the report folder, relative to the output folder
    error: str = ""
    fail_on: str = "major"
    seconds: float = 0.0
    key: str = ""
    resumed: bool = False  # taken from the state file of an earlier run

    @property
    def fails(self) -> bool:
        if self.status != "ok":
            return True
        if self.fail_on == "never":
            return False
        return self.major > 0 or (self.fail_on == "minor" and self.minor > 0)

    @property
    def sentences(self) -> int:
        return self.reference_sentences + self.candidate_sentences

    def sort_key(self) -> tuple:
        """Worst first: errors, then the lowest score, the most major then minor findings."""
        return (self.status == "ok", self.score if self.score is not None else -1.0, -self.major, -self.minor, self.id)


def _row_from_report(pair: Pair, report, st: Settings, key: str, seconds: float) -> Row:
    s = report.summary
    sev = s["by_severity"]
    return Row(
        id=pair.id, status="ok", reference=str(pair.reference), candidate=str(pair.candidate),
        score=s["score"], findings=s["findings"], major=sev.get("major", 0), minor=sev.get("minor", 0),
        info=sev.get("info", 0), reference_sentences=s["reference_sentences"],
        candidate_sentences=s["candidate_sentences"], by_category=dict(s["by_category"]),
        report=f"{REPORTS_DIR}/{report_dirname(pair.id)}", fail_on=st.fail_on, seconds=round(seconds, 3), key=key,
    )


def _error_row(pair: Pair, message: str, fail_on: str, key: str = "") -> Row:
    return Row(id=pair.id, status="error", reference=str(pair.reference), candidate=str(pair.candidate),
               error=message, fail_on=fail_on, key=key)


BASE_COLUMNS = ["rank", "id", "status", "score", "fails", "findings", "major", "minor", "info",
                "reference_sentences", "candidate_sentences"]
TAIL_COLUMNS = ["report", "reference", "candidate", "error"]


def summary_table(rows: Sequence[Row]) -> tuple[list[str], list[dict]]:
    """Columns and records of the summary, worst first, one count column per finding category."""
    cats = sorted({c for r in rows for c in r.by_category})
    cols = BASE_COLUMNS + cats + TAIL_COLUMNS
    recs = []
    for rank, r in enumerate(sorted(rows, key=Row.sort_key), 1):
        rec = {
            "rank": rank, "id": r.id, "status": r.status, "score": "" if r.score is None else r.score,
            "fails": "yes" if r.fails else "no", "findings": r.findings, "major": r.major, "minor": r.minor,
            "info": r.info, "reference_sentences": r.reference_sentences, "candidate_sentences": r.candidate_sentences,
            "report": r.report, "reference": r.reference, "candidate": r.candidate, "error": r.error,
        }
        for c in cats:
            rec[c] = r.by_category.get(c, 0)
        recs.append(rec)
    return cols, recs


def write_summary(rows: Sequence[Row], out_dir: Path, formats: Sequence[str]) -> tuple[Path, Path]:
    """summary.csv (every cell through the CSV formula guard) and summary.html, each written atomically."""
    cols, recs = summary_table(rows)
    buf = io.StringIO()
    write_rows(buf, cols, recs)
    csv_path = atomic_write_text(out_dir / SUMMARY_CSV, buf.getvalue())
    html_path = atomic_write_text(out_dir / SUMMARY_HTML, _summary_html(cols, recs, formats))
    return csv_path, html_path


def _summary_html(cols: list[str], recs: list[dict], formats: Sequence[str]) -> str:
    esc = html.escape
    from .report import WRITERS

    order = ["html", "md", "json"] + [f for f in formats if f not in ("html", "md", "json")]
    link_to = next((WRITERS[f][1] for f in order if f in formats and f in WRITERS), "")
    n_err = sum(1 for r in recs if r["status"] != "ok")
    n_fail = sum(1 for r in recs if r["fails"] == "yes" and r["status"] == "ok")
    head = "".join(f"<th>{esc(c)}</th>" for c in cols if c not in ("reference", "candidate"))
    body = []
    for r in recs:
        cls = "error" if r["status"] != "ok" else ("fail" if r["fails"] == "yes" else "pass")
        cells = []
        for c in cols:
            if c in ("reference", "candidate"):
                continue
            v = r[c]
            if c == "id":
                title = esc(f"reference: {r['reference']}\ncandidate: {r['candidate']}")
                if r["report"] and link_to:
                    cells.append(f'<td title="{title}"><a href="{esc(r["report"])}/{link_to}">{esc(str(v))}</a></td>')
                else:
                    cells.append(f'<td title="{title}">{esc(str(v))}</td>')
            elif c == "report":
                cells.append(f'<td><a href="{esc(v)}/">{esc(v)}/</a></td>' if v else "<td></td>")
            else:
                num = isinstance(v, (int, float)) and not isinstance(v, bool)
                cells.append(f'<td class="{"n" if num else ""}">{esc(str(v))}</td>')
        body.append(f'<tr class="{cls}">{"".join(cells)}</tr>')
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>qualcheck batch summary</title>\n"
        "<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}th{background:#f3f3f3;position:sticky;top:0}"
        "td.n{text-align:right}tr.error{background:#fde2e2}tr.fail{background:#fff4d6}tr.pass{background:#eef8ee}</style>"
        "</head><body>\n"
        f"<h1>qualcheck batch summary</h1>\n<p>{len(recs)} stories, worst first: {n_err} errors, {n_fail} failing, "
        f"{len(recs) - n_err - n_fail} passing. Each id links to its report.</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>\n</body></html>\n"
    )


# --------------------------------------------------------------------------- state (resume)


def _settings_for(base: Settings, options: dict) -> Settings:
    return base.with_options(**options)  # base itself when the row sets none (shared, never modified)


def pair_key(pair: Pair, ref_text: str, cand_text: str, st: Settings, model_name: str, formats: Sequence[str]) -> str:
    """What identifies a finished pair: its id, both input texts and every setting that changes the report."""
    settings = asdict(st)  # all of it (as_dict() abbreviates the glossary and rules)
    for k in ("fail_on", "cache_dir", "cache_max_mb", "progress"):  # they change neither findings nor files
        settings.pop(k, None)
    blob = json.dumps({
        "id": pair.id,
        "reference": hashlib.sha256(ref_text.encode("utf-8", "surrogatepass")).hexdigest(),
        "candidate": hashlib.sha256(cand_text.encode("utf-8", "surrogatepass")).hexdigest(),
        "settings": settings, "model": model_name, "formats": sorted(formats), "qualcheck": __version__,
    }, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _warn(message: str) -> None:
    print(f"qualcheck: warning: {' '.join(message.split())}", file=sys.stderr, flush=True)


def read_state(path: Path, warn: Optional[Callable[[str], None]] = _warn) -> dict[str, Row]:
    """Finished pairs by key. A line that is not a whole record (a run killed mid-write leaves its
    last line torn) is skipped and reported through ``warn``: that pair is checked again."""
    return _read_state(path, warn)[0]


def _read_state(path: Path, warn: Optional[Callable[[str], None]] = _warn) -> tuple[dict[str, Row], list[str], list[int]]:
    """(finished pairs by key, the whole lines, the numbers of the torn lines)."""
    done: dict[str, Row] = {}
    whole: list[str] = []
    torn: list[int] = []
    if not path.exists():
        return done, whole, torn
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                row = Row(**rec["row"])
            except (json.JSONDecodeError, KeyError, TypeError):
                torn.append(n)
                continue
            done[row.key] = row
            whole.append(line if line.endswith("\n") else line + "\n")
    if torn and warn is not None:
        lines = ", ".join(map(str, torn[:5])) + (" ..." if len(torn) > 5 else "")
        warn(f"{path}: skipped {len(torn)} torn line(s) ({lines}; a run was cut off while writing); "
             "those pairs are checked again")
    return done, whole, torn


class StateWriter:
    """Appends one finished pair a line to the state file: each record is one ``write`` of a whole
    line, flushed and fsync'ed; a file that does not end in a newline (a torn last line) gets one
    first, so a new record never glues onto a torn one."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        size = os.fstat(self.fd).st_size
        if size:
            with open(path, "rb") as fh:
                fh.seek(size - 1)
                if fh.read(1) != b"\n":
                    self._write(b"\n")

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:  # one write for a line (a regular file takes it whole); the loop is for safety
            view = view[os.write(self.fd, view):]
        os.fsync(self.fd)

    def append(self, record: dict) -> None:
        try:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        except UnicodeEncodeError:  # a name with undecodable bytes (surrogates): JSON escapes keep it exact
            line = (json.dumps(record) + "\n").encode("ascii")
        self._write(line)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


@contextlib.contextmanager
def folder_lock(out: Path) -> Iterator[None]:
    """An exclusive lock on the output folder (``batch.lock``, holding this process's id) while a
    batch writes it. Raises ``QualcheckError`` naming the process that holds it."""
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise QualcheckError(f"{out}: another batch (process {holder}) is writing to this folder; "
                                 "wait for it to finish or give another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock (the file stays: removing it would race with a waiting run)


# --------------------------------------------------------------------------- worker side


class _PooledEncoder:
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
class _Job:
    pair: Pair
    reference: object  # LoadedText
    candidate: object
    settings: Settings
    key: str


_WORKER: dict = {}
_MEMORY_LIMIT = 200_000  # embeddings kept in a worker's memory before it drops them (the disk cache keeps them)


def _init_worker(model: Optional[str], cache_dir: Optional[str], threads: int) -> None:
    """Set up a worker: its torch threads and its encoder. The model itself loads on the first text
    that is not in the cache (once per worker), so a batch over cached copy never imports torch."""
    import sys

    if threads:
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(threads)
        else:
            for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[var] = str(threads)
    from .embed import get_encoder

    _WORKER["encoder"] = get_encoder(model, cache_dir=cache_dir)


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCHDOG_SECONDS = 1.0


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


def _init_process_worker(model: Optional[str], cache_dir: Optional[str], threads: int,
                         parent: Optional[int] = None) -> None:
    if parent is not None:
        die_with_parent(parent)  # first: a worker must never outlive a killed batch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's: it stops the workers
    _init_worker(model, cache_dir, threads)


def _run_chunk(jobs: list[_Job], formats: Sequence[str]) -> tuple[list[tuple[Row, dict[str, str]]], int]:
    """Check the pairs of a chunk together; returns (row, rendered report files) per pair and the
    number of texts this chunk ran through the model."""
    from .pipeline import check
    from .report import WRITERS

    enc = _WORKER["encoder"]
    memory = getattr(enc, "_memory", None)
    if isinstance(memory, dict) and len(memory) > _MEMORY_LIMIT:
        memory.clear()
    before = enc.encoded
    pooled = _PooledEncoder(enc, len(jobs))
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
            results[i] = (_row_from_report(job.pair, report, job.settings, job.key, time.perf_counter() - t0), files)
        except QualcheckError as exc:
            results[i] = (_error_row(job.pair, str(exc), job.settings.fail_on, job.key), {})
        except Exception as exc:  # noqa: BLE001 - one broken pair must not stop the batch
            results[i] = (_error_row(job.pair, f"{type(exc).__name__}: {exc}", job.settings.fail_on, job.key), {})
        finally:
            pooled.leave()

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, enc.encoded - before


class _RayWorker:
    """A Ray actor: one encoder, loaded once, checks chunk after chunk."""

    def __init__(self, model, cache_dir, threads):
        _init_worker(model, cache_dir, threads)

    def run_chunk(self, jobs, formats):
        return _run_chunk(jobs, formats)


# --------------------------------------------------------------------------- engines


class _InlineEngine:
    """One process: the calling one (torch uses its intra-op threads)."""

    def __init__(self, model, cache_dir, threads, encoder=None):
        _init_worker(model, cache_dir, threads)
        if encoder is not None:
            _WORKER["encoder"] = encoder

    def submit(self, jobs, formats):
        fut: Future = Future()
        fut.set_result(_run_chunk(jobs, formats))
        return fut

    def wait(self, handles):
        return list(handles), []

    def result(self, handle):
        return handle.result()

    def close(self, cancel=False):
        pass


class _ProcessEngine:
    """Worker processes (spawned), each with its own encoder and 1 torch thread per core it has."""

    def __init__(self, workers, model, cache_dir, threads):
        import multiprocessing as mp

        self.ex = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                      initializer=_init_process_worker,
                                      initargs=(model, cache_dir, threads, os.getpid()))

    def submit(self, jobs, formats):
        return self.ex.submit(_run_chunk, jobs, formats)

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


class _RayEngine:
    """Ray actors, one per worker. Connects to ``address`` or starts a private local Ray instance
    (localhost only, no dashboard, a small object store) and stops it at the end."""

    def __init__(self, workers, model, cache_dir, threads, address=None):
        try:
            import ray
        except ImportError:
            raise QualcheckError('--engine ray needs Ray: pip install "qualcheck[ray]"') from None
        self.ray = ray
        self.started = False
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if not ray.is_initialized():
            import logging

            kw = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
            if address:
                ray.init(address=address, **kw)
            else:
                ray.init(num_cpus=workers or min(2, os.cpu_count() or 1), object_store_memory=128 * 1024 * 1024,
                         _node_ip_address="127.0.0.1", **kw)
                self.started = True
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))  # default: a worker per CPU
        actor = ray.remote(num_cpus=1)(_RayWorker)
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


# --------------------------------------------------------------------------- driver


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
    from .models import cache_dir

    return cache_dir()


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
    from .models import resolve
    from .report import FORMATS

    t_start = time.perf_counter()
    if engine not in ENGINES:
        raise QualcheckError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise QualcheckError(f"unknown report format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    if chunk_size < 1:
        raise QualcheckError("chunk size must be at least 1")
    base = copy.deepcopy(settings) if settings is not None else Settings()
    spec, _ = resolve(base.model)  # a missing model fails here, before any work
    cache = Path(cache_dir) if cache_dir is not None else (Path(base.cache_dir) if base.cache_dir else default_cache_dir())
    base.cache_dir = str(cache)
    _check_ids(pairs, "batch")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out):  # one batch at a time writes a folder
        return _run_locked(pairs, out, base, spec, cache, formats, engine, workers, address, chunk_size, resume,
                           progress, encoder, t_start)


def _run_locked(pairs, out: Path, base: Settings, spec, cache: Path, formats, engine, workers, address,
                chunk_size, resume, progress, encoder, t_start) -> BatchResult:
    from .load import load_file

    (out / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
    state_path = out / STATE_FILE
    if not resume and state_path.exists():
        state_path.unlink()
    done, whole, torn = _read_state(state_path)
    if torn:  # the state file again without its torn lines (atomically: the old one or the new one)
        atomic_write_text(state_path, "".join(whole))
    ncpu = os.cpu_count() or 1
    n_workers = max(1, workers or (ncpu if engine == "local" else min(2, ncpu)))

    total = len(pairs)
    rows: list[Row] = []
    counts = {"checked": 0, "resumed": 0, "encoded": 0, "sentences": 0}
    state_fh = StateWriter(state_path)

    def finish(row: Row, files: dict[str, str]) -> None:
        if row.status == "ok":
            d = out / row.report
            d.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                atomic_write_text(d / name, text)
            state_fh.append({"row": asdict(row)})
            counts["sentences"] += row.sentences
        counts["checked"] += row.status == "ok"
        rows.append(row)
        if progress:
            progress(len(rows), total, row)

    def chunks() -> Iterator[list[_Job]]:
        """Read pairs lazily; skip finished ones; error rows for unreadable ones; yield the rest in chunks."""
        chunk: list[_Job] = []
        for pair in pairs:
            st = _settings_for(base, pair.options)
            if pair.error:
                finish(_error_row(pair, pair.error, st.fail_on), {})
                continue
            try:
                ref = load_file(pair.reference, max_chars=st.max_chars)
                cand = load_file(pair.candidate, max_chars=st.max_chars)
            except QualcheckError as exc:
                finish(_error_row(pair, str(exc), st.fail_on), {})
                continue
            key = pair_key(pair, ref.text, cand.text, st, spec.name, formats)
            prev = done.get(key)
            if prev is not None and (out / prev.report).is_dir():
                prev.resumed = True
                prev.fail_on = st.fail_on
                counts["resumed"] += 1
                finish_resumed(prev)
                continue
            chunk.append(_Job(pair, ref, cand, st, key))
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def finish_resumed(row: Row) -> None:
        rows.append(row)
        if progress:
            progress(len(rows), total, row)

    eng = None
    first = None
    try:
        # the engine starts only when there is work: a fully resumed batch starts no worker
        gen = chunks()
        first = next(gen, None)
        slots = 1
        if first is not None:
            if engine == "ray":
                eng = _RayEngine(workers, base.model, str(cache), threads=1, address=address)
                slots = n_workers = eng.slots
            elif n_workers == 1:
                eng = _InlineEngine(base.model, str(cache), threads=0, encoder=encoder)
            else:
                eng = _ProcessEngine(n_workers, base.model, str(cache), threads=max(1, ncpu // n_workers))
                slots = 2 * n_workers  # a chunk queued per worker: no worker waits for the driver
        inflight: list = []
        pending_chunk = first
        while pending_chunk is not None or inflight:
            while pending_chunk is not None and len(inflight) < slots:
                inflight.append(eng.submit(pending_chunk, list(formats)))
                pending_chunk = next(gen, None)
            finished, inflight = eng.wait(inflight)
            for h in finished:
                res, encoded = eng.result(h)
                counts["encoded"] += encoded
                for row, files in res:
                    finish(row, files)
    except BaseException:
        state_fh.close()
        if eng is not None:
            eng.close(cancel=True)
        if rows:
            write_summary(rows, out, formats)
        raise
    state_fh.close()
    if eng is not None:
        eng.close()
    csv_path, html_path = write_summary(rows, out, formats)
    rows.sort(key=Row.sort_key)
    return BatchResult(
        rows=rows, out_dir=out, summary_csv=csv_path, summary_html=html_path, checked=counts["checked"],
        resumed=counts["resumed"], errors=sum(1 for r in rows if r.status != "ok"), encoded=counts["encoded"],
        sentences=counts["sentences"], seconds=time.perf_counter() - t_start, engine=engine,
        workers=n_workers if first is not None else 0,
    )
