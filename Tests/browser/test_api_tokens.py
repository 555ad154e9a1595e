"""An administrator makes an API token for a dashboard, which reads the review, then revokes it."""
import re

from conftest import sign_in


def test_admin_makes_uses_and_revokes_an_api_token(page, a11y):
    sign_in(page, "admin")
    page.goto("/admin")
    page.get_by_role("link", name=re.compile("API tokens")).click()
    a11y.check(page, "api-tokens")

    # a wrong lifetime is named next to its field
    page.fill("#name", "Browser test dashboard")
    page.select_option("#role", "leader")
    page.fill("#days", "0")
    page.click("main button[type=submit]:has-text('Make token')")
    assert "Enter a whole number of days from 1 to 365" in page.inner_text("main")
    a11y.check(page, "api-tokens-error")

    page.fill("#days", "30")
    page.click("main button[type=submit]:has-text('Make token')")
    token = re.search(r"thistle_[A-Za-z0-9_-]{43}", page.inner_text("main")).group(0)
    a11y.check(page, "api-tokens-made")

    # a program with the token reads the partnership's reviews, and nothing without it
    reviews = page.request.get("/api/v1/reviews", headers={"Authorization": f"Bearer {token}"})
    assert reviews.status == 200
    assert "Progress review 2018" in [review["title"] for review in reviews.json()["reviews"]]
    assert page.request.get("/api/v1/reviews").status == 401

    # the list no longer shows the token itself; revoking it closes the API to it
    page.goto("/admin/api-tokens")
    assert token not in page.inner_text("main")
    page.get_by_role("button", name="Revoke token Browser test dashboard").click()
    assert "is revoked" in page.inner_text("body")
    assert page.request.get("/api/v1/reviews", headers={"Authorization": f"Bearer {token}"}).status == 401
