"""The models qualcheck knows (``models.txt``) and how each is found offline.

Nothing here imports torch: ``qualcheck models`` and ``--help`` stay fast.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .errors import ModelNotFound

MODELS_FILE = Path(__file__).with_name("models.txt")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    backend: str  # "sentence-transformers"
    locator: str  # "package:MODULE" or "path:DIR"
    install: str  # what to run when it is missing
    default: bool = False

    def find(self) -> Optional[Path]:
        """Where the model is on this machine, or None (never downloads, never raises)."""
        kind, _, where = self.locator.partition(":")
        if kind == "package":
            if importlib.util.find_spec(where) is None:
                return None
            try:
                mod = importlib.import_module(where)
                path = Path(mod.get_model_path())
            except Exception:
                return None
            return path if path.exists() else None
        if kind == "path":
            path = Path(os.path.expandvars(os.path.expanduser(where)))
            return path if path.is_dir() else None
        return None


def read_models(path: Path | None = None) -> list[ModelSpec]:
    path = Path(os.environ.get("QUALCHECK_MODELS", path or MODELS_FILE))
    specs: list[ModelSpec] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) < 3:
            continue
        name, backend, locator = parts[:3]
        install = parts[3] if len(parts) > 3 else ""
        specs.append(ModelSpec(name, backend, locator, install, default=not specs))
    return specs


def default_model() -> str:
    return read_models()[0].name


def resolve(name: str | None = None) -> tuple[ModelSpec, Path]:
    """The spec and local path of a model by name (or a local directory). Clear error if absent."""
    specs = read_models()
    if not name:
        name = specs[0].name
    for spec in specs:
        if spec.name.casefold() == name.casefold():
            path = spec.find()
            if path is None:
                hint = f"; install it with: {spec.install}" if spec.install else ""
                raise ModelNotFound(f"model {spec.name!r} is not installed ({spec.locator} not found){hint}")
            return spec, path
    p = Path(name).expanduser()
    if p.is_dir():
        if not (p / "config.json").exists() and not (p / "modules.json").exists():
            raise ModelNotFound(f"{p}: not a sentence-transformers model directory (no modules.json or config.json)")
        return ModelSpec(p.name, "sentence-transformers", f"path:{p}", ""), p
    known = ", ".join(s.name for s in specs)
    raise ModelNotFound(f"unknown model {name!r}: known models are {known} (see `qualcheck models`), or give a local model directory")
