"""Category names: every quotation category is ``quote.*`` (``quotes.unbalanced`` until schema 1.5);
the old name still works where a user writes one (severity policy, accept --category) and the
renamed findings keep their ids."""
import ast
import json
from pathlib import Path

import qualcheck
from qualcheck.categories import canonical
from qualcheck.checks.fragments import document_defects
from qualcheck.load import load_text
from qualcheck.pipeline import prepare
from qualcheck.workflow.policy import accept, apply_policy, level_for
from qualcheck.types import Finding

PKG = Path(qualcheck.__file__).parent


def test_no_quotes_category_left_in_the_package():
    found = []
    for path in PKG.rglob("*.py"):
        if path.name == "categories.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("quotes."):
                found.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert found == []


def _unbalanced():
    doc = prepare(load_text("He called it “a deal and left. Then he went home.", name="t"))
    fs = [f for f in document_defects(doc, "candidate") if "unbalanced" in f.category]
    assert [f.category for f in fs] == ["quote.unbalanced"]
    return fs[0]


def test_renamed_findings_keep_their_ids():
    """A baseline of accepted findings is keyed by id: the rename must not change it."""
    f = _unbalanced()
    old = Finding(category="quotes.unbalanced", severity="minor", side="candidate", message="", cand_text=f.cand_text)
    new = Finding(category="quote.unbalanced", severity="minor", side="candidate", message="", cand_text=f.cand_text)
    assert f.id == old.id != new.id


def test_severity_policy_accepts_the_old_names():
    assert canonical("quotes") == canonical("quotes.unbalanced") == "quote.unbalanced"
    assert canonical("reference.quotes.unbalanced") == "reference.quote.unbalanced"
    assert canonical("quote.changed") == "quote.changed" and canonical("name") == "name"
    assert level_for("quote.unbalanced", {"quotes": "off"}) == "off"
    assert level_for("quote.unbalanced", {"quotes.unbalanced": "info", "quote": "blocking"}) == "info"
    assert level_for("quote.changed", {"quotes": "off"}) is None  # the old prefix never named quote.changed
    assert level_for("reference.quote.unbalanced", {"reference.quotes": "warning"}) == "warning"
    assert apply_policy([_unbalanced()], {"quotes.unbalanced": "off"}) == []


def test_accept_by_old_category_name(tmp_path):
    f = _unbalanced()
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"findings": [{"id": f.id, "category": f.category, "severity": f.severity,
                                                "message": f.message}]}), encoding="utf-8")
    added, total = accept(report, [], ["quotes.unbalanced"], tmp_path / "accepted.json", by="t")
    assert (added, total) == (1, 1)
    assert f.id in (tmp_path / "accepted.json").read_text(encoding="utf-8")
