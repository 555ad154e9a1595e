"""The improvement plan and the readiness of each area, as the planning group would use them."""
from conftest import sign_in

HEADER = "area,title,description,owner,agency,start,due,measure,status\n"


def import_plan(page, content):
    page.set_input_files("#file", files=[{"name": "plan.csv", "mimeType": "text/csv", "buffer": content.encode()}])
    page.click("button:has-text('Import the plan')")


def test_add_import_update_and_read_readiness(browser, page, a11y):
    # given: a coordinator in the improvement plan
    sign_in(page, "coordinator")
    page.click("nav >> text=Improvement plan")
    a11y.check(page, "plan")
    assert "(overdue)" in page.content()

    # when: a plan with a bad row is imported, then a good one
    import_plan(page, HEADER + "1,Fine,,Owner,,2018-09-01,2019-03-31,,on track\n9,,,,,2018-09-01,later,,soon\n")
    assert "Nothing was imported: 1 row has problems." in page.content()
    a11y.check(page, "plan-import-refused")
    import_plan(page, HEADER + "6,Recruit an independent chair,,Elaine Baird,,2018-09-01,2018-12-31,Chair appointed,not started\n")
    assert "Imported 1 action." in page.content()

    # and progress is recorded on it
    page.click("text=Recruit an independent chair")
    page.select_option("#status", "onTrack")
    page.fill("#progress", "Three candidates shortlisted.")
    page.click("button:has-text('Record the update')")
    assert "On track (green)" in page.content()
    a11y.check(page, "action")

    # then: readiness shows each area with its gaps, and an area's page links to the fixes
    page.click("nav >> text=Improvement plan")
    page.click("text=Readiness by area")
    a11y.check(page, "readiness")
    page.click("text=6. Improve governance")
    assert page.locator("td", has_text="The statement cites no evidence under").count() == 1
    a11y.check(page, "readiness-area")
    page.click("text=The position statement")
    assert "Area 6." in page.locator("h1").inner_text()
