"""Finding and tracing: the header's search box and the audit trail page, on the benchmark data
set with a million audit events, against the cheapest signed-in page (one's own account page)
measured in the same run.

Measures: each search (a record's label as its inspector, a person's name and a session's title
as a coordinator) at 16 connections; the audit trail's first visit after a million new events
(each visit checks at most 50,000 events after the last verified one), the visits it takes to
catch up, then the trail at 16 connections (newest page, one record's history, one person's
events, 50 events from the middle of the chain); and the whole-chain check from the page."""
import argparse
import asyncio
import importlib.util
import os
import re
import time

HERE = os.path.dirname(__file__)
spec = importlib.util.spec_from_file_location("pages_bench", os.path.join(HERE, "..", "pages", "bench.py"))
pages = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pages)

VERIFIED = re.compile(r"events 1 to (\d+) verified|verified up to event (\d+)")
LABEL = re.compile(r"R-\d{3,}")
PERSON = re.compile(r'<option value="([0-9A-F-]{36})">([^<]+)</option>')


async def timed_get(session, url):
    started = time.monotonic()
    async with session.get(url) as response:
        text = await response.text()
        assert response.status == 200, f"{url} answered {response.status}"
    return (time.monotonic() - started) * 1000, text


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--events", type=int, required=True)
    arguments = parser.parse_args()
    base = f"http://127.0.0.1:{arguments.port}"
    rows = []

    async def measure(name, session_cookie, path, reference_p99=None):
        rate, errors, p50, p99, _ = await pages.load(base + path, arguments.seconds, cookie=session_cookie, connections=16)
        ratio = f"; {p99 / reference_p99:.1f}× the account page's p99" if reference_p99 else ""
        rows.append((name, f"p50 {p50:.1f} ms, p99 {p99:.1f} ms", f"{rate:.0f} req/s{ratio}; {errors} errors"))
        return p99

    with open(arguments.log, "ab") as log:
        server, _ = pages.start_server(arguments.binary, arguments.port, log)
        try:
            coordinator, coordinator_cookie = await pages.signed_in(base, "coordinator@demo.thistle.test", "thistle-demo-coordinator")
            inspector, inspector_cookie = await pages.signed_in(base, "inspector@demo.thistle.test", "thistle-demo-inspector")
            floor = await measure("Own account page at 16 connections (reference)", coordinator_cookie, "/account")

            # Search: a record label its inspector reads (the first on their own list), a person,
            # a session's title.
            _, mine = await timed_get(inspector, base + "/my-records")
            label = LABEL.search(mine).group(0)
            _, found = await timed_get(inspector, base + f"/search?q={label}")
            assert label in found and "/records/" in found, f"the inspector's search for {label} found no record"
            await measure(f"Search \"{label}\" as the record's inspector", inspector_cookie, f"/search?q={label}", floor)
            _, found = await timed_get(coordinator, base + "/search?q=Lindsay")
            assert "David Lindsay" in found, "the search for a person found nobody"
            await measure("Search a person's name (\"Lindsay\") as a coordinator", coordinator_cookie, "/search?q=Lindsay", floor)
            _, found = await timed_get(coordinator, base + "/search?q=chief+officers")
            assert "Chief officers" in found, "the search for a session found none"
            await measure("Search a session title (\"chief officers\") as a coordinator", coordinator_cookie, "/search?q=chief+officers", floor)

            # The audit trail: the first visit checks up to 50,000 of the new events.
            first_ms, page = await timed_get(inspector, base + "/audit")
            visits, total_ms = 1, first_ms
            while "The chain is intact: events 1 to" not in page or "Each visit checks" not in page:
                elapsed, page = await timed_get(inspector, base + "/audit")
                visits, total_ms = visits + 1, total_ms + elapsed
                assert visits < 200, "the trail never caught up with the chain"
            verified = VERIFIED.search(page)
            rows.append(("Audit trail, first visit after the new events", f"{first_ms:.0f} ms",
                         f"checks up to 50,000 events a visit; {visits} visit(s) ({total_ms / 1000:.1f} s in all) to verify all {verified.group(1) or verified.group(2)} events"))
            await measure(f"Audit trail, newest 50 of {arguments.events:,} events", inspector_cookie, "/audit", floor)
            await measure(f"Audit trail, one record's history (by label {label})", inspector_cookie, f"/audit?record={label}", floor)
            person = next(value for value, name in PERSON.findall(page) if "Ruth" in name or "Lindsay" in name)
            await measure("Audit trail, one person's events", inspector_cookie, f"/audit?person={person}", floor)
            await measure("Audit trail, 50 events from the middle of the chain", inspector_cookie, f"/audit?before={arguments.events // 2}", floor)
            whole_ms, page = await timed_get(inspector, base + "/audit?check=all")
            assert "The chain is intact" in page, "the whole chain was not found intact"
            rows.append(("Audit trail, whole-chain check from the page", f"{whole_ms / 1000:.1f} s", "every event from the first, on demand"))
            await coordinator.close()
            await inspector.close()
        finally:
            server.terminate()
            server.wait()
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


asyncio.run(main())
