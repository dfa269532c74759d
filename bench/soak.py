"""Soak benchmark: the real server (waitress) in a subprocess under mixed reads and writes for N seconds.

Every interval it prints the server's resident memory (RSS, from /proc) and the p50/p99 latency of the reads
(a cooperative, its timeline) and of the commands (checkpoints, on the cooperatives read: every write makes a new
version to cache), and each throughput as a ratio to a trivial endpoint of the same server (GET /api/v1/health),
measured first in the same run. Memory must level off: the last interval's RSS against the first after warm-up.

    .venv/bin/python bench/soak.py [--seconds 60] [--interval 10] [--clients 8] [--cooperatives 16]
                                   [--write-share 0.3] [--port 5640] [--postgres postgresql://127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from uuid import UUID

HERE = Path(__file__).resolve().parent


def _http_bench() -> ModuleType:
    """``bench/http.py`` (its name shadows the standard library's ``http``: loaded by path, under another name)."""
    spec = importlib.util.spec_from_file_location("bench_http", HERE / "http.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _http_bench()


def rss_mib(pid: int) -> float:
    """The process's resident set size in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Interval:
    """What the clients measured since the last report (swapped out under the lock)."""

    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * share) - 1, 0)] * 1000 if ordered else float("nan")


class Load:
    """``clients`` threads mixing reads and checkpoints on ``coops`` until ``stop`` is set."""

    def __init__(self, port: int, token: str, coops: list[UUID], write_share: float) -> None:
        self.port, self.coops, self.write_share = port, coops, write_share
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.current = Interval()
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def request(self, i: int, n: int) -> tuple[str, str, bytes | None, bool]:
        coop = self.coops[(i * 7 + n) % len(self.coops)]
        if (n * 0.618 + i * 0.1) % 1 < self.write_share:
            body = json.dumps({"summary": f"Point {i}-{n}"}).encode()
            return "POST", f"/api/v1/cooperatives/{coop}/checkpoints", body, True
        path = f"/api/v1/cooperatives/{coop}" + ("/timeline" if n % 2 else "")
        return "GET", path, None, False

    def client(self, i: int) -> None:
        conn = bench.http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = 0
        while not self.stop.is_set():
            method, path, body, write = self.request(i, n)
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=self.headers)
                response = conn.getresponse()
                response.read()
                status = f"{method} {response.status}"
            except (OSError, bench.http.client.HTTPException) as error:
                conn.close()
                conn = bench.http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status = f"{method} {type(error).__name__}"
            elapsed = time.perf_counter() - began
            with self.lock:
                (self.current.writes if write else self.current.reads).append(elapsed)
                if not status.endswith(" 200"):
                    self.current.errors[status] += 1
            n += 1

    def take(self) -> Interval:
        with self.lock:
            taken, self.current = self.current, Interval()
        return taken


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--cooperatives", type=int, default=16)
    parser.add_argument("--port", type=int, default=5640)
    parser.add_argument("--write-share", type=float, default=0.3)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database (a fresh schema, dropped after)")
    return parser.parse_args()


def report_interval(elapsed: float, rss: float, taken: Interval, length: float, floor: float) -> None:
    rps = (len(taken.reads) + len(taken.writes)) / length
    print(f"{elapsed:>6.0f}{rss:>9.1f}{len(taken.reads):>7}{percentile(taken.reads, 0.5):>8.1f}"
          f"{percentile(taken.reads, 0.99):>8.1f}{len(taken.writes):>7}{percentile(taken.writes, 0.5):>8.1f}"
          f"{percentile(taken.writes, 0.99):>8.1f}{taken.errors.total():>5}{rps / floor:>8.2f}", flush=True)  # fmt: skip
    if taken.errors:
        print("        not 200: " + ", ".join(f"{key} ×{count}" for key, count in sorted(taken.errors.items())))


def soak(args: argparse.Namespace, port: int, pid: int, token: str, coops: list[UUID]) -> list[float]:
    """The floor, then the mixed load, one line per interval; returns the RSS of each interval."""
    floor = bench.drive(port, token, lambda i, n: ("GET", "/api/v1/health", None), args.clients, 2.0, 200)["rps"]
    print(f"floor GET /api/v1/health: {floor:.0f} req/s; RSS at start {rss_mib(pid):.1f} MiB")
    print(f"{'t s':>6}{'RSS MiB':>9}{'reads':>7}{'p50 ms':>8}{'p99 ms':>8}{'writes':>7}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'err':>5}{'× floor':>8}")  # fmt: skip
    load = Load(port, token, coops, args.write_share)
    threads = [threading.Thread(target=load.client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    began, samples = time.monotonic(), []
    try:
        while (elapsed := time.monotonic() - began) < args.seconds:
            time.sleep(min(args.interval, args.seconds - elapsed))
            samples.append(rss_mib(pid))
            report_interval(time.monotonic() - began, samples[-1], load.take(), args.interval, floor)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join()
    return samples


def main() -> int:
    args = arguments()
    with tempfile.TemporaryDirectory(prefix="qualicoop-soak-") as tmp, bench.store(args.postgres, tmp) as url:
        token, coops = bench.prepare(url, args.cooperatives)
        with bench.server(url, tmp, args.threads, port=args.port) as (port, pid):
            samples = soak(args, port, pid, token, coops)
    settled = samples[len(samples) // 2 :] if len(samples) > 1 else samples
    growth = settled[-1] - settled[0]
    print(f"RSS over the second half: {settled[0]:.1f} → {settled[-1]:.1f} MiB ({growth:+.1f} MiB), "
          f"peak {max(samples):.1f} MiB; median interval {statistics.median(samples):.1f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
