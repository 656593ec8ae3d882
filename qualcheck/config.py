"""Run settings shared by the stages (one object, passed down; the CLI maps its options onto it)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

from .align import AlignSettings
from .load import DEFAULT_MAX_CHARS

FAIL_ON = ("never", "major", "minor")


@dataclass
class Settings:
    model: Optional[str] = None  # None: the default of models.txt
    min_similarity: float = 0.75  # an aligned group below this cosine is a `mismatch`
    pair_gate: bool = True  # the pair checks run only on pairs the confidence gate takes for translations (gate.py)
    fail_on: str = "major"
    max_chars: int = DEFAULT_MAX_CHARS
    checks: Optional[list[str]] = None  # None: every registered check
    cache_dir: Optional[str] = None  # on-disk embedding cache
    progress: bool = False
    align: AlignSettings = field(default_factory=AlignSettings)
    # editor workflow (qualcheck/policy.py, glossary.py, rules.py)
    glossary: list = field(default_factory=list)  # GlossaryEntry
    rules: list = field(default_factory=list)  # Rule
    severity_policy: dict = field(default_factory=dict)  # category prefix -> blocking|warning|info|off
    accepted: dict = field(default_factory=dict)  # finding id -> baseline entry
    show_accepted: bool = False

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("progress", None)
        d["glossary"] = len(self.glossary)
        d["rules"] = [r.id for r in self.rules]
        d["accepted"] = len(self.accepted)
        return d
