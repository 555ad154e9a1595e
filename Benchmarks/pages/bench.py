"""Signed-in pages under load: the dashboard and the readiness grid at 64 connections against
the bare health route in the same run, the board report's .docx, memory (RSS) idle and under
load, and the time from starting the server to its first answer."""
import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

import aiohttp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "survey"))
from bench import CSRF, percentile  # noqa: E402  (one sign-in form pattern, one percentile)

REVIEW = re.compile(r"/reviews/([0-9A-F-]{36})")
REPORT = re.compile(r"/board-reports/([0-9A-F-]{36})")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start_server(binary, port, log):
    """Starts `thistle serve` and returns it with the milliseconds until /health first answered."""
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return server, (time.monotonic() - started) * 1000
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server stopped while starting; see its log")
            if time.monotonic() - started > 60:
                raise SystemExit("the server did not answer within 60 s")
            time.sleep(0.005)


async def signed_in(base, email, password):
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64), cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(base + "/login") as response:
        csrf = CSRF.search(await response.text()).group(1)
    async with session.post(base + "/login", data={"_csrf": csrf, "email": email, "password": password}, allow_redirects=False) as response:
        assert response.status == 303, f"sign-in failed: {response.status}"
    return session


async def load(session, url, connections, seconds, pid=None):
    """GETs `url` from `connections` workers for `seconds`: rate, errors, latencies (ms), peak RSS."""
    latencies, errors = [], 0
    peak = 0.0
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.monotonic()
            async with session.get(url, allow_redirects=False) as response:
                await response.read()
                if response.status == 200:
                    latencies.append((time.monotonic() - started) * 1000)
                else:
                    errors += 1

    async def sampler():
        nonlocal peak
        while pid and time.monotonic() < deadline:
            peak = max(peak, rss_mib(pid))
            await asyncio.sleep(0.2)

    await asyncio.gather(sampler(), *(worker() for _ in range(connections)))
    return len(latencies) / seconds, errors, latencies, peak


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    arguments = parser.parse_args()
    base = f"http://127.0.0.1:{arguments.port}"

    rows = []
    with open(arguments.log, "ab") as log:
        server, startup_ms = start_server(arguments.binary, arguments.port, log)
        try:
            rows.append(("Start to first successful response, ms", f"{startup_ms:.0f}", "target ≤ 1000"))
            time.sleep(1)
            rows.append(("Memory (RSS) idle, MiB", f"{rss_mib(server.pid):.0f}", ""))

            plain = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64))
            rate, errors, latencies, _ = await load(plain, base + "/health", 64, arguments.seconds)
            await plain.close()
            health_p99 = percentile(latencies, 0.99)
            rows.append(("Bare health route at 64 connections (reference)", f"{rate:.0f} req/s",
                         f"p50 {statistics.median(latencies):.1f} ms, p99 {health_p99:.1f} ms; {errors} errors"))

            session = await signed_in(base, "coordinator@demo.thistle.test", "thistle-demo-coordinator")
            async with session.get(base + "/", allow_redirects=True) as response:
                review = REVIEW.search(str(response.url) + await response.text()).group(1)
            peak_rss = 0.0
            for name, path in (("Dashboard", f"/reviews/{review}"), ("Readiness grid", f"/reviews/{review}/readiness")):
                rate, errors, latencies, peak = await load(session, base + path, 64, arguments.seconds, server.pid)
                peak_rss = max(peak_rss, peak)
                p99 = percentile(latencies, 0.99)
                rows.append((f"{name} at 64 connections, p99 ms", f"{p99:.0f}",
                             f"p50 {statistics.median(latencies):.0f} ms; {rate:.0f} req/s; {p99 / health_p99:.0f}× the health route's p99; "
                             f"{errors} errors; target p99 ≤ 50 ms"))
            rows.append(("Memory (RSS) peak under that load, MiB", f"{peak_rss:.0f}", "target ≤ 150"))

            async with session.get(base + f"/reviews/{review}/board-reports") as response:
                report = REPORT.search(await response.text()).group(1)
            timings = []
            for _ in range(20):
                started = time.monotonic()
                async with session.get(base + f"/board-reports/{report}/versions/1/report.docx") as response:
                    body = await response.read()
                    assert response.status == 200 and body[:2] == b"PK", f"the .docx answered {response.status}"
                timings.append((time.monotonic() - started) * 1000)
            rows.append(("Board report .docx (demo report, version 1), ms (20 downloads)", f"p50 {statistics.median(timings):.0f}",
                         f"max {max(timings):.0f}; target ≤ 500"))
            await session.close()
        finally:
            server.terminate()
            server.wait()
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


asyncio.run(main())
