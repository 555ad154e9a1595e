"""The staff survey, from the coordinator's set-up through a respondent's answers to the results."""
import csv
import io

from conftest import BASE_URL, sign_in


def test_coordinator_sets_up_a_survey_and_a_respondent_answers_it(browser, page, a11y):
    # given: the coordinator creates a survey from the review
    sign_in(page, "coordinator")
    page.click("nav >> text=Surveys")
    a11y.check(page, "40-surveys")
    page.click("text=Create a staff survey for Progress review 2018")
    a11y.check(page, "40a-new-survey")
    page.click("button:has-text('Create the survey')")
    assert "Survey created as a draft" in page.inner_text("main")
    assert page.locator("table.table tbody tr").nth(5).is_visible()
    a11y.check(page, "41-draft-survey")
    survey_url = page.url

    # it opens from the demo's "today" and uses codes
    page.click("text=Change the settings")
    page.fill("#opensOn", "2018-09-10")
    page.fill("#closesOn", "2018-09-30")
    a11y.check(page, "42-settings")
    page.click("button:has-text('Save settings')")
    page.click("button:has-text('Open the survey')")
    assert "The survey is open" in page.inner_text("main")

    # codes for three agencies
    for name, count in [("Northfield Council", "3"), ("NHS Northfield", "2"), ("Police Scotland, Northfield Division", "1")]:
        page.get_by_label(f"Codes for {name}").fill(count)
    page.click("button:has-text('Generate codes')")
    assert "6 codes made" in page.inner_text("main")
    a11y.check(page, "43-open-survey")
    links = page.locator("text=Codes and personal links (CSV)").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(page.request.get(BASE_URL + links).text())))
    assert len(rows) == 6
    assert sorted({row["agency"] for row in rows}) == ["NHS Northfield", "Northfield Council", "Police Scotland, Northfield Division"]

    # when: a respondent, with no account, follows a personal link on a phone
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    respondent = phone.new_page()
    respondent.goto(rows[0]["link"])
    assert respondent.locator("h1").inner_text().startswith("Staff survey")
    a11y.check(respondent, "44-survey-form")

    # sending nothing names the missing answers
    respondent.click("button:has-text('Send my answers')")
    assert respondent.locator(".error-summary li").count() == 18
    a11y.check(respondent, "45-survey-errors")

    # then answering every statement is accepted
    for radio in respondent.locator("input[type=radio][value='4']").all():
        radio.check()
    respondent.locator("textarea").first.fill("More time for supervision, please.")
    respondent.click("button:has-text('Send my answers')")
    assert "Thank you" in respondent.inner_text("h1")
    a11y.check(respondent, "46-thank-you")

    # and the code opens the same form again (nothing may show who has answered), saying it counts once
    respondent.goto(rows[0]["link"])
    assert respondent.locator("h1").inner_text().startswith("Staff survey")
    assert "Your invitation code counts once" in respondent.inner_text("main")
    # a code never issued is refused, with a box to type it again
    respondent.goto(BASE_URL + "/s/ABCD-EFGH-JKMN-PQRS")
    assert "We cannot accept this code" in respondent.inner_text("h1")
    a11y.check(respondent, "46a-code-refused")
    respondent.fill("#code", "ABCD-EFGH-JKMN-PQRT")
    respondent.click("button:has-text('Try the code again')")
    assert respondent.url.endswith("/s/ABCD-EFGH-JKMN-PQRT")
    phone.close()

    # one response is fewer than the threshold: no count is released yet, and nothing says which code was used
    page.goto(survey_url)
    table = page.locator("table", has_text="Response rate").inner_text()
    assert "Not yet released" in table
    assert "No figures yet: they are released once at least 10 people have responded." in page.inner_text("main")
    assert "used" not in page.request.get(BASE_URL + links).text().splitlines()[0]

    # the new one-response survey does not replace the 2018 staff survey on readiness
    page.click("nav >> text=Surveys")
    assert "Staff survey 2018: the survey with the most responses so far" in page.inner_text("main")
    a11y.check(page, "43b-surveys-main")


def test_results_after_closing_show_bases_intervals_suppression_and_the_change_since_2017(page, a11y):
    sign_in(page, "coordinator")
    page.goto("/surveys")
    page.click("text=Staff survey 2018")
    page.click("main >> a:has-text('Close the survey now')")
    a11y.check(page, "50a-confirm-close")
    page.click("button:has-text('Close the survey now')")
    assert "The survey is closed" in page.inner_text("main")
    assert "Reopen the survey" in page.inner_text("main")
    page.click("main >> text=Results")
    main = page.inner_text("main")
    assert "Changes are measured against Staff survey 2017" in main
    assert "95% CI" in main
    assert "Not shown, to protect anonymity" in main
    assert "larger than chance would explain" in main
    # The chart is a server-drawn SVG that loads after the page: wait for it, then check it drew.
    page.wait_for_load_state("load")
    assert page.locator("figure.chart img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    a11y.check(page, "47-results")


def test_a_code_typed_by_hand_with_spaces_and_small_letters_works(page):
    page.goto("/s")
    page.fill("#code", "abcd efgh jkmn pqrs")
    page.click("button:has-text('Continue')")
    assert "We cannot accept this code" in page.inner_text("h1")
    assert page.url.endswith("/s/ABCD-EFGH-JKMN-PQRS")


def test_a_comment_is_shown_only_once_screened_and_only_as_screened(page, a11y):
    # given: the 2018 wave has closed (the test before closes it) and its comments wait to be screened
    sign_in(page, "coordinator")
    page.goto("/surveys")
    page.click("text=Staff survey 2018")
    page.click("text=Screen comments")
    assert "Waiting to be screened" in page.inner_text("main")
    a11y.check(page, "48-screening")
    comment = page.locator("h2:has-text('The next comment') + p").inner_text().split("”: ", 1)[1]
    first_word = comment.split()[0]

    # when: its first word is removed, and nothing is chosen for the next one
    page.select_option("#decision", "redact")
    page.fill("#remove", first_word)
    page.click("button:has-text('Save and show the next comment')")
    assert "Saved: kept with parts removed." in page.inner_text("main")
    page.click("button:has-text('Save and show the next comment')")
    assert "Select what to do with the comment" in page.inner_text(".error-summary")
    a11y.check(page, "49-screening-error")

    # then: the results show it as screened
    page.goto("/surveys")
    page.click("text=Results of Staff survey 2018")
    main = page.inner_text("main")
    assert "[removed]" in main
    assert comment not in main
