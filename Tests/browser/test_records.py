"""The records reading, as a coordinator, a partnership reader and an inspector would do it."""
import re

from conftest import BASE_URL, sign_in

HEADER = "local_reference,agencies,category,age_band,locality,last_significant_event\n"
CATEGORIES = ["Child in need", "On the child protection register", "Looked after away from home", "Looked after at home"]


def cohort_csv(rows):
    return (HEADER + "".join(
        f"RB-{n},Northfield Council; NHS Northfield,{CATEGORIES[n % 4]},5-11,Eastburn,2018-0{n % 8 + 1}-15\n" for n in range(1, rows + 1)
    )).encode()


def upload(page, content, name="cohort.csv"):
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.click("button:has-text('Import the cohort')")


def grade_everything(page, grade, note):
    for radio in page.locator(f"main form input[type=radio][value='{grade}']").all():
        radio.check()
    for radio in page.locator("main form input[type=radio][value='yes']").all():
        radio.check()
    for box in page.locator("main form textarea[name^='note-']").all():
        box.fill(note)


def test_import_sample_pair_read_blind_moderate_raise_a_concern_and_see_results(browser, page, a11y):
    # given: a coordinator with a new, already-reported review (so the demo's review stays current)
    sign_in(page, "coordinator")
    page.goto("/admin/reviews/new")
    page.select_option("#kind", "progressReview")
    page.fill("#title", "Records rehearsal 2018")
    page.select_option("#framework", index=1)
    page.select_option("#scale", index=1)
    page.select_option("#followsUp", label="Joint inspection of services for children and young people (2017)")
    page.fill("#reportedOn", "2018-03-01")
    page.click("main button[type=submit]")
    review_id = re.search(r"/admin/reviews/([0-9A-F-]{36})", page.url).group(1)

    # when: a bad cohort file
    page.goto(f"/reviews/{review_id}/records/cohort")
    upload(page, (HEADER + "RB-1,Northfield Council,Adopted,5-11,Eastburn,2018-01-01\nRB-1,Fire Service,Child in need,5-11,Eastburn,2018-01-01\n").encode())
    # then: every bad row is listed and nothing is imported
    summary = page.inner_text(".error-summary")
    assert "Nothing was imported: 2 rows have problems." in summary
    assert "Row 2: category “Adopted” must be one of" in summary
    assert "Row 3: local_reference repeats the one on row 2" in summary
    assert "No records yet." in page.inner_text("main")
    a11y.check(page, "60-cohort-errors")

    # when: a good one
    upload(page, cohort_csv(40))
    assert "40 records imported into the cohort." in page.inner_text("main")
    a11y.check(page, "61-cohort")

    # the calculator shows its working
    page.goto(f"/reviews/{review_id}/records/sample-size")
    page.fill("#population", "400")
    page.fill("#margin", "5")
    page.click("button:has-text('Work it out')")
    assert "Read 197 records" in page.inner_text("main")
    a11y.check(page, "62-sample-size")

    # draw the sample from a seed
    page.goto(f"/reviews/{review_id}/records")
    page.fill("#size", "8")
    page.fill("#seed", "1105")
    page.click("button:has-text('Draw the sample')")
    assert "Sample of 8 drawn with seed 1105." in page.inner_text("main")
    assert page.get_by_role("cell", name="R-008", exact=True).count() == 1
    a11y.check(page, "63-sample")

    # pair a trained partnership reader with an inspector, and allocate
    page.goto(f"/reviews/{review_id}/records/pairs")
    page.select_option("#reader", label="Ruth Cameron")
    page.select_option("#inspector", label="David Lindsay")
    page.click("button:has-text('Make the pair')")
    assert "Pair 1 made." in page.inner_text("main")
    page.click("button:has-text('Allocate the records to pairs')")
    assert "Records allocated evenly across the pairs." in page.inner_text("main")
    a11y.check(page, "64-pairs")
    page.goto(f"/reviews/{review_id}/records/template")
    a11y.check(page, "65-template")

    # when: the reader grades R-001 of this review on their own
    reader = browser.new_context(base_url=BASE_URL, viewport={"width": 1200, "height": 900}).new_page()
    sign_in(reader, "reader")
    reader.goto("/my-records")
    a11y.check(reader, "66-my-records")
    reader.locator("tr", has_text="Records rehearsal 2018").filter(has_text="R-001").locator("a").click()
    record_url = reader.url
    assert "You read as the partnership reader of Pair 1." in reader.inner_text("main")
    reader.click("button:has-text('Submit my reading')")
    assert "Question 1: choose a grade" in reader.inner_text(".error-summary")
    a11y.check(reader, "67-reading-errors")
    grade_everything(reader, "4", "Reader: chronology up to date")
    reader.click("button:has-text('Submit my reading')")
    assert "Reading submitted." in reader.inner_text("main")
    assert "Moderate with your pair" not in reader.inner_text("main")

    # and the inspector, in another browser, grades it differently without seeing the reader's grades
    inspector = browser.new_context(base_url=BASE_URL, viewport={"width": 1200, "height": 900}).new_page()
    sign_in(inspector, "inspector")
    inspector.goto(record_url)
    assert "Reader: chronology up to date" not in inspector.inner_text("main")
    a11y.check(inspector, "68-record")
    grade_everything(inspector, "3", "Inspector: plan not timed")
    inspector.click("button:has-text('Submit my reading')")
    assert "Reading submitted." in inspector.inner_text("main")

    # then: moderation shows both with the differences marked, and the pair agrees
    reader.goto(record_url)
    reader.click("text=Moderate with your pair")
    main = reader.inner_text("main")
    assert "7 answers differ" in main and "Inspector: plan not timed" in main
    a11y.check(reader, "69-moderation")
    grade_everything(reader, "4", "Agreed after discussion")
    reader.click("button:has-text('Save the agreed answers')")
    assert "Agreed grades saved." in reader.inner_text("main")

    # and a concern is raised from the record
    reader.goto(record_url)
    reader.select_option("#severity", "high")
    reader.fill("#details", "No safety plan after the May incident")
    reader.click("button:has-text('Raise the concern')")
    assert "Concern 1 raised" in reader.inner_text("main")

    # the reader cannot open a record that is not theirs
    page.goto("/records")
    action = page.locator("tr", has_text="Pair 2").first.locator("form").first.get_attribute("action")
    other_record = action.rsplit("/", 1)[0]
    response = reader.goto(other_record)
    assert response.status == 404

    # results: a base and an interval on every figure, and agreement between the readers
    page.goto(f"/reviews/{review_id}/records/results")
    main = page.inner_text("main")
    assert "100% good or better (1 of 1 records; 95% CI 21–100%)" in main
    assert "κ = 0.00" in main and "Low agreement" in main
    assert page.locator("img[alt^='Bar chart of the agreed grades']").first.evaluate("img => img.naturalWidth") > 0
    a11y.check(page, "70-results")
    page.goto(f"/reviews/{review_id}/concerns")
    assert "Concern 1" in page.inner_text("main")
    a11y.check(page, "71-concerns")
    reader.context.close()
    inspector.context.close()
