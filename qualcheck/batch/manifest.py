"""The pairs of a batch: read from a manifest (CSV or JSONL) or matched across two folders, with
the per-pair options a row may set and the settings they give."""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from ..settings import FAIL_ON, Settings
from ..errors import InputError

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
    check_ids(pairs, str(p))
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


def check_ids(pairs: Sequence[Pair], where: str) -> None:
    """Raise ``InputError`` for an empty or repeated id (ids name the report folders)."""
    seen: set[str] = set()
    for p in pairs:
        if not p.id:
            raise InputError(f"{where}: a row has an empty id")
        if p.id in seen:
            raise InputError(f"{where}: id {p.id!r} appears twice; ids name the report folders and must be unique")
        seen.add(p.id)


def settings_for(base: Settings, options: dict) -> Settings:
    """The settings of a pair: the batch's, with the pair's options applied (``base`` itself when
    the pair sets none; it is shared and never modified)."""
    return base.with_options(**options)
