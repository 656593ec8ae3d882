"""The package's import graph, read from the source with ``ast``: no cycle, the data module
imports nothing from the package, and no package module is imported inside a function (only the
heavy optional engines may be, so that ``import qualcheck`` stays light)."""
from __future__ import annotations

import ast
from pathlib import Path

import qualcheck

PKG = Path(qualcheck.__file__).resolve().parent
# third-party engines imported where they are used (heavy, or optional extras): by top-level name
LAZY_ENGINES = {"torch", "sentence_transformers", "spacy", "onnxruntime", "onnx", "transformers", "ray",
                "docx", "pypdf", "lxml", "tokenizers", "starlette", "uvicorn", "jsonschema", "pandas", "yaml", "pysbd"}
# package modules imported inside a function: only the review desk, which is Starlette (the serve extra)
LAZY_PACKAGE: set[tuple[str, str]] = {("qualcheck.cli", "qualcheck.desk.app")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _resolve(mod: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(mod: str, path: Path, known: set[str]) -> list[tuple[str, bool, int]]:
    """(imported module, inside a function?, line) for every import of ``mod``; a name imported
    from a package counts as its submodule when there is one (``from . import ner``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out = []

    def visit(node: ast.AST, in_fn: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # for annotations only: never run
            nested = in_fn or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for a in child.names:
                    out.append((a.name, in_fn, child.lineno))
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(mod, is_pkg, child)
                for a in child.names:
                    sub = f"{target}.{a.name}"
                    out.append((sub if sub in known else target, in_fn, child.lineno))
            visit(child, nested)

    visit(tree, False)
    return out


def graph() -> tuple[dict[str, set[str]], list[tuple[str, str, int]]]:
    mods = modules()
    known = set(mods)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    lazy: list[tuple[str, str, int]] = []
    for mod, path in mods.items():
        for target, in_fn, line in imports_of(mod, path, known):
            if target.split(".")[0] == "qualcheck":
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target != mod:
                    edges[mod].add(target)
                if in_fn:
                    lazy.append((mod, target, line))
            elif in_fn and target.split(".")[0] not in LAZY_ENGINES and target.split(".")[0] not in _STDLIB_OK:
                lazy.append((mod, target, line))
    return edges, lazy


_STDLIB_OK: set[str] = set()  # no standard-library module needs to be imported late either


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle (as a path that ends where it starts), or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(m: str) -> list[str]:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = dfs(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return []

    for m in sorted(edges):
        if m not in state:
            found = dfs(m)
            if found:
                return found
    return []


def test_the_walker_sees_a_cycle_and_a_late_import(tmp_path):
    edges = {"qualcheck.a": {"qualcheck.b"}, "qualcheck.b": {"qualcheck.c"}, "qualcheck.c": {"qualcheck.a"}}
    assert find_cycle(edges) == ["qualcheck.a", "qualcheck.b", "qualcheck.c", "qualcheck.a"]
    assert find_cycle({"qualcheck.a": {"qualcheck.b"}, "qualcheck.b": set()}) == []
    src = tmp_path / "m.py"
    src.write_text("from .x import y\nimport os\ndef f():\n    from ..types import Finding\n    import torch\n")
    got = imports_of("qualcheck.checks.m", src, {"qualcheck.types", "qualcheck.checks.x"})
    assert got == [("qualcheck.checks.x", False, 1), ("os", False, 2), ("qualcheck.types", True, 4), ("torch", True, 5)]


def test_no_import_cycle():
    edges, _ = graph()
    assert find_cycle(edges) == []


def test_the_data_module_imports_nothing_from_the_package():
    edges, _ = graph()
    assert edges["qualcheck.types"] == set()


def test_imports_at_module_top():
    """Only the heavy optional engines are imported inside functions (by name, LAZY_ENGINES)."""
    _, lazy = graph()
    late = sorted(f"{mod}:{line} imports {target}" for mod, target, line in lazy
                  if (mod, target) not in LAZY_PACKAGE)
    assert not late, "imports inside functions:\n" + "\n".join(late)
