"""Pages under load, each against references measured in the same run: a bare Vapor route
(`BenchmarkReference`, built by the same release build) at 16 and 64 connections, Thistle's own
health route, the respondent form of an open link, the own account page (the cheapest signed-in
page), the dashboard and readiness grid, the records and survey results pages; the board report's
.docx; memory (RSS) idle and under load; and the time from starting the server to its first answer.

Load comes from wrk (C, one thread), which leaves the two cores to the server far more than a
Python load generator would; the server runs as in production (`--env production`: templates
cached, secure cookies, which the client here is told to send over plain HTTP to 127.0.0.1)."""
import argparse
import asyncio
import math
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

import aiohttp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "survey"))
from bench import CSRF  # noqa: E402  (one sign-in form pattern)

REVIEW = re.compile(r"/reviews/([0-9A-F-]{36})")
REPORT = re.compile(r"/board-reports/([0-9A-F-]{36})")
CHART = re.compile(r'<img src="(/[^"]+)"')


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start_server(binary, port, log):
    """Starts `binary serve` and returns it with the milliseconds until /health first answered."""
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--env", "production", "--hostname", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
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
    jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[base])
    session = aiohttp.ClientSession(cookie_jar=jar)
    async with session.get(base + "/login") as response:
        csrf = CSRF.search(await response.text()).group(1)
    async with session.post(base + "/login", data={"_csrf": csrf, "email": email, "password": password}, allow_redirects=False) as response:
        assert response.status == 303, f"sign-in failed: {response.status}"
    cookie = "; ".join(f"{morsel.key}={morsel.value}" for morsel in jar if "session" in morsel.key)
    return session, cookie


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


async def load(url, seconds, pid=None, cookie=None, connections=64):
    """wrk on `url` for `seconds`: requests/s, errors (non-2xx/3xx, socket errors), p50 and p99 (ms), peak RSS (MiB)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    peak = 0.0
    while pid and process.returncode is None:
        peak = max(peak, rss_mib(pid))
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), 0.2)
        except asyncio.TimeoutError:
            pass
    output = (await process.communicate())[0].decode()
    latency = {share: float(value) * UNIT_MS[unit] for share, value, unit in WRK_LATENCY.findall(output)}
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if int(re.search(r"(\d+) requests in", output).group(1)) == 0:
        # Not one request finished within the load: its latency is longer than the load, not 0.
        return rate, errors, math.inf, math.inf, peak
    return rate, errors, latency["50"], latency["99"], peak


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--reference", required=True, help="the BenchmarkReference binary")
    parser.add_argument("--open-link", required=True, help="the open link generate-load-data printed")
    parser.add_argument("--results", required=True, help="the survey results path generate-load-data printed")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    arguments = parser.parse_args()
    base = f"http://127.0.0.1:{arguments.port}"

    rows = []
    with open(arguments.log, "ab") as log:
        # The framework's ceiling on this machine, now: a bare Vapor route.
        reference, _ = start_server(arguments.reference, arguments.port, log)
        try:
            bare = {}
            for connections in (16, 64):
                rate, errors, p50, p99, _ = await load(base + "/health", arguments.seconds, connections=connections)
                bare[connections] = rate
                rows.append((f"Bare Vapor route at {connections} connections (reference)", f"{rate:.0f} req/s",
                             f"p50 {p50:.1f} ms, p99 {p99:.1f} ms; {errors} errors"))
        finally:
            reference.terminate()
            reference.wait()

        server, startup_ms = start_server(arguments.binary, arguments.port, log)
        try:
            rows.append(("Start to first successful response, ms", f"{startup_ms:.0f}", "target ≤ 1000"))
            time.sleep(1)
            rows.append(("Memory (RSS) idle, MiB", f"{rss_mib(server.pid):.0f}", ""))

            rate, errors, health_p50, health_p99, _ = await load(base + "/health", arguments.seconds, connections=16)
            rows.append(("Thistle's /health at 16 connections", f"{rate:.0f} req/s",
                         f"{rate / bare[16]:.0%} of the bare route (target ≥ 80%); p50 {health_p50:.1f} ms, p99 {health_p99:.1f} ms; {errors} errors"))
            rate, errors, p50, p99, _ = await load(base + arguments.open_link, arguments.seconds, connections=16)
            rows.append(("Respondent form (open link) at 16 connections", f"{rate:.0f} req/s",
                         f"{rate / bare[16]:.0%} of the bare route (target ≥ 25%); p50 {p50:.1f} ms, p99 {p99:.1f} ms; {errors} errors"))

            session, cookie = await signed_in(base, "coordinator@demo.thistle.test", "thistle-demo-coordinator")
            async with session.get(base + "/", allow_redirects=True) as response:
                review = REVIEW.search(str(response.url) + await response.text()).group(1)
            # One-off work before the loads, timed on its own: the first visit to the survey's
            # results takes its first release of every generated response (SurveyReleaseRule; a
            # release happens once per threshold of new responses, not per visit), and the first
            # readiness visit counts the review's figures (kept until the next audited change).
            first_visits = []
            for path in (arguments.results, f"/reviews/{review}/readiness"):
                started = time.monotonic()
                async with session.get(base + path) as response:
                    await response.read()
                    assert response.status == 200, f"{path} answered {response.status}"
                first_visits.append((time.monotonic() - started) * 1000)
            rows.append(("First visits after the data was generated, ms", f"{first_visits[0]:.0f} and {first_visits[1]:.0f}",
                         "survey results (takes the first release of every generated response, once) and readiness (counts the review's figures); before the loads below"))
            # The cheapest signed-in page (session lookup, a small template): the floor every
            # signed-in page stands on, measured like the pages themselves.
            rate, errors, floor_p50, floor_p99, _ = await load(base + "/account", arguments.seconds, cookie=cookie)
            rows.append(("Own account page at 64 connections (signed-in reference)", f"{rate:.0f} req/s",
                         f"{rate / bare[64]:.0%} of the bare route (target ≥ 30%); p50 {floor_p50:.0f} ms, p99 {floor_p99:.0f} ms; {errors} errors"))
            peak_rss = 0.0
            for name, path in (("Dashboard", f"/reviews/{review}"), ("Readiness grid", f"/reviews/{review}/readiness")):
                rate, errors, p50, p99, peak = await load(base + path, arguments.seconds, server.pid, cookie)
                peak_rss = max(peak_rss, peak)
                if math.isinf(p99):
                    rows.append((f"{name} at 64 connections, p99 ms", f"> {arguments.seconds * 1000:.0f}",
                                 f"not one request finished within the {arguments.seconds:.0f} s load (target ≤ 2× the account page's p99)"))
                    continue
                rows.append((f"{name} at 64 connections, p99 ms", f"{p99:.0f}",
                             f"{p99 / floor_p99:.1f}× the account page's p99 (target ≤ 2×); p50 {p50:.0f} ms; {rate:.0f} req/s; {errors} errors"))
            rows.append(("Memory (RSS) peak under that load, MiB", f"{peak_rss:.0f}", "target ≤ 150"))

            # As a browser visits them: the page, then each chart it shows, one after another.
            for name, path in (("Records results", f"/reviews/{review}/records/results"), ("Survey results", arguments.results)):
                pages, visits, charts = [], [], []
                for _ in range(20):
                    started = time.monotonic()
                    async with session.get(base + path) as response:
                        html = await response.text()
                        assert response.status == 200, f"{name} answered {response.status}"
                    pages.append((time.monotonic() - started) * 1000)
                    charts = [src.replace("&amp;", "&") for src in CHART.findall(html)]
                    for chart in charts:
                        async with session.get(base + chart) as response:
                            await response.read()
                            assert response.status == 200, f"{chart} answered {response.status}"
                    visits.append((time.monotonic() - started) * 1000)
                rows.append((f"{name} page with its {len(charts)} charts, ms (20 visits, one at a time)", f"p50 {statistics.median(visits):.0f}",
                             f"max {max(visits):.0f}; the page alone p50 {statistics.median(pages):.0f}, max {max(pages):.0f}; target p50 ≤ 100"))

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


if __name__ == "__main__":
    asyncio.run(main())
