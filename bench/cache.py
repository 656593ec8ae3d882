"""Disk cache cost: put and get of N embeddings (384 float32) and notes, this checkout against a
baseline checkout (default /work/main), each in a fresh process, on the same machine in the same run.

    python bench/cache.py [--n 20000] [--baseline /path/to/other/checkout] [--repeat 3]

Rows: cold put (N rows in chunks of 256, as the encoder writes them), warm get (every row, 500 keys a
query, as a re-check reads them), warm get with stale rows (this checkout renews their last-used
time: the size bound's cost on reads), and the file size.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CODE = r"""
import json, sqlite3, sys, time, tempfile, os
import numpy as np
from qualcheck.embed import DiskCache
n = int(sys.argv[1]); d = tempfile.mkdtemp(); path = os.path.join(d, "embeddings.sqlite")
rng = np.random.default_rng(0)
texts = [f"Sentence {i} of the cache benchmark, said the mayor on Tuesday." for i in range(n)]
vecs = rng.standard_normal((n, 384)).astype(np.float32)
out = {}
s = DiskCache(path, "m")
t = time.perf_counter()
for i in range(0, n, 256):
    s.put_many(zip(texts[i:i+256], vecs[i:i+256]))
out["cold put"] = time.perf_counter() - t
s2 = DiskCache(path, "m")
t = time.perf_counter()
for i in range(0, n, 256):
    assert len(s2.get_many(texts[i:i+256])) == len(texts[i:i+256])
out["warm get"] = time.perf_counter() - t
db = sqlite3.connect(path)
cols = {r[1] for r in db.execute("PRAGMA table_info(emb)")}
if "used" in cols:
    db.execute("UPDATE emb SET used = 5"); db.commit()
db.close()
s3 = DiskCache(path, "m")
t = time.perf_counter()
for i in range(0, n, 256):
    s3.get_many(texts[i:i+256])
if hasattr(s3, "flush"):
    s3.flush()
out["warm get, stale rows"] = time.perf_counter() - t
out["file MB"] = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p)) / 2**20
print(json.dumps(out))
"""


def run(checkout: Path, n: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([sys.executable, "-c", CODE, str(n)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--baseline", type=Path, default=Path("/work/main"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    runs = [(run(a.baseline, a.n), run(HERE, a.n)) for _ in range(a.repeat)]  # interleaved: same load
    base = {k: statistics.median(r[0][k] for r in runs) for k in runs[0][0]}
    this = {k: statistics.median(r[1][k] for r in runs) for k in runs[0][1]}
    print(f"disk cache, {a.n} embeddings of 384 floats (median of {a.repeat}; seconds; file in MB)")
    print(f"{'':<24}{'baseline':>10}{'this':>10}{'ratio':>8}")
    for k in base:
        print(f"{k:<24}{base[k]:>10.3f}{this[k]:>10.3f}{this[k] / base[k]:>8.2f}")


if __name__ == "__main__":
    main()
