"""Word lists and name tables as package data files (qualcheck/data/<group>/*.txt)."""
import re
import tomllib
from pathlib import Path

import qualcheck
from qualcheck import segment, wordlists
from qualcheck.checks import fragments, names

PKG = Path(qualcheck.__file__).parent
ROOT = PKG.parent


def _glob(rel: str, pattern: str) -> bool:
    """setuptools' glob: ``*`` does not cross a ``/``."""
    return re.fullmatch("[^/]*".join(map(re.escape, pattern.split("*"))), rel) is not None


def _package_data() -> dict[str, list[str]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]


def test_every_data_file_is_in_the_package_data():
    """A data file no package-data pattern names is missing from the wheel: the check fails at import."""
    data = _package_data()
    missing = []
    for pkg_name, patterns in data.items():
        base = PKG.parent / pkg_name.replace(".", "/")
        assert base.is_dir(), pkg_name
    for path in PKG.rglob("*"):
        if path.is_dir() or path.suffix == ".py" or "__pycache__" in path.parts:
            continue
        owner = max((p for p in data if (PKG.parent / p.replace(".", "/")) in path.parents), key=len, default=None)
        rel = path.relative_to(PKG.parent / owner.replace(".", "/")).as_posix() if owner else None
        if not owner or not any(_glob(rel, pat) for pat in data[owner]):
            missing.append(path.relative_to(PKG).as_posix())
    assert missing == []


def test_every_package_folder_is_in_the_wheel():
    """A package folder missing from pyproject's explicit list is missing from the wheel (an
    editable install hides it): every folder with an __init__.py must be named."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PKG.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert found == listed


def test_lists_load_through_importlib_resources_and_are_clean():
    for group in ("fragments", "names"):
        files = wordlists.digest_paths(group)
        assert files
        for f in files:
            entries = wordlists.entries(group, Path(f).stem)
            assert entries, f
            assert len(entries) == len(set(entries)), f"duplicate entry in {f}"
            assert all(e == e.strip() and not e.startswith("#") for e in entries)


def test_the_checks_read_the_files():
    assert "said" in fragments.SPEECH_VERBS and "the" in fragments.DANGLING
    assert segment.STARTER.startswith("(?:The|And|But|")  # order kept: a regex alternation
    assert ("Kyiv", "Kiev") in names.VARIANTS and names.PREFERRED["kiev"] == "Kyiv"
    assert names.ACRONYMS[0][:2] == ("US", "USA") and "ese" in names.SUFFIXES


