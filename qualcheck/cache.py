"""The disk cache: results that cost time and depend on a text alone, kept across runs (sqlite, one file).

``DiskCache(path, model)`` keeps sentence embeddings keyed by model name and the SHA-1 of the text,
and, as JSON keyed by a ``kind`` that names the model or the code that derives them, other results
of a text (spaCy's entities and the verb test's answer of a sentence, a paragraph's sentence
spans, a sentence pair's mismatch features): ``annotate()``, through the run's cache
``store_of(encoder)`` (the one the encoder keeps its embeddings in), under a ``kind`` that holds
``code_digest()`` of the code deriving them.

Two guarantees (docs/cache.md):

* **A damaged file never stops a run.** A file sqlite cannot read (a junk header: "file is not a
  database"; a file cut short after a checkpoint: "database disk image is malformed") is found at
  open, or by the query that first reads a damaged page. The file (and its ``-wal``/``-shm``) is
  moved aside to ``<name>.damaged-<UTC time>``, a one-line warning names it on stderr, a new
  cache is started and the run goes on: what the cache held is computed again. The repair runs
  under a file lock (``<name>.lock``), so of a batch's workers only the first moves the file;
  the others open the new one.
* **A size bound, least recently used out first.** Each row carries the time it was last used.
  A read renews that time only when it is over an hour old, and the renewals are written in
  batches (with the next write, or 2,000 at a time), so a warm run costs no write per read.
  When the rows in use pass ``max_bytes`` (``Settings.cache_max_mb``, 2 GB by default), the
  least recently used rows are deleted until 80% of it is left (a new file also gives the freed
  pages back to the file system).
"""
from __future__ import annotations

import atexit
import contextlib
import datetime as _dt
import fcntl
import hashlib
import json
import math
import os
import sqlite3
import sys
import threading
import time
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import numpy as np

CACHE_FILE = "embeddings.sqlite"
DEFAULT_CACHE_MAX_MB = 2048  # Settings.cache_max_mb
TOUCH_AFTER = 3600  # seconds: a read renews a row's last-used time only when it is older than this
TOUCH_BATCH = 2000  # renewals kept in memory before they are written...
TOUCH_WAIT = 60.0  # ...or this many seconds (and at exit: a warm run writes them once)
EVICT_TO = 0.8  # an eviction leaves this share of the bound in use
_DAMAGE = ("not a database", "malformed", "file is encrypted")
_TABLES = {"emb": "model", "notes": "kind"}


def clock() -> int:
    """Now, in whole seconds: the last-used time of a row."""
    return int(time.time())


def is_damage(exc: BaseException) -> bool:
    """Whether a sqlite error says the file itself is damaged (not busy, locked or full)."""
    return isinstance(exc, sqlite3.DatabaseError) and any(m in str(exc).lower() for m in _DAMAGE)


def _warn(message: str) -> None:
    print(f"qualcheck: warning: {message}", file=sys.stderr, flush=True)


warn: Callable[[str], None] = _warn  # where the one-line warnings go


def sidecars(path: Path) -> list[Path]:
    """The cache file and the files sqlite keeps beside it."""
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<path>.lock`` (between processes; the lock file stays)."""
    with open(f"{path}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _inode(path: Path) -> Optional[tuple[int, int]]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def set_aside(path: Path) -> Path:
    """Move a damaged cache file (and its -wal, -shm) to ``<name>.damaged-<UTC time>``; returns the new name."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    if target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{os.getpid()}")
    for src, dst in zip(sidecars(path), sidecars(target)):
        with contextlib.suppress(FileNotFoundError):
            os.replace(src, dst)
    return target


class DiskCache:
    """Embeddings and other per-text results on disk (sqlite, one file): see the module's docstring.

    ``max_bytes``: the size bound (None: ``DEFAULT_CACHE_MAX_MB``; 0: no bound)."""

    def __init__(self, path: str | os.PathLike, model: str, max_bytes: Optional[int] = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self.max_bytes = DEFAULT_CACHE_MAX_MB * 2**20 if max_bytes is None else int(max_bytes)
        self.set_aside: list[Path] = []  # damaged files moved aside by this object
        self.evicted = 0  # rows deleted by the size bound
        self._lock = threading.RLock()
        self._touch: dict[tuple[str, str], set[str]] = {}
        self._touch_n = 0
        self._touch_since = 0.0
        self._db: sqlite3.Connection = None  # type: ignore[assignment]
        self._ino = None
        with file_lock(self.path):
            self._open()
        atexit.register(_flush_at_exit, weakref.ref(self))

    # ---------------------------------------------------------------- opening and repair

    def _open(self) -> None:
        """Connect and set up; a damaged file is moved aside and a new one started (under the file lock)."""
        for attempt in (0, 1):
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=120)
            try:
                self._setup_retrying()
                self._ino = _inode(self.path)
                return
            except sqlite3.DatabaseError as exc:
                self._db.close()
                if attempt or not is_damage(exc):
                    raise
                self._repair(exc)

    def _repair(self, exc: BaseException) -> None:
        moved = set_aside(self.path)
        self.set_aside.append(moved)
        warn(f"the cache {self.path} is damaged ({exc}); moved it to {moved} and started a new one")

    def _recover(self, exc: BaseException) -> None:
        """A query found damage during the run: start again on a sound file (moving this one aside
        unless another process already did)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        with file_lock(self.path):
            if _inode(self.path) == self._ino:
                self._repair(exc)
            self._open()
        self._touch.clear()
        self._touch_n = 0

    def _setup_retrying(self) -> None:
        # Several processes (a batch's workers) may open a new cache at the same moment: sqlite then
        # answers "database is locked" at once to all but one of them (it will not wait where two
        # lock upgrades would deadlock), so the set-up is retried for up to a minute.
        for attempt in range(600):
            try:
                self._setup()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == 599:
                    raise
                self._db.rollback()
                time.sleep(0.1)

    def _setup(self) -> None:
        db = self._db
        # a new file gives pages freed by eviction back to the file system (set before any table)
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        # write-ahead log: the batch's worker processes read while another writes (the default journal
        # locks readers out for every commit, and sqlite's busy wait sleeps), and a commit costs
        # 0.14 ms instead of 0.83 ms here; NORMAL sync can lose the last commits on a power cut, which
        # a cache can afford. A file system that cannot do WAL keeps the default journal.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB, "
                   "used INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (model, key))")
        db.execute("CREATE TABLE IF NOT EXISTS notes (kind TEXT, key TEXT, val TEXT, "
                   "used INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, key))")
        for table in _TABLES:  # a cache written before the size bound: rows count as least recently used
            cols = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
            if "used" not in cols:
                db.execute(f"ALTER TABLE {table} ADD COLUMN used INTEGER NOT NULL DEFAULT 0")
            db.execute(f"CREATE INDEX IF NOT EXISTS {table}_used ON {table}(used)")
        db.commit()
        for table in _TABLES:  # reads a page of each table: a file cut short fails here, at open
            db.execute(f"SELECT * FROM {table} ORDER BY used DESC LIMIT 1").fetchall()
            db.execute(f"SELECT * FROM {table} ORDER BY rowid DESC LIMIT 1").fetchall()

    def _run(self, op: Callable[[sqlite3.Connection], object]):
        """``op(connection)`` under the lock; on damage, repair and run it once more on the new file."""
        with self._lock:
            try:
                return op(self._db)
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    raise
                self._recover(exc)
                return op(self._db)

    def flush(self) -> None:
        """Write the pending last-used renewals now."""
        with self._lock:
            if self._touch_n:
                self._run(self._write(lambda db: None))

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self.flush()
            self._db.close()
            self._touch.clear()
            self._touch_n = 0

    # ---------------------------------------------------------------- reads and writes

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _select(self, table: str, value: str, first: str, keys: list[str]) -> list[tuple]:
        """(key, value) rows of ``table`` for ``keys`` under ``first`` (a model or a kind), 500 keys a
        query; notes which rows to renew."""
        col = _TABLES[table]

        def op(db: sqlite3.Connection) -> list[tuple]:
            out: list[tuple] = []
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                out += db.execute(f"SELECT key, {value}, used FROM {table} WHERE {col}=? AND key IN "
                                  f"({','.join('?' * len(chunk))})", [first, *chunk]).fetchall()
            return out

        rows = self._run(op)
        stale = clock() - TOUCH_AFTER
        old = [k for k, _, used in rows if used < stale]
        if old:
            with self._lock:
                if not self._touch_n:
                    self._touch_since = time.monotonic()
                self._touch.setdefault((table, first), set()).update(old)
                self._touch_n += len(old)
                if self._touch_n >= TOUCH_BATCH or time.monotonic() - self._touch_since > TOUCH_WAIT:
                    self.flush()
        return [(k, v) for k, v, _ in rows]

    def _flush_touches(self, db: sqlite3.Connection) -> None:
        if not self._touch:
            return
        now = clock()
        for (table, first), keys in self._touch.items():
            db.executemany(f"UPDATE {table} SET used=? WHERE {_TABLES[table]}=? AND key=?",
                           [(now, first, k) for k in keys])
        self._touch.clear()
        self._touch_n = 0

    def _write(self, body: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
        """A write transaction: ``body``, the pending renewals, then eviction when over the bound."""

        def op(db: sqlite3.Connection) -> None:
            body(db)
            self._flush_touches(db)
            db.commit()
            if self.max_bytes and self.bytes_in_use(db) > self.max_bytes:
                self._evict(db)

        return op

    def get_notes(self, kind: str, texts: Sequence[str]) -> dict[str, object]:
        keys = {self.key(t): t for t in texts}
        rows = self._select("notes", "val", kind, list(keys))
        return {keys[k]: json.loads(val) for k, val in rows}

    def put_notes(self, kind: str, items: Iterable[tuple[str, object]]) -> None:
        now = clock()
        rows = [(kind, self.key(t), json.dumps(v), now) for t, v in items]
        self._run(self._write(lambda db: db.executemany(
            "INSERT OR REPLACE INTO notes (kind, key, val, used) VALUES (?,?,?,?)", rows)))

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        keys = {self.key(t): t for t in texts}
        rows = self._select("emb", "vec", self.model, list(keys))
        return {keys[k]: np.frombuffer(blob, dtype=np.float32) for k, blob in rows}

    def put_many(self, pairs: Iterable[tuple[str, np.ndarray]]) -> None:
        now = clock()
        rows = [(self.model, self.key(t), np.asarray(v, dtype=np.float32).tobytes(), now) for t, v in pairs]
        self._run(self._write(lambda db: db.executemany(
            "INSERT OR REPLACE INTO emb (model, key, vec, used) VALUES (?,?,?,?)", rows)))

    # ---------------------------------------------------------------- size bound

    @staticmethod
    def bytes_in_use(db: sqlite3.Connection) -> int:
        """Bytes of the pages that hold data (free pages, which sqlite reuses, not counted)."""
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        free = db.execute("PRAGMA freelist_count").fetchone()[0]
        return (pages - free) * size

    def _evict(self, db: sqlite3.Connection) -> None:
        """Delete the least recently used rows (embeddings and notes alike) until ``EVICT_TO`` of the bound."""
        for _ in range(8):
            in_use = self.bytes_in_use(db)
            if in_use <= self.max_bytes * EVICT_TO:
                break
            rows = sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _TABLES)
            if not rows:
                break
            per_row = in_use / rows
            n = max(1, math.ceil((in_use - self.max_bytes * EVICT_TO) / per_row))
            victims = db.execute(  # the n oldest of each table (by its index on used), then of both
                "SELECT * FROM (SELECT 'emb', rowid, used FROM emb ORDER BY used LIMIT ?) UNION ALL "
                "SELECT * FROM (SELECT 'notes', rowid, used FROM notes ORDER BY used LIMIT ?) ORDER BY 3 LIMIT ?",
                (n, n, n)).fetchall()
            for table in _TABLES:
                db.executemany(f"DELETE FROM {table} WHERE rowid=?", [(r,) for t, r, _ in victims if t == table])
            db.commit()
            self.evicted += len(victims)
        if db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:
            db.execute("PRAGMA incremental_vacuum")
            db.commit()

    # ---------------------------------------------------------------- for `qualcheck cache`

    def info(self) -> dict:
        """Path, bytes on disk, bytes in use, bound, and the number of entries per model or kind."""
        def op(db: sqlite3.Connection) -> dict:
            kinds = {f"embeddings {m}": n for m, n in db.execute("SELECT model, count(*) FROM emb GROUP BY model")}
            kinds.update({k: n for k, n in db.execute("SELECT kind, count(*) FROM notes GROUP BY kind")})
            return {"in_use": self.bytes_in_use(db), "entries": kinds}

        got = self._run(op)
        on_disk = sum(p.stat().st_size for p in sidecars(self.path) if p.exists())
        return {"path": str(self.path), "bytes": on_disk, "bytes_in_use": got["in_use"],
                "max_bytes": self.max_bytes, "entries": got["entries"],
                "damaged": sorted(str(p) for p in self.path.parent.glob(f"{self.path.name}.damaged-*")
                                  if not p.name.endswith(("-wal", "-shm")))}


def _flush_at_exit(ref: "weakref.ref[DiskCache]") -> None:
    store = ref()
    if store is not None:
        with contextlib.suppress(Exception):  # a closed or vanished cache: nothing to keep
            store.flush()


def clear(path: str | os.PathLike) -> list[Path]:
    """Delete the cache file at ``path``, its sqlite side files and the damaged copies set aside;
    returns what was deleted. A process that has the cache open keeps its (now unnamed) file."""
    path = Path(path)
    gone = []
    with file_lock(path):
        for p in [*sidecars(path), *sorted(path.parent.glob(f"{path.name}.damaged-*"))]:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                gone.append(p)
    return gone


# --------------------------------------------------------------------------- results derived from a text


@lru_cache(maxsize=None)
def code_digest(*paths: str) -> str:
    """SHA-1 (12 hex digits) of the source files ``paths``, read in order: part of an
    ``annotate`` kind for results derived by rules in those files, so a changed rule never reads
    back an old answer."""
    digest = hashlib.sha1()
    for path in paths:
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()[:12]


def annotate(store: Optional[DiskCache], kind: str, texts: Sequence[str],
             compute: Callable[[list[str]], dict[str, object]]) -> dict[str, object]:
    """``compute`` over the distinct ``texts``, through the disk cache ``store`` (when there is one):
    a text ``compute`` saw once under this ``kind`` is read back, not computed again."""
    todo = list(dict.fromkeys(texts))
    found = store.get_notes(kind, todo) if store is not None and todo else {}
    todo = [t for t in todo if t not in found]
    if todo:
        new = compute(todo)
        if store is not None:
            store.put_notes(kind, new.items())
        found.update(new)
    return found


def store_of(encoder) -> Optional[DiskCache]:
    """The disk cache of a run: the one behind its encoder (or a wrapper of one), if it has one. The
    pipeline, the gate and the checks keep their derived results there (``annotate``)."""
    while encoder is not None:
        disk = getattr(encoder, "disk", None)
        if disk is not None:
            return disk
        encoder = getattr(encoder, "encoder", None)
    return None
