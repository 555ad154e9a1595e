"""Email in the demo: nothing leaves the machine (no THISTLE_SENDMAIL), and the administrators'
Outbox page shows each message as it would have gone. Delivery through a real sendmail to an
SMTP server is tested in Tests/cluster/test_mail.py."""
import os
import tempfile

from conftest import sign_in


def test_a_forgotten_password_gets_the_same_answer_and_the_message_waits_in_the_outbox(page, a11y):
    # given: someone signed out on the sign-in page
    page.goto("/login")
    page.click("text=Forgotten your password?")
    a11y.check(page, "e1-forgotten")
    # when: a mistyped address, then a real one
    page.fill("#email", "reader at demo")
    page.click("main button[type=submit]")
    assert "Enter an email address in the correct format" in page.inner_text("main")
    a11y.check(page, "e2-forgotten-error")
    page.fill("#email", "reader@demo.thistle.test")
    page.click("main button[type=submit]")
    # then
    assert "If an account uses that address, we have sent it a link" in page.inner_text("main")
    page.goto("/password/reset/not-a-real-link")
    assert "This link no longer works" in page.inner_text("main")
    a11y.check(page, "e3-link-expired")
    sign_in(page, "admin")
    page.goto("/admin")
    page.click("text=Outbox: messages queued, sent and failed")
    main = page.inner_text("main")
    assert "nothing leaves this machine" in main
    row = page.locator("tr", has_text="reader@demo.thistle.test").first.inner_text()
    assert "Set a new password for Thistle" in row and "Waiting" in row
    assert "/password/reset/" not in page.content()
    a11y.check(page, "e4-outbox")


def test_a_coordinator_emails_invitations_to_an_imported_staff_list(page, a11y):
    # given: the open survey, and a staff list with two addresses
    sign_in(page, "coordinator")
    page.click("nav >> text=Surveys")
    page.locator("main a", has_text="Staff survey 2018").first.click()
    agency = page.locator("main table", has_text="Codes issued").locator("tbody tr td").first.inner_text()
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as staff:
        staff.write(f'email,agency\nann.reid@northfield.example,"{agency}"\nbob.kerr@northfield.example,"{agency}"\n')
    page.set_input_files("input[type=file]", staff.name)
    page.click("text=Import staff list")
    os.unlink(staff.name)
    # when
    page.click("text=Email the invitations not yet sent")
    # then
    assert "2 invitations queued" in page.inner_text(".notification")
    assert "0 not yet sent their link" in page.inner_text("main")
    a11y.check(page, "e5-survey-email")
    page.click("text=Send a reminder to everyone invited")
    assert "A reminder is queued to all 2 people invited by email." in page.inner_text(".notification")
    # and a reminder scheduled for a later morning waits on the page
    page.fill("#sendOn", "2018-09-01")
    page.click("button:has-text('Schedule the reminder')")
    assert "a reminder cannot go in the past" in page.inner_text("main")
    page.fill("#sendOn", "2018-09-20")
    page.click("button:has-text('Schedule the reminder')")
    assert "on the morning of 20 September 2018" in page.inner_text(".notification")
    assert "Waiting: goes that morning" in page.locator("table", has_text="Reminders scheduled").inner_text()
    a11y.check(page, "e5b-scheduled-reminder")


def test_a_session_planner_sends_calendar_invitations_and_a_change_follows_by_itself(page, a11y):
    # given: the coordinator on a placed session whose people have addresses
    sign_in(page, "coordinator")
    page.click("nav >> text=Fieldwork")
    page.click("text=Opening meeting with the planning group")
    section = page.locator("section", has_text="Calendar invitations by email")
    assert "No invitations have been sent yet." in section.inner_text()
    # when
    page.click("button:has-text('Send calendar invitations')")
    # then
    assert "Calendar invitations queued to 4 people" in page.inner_text(".notification")
    assert "Invitations have been sent." in page.inner_text("main")
    a11y.check(page, "e6-session-invitations")
    # when: the session moves to another start time
    page.click("main a:has-text('Change')")
    page.fill("#start", "14:00")
    page.click("main button[type=submit]")
    # then: the change goes to the same people by itself
    assert "The change is on its way to 4 people invited." in page.inner_text(".notification")


def test_a_person_chooses_a_morning_digest_and_an_immediate_concern_still_alerts_at_once(page, a11y):
    # given: the coordinator takes alerts once a morning
    sign_in(page, "coordinator")
    page.goto("/account")
    page.check("text=In one email each morning")
    page.click("button:has-text('Save how alerts come')")
    assert "Your alerts now come in one email each morning." in page.inner_text(".notification")
    a11y.check(page, "e7-account-alerts")
    # when: an inspector raises an immediate concern in a session
    page.context.clear_cookies()
    sign_in(page, "inspector")
    page.click("nav >> text=Fieldwork")
    page.click("text=Opening meeting with the planning group")
    page.select_option("#severity", "immediate")
    page.fill("#details", "What was heard, for the log.")
    page.click("button:has-text('Raise the concern')")
    # then: the coordinator's alert waits in the outbox as it would have gone, at once
    page.context.clear_cookies()
    sign_in(page, "admin")
    page.goto("/admin/outbox")
    row = page.locator("tr", has_text="coordinator@demo.thistle.test").first.inner_text()
    assert "a child may be at risk now" in row


def test_an_administrator_adapts_a_message_and_a_bad_placeholder_is_named_on_the_form(page, a11y):
    sign_in(page, "admin")
    page.goto("/admin")
    page.click("text=Email: the wording of messages, and where replies go")
    a11y.check(page, "e8-email-settings")
    page.click("main a:has-text('Survey reminder')")
    page.fill("#text", "Please answer {survey} before {closing}.")
    page.click("button:has-text('Save this wording')")
    assert "The text uses {closing}, which this message does not offer" in page.inner_text("main")
    assert "The text must keep {link}" in page.inner_text("main")
    a11y.check(page, "e9-wording-error")
    page.fill("#text", "Please answer {survey} before {closes}:\n\n{link}")
    page.click("button:has-text('Save this wording')")
    assert "The survey reminder message now uses your wording." in page.inner_text(".notification")
    assert "Your own" in page.locator("tr", has_text="Survey reminder").inner_text()
