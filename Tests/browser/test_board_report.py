"""The report to the board, as a coordinator writes it and the board's clerk prints it."""
import os
import shutil
import subprocess
import tempfile

from conftest import SHOTS, sign_in


def pdf_of(docx_bytes, folder):
    """The .docx converted to PDF by LibreOffice, as a council's clerk would open it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to check the .docx files (scripts/test installs it)"
    source = os.path.join(folder, "report.docx")
    with open(source, "wb") as handle:
        handle.write(docx_bytes)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf", "--outdir", folder, source],
                   check=True, capture_output=True, timeout=180)
    return os.path.join(folder, "report.pdf")


def test_read_edit_an_implication_download_and_print(browser, page, a11y):
    # given: a coordinator opens the demo's board report
    sign_in(page, "coordinator")
    page.click("nav >> text=Board reports")
    a11y.check(page, "board-reports")
    page.click("table >> text=Progress review of services for children")
    a11y.check(page, "board-report")
    assert "Version 2 of 2" in page.content()
    assert page.locator("h2", has_text="Appendix 2").count() == 1
    # the records chart; the staff survey is still open and shows its results only once it closes
    assert page.locator("figure.chart img").count() == 1
    assert "Its results are not shown until it closes on 28 September 2018." in page.content()

    # when: a part is emptied of its subject, the error names it; then an implication is changed
    page.fill("#subject", "")
    page.click("button:has-text('Save a new version')")
    assert "Enter the subject" in page.content()
    a11y.check(page, "board-report-error")
    page.fill("#subject", "Progress review of services for children and young people in Northfield")
    page.fill("#text_staffing", "Twelve staff are released from front-line duties for the two on-site weeks.\n\n- Cover is agreed with each team manager.")
    page.click("button:has-text('Save a new version')")

    # then: version 3 shows the new wording, and version 1 is still there as it was
    assert "Version 3 saved" in page.content()
    assert "Twelve staff are released from front-line duties" in page.content()
    assert page.locator("li", has_text="Cover is agreed with each team manager.").count() == 1
    page.click("text=Version 1, saved by Karen Ross")
    assert "Version 1 of 3" in page.content()
    assert "Twelve staff" not in page.content()
    page.click("text=Show the latest version")

    # and the .docx opens in LibreOffice with the edited implication and the chart as an image
    with page.expect_download() as download_info:
        page.click("text=Download this version as Word (.docx)")
    assert download_info.value.suggested_filename == "Board report 2018-09-13 v3.docx"
    with open(download_info.value.path(), "rb") as handle:
        docx = handle.read()
    with tempfile.TemporaryDirectory() as folder:
        pdf = pdf_of(docx, folder)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
        images = subprocess.run(["pdfimages", "-list", pdf], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
        pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout.splitlines()
                         if line.startswith("Pages:")))
        if SHOTS:
            subprocess.run(["pdftoppm", "-r", "50", "-png", pdf, os.path.join(SHOTS, "board-report-docx-page")], check=True)
    assert "REPORT TO: Community Planning Board on 13 September 2018" in text
    assert "Summary of implications" in text
    assert "Twelve staff are released from front-line duties" in text
    assert "Staff survey results by improvement area" in text
    assert len(images) == 1
    assert pages >= 4

    # and the print-ready page is one accessible document with the charts inline
    page.click("text=Open this version as a print-ready page")
    assert page.locator("svg[role=img]").count() == 1
    assert "Twelve staff are released" in page.content()
    a11y.check(page, "board-report-print")


def test_start_a_report_and_adapt_the_template(browser, page, a11y):
    # given: an administrator renames implication (g) in the template
    sign_in(page, "admin")
    page.click("nav >> text=Administration")
    page.click("text=Board report template")
    a11y.check(page, "report-template")
    page.fill("#heading_equalities", "Equalities, Fairer Scotland Duty and socio-economic impact")
    page.click("form:has(#heading_equalities) button:has-text('Save the template')")
    assert "Template saved." in page.content()
    page.fill("#json", "{\"name\": \"Broken\"}")
    page.click("form:has(#json) button:has-text('Save the template')")
    assert "The template is not valid JSON of the expected shape" in page.content()
    a11y.check(page, "report-template-error")
    page.click("text=Sign out")

    # when: a coordinator starts a new report for a later meeting
    sign_in(page, "coordinator")
    page.click("nav >> text=Board reports")
    page.fill("#meetingDate", "2018-12-13")
    page.fill("#by", "Chief Officer, Health and Social Care Partnership")
    page.click("button:has-text('Start the report')")

    # then: it follows the adapted template and is written from the review's data
    assert "Board report started" in page.content()
    assert page.locator("h3", has_text="Equalities, Fairer Scotland Duty and socio-economic impact").count() == 1
    assert "The team of inspectors will be on site for 2 weeks" in page.content()
    assert "Version 1 of 1" in page.content()
