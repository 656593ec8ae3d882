"""The disk cache (qualcheck/cache.py): a damaged file is set aside and rebuilt, never stopping a run;
a size bound with least-recently-used eviction; `qualcheck cache info|clear`."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qualcheck import cache as cache_mod
from qualcheck.cache import DiskCache

from conftest import SEED_CAND, SEED_REF

QC = [sys.executable, "-m", "qualcheck.cli"]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}


def _vec(i: int) -> np.ndarray:
    v = np.random.default_rng(i).standard_normal(384).astype(np.float32)
    return v / np.linalg.norm(v)


def _filled(path: Path, n: int = 3000) -> dict[str, np.ndarray]:
    """A real cache file with ``n`` embeddings and some notes, closed (so checkpointed: no -wal left)."""
    texts = {f"Sentence {i} of the damaged-cache test.": _vec(i) for i in range(n)}
    store = DiskCache(path, "m")
    store.put_many(texts.items())
    store.put_notes("kind", [(t, {"n": i}) for i, t in enumerate(list(texts)[:50])])
    store.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return texts


def _aside(folder: Path) -> list[Path]:
    """The damaged cache files set aside in ``folder`` (their -wal and -shm not counted)."""
    return [p for p in folder.glob("embeddings.sqlite.damaged-*") if not p.name.endswith(("-wal", "-shm"))]


def _junk_header(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.write(b"this is no sqlite header at all!")


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _junk_middle(path: Path) -> None:
    """Overwrite pages in the middle of the file (the header and the first and last pages stay)."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(size // 3)
        fh.write(b"\xa5" * (size // 4))


@pytest.mark.parametrize("damage", [_junk_header, _truncate], ids=["junk-header", "truncated-after-checkpoint"])
def test_a_damaged_cache_is_set_aside_at_open_and_rebuilt(tmp_path, damage, capsys):
    """Fails on main: DiskCache() raised `file is not a database` / `database disk image is malformed`."""
    path = tmp_path / "embeddings.sqlite"
    texts = _filled(path)
    damage(path)
    with pytest.raises(sqlite3.DatabaseError):  # sqlite itself cannot read it
        sqlite3.connect(str(path)).execute("SELECT count(*) FROM emb").fetchall()
    store = DiskCache(path, "m")
    err = capsys.readouterr().err.strip().splitlines()
    aside = _aside(tmp_path)
    assert len(aside) == 1 and len(err) == 1
    assert err[0].startswith("qualcheck: warning: the cache ") and str(aside[0]) in err[0]
    assert store.set_aside == aside
    assert store.get_many(list(texts)[:10]) == {}  # a new, empty cache...
    store.put_many(list(texts.items())[:10])  # ...that works
    got = DiskCache(path, "m").get_many(list(texts)[:10])
    assert all(np.array_equal(got[t], texts[t]) for t in list(texts)[:10])
    assert capsys.readouterr().err == ""  # a sound cache: no more warnings


def test_damage_found_by_a_query_during_the_run_is_repaired_and_the_query_answered(tmp_path, capsys):
    """Fails on main: get_many raised `database disk image is malformed` in the middle of a run."""
    path = tmp_path / "embeddings.sqlite"
    texts = _filled(path)
    _junk_middle(path)
    store = DiskCache(path, "m")  # the pages read at open are sound
    assert not store.set_aside
    got = store.get_many(list(texts))  # reading every row meets the damaged pages
    assert got == {}  # answered from the new cache (empty): the caller computes them again
    assert len(store.set_aside) == 1 and store.set_aside[0].exists()
    assert "damaged" in capsys.readouterr().err
    store.put_many(list(texts.items())[:5])
    assert len(DiskCache(path, "m").get_many(list(texts)[:5])) == 5


def test_check_through_a_damaged_cache_gives_the_same_findings(encoder, tmp_path, capsys):
    """`check` with a disk cache whose header is junk: one warning line, the same findings as without a
    cache. Fails on main (`file is not a database` from Encoder())."""
    from qualcheck import check
    from qualcheck.embed import Encoder

    def run(cache_dir):
        enc = Encoder(cache_dir=cache_dir)
        enc._backend = encoder.load()  # the session's model: no second load
        rep = check(SEED_REF, SEED_CAND, encoder=enc)
        return [(f.id, f.category, f.severity) for f in rep.findings], enc

    first, enc = run(tmp_path)
    enc.disk.close()
    _junk_header(tmp_path / "embeddings.sqlite")
    capsys.readouterr()
    second, enc2 = run(tmp_path)
    err = capsys.readouterr().err
    assert second == first
    assert err.count("qualcheck: warning: the cache") == 1 and ".damaged-" in err
    assert enc2.encoded > 0  # the cache was rebuilt: everything computed again


@pytest.fixture(scope="module")
def built_batch(tmp_path_factory, encoder):
    """One inline batch over two small pairs that builds a real cache; its findings per pair."""
    from qualcheck.batch import pairs_from_dirs, run_batch
    from qualcheck.embed import Encoder

    root = tmp_path_factory.mktemp("cachebatch")
    for side in ("ref", "cand"):
        (root / side).mkdir()
    (root / "ref" / "seed.txt").write_text(SEED_REF.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "cand" / "seed.txt").write_text(SEED_CAND.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "ref" / "budget.txt").write_text("The city council approved the new budget on Tuesday.\n"
                                             "Critics said the tax increase would hurt small businesses.\n")
    (root / "cand" / "budget.txt").write_text("On Tuesday the city council passed the new budget.\n")
    enc = Encoder(cache_dir=root / "cache")
    enc._backend = encoder.load()
    run_batch(pairs_from_dirs(root / "ref", root / "cand"), root / "out", workers=1, cache_dir=root / "cache",
              encoder=enc, formats=("json",))
    enc.disk.close()
    db = sqlite3.connect(str(root / "cache" / "embeddings.sqlite"))
    assert db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0  # all in the main file now
    db.close()
    return root, _findings(root / "out")


def _findings(out: Path) -> dict[str, list]:
    got = {}
    for rep in sorted((out / "reports").glob("*/report.json")):
        data = json.loads(rep.read_text(encoding="utf-8"))
        got[rep.parent.name] = [(f["id"], f["category"], f["severity"]) for f in data["findings"]]
    return got


@pytest.mark.parametrize("damage", [_junk_header, _truncate], ids=["junk-header", "truncated-after-checkpoint"])
def test_a_two_worker_batch_over_a_damaged_cache_succeeds(built_batch, tmp_path, damage):
    """Fails on main: both workers died on `file is not a database` / `malformed` (BrokenProcessPool)."""
    root, expected = built_batch
    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(root / "cache" / "embeddings.sqlite", cache)  # checkpointed: the file holds everything
    damage(cache / "embeddings.sqlite")
    out = tmp_path / "out"
    p = subprocess.run([*QC, "batch", "--ref-dir", str(root / "ref"), "--cand-dir", str(root / "cand"),
                        "--out", str(out), "-j", "2", "--chunk-size", "1", "-q", "--format", "json",
                        "--cache-dir", str(cache)], capture_output=True, text=True, env=ENV, timeout=600)
    assert p.returncode == 1, p.stderr  # the seed pair fails --fail-on major: the batch ran to the end
    warnings = [ln for ln in p.stderr.splitlines() if ln.startswith("qualcheck: warning: the cache")]
    assert len(warnings) == 1, p.stderr  # one worker repaired it; the other opened the new file
    assert "Traceback" not in p.stderr and "error" not in p.stderr, p.stderr
    assert len(_aside(cache)) == 1
    assert _findings(out) == expected


# --------------------------------------------------------------------------- size bound


def test_over_the_bound_the_least_recently_used_rows_go(tmp_path, monkeypatch):
    """Fails on main (no bound: DiskCache took no max_bytes and never deleted a row)."""
    now = [1_000_000]
    monkeypatch.setattr(cache_mod, "clock", lambda: now[0])
    path = tmp_path / "embeddings.sqlite"
    store = DiskCache(path, "m", max_bytes=2 * 2**20)  # about 975 rows of 384 floats
    old = {f"old {i}": _vec(i) for i in range(300)}
    mid = {f"mid {i}": _vec(i) for i in range(300)}
    store.put_many(old.items())
    now[0] += 10
    store.put_many(mid.items())
    now[0] += cache_mod.TOUCH_AFTER + 1
    assert len(store.get_many(list(old))) == 300  # read: `old` is now more recent than `mid`
    now[0] += 10
    store.put_many((f"new0 {i}", _vec(i)) for i in range(100))
    assert store.evicted == 0  # 700 rows: under the bound
    now[0] += 10
    new = {f"new1 {i}": _vec(i) for i in range(300)}
    store.put_many(new.items())  # 1,000 rows: over it
    assert store.evicted > 0
    assert DiskCache.bytes_in_use(store._db) <= 2 * 2**20 * cache_mod.EVICT_TO
    assert len(store.get_many(list(old))) == 300  # used recently: kept
    assert len(store.get_many(list(mid))) < 300  # least recently used: evicted first
    assert len(store.get_many(list(new))) == 300  # just written: kept
    assert len(store.get_many([f"new0 {i}" for i in range(100)])) == 100


def test_a_warm_read_writes_no_recency_until_an_hour_has_passed(tmp_path, monkeypatch):
    now = [2_000_000]
    monkeypatch.setattr(cache_mod, "clock", lambda: now[0])
    store = DiskCache(tmp_path / "c.sqlite", "m")
    store.put_many((f"t{i}", _vec(i)) for i in range(20))
    store.get_many([f"t{i}" for i in range(20)])
    assert store._touch_n == 0  # fresh rows: nothing to write
    now[0] += cache_mod.TOUCH_AFTER + 5
    store.get_many([f"t{i}" for i in range(20)])
    assert store._touch_n == 20  # renewals wait for the next write, in one batch
    store.close()
    used = sqlite3.connect(str(tmp_path / "c.sqlite")).execute("SELECT min(used) FROM emb").fetchone()[0]
    assert used == now[0]


def test_a_warm_run_that_only_reads_still_renews_what_it_used(tmp_path):
    """A warm batch reads everything and writes nothing: its renewals are written at exit, else the
    rows it used would look unused and go first."""
    path = tmp_path / "embeddings.sqlite"
    store = DiskCache(path, "m")
    store.put_many((f"t{i}", _vec(i)) for i in range(10))
    store.close()
    db = sqlite3.connect(str(path))
    db.execute("UPDATE emb SET used = 5")  # long ago
    db.commit()
    db.close()
    code = ("import sys\nfrom qualcheck.cache import DiskCache\n"
            f"s = DiskCache({str(path)!r}, 'm')\nassert len(s.get_many(['t0', 't1', 't2'])) == 3\n")
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True, timeout=120)  # exits without close()
    db = sqlite3.connect(str(path))
    used = dict(db.execute("SELECT key, used FROM emb"))
    fresh = {DiskCache.key(f"t{i}") for i in range(3)}
    assert all(used[k] > 5 for k in fresh) and all(v == 5 for k, v in used.items() if k not in fresh)


def test_the_bound_setting_reaches_the_cache(encoder, tmp_path):
    from qualcheck import check
    from qualcheck.settings import Settings
    from qualcheck.embed import Encoder

    enc = Encoder(cache_dir=tmp_path)
    enc._backend = encoder.load()
    assert enc.disk.max_bytes == Settings().cache_max_mb * 2**20 == 2048 * 2**20
    check("The council met on Monday.", "The council met on Monday.", encoder=enc, settings=Settings(cache_max_mb=5))
    assert enc.disk.max_bytes == 5 * 2**20


# --------------------------------------------------------------------------- qualcheck cache info|clear


def test_cache_info_and_clear(tmp_path):
    """Fails on main: there was no `qualcheck cache` command."""
    cache = tmp_path / "cache"
    store = DiskCache(cache / "embeddings.sqlite", "some-model")
    store.put_many((f"t{i}", _vec(i)) for i in range(30))
    store.put_notes("split v1", [("a paragraph", [[0, 3]])])
    store.close()
    (tmp_path / "qualcheck.toml").write_text("[qualcheck]\ncache_max_mb = 64\n")
    info = subprocess.run([*QC, "cache", "info", "--cache-dir", str(cache)], capture_output=True, text=True,
                          env=ENV, cwd=tmp_path, timeout=120)
    assert info.returncode == 0, info.stderr
    assert f"path:      {cache / 'embeddings.sqlite'}" in info.stdout
    assert "bound:     64 MB" in info.stdout  # from qualcheck.toml, as other settings
    assert "entries:   31" in info.stdout
    assert any(ln.split() == ["embeddings", "some-model", "30"] for ln in info.stdout.splitlines())
    assert any(ln.split() == ["split", "v1", "1"] for ln in info.stdout.splitlines())
    refused = subprocess.run([*QC, "cache", "clear", "--cache-dir", str(cache)], capture_output=True, text=True,
                             env=ENV, stdin=subprocess.DEVNULL, timeout=120)
    assert refused.returncode == 2 and "--yes" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert (cache / "embeddings.sqlite").exists()
    done = subprocess.run([*QC, "cache", "clear", "--cache-dir", str(cache), "--yes"], capture_output=True,
                          text=True, env=ENV, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in cache.glob("embeddings.sqlite*")] == ["embeddings.sqlite.lock"]  # the lock stays
