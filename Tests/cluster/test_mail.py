"""Email through the host's real mail system: two Thistle instances on one PostgreSQL hand each
message to msmtp (THISTLE_SENDMAIL), which relays it over SMTP to aiosmtpd writing a Maildir.
scripts/test starts all of them. Each message must arrive exactly once, whole, and its link must
work in the browser."""
import email
import email.policy
import mailbox
import os
import re
import sys
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
    return sorted((message for message in parsed if message["To"].addresses[0].addr_spec == address), key=lambda message: message["Date"].datetime)


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


def sign_in(page, role):
    page.goto(PROXY + "/login")
    page.fill("#email", f"{role}@demo.thistle.test")
    page.fill("#password", f"thistle-demo-{role}")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_session_invitation_carries_a_calendar_file_and_its_links_record_the_answer(page):
    import icalendar

    # given: the coordinator on the chief officers' session
    address = "leader@demo.thistle.test"
    before = len(messages_to(address))
    sign_in(page, "coordinator")
    page.click("nav >> text=Fieldwork")
    page.click("text=Chief officers' group")
    session_url = page.url

    # when: they send the calendar invitations
    page.click("button:has-text('Send calendar invitations')")
    assert "Calendar invitations queued" in page.content()
    received = wait_for(address, before + 1)

    # then: the invitation arrives once, with an iCalendar REQUEST that parses
    time.sleep(3)
    received = messages_to(address)
    assert len(received) == before + 1
    message = received[-1]
    assert message["Subject"].startswith("Invitation: Session 2: Chief officers' group")
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    event = next(component for component in calendar.walk("VEVENT"))
    assert str(event["ATTENDEE"]) == "mailto:" + address
    assert int(event["SEQUENCE"]) == 0 and event["DTSTART"].dt.year == 2018
    text = message.get_body(preferencelist=("plain",)).get_content()
    decline = re.search(r"(http://\S+\?answer=declined)", text).group(1)
    accept = re.search(r"(http://\S+\?answer=confirmed)", text).group(1)

    # when: the person, signed out, declines and then accepts after all
    page.context.clear_cookies()
    page.goto(decline)
    page.click("button:has-text('I cannot attend')")
    assert "you are down as not attending" in page.content()
    page.goto(accept)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "mail-session-answer.png"), full_page=True)
    page.click("button:has-text('I will attend')")
    assert "you are down as attending" in page.content()

    # then: the session page shows their answer
    sign_in(page, "coordinator")
    page.goto(session_url)
    row = page.locator("tr", has_text="Iain Stewart").inner_text()
    assert "Confirmed" in row


def test_an_immediate_concern_alerts_the_coordinator_within_the_workers_interval(page):
    # given
    address = "coordinator@demo.thistle.test"
    before = len(messages_to(address))
    sign_in(page, "inspector")
    page.click("nav >> text=Fieldwork")
    page.click("text=Opening meeting with the planning group")
    # when
    started = time.monotonic()
    page.select_option("#severity", "immediate")
    page.fill("#details", "Heard in the meeting: for the log only.")
    page.click("button:has-text('Raise the concern')")
    received = wait_for(address, before + 1, seconds=10)
    # then: it arrived within a few turns of the worker (THISTLE_OUTBOX_INTERVAL=1), and says nothing of the concern
    assert len(received) == before + 1, "the alert arrived"
    assert time.monotonic() - started < 10
    text = received[-1].get_body(preferencelist=("plain",)).get_content()
    assert "a child may be at risk now" in text and "for the log only" not in text


def test_with_the_mail_server_down_a_message_waits_shows_its_failure_and_goes_when_it_returns(page):
    import signal
    import subprocess

    # given: the SMTP server stops
    os.kill(int(os.environ["THISTLE_SMTP_PID"]), signal.SIGTERM)
    time.sleep(1)
    address = "reader@demo.thistle.test"
    before = len(messages_to(address))
    try:
        # when: someone asks for a reset link
        ask_for_a_link(page, address)
        # then: the administrators' outbox shows the refusal, and the message waiting to be tried again
        sign_in(page, "admin")
        deadline = time.monotonic() + 20
        row = ""
        while time.monotonic() < deadline:
            page.goto(PROXY + "/admin/outbox")
            row = page.locator("tr", has_text=address).first.inner_text()
            if "1 try" in row:
                break
            time.sleep(1)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "mail-outbox-smtp-down.png"), full_page=True)
        assert "Waiting" in row and "1 try" in row, row
        assert len(messages_to(address)) == before
    finally:
        # when the server returns (on the same port, into the same mailbox)
        subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{os.environ['THISTLE_SMTP_PORT']}",
                          "-c", "aiosmtpd.handlers.Mailbox", MAILDIR], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    # then the message goes at its next try (a minute after the first), once
    received = wait_for(address, before + 1, seconds=120)
    assert len(received) == before + 1
    assert received[-1]["Subject"] == "Set a new password for Thistle"


def test_survey_invitations_arrive_each_with_its_own_working_link_and_a_reminder_goes_to_all(page):
    import tempfile

    # given: the coordinator imports a staff list of two on the open survey
    people = ["ann.reid@northfield.example", "bob.kerr@northfield.example"]
    sign_in(page, "coordinator")
    page.click("nav >> text=Surveys")
    page.locator("main a", has_text="Staff survey 2018").first.click()
    agency = page.locator("main table", has_text="Codes issued").locator("tbody tr td").first.inner_text()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as staff:
        staff.write("email,agency\n" + "".join(f'{person},"{agency}"\n' for person in people))
    page.set_input_files("input[type=file]", staff.name)
    page.click("text=Import staff list")
    os.unlink(staff.name)

    # when: the invitations are emailed, then a reminder
    page.click("text=Email the invitations not yet sent")
    invitations = {person: wait_for(person, 1) for person in people}
    page.click("text=Send a reminder to everyone invited")
    reminded = {person: wait_for(person, 2) for person in people}

    # then: each got one invitation with its own link, which opens the form, and then one reminder
    links = set()
    for person in people:
        assert len(invitations[person]) >= 1 and len(reminded[person]) == 2, person
        invitation, reminder = reminded[person]
        assert invitation["Subject"].startswith("Your invitation:") and reminder["Subject"].startswith("Reminder:")
        link = re.search(r"(http://\S+/s/[0-9A-Z-]+)", invitation.get_body(preferencelist=("plain",)).get_content()).group(1)
        links.add(link)
    assert len(links) == 2, "each person has a link of their own"
    page.context.clear_cookies()
    page.goto(sorted(links)[0])
    assert page.locator("h1").inner_text().startswith("Staff survey")
