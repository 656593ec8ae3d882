import csv
import io
import json
import re

from qualcheck.report import write_reports
from qualcheck.report.table import COLUMNS


def test_json_contract(seed_report):
    data = json.loads(seed_report.to_json())
    assert data["schema_version"] == "1.0"
    for key in ("summary", "metadata", "reference", "candidate", "alignment", "findings"):
        assert key in data
    for side in ("reference", "candidate"):
        for s in data[side]["sentences"]:
            assert set(s) >= {"index", "start", "end", "text"}
        for r in data[side]["removed"]:
            assert set(r) >= {"start", "end", "text", "reason"}
    assert len(data["reference"]["removed"]) == 20
    for a in data["alignment"]:
        assert set(a) >= {"ref", "cand", "kind", "score"}
        assert a["kind"] in ("match", "moved", "omission", "addition")
    for f in data["findings"]:
        assert set(f) >= {"id", "category", "severity", "side", "ref_span", "cand_span", "ref_text", "cand_text",
                          "message", "suggestion", "score"}
    md = data["metadata"]
    assert md["model"] == "all-MiniLM-L6-v2" and md["settings"]["min_similarity"] == 0.75
    assert len(md["inputs"]["reference"]["sha256"]) == 64
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == len(set(ids))


def test_report_set_files(seed_report, tmp_path):
    paths = write_reports(seed_report, tmp_path)
    rows = list(csv.DictReader(io.StringIO(paths["csv"].read_text(encoding="utf-8"))))
    assert list(rows[0].keys()) == COLUMNS
    assert len(rows) == len(seed_report.findings)
    md = paths["md"].read_text(encoding="utf-8")
    assert "# qualcheck report" in md and "**Volodymi**" in md
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count('<tr class="row') == len(seed_report.alignment)
    assert 'class="major" data-finding' in html and "Removed from the reference" in html
    # self-contained: no external script, style sheet, image or font
    assert not re.search(r"<(script|link|img)[^>]+(src|href)\s*=", html)
