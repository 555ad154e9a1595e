"""Running Thistle as a hosted service, tried as an operator would against the two instances on
one PostgreSQL behind nginx that scripts/test starts: metrics scraped by a real Prometheus client
library, JSON log lines, PostgreSQL stopped and started under running instances, and one instance
stopped with SIGTERM under a steady load. scripts/test runs this file last: its last test leaves
instance B stopped."""
import json
import os
import re
import shlex
import signal
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import uuid

from prometheus_client.parser import text_string_to_metric_families

from test_behind_a_proxy import Client

PROXY = urllib.parse.urlparse(os.environ.get("THISTLE_PROXY", "http://127.0.0.1:8080"))
A = urllib.parse.urlparse(os.environ.get("THISTLE_INSTANCE_A", "http://127.0.0.1:8081"))
B = urllib.parse.urlparse(os.environ.get("THISTLE_INSTANCE_B", "http://127.0.0.1:8082"))
METRICS = os.environ.get("THISTLE_METRICS_A", "http://127.0.0.1:9464")
LINK = os.environ.get("THISTLE_OPEN_LINK", "/o/unknown")
DATABASE_URL = os.environ.get("THISTLE_CLUSTER_DATABASE_URL", "")


def scrape():
    text = urllib.request.urlopen(METRICS + "/metrics", timeout=10).read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return text, samples


def total(samples, name, **labels):
    """Sum of a metric's samples whose labels include `labels`."""
    return sum(value for (sample, sample_labels), value in samples.items()
               if sample == name and all(dict(sample_labels).get(key) == wanted for key, wanted in labels.items()))


def respond(client, marker):
    """One respondent through `client`: opens the open-link form, agrees with everything, and
    writes `marker` as the comment. Returns the final status and page."""
    status, _, page = client.request("GET", LINK)
    if status != 200:
        return status, page
    fields = [(name, "4") for name in re.findall(r'name="(q-[0-9A-F-]+)" value="4"', page)]
    fields += [(name, marker) for name in re.findall(r'<textarea[^>]*name="(q-[0-9A-F-]+)"', page)]
    fields.append(("submission", re.search(r'name="submission" value="([^"]+)"', page).group(1)))
    status, headers, page = client.request("POST", LINK, fields)
    if status == 303:
        status, _, page = client.request("GET", headers["location"])
    return status, page


def stored_comments(prefix):
    result = subprocess.run(["psql", DATABASE_URL, "-tAc", f"SELECT text FROM survey_answers WHERE text LIKE '{prefix}%'"],
                            capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_metrics_scraped_by_a_prometheus_client_move_and_carry_no_personal_data():
    # given
    _, before = scrape()
    marker = f"metrics-{uuid.uuid4()}"

    # when: a respondent answers through instance A, and someone there types a wrong password
    status, _ = respond(Client("127.0.0.30", base=A), marker)
    assert status == 200
    Client("127.0.0.31", base=A).sign_in("coordinator@demo.thistle.test", "not-the-password-ops")

    # then: the counters moved, requests are counted by route pattern with latency histograms
    text, after = scrape()
    assert total(after, "thistle_sign_in_failures_total", step="password") >= total(before, "thistle_sign_in_failures_total", step="password") + 1
    assert total(after, "http_requests_total", method="POST", path="/o/:token") >= 1
    assert total(after, "http_request_duration_seconds_count", method="POST", path="/o/:token") >= 1
    assert total(after, "http_request_duration_seconds_bucket", method="GET", path="/o/:token", le="+Inf") >= 1
    assert total(after, "thistle_database_up") == 1
    # the pool: connections leased and waited for (none held between requests), and the waits timed
    assert total(after, "thistle_database_pool_wait_seconds_count") > total(before, "thistle_database_pool_wait_seconds_count")
    assert ("thistle_database_pool_connections_in_use", ()) in after and ("thistle_database_pool_waiting", ()) in after
    # ... and nothing anyone typed or was sent: no comment, link token, email or password
    token = LINK.rsplit("/", 1)[-1]
    for secret in [marker, token, "coordinator@demo.thistle.test", "not-the-password-ops"]:
        assert secret not in text


def open_link_threshold():
    token = LINK.rsplit("/", 1)[-1]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    result = subprocess.run(["psql", DATABASE_URL, "-tAc", f"SELECT threshold FROM surveys WHERE open_link_token = '{token}'"],
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip())


def test_the_count_of_responses_stored_moves_only_in_whole_steps_of_the_threshold():
    # given: the open-link survey's threshold, and how far instance A's count has got
    threshold = open_link_threshold()
    _, before = scrape()
    seen = [total(before, "thistle_survey_responses_stored_total")]

    # when: one respondent after another answers through instance A, scraped after each
    for number in range(threshold):
        assert respond(Client(f"127.0.0.{100 + number}", base=A), f"step-{uuid.uuid4()}")[0] == 200
        seen.append(total(scrape()[1], "thistle_survey_responses_stored_total"))

    # then: a scrape either side of one answer shows the same figure, except once in these
    # threshold answers, when it moves by exactly the threshold
    steps = [later - earlier for earlier, later in zip(seen, seen[1:])]
    assert sorted(set(steps)) == [0, threshold] and steps.count(threshold) == 1, steps


def test_json_log_lines_carry_the_request_id_and_nothing_typed():
    # given: instance A writes JSON log lines at info
    marker = f"jsonlog-{uuid.uuid4()}"
    assert respond(Client("127.0.0.32", base=A), marker)[0] == 200

    # when
    with open(os.environ["THISTLE_INSTANCE_A_LOG"], encoding="utf-8") as log:
        lines = [line for line in log.read().splitlines() if line.strip()]

    # then: every line is one JSON object; request lines carry their request id
    objects = [json.loads(line) for line in lines]
    posts = [entry for entry in objects if entry["message"].startswith("POST /o/:token ")]
    assert posts and all(re.fullmatch(r"[0-9A-F-]{36}", entry["request-id"]) for entry in posts)
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in objects)
    assert not any(marker in line for line in lines)


def ready(base):
    try:
        answer = urllib.request.urlopen(f"http://{base.netloc}/health/ready", timeout=10)
        return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_postgres_stopped_every_instance_answers_503_and_recovers_by_itself():
    # given: someone signed in before the database went away
    colleague = Client("127.0.0.40")
    status, _ = colleague.sign_in("coordinator@demo.thistle.test", "thistle-demo-coordinator")
    assert status == 303
    visitor = Client("127.0.0.41")
    visitor.request("GET", "/login")

    # when: PostgreSQL stops
    subprocess.run(shlex.split(os.environ["THISTLE_PG_STOP"]), check=True, capture_output=True)
    try:
        signing_in = visitor.request("POST", "/login", [("email", "leader@demo.thistle.test"), ("password", "thistle-demo-leader")])
        working = colleague.request("GET", "/plan")
        api = Client("127.0.0.42").request("GET", "/api/v1/reviews", headers={"Authorization": "Bearer " + "a" * 43, "Accept": "application/json"})
        readiness = [ready(A), ready(B)]
        alive = urllib.request.urlopen(f"http://{A.netloc}/health", timeout=10).status
    finally:
        subprocess.run(shlex.split(os.environ["THISTLE_PG_START"]), check=True, capture_output=True)

    # then: pages and the API said 503, when to come back, and why; readiness said not ready
    for status, headers, body in [signing_in, working]:
        assert status == 503 and int(headers["retry-after"]) > 0
        assert "Thistle cannot reach its data just now. Nothing was changed." in body
    assert api[0] == 503 and int(api[1]["retry-after"]) > 0 and json.loads(api[2])["error"].startswith("Thistle cannot reach its data")
    assert readiness == [(503, {"status": "not ready", "reasons": ["database: cannot be reached"],
                                "checks": {"database": "unavailable", "outbox": "running"}})] * 2
    assert alive == 200

    # and once PostgreSQL is back, both instances serve again without being restarted
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and [ready(A)[0], ready(B)[0]] != [200, 200]:
        time.sleep(0.5)
    assert [ready(A)[0], ready(B)[0]] == [200, 200]
    status, headers, _ = colleague.request("GET", "/")
    assert status == 303 and "/login" not in headers["location"]
    assert colleague.request("GET", headers["location"])[0] == 200
    for base in [A, B]:
        assert Client("127.0.0.43", base=base).sign_in("leader@demo.thistle.test", "thistle-demo-leader")[0] == 303


def ended(pid, seconds):
    """Whether a process that is not our child has ended within `seconds` (scripts/test, its
    parent, reaps it and checks that it exited 0)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def test_sigterm_under_steady_load_fails_no_request_and_loses_no_response():
    # given: four respondents at a time through nginx, each from an address of its own
    acknowledged, failures, lock, stop = [], [], threading.Lock(), threading.Event()

    def respondents(worker):
        count = 0
        while not stop.is_set():
            count += 1
            marker = f"sigterm-{uuid.uuid4()}"
            try:
                status, page = respond(Client(f"127.0.{10 + worker}.{count % 250 + 1}"), marker)
                ok = status == 200 and "Thank you" in page
            except OSError as error:
                status, ok = repr(error), False
            with lock:
                (acknowledged if ok else failures).append(marker if ok else status)

    workers = [threading.Thread(target=respondents, args=(index,)) for index in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(3)

    # when: instance B is told to stop, as for an upgrade, while requests are in flight
    os.kill(int(os.environ["THISTLE_INSTANCE_B_PID"]), signal.SIGTERM)
    stopped = ended(int(os.environ["THISTLE_INSTANCE_B_PID"]), 30)
    time.sleep(2)
    stop.set()
    for worker in workers:
        worker.join()

    # then: B finished within its grace; no respondent saw an error; every acknowledged answer is stored
    assert stopped
    assert failures == []
    assert len(acknowledged) >= 20, f"too few responses to test anything ({len(acknowledged)})"
    missing = set(acknowledged) - stored_comments("sigterm-")
    assert missing == set(), f"{len(missing)} of {len(acknowledged)} acknowledged responses were lost"
    print(f"{len(acknowledged)} responses acknowledged while instance B stopped; none failed or lost")
