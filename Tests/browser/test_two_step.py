"""Two-step verification as a person sets it up on their phone and then signs in with it."""
import base64
import hashlib
import hmac
import re
import struct
import time

from conftest import DEMO_PASSWORDS, sign_in


def totp(secret_base32, step_offset=0):
    """RFC 6238 with the standard library, as an authenticator app computes it."""
    secret = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = int(time.time()) // 30 + step_offset
    mac = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def test_set_up_then_sign_in_with_a_code(browser, page, a11y):
    # given: the leader opens their account from the header
    sign_in(page, "leader")
    page.click(".account-name a")
    a11y.check(page, "my-account")
    page.click("text=Two-step verification: off")
    page.fill("#password", DEMO_PASSWORDS["leader"])
    page.click("button:has-text('Set up two-step verification')")
    a11y.check(page, "two-step-setup")
    secret = re.search(r"secret=([A-Z2-7]+)", page.content()).group(1)

    # when: they confirm with the app's code
    page.fill("#code", totp(secret))
    page.click("button:has-text('Turn on two-step verification')")

    # then: ten recovery codes are shown once
    assert "Two-step verification is on." in page.content()
    assert page.locator("td", has_text=re.compile(r"^[a-z2-7]{4}(-[a-z2-7]{4}){5}$")).count() == 10
    a11y.check(page, "two-step-codes")

    # and signing in again asks for a code after the password
    page.click("text=Sign out")
    page.goto("/login")
    page.fill("#email", "leader@demo.thistle.test")
    page.fill("#password", DEMO_PASSWORDS["leader"])
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Two-step verification"
    page.fill("#code", "000000")
    page.click("button:has-text('Continue')")
    assert "Enter the current 6-digit code" in page.content()
    a11y.check(page, "two-step-sign-in-error")
    page.fill("#code", totp(secret, step_offset=1))
    page.click("button:has-text('Continue')")
    page.wait_for_url(lambda url: "/login" not in url)
    assert "Signed in as" in page.content()

    # and the administrator can take it off again (for a lost phone), which other tests rely on
    page.click("text=Sign out")
    sign_in(page, "admin")
    page.click("nav >> text=Administration")
    page.click("text=Accounts and roles")
    page.click("text=leader@demo.thistle.test")
    a11y.check(page, "account-two-step-on")
    page.click("button:has-text('Remove two-step verification')")
    assert "Two-step verification removed" in page.content()
