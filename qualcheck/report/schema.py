"""The JSON Schema of the JSON report (``qualcheck/data/report.schema.json``), and a validator.

``validate(data)`` needs the ``jsonschema`` package (in the ``test`` extra); pipelines that
read report.json can validate it with any JSON Schema (draft 2020-12) validator and the file.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

SCHEMA_PATH = Path(str(files("qualcheck") / "data" / "report.schema.json"))


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def errors(data: dict) -> list[str]:
    """Every way ``data`` breaks the schema (empty when it is valid), as 'path: message'."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())
    out = []
    for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(map(str, e.absolute_path)) or "(top)"
        out.append(f"{where}: {e.message}")
    # what a schema cannot say: spans are ordered and inside the text, indices exist
    for side in ("reference", "candidate"):
        doc = data.get(side) or {}
        for k, s in enumerate(doc.get("sentences", [])):
            if isinstance(s, dict) and s.get("index") != k:
                out.append(f"{side}/sentences/{k}: index {s.get('index')} is not its position {k}")
    n = {side: len((data.get(side) or {}).get("sentences", [])) for side in ("reference", "candidate")}
    for k, a in enumerate(data.get("alignment", [])):
        for key, side in (("ref", "reference"), ("cand", "candidate")):
            bad = [i for i in a.get(key, []) if isinstance(i, int) and not 0 <= i < n[side]]
            if bad:
                out.append(f"alignment/{k}/{key}: no {side} sentence {bad}")
    for k, f in enumerate(data.get("findings", [])):
        for key in ("ref_span", "cand_span"):
            span = f.get(key)
            if isinstance(span, list) and len(span) == 2 and span[0] > span[1]:
                out.append(f"findings/{k}/{key}: start {span[0]} after end {span[1]}")
    return out


def validate(data: dict) -> None:
    """Raise ``ValueError`` listing every problem if ``data`` is not a valid JSON report."""
    problems = errors(data)
    if problems:
        raise ValueError("invalid qualcheck JSON report:\n  " + "\n  ".join(problems[:20]))
