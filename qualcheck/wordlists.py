"""The word lists and name tables the checks read, shipped as package data files.

``qualcheck/data/<group>/<name>.txt``: one entry a line (``#`` starts a comment line, blank lines
are skipped); a table's fields are separated by ``|``. Each check loads its lists once, at import.
"""
from __future__ import annotations

from importlib.resources import files

ROOT = files("qualcheck") / "data"


def path(group: str, name: str):
    """The data file of one list (an ``importlib.resources`` traversable)."""
    return ROOT / group / f"{name}.txt"


def entries(group: str, name: str) -> list[str]:
    """The entries of one list, in file order."""
    text = path(group, name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def words(group: str, name: str) -> frozenset[str]:
    """One list as a set."""
    return frozenset(entries(group, name))


def rows(group: str, name: str) -> list[tuple[str, ...]]:
    """One table: each line's ``|``-separated fields, stripped."""
    return [tuple(x.strip() for x in line.split("|")) for line in entries(group, name)]


def digest_paths(group: str) -> list[str]:
    """The files of ``group`` (sorted), for a cache key that changes when a list does."""
    return sorted(str(p) for p in (ROOT / group).iterdir() if p.name.endswith(".txt"))
