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
    assert "Placed 10 sessions with no hard clash and no new warning." in page.content()
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
        page.click("main a:has-text('David Lindsay')")
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


def test_add_a_room_and_a_clashing_focus_group_print_a_day_and_mark_someone_trained(browser, page, a11y):
    # given: a coordinator adds a room
    sign_in(page, "coordinator")
    page.click("nav >> text=Fieldwork")
    page.fill("#name", "Library meeting room")
    page.fill("#location", "Northfield Library")
    page.fill("#capacity", "12")
    page.check("#stepFree")
    page.click("button:has-text('Add the room')")
    assert "Library meeting room added." in page.content()

    # when: a focus group is set at the same time as the chief officers' group, with the lead inspector
    page.click("text=Add a session")
    a11y.check(page, "session-new")
    page.select_option("#kind", "focusGroup")
    page.fill("#title", "Early years practitioners")
    page.fill("#theme", "Early help (area 2)")
    page.fill("#minutes", "60")
    page.fill("#day", "2018-11-06")
    page.fill("#start", "10:00")
    page.select_option("#room", label="Library meeting room (12)")
    page.click("button:has-text('Save the session')")
    page.select_option("#person", label="David Lindsay, Lead inspector, Care Inspectorate")
    page.click("button:has-text('Invite')")

    # then: the double booking is flagged on the session
    clash = page.locator("td", has_text="David Lindsay is in").filter(has_text="Early years practitioners").filter(has_text="Chief officers' group")
    assert clash.count() == 1

    # when: the day is printed
    page.click("text=Back to the fieldwork plan")
    page.click("text=Timetable by day")
    page.emulate_media(media="print")
    pdf = page.pdf()
    page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF")
    assert page.locator("h2", has_text="6 November 2018").count() == 1

    # and someone completes the records reader training
    page.click("nav >> text=Fieldwork")
    page.click("text=Training register")
    page.click("text=Records reader training")
    page.click("button:has-text('Mark completed'):has-text('Anne Gray')")
    assert "recorded as trained from 21 August 2018" in page.content()
    a11y.check(page, "training-course")
    page.click("text=Back to the training register")
    assert page.locator("tr", has_text="Anne Gray").filter(has_text="21 August 2018").count() == 1
