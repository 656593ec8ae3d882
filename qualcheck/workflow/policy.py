"""Editor workflow after the checks: severity policy, accepted findings (baselines), unique ids.

Severity policy (``qualcheck.toml`` in the working directory, or ``--config FILE``)::

    [qualcheck]              # defaults for command-line options
    min_similarity = 0.8
    fail_on = "major"
    glossary = "glossary.csv"
    rules = "house-rules.toml"
    baseline = "accepted.json"

    [severity]               # per category or category prefix: blocking | warning | info | off
    omission = "warning"
    name = "blocking"        # every name.* category
    moved = "off"

``blocking`` makes a finding major (it fails ``--fail-on major``), ``warning`` minor,
``info`` info, ``off`` drops it. The longest matching prefix wins.

Accepted findings (``qualcheck accept REPORT.json ID...``) are kept in a baseline file::

    {"version": 1, "accepted": [{"id": ..., "category": ..., "text": ..., "by": ..., "why": ..., "when": ...}]}

A later run with ``--baseline FILE`` hides every finding whose id is in it (ids are
fingerprints of the category and the text the finding is about, so they survive edits
elsewhere in the story).
"""
from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser as the tomli package
    import tomli as tomllib

from ..categories import canonical
from ..errors import InputError
from ..fsio import atomic_write_text
from ..load import read_settings_file
from ..outputs import refuse_overwrite
from ..types import Finding

POLICY_LEVELS = {"blocking": "major", "warning": "minor", "info": "info", "off": None}
CONFIG_NAME = "qualcheck.toml"
OPTION_KEYS = {"model", "min_similarity", "fail_on", "glossary", "rules", "baseline", "max_chars", "max_findings",
               "cache_max_mb"}


@dataclass
class Config:
    options: dict = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)  # category prefix -> level
    path: Optional[Path] = None


def load_config(path: str | os.PathLike | None = None, cwd: str | os.PathLike | None = None) -> Config:
    """``--config FILE``, else ``qualcheck.toml`` in the working directory, else defaults."""
    if path is None:
        candidate = Path(cwd or os.getcwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Config()
        path = candidate
    p = Path(path)


    try:
        data = tomllib.loads(read_settings_file(p, "config file"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: not valid TOML ({exc})") from None
    options = dict(data.get("qualcheck", {}))
    unknown = set(options) - OPTION_KEYS
    if unknown:
        raise InputError(f"{p}: unknown option(s) in [qualcheck]: {', '.join(sorted(unknown))}; known: {', '.join(sorted(OPTION_KEYS))}")
    severity = {}
    for cat, level in dict(data.get("severity", {})).items():
        level = str(level).lower()
        if level not in POLICY_LEVELS:
            raise InputError(f"{p}: [severity] {cat} = {level!r}: use one of {', '.join(POLICY_LEVELS)}")
        severity[str(cat)] = level
    # relative file options are relative to the config file
    for key in ("glossary", "rules", "baseline"):
        if key in options and not Path(options[key]).is_absolute():
            options[key] = str(p.parent / options[key])
    return Config(options, severity, p)


def level_for(category: str, policy: dict[str, str]) -> Optional[str]:
    """The policy level of a category: exact name, else the longest dotted prefix."""
    best, best_len = None, -1
    for key, level in policy.items():
        key = canonical(key)  # an old category name (quotes.unbalanced) still names its category
        if category == key or category.startswith(key + "."):
            if len(key) > best_len:
                best, best_len = level, len(key)
    return best


def apply_policy(findings: Iterable[Finding], policy: dict[str, str]) -> list[Finding]:
    out = []
    for f in findings:
        level = level_for(f.category, policy) if policy else None
        if level is None:
            out.append(f)
            continue
        sev = POLICY_LEVELS[level]
        if sev is None:
            continue  # off
        f.severity = sev
        out.append(f)
    return out


def make_ids_unique(findings: list[Finding]) -> None:
    """Two findings about the same text get ``-2``, ``-3``... in reading order."""
    seen: dict[str, int] = {}
    for f in findings:
        n = seen.get(f.id, 0) + 1
        seen[f.id] = n
        if n > 1:
            f.id = f"{f.id}-{n}"


# ---- baselines of accepted findings ---------------------------------------------------


def read_baseline(path: str | os.PathLike) -> dict[str, dict]:
    p = Path(path)
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        items = data["accepted"] if isinstance(data, dict) else data
        return {str(it["id"]): it for it in items}
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{p}: not a qualcheck baseline file ({type(exc).__name__}: {exc})") from None


def apply_baseline(findings: list[Finding], accepted: dict[str, dict]) -> None:
    for f in findings:
        if f.id in accepted:
            f.accepted = True


def accept(report_json: str | os.PathLike, ids: list[str], categories: list[str], baseline: str | os.PathLike,
           by: str | None = None, why: str = "") -> tuple[int, int]:
    """Add findings of a JSON report to a baseline file. Returns (added, total in file)."""
    rp = Path(report_json)
    refuse_overwrite([Path(baseline)], [rp], hint="choose another --baseline")
    try:
        data = json.loads(rp.read_text(encoding="utf-8"))
        findings = data["findings"]
    except FileNotFoundError:
        raise InputError(f"{rp}: report not found") from None
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{rp}: not a qualcheck JSON report (run `qualcheck check ... --format json`)") from None
    by_id = {f["id"]: f for f in findings}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise InputError(f"no finding with id {', '.join(unknown)} in {rp}")
    chosen = [by_id[i] for i in ids]
    for cat in categories:
        cat = canonical(cat)  # an old category name (quotes.unbalanced) still names its category
        match = [f for f in findings if canonical(f["category"]) == cat or canonical(f["category"]).startswith(cat + ".")]
        if not match:
            raise InputError(f"no finding of category {cat!r} in {rp}")
        chosen.extend(match)
    if not chosen:
        raise InputError("nothing to accept: give finding ids or --category")
    current = read_baseline(baseline)
    when = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    who = by or os.environ.get("QUALCHECK_USER") or _user()
    added = 0
    for f in chosen:
        if f["id"] in current:
            continue
        current[f["id"]] = {
            "id": f["id"], "category": f["category"],
            "text": f.get("cand_text") or f.get("ref_text") or "",
            "by": who, "why": why, "when": when,
            "report": str(rp),
        }
        added += 1
    bp = Path(baseline)
    bp.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(bp, json.dumps({"version": 1, "accepted": list(current.values())}, ensure_ascii=False, indent=2) + "\n")
    return added, len(current)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"
