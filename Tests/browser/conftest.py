"""Real pages in Debian's Chromium, driven by Playwright, checked by axe-core."""
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("THISTLE_BASE_URL", "http://127.0.0.1:8080")
CHROMIUM = os.environ.get("THISTLE_CHROMIUM", "/usr/bin/chromium")
SHOTS = os.environ.get("THISTLE_SCREENSHOTS")

# WCAG 2.2 A and AA, as UK public bodies must meet, plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}

DEMO_PASSWORDS = {role: f"thistle-demo-{role}" for role in ["admin", "coordinator", "lead", "reader", "inspector", "leader"]}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(base_url=BASE_URL, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


class Accessibility:
    """Runs axe-core on the current page and fails with the violations listed."""

    def __init__(self, axe):
        self.axe = axe
        self.pages = []

    def check(self, page, name):
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
        results = self.axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        self.pages.append(page.url)
        assert violations == [], f"axe-core violations on {page.url}:\n" + results.generate_report()


@pytest.fixture
def a11y(axe):
    return Accessibility(axe)


def sign_in(page, role):
    page.goto("/login")
    page.fill("#email", f"{role}@demo.thistle.test")
    page.fill("#password", DEMO_PASSWORDS[role])
    # The password form's own button: organisations' sign-in buttons may come first.
    page.click(f"form[action='/login'] button[type=submit]")
    # Signed in once the browser has left the sign-in page with its cookie.
    page.wait_for_url(lambda url: "/login" not in url)
