"""Evidence, position statements and the submission pack, as an area lead and a coordinator would use them."""
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from conftest import sign_in


def office_bomb():
    """An Office-looking ZIP whose one part of spaces expands about a thousandfold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", " " * 30_000_000)
    return buffer.getvalue()


def small_docx(text):
    """A real Word document, written by hand as Word would read it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    return buffer.getvalue()


def add_evidence(page, title, name, content):
    page.select_option("#kind", "file")
    page.set_input_files("#file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}])
    page.fill("#title", title)
    page.fill("#description", "Uploaded in the browser test")
    page.fill("#periodStart", "2018-09-10")
    page.check("#areas-1")
    page.click("button:has-text('Add to the library')")


def test_upload_refusals_cite_flag_approve_compare_and_pack(browser, page, a11y):
    # given: the lead of areas 1 and 2, in the evidence library
    sign_in(page, "lead")
    page.click("nav >> text=Evidence")
    a11y.check(page, "evidence-library")
    page.click("text=Add evidence")
    new_evidence = page.url
    a11y.check(page, "evidence-new")

    # when: a renamed program, a ZIP bomb and an oversize file are uploaded
    add_evidence(page, "Minutes", "minutes.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    assert "This is a program, not a document, whatever its name says" in page.content()
    a11y.check(page, "evidence-refused")
    page.goto(new_evidence)
    add_evidence(page, "Report", "report.docx", office_bomb())
    assert "archive bomb" in page.content()
    page.goto(new_evidence)
    add_evidence(page, "Huge", "huge.txt", b"A" * 26_000_000)
    assert "The file is larger than the 25 MB allowed, so nothing was stored." in page.content()

    # then: a real file is taken, numbered and stored
    page.goto(new_evidence)
    add_evidence(page, "Neglect practice audit, September 2018", "neglect audit.docx", small_docx("Neglect practice audit"))
    heading = page.locator("h1").inner_text()
    number = re.match(r"E(\d+):", heading).group(1)
    assert "Neglect practice audit, September 2018" in heading
    assert page.locator("text=Download neglect audit.docx").count() == 1
    a11y.check(page, "evidence-item")

    # when: the lead cites it in area 2's statement, with one paragraph citing nothing
    page.click("nav >> text=Position statements")
    page.click("text=2. Improve initial risk assessment")
    page.click("text=Write or change the statement")
    a11y.check(page, "statement-edit")
    page.fill("#howWeKnow", f"Referral discussions are timely [E6].\n\nOur September audit shows better neglect assessments [E{number}].\n\nManagers say practice is more confident.")
    page.click("button:has-text('Save a new version')")

    # then: the citation is a link, the uncited claim is flagged, and it is a draft again
    assert page.locator(f"main a:has-text('[E{number}]')").count() == 1
    assert "Paragraph 3 under \"How do we know?\" cites no evidence" in page.locator(".notification-warning").inner_text()
    assert page.locator(".uncited").count() == 1
    assert page.locator(".tag").first.inner_text() == "Draft"
    a11y.check(page, "statement-flagged")
    page.click("button:has-text('Mark ready for review')")
    assert "now ready for review" in page.content()
    statement_url = page.url

    # when: a coordinator approves it and compares the versions
    page.context.clear_cookies()
    sign_in(page, "coordinator")
    page.goto(statement_url)
    page.click("button:has-text('Approve')")
    assert page.locator(".tag").first.inner_text() == "Approved"
    # the comparison offers the version before the current one and the current one
    page.click("button:has-text('Compare')")
    assert page.locator("ins", has_text=f"[E{number}]").count() >= 1
    assert page.locator("del").count() >= 1
    a11y.check(page, "statement-compare")

    # then: the draft pack holds every statement and cited file, each matching the manifest
    page.click("nav >> text=Position statements")
    page.click("text=Submission pack")
    a11y.check(page, "submission")
    with page.expect_download() as download_info:
        page.click("text=Download a draft of the pack to check")
    pack_path = download_info.value.path()
    with zipfile.ZipFile(pack_path) as pack:
        names = pack.namelist()
        manifest = pack.read("manifest.sha256").decode()
        listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in manifest.splitlines()}
        assert set(listed) == set(names) - {"manifest.sha256"}
        for name in names:
            if name != "manifest.sha256":
                assert hashlib.sha256(pack.read(name)).hexdigest() == listed[name], name
        assert any(name.startswith(f"evidence/files/E{number}-") for name in names)
        assert f'id="E{number}"' in pack.read("evidence/index.html").decode()
        docx = pack.read("statements/area-02.docx")

    # and the statement's .docx opens in LibreOffice
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to check the .docx files (scripts/test installs it)"
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "area-02.docx")
        with open(source, "wb") as handle:
            handle.write(docx)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf", "--outdir", folder, source],
                       check=True, capture_output=True, timeout=180)
        text = subprocess.run(["pdftotext", os.path.join(folder, "area-02.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    assert "Position statement: area 2." in text
    assert "How do we know?" in text
    assert f"[E{number}]" in text
