"""Day to day: choosing a review, keeping the plan, consent before contact, a lead officer's concern."""
from conftest import sign_in


def test_a_new_review_changes_nobodys_until_they_choose_it(page, a11y):
    # given: an administrator adds a trial review
    sign_in(page, "admin")
    page.goto("/admin/reviews/new")
    page.fill("#title", "Trial review")
    page.select_option("#framework", index=1)
    page.select_option("#scale", index=1)
    page.click("button:has-text('Add review')")
    assert "Review Trial review added" in page.inner_text("main")
    page.goto("/admin/reviews")
    a11y.check(page, "d1-reviews-admin")
    assert "Active: people work in it until they choose another" in page.inner_text("main")

    # when: the coordinator signs in
    page.context.clear_cookies()
    sign_in(page, "coordinator")
    # then: still the review under way, with the trial one offered in the switcher
    assert page.locator("h1").inner_text() == "Progress review 2018"
    assert "Trial review" in page.locator("#review-switcher").inner_text()
    a11y.check(page, "d2-dashboard-with-switcher")

    # when: they choose it
    page.select_option("#review-switcher", label="Trial review")
    page.click("button:has-text('Switch')")
    # then
    assert page.locator("h1").inner_text() == "Trial review"
    assert "You are now working in Trial review" in page.inner_text("main")
    page.click("nav >> text=Improvement plan")
    assert "Improvement plan: Trial review" in page.inner_text("main")


def test_an_action_is_edited_kept_in_its_history_and_its_new_owner_sees_it(page, a11y):
    # given: the lead's first action
    sign_in(page, "lead")
    page.goto("/my/actions")
    a11y.check(page, "d3-my-actions")
    page.click("text=Audit every team's children's plans each quarter")
    page.click("text=Edit the action")
    a11y.check(page, "d4-edit-action")

    # when: the due date moves and the owner becomes the chief officer
    page.fill("#due", "2019-04-30")
    page.select_option("#ownerPerson", label="Iain Stewart")
    page.click("button:has-text('Save the action')")

    # then: the history says what changed, and the action has left the lead's list
    history = page.inner_text("main")
    assert "Due: 31 March 2019 → 30 April 2019" in history
    assert "Owner: Morag Henderson → Iain Stewart" in history
    a11y.check(page, "d5-action-history")
    page.goto("/my/actions")
    assert "Audit every team's children's plans" not in page.inner_text("main")
    page.context.clear_cookies()
    sign_in(page, "leader")
    page.goto("/my/actions")
    assert "Audit every team's children's plans each quarter" in page.inner_text("main")


def test_a_childs_meeting_without_consent_is_a_clash_and_takes_no_notes(page, a11y):
    # given: an inspector adds a meeting with a young person and no consent
    sign_in(page, "inspector")
    page.click("nav >> text=Fieldwork")
    page.click("text=Add a session")
    page.select_option("#kind", "childMeeting")
    page.fill("#title", "Young person 5")
    page.fill("#minutes", "45")
    page.click("button[type=submit]:not(.link-button)")
    # then: the session says consent comes first, and offers no note form
    main = page.inner_text("main")
    assert "has no consent recorded" in main
    assert "Record consent (who gave it, and when)" in main
    assert page.locator("#point").count() == 0
    a11y.check(page, "d6-session-without-consent")

    # when: consent is recorded
    page.click("text=Change the session")
    page.fill("#consentGivenBy", "the young person")
    page.fill("#consentRecordedOn", "2018-09-12")
    page.click("button[type=submit]:not(.link-button)")
    # then: notes may be taken
    assert "has no consent recorded" not in page.inner_text("main")
    assert page.locator("#point").count() == 1


def test_the_lead_officer_answers_the_concern_passed_to_them(page, a11y):
    # given: the demo passed concern 2 to the lead
    sign_in(page, "lead")
    assert "1 concern passed to you as lead officer waits for your response" in page.inner_text("main")
    page.click("text=1 concern passed to you as lead officer waits for your response")
    a11y.check(page, "d7-concerns-passed-to-you")
    page.click("text=Concern 2")
    assert page.locator("text=Pass it on").count() == 0
    a11y.check(page, "d8-lead-officer-concern")

    # when
    page.fill("#response", "The plan was reviewed with the family on 11 September.")
    page.click("button:has-text('Record the response')")
    # then
    assert "Response received" in page.inner_text("main")


def test_the_timetabler_keeps_families_to_a_family_room_and_says_why_when_it_cannot(page, a11y):
    # given: the coordinator in the demo's review; its family room is marked as no longer one
    sign_in(page, "coordinator")
    if page.locator("#review-switcher option", has_text="Progress review 2018").count():
        page.select_option("#review-switcher", label="Progress review 2018")
        page.click("button:has-text('Switch')")
    page.click("nav >> text=Fieldwork")
    rooms = page.locator("table", has_text="Set out for")
    assert "Families and children and young people" in rooms.locator("tr", has_text="Family room").inner_text()
    page.click("a:text-is('Family room')")
    a11y.check(page, "d9-room")
    page.uncheck("#familyRoom")
    page.click("button:has-text('Save the room')")
    assert "Family room saved" in page.inner_text("main")

    # when: the sessions still to place are placed
    page.click("text=the fieldwork plan")
    page.click("button:has-text('Place them automatically')")
    # then: the family meeting's warning is shown with why; the young people's panel went to the youth hub after school
    main = page.inner_text("main")
    assert "Warnings it could not avoid" in main
    assert "Meeting with a family 3 meets a family and needs a family room" in main
    assert "no family room holds" in main
    a11y.check(page, "d10-placed-with-warnings")
    page.click("text=the fieldwork plan")
    panel = page.locator("tr", has_text="Young Voices: young people's panel").inner_text()
    assert "Youth hub" in panel
    assert any(time in panel for time in ("15:30", "16:00", "16:30", "17:00")), panel
