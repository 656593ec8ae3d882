"""Stage 3: sentence embeddings (sentence-transformers, offline), normalised, cached by text.

Each distinct text is encoded once per ``Encoder`` (an in-memory cache), texts are sorted
by length before batching (less padding), and an optional on-disk cache keyed by model
and text lets a re-check of a revised story encode only the changed sentences.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

import numpy as np

from .models import ModelSpec, resolve

# never reach a model hub: every model is found on disk (models.txt)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ProgressFn = Callable[[int, int], None]


class DiskCache:
    """Embeddings on disk, keyed by model name and the SHA-1 of the text (sqlite, one file)."""

    def __init__(self, path: str | os.PathLike, model: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=120)
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        keys = {self.key(t): t for t in texts}
        items = list(keys.items())
        with self._lock:
            for i in range(0, len(items), 500):
                chunk = items[i : i + 500]
                q = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vec FROM emb WHERE model=? AND key IN ({q})", [self.model, *[k for k, _ in chunk]]
                ).fetchall()
                for k, blob in rows:
                    out[keys[k]] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, pairs: Iterable[tuple[str, np.ndarray]]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO emb VALUES (?,?,?)",
                [(self.model, self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in pairs],
            )
            self._db.commit()


class Encoder:
    """A sentence encoder found offline through models.txt."""

    def __init__(self, model: str | None = None, batch_size: int = 64, cache_dir: str | os.PathLike | None = None):
        self.spec, self.path = resolve(model)
        self.name = self.spec.name
        self.batch_size = batch_size
        self._model = None
        self._memory: dict[str, np.ndarray] = {}
        self.disk = DiskCache(Path(cache_dir) / "embeddings.sqlite", self.name) if cache_dir else None
        self.encoded = 0  # texts actually run through the model (for benchmarks and tests)

    @property
    def spec_info(self) -> ModelSpec:
        return self.spec

    def _load(self):
        if self._model is None:
            import logging
            import warnings

            logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
            logging.getLogger("transformers").setLevel(logging.ERROR)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from sentence_transformers import SentenceTransformer

                try:
                    from transformers.utils import logging as hf_logging

                    hf_logging.disable_progress_bar()
                except Exception:
                    pass
                self._model = SentenceTransformer(str(self.path), device="cpu")
        return self._model

    @property
    def dim(self) -> int:
        m = self._load()
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def encode(self, texts: Sequence[str], progress: Optional[ProgressFn] = None) -> np.ndarray:
        """Normalised embeddings, one row per text (float32)."""
        texts = list(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if todo and self.disk is not None:
            found = self.disk.get_many(todo)
            self._memory.update(found)
            todo = [t for t in todo if t not in found]
        if todo:
            model = self._load()
            todo.sort(key=len)
            done = 0
            step = self.batch_size * 4
            for i in range(0, len(todo), step):
                chunk = todo[i : i + step]
                vecs = model.encode(
                    chunk, batch_size=self.batch_size, normalize_embeddings=True,
                    convert_to_numpy=True, show_progress_bar=False,
                ).astype(np.float32)
                for t, v in zip(chunk, vecs):
                    self._memory[t] = v
                if self.disk is not None:
                    self.disk.put_many(zip(chunk, vecs))
                done += len(chunk)
                self.encoded += len(chunk)
                if progress:
                    progress(done, len(todo))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memory[t] for t in texts])


_ENCODERS: dict[tuple, Encoder] = {}


def get_encoder(model: str | None = None, cache_dir: str | os.PathLike | None = None) -> Encoder:
    """A shared encoder per (model, cache): the model loads once per process."""
    key = (model or "", str(cache_dir or ""))
    if key not in _ENCODERS:
        _ENCODERS[key] = Encoder(model, cache_dir=cache_dir)
    return _ENCODERS[key]
