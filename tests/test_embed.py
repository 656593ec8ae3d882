"""The encoder: its API and caches, the ONNX path against the torch reference, and a light start-up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import SEED_CAND, SEED_REF

ROOT = Path(__file__).resolve().parents[1]
INT8 = "all-MiniLM-L6-v2-int8"
FP32 = "all-MiniLM-L6-v2-onnx"
TORCH = "all-MiniLM-L6-v2"


@pytest.fixture(scope="module")
def torch_encoder():
    """The reference: sentence-transformers on torch (the default is its ONNX export)."""
    from qualcheck.embed import get_encoder

    return get_encoder(TORCH)


# ------------------------------------------------------------------ API and caches (torch reference)


def test_encode_gives_normalised_float32_rows_in_input_order(encoder):
    texts = ["A much longer sentence about the war in Ukraine and the peace talks that followed it.",
             "Short.", "A much longer sentence about the war in Ukraine and the peace talks that followed it."]
    out = encoder.encode(texts)
    assert out.dtype == np.float32 and out.shape == (3, encoder.dim)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(out[0], out[2])  # a repeated text is the same row
    # sorting by length inside must not reorder the answer: each row is its own text's vector
    alone = np.stack([encoder.encode_uncached([t])[0] for t in texts[:2]])
    assert np.allclose(out[:2], alone, atol=1e-4)
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_each_distinct_text_runs_through_the_model_once(encoder):
    texts = [f"Sentence number {k} of a memory cache test, said the mayor." for k in range(5)]
    before = encoder.encoded
    encoder.encode(texts + texts[:2])
    assert encoder.encoded - before == 5
    encoder.encode(list(reversed(texts)))
    assert encoder.encoded - before == 5


def test_disk_cache_serves_a_new_encoder_without_loading_the_model(encoder, tmp_path):
    from qualcheck.embed import Encoder

    texts = ["The council voted on Tuesday.", "Le conseil a voté mardi.", "Another line entirely."]
    first = Encoder(cache_dir=tmp_path)
    first._backend = encoder.load()  # share the loaded model: no second load in the test run
    a = first.encode(texts)
    second = Encoder(cache_dir=tmp_path)
    b = second.encode(texts)
    assert second.encoded == 0 and not second.loaded  # every row came from sqlite
    assert second.disk._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # workers read while one writes
    assert np.array_equal(a, b)
    # lookup: the rows when every text is cached, else None, and never the model
    third = Encoder(cache_dir=tmp_path)
    assert third.lookup(texts[:1] + ["A line nobody embedded."]) is None
    assert np.array_equal(third.lookup(texts[::-1]), a[::-1])
    assert third.encoded == 0 and not third.loaded


def test_progress_reports_up_to_the_number_of_new_texts(encoder):
    seen = []
    texts = [f"Progress line {k}, quoth the raven." for k in range(20)]
    encoder.encode(texts[:5])
    encoder.encode(texts, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (15, 15) and all(d <= t for d, t in seen)  # only the texts not cached yet


# ------------------------------------------------------------------ the ONNX path


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    """A fresh $QUALCHECK_CACHE: the int8 model is really built here, once for this module."""
    path = tmp_path_factory.mktemp("qualcheck-cache")
    old = os.environ.get("QUALCHECK_CACHE")
    os.environ["QUALCHECK_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("QUALCHECK_CACHE", None)
    else:
        os.environ["QUALCHECK_CACHE"] = old


@pytest.fixture(scope="module")
def int8(onnx_cache):
    pytest.importorskip("onnxruntime")
    from qualcheck.embed import Encoder

    enc = Encoder(INT8)
    assert not enc.onnx_path.exists()
    enc.load()
    return enc


@pytest.fixture(scope="module")
def fp32_onnx(onnx_cache):
    pytest.importorskip("onnxruntime")
    from qualcheck.embed import Encoder

    enc = Encoder(FP32)
    enc.load()
    return enc


def _pairs():
    from mqm import DEFAULT_TSV, load

    from qualcheck.load import load_text
    from qualcheck.pipeline import prepare

    out = {"seeds": (SEED_REF.read_text(encoding="utf-8"), SEED_CAND.read_text(encoding="utf-8"))}
    if Path(DEFAULT_TSV).exists():  # ../shared/bench/mqm_ted_zhen.tsv (present in CI); else the seeds alone
        talk = next(iter(load().talks.values()))
        system = sorted(talk.systems)[0]
        out[f"{talk.name} ref/{system}"] = (" ".join(s.text for s in talk.ref), " ".join(s.text for s in talk.systems[system]))
    return {k: (prepare(load_text(r, name="r")).texts, prepare(load_text(c, name="c")).texts) for k, (r, c) in out.items()}


@pytest.fixture(scope="module")
def pairs():
    sys.path.insert(0, str(ROOT / "bench"))
    return _pairs()


def _alignments(encoder, pairs):
    from qualcheck.align import AlignSettings, align

    return {k: {(a.ref, a.cand, a.kind) for a in align(r, c, encoder.encode, AlignSettings()).alignment}
            for k, (r, c) in pairs.items()}


@pytest.mark.slow
def test_int8_model_is_built_once_into_the_cache_and_reused(int8, onnx_cache):
    from qualcheck.embed import Encoder

    path = int8.onnx_path
    assert path.exists() and onnx_cache in path.parents
    assert path.stat().st_size < 40e6  # int8 weights: a quarter of the 90 MB float model
    stamp = path.stat().st_mtime_ns
    again = Encoder(INT8)
    again.load()
    assert again.onnx_path == path and path.stat().st_mtime_ns == stamp


@pytest.mark.slow
def test_a_check_on_an_onnx_model_never_imports_torch(int8, onnx_cache):
    """spaCy (names, verb test) is imported without torch when the encoder does not need it."""
    code = ("import sys; from pathlib import Path; import qualcheck; from qualcheck.embed import Encoder; "
            f"r = qualcheck.check(Path({str(SEED_REF)!r}), Path({str(SEED_CAND)!r}), encoder=Encoder({INT8!r})); "
            "print('torch' in sys.modules, r.metadata['check_info']['names_engine'], len(r.findings))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "QUALCHECK_CACHE": str(onnx_cache)})
    assert out.returncode == 0, out.stderr[-2000:]
    torch_loaded, engine, found = out.stdout.split()
    assert torch_loaded == "False" and int(found) > 10
    try:
        import spacy  # noqa: F401

        assert engine == "spacy"  # spaCy itself still ran
    except ImportError:
        pass


@pytest.mark.slow
def test_int8_cosines_stay_close_to_the_torch_reference(torch_encoder, int8, pairs):
    r, c = pairs["seeds"]
    ref, q = torch_encoder.encode(r + c), int8.encode(r + c)
    assert q.dtype == np.float32 and q.shape == ref.shape
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-3)
    cos = (ref * q).sum(1)
    assert cos.mean() > 0.98 and cos.min() > 0.9
    # what the aligner sees: the pair's similarity matrix moves by about 0.01 on average
    n = len(r)
    diff = np.abs(ref[:n] @ ref[n:].T - q[:n] @ q[n:].T)
    assert diff.mean() < 0.02


@pytest.mark.slow
def test_onnx_export_gives_the_same_embeddings_and_alignment_as_torch(torch_encoder, fp32_onnx, pairs):
    """The ONNX path itself keeps the results: same alignment on the seeds and the benchmark's first talk.

    (int8 is not asserted here: it moves a few borderline beads; bench/speed.py prints by how much.)
    """
    r, c = pairs["seeds"]
    cos = (torch_encoder.encode(r + c) * fp32_onnx.encode(r + c)).sum(1)
    assert cos.min() > 0.9999
    assert _alignments(fp32_onnx, pairs) == _alignments(torch_encoder, pairs)


WORD_CHECKS = ("omission.partial", "addition.partial", "mistranslation")


@pytest.mark.slow
def test_onnx_export_gives_the_same_findings_as_torch_on_the_seeds(torch_encoder, fp32_onnx):
    """The fast path an editor is pointed to must report exactly what the reference reports, the word
    reading included (its token vectors come from the export's second output)."""
    from qualcheck import check

    def findings(enc):
        rep = check(SEED_REF, SEED_CAND, encoder=enc)
        assert "word_reading" not in rep.metadata["check_info"]  # set only when the word reading is off
        return [(f.id, f.category, f.severity, f.ref_span, f.cand_span, f.message) for f in rep.findings]

    onnx = findings(fp32_onnx)
    assert onnx == findings(torch_encoder)
    assert {c for _, c, *_ in onnx} >= {"omission.partial", "addition.partial"}  # the word reading ran


@pytest.mark.slow
def test_onnx_token_vectors_give_the_torch_word_vectors_and_word_alignments(torch_encoder, fp32_onnx, pairs):
    """Word pieces averaged over words from the export's ``token_vectors`` output are the torch model's
    word vectors, so every 1-1 sentence pair of the seeds and a TED talk gets the same word alignment,
    and the TED talk the same word findings."""
    from qualcheck import check, wordalign
    from qualcheck.align import AlignSettings, align

    assert fp32_onnx.load().has_token_vectors and wordalign.can_read(fp32_onnx)
    compared = 0
    for r, c in pairs.values():
        beads = [a for a in align(r, c, fp32_onnx.encode, AlignSettings()).alignment
                 if a.kind == "match" and len(a.ref) == len(a.cand) == 1]
        sents = [(r[a.ref[0]], c[a.cand[0]]) for a in beads]
        texts = list(dict.fromkeys(t for p in sents for t in p))
        vo = dict(zip(texts, wordalign.word_vectors(texts, fp32_onnx)))
        vt = dict(zip(texts, wordalign.word_vectors(texts, torch_encoder)))
        for t in texts:
            assert vo[t].shape == vt[t].shape == (len(wordalign.tokens(t)), 384)
            assert (vo[t] * vt[t]).sum(1).min() > 0.9999
        for a, b in sents:
            wo, wt = wordalign.align_words(a, b, vo[a], vo[b]), wordalign.align_words(a, b, vt[a], vt[b])
            assert [p[:2] + p[3:] for p in wo.pairs] == [p[:2] + p[3:] for p in wt.pairs]
            compared += 1
    assert compared > 20
    if len(pairs) > 1:  # the TED talk: the same word findings on both engines
        r, c = (" ".join(x) for x in list(pairs.values())[1])

        def words(enc):
            return [(f.category, f.severity, f.ref_span, f.cand_span) for f in
                    check(r, c, encoder=enc, checks=list(WORD_CHECKS)).findings]

        assert words(fp32_onnx) == words(torch_encoder)


@pytest.mark.slow
def test_an_export_without_token_vectors_is_rebuilt_once_with_them(fp32_onnx, tmp_path, monkeypatch):
    """An export built by an older qualcheck (one output, no ``outputs`` in source.json) is detected and
    rebuilt in place on first use; the rebuilt one is used as it is from then on. Where the rebuild
    fails (torch gone, say), the old export still gives the sentences and the word reading is off."""
    import json
    import shutil

    import onnx

    from qualcheck.embed import Encoder
    from qualcheck.models import built_status, export_ready

    src = fp32_onnx.onnx_path  # (read from $QUALCHECK_CACHE)
    old = os.environ["QUALCHECK_CACHE"]
    os.environ["QUALCHECK_CACHE"] = str(tmp_path)
    try:
        enc = Encoder(FP32)
        target = enc.onnx_path
        target.parent.mkdir(parents=True)
        model = onnx.load(str(src))  # the graph as it was: the sentence output alone
        kept = [o for o in model.graph.output if o.name == "embedding"]
        del model.graph.output[:]
        model.graph.output.extend(kept)
        onnx.save(model, str(target))
        source = json.loads((src.parent / "source.json").read_text())
        source.pop("outputs")
        (target.parent / "source.json").write_text(json.dumps(source))
        assert not export_ready(target) and enc.needs_build
        assert "built without the token vectors" in built_status(enc.spec)

        def no_torch(*a, **k):
            raise ImportError("No module named 'torch'")

        from qualcheck import check, embed

        with monkeypatch.context() as m:
            m.setattr(embed, "build_onnx", no_torch)
            degraded = Encoder(FP32)
            rep = check(SEED_REF, SEED_CAND, encoder=degraded, checks=list(WORD_CHECKS))
        assert not degraded.load().has_token_vectors and "the word reading is off" in degraded.note
        assert rep.metadata["check_info"]["word_reading"].startswith("off") and not rep.findings
        assert any("word reading is off" in w for w in rep.metadata["warnings"])
        enc.load()
        assert enc.load().has_token_vectors and export_ready(target) and not Encoder(FP32).needs_build
        assert "(built," in built_status(enc.spec)
        stamp = target.stat().st_mtime_ns
        again = Encoder(FP32)
        again.load()
        assert target.stat().st_mtime_ns == stamp and again.load().has_token_vectors
        shutil.rmtree(target.parent)
    finally:
        os.environ["QUALCHECK_CACHE"] = old


@pytest.mark.slow
def test_the_default_is_the_float32_export_and_a_default_check_never_imports_torch(fp32_onnx, onnx_cache, tmp_path):
    """Once the export is built, `qualcheck check` with no --model runs on onnxruntime alone:
    neither torch nor sentence-transformers is imported, and the report says which engine ran."""
    from qualcheck.embed import Encoder

    assert Encoder().name == FP32 and Encoder().onnx_path == fp32_onnx.onnx_path
    code = ("import sys, json\nfrom qualcheck.cli import app\n"
            f"try:\n    app(['check', {str(SEED_REF)!r}, {str(SEED_CAND)!r}, '--out', {str(tmp_path / 'r')!r}, '-q', '-f', 'json'])\n"
            "except SystemExit:\n    pass\n"
            "print([m for m in ('torch', 'sentence_transformers') if m in sys.modules])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "QUALCHECK_CACHE": str(onnx_cache)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"
    import json

    rep = json.loads((tmp_path / "r" / "report.json").read_text())
    md = rep["metadata"]
    assert md["model"] == FP32 and md["engine"].startswith("onnxruntime ")
    # the word reading ran on the export's token vectors, still without torch
    assert "word_reading" not in md["check_info"]
    assert any(f["category"] in WORD_CHECKS for f in rep["findings"])


@pytest.mark.slow
def test_the_first_check_builds_the_default_export_and_says_so(tmp_path):
    """A check on a machine without the export builds it first (one progress line says so), then
    runs on onnxruntime (spaCy, which loads in a thread on an ONNX check, waits: the build imports torch)."""
    pytest.importorskip("onnxruntime")
    env = {**os.environ, "QUALCHECK_CACHE": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-m", "qualcheck.cli", "check", str(SEED_REF), str(SEED_CAND), "--out",
                          str(tmp_path / "r"), "-f", "json", "--fail-on", "never", "--progress"],
                         capture_output=True, text=True, env=env, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "loading model (built its ONNX export first, once)" in out.stderr
    assert list((tmp_path / "cache" / "onnx").glob(f"{FP32}-*/model.onnx"))
    import json

    md = json.loads((tmp_path / "r" / "report.json").read_text())["metadata"]
    assert md["engine"].startswith("onnxruntime ") and md["check_info"]["names_engine"] == "spacy"


@pytest.mark.slow
def test_models_build_builds_the_default_export_once(fp32_onnx, onnx_cache):
    """`qualcheck models --build` into a cache that has the export: nothing rebuilt, the path named;
    the listing says which engine the default runs on."""
    env = {**os.environ, "QUALCHECK_CACHE": str(onnx_cache)}
    stamp = fp32_onnx.onnx_path.stat().st_mtime_ns
    out = subprocess.run([sys.executable, "-m", "qualcheck.cli", "models", "--build"], capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"built: {fp32_onnx.onnx_path}" in out.stdout and "building" not in out.stderr
    assert fp32_onnx.onnx_path.stat().st_mtime_ns == stamp
    assert f"default engine: {FP32} on onnxruntime" in out.stdout


@pytest.mark.slow
def test_without_onnxruntime_the_default_falls_back_to_torch_with_a_note(torch_encoder, monkeypatch):
    import importlib.util

    from qualcheck import check
    from qualcheck.embed import Encoder

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name, *a))
    enc = Encoder()
    assert enc.name == TORCH and "onnxruntime is not installed" in enc.note
    enc._backend = torch_encoder.load()  # the torch model, loaded once for the module
    rep = check(SEED_REF, SEED_CAND, encoder=enc)
    assert rep.metadata["engine"].startswith("sentence-transformers ") and "on torch" in rep.metadata["engine"]
    assert any("onnxruntime is not installed" in w for w in rep.metadata["warnings"])


@pytest.mark.slow
def test_models_command_shows_whether_the_onnx_cache_exists(int8, onnx_cache):
    env = {**os.environ, "QUALCHECK_CACHE": str(onnx_cache)}
    out = subprocess.run([sys.executable, "-m", "qualcheck.cli", "models"], capture_output=True, text=True, env=env)
    assert out.returncode == 0
    assert INT8 in out.stdout and f"{int8.onnx_path} (built" in out.stdout
    env["QUALCHECK_CACHE"] = str(onnx_cache / "empty")
    out = subprocess.run([sys.executable, "-m", "qualcheck.cli", "models"], capture_output=True, text=True, env=env)
    assert "not built yet" in out.stdout


# ------------------------------------------------------------------ start-up stays light


@pytest.mark.parametrize("args", [["--help"], ["models"]])
def test_help_and_models_do_not_import_torch(args):
    code = (
        "import sys\nfrom qualcheck.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'onnxruntime', 'spacy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]


def test_stage_timings_split_load_embed_align_and_each_check(seed_report):
    t = seed_report.metadata["timings"]
    for stage in ("load", "clean", "segment", "load model", "embed", "align", "checks", "total"):
        assert t[stage] >= 0, stage
    assert t["per_check"] and set(t["per_check"]) >= {"names"}
    assert sum(t["per_check"].values()) <= t["checks"] + 1e-3


def _open_cache(path, barrier, results):
    from qualcheck.embed import DiskCache

    barrier.wait()
    try:
        DiskCache(path, "m")
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.slow
def test_worker_processes_can_open_a_new_cache_at_the_same_moment(tmp_path):
    """A batch's workers open the (new) disk cache together; sqlite refuses all but one of them at
    once where two lock upgrades would deadlock ("database is locked"), which used to kill a worker
    in its start-up and break the whole process pool. The set-up is retried."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    for trial in range(8):
        path = str(tmp_path / f"t{trial}" / "embeddings.sqlite")
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_cache, args=(path, barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        got = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=120)
        assert got == ["ok"] * 4, (trial, got)


def test_a_check_encodes_each_distinct_text_once_in_a_few_batches_never_per_pair(encoder):
    """The checks' words and quotations are collected per document and embedded together: the model
    runs a handful of times for the whole seed check (not once or twice per aligned pair), and
    never on a text it has already embedded."""
    from qualcheck import check, pipeline
    from qualcheck.embed import Encoder

    enc = Encoder()
    backend = encoder.load()
    calls, seen = [], []

    class Counting:
        dim = backend.dim

        def encode(self, texts):
            calls.append(len(texts))
            seen.extend(texts)
            return backend.encode(texts)

    enc._backend = Counting()
    pipeline.forget()
    rep = check(SEED_REF, SEED_CAND, encoder=enc)
    pairs = sum(1 for a in rep.alignment if a.is_pair)
    assert len(seen) == len(set(seen)) == enc.encoded  # each distinct text once
    assert len(calls) <= 6 < pairs  # a few batches for the document, not per pair
    sentences = len(rep.reference.texts) + len(rep.candidate.texts)
    assert enc.encoded < 6 * sentences


def test_the_reports_name_the_engine_that_ran(seed_report, tmp_path):
    from qualcheck.report import write_reports

    engine = seed_report.metadata["engine"]
    assert engine.startswith("onnxruntime ")
    paths = write_reports(seed_report, tmp_path, ["md", "html"])
    for p in paths.values():
        assert engine in p.read_text(encoding="utf-8"), p.name


def test_spacy_loads_without_its_command_line_and_the_real_one_stays_importable():
    """spaCy's CLI (weasel, httpx, requests: ~0.25 s of a cold check) is not imported for the
    pipeline; a later ``import spacy.cli`` still gives spaCy's real one."""
    code = ("import sys\n"
            "from qualcheck.models import spacy_pipeline\n"
            "nlp = spacy_pipeline()\n"
            "assert [e.text for e in nlp('President Xi Jinping spoke in Brussels.').ents] == ['Xi Jinping', 'Brussels']\n"
            "print('weasel' in sys.modules, 'spacy.cli' in sys.modules)\n"
            "import spacy.cli\n"
            "print(callable(spacy.cli.download), 'weasel' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False", "True", "True"]


_MIXED = ["Tax.", "The council voted on Tuesday to raise the tax on short-term rentals by two points.",
          "Denver", "He said no.", "A much longer sentence about the war in Ukraine, the peace talks that followed it "
          "and the three ceasefires that each failed within a week of being signed in Minsk.",
          "rentals", "The mayor, who had opposed the measure for months, signed it the next morning.",
          "Short sentence here.", "council"]


def _default_onnx(encoder):
    """The default encoder's ONNX backend (the float32 export); skip where the default fell back to torch."""
    if getattr(encoder, "backend_name", "") != "onnx" or not getattr(encoder.load(), "has_token_vectors", False):
        pytest.skip("the default encoder is not the ONNX export here")
    return encoder.load()


def test_onnx_runs_texts_of_similar_token_counts_and_gives_each_text_its_own_row(encoder):
    """The ONNX backend sorts texts by their number of tokens and runs those of about the same count
    together (little padding, the runs' cost), and still answers in input order: each row is what the
    text gives alone."""
    from qualcheck.embed import ONNX_RUN_SLACK

    backend = _default_onnx(encoder)
    runs = list(backend._runs(_MIXED))
    assert sorted(j for idx, _ in runs for j in idx) == list(range(len(_MIXED)))
    real = padded = 0
    for idx, enc in runs:
        n = [len(e.ids) for e in enc]
        assert max(n) <= min(n) + max(1, int(min(n) * ONNX_RUN_SLACK))
        real, padded = real + sum(n), padded + len(n) * max(n)
    assert padded <= 1.1 * real
    out = backend.encode(_MIXED)
    alone = np.concatenate([backend.encode([t]) for t in _MIXED])
    assert out.shape == (len(_MIXED), backend.dim)
    assert np.abs(out - alone).max() < 1e-5


def test_one_onnx_pass_gives_the_sentences_and_the_word_readings_token_vectors(encoder):
    """Embedding the sentences keeps their token vectors (the graph's second output, same run), so the
    word reading of those sentences runs the model no more; its word vectors are those a second pass
    gives. Single words are not kept (the word reading reads sentences)."""
    from qualcheck import wordalign
    from qualcheck.embed import Encoder

    sentences = [t for t in _MIXED if " " in t]
    backend = _default_onnx(encoder)
    enc = Encoder(encoder.name)
    enc._backend = backend
    enc.encode(_MIXED)
    assert set(enc._tokens) == set(sentences)
    runs = backend.runs
    one = wordalign.word_vectors(sentences, enc)
    assert backend.runs == runs  # no second pass
    assert not enc._tokens  # each kept once, handed out once
    two = wordalign.word_vectors(sentences, enc)  # nothing kept now: the model runs again
    assert backend.runs > runs
    for a, b, t in zip(one, two, sentences):
        assert a.shape == b.shape == (len(wordalign.tokens(t)), backend.dim)
        assert np.abs(a - b).max() < 1e-5
    enc.encode(sentences)  # in memory already: not run, nothing kept
    assert not enc._tokens
    enc.forget()
    enc.encode(sentences[:1])
    assert list(enc._tokens) == sentences[:1]


def test_kept_token_vectors_stay_within_their_memory_bound(encoder, monkeypatch):
    """The kept token vectors are bounded (oldest dropped first); the word reading runs the model again
    for a text dropped, with the same vectors."""
    from qualcheck import embed, wordalign

    sentences = [t for t in _MIXED if " " in t]
    backend = _default_onnx(encoder)
    probe = embed.Encoder(encoder.name)
    probe._backend = backend
    probe.encode(sentences)
    sizes = sorted(v[0].nbytes for v in probe._tokens.values())
    assert len(sizes) == len(sentences)
    one = sizes[-1] + sizes[-2]  # bytes: the two largest
    monkeypatch.setattr(embed, "TOKEN_MEMORY_BYTES", one)
    enc = embed.Encoder(encoder.name)
    enc._backend = backend
    enc.encode(sentences)
    assert 0 < enc._tokens_bytes == sum(v[0].nbytes for v in enc._tokens.values()) <= one
    assert len(enc._tokens) < len(sentences)
    runs = backend.runs
    got = wordalign.word_vectors(sentences, enc)
    assert backend.runs > runs and enc._tokens_bytes == 0
    fresh = embed.Encoder(encoder.name)
    fresh._backend = backend
    for a, b in zip(got, wordalign.word_vectors(sentences, fresh)):
        assert np.abs(a - b).max() < 1e-5
