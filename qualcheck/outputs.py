"""Where reports go, settled before any work: names that fit, never over an input, a folder we can write.

* ``fit_name``: a file or folder name derived from input names is cut to ``MAX_NAME_BYTES`` bytes
  of UTF-8 (on a character boundary) with a short hash of the whole name added, so two long
  names stay apart and no name reaches the 255-byte limit of Linux file systems;
* ``refuse_overwrite``: no report file or folder may be an input file (same resolved path, or the
  same file through a hard link or a symlink: same device and inode);
* ``prepare_dir``: the output folder is created and a probe file written and removed in it, so a
  read-only, missing or full location fails at once, not after the check has run.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from .errors import InputError
from .terminal import shown

# NAME_MAX is 255 bytes; leave room for "-<k>" suffixes of repeated runs and the ".<name>.<random>.tmp"
# files of fsio.atomic_open
MAX_NAME_BYTES = 120


def fit_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """``name`` if its UTF-8 form fits in ``max_bytes``; else its longest prefix that fits with
    ``-`` and 8 hex digits of the SHA-1 of the whole name."""
    raw = name.encode("utf-8", "surrogatepass")
    if len(raw) <= max_bytes:
        return name
    digest = hashlib.sha1(raw).hexdigest()[:8]
    head = raw[: max_bytes - len(digest) - 1].decode("utf-8", "ignore")  # drops a cut character
    return f"{head}-{digest}"


def _identity(path: Path) -> tuple[Path, Optional[tuple[int, int]]]:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = Path(os.path.abspath(path))
    try:
        st = os.stat(path)
        inode = (st.st_dev, st.st_ino)
    except (OSError, ValueError):
        inode = None
    return resolved, inode


def refuse_overwrite(targets: Iterable[Path], inputs: Iterable[Optional[Path]], hint: str = "choose another --out") -> None:
    """Raise ``InputError`` (one line naming both) if a path of ``targets`` (files or folders qualcheck
    would write) is one of ``inputs``: the same resolved path, or the same file (device and inode)."""
    by_path: dict[Path, Path] = {}
    by_inode: dict[tuple[int, int], Path] = {}
    for inp in inputs:
        if inp is None or str(inp) == "-":
            continue
        resolved, inode = _identity(Path(inp))
        by_path.setdefault(resolved, Path(inp))
        if inode is not None:
            by_inode.setdefault(inode, Path(inp))
    for target in targets:
        resolved, inode = _identity(Path(target))
        hit = by_path.get(resolved) or (by_inode.get(inode) if inode is not None else None)
        if hit is not None:
            raise InputError(f"{shown(target)}: writing the report there would overwrite the input {shown(hit)}; {hint}")


def prepare_dir(folder: Path, hint: str = "choose another --out") -> list[Path]:
    """Create ``folder`` and write + remove a probe file in it. Returns the folders it created
    (deepest last), for ``remove_empty`` when the run fails. Raises ``InputError`` (one line)."""
    folder = Path(folder)
    created: list[Path] = []
    try:
        parent = folder
        while not os.path.lexists(parent) and parent != parent.parent:
            created.insert(0, parent)
            parent = parent.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".qualcheck-probe.", suffix=".tmp")
        try:
            os.write(fd, b"probe\n")
            os.fsync(fd)
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(probe)
    except OSError as exc:
        remove_empty(created)
        raise InputError(f"{shown(folder)}: cannot write reports there ({exc.strerror or exc}); {hint}") from None
    return created


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders of ``prepare_dir`` again (deepest first) where they are still empty."""
    for d in reversed(folders):
        with contextlib.suppress(OSError):
            d.rmdir()
