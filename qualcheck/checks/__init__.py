"""Stage 5: checks over the aligned document, each a small function registered in one place.

A check is a function ``(doc: AlignedDoc) -> Iterable[Finding]`` decorated with
``@register("name", categories=(...), settings=(...))`` in any module of this package: the
categories it emits and the ``Settings`` fields it reads (tests/test_registry.py holds a check to
both). Modules are discovered on import, in name order, and run in registration order (which
orders the findings of a report), so adding a check touches one file.
"""
from __future__ import annotations

import importlib
import pkgutil
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Optional

import numpy as np

from ..types import Alignment, Document, Finding

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
        CHECKS[name] = CheckInfo(name, fn, tuple(categories), tuple(settings))
        fn.check_name = name  # type: ignore[attr-defined]
        return fn

    return deco


@dataclass
class AlignedDoc:
    """What every check sees: both documents, the alignment, the similarities, the settings."""

    reference: Document
    candidate: Document
    alignment: list[Alignment]
    sim: Optional[np.ndarray]  # sentence cosines; None for long inputs (the aligner never builds the full matrix)
    settings: object
    encoder: object = None
    info: dict = field(default_factory=dict)  # checks may note what they used (e.g. NER engine)

    @cached_property
    def ref_bead(self) -> dict[int, Alignment]:
        return {i: a for a in self.alignment for i in a.ref}

    @cached_property
    def cand_bead(self) -> dict[int, Alignment]:
        return {j: a for a in self.alignment for j in a.cand}

    @property
    def pairs(self) -> list[Alignment]:
        return [a for a in self.alignment if a.is_pair]

    # plain properties memoised by hand, not functools.cached_property: in Python 3.11 that holds
    # one lock for every instance, and a batch's threads meet in the shared encoder while computing
    # this (one thread would wait for the lock, the other for its texts: a deadlock)
    @property
    def meaning(self) -> dict[tuple, tuple[float, float, float, float]]:
        """{(ref, cand): (cosine, P(same meaning), length ratio, chrF)} of the aligned pairs
        (``qualcheck.gate.pair_meaning``)."""
        from ..gate import pair_meaning

        if "_meaning" not in self.__dict__:
            self.__dict__["_meaning"] = pair_meaning(self)
        return self.__dict__["_meaning"]

    @property
    def gate(self) -> dict[tuple, tuple[bool, float]]:
        """{(ref, cand): (is a translation, gate probability)}: the confidence gate of each aligned pair."""
        from ..gate import is_translation

        if "_gate" in self.__dict__:
            return self.__dict__["_gate"]
        if self.settings.pair_gate is False:
            out = {k: (True, 1.0) for k in self.meaning}
        else:
            out = {k: is_translation(*v) for k, v in self.meaning.items()}
        # the pairs stopped at the gate, for the document verdict (report summary)
        self.info["weak_pairs"] = [[list(k[0]), list(k[1])] for k, (ok, _) in out.items() if not ok]
        self.__dict__["_gate"] = out
        return out

    def trusted(self, a: Alignment) -> bool:
        """Whether the pair checks may compare ``a`` word by word (pairs with no cosine are trusted)."""
        return self.gate.get((a.ref, a.cand), (True, 1.0))[0]

    @property
    def trusted_pairs(self) -> list[Alignment]:
        """The aligned pairs the confidence gate lets through to the pair checks."""
        return [a for a in self.pairs if self.trusted(a)]

    def counterpart_of_cand(self, j: int) -> Optional[Alignment]:
        a = self.cand_bead.get(j)
        return a if a is not None and a.is_pair else None


def load_all() -> None:
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")


def run_checks(doc: AlignedDoc, enabled: Optional[list[str]] = None, timings: Optional[dict] = None,
               on_check: Optional[Callable[[str], None]] = None) -> list[Finding]:
    """Run the enabled checks (all by default); ``timings`` gets the seconds each took;
    ``on_check(name)`` is told as each begins (the progress line)."""
    load_all()
    names = list(REGISTRY) if not enabled else enabled
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        from ..errors import QualcheckError

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
