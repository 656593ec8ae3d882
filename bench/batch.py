"""Batch throughput: pairs/s and sentences/s of `qualcheck batch` on ~500 story pairs.

Pairs come from the MQM TED data (bench/mqm.py): for each talk, a reference translation (``ref``
or ``refB``) against an MT system, cut into story-sized chunks of 10-30 segments (the cut points
differ per system and reference, so the pairs differ), plus the seed pair of qualcheck/data.

Runs (each on the same pairs, each into a fresh output folder so nothing is resumed):

  cold  1 proc, 1 core empty cache, the batch in this process with torch on 1 thread: the
                       single-core baseline for the parallel speed-up
  cold  1 process      empty embedding cache, the batch in this process (torch on 2 threads)
  cold  2 processes    empty cache, 2 worker processes (1 torch thread each)
  warm  1 / 2 proc.    the cache the cold run filled: nothing left to embed
  revised              one line of every candidate revised (a word inserted), warm cache: only
                       the changed sentences, the groups and words that hold them are embedded
  cold/warm ray        --engine ray on a private local Ray (2 actors)
  resume               the same output folder again: every pair is skipped

"cores busy" is the CPU time of this process and its reaped child processes over the wall time
(Ray's workers are not children of this process: not counted). The cold runs use a fresh temporary cache (they must embed); the bench cache (bench/.cache)
is not used, so these figures never depend on an earlier run. Other engineers share this
machine's 2 cores: the load average (`uptime`) is printed beside every figure.

    python bench/batch.py [--pairs 500 | --distinct] [--skip-ray] [--only cold1,cold2,...]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from mqm import load  # noqa: E402

from qualcheck.batch import Pair, run_batch  # noqa: E402
from qualcheck.settings import Settings  # noqa: E402
from qualcheck.embed import Encoder  # noqa: E402
from qualcheck.pipeline import forget  # noqa: E402

SEEDS = HERE.parent / "qualcheck" / "data"


def build_pairs(root: Path, n: int, seed: int = 0) -> list[Pair]:
    """Write ~n story pairs under ``root`` and return them (ids ``talk.sys.ref.k``)."""
    data = load()
    rng = random.Random(seed)
    combos = []
    for talk_name, talk in data.talks.items():
        for sysname, segs in talk.systems.items():
            combos.append((talk_name, sysname, "ref", talk.ref, segs))
    rng.shuffle(combos)
    pairs: list[Pair] = []
    (root / "ref").mkdir(parents=True, exist_ok=True)
    (root / "cand").mkdir(parents=True, exist_ok=True)
    for shift in range(4):  # more passes with other cut points until there are n pairs
        for talk_name, sysname, refname, ref, cand in combos:
            by_id = {s.seg_id: s.text for s in cand}
            i = rng.randint(0, 9) if shift else 0
            k = 0
            while i < len(ref) and len(pairs) < n - 1:
                size = rng.randint(10, 30)
                seg = ref[i : i + size]
                i += size
                if len(seg) < 10:
                    break
                ref_text = "\n".join(s.text for s in seg) + "\n"
                cand_text = "\n".join(by_id[s.seg_id] for s in seg if s.seg_id in by_id) + "\n"
                pid = f"{talk_name}.{sysname}.{shift}.{k}"
                k += 1
                rp, cp = root / "ref" / f"{pid}.txt", root / "cand" / f"{pid}.txt"
                rp.write_text(ref_text, encoding="utf-8")
                cp.write_text(cand_text, encoding="utf-8")
                pairs.append(Pair(pid, rp, cp))
            if len(pairs) >= n - 1:
                break
        if len(pairs) >= n - 1:
            break
    pairs.append(Pair("seed", SEEDS / "reference_colorado_politics.txt", SEEDS / "candidate_machine_translated.txt"))
    return pairs


def build_distinct_pairs(root: Path, seed: int = 0) -> list[Pair]:
    """Story pairs that share no reference text (each 20-segment chunk of each talk's reference
    once, against one MT system drawn at random), plus the seed pair: a day of distinct stories.
    The default set has 500 pairs from 65 talk x system combinations, so its pairs share their
    reference sentences and its cold run is partly warm already."""
    data = load()
    rng = random.Random(seed)
    (root / "ref").mkdir(parents=True, exist_ok=True)
    (root / "cand").mkdir(parents=True, exist_ok=True)
    pairs: list[Pair] = []
    for talk_name, talk in data.talks.items():
        systems = sorted(talk.systems)
        for k, i in enumerate(range(0, len(talk.ref) - 9, 20)):
            seg = talk.ref[i : i + 20]
            sysname = rng.choice(systems)
            by_id = {x.seg_id: x.text for x in talk.systems[sysname]}
            pid = f"{talk_name}.{sysname}.d{k}"
            rp, cp = root / "ref" / f"{pid}.txt", root / "cand" / f"{pid}.txt"
            rp.write_text("\n".join(x.text for x in seg) + "\n", encoding="utf-8")
            cp.write_text("\n".join(by_id[x.seg_id] for x in seg if x.seg_id in by_id) + "\n", encoding="utf-8")
            pairs.append(Pair(pid, rp, cp))
    pairs.append(Pair("seed", SEEDS / "reference_colorado_politics.txt", SEEDS / "candidate_machine_translated.txt"))
    return pairs


def revise(pairs: list[Pair], root: Path, seed: int = 1) -> list[Pair]:
    """The same pairs with one line of each candidate revised (a word inserted, as an editor's
    fix): for the run that re-checks a revised day's copy against the warm cache."""
    rng = random.Random(seed)
    (root / "revised").mkdir(parents=True, exist_ok=True)
    out = []
    for p in pairs:
        lines = Path(p.candidate).read_text(encoding="utf-8").splitlines()
        k = rng.randrange(len(lines))
        words = lines[k].split(" ")
        lines[k] = " ".join(words[:1] + ["now"] + words[1:])
        cp = root / "revised" / Path(p.candidate).name
        cp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(Pair(p.id, p.reference, cp))
    return out


def uptime() -> str:
    try:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load ?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=500)
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument("--only", default="", help="comma separated run names (cold1t,cold1,warm1,revised1,cold2,warm2,ray-cold,ray-warm,resume)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--distinct", action="store_true",
                    help="pairs that share no reference text (about 40; --pairs is ignored)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="qc-bench-batch-"))
    pairs = build_distinct_pairs(tmp / "pairs") if args.distinct else build_pairs(tmp / "pairs", args.pairs)
    formats = ("html", "json")
    st = Settings()
    cache_a, cache_b, cache_r, cache_t = tmp / "cache-1", tmp / "cache-2", tmp / "cache-ray", tmp / "cache-1t"
    runs = [
        ("cold1t", "cold cache, 1 process on 1 core", "local", 1, cache_t),
        ("cold1", "cold cache, 1 process", "local", 1, cache_a),
        ("warm1", "warm cache, 1 process", "local", 1, cache_a),
        ("revised1", "one line of every story revised, warm cache, 1 process", "local", 1, cache_a),
        ("cold2", "cold cache, 2 processes", "local", 2, cache_b),
        ("warm2", "warm cache, 2 processes", "local", 2, cache_b),
        ("ray-cold", "cold cache, ray (2 actors)", "ray", 2, cache_r),
        ("ray-warm", "warm cache, ray (2 actors)", "ray", 2, cache_r),
        ("resume", "rerun, same output (all skipped)", "local", 2, cache_b),
    ]
    only = {x for x in args.only.split(",") if x}
    results = {}
    print(f"{len(pairs)} pairs in {tmp}; started {time.strftime('%H:%M:%S')}, {uptime()}", flush=True)
    for name, label, engine, workers, cache in runs:
        if only and name not in only:
            continue
        if engine == "ray" and args.skip_ray:
            continue
        out = tmp / ("out-cold2" if name == "resume" else f"out-{name}")
        load_before = uptime()
        threads = None
        if name == "cold1t":
            import torch

            threads = torch.get_num_threads()
            torch.set_num_threads(1)
        cpu0 = os.times()
        t0 = time.perf_counter()
        # a fresh encoder for the in-process runs, and the process's memories of earlier runs emptied:
        # only the disk cache is warm, as in a new process
        enc = Encoder(cache_dir=cache) if engine == "local" and workers == 1 else None
        forget()
        res = run_batch(revise(pairs, tmp / "pairs") if name == "revised1" else pairs, out, settings=st,
                        formats=formats, engine=engine, workers=workers, cache_dir=cache, encoder=enc)
        el = time.perf_counter() - t0
        cpu1 = os.times()
        if threads is not None:
            torch.set_num_threads(threads)
        busy = "-" if engine == "ray" else f"{sum(b - a for a, b in zip(cpu0[:4], cpu1[:4])) / el:.2f}"
        sents = sum(r.sentences for r in res.rows)  # of all pairs, checked or resumed
        results[name] = (label, el, res, sents, busy, load_before, uptime())
        print(f"  {name}: {el:.1f} s, {res.checked} checked, {res.resumed} resumed, {res.errors} errors, "
              f"{res.encoded} texts embedded ({uptime()})", flush=True)
    base = results.get("cold1")
    print()
    print(f"| run | seconds | pairs/s | sentences/s | texts embedded | cores busy | vs cold 1 process | load avg before -> after |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, (label, el, res, sents, busy, lb, la) in results.items():
        n = len(res.rows)
        speed = f"{base[1] / el:.2f}x" if base else "-"
        print(f"| {label} | {el:.1f} | {n / el:.2f} | {sents / el:.0f} | {res.encoded} | {busy} | {speed} | {lb} -> {la} |")
    print()
    if "cold1t" in results and "cold2" in results:
        print(f"2 processes vs 1 process on 1 core (cold): {results['cold1t'][1] / results['cold2'][1]:.2f}x (target >= 1.7x)")
    if "cold1" in results and "cold2" in results:
        print(f"2 processes vs 1 process with torch on both cores (cold): {results['cold1'][1] / results['cold2'][1]:.2f}x")
    if "cold1" in results and "warm1" in results:
        print(f"warm vs cold cache, 1 process: {results['cold1'][1] / results['warm1'][1]:.2f}x (target >= 5x)")
    if "cold2" in results and "warm2" in results:
        print(f"warm vs cold cache, 2 processes: {results['cold2'][1] / results['warm2'][1]:.2f}x (target >= 5x)")
    if "ray-cold" in results and "cold2" in results:
        print(f"ray vs local 2 processes (cold): {results['cold2'][1] / results['ray-cold'][1]:.2f}x")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
