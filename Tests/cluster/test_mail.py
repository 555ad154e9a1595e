"""Email through the host's real mail system: two Thistle instances on one PostgreSQL hand each
message to msmtp (THISTLE_SENDMAIL), which relays it over SMTP to aiosmtpd writing a Maildir.
scripts/test starts all of them. Each message must arrive exactly once, whole, and its link must
work in the browser."""
import email
import email.policy
import mailbox
import os
import re
import time

import pytest
from playwright.sync_api import sync_playwright

PROXY = os.environ.get("THISTLE_PROXY", "http://127.0.0.1:8080")
MAILDIR = os.environ.get("THISTLE_MAILDIR", "/tmp/thistle-maildir")
CHROMIUM = os.environ.get("THISTLE_CHROMIUM", "/usr/bin/chromium")
SHOTS = os.environ.get("THISTLE_SCREENSHOTS")


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        yield page
        browser.close()


def messages_to(address):
    """Every message the SMTP server has received for `address`, parsed, oldest first."""
    box = mailbox.Maildir(MAILDIR, create=False)
    parsed = [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]
    return sorted((message for message in parsed if message["To"] == address), key=lambda message: message["Date"].datetime)


def wait_for(address, count, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        received = messages_to(address)
        if len(received) >= count:
            return received
        time.sleep(0.25)
    return messages_to(address)


def ask_for_a_link(page, address):
    page.goto(PROXY + "/login")
    page.click("text=Forgotten your password?")
    page.fill("#email", address)
    page.click("main button[type=submit]")
    assert "If an account uses that address, we have sent it a link" in page.content()


def test_a_password_reset_arrives_once_and_its_link_sets_the_password(page):
    # given
    address = "lead@demo.thistle.test"
    before = len(messages_to(address))

    # when: the person asks for a link through the proxy, and the message arrives
    ask_for_a_link(page, address)
    received = wait_for(address, before + 1)

    # then: exactly one new message, proper MIME with text and HTML, from the partnership
    time.sleep(3)  # both instances' workers have had several turns: nothing more may arrive
    received = messages_to(address)
    assert len(received) == before + 1
    message = received[-1]
    assert message["Subject"] == "Set a new password for Thistle"
    assert "(Thistle)" in message["From"] and message["Message-ID"] and message["Date"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r"(http://\S+/password/reset/\S+)", text).group(1)
    assert f'href="{link}"' in html
    assert link.startswith(PROXY)

    # when: they open the link and set a new password
    page.goto(link)
    page.fill("#newPassword", "bracken loch curlew")
    page.fill("#confirmPassword", "bracken loch curlew")
    page.click("main button[type=submit]")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "mail-reset-done.png"), full_page=True)

    # then: they sign in with it, and the link no longer works
    assert "Your new password is set" in page.content()
    page.fill("#email", address)
    page.fill("#password", "bracken loch curlew")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(link)
    assert "This link no longer works" in page.content()


def test_many_messages_at_once_each_arrive_exactly_once(page):
    # given
    addresses = ["leader@demo.thistle.test", "reader@demo.thistle.test"]
    before = {address: len(messages_to(address)) for address in addresses}

    # when: several requests through the proxy reach both instances
    for address in addresses:
        for _ in range(2):
            ask_for_a_link(page, address)
    for address in addresses:
        wait_for(address, before[address] + 2)
    time.sleep(3)

    # then: each request's message arrived once
    for address in addresses:
        assert len(messages_to(address)) == before[address] + 2, address
