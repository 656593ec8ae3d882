"""What lets a batch resume: each pair's key, the state file of finished pairs (one whole line
each, fsync'ed; a torn line is skipped, reported and dropped), and the lock that keeps a second
batch out of the folder."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from .. import __version__
from ..settings import Settings
from ..errors import QualcheckError
from ..fsio import atomic_write_text
from .layout import LOCK_FILE
from .manifest import Pair
from .rows import Row


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


def load_state(path: Path, resume: bool) -> dict[str, Row]:
    """The finished pairs a run starts from: none (and no state file) without ``resume``; else
    those of the state file, which is rewritten without its torn lines (atomically: the old file
    or the new one)."""
    if not resume and path.exists():
        path.unlink()
    done, whole, torn = _read_state(path)
    if torn:
        atomic_write_text(path, "".join(whole))
    return done


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
