"""One severity order: ``types.SEVERITY_RANK`` (higher is worse), read by every module that ranks."""
import ast
from pathlib import Path

import qualcheck
from qualcheck.types import SEVERITIES, SEVERITY_RANK, worst_of

PKG = Path(qualcheck.__file__).parent


def test_worst_of_follows_the_one_order():
    assert worst_of(["info", "minor", "major", "info"]) == "major"
    assert worst_of(["info", "minor"]) == "minor"
    assert worst_of([]) is None
    assert sorted(SEVERITIES, key=SEVERITY_RANK.get, reverse=True) == list(SEVERITIES)


def test_no_second_rank_table_in_the_package():
    """A dict literal mapping the three severities to numbers outside types.py is a second order
    (htmlfmt and tmx had one ranking major 0, the opposite of types.SEVERITY_RANK)."""
    found = []
    for path in PKG.rglob("*.py"):
        if path.name == "types.py" and path.parent == PKG:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
                keys = {k.value for k in node.keys}
                vals = [v.value for v in node.values if isinstance(v, ast.Constant) and type(v.value) is int]
                if keys == set(SEVERITIES) and len(set(vals)) == 3:  # three distinct ints: an order
                    found.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert found == []
