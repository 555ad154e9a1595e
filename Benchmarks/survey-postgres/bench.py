"""Respondent flows and the results page on PostgreSQL, against pgbench's insert rate measured
by the run script on the same server. Reuses the SQLite survey benchmark's load functions."""
import argparse
import asyncio
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "survey"))
from bench import flows_and_results, health  # noqa: E402


def stored_responses(count_command):
    output = subprocess.run([*count_command.split(), "SELECT COUNT(*) FROM survey_responses"], capture_output=True, text=True, check=True)
    return int(output.stdout.strip())


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--link", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--reference-16", type=float, required=True)
    parser.add_argument("--reference-64", type=float, required=True)
    parser.add_argument("--count", required=True, help="a psql command line that runs the SQL given after it")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--server-pid", type=int, help="the server's process id, to count its CPU per flow")
    arguments = parser.parse_args()
    references = {16: arguments.reference_16, 64: arguments.reference_64}

    rows = []
    for clients, rate in references.items():
        rows.append((f"pgbench single-row inserts/s at {clients} clients (reference)", f"{rate:.0f}", "each insert its own transaction"))
    health_rate, health_errors = await health(arguments.base, 64, arguments.seconds)
    rows.append(("Bare health route, requests/s at 64 connections", f"{health_rate:.0f}", f"{health_errors} errors"))

    rows += await flows_and_results(arguments, lambda connections: references[connections], "pgbench's rate",
                                    lambda: stored_responses(arguments.count), target_at_16=400)
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


asyncio.run(main())
