"""The Python API: ``check(reference, candidate) -> Report``, one stage after the other."""
from __future__ import annotations

import copy
import os
import platform
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Optional, Union

from . import ner, wordalign
from .align import align
from .cache import store_of
from .cap import cap_findings
from .checks import numbers, run_checks, terms, wordtools
from .checks.aligned import AlignedDoc
from .clean import clean
from .embed import get_encoder
from .load import LoadedText, input_warnings, load_file, load_text
from .merge import merge_defects
from .models import preload_spacy
from .workflow.policy import apply_baseline, apply_policy, make_ids_unique
from .readers import layout_clean, split_from
from .report.result import Findings, Report
from .segment import segment
from .settings import Settings, api_settings
from .sides import swapped_warning
from .types import Document
from .version import __version__

Source = Union[str, os.PathLike, LoadedText]
StageHook = Callable[[str, float], None]


# clean + segment results per (text, format), for the process: a batch often checks one reference
# against several candidates (revisions, systems); bounded by characters held, oldest dropped first
_PREPARED: "OrderedDict[tuple, Document]" = OrderedDict()
_PREPARED_MAX_CHARS = 20_000_000
_PREPARED_LOCK = threading.Lock()


def forget() -> None:
    """Empty this process's memories of earlier inputs (clean + segment results, spaCy's entities,
    the checks' memoised words and numbers, the word alignments of earlier pairs), as in a new process: benchmarks call it before a timed
    run. Disk caches are not touched."""
    with _PREPARED_LOCK:
        _PREPARED.clear()
    ner.forget()
    for forget_memo in (wordtools.forget, terms.forget, numbers.extract.cache_clear, wordalign.forget):
        forget_memo()


def prepare(loaded: LoadedText, timings: Optional[dict] = None, store=None, on_start=None) -> Document:
    """load/clean -> segment for one side (adds the seconds of each to ``timings``; ``store``: the
    disk cache that keeps each paragraph's sentence spans; ``on_start(label)``: told as each begins)."""
    key = (loaded.text, loaded.format, loaded.layout.key() if loaded.layout is not None else None)
    t0 = time.perf_counter()
    with _PREPARED_LOCK:
        hit = _PREPARED.get(key)
        if hit is not None:
            _PREPARED.move_to_end(key)
    if hit is not None:
        doc = copy.deepcopy(hit)  # callers own their Document
        doc.name, doc.encoding, doc.notes = loaded.name, loaded.encoding, list(loaded.notes)
        if timings is not None:  # the copy's time, as segmenting
            timings["clean"] = timings.get("clean", 0.0)
            timings["segment"] = timings.get("segment", 0.0) + time.perf_counter() - t0
        return doc
    out = _prepare(loaded, timings, store, on_start)
    if len(loaded.text) <= _PREPARED_MAX_CHARS // 4:
        with _PREPARED_LOCK:
            _PREPARED[key] = copy.deepcopy(out)
            held = sum(len(k[0]) for k in _PREPARED)
            while held > _PREPARED_MAX_CHARS and len(_PREPARED) > 1:
                old, _ = _PREPARED.popitem(last=False)
                held -= len(old[0])
    return out


def _prepare(loaded: LoadedText, timings: Optional[dict] = None, store=None, on_start=None) -> Document:
    if on_start:
        on_start("cleaning")
    t0 = time.perf_counter()
    if loaded.layout is not None:  # DOCX, PDF, subtitles: the reader's removed spans (readers/)
        doc, mask = layout_clean(loaded.text, loaded.layout, loaded.name, loaded.format)
    else:
        doc, mask = clean(loaded.text, name=loaded.name, fmt=loaded.format)
    doc.encoding = loaded.encoding
    doc.notes = list(loaded.notes)
    if on_start:
        on_start("segmenting")
    t1 = time.perf_counter()
    out = segment(doc, mask, store)
    if timings is not None:
        timings["clean"] = timings.get("clean", 0.0) + t1 - t0
        timings["segment"] = timings.get("segment", 0.0) + time.perf_counter() - t1
    return out


def _load(src: Source, name: str, max_chars: int, fmt: Optional[str] = None) -> LoadedText:
    if isinstance(src, LoadedText):
        return src
    if isinstance(src, os.PathLike):
        return load_file(src, max_chars=max_chars, fmt=fmt)
    return load_text(src, name=name, max_chars=max_chars, fmt=fmt)


def check(
    reference: Source,
    candidate: Source,
    settings: Optional[Settings] = None,
    encoder=None,
    on_stage: Optional[StageHook] = None,
    progress=None,
    on_start: Optional[Callable[[str], None]] = None,
    config: Union[str, os.PathLike, None] = None,
    **options,
) -> Report:
    """Check ``candidate`` against ``reference``.

    ``reference`` and ``candidate`` are texts (``str``), paths (``pathlib.Path``) or
    ``LoadedText``. Settings come as a ``Settings``, or from ``config`` (a ``qualcheck.toml``;
    without it, the file ``$QUALCHECK_CONFIG`` names, if set; the working directory's file is not
    read unasked), with keyword options of the same names as ``Settings`` and ``AlignSettings``
    fields on top (``min_similarity=0.8``, ``model="all-MiniLM-L6-v2"``, ``max_group=4``...; an
    unknown name raises ``TypeError``). Raises ``QualcheckError`` on bad input. Hooks
    (``qualcheck.progress``): ``on_start(label)`` as a stage begins, ``progress(done, total)`` while
    texts are embedded, ``on_stage(name, seconds)`` as one ends.
    """
    if settings is not None and config is not None:
        raise TypeError("check() takes settings= or config=, not both")
    st = (settings if settings is not None else api_settings(config)).with_options(**options)
    timings: dict[str, float] = {}
    t_all = time.perf_counter()

    def stage(name: str, t0: float) -> None:
        put(name, time.perf_counter() - t0)

    def put(name: str, seconds: float) -> None:
        timings[name] = round(seconds, 4)
        if on_stage:
            on_stage(name, timings[name])

    t0 = time.perf_counter()
    ref_fmt, cand_fmt = split_from(st.input_format)
    ref_loaded = _load(reference, "reference", st.max_chars, ref_fmt)
    cand_loaded = _load(candidate, "candidate", st.max_chars, cand_fmt)
    stage("load", t0)
    enc = encoder or get_encoder(st.model, cache_dir=st.cache_dir)  # the model itself loads lazily
    prep: dict[str, float] = {}
    store = store_of(enc)
    if store is not None:
        store.max_bytes = st.cache_max_mb * 2**20  # the size bound of this run's settings
    preload = _preload_spacy(enc, st, store)
    ref_doc, cand_doc = prepare(ref_loaded, prep, store, on_start), prepare(cand_loaded, prep, store, on_start)
    for name in ("clean", "segment"):
        put(name, prep[name])
    names_ahead = _names_ahead(st, store, preload, ref_doc.texts + cand_doc.texts)
    # the model loads lazily, on the first text not in a cache: its load time is its own stage
    load0, in_encode = getattr(enc, "load_seconds", 0.0), [0.0]

    def encode(texts):
        t = time.perf_counter()
        try:
            if on_start and not getattr(enc, "loaded", True) and enc.lookup(texts) is None:
                # the model loads now: say so (and that its ONNX export is built first, once)
                on_start(f"loading model {enc.name}" + (" (first use: building its ONNX export, once, ~15 s)"
                                                         if getattr(enc, "needs_build", False) else ""))
                enc.load()
                on_start("embedding")
            return enc.encode(texts, progress=progress)
        finally:
            in_encode[0] += time.perf_counter() - t

    if on_start:
        on_start("aligning")
    t0 = time.perf_counter()
    result = align(ref_doc.texts, cand_doc.texts, encode, st.align)
    t_align = time.perf_counter() - t0 - in_encode[0]
    t_load = getattr(enc, "load_seconds", 0.0) - load0
    put("load model", t_load)
    put("embed", in_encode[0] - t_load)
    put("align", t_align)
    t0 = time.perf_counter()
    check_times: dict[str, float] = {}
    adoc = AlignedDoc(ref_doc, cand_doc, result.alignment, result.sim, st, enc)
    on_check = (lambda name: on_start(f"checks: {name}")) if on_start else None
    if names_ahead is not None:
        names_ahead.join()  # spaCy's entities, found while the model embedded: the names check reads them
    findings = Findings(apply_policy(run_checks(adoc, st.checks, timings=check_times, on_check=on_check),
                                     st.severity_policy))
    findings = Findings(merge_defects(findings, ref_doc, cand_doc))
    findings.sort(key=_reading_order)
    for f in findings:  # page, paragraph or cue of each span (DOCX, PDF, subtitles; "" for text)
        f.ref_location, f.cand_location = ref_doc.where(f.ref_span), cand_doc.where(f.cand_span)
    make_ids_unique(findings)
    apply_baseline(findings, st.accepted)
    hidden = Findings(f for f in findings if f.accepted and not st.show_accepted)
    if hidden:
        findings = Findings(f for f in findings if not (f.accepted and not st.show_accepted))
    findings, left_out = cap_findings(findings, st.max_findings)  # at most max_findings listed; the rest counted
    stage("checks", t0)
    if preload is not None:
        preload.join()  # loaded by now (the checks waited for it), unless no check used it
    timings["per_check"] = {k: round(v, 4) for k, v in check_times.items()}
    timings["total"] = round(time.perf_counter() - t_all, 4)
    metadata = {
        "qualcheck_version": __version__,
        "model": enc.name,
        "engine": getattr(enc, "engine", ""),  # what ran the model: onnxruntime (the default) or torch
        "settings": st.as_dict(),
        "checks": sorted({f.check for f in findings}) if st.checks is None else list(st.checks),
        "inputs": {
            "reference": {"name": ref_doc.name, "sha256": ref_doc.sha256},
            "candidate": {"name": cand_doc.name, "sha256": cand_doc.sha256},
        },
        "check_info": adoc.info,
        # e.g. the two sides in different languages while the model is English-only (load.input_warnings)
        "warnings": input_warnings(ref_doc, cand_doc, enc.name) + ([enc.note] if getattr(enc, "note", None) else [])
        + [w for w in [swapped_warning(ref_doc, cand_doc, list(findings) + list(hidden))] if w],
        "left_out": left_out,
        "timings": timings,
        "python": platform.python_version(),
    }
    return Report(ref_doc, cand_doc, result.alignment, findings, metadata, hidden=hidden)


def _preload_spacy(enc, st: Settings, store):
    """Load spaCy's pipeline in a thread while the model embeds, when the checks will need it: on an
    ONNX encoder (torch is not imported on that path; spaCy is imported without it), with no disk
    cache that may hold every answer already, and names or fragments among the checks."""
    if store is not None or getattr(enc, "backend_name", "") != "onnx" or "torch" in sys.modules \
            or getattr(enc, "needs_build", True):  # a build imports torch: spaCy then loads after it
        return None
    if st.checks is not None and not {"names", "fragments"} & set(st.checks):
        return None

    return preload_spacy()


def _names_ahead(st: Settings, store, preload, texts: list[str]) -> Optional[threading.Thread]:
    """Run spaCy's NER over both sides' sentences in a thread while the model embeds them (onnxruntime
    and spaCy's matrix products leave the interpreter free), when the names check will ask for it: spaCy
    loaded already or being loaded by ``preload``, no disk cache (that may hold the entities already)."""
    if store is None and (st.checks is None or "names" in st.checks) and ner.engine(st.ner_engine)[0] == "spacy" \
            and (preload is not None or ner.loaded()):
        thread = threading.Thread(target=ner.prefetch, args=(texts, preload), name="qualcheck-ner", daemon=True)
        thread.start()
        return thread
    return None


def _reading_order(f) -> tuple:
    c = f.cand_span[0] if f.cand_span else 10**12
    r = f.ref_span[0] if f.ref_span else 10**12
    return (min(c, r) if f.cand_span is None else c, r, f.category)


def check_files(reference: Union[str, os.PathLike], candidate: Union[str, os.PathLike], **kw) -> Report:
    return check(Path(reference), Path(candidate), **kw)
