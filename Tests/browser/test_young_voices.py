"""A children's survey as a coordinator sets it up and a child answers it on a phone-sized
screen: one question a page, faces with words, who to talk to on every page, axe-core clean,
with and without JavaScript."""
import re

from conftest import BASE_URL, sign_in

PHONE = {"width": 375, "height": 740}


def open_childrens_survey(page, a11y):
    """Creates a children's survey for the demo review, open from the demo's today by open link; returns the link."""
    sign_in(page, "coordinator")
    page.click("nav >> text=Surveys")
    page.click("text=Create a children's survey for Progress review 2018")
    a11y.check(page, "90-new-childrens-survey")
    page.click("button:has-text('Create the survey')")
    assert "Survey created as a draft" in page.inner_text("main")
    main = page.inner_text("main")
    assert "Grown-ups listen to me." in main and "Which agency do you work for?" not in main
    page.click("text=Change the settings")
    assert page.input_value("#threshold") == "15"
    assert "Childline" in page.input_value("#helpText")
    page.fill("#opensOn", "2018-09-10")
    page.fill("#closesOn", "2018-09-30")
    page.fill("#helpText", "If you are worried or upset, talk to a grown-up you trust. You can call Childline free on 0800 1111 at any time, or the Northfield children's team on 01234 567890.")
    page.select_option("#access", "openLink")
    a11y.check(page, "91-childrens-settings")
    page.click("button:has-text('Save settings')")
    page.click("button:has-text('Open the survey')")
    assert "The survey is open" in page.inner_text("main")
    link = re.search(r"https?://\S+/o/[A-Za-z0-9_-]+", page.inner_text("main"))
    assert link, "the open link is shown on the survey's page"
    return link.group(0).replace(re.match(r"https?://[^/]+", link.group(0)).group(0), BASE_URL)


def test_a_child_answers_one_question_a_page_on_a_phone(browser, page, a11y):
    # given: an open children's survey
    link = open_childrens_survey(page, a11y)

    # when: a child opens the link on a phone-sized screen
    child = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    child.goto(link)
    # then: what the survey is, whether they want to answer, who to talk to
    assert "Do you want to answer the questions?" in child.inner_text("main")
    assert "01234 567890" in child.inner_text(".help-box")
    a11y.check(child, "92-child-welcome")

    # when: they start
    child.click("button:has-text('Yes, start')")
    # then: one question, three faces with words, large targets, and "Read it to me" (the browser has speech)
    assert "Question 1 of" in child.inner_text("main")
    faces = child.locator("label.face")
    assert faces.count() == 3
    assert [faces.nth(i).inner_text().strip() for i in range(3)] == ["Yes", "Not sure", "No"]
    for i in range(3):
        box = faces.nth(i).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, "touch targets at least 44 by 44 CSS pixels (WCAG 2.5.5)"
    assert child.locator(".help-box").is_visible()
    assert child.locator("button.read-aloud").is_visible()
    a11y.check(child, "93-child-question")

    # when: they choose "Yes" by tapping the face, and go on through every question
    faces.nth(0).tap()
    child.click("button:has-text('Next')")
    while child.locator(".step-count").count():
        if child.locator("textarea").count():
            child.fill("textarea", "I like my youth worker.")
        child.click("button:has-text('Next')")
    # then: the last page counts what was answered
    assert "You answered 2 of" in child.inner_text("main")
    a11y.check(child, "94-child-check")

    # when: they send
    child.click("button:has-text('Send my answers')")
    # then: thanked in plain words, with who to talk to
    assert "Thank you for telling us what you think" in child.inner_text("main")
    assert "0800 1111" in child.inner_text(".help-box")
    a11y.check(child, "95-child-thanks")
    child.context.close()


def test_a_childrens_survey_works_without_javascript(browser, page, a11y):
    # given: an open children's survey, and a browser with JavaScript off
    link = open_childrens_survey(page, a11y)
    child = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
    # when: a child answers "Not sure" to the first question and sends
    child.goto(link)
    child.click("button:has-text('Yes, start')")
    # then: no "Read it to me" without speech, and the page still works
    assert not child.locator("button.read-aloud").is_visible()
    child.check("label.face:has-text('Not sure') input")
    child.click("button:has-text('Next')")
    assert "Question 2 of" in child.inner_text("main")
    child.click("button:has-text('Back')")
    assert child.locator("label.face:has-text('Not sure') input").is_checked(), "the answer is kept going back"
    while child.locator(".step-count").count():
        child.click("button:has-text('Next')")
    child.click("button:has-text('Send my answers')")
    assert "Thank you for telling us what you think" in child.inner_text("main")
    child.context.close()
