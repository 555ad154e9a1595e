"""The fieldwork planner, as the planning group and an inspector would use it; calendars checked with a real iCalendar parser."""
import urllib.error
import urllib.request

from icalendar import Calendar

from conftest import BASE_URL, sign_in


def parse_calendar(data):
    calendar = Calendar.from_ical(data)
    events = [component for component in calendar.walk() if component.name == "VEVENT"]
    assert events, "the calendar has no events"
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)), "UIDs repeat"
    for event in events:
        assert event["DTSTART"].dt.tzinfo is not None and "London" in str(event["DTSTART"].dt.tzinfo)
        assert event["DTEND"].dt > event["DTSTART"].dt
    return events


def test_place_see_clashes_note_and_subscribe(browser, page, a11y):
    # given: a coordinator in the fieldwork plan, with sessions still to place
    sign_in(page, "coordinator")
    page.click("nav >> text=Fieldwork")
    a11y.check(page, "fieldwork-plan")
    assert "10 still to place" in page.content()

    # when: the timetabler places them
    page.click("button:has-text('Place them automatically')")

    # then: all are placed and only the two deliberate hard clashes remain
    assert "Placed 10 sessions with no hard clash." in page.content()
    assert "0 still to place, 2 hard clashes" in page.content()
    page.click("text=Clashes (")
    a11y.check(page, "fieldwork-clashes")
    assert page.locator("td", has_text="Interview room A holds 4").count() == 1
    page.go_back()
    page.click("text=Staff capacity")
    a11y.check(page, "fieldwork-capacity")
    page.go_back()
    page.click("text=by person")
    a11y.check(page, "fieldwork-by-person")
    page.click("nav >> text=Fieldwork")
    page.click("text=Training register")
    a11y.check(page, "training-register")
    assert "Records reader training" in page.content()

    # when: an inspector notes a point from the first session and downloads the lead inspector's calendar
    page.context.clear_cookies()
    sign_in(page, "inspector")
    page.click("nav >> text=Fieldwork")
    page.click("text=Opening meeting with the planning group")
    page.select_option("#area", index=1)
    page.select_option("#kind", "strength")
    page.fill("#point", "Partners describe a shared plan for the review.")
    page.click("button:has-text('Add the point')")
    assert "Partners describe a shared plan for the review." in page.content()
    a11y.check(page, "fieldwork-session")
    with page.expect_download() as download_info:
        page.click("a:has-text('David Lindsay')")
    with open(download_info.value.path(), "rb") as handle:
        events = parse_calendar(handle.read())
    assert any("Chief officers' group" in str(event["SUMMARY"]) for event in events)

    # and subscribes to their own feed, then revokes it
    page.goto("/my-calendar")
    page.click("button:has-text('Make my feed')")
    a11y.check(page, "my-calendar")
    address = page.locator("td", has_text="/calendar/").first.inner_text().strip()
    with urllib.request.urlopen(BASE_URL + address[address.index("/calendar/"):]) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        parse_calendar(response.read())
    page.click("button:has-text('Revoke my feed')")
    try:
        urllib.request.urlopen(BASE_URL + address[address.index("/calendar/"):])
        raise AssertionError("a revoked feed still answers")
    except urllib.error.HTTPError as error:
        assert error.code == 404
