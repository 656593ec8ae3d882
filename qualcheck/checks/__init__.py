"""Stage 5: checks over the aligned document, each a small function registered in one place.

A check is a function ``(doc: AlignedDoc) -> Iterable[Finding]`` decorated with
``@register("name", categories=(...), settings=(...))`` in any module of this package: the
categories it emits and the ``Settings`` fields it reads (tests/test_registry.py holds a check to
both). Modules are discovered on import; checks run by module name, then in the order a module
registers them (which orders tied findings of a report: ``load_all``), so adding a check touches one file.
"""
from __future__ import annotations

import importlib
import pkgutil
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from ..errors import QualcheckError
from ..types import Finding

if TYPE_CHECKING:  # for annotations only: the aligned document imports the gate, which uses check modules
    from .aligned import AlignedDoc

CheckFn = Callable[["AlignedDoc"], Iterable[Finding]]
REGISTRY: dict[str, CheckFn] = {}
ANY_CATEGORY = "*"  # in ``categories``: also the categories the user's files name (house rules)


@dataclass(frozen=True)
class CheckInfo:
    """A registered check: its name, the categories it emits, the ``Settings`` fields it reads."""

    name: str
    fn: CheckFn
    categories: tuple[str, ...]
    settings: tuple[str, ...]
    seq: int = 0  # registration order

    def emits(self, category: str) -> bool:
        return category in self.categories or ANY_CATEGORY in self.categories


CHECKS: dict[str, CheckInfo] = {}


def register(name: str, categories: Iterable[str] = (), settings: Iterable[str] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as check ``name``, emitting ``categories`` and reading the ``Settings`` fields
    ``settings`` (``pair_gate`` for a check over ``AlignedDoc.trusted_pairs``)."""
    def deco(fn: CheckFn) -> CheckFn:
        if name in REGISTRY and REGISTRY[name] is not fn:
            raise ValueError(f"check {name!r} registered twice")
        REGISTRY[name] = fn
        CHECKS[name] = CheckInfo(name, fn, tuple(categories), tuple(settings), len(CHECKS))
        fn.check_name = name  # type: ignore[attr-defined]
        return fn

    return deco


def load_all() -> None:
    """Import every check module, and put the registry in its one order: by module name, then in the
    order each module registers its checks (whichever module happened to be imported first: the
    gate's features import negation, numbers and terms early). Findings keep this order where the
    report's reading order ties."""
    names = [mod.name for mod in pkgutil.iter_modules(__path__) if not mod.name.startswith("_")]
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    rank = {f"{__name__}.{name}": k for k, name in enumerate(sorted(names))}
    order = sorted(CHECKS, key=lambda n: (rank.get(CHECKS[n].fn.__module__, len(rank)), CHECKS[n].seq))
    if order != list(CHECKS):
        checks, fns = dict(CHECKS), dict(REGISTRY)
        CHECKS.clear()
        REGISTRY.clear()
        for n in order:
            CHECKS[n], REGISTRY[n] = checks[n], fns[n]


def run_checks(doc: AlignedDoc, enabled: Optional[list[str]] = None, timings: Optional[dict] = None,
               on_check: Optional[Callable[[str], None]] = None) -> list[Finding]:
    """Run the enabled checks (all by default); ``timings`` gets the seconds each took;
    ``on_check(name)`` is told as each begins (the progress line)."""
    load_all()
    names = list(REGISTRY) if not enabled else enabled
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise QualcheckError(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}")
    findings: list[Finding] = []
    for name in names:
        if on_check:
            on_check(name)
        t0 = time.perf_counter()
        for f in REGISTRY[name](doc):
            f.check = f.check or name
            findings.append(f)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
    return findings


def available() -> list[str]:
    load_all()
    return sorted(REGISTRY)
