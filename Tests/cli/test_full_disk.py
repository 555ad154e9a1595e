"""A full disk under SQLite: the database lives on a small file system of its own (tmpfs, which
needs root: scripts/test runs as root in CI). Once the disk is full a survey response is refused
with a clear page (503, Retry-After) and nothing half-written, pages that only read still work,
the database passes its integrity check, and answers are stored again as soon as there is room
— without restarting Thistle."""
import errno
import http.cookiejar
import os
import sqlite3
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import closing

from test_cli import run
from test_crash import AGREEMENT_FIELD, CSRF, TEXT_FIELD, TOKEN, serve, survey_database


def mount_small_disk(folder, megabytes):
    command = ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", folder]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, f"this test needs to mount a small file system (as root or with sudo): {result.stderr}"


def fill(folder):
    """Writes a filler file until the file system has no room left."""
    path = os.path.join(folder, "filler")
    with open(path, "wb", buffering=0) as filler:
        chunk = b"\0" * 65536
        while True:
            try:
                filler.write(chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC
                break
        # the last bytes: smaller and smaller writes until not even one fits
        size = 4096
        while size >= 1:
            try:
                filler.write(b"\0" * size)
            except OSError:
                size //= 2
    return path


def open_form(base, link, marker):
    """A respondent opens the form and fills it in. Returns (opener, fields) or the refusal."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        page = opener.open(urllib.request.Request(base + link, headers={"Accept": "text/html"}), timeout=10).read().decode()
    except urllib.error.HTTPError as error:
        # opening the form counts the client's forms (a write): refused at once when full
        return None, (error.code, error.read().decode(), error.headers)
    fields = {name: "4" for name in AGREEMENT_FIELD.findall(page)}
    fields.update({name: marker for name in TEXT_FIELD.findall(page)})
    fields["_csrf"] = CSRF.search(page).group(1)
    fields["submission"] = TOKEN.search(page).group(1)
    return (opener, fields), None


def submit(base, link, form):
    opener, fields = form
    request = urllib.request.Request(base + link, data=urllib.parse.urlencode(fields).encode(), headers={"Accept": "text/html"})
    try:
        answer = opener.open(request, timeout=10)
        return answer.status, answer.read().decode(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def respond(base, link, marker):
    """One respondent: opens the form, answers, submits. Returns (status, body, headers)."""
    form, refusal = open_form(base, link, marker)
    return refusal or submit(base, link, form)


def signed_in(base, email, password):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=10).read().decode()
    fields = {"_csrf": CSRF.search(page).group(1), "email": email, "password": password}
    home = opener.open(base + "/login", data=urllib.parse.urlencode(fields).encode(), timeout=10)
    assert "/login" not in home.url
    return opener


def test_a_full_disk_refuses_writes_clearly_keeps_reads_and_the_database_and_recovers():
    with tempfile.TemporaryDirectory() as folder:
        disk = os.path.join(folder, "disk")
        os.mkdir(disk)
        mount_small_disk(disk, 24)
        server = None
        try:
            env, link = survey_database(folder, sqlite_path=os.path.join(disk, "thistle.sqlite"))
            run("create-user", "--email", "leader@example.org", "--name", "Lee Leader", "--role", "leader",
                "--partnership", "Full Disk Partnership", env={**env, "THISTLE_PASSWORD": "a-long-leader-password"})
            server, base = serve(env)
            # given: answers are stored while there is room
            assert respond(base, link, "before-full")[0] == 200
            leader = signed_in(base, "leader@example.org", "a-long-leader-password")
            opened_before, _ = open_form(base, link, "opened-before-full")

            # when: the disk fills up
            filler = fill(disk)
            late = submit(base, link, opened_before)
            outcomes = [respond(base, link, f"while-full-{index}") for index in range(30)]

            # then: the answers of a form opened before are refused with a clear page, and so are
            # new forms; never a bare server error
            assert late[0] == 503 and "its storage is full" in late[1], late[0]
            statuses = [status for status, _, _ in outcomes]
            assert 500 not in statuses, statuses
            refused = [(body, headers) for status, body, headers in outcomes if status == 503]
            assert refused, f"no write was refused on a full disk: {statuses}"
            body, headers = refused[0]
            assert "its storage is full" in body and "Nothing was changed" in body
            assert int(headers["Retry-After"]) > 0
            # ... pages that only read still answer, and the database is intact
            assert leader.open(base + "/", timeout=10).status == 200
            ready = urllib.request.urlopen(base + "/health/ready", timeout=10)
            assert ready.status == 200
            with closing(sqlite3.connect(env["THISTLE_SQLITE_PATH"])) as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

            # when: room is made again
            os.remove(filler)

            # then: the next answer is stored, by the same server
            marker = f"after-{uuid.uuid4()}"
            status, body, _ = respond(base, link, marker)
            assert status == 200 and "Thank you" in body
            accepted = {f"while-full-{index}" for index, (status, _, _) in enumerate(outcomes) if status == 200}
            with closing(sqlite3.connect(env["THISTLE_SQLITE_PATH"])) as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                stored = {row[0] for row in db.execute("SELECT text FROM survey_answers WHERE text LIKE 'before-full' OR text LIKE 'while-full-%' OR text LIKE 'after-%'")}
            # every acknowledged answer is there; none that was refused is
            assert stored == {"before-full", marker} | accepted
        finally:
            if server:
                server.terminate()
                server.wait(timeout=30)
            subprocess.run(["umount", "-l", disk] if os.geteuid() == 0 else ["sudo", "-n", "umount", "-l", disk], check=False)
