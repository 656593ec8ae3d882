"""Shared fixtures: the seed pair (shipped as package data) and one real run of the pipeline on it."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

DATA = Path(str(files("qualcheck") / "data"))
SEED_REF = DATA / "reference_colorado_politics.txt"
SEED_CAND = DATA / "candidate_machine_translated.txt"


@pytest.fixture(scope="session")
def encoder():
    from qualcheck.embed import get_encoder

    return get_encoder()


@pytest.fixture(scope="session", autouse=True)
def every_json_report_is_valid():
    """Every JSON report built in this test session (Report.to_dict/to_json, report.json) is
    validated against the package's JSON Schema (qualcheck/data/report.schema.json)."""
    from qualcheck.report import jsonfmt, schema

    original, seen = jsonfmt.to_dict, []

    def validated(report):
        data = original(report)
        schema.validate(data)
        seen.append(data["metadata"].get("inputs", {}).get("candidate", {}).get("name"))
        return data

    jsonfmt.to_dict = validated
    yield seen
    jsonfmt.to_dict = original


@pytest.fixture(scope="session")
def seed_report(encoder):
    from qualcheck import check

    return check(SEED_REF, SEED_CAND, encoder=encoder)


def find(report, category_prefix: str, text: str | None = None):
    """Findings whose category starts with ``category_prefix`` and that mention ``text``."""
    out = []
    for f in report.findings:
        if not f.category.startswith(category_prefix):
            continue
        if text is None or text in f.cand_text or text in f.ref_text or text in f.message:
            out.append(f)
    return out
