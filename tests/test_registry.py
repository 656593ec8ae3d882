"""The check registry: each check declares the categories it emits and the Settings fields it reads
(``@register(name, categories=..., settings=...)``), and holds to both on real pairs: the seed pair
and a pair of the TED benchmark (when ../shared/bench is present, as in CI)."""
from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

import pytest

from conftest import SEED_CAND, SEED_REF
from qualcheck import check
from qualcheck.checks import ANY_CATEGORY, CHECKS, REGISTRY, available
from qualcheck.checks.aligned import AlignedDoc
from qualcheck.settings import Settings
from qualcheck.types import Finding

ROOT = Path(__file__).resolve().parents[1]


def _pairs() -> dict[str, tuple[str, str]]:
    out = {"seed": (SEED_REF.read_text(encoding="utf-8"), SEED_CAND.read_text(encoding="utf-8"))}
    sys.path.insert(0, str(ROOT / "bench"))
    from mqm import DEFAULT_TSV, load

    if Path(DEFAULT_TSV).exists():
        talk = next(iter(load().talks.values()))
        system = sorted(talk.systems)[0]
        paras = lambda segs: "\n\n".join(" ".join(s.text for s in segs[i:i + 5]) for i in range(0, len(segs), 5))
        out[f"{talk.name}.{system}"] = (paras(talk.ref), paras(talk.systems[system]))
    return out


@pytest.fixture(scope="module")
def reports(encoder):
    return {name: check(ref, cand, encoder=encoder) for name, (ref, cand) in _pairs().items()}


class Recording:
    """A ``Settings`` that notes which of its fields are read."""

    def __init__(self, settings: Settings):
        object.__setattr__(self, "_settings", settings)
        object.__setattr__(self, "read", set())

    def __getattr__(self, name: str):
        self.read.add(name)
        return getattr(self._settings, name)


def test_every_check_declares_categories_and_real_settings():
    available()
    assert list(CHECKS) == list(REGISTRY)  # one entry per check, in registration order
    known = {f.name for f in fields(Settings)}
    for info in CHECKS.values():
        assert info.categories, f"{info.name} declares no category"
        assert set(info.settings) <= known, f"{info.name} declares settings Settings does not have"


def test_declared_is_what_a_check_does(reports, encoder):
    """Run alone on each pair, a check emits only the categories it declares and reads only the settings
    it declares (the confidence gate's pair_gate included)."""
    emitted = set()
    for name, rep in reports.items():
        for info in CHECKS.values():
            rec = Recording(Settings())
            adoc = AlignedDoc(rep.reference, rep.candidate, rep.alignment, None, rec, encoder)
            found = list(info.fn(adoc))
            assert all(isinstance(f, Finding) for f in found)
            wrong = {f.category for f in found if not info.emits(f.category)}
            assert not wrong, f"{info.name} emits undeclared {wrong} on {name}"
            assert rec.read <= set(info.settings), f"{info.name} reads undeclared {rec.read - set(info.settings)}"
            emitted |= {(info.name, f.category) for f in found}
    assert {("names", "name.misspelled"), ("quote", "quote.changed"), ("mismatch", "mismatch.unrelated")} <= emitted
    # in the pipeline too (after merging and the policy), each finding's category is its check's
    for rep in reports.values():
        for f in rep.findings:
            assert CHECKS[f.check].emits(f.category), (f.check, f.category)


def test_an_undeclared_category_is_caught():
    from qualcheck.checks import CheckInfo

    info = CheckInfo("x", lambda doc: [], ("number.changed",), ())
    assert info.emits("number.changed") and not info.emits("number.vanished")
    assert CheckInfo("y", lambda doc: [], ("rule.forbidden", ANY_CATEGORY), ()).emits("style.place-name")


def test_registry_order_is_module_name_then_definition_order():
    """The order checks run in (which orders tied findings) does not depend on which check module some
    other module imported first (the gate's features import negation, numbers and terms early)."""
    import qualcheck.checks.terms  # noqa: F401 - imported before the others, as the gate does

    available()
    key = [(CHECKS[n].fn.__module__, CHECKS[n].fn.__code__.co_firstlineno) for n in REGISTRY]
    assert key == sorted(key)
    assert list(REGISTRY)[:4] == ["omission", "addition", "moved", "mismatch"]  # checks/alignment.py first
