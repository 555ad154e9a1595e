"""Single sign-on through a real OpenID provider: oidc-provider-mock (PyPI), which scripts/test
starts on this machine and names in THISTLE_OIDC_ISSUER. The demo it runs against has
THISTLE_OIDC_DEMO_SECRET set, as an installation would hold its client secret."""
import json
import os
import urllib.request

from conftest import BASE_URL, sign_in

ISSUER = os.environ.get("THISTLE_OIDC_ISSUER", "")
BUTTON = "text=Sign in with Northfield Council account"


def provider_user(sub, **claims):
    """Tells the provider who `sub` is (its own API for test users)."""
    request = urllib.request.Request(f"{ISSUER}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 204


def through_provider(page, sub):
    """From Thistle's sign-in page, through the provider as `sub`, and back."""
    page.goto("/login")
    page.click(BUTTON)
    page.wait_for_url(lambda url: url.startswith(ISSUER))
    page.fill("input[name=sub]", sub)
    page.click("button:has-text('Authorize')")
    page.wait_for_url(lambda url: not url.startswith(ISSUER))


def test_people_sign_in_with_their_organisations_account_and_strangers_do_not(browser, a11y):
    assert ISSUER, "scripts/test starts oidc-provider-mock and sets THISTLE_OIDC_ISSUER"
    provider_user("coord-1", email="coordinator@demo.thistle.test", email_verified=True, amr=["pwd"])
    provider_user("stranger-1", email="stranger@council.example", email_verified=True)
    provider_user("leader-1", email="leader@demo.thistle.test", email_verified=True)
    provider_user("admin-1", email="admin@demo.thistle.test", email_verified=True, amr=["pwd"])

    # given: the administrator adds the council's provider and switches the leader's account off
    admin = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(admin, "admin")
    admin.goto("/admin")
    admin.click("text=Sign-in: identity providers")
    admin.click("text=Add an identity provider")
    admin.click("main button[type=submit]")
    assert "Enter the name on the button" in admin.inner_text(".error-summary")
    a11y.check(admin, "sso-1-provider-form-errors")
    admin.fill("#label", "Northfield Council account")
    admin.fill("#issuer", ISSUER)
    admin.fill("#clientID", "thistle-demo")
    admin.fill("#secretSource", "env:THISTLE_OIDC_DEMO_SECRET")
    admin.click("main button[type=submit]")
    assert "Northfield Council account added" in admin.inner_text("main")
    a11y.check(admin, "sso-2-settings")
    admin.goto("/admin/accounts")
    admin.click("text=leader@demo.thistle.test")
    admin.check("#disabled")
    admin.click("main button[type=submit]")

    page = browser.new_context(base_url=BASE_URL).new_page()

    # when: the coordinator chooses the council's button and signs in there
    page.goto("/login")
    a11y.check(page, "sso-3-sign-in-page")
    through_provider(page, "coord-1")
    # then: they are in Thistle, signed in as themselves
    assert "/login" not in page.url
    page.goto("/account")
    assert "coordinator@demo.thistle.test" in page.inner_text("main")

    # and: signing out offers the provider's own sign-out, which comes back to Thistle
    page.click("text=Sign out")
    assert page.locator("h1").inner_text() == "You have signed out of Thistle"
    a11y.check(page, "sso-4-signed-out")
    page.get_by_role("link", name="Sign out of Northfield Council account as well").click()
    page.wait_for_url(lambda url: url.startswith(ISSUER))
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" in url and not url.startswith(ISSUER))

    # when: someone with no Thistle account signs in at the provider
    through_provider(page, "stranger-1")
    # then: refused, told what to do, not signed in
    assert "no Thistle account for you in this partnership" in page.inner_text(".error-summary")
    a11y.check(page, "sso-5-stranger-refused")
    assert page.goto("/account").url.endswith("/login?next=/account")

    # when: the leader, whose account is switched off, signs in at the provider
    through_provider(page, "leader-1")
    # then: refused
    assert "Your Thistle account has been switched off" in page.inner_text(".error-summary")

    # when: the administrator signs in at a provider that reports a password only
    through_provider(page, "admin-1")
    # then: Thistle's own second step is asked for before anything else
    assert "/account/two-step" in page.url
    assert "two-step verification" in page.inner_text("main").lower()
    a11y.check(page, "sso-6-admin-second-step")
