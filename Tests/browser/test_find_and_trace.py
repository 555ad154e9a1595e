"""Find, trace and take away: the audit trail."""
from conftest import sign_in


def test_an_inspector_finds_who_opened_a_record_and_the_chain_is_intact(page, a11y):
    # given: the reader opens one of their records
    sign_in(page, "reader")
    page.goto("/my-records")
    page.locator("main table a").first.click()
    label = page.locator("h1").inner_text().removeprefix("Record ").strip()
    reader_name = page.locator(".account-name a").inner_text()

    # when: an inspector looks the record up in the audit trail
    page.context.clear_cookies()
    sign_in(page, "inspector")
    page.click("nav >> text=Audit trail")
    page.fill("#record", label)
    page.click("button:has-text('Show events')")

    # then: the opening is there with who did it, and the chain is intact
    main = page.inner_text("main")
    assert "The chain is intact" in main
    row = page.locator("tr", has_text="record opened").first.inner_text()
    assert reader_name in row and label in row
    a11y.check(page, "t1-audit-trail")


def test_what_was_heard_about_an_area_is_one_click_from_its_readiness(page, a11y):
    # given: an inspector on the readiness of area 1
    sign_in(page, "inspector")
    page.click("nav >> text=Improvement plan")
    page.click("text=Readiness by area")
    page.locator("main table a").first.click()
    # when
    page.click("text=What was heard about this area")
    # then: area 1's points, by session
    main = page.inner_text("main")
    assert "What was heard about area 1." in main
    assert "Social workers describe regular, reflective supervision" in main
    assert "Practitioners are not confident that chronologies" not in main
    a11y.check(page, "t2-heard-area-1")


def test_the_header_search_finds_a_session_and_a_person(page, a11y):
    # given: the coordinator on any page
    sign_in(page, "coordinator")
    # when: they search from the header
    page.fill("#site-search", "police")
    page.click(".site-search button")
    # then: the police focus group and the police officer in the directory, by kind
    main = page.inner_text("main")
    assert "Fieldwork sessions" in main and "Police officers" in main
    a11y.check(page, "t3-search")
    page.fill("#site-search", "Laura Scott")
    page.click(".site-search button")
    page.click("main a:text-is('Laura Scott')")
    assert "Laura Scott" in page.locator("h1").inner_text()
