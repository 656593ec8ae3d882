"""One CSV writer: every CSV the package writes goes through ``csvsafe`` (the formula guard)."""
import ast
import csv
import io
from pathlib import Path

import qualcheck
from qualcheck.csvsafe import csv_text

PKG = Path(qualcheck.__file__).parent


def test_no_module_but_csvsafe_builds_a_csv_writer():
    """A second ``csv.writer``/``DictWriter`` would be a CSV without the formula guard."""
    offenders = []
    for path in PKG.rglob("*.py"):
        if path.name == "csvsafe.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter") and \
                    isinstance(node.value, ast.Name) and node.value.id == "csv":
                offenders.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert offenders == []


def test_csv_text_guards_cells_and_quotes_a_lone_carriage_return():
    text = csv_text(["a", "b"], [{"a": "=1+2", "b": "x\ry"}, {"a": 3, "b": None}], lineterminator="\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["a", "b"], ["'=1+2", "x\ry"], ["3", ""]]
    assert text.endswith("\n") and not text.endswith("\r\n")
    assert csv_text(["a"], [{"a": "-x"}]) == "a\r\n'-x\r\n"
