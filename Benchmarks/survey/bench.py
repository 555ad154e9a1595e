"""Staff-survey benchmark: completed respondent flows per second against the same server's
bare health route and the database's own durable commit rate, and the results page over a
large wave. Every figure is measured in the same run as its reference (the machines are
shared and noisy), and ratios are reported beside absolute numbers."""
import argparse
import asyncio
import os
import re
import sqlite3
import statistics
import sys
import time

import aiohttp

TOKEN = re.compile(r'name="submission" value="([^"]+)"')
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
AGREEMENT_FIELD = re.compile(r'name="(q-[0-9A-F-]+)" value="4"')


async def health(base, connections, seconds):
    """Requests per second on GET /health, the framework's ceiling on this machine."""
    count = 0
    errors = 0
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections)) as session:
        async def worker():
            nonlocal count, errors
            while time.monotonic() < deadline:
                async with session.get(base + "/health") as response:
                    await response.read()
                    if response.status == 200:
                        count += 1
                    else:
                        errors += 1
        await asyncio.gather(*(worker() for _ in range(connections)))
    return count / seconds, errors


async def respondent_flows(base, link, connections, seconds):
    """GET the form, POST every statement answered with the CSRF token, follow to the thank-you page."""
    completed = 0
    errors = 0
    latencies = []
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal completed, errors
        # Each simulated respondent has a browser of their own: its own cookie jar.
        # unsafe=True: accept cookies from 127.0.0.1, which aiohttp otherwise refuses for IP hosts.
        # treat_as_secure_origin: send the server's Secure cookies (it runs as in production) over plain HTTP to 127.0.0.1.
        jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[base])
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1), cookie_jar=jar) as session:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    async with session.get(base + link) as response:
                        page = await response.text()
                    fields = {name: "4" for name in AGREEMENT_FIELD.findall(page)}
                    fields["_csrf"] = CSRF.search(page).group(1)
                    fields["submission"] = TOKEN.search(page).group(1)
                    async with session.post(base + link, data=fields) as response:
                        body = await response.text()
                        if response.status == 200 and "Thank you" in body:
                            completed += 1
                            latencies.append(time.monotonic() - started)
                        else:
                            errors += 1
                except Exception as error:
                    errors += 1
                    if errors == 1:
                        print(f"first error: {error!r}", file=sys.stderr)

    await asyncio.gather(*(worker() for _ in range(connections)))
    return completed / seconds, completed, errors, latencies


def durable_commit_rate(folder, seconds):
    """Single-row commits per second with the settings Thistle uses: WAL, synchronous=FULL."""
    path = os.path.join(folder, "commit-reference.sqlite")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
    count = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 40,))
        db.execute("COMMIT")
        count += 1
    db.close()
    return count / seconds


async def results_page(base, path, email, password, repeats):
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[base])) as session:
        async with session.get(base + "/login") as response:
            page = await response.text()
            status = response.status
        found = CSRF.search(page)
        assert found, f"the sign-in page answered {status} without a form: {page[:300]!r}"
        csrf = found.group(1)
        async with session.post(base + "/login", data={"_csrf": csrf, "email": email, "password": password}, allow_redirects=False) as response:
            assert response.status == 303, f"sign-in failed: {response.status}"
        timings = []
        for _ in range(repeats):
            started = time.monotonic()
            async with session.get(base + path) as response:
                await response.read()
                assert response.status == 200, f"results page answered {response.status}"
            timings.append((time.monotonic() - started) * 1000)
        return timings


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def server_cpu_seconds(pid):
    """User and system CPU the server process has used so far (None without its process id)."""
    if not pid:
        return None
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def flows_and_results(arguments, reference_for, reference_name, stored_responses, target_at_16):
    """The rows every database reports: respondent flows at 16 and 64 connections as a share of
    `reference_for(connections)` (at 16, against `target_at_16` flows a second, decided on the
    unrounded rate), whether every acknowledged response was stored (counted by
    `stored_responses()`), and the results page over the wave."""
    rows = []
    before = stored_responses()
    acknowledged = 0
    for connections in (16, 64):
        cpu_before = server_cpu_seconds(arguments.server_pid)
        rate, completed, errors, latencies = await respondent_flows(arguments.base, arguments.link, connections, arguments.seconds)
        cpu_after = server_cpu_seconds(arguments.server_pid)
        acknowledged += completed
        cpu = f"{(cpu_after - cpu_before) * 1000 / completed:.1f} ms of server CPU per flow (target ≤ 2); " if completed and cpu_before is not None else ""
        target = f"target ≥ {target_at_16}: {'met' if rate >= target_at_16 else 'NOT MET'}; " if connections == 16 else ""
        rows.append((f"Respondent flows/s at {connections} connections", f"{rate:.1f}",
                     f"{target}{rate / reference_for(connections):.0%} of {reference_name}; {cpu}{errors} errors; p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                     f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms"))
    after = stored_responses()
    rows.append(("Acknowledged responses stored", f"{after - before} of {acknowledged}", "all" if after - before == acknowledged else "MISSING"))

    timings = await results_page(arguments.base, arguments.results, "coordinator@demo.thistle.test", "thistle-demo-coordinator", 20)
    rows.append(("Results page over the wave, ms (20 loads)", f"p50 {statistics.median(timings):.0f}",
                 f"p95 {percentile(timings, 0.95):.0f}, max {max(timings):.0f}"))
    return rows


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--link", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--server-pid", type=int, help="the server's process id, to count its CPU per flow")
    arguments = parser.parse_args()

    rows = []
    reference = durable_commit_rate(arguments.scratch, arguments.seconds)
    rows.append(("SQLite durable single-row commits/s (reference)", f"{reference:.0f}", ""))
    health_rate, health_errors = await health(arguments.base, 64, arguments.seconds)
    rows.append(("Bare health route, requests/s at 64 connections", f"{health_rate:.0f}", f"{health_errors} errors"))
    rows += await flows_and_results(
        arguments, lambda _: reference, "the commit rate",
        lambda: sqlite3.connect(arguments.database).execute("SELECT COUNT(*) FROM survey_responses").fetchone()[0],
        target_at_16=600)
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    asyncio.run(main())
