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
    fail_on: str = "major"
    max_chars: int = DEFAULT_MAX_CHARS
    checks: Optional[list[str]] = None  # None: every registered check
    cache_dir: Optional[str] = None  # on-disk embedding cache
    progress: bool = False
    align: AlignSettings = field(default_factory=AlignSettings)

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("progress", None)
        return d
