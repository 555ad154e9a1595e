"""Crash safety: the server is killed with SIGKILL twenty times while survey responses pour in.
Every response acknowledged to a respondent (the thank-you page was served) must be in the
database afterwards, and the database must pass its integrity check."""
import http.cookiejar
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from test_cli import THISTLE, run

AGREEMENT_FIELD = re.compile(r'name="(q-[0-9A-F-]+)" value="4"')
TEXT_FIELD = re.compile(r'<textarea[^>]*name="(q-[0-9A-F-]+)"')
TOKEN = re.compile(r'name="submission" value="([^"]+)"')
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def survey_database(folder, sqlite_path=None):
    """A migrated SQLite database in `folder` (or at `sqlite_path`) with an open survey; returns
    the environment to run thistle with and the survey's open link."""
    env = {"THISTLE_SQLITE_PATH": sqlite_path or os.path.join(folder, "thistle.sqlite"), "THISTLE_SECRET_KEY_FILE": os.path.join(folder, "secret.key"),
           "THISTLE_BCRYPT_COST": "4", "THISTLE_TODAY": "2018-09-13", "LOG_LEVEL": "warning"}
    run("migrate", env=env)
    generated = run("generate-load-data", "--responses", "10", "--invitations", "10", "--records", "0", "--evidence", "0", "--sessions", "0", env=env)
    return env, re.search(r"^open-link: (\S+)$", generated.stdout, re.MULTILINE).group(1)


def serve(env):
    """Starts `thistle serve` on a free port with `env`; returns (process, base URL) once it answers."""
    port = free_port()
    server = subprocess.Popen([THISTLE, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env={**os.environ, **env},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    return server, base


def respond_until_refused(base, link, acknowledged, lock):
    """One respondent after another, each with a fresh cookie jar, until the server is gone."""
    while True:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        marker = f"crash-{uuid.uuid4()}"
        try:
            page = opener.open(base + link, timeout=5).read().decode()
            fields = {name: "4" for name in AGREEMENT_FIELD.findall(page)}
            fields.update({name: marker for name in TEXT_FIELD.findall(page)})
            fields["_csrf"] = CSRF.search(page).group(1)
            fields["submission"] = TOKEN.search(page).group(1)
            answer = opener.open(base + link, data=urllib.parse.urlencode(fields).encode(), timeout=5)
            if answer.status == 200 and "Thank you" in answer.read().decode():
                with lock:
                    acknowledged.append(marker)
        except (urllib.error.URLError, ConnectionError, OSError, AttributeError):
            return


def test_sigkill_twenty_times_while_responses_are_submitted():
    with tempfile.TemporaryDirectory() as folder:
        env, link = survey_database(folder)
        acknowledged, lock = [], threading.Lock()
        random.seed(2018)
        for _ in range(20):
            server, base = serve(env)
            workers = [threading.Thread(target=respond_until_refused, args=(base, link, acknowledged, lock)) for _ in range(4)]
            for worker in workers:
                worker.start()
            time.sleep(random.uniform(0.4, 1.2))
            server.send_signal(signal.SIGKILL)
            server.wait()
            for worker in workers:
                worker.join()

        with sqlite3.connect(env["THISTLE_SQLITE_PATH"]) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in db.execute("SELECT text FROM survey_answers WHERE text LIKE 'crash-%'")}
        assert len(acknowledged) >= 20, f"too few responses were acknowledged to test anything ({len(acknowledged)})"
        missing = [marker for marker in acknowledged if marker not in stored]
        assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged responses were lost"
        assert run("audit-verify", env=env).stdout.startswith("OK:")
        print(f"{len(acknowledged)} responses acknowledged across 20 kills; all stored; integrity ok")


def test_sigterm_just_after_clients_hang_up_lets_their_requests_finish_and_exits_cleanly():
    """A client that hangs up leaves its request running; a SIGTERM at that moment must wait for
    it, not close the databases under it (which crashed the server: a force-unwrapped nil)."""
    with tempfile.TemporaryDirectory() as folder:
        env, _ = survey_database(folder)
        for round in range(6):
            # given: a server answering, and 48 clients that ask for a page that reads the database and hang up at once
            port = free_port()
            server = subprocess.Popen([THISTLE, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env={**os.environ, **env},
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            clients = []
            for n in range(48):
                client = socket.create_connection(("127.0.0.1", port))
                client.sendall(f"GET /o/no-such-link-{round}-{n} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                clients.append(client)
            for client in clients:
                client.close()
            # when: it is stopped at that moment
            server.send_signal(signal.SIGTERM)
            _, errors = server.communicate(timeout=60)
            # then
            said = errors.decode(errors="replace")
            assert "crashed" not in said and "Fatal error" not in said, said[-3000:]
            assert server.returncode == 0, said[-3000:]
