"""Stage 3: sentence embeddings, normalised, cached by text.

Each distinct text is encoded once per ``Encoder`` (an in-memory cache), texts are sorted
by length before batching (less padding), and an optional on-disk cache keyed by model
and text lets a re-check of a revised story encode only the changed sentences.

Two backends, chosen by the model's line in ``models.txt``:

* ``sentence-transformers``: the reference path (torch, full precision);
* ``onnx``: an ONNX export of a sentence-transformers model (float32, or int8 weights) run
  with plain onnxruntime and the model's own ``tokenizer.json`` (no torch at run time). It is
  built once, on first use, from the installed torch model into the cache directory
  (``$QUALCHECK_CACHE`` or ``~/.cache/qualcheck``): export of the transformer with mean
  pooling and normalisation in the graph, then, for int8, ``quantize_dynamic`` (per
  channel). Nothing is downloaded.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
import warnings
from contextlib import nullcontext
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from .cache import DiskCache
from .models import (
    ONNX_OUTPUTS,
    ONNX_RECIPE,
    SPACY_LOCK,
    ModelSpec,
    base_of,
    engine_of,
    export_ready,
    fallback_note,
    onnx_cache_path,
    read_models,
    resolve,
)

# never reach a model hub: every model is found on disk (models.txt)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ProgressFn = Callable[[int, int], None]
# a forward pass of the torch model takes texts of similar length (they come sorted) up to this many
# characters of the longest times the batch size, and at most TORCH_BATCH_MAX texts: each text is
# padded only to its neighbours' length. Batches of 16 sentences instead of 64 measured 0.30 s against
# 0.58 s for the seed pair's 48 sentences and 211 against 178 sentences/s on 500 TED sentences
# (2 cores); single words go 128 at a time
TORCH_BATCH_CHARS = 16 * 160
TORCH_BATCH_MAX = 128
# the ONNX model runs texts sorted by their number of tokens, a run's texts within ONNX_RUN_SLACK of the
# shortest's count (and at most ONNX_RUN_MAX of them): its time follows the padded tokens it is given,
# and batches of 32 in length order padded the second story's 492 texts (4543 tokens) to 6868; these
# runs pad them to 4670 (1.5 s against 4.0 s, best of 5, busy 2 cores; same rows to float precision)
ONNX_RUN_MAX = 64
ONNX_RUN_SLACK = 1 / 12
# the sentence pass keeps each multi-word text's token vectors (the ONNX graph's second output, same
# run) for the word reading (wordalign), up to this many bytes (384 floats a token: ~40 KB a sentence)
TOKEN_MEMORY_BYTES = 64 * 2**20
CHUNK = 256  # texts per call to a backend (progress and the disk cache advance by this many)


# --------------------------------------------------------------------------- backends


class TorchBackend:
    """sentence-transformers on torch: the reference path."""

    def __init__(self, path: Path, batch_size: int = TORCH_BATCH_MAX):
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
            self.model = SentenceTransformer(str(path), device="cpu")
        self.batch_size = batch_size
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(get())

    def encode(self, texts: list[str]) -> np.ndarray:
        out, i = [], 0
        while i < len(texts):
            k = 1  # the batch texts[i : i + k]: grows while it stays within the character budget
            while (i + k < len(texts) and k < self.batch_size
                   and (k + 1) * max(len(texts[i + k]), len(texts[i])) <= TORCH_BATCH_CHARS):
                k += 1
            out.append(self.model.encode(
                texts[i : i + k], batch_size=k, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            ).astype(np.float32))
            i += k
        return np.concatenate(out) if out else np.zeros((0, self.dim), np.float32)


def _max_seq_length(model_dir: Path) -> int:
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    except Exception:
        return 256


def build_onnx(base_dir: Path, target: Path, quantize: bool = True) -> Path:
    """Export the sentence-transformers model at ``base_dir`` to ONNX (int8 if ``quantize``) at ``target``.

    One graph, two outputs (``ONNX_OUTPUTS``): ``embedding`` (batch x dim, mean-pooled and normalised)
    and ``token_vectors`` (batch x seq x dim, the transformer's last hidden state: the word reading's
    contextual vectors, asked for only when it runs). An export without the second output (built by an
    older qualcheck) is rebuilt in place. Imports torch (only here). Atomic: a concurrent build waits
    on a file lock, and a reader never sees a half-written file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if export_ready(target):
            return target

        logging.getLogger("transformers").setLevel(logging.ERROR)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import torch
            from transformers import AutoModel

            try:
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                hf_logging.set_verbosity_error()
            except Exception:
                pass
            # eager attention: the traced graph has plain MatMul/Softmax that onnxruntime
            # fuses and quantises well (the SDPA path traces into a slower graph)
            model = AutoModel.from_pretrained(str(base_dir), attn_implementation="eager").eval()

            class _Sentence(torch.nn.Module):
                def __init__(self, m):
                    super().__init__()
                    self.m = m

                def forward(self, input_ids, attention_mask, token_type_ids):
                    h = self.m(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
                    mask = attention_mask.unsqueeze(-1).to(h.dtype)
                    v = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                    return torch.nn.functional.normalize(v, p=2, dim=1), h

            names = ["input_ids", "attention_mask", "token_type_ids"]
            ids = torch.ones((2, 8), dtype=torch.long)
            tmp_fp32 = target.with_name(f".{os.getpid()}.fp32.onnx")
            tmp_out = target.with_name(f".{os.getpid()}.out.onnx")
            try:
                with torch.no_grad():
                    torch.onnx.export(
                        _Sentence(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(tmp_fp32),
                        input_names=names, output_names=list(ONNX_OUTPUTS),
                        dynamic_axes={**{k: {0: "batch", 1: "seq"} for k in names}, "embedding": {0: "batch"},
                                      "token_vectors": {0: "batch", 1: "seq"}},
                        opset_version=17, dynamo=False,
                    )
                if quantize:
                    from onnxruntime.quantization import QuantType, quantize_dynamic

                    logging.getLogger().setLevel(logging.ERROR)  # "consider pre-processing" advice
                    # per channel: per-tensor int8 moves MiniLM's cosines by up to 0.2 (measured)
                    quantize_dynamic(str(tmp_fp32), str(tmp_out), weight_type=QuantType.QInt8, per_channel=True)
                else:
                    os.replace(tmp_fp32, tmp_out)
                os.replace(tmp_out, target)
                (target.parent / "source.json").write_text(json.dumps(
                    {"base": str(base_dir), "recipe": ONNX_RECIPE, "outputs": list(ONNX_OUTPUTS),
                     "quantized": quantize, "torch": torch.__version__}, indent=1))
            finally:
                for p in (tmp_fp32, tmp_out):
                    p.unlink(missing_ok=True)
    return target


class OnnxBackend:
    """An ONNX sentence encoder (mean pooling and normalisation inside the graph) on onnxruntime."""

    def __init__(self, onnx_path: Path, model_dir: Path, batch_size: int = ONNX_RUN_MAX, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        so = ort.SessionOptions()
        # a batch's worker sets OMP_NUM_THREADS to its share of the cores (batch.worker.init_worker)
        env_threads = os.environ.get("OMP_NUM_THREADS", "")
        so.intra_op_num_threads = threads or (int(env_threads) if env_threads.isdigit() else 0) or os.cpu_count() or 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.log_severity_level = 3
        # no busy-waiting between runs: on a shared machine (or beside spaCy) the spinning threads
        # took cores from the work (48 seed sentences: 1.4 s spinning against 0.95 s, 2 threads, busy machine)
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tok.enable_truncation(_max_seq_length(model_dir))
        tok.no_padding()  # each run is padded to its own longest text (_feed)
        pad_id = tok.token_to_id("[PAD]")
        self.pad_id = pad_id or 0
        self.tokenizer = tok
        self.batch_size = batch_size
        self.runs = 0  # runs of the model so far (benchmarks and tests)
        outputs = {o.name: o for o in self.session.get_outputs()}
        first = self.session.get_outputs()[0]
        self.embedding_output = "embedding" if "embedding" in outputs else first.name
        self.has_token_vectors = "token_vectors" in outputs  # the word reading's vectors (ONNX_OUTPUTS)
        self.dim = int(outputs[self.embedding_output].shape[-1] or 0) or int(
            json.loads((model_dir / "config.json").read_text())["hidden_size"])

    def _feed(self, enc) -> dict:
        """The model's inputs for one run: the texts' token ids padded to the longest of the run."""
        n = max(len(e.ids) for e in enc)
        ids = np.full((len(enc), n), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(enc), n), dtype=np.int64)
        for row, e in enumerate(enc):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return {k: v for k, v in feed.items() if k in self.inputs}

    def _runs(self, texts: list[str]):
        """The model's runs over ``texts``: (positions in ``texts``, their encodings), each run texts of
        about the same number of tokens (sorted by it; a run's texts differ by at most ONNX_RUN_SLACK of
        the shortest's tokens, and at most ``batch_size`` of them), so that little of a run is padding."""
        enc = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda k: len(enc[k].ids))
        i = 0
        while i < len(order):
            n0 = len(enc[order[i]].ids)
            most = n0 + max(1, int(n0 * ONNX_RUN_SLACK))
            k = 1
            while i + k < len(order) and k < self.batch_size and len(enc[order[i + k]].ids) <= most:
                k += 1
            idx = order[i : i + k]
            yield idx, [enc[j] for j in idx]
            i += k

    def encode(self, texts: list[str], tokens: bool = False):
        """One normalised row per text; with ``tokens`` (an export with ``token_vectors``), also per text
        what ``token_vectors`` gives, from the same run: one pass serves the sentence and the word reading."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        tok: list = [None] * len(texts)
        want = [self.embedding_output, "token_vectors"] if tokens and self.has_token_vectors else [self.embedding_output]
        for idx, enc in self._runs(texts):
            got = self.session.run(want, self._feed(enc))
            self.runs += 1
            out[idx] = got[0]
            if len(got) > 1:
                for row, (j, e) in enumerate(zip(idx, enc)):
                    n = len(e.ids)
                    tok[j] = (got[1][row, :n].copy(), list(e.offsets))
        return (out, tok) if tokens else out

    def token_vectors(self, texts: list[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """Per text, the transformer's last hidden state (tokens x dim, padding cut off) and each token's
        character offsets in the text ((0, 0) for [CLS] / [SEP]), from the tokenizer that fed it."""
        return self.encode(texts, tokens=True)[1]


# --------------------------------------------------------------------------- encoder


class Encoder:
    """A sentence encoder found offline through models.txt.

    ``encode(texts, progress=None)`` gives one normalised float32 row per text. Each
    distinct text runs through the model once per encoder (memory cache) and, with
    ``cache_dir``, once per machine (sqlite cache keyed by model name and text).
    """

    def __init__(self, model: str | None = None, batch_size: int = TORCH_BATCH_MAX, cache_dir: str | os.PathLike | None = None):
        self.spec, self.path = resolve(model)
        self.requested = model  # None: the default of models.txt (which may fall back to torch)
        self.note: Optional[str] = None  # why the default's ONNX export did not run, when it did not
        default = read_models()[0]
        if not model and self.spec.name != default.name:
            self.note = fallback_note(default)
        self.name = self.spec.name
        self.backend_name = self.spec.backend
        self.batch_size = batch_size
        self._backend = None
        self._memory: dict[str, np.ndarray] = {}
        # text -> (token vectors, token offsets) kept from the sentence pass for the word reading
        self._tokens: dict[str, tuple[np.ndarray, list]] = {}
        self._tokens_bytes = 0
        self._tokens_lock = threading.Lock()  # checks in threads (the desk) share an encoder
        self.disk = DiskCache(Path(cache_dir) / "embeddings.sqlite", self.name) if cache_dir else None
        self.encoded = 0  # texts actually run through the model (for benchmarks and tests)
        self.load_seconds = 0.0  # time spent loading (and, once, building) the model
        self.encode_seconds = 0.0  # time spent inside the model, loading excluded

    @property
    def spec_info(self) -> ModelSpec:
        return self.spec

    @property
    def onnx_path(self) -> Optional[Path]:
        return onnx_cache_path(self.spec, self.path) if self.backend_name == "onnx" else None

    @property
    def loaded(self) -> bool:
        return self._backend is not None

    @property
    def needs_build(self) -> bool:
        """Whether loading will first build the ONNX export (once per machine, ~15 s, imports torch)."""
        return self._backend is None and self.backend_name == "onnx" and not export_ready(self.onnx_path)

    @property
    def engine(self) -> str:
        """What runs the model, e.g. ``onnxruntime 1.20.1 (float32 ONNX export of all-MiniLM-L6-v2)``."""
        return engine_of(self.spec)

    def load(self):
        """Load the model now (it is otherwise loaded on the first text to encode).

        The default model's ONNX export is built here on first use; if that build fails (torch or
        onnx missing, say), the default falls back to its torch base model with a ``note``."""
        if self._backend is None:
            # torch may be imported below (a build, the torch backend): never while another thread
            # imports spaCy with torch blocked (models.preload_spacy)
            with SPACY_LOCK if self.backend_name != "onnx" or self.needs_build else nullcontext():
                self._load()
        return self._backend

    def _load(self) -> None:
        if self._backend is None:
            t0 = time.perf_counter()
            if self.backend_name == "onnx":
                target = self.onnx_path
                try:
                    if not export_ready(target):  # never built, or built before its token vectors
                        try:
                            build_onnx(self.path, target, quantize=self.name.lower().endswith("int8"))
                        except Exception as exc:  # noqa: BLE001 - an older export still gives the sentences
                            if not target.exists():
                                raise
                            self.note = (f"the ONNX export could not be rebuilt with its token vectors "
                                         f"({type(exc).__name__}: {str(exc)[:160]}): the word reading is off")
                    self._backend = OnnxBackend(target, self.path)
                except Exception as exc:  # noqa: BLE001 - the default keeps working on torch
                    base = base_of(self.spec)
                    if self.requested or base is None or base.find() is None:
                        raise
                    SPACY_LOCK.acquire()  # torch is imported next (released below)
                    self._locked = True
                    self.note = (f"the ONNX export of {base.name} could not be built or loaded "
                                 f"({type(exc).__name__}: {str(exc)[:160]}): the torch model ran instead")
                    self.spec, self.path = base, base.find()
                    self.name, self.backend_name = base.name, base.backend
                    self._memory.clear()
                    if self.disk is not None:
                        self.disk.model = base.name
            try:
                if self._backend is None:
                    self._backend = TorchBackend(self.path, self.batch_size)
            finally:
                if getattr(self, "_locked", False):
                    self._locked = False
                    SPACY_LOCK.release()
            self.load_seconds += time.perf_counter() - t0

    @property
    def dim(self) -> int:
        return self.load().dim

    def encode(self, texts: Sequence[str], progress: Optional[ProgressFn] = None) -> np.ndarray:
        """Normalised embeddings, one row per text (float32)."""
        texts = list(texts)
        todo = self._from_caches(texts)
        if todo:
            backend = self.load()
            todo.sort(key=len)  # similar lengths batch together: less padding
            done = 0
            step = CHUNK
            for i in range(0, len(todo), step):
                chunk = todo[i : i + step]
                t0 = time.perf_counter()
                if getattr(backend, "has_token_vectors", False) and any(" " in t.strip() for t in chunk):
                    vecs, toks = backend.encode(chunk, tokens=True)
                    self._keep_tokens(chunk, toks)
                else:
                    vecs = backend.encode(chunk)
                self.encode_seconds += time.perf_counter() - t0
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

    def forget(self) -> None:
        """Empty the in-memory caches (the sentence rows and the kept token vectors), as a new encoder:
        for benchmarks."""
        self._memory.clear()
        with self._tokens_lock:
            self._tokens.clear()
            self._tokens_bytes = 0

    def _keep_tokens(self, texts: list[str], toks: list) -> None:
        """Keep the token vectors of the multi-word texts (the sentences and groups the word reading
        reads; single words are the word features'), oldest dropped first beyond TOKEN_MEMORY_BYTES."""
        with self._tokens_lock:
            for t, tv in zip(texts, toks):
                if tv is None or " " not in t.strip() or t in self._tokens:
                    continue
                self._tokens[t] = tv
                self._tokens_bytes += tv[0].nbytes
            while self._tokens_bytes > TOKEN_MEMORY_BYTES and self._tokens:
                old = self._tokens.pop(next(iter(self._tokens)))
                self._tokens_bytes -= old[0].nbytes

    def take_token_vectors(self, texts: Sequence[str]) -> dict[str, tuple[np.ndarray, list]]:
        """What the ONNX graph's ``token_vectors`` gave for those of ``texts`` the sentence pass ran (and
        kept): {text: (tokens x dim, token offsets)}, each handed out once (then forgotten). The word
        reading runs the model again only for the others."""
        out = {}
        with self._tokens_lock:
            for t in dict.fromkeys(texts):
                tv = self._tokens.pop(t, None)
                if tv is not None:
                    self._tokens_bytes -= tv[0].nbytes
                    out[t] = tv
        return out

    def _from_caches(self, texts: list[str]) -> list[str]:
        """Bring what the disk cache has of ``texts`` into memory; returns the distinct texts in neither."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if todo and self.disk is not None:
            found = self.disk.get_many(todo)
            self._memory.update(found)
            todo = [t for t in todo if t not in found]
        return todo

    def lookup(self, texts: Sequence[str]) -> Optional[np.ndarray]:
        """The rows ``encode`` would give if every text is cached (in memory or on disk), else None:
        never runs (or loads) the model."""
        texts = list(texts)
        if self._from_caches(texts) or not texts:
            return None
        return np.stack([self._memory[t] for t in texts])

    def encode_uncached(self, texts: Sequence[str]) -> np.ndarray:
        """The bare model on ``texts`` (sorted by length, batched), bypassing every cache: for benchmarks."""
        backend = self.load()
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        out = np.empty((len(texts), backend.dim), dtype=np.float32)
        step = CHUNK
        for i in range(0, len(order), step):
            idx = order[i : i + step]
            out[idx] = backend.encode([texts[k] for k in idx])
        return out


_ENCODERS: dict[tuple, Encoder] = {}


def get_encoder(model: str | None = None, cache_dir: str | os.PathLike | None = None) -> Encoder:
    """A shared encoder per (model, cache): the model loads once per process."""
    key = (model or "", str(cache_dir or ""))
    if key not in _ENCODERS:
        _ENCODERS[key] = Encoder(model, cache_dir=cache_dir)
    return _ENCODERS[key]
