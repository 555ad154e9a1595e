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


def cells_of(xlsx_path, folder):
    """The workbook's first sheet as LibreOffice reads it, converted to CSV: each cell as shown."""
    import csv
    import os
    import shutil
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to open the workbooks (scripts/test installs it)"
    source = os.path.join(folder, "export.xlsx")
    shutil.copy(xlsx_path, source)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "csv", "--outdir", folder, source],
                   check=True, capture_output=True, timeout=180)
    with open(os.path.join(folder, "export.csv"), newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_plan_downloaded_for_excel_opens_in_libreoffice_with_dates_as_dates(page, a11y, tmp_path):
    # given: the coordinator's improvement plan, with an action whose title looks like a formula
    sign_in(page, "coordinator")
    page.click("nav >> text=Improvement plan")
    page.locator("main table a").first.click()
    page.click("text=Edit the action")
    page.fill("#title", "=1+1 audit the plans")
    page.click("button:has-text('Save the action')")
    page.click("nav >> text=Improvement plan")
    a11y.check(page, "t4-plan-with-downloads")
    # when: it is downloaded for Excel
    with page.expect_download() as download:
        page.click("text=Download the improvement plan for Excel (.xlsx)")
    assert download.value.suggested_filename.endswith(".xlsx")
    rows = cells_of(download.value.path(), str(tmp_path))
    # then: a header row, numbers as numbers, dates shown as dates, the formula-like title as text
    header = rows[0]
    assert header[:3] == ["Action", "Area", "Title"]
    due = header.index("Due")
    first = rows[1]
    assert first[0] == "1"
    # LibreOffice writes a date cell in its own date form; text would come back as written (2019-03-31)
    import re
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", first[due]), first[due]
    assert any(row[2] == "=1+1 audit the plans" for row in rows[1:])


def test_the_planning_group_records_a_meeting(page, a11y):
    # given: the coordinator on the planning group's page
    sign_in(page, "coordinator")
    page.click("nav >> text=Improvement plan")
    page.click("text=Inspection Planning Group")
    assert "Co-chairs: Fiona Grant and Iain Stewart." in page.inner_text("main")
    # when
    page.fill("#heldOn", "2018-09-10")
    page.fill("#decisions", "Agreed the report to the board of 13 September.")
    page.click("button:has-text('Record the meeting')")
    # then
    assert "Meeting of 10 September 2018 recorded." in page.inner_text("main")
    a11y.check(page, "t5-planning-group")


def test_help_is_one_click_from_any_page(page, a11y):
    # given: a lead on their dashboard
    sign_in(page, "lead")
    # when
    page.click("header >> text=Help")
    # then: the steps of a review, with where each is done, and the glossary
    main = page.inner_text("main")
    assert "Help: how a progress review runs" in main and "Network of support" in main
    a11y.check(page, "t6-help")
    page.click("main a:text-is('Position statements')")
    assert "Position statements" in page.locator("h1").inner_text()
