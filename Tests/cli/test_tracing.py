"""Traces: `thistle serve` with an OTLP endpoint configured sends a trace of a survey submission
(the request's span and its database queries as children) to an OTLP/HTTP receiver run by this
test, decoded with OpenTelemetry's own protobuf classes; and nothing the respondent typed or was
given — comment, link token — nor the client's address or path is in any span."""
import http.cookiejar
import http.server
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from test_crash import CSRF, free_port, serve, survey_database
from test_full_disk import respond


class Receiver(http.server.BaseHTTPRequestHandler):
    bodies = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.bodies.append((self.path, self.headers["Content-Type"], body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def attributes(span):
    return {attribute.key: attribute.value.string_value or attribute.value.int_value for attribute in span.attributes}


def test_a_survey_submission_is_traced_to_an_otlp_receiver_with_nothing_typed_in_it():
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    server = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            env, link = survey_database(folder)
            # given: traces configured with the standard variables, exported every 200 ms
            server, base = serve({**env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"http://127.0.0.1:{receiver.server_port}/v1/traces",
                                  "OTEL_BSP_SCHEDULE_DELAY": "200"})

            # when: a respondent answers with a comment, someone types a wrong password, and
            # someone asks for an address with a token in its path and query
            marker = "QZXJ-trace-comment"
            status, _, _ = respond(base, link, marker)
            assert status == 200
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            page = opener.open(base + "/login", timeout=10).read().decode()
            fields = {"_csrf": CSRF.search(page).group(1), "email": "QZXJ-someone@example.org", "password": "QZXJ-a-wrong-password"}
            try:
                opener.open(base + "/login", data=urllib.parse.urlencode(fields).encode(), timeout=10)
            except urllib.error.HTTPError as refused:
                assert refused.code == 401
            try:
                opener.open(base + "/s/QZXJ-ABCD-EFGH?token=QZXJ-in-a-query", timeout=10)
            except urllib.error.HTTPError:
                pass
            spans = []
            deadline = time.monotonic() + 20
            # (the last request's span arriving means every earlier one has)
            while time.monotonic() < deadline and not {"POST /o/:token", "POST /login", "GET /s/:code"} <= {span.name for span in spans}:
                time.sleep(0.2)
                spans = [span for _, _, body in list(Receiver.bodies)
                         for resource in ExportTraceServiceRequest.FromString(body).resource_spans
                         for scope in resource.scope_spans for span in scope.spans]

            # then: the spans arrived over OTLP/HTTP, the submission's with its queries beneath it
            assert {"POST /o/:token", "POST /login", "GET /s/:code"} <= {span.name for span in spans}
            assert {path for path, _, _ in Receiver.bodies} == {"/v1/traces"}
            assert {kind for _, kind, _ in Receiver.bodies} == {"application/x-protobuf"}
            submission = [span for span in spans if span.name == "POST /o/:token"]
            assert len(submission) == 1
            assert attributes(submission[0]) == {"http.request.method": "POST", "http.route": "/o/:token",
                                                 "http.response.status_code": 303,
                                                 "thistle.request_id": attributes(submission[0])["thistle.request_id"]}
            # (its two write transactions, spending the form's token and storing the answers, each a
            # span of its own beneath the request; the survey itself is kept between requests)
            writes = [span for span in spans if span.trace_id == submission[0].trace_id and span.name == "database.write"]
            assert len(writes) == 2, "the submission's two write transactions are in its trace"
            assert all(span.parent_span_id == submission[0].span_id for span in writes)
            assert [attributes(span) for span in writes] == [{"db.system.name": "sqlite"}] * 2
            # ... and no span anywhere holds the comment, the link's token, a path or an address
            token = link.rsplit("/", 1)[-1]
            everything = b"".join(body for _, _, body in Receiver.bodies)
            for secret in [b"QZXJ", token.encode()]:
                assert secret not in everything
            keys = {key for span in spans for key in attributes(span)}
            assert not keys & {"url.path", "url.query", "client.address", "network.peer.address", "user_agent.original"}
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        receiver.shutdown()
