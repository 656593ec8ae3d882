"""Load test of the review desk (`qualcheck serve`) on a loopback port, beside the CLI.

Starts the desk in a child process (its own data folder and a fresh embedding cache), waits
until its model is warm, then sends N different story pairs at once (20 by default: chunks of
the MQM TED talks, each a talk's reference against one MT system), each from its own thread,
and polls each until it is done. Everything is bounded: N requests, each polled at most until
--timeout, then the desk is stopped. Prints the latency of each check as an editor would see
it (sent -> report ready, queue included), its median and 95th percentile, the failures (there
must be none), and beside them the CLI's wall time for the same pairs (`qualcheck check A B`,
one process per pair, as an editor at a terminal runs it, with a fresh embedding cache too).

    python bench/serve.py [--pairs 20] [--cli 20] [--timeout 900]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from mqm import load as load_mqm  # noqa: E402

QUALCHECK = [sys.executable, "-c", "from qualcheck.cli import run; run()"]


def story_pairs(n: int, size: int = 15) -> list[tuple[str, str, str]]:
    data = load_mqm()
    out = []
    for k in range(10_000):
        for name, talk in data.talks.items():
            systems = sorted(talk.systems)
            start = (k * size) % max(1, len(talk.ref) - size)
            sysname = systems[k % len(systems)]
            ref = " ".join(s.text for s in talk.ref[start:start + size])
            cand = " ".join(s.text for s in talk.systems[sysname][start:start + size])
            out.append((f"{name}.{sysname}.{start}", ref, cand))
            if len(out) == n:
                return out
    return out


def _post(url: str, fields: dict) -> dict:
    b = uuid.uuid4().hex
    body = b"".join(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items())
    body += f"--{b}--\r\n".encode()
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={b}", "X-Qualcheck-Desk": "1"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.loads(r.read())


def one(base: str, ref: str, cand: str, timeout: float) -> tuple[float, str]:
    t0 = time.perf_counter()
    try:
        job = _post(base + "/api/check", {"ref_text": ref, "cand_text": cand})["id"]
        while time.perf_counter() - t0 < timeout:
            j = _get(f"{base}/api/jobs/{job}")
            if j["state"] == "done":
                return time.perf_counter() - t0, ""
            if j["state"] == "failed":
                return time.perf_counter() - t0, j["error"]
            time.sleep(0.2)
        return time.perf_counter() - t0, "timed out"
    except Exception as exc:  # noqa: BLE001 - counted as a failure
        return time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--cli", type=int, default=20, help="how many of the same pairs to time with the CLI")
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    pairs = story_pairs(args.pairs)
    with tempfile.TemporaryDirectory(prefix="qc-serve-bench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, QUALCHECK_CACHE=str(tmp / "cache-desk"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        t_start = time.perf_counter()
        proc = subprocess.Popen([*QUALCHECK, "serve", "--port", str(port), "--data", str(tmp / "desk")], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            while True:
                try:
                    _get(base + "/api/options")
                    break
                except OSError:
                    if proc.poll() is not None or time.perf_counter() - t_start > 120:
                        raise SystemExit(f"the desk did not start: {proc.stderr.read().decode()[-500:]}")
                    time.sleep(0.2)
            warm_lat, err = one(base, "The desk is warming up.", "The desk warms up.", args.timeout)
            startup = time.perf_counter() - t_start
            results: list = [None] * len(pairs)

            def worker(i):
                results[i] = one(base, pairs[i][1], pairs[i][2], args.timeout)

            t0 = time.perf_counter()
            threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(pairs))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(args.timeout + 60)
            wall = time.perf_counter() - t0
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        lat = [r[0] for r in results if r and not r[1]]
        failed = [(pairs[i][0], r[1] if r else "no answer") for i, r in enumerate(results) if not r or r[1]]
        cli = []
        env_cli = dict(os.environ, QUALCHECK_CACHE=str(tmp / "cache-cli"))
        for name, ref, cand in pairs[: args.cli]:
            (tmp / "r.txt").write_text(ref, encoding="utf-8")
            (tmp / "c.txt").write_text(cand, encoding="utf-8")
            t = time.perf_counter()
            subprocess.run([*QUALCHECK, "check", str(tmp / "r.txt"), str(tmp / "c.txt"), "--out", str(tmp / "out"),
                            "--quiet", "--fail-on", "never"], env=env_cli, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cli.append(time.perf_counter() - t)
    print(f"desk start-up to first answer (model loaded, warm-up check): {startup:.1f} s")
    print(f"{len(pairs)} different story pairs of 15 segments sent at once; wall {wall:.1f} s "
          f"({len(lat) / wall:.2f} checks/s); failed: {len(failed)}")
    print()
    print("| | checks | median s | p95 s | max s | per check (wall / checks) |")
    print("|---|---:|---:|---:|---:|---:|")
    if lat:
        print(f"| desk, {len(pairs)} at once (queue included) | {len(lat)} | {statistics.median(lat):.2f} | "
              f"{pct(lat, 0.95):.2f} | {max(lat):.2f} | {wall / len(lat):.2f} |")
    if cli:
        print(f"| CLI, one process a pair, one after another | {len(cli)} | {statistics.median(cli):.2f} | "
              f"{pct(cli, 0.95):.2f} | {max(cli):.2f} | {sum(cli) / len(cli):.2f} |")
    if lat and cli:
        print(f"\nper check the desk takes {wall / len(lat) / (sum(cli) / len(cli)):.2f}x the CLI's time "
              f"(same pairs, same run; the CLI pays the start-up and model load every time)")
    for name, err in failed:
        print(f"FAILED {name}: {err}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
