"""The two instances behind a real reverse proxy (nginx from Debian), as a council would run
them: each client is known by its own address, which only the proxy may name. Clients are
told apart by the loopback address they connect from (127.0.0.2, 127.0.0.3 …), so nginx sees
each as a different peer. scripts/test starts nginx and the instances with
THISTLE_TRUSTED_PROXIES=127.0.0.1 (nginx's own address as the instances see it)."""
import http.client
import os
import re
import socket
import time
import urllib.parse

PROXY = urllib.parse.urlparse(os.environ.get("THISTLE_PROXY", "http://127.0.0.1:8080"))
A = urllib.parse.urlparse(os.environ.get("THISTLE_INSTANCE_A", "http://127.0.0.1:8081"))


class Client:
    """A browser at one address: keeps cookies, and the form token of the last page."""

    def __init__(self, address, base=PROXY):
        self.address = address
        self.base = base
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, fields=None, headers=None):
        connection = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=60, source_address=(self.address, 0))
        sent = {"Accept": "text/html", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode([("_csrf", self.csrf or "")] + fields)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or not cookie:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie
        token = re.search(r'name="_csrf" value="([^"]+)"', text)
        if token:
            self.csrf = token.group(1)
        connection.close()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), text

    def sign_in(self, email, password, headers=None):
        self.request("GET", "/login", headers=headers)
        started = time.monotonic()
        status, _, _ = self.request("POST", "/login", [("email", email), ("password", password)], headers=headers)
        return status, time.monotonic() - started


def test_thirty_bad_sign_ins_from_one_client_do_not_stop_another_clients_right_password():
    # given: one client behind the proxy tries thirty made-up accounts
    guesser = Client("127.0.0.2")
    for attempt in range(30):
        status, _ = guesser.sign_in(f"made-up-{attempt}@example.test", "guess")
        assert status == 401

    # when: another client behind the same proxy signs in
    colleague = Client("127.0.0.3")
    status, seconds = colleague.sign_in("coordinator@demo.thistle.test", "thistle-demo-coordinator")

    # then: let in at once
    assert status == 303
    assert seconds < 2

    # and past its thirty free failures the guesser waits (the proxy named it, and only it, as
    # the client), while its right password is still let in rather than refused
    guesser.sign_in("one-more-made-up@example.test", "guess")
    _, slowed = guesser.sign_in("another-made-up@example.test", "guess")
    assert slowed >= 1
    status, _ = guesser.sign_in("leader@demo.thistle.test", "thistle-demo-leader")
    assert status == 303


def test_a_client_cannot_name_another_address_for_itself():
    # given: a client that has failed thirty-one times
    spoofer = Client("127.0.0.4")
    for attempt in range(31):
        spoofer.sign_in(f"spoofer-{attempt}@example.test", "guess")

    # when: it claims, in its own X-Forwarded-For, to be somewhere else
    _, seconds = spoofer.sign_in("spoofer-again@example.test", "guess", headers={"X-Forwarded-For": "127.0.0.9"})

    # then: nginx appends the real peer, which the instance believes: still slowed
    assert seconds >= 1


def test_an_instance_reached_directly_ignores_x_forwarded_for():
    # given: a client reaching an instance without the proxy, whose peer is not trusted
    direct = Client("127.0.0.5", base=A)
    for attempt in range(31):
        direct.sign_in(f"direct-{attempt}@example.test", "guess", headers={"X-Forwarded-For": f"10.0.{attempt}.1"})

    # when / then: made-up forwarding addresses did not spread its failures: it is slowed
    _, seconds = direct.sign_in("direct-again@example.test", "guess", headers={"X-Forwarded-For": "10.9.9.9"})
    assert seconds >= 1


def test_a_signed_out_post_without_a_form_is_refused_before_its_body_is_read():
    # given: a client with no session and no CSRF cookie announcing a 50 MB body
    with socket.create_connection((A.hostname, A.port), timeout=10, source_address=("127.0.0.6", 0)) as connection:
        started = time.monotonic()
        connection.sendall(b"POST /s/ABCD-EFGH-JKMN-PQRS HTTP/1.1\r\nHost: thistle\r\n"
                           b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 50000000\r\n\r\nq=1")
        # when: it sends nothing more
        answer = connection.recv(4096).decode("latin-1")
        # then: refused at once, without waiting for the body
        assert answer.startswith("HTTP/1.1 403"), answer[:200]
        assert time.monotonic() - started < 5
