"""Two Thistle instances on one PostgreSQL, as behind a load balancer: whatever one instance
did, the other sees — sessions, throttling, uploads, and counted figures each keeps in memory. scripts/test starts both instances."""
import os

import pytest
from playwright.sync_api import sync_playwright

A = os.environ.get("THISTLE_INSTANCE_A", "http://127.0.0.1:8081")
B = os.environ.get("THISTLE_INSTANCE_B", "http://127.0.0.1:8082")
CHROMIUM = os.environ.get("THISTLE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def context():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # One browser, two instances: cookies of 127.0.0.1 go to both ports, as to one site.
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        yield context
        browser.close()


def sign_in(page, base, role, password=None):
    page.goto(base + "/login")
    page.fill("#email", f"{role}@demo.thistle.test")
    page.fill("#password", password or f"thistle-demo-{role}")
    page.click("main button[type=submit]")


def test_signed_in_on_one_acting_on_the_other(context):
    # given: signed in through instance A
    page = context.new_page()
    sign_in(page, A, "coordinator")
    page.wait_for_url(lambda url: "/login" not in url)

    # when: instance B serves the plan and takes a new action
    page.goto(B + "/plan")
    assert page.locator(".account-name").inner_text() == "Signed in as Fiona Grant"
    page.select_option("#area", index=1)
    page.fill("#title", "Action added through instance B")
    page.fill("#owner", "Karen Ross")
    page.fill("#start", "2018-09-14")
    page.fill("#due", "2018-12-14")
    page.click("button:has-text('Add the action')")
    assert "Action added." in page.content()

    # then: instance A shows it, and signing out on A ends the session on B too
    page.goto(A + "/plan")
    assert "Action added through instance B" in page.content()
    page.click("text=Sign out")
    page.goto(B + "/plan")
    assert "/login" in page.url


def test_an_upload_through_one_downloads_from_the_other(context):
    # given
    page = context.new_page()
    sign_in(page, A, "coordinator")
    page.wait_for_url(lambda url: "/login" not in url)
    content = "Minutes of the planning group, 10 September 2018\nAttendance: eight of ten members\n".encode()

    # when: a file is added to the evidence library through A
    page.goto(A + "/evidence")
    page.click("text=Add evidence")
    page.select_option("#kind", "file")
    page.set_input_files("#file", files=[{"name": "minutes.txt", "mimeType": "text/plain", "buffer": content}])
    page.fill("#title", "Planning group minutes (two-instance test)")
    page.fill("#description", "Uploaded through instance A")
    page.fill("#periodStart", "2018-09-10")
    page.check("#areas-1")
    page.click("button:has-text('Add to the library')")
    item = page.url

    # then: instance B serves the same bytes
    page.goto(item.replace(A, B))
    with page.expect_download() as download:
        page.click("a:has-text('Download')")
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == content


def readiness_evidence(page, base, area):
    """The evidence items the readiness grid counts for the area whose row starts with `area`."""
    page.goto(base + "/")
    page.goto(page.url.rstrip("/") + "/readiness")
    cells = [row.locator("td").all_inner_texts() for row in page.locator("tbody tr").all()]
    return next(int(row[2]) for row in cells if row[0].strip().startswith(area))


def test_figures_kept_by_one_instance_move_with_a_change_through_the_other(context):
    # given: the first area on the evidence form, and instance B having counted the review's
    # figures (which it keeps)
    page = context.new_page()
    sign_in(page, A, "coordinator")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(A + "/evidence")
    page.click("text=Add evidence")
    area = page.locator("input[name='areas[]'], input[name='areas']").first
    number = page.locator(f"label[for='{area.get_attribute('id')}']").inner_text().split(".")[0] + "."
    before = readiness_evidence(page, B, number)
    assert readiness_evidence(page, B, number) == before

    # when: an item for that area is added through instance A
    page.goto(A + "/evidence")
    page.click("text=Add evidence")
    page.select_option("#kind", "file")
    page.set_input_files("#file", files=[{"name": "note.txt", "mimeType": "text/plain", "buffer": b"Readiness check\n"}])
    page.fill("#title", "Readiness across instances")
    page.fill("#description", "Added through instance A")
    page.fill("#periodStart", "2018-09-12")
    page.check(f"#{area.get_attribute('id')}")
    page.click("button:has-text('Add to the library')")

    # then: instance B's grid counts it at once
    assert readiness_evidence(page, B, number) == before + 1


def test_throttling_counts_failures_on_both_instances(context):
    # given: five wrong passwords, some through each instance
    page = context.new_page()
    for base in [A, B, A, B, A]:
        sign_in(page, base, "inspector", password="not-the-password-at-all")
        assert "Enter the email address and password of an active account" in page.content()

    # when: the right password is given to either instance
    sign_in(page, B, "inspector")

    # then: the account is locked on both
    assert "Too many failed attempts to sign in" in page.content()
