"""The main journeys of the foundation, as a person would take them."""
from conftest import sign_in

AREA_TITLES = [
    "Improve standards of operational practice",
    "Improve initial risk assessment of, and response to vulnerable children and young people at risk of, or experiencing neglectful parenting or cumulative harm",
    "Strengthen collective vision and collaborative leadership",
    "Strengthen the approach to corporate parenting, participation and children's rights to deliver improvements at a pace",
    "Implement a framework of joint self-evaluation, ensuring a clear focus on improved outcomes for children and families",
    "Improve governance, leadership and accountability of child protection committee",
]


def test_coordinator_sees_six_areas_opens_one_and_signs_out(page, a11y):
    # given: someone not signed in asks for the site
    page.goto("/")
    assert "/login" in page.url
    a11y.check(page, "01-sign-in")

    # when: the coordinator signs in
    page.fill("#email", "coordinator@demo.thistle.test")
    page.fill("#password", "thistle-demo-coordinator")
    page.click("button[type=submit]")

    # then: the dashboard lists the six areas with their 2017 grades
    assert page.locator("h1").inner_text() == "Progress review 2018"
    rows = page.locator("table.table").first.locator("tbody tr")
    assert rows.count() == 6
    for number, title in enumerate(AREA_TITLES, start=1):
        row = rows.nth(number - 1)
        assert f"{number}. {title}" in row.locator("th").inner_text()
        assert "Weak (2)" in row.locator("td").first.inner_text()
    assert "Joint inspection of services for children and young people (2017)" in page.locator("thead").first.inner_text()
    assert page.locator("img[alt^='Bar chart']").evaluate("img => img.naturalWidth") > 0
    a11y.check(page, "02-dashboard")

    # when: they open the first area
    page.click(f"text=1. {AREA_TITLES[0]}")
    assert page.locator("h1").inner_text() == AREA_TITLES[0]
    assert "5.2" in page.inner_text("main")
    a11y.check(page, "03-area")

    # when: they sign out
    page.click("button:has-text('Sign out')")
    assert "/login" in page.url
    assert "You have signed out." in page.inner_text("main")
    a11y.check(page, "04-signed-out")
    page.goto("/")
    assert "/login" in page.url


def test_wrong_password_shows_an_error_summary_that_links_to_the_field(page, a11y):
    page.goto("/login")
    page.fill("#email", "coordinator@demo.thistle.test")
    page.fill("#password", "not-the-right-one")
    page.click("button[type=submit]")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Enter the email address and password of an active account" in summary.inner_text()
    a11y.check(page, "05-sign-in-error")
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "email"


def test_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_everything_works_without_javascript(browser):
    from conftest import BASE_URL
    context = browser.new_context(base_url=BASE_URL, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "leader")
    assert page.locator("h1").inner_text() == "Progress review 2018"
    page.click("button:has-text('Sign out')")
    assert "/login" in page.url
    context.close()


def test_pages_print_without_navigation(page):
    sign_in(page, "leader")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("table.table").first.is_visible()


def test_administration_pages_are_accessible_and_forms_report_errors(page, a11y):
    sign_in(page, "admin")
    page.click("nav >> text=Administration")
    a11y.check(page, "10-admin")
    for link, name in [("Agencies of the partnership", "11-agencies"), ("People taking part in the review", "12-people"),
                       ("Accounts and roles", "13-accounts"), ("Quality indicators of the framework", "14-indicators"),
                       ("Reviews, improvement areas, grades and key dates", "15-reviews")]:
        page.goto("/admin")
        page.click(f"text={link}")
        a11y.check(page, name)

    # A review's page: details, on-site weeks and key dates, then its areas and grades.
    page.click("main >> text=Progress review 2018")
    review_url = page.url
    a11y.check(page, "16-review")
    page.fill("#weekCommencing", "2018-11-06")
    page.click("button:has-text('Add on-site week')")
    assert "must be a Monday" in page.inner_text(".error-summary")
    a11y.check(page, "17-review-error")
    page.click("text=Grades recorded in this review")
    a11y.check(page, "18-grades")
    page.goto(review_url)
    page.click("text=Improvement areas set by this review")
    a11y.check(page, "19-areas")

    # Adding an agency with nothing filled in names both fields.
    page.goto("/admin/agencies/new")
    page.click("button:has-text('Save agency')")
    summary = page.inner_text(".error-summary")
    assert "Enter the agency's name" in summary
    assert "Select a kind of agency" in summary
    a11y.check(page, "20-agency-error")

    # A new account's form with its role checkboxes.
    page.goto("/admin/accounts/new")
    a11y.check(page, "21-new-account")
    page.goto("/admin/people/new")
    a11y.check(page, "22-new-person")


def test_a_reader_sees_what_their_role_allows_and_nothing_more(page, a11y):
    sign_in(page, "reader")
    assert "Records reader" in page.inner_text("main")
    a11y.check(page, "30-reader-home")
    response = page.goto("/admin/people")
    assert response.status == 403
    a11y.check(page, "31-forbidden")


def test_missing_page_is_a_helpful_404(page, a11y):
    sign_in(page, "leader")
    response = page.goto("/areas/00000000-0000-0000-0000-000000000000")
    assert response.status == 404
    assert "Page not found" in page.inner_text("h1")
    a11y.check(page, "32-not-found")


def test_a_new_account_chooses_its_own_password_at_first_sign_in(page, a11y):
    # given: an administrator makes an account with a first password
    sign_in(page, "admin")
    page.goto("/admin/accounts/new")
    page.select_option("#person", index=1)
    page.fill("#email", "newcomer@demo.thistle.test")
    page.check("#roles-5")
    page.fill("#password", "first-password-from-admin")
    page.click("button:has-text('Create account')")
    assert "Account created" in page.inner_text("main")
    page.click("text=Sign out")

    # when: the newcomer signs in with it
    page.goto("/login")
    page.fill("#email", "newcomer@demo.thistle.test")
    page.fill("#password", "first-password-from-admin")
    page.click("button[type=submit]")

    # then: they must choose their own before anything else
    page.wait_for_url(lambda url: url.endswith("/account/password"))
    assert "chosen by an administrator" in page.inner_text("main")
    a11y.check(page, "23-change-password")

    def change(current, new):
        page.fill("#currentPassword", current)
        page.fill("#newPassword", new)
        page.fill("#confirmPassword", new)
        page.click("button:has-text('Change my password')")

    change("first-password-from-admin", "password")
    assert "Password must be at least 12 characters" in page.inner_text(".error-summary")
    a11y.check(page, "24-change-password-error")
    change("first-password-from-admin", "lamp orbit rhubarb sky")
    assert "Your password is changed" in page.inner_text("main")
    page.goto("/")
    assert "/account/password" not in page.url
