"""The first five minutes and the long commands, as a newcomer and an operator meet them: a quiet
demo whose sign-ins are the last thing printed, demos that do not trample each other, progress
on long work (on a terminal and in a pipe), Ctrl-C between whole batches, and a one-line message
with exit status 2 for every bad option value."""
import http.cookiejar
import os
import pty
import re
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

from test_cli import THISTLE, run
from test_crash import CSRF, free_port

REPOSITORY = os.getcwd()
LOGINS = ["admin", "coordinator", "lead", "reader", "inspector", "leader"]


@pytest.fixture
def folder():
    """A folder to run the demo in, as a fresh clone would be: Resources and Public, no data/."""
    with tempfile.TemporaryDirectory() as path:
        for name in ["Resources", "Public"]:
            os.symlink(os.path.join(REPOSITORY, name), os.path.join(path, name))
        yield path


def start_demo(folder, port):
    """Starts `thistle demo` in `folder`; returns (process, the lines it printed up to "Server started")."""
    process = subprocess.Popen([os.path.join(REPOSITORY, THISTLE), "demo", "--port", str(port)], cwd=folder,
                               env={**os.environ, "THISTLE_BCRYPT_COST": "4"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.time() + 240
    while time.time() < deadline:
        line = process.stdout.readline()
        assert line, "the demo stopped before it served:\n" + "".join(lines)
        lines.append(line.rstrip("\n"))
        if "Server started on" in line:
            return process, lines
    raise AssertionError("the demo did not start in time:\n" + "\n".join(lines))


def stop(process):
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def sign_in(port, role):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(base + "/login", timeout=10).read().decode()
    fields = {"_csrf": CSRF.search(page).group(1), "email": f"{role}@demo.thistle.test", "password": f"thistle-demo-{role}"}
    home = opener.open(base + "/login", data=urllib.parse.urlencode(fields).encode(), timeout=10)
    return home.status, home.url


def test_the_demo_prints_one_database_line_and_its_banner_last_and_a_second_demo_leaves_the_first_working(folder):
    # given: a demo started in a fresh folder
    first_port, second_port = free_port(), free_port()
    first, printed = start_demo(folder, first_port)
    second = None
    try:
        # then: one line for the migrations, no per-migration lines, nothing redacted
        assert not [line for line in printed if "Migrator" in line or "[redacted]" in line], printed
        ready = [line for line in printed if "Database ready:" in line]
        assert len(ready) == 1 and re.search(r"Database ready: \d+ migrations applied$", ready[0]), ready
        # and: the banner — partnership, address, the six sign-ins — in the last ten lines before "started"
        last_ten = "\n".join(printed[-11:-1])
        assert "Thistle demo: Northfield" in last_ten and f"http://127.0.0.1:{first_port}" in last_ten, printed
        for role in LOGINS:
            assert f"{role}@demo.thistle.test" in last_ten and f"thistle-demo-{role}" in last_ten

        # when: a second demo starts in the same folder on another port
        second, second_printed = start_demo(folder, second_port)
        # then: it runs on a file of its own and says whose the shared one is
        assert f"database data/demo-{second_port}.sqlite (data/demo.sqlite is the demo of process {first.pid} on port {first_port}" in "\n".join(second_printed)
        # and: the first still signs people in, and so does the second
        for port in [first_port, second_port]:
            status, url = sign_in(port, "coordinator")
            assert status == 200 and "/login" not in url, (port, url)

        # when: a third asks for the first one's port
        third = run("demo", "--port", str(first_port), check=False, env={"THISTLE_BCRYPT_COST": "4"}, cwd=folder)
        # then: refused at once, naming the process that holds it and how to run another
        assert third.returncode == 2
        assert f"--port is served already by the demo of process {first.pid}" in third.stderr and "another --port" in third.stderr
        assert sign_in(first_port, "leader")[0] == 200

        # and: `thistle demo --logins` repeats both banners
        logins = run("demo", "--logins", cwd=folder).stdout
        assert f"http://127.0.0.1:{first_port}" in logins and f"http://127.0.0.1:{second_port}" in logins
        assert logins.count("coordinator@demo.thistle.test") == 2
    finally:
        stop(first)
        if second:
            stop(second)


def test_a_demo_asked_for_a_port_another_program_holds_is_refused_before_it_builds_anything(folder):
    # given: another program listening on the port
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        # when
        started = time.time()
        result = run("demo", "--port", str(port), check=False, env={"THISTLE_BCRYPT_COST": "4"}, cwd=folder)
    # then: refused at once, the port named, no database built
    assert result.returncode == 2 and time.time() - started < 10
    assert result.stderr.splitlines() == [f"thistle: --port is in use by another program on 127.0.0.1: choose another --port, such as --port {port + 1} (got “{port}”)"]
    assert not os.path.exists(os.path.join(folder, "data", "demo.sqlite"))


@pytest.fixture
def demo_database():
    with tempfile.TemporaryDirectory() as path:
        env = {"THISTLE_SQLITE_PATH": os.path.join(path, "thistle.sqlite"), "THISTLE_SECRET_KEY_FILE": os.path.join(path, "secret.key"),
               "THISTLE_BCRYPT_COST": "4"}
        run("migrate", env=env)
        yield env


SMALL = ["--invitations", "0", "--records", "0", "--evidence", "0", "--sessions", "0"]


def test_generate_load_data_shows_progress_redrawn_on_a_terminal_and_as_plain_lines_in_a_pipe(demo_database):
    # when: output goes to a pipe
    piped = run("generate-load-data", "--responses", "3000", *SMALL, env=demo_database)
    # then: plain lines with count and rate, then the time taken; results alone on standard output
    assert "\r" not in piped.stderr and "\x1b" not in piped.stderr
    assert re.search(r"^  Writing survey responses: 1,000 of 3,000 \(33%\)", piped.stderr, re.MULTILINE), piped.stderr
    assert re.search(r"^  Writing survey responses: 2,000 of 3,000 \(66%\), [\d,]+ a second, about \d+ s left$", piped.stderr, re.MULTILINE), piped.stderr
    assert re.search(r"^  Writing survey responses: 3,000 done in \d+ s", piped.stderr, re.MULTILINE)
    assert re.search(r"^survey-id: ", piped.stdout, re.MULTILINE) and "Writing" not in piped.stdout

    # when: standard error is a terminal
    controller, terminal = pty.openpty()
    process = subprocess.Popen([THISTLE, "generate-load-data", "--responses", "3000", *SMALL], env={**os.environ, **demo_database, "TERM": "xterm"},
                               stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    assert process.wait(timeout=60) == 0
    os.close(controller)
    text = drawn.decode()
    # then: one line redrawn in place (carriage return, erase to end of line) with the time left
    assert re.search(r"\rWriting survey responses: 2,000 of 3,000 \(66%\), [\d,]+ a second, about \d+ s left\x1b\[K", text), repr(text)
    assert "\rWriting survey responses: 3,000 done in" in text


def test_ctrl_c_stops_generate_load_data_between_two_whole_batches(demo_database):
    # given: a long run, writing to a pipe
    process = subprocess.Popen([THISTLE, "generate-load-data", "--responses", "40000", *SMALL], env={**os.environ, **demo_database},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    while "Writing survey responses: 4,000 of 40,000" not in seen:
        line = process.stderr.readline()
        assert line, seen
        seen += line
    # when: Ctrl-C
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=60)
    # then: stopped with status 130, saying what was kept
    assert process.returncode == 130, seen + rest
    assert "Stopped at your request (Ctrl-C) during “Writing survey responses” after" in rest
    kept = int(re.search(r"after ([\d,]+) of 40,000", rest).group(1).replace(",", ""))
    # and: the load survey holds exactly the whole batches that were reported, none half-written
    with sqlite3.connect(demo_database["THISTLE_SQLITE_PATH"]) as db:
        counts = dict(db.execute("SELECT s.title, COUNT(r.id) FROM surveys s LEFT JOIN survey_responses r ON r.survey_id = s.id "
                                 "WHERE s.title = 'Load test survey' GROUP BY s.id").fetchall())
        answers = db.execute("SELECT COUNT(DISTINCT a.response_id) FROM survey_answers a JOIN surveys s ON s.id = a.survey_id "
                             "WHERE s.title = 'Load test survey'").fetchone()[0]
    assert counts == {"Load test survey": kept} and kept % 1000 == 0 and 4000 <= kept < 40000
    assert answers == kept


@pytest.mark.parametrize("arguments, message", [
    (["generate-load-data", "--responses", "-5"], "--responses must not be negative: give a whole number from 0 to 100,000,000 (got “-5”)"),
    (["generate-load-data", "--records", "many"], "--records must be a whole number from 0 to 100,000,000 (got “many”)"),
    (["generate-load-data", "--sessions"], "“--sessions” is not understood by thistle generate-load-data: an unknown option, or an option without its value (see thistle generate-load-data --help)"),
    (["import-cohort", "--partnership", "Nowhere", "--review", "R", "--file", "/no/such/cohort.csv"], "--file must name a CSV file that exists; nothing was imported (got “/no/such/cohort.csv”)"),
    (["import-cohort", "--partnership", "Nowhere", "--review", "R", "--file", "README.md"], "--partnership must name a partnership of this installation; nothing was imported (got “Nowhere”)"),
    (["backup", "--to", "README.md"], "--to must name a file that does not exist yet (got “README.md”)"),
    (["restore", "--from", "/no/such/backup.sqlite"], "--from must name a backup file that exists (got “/no/such/backup.sqlite”)"),
    (["demo", "--port", "70000"], "--port must be a port number from 1 to 65535 (got “70000”)"),
    (["serve", "--port", "eighty"], "--port must be a port number from 1 to 65535 (got “eighty”)"),
])
def test_a_bad_option_value_gets_one_line_naming_the_option_and_rule_and_status_2(demo_database, arguments, message):
    # when
    result = run(*arguments, env=demo_database, check=False)
    # then
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [f"thistle: {message}"], result.stderr
    # and: nothing was written
    with sqlite3.connect(demo_database["THISTLE_SQLITE_PATH"]) as db:
        assert db.execute("SELECT COUNT(*) FROM partnerships").fetchone()[0] == 0


def test_import_cohort_names_an_unknown_review(demo_database, tmp_path):
    # given: a partnership with no review of that title
    run("create-user", "--email", "a@example.org", "--name", "Ada", "--role", "admin", "--partnership", "P",
        env={**demo_database, "THISTLE_PASSWORD": "a-long-admin-password"})
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("local_reference\n")
    # when
    result = run("import-cohort", "--partnership", "P", "--review", "No such review", "--file", str(cohort), env=demo_database, check=False)
    # then
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["thistle: --review must be the title of one of the partnership's reviews; nothing was imported (got “No such review”)"]
