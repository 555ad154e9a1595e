import Foundation
import Testing
import ThistleCore
import Vapor
@testable import ThistleServer

/// Page builders are pure: these tests give them values and read the page model they make,
/// with no request, database or HTML in between.
@Suite("Page builders")
struct PageBuilderTests {
    static let leader = Principal(accountID: UUID(), personID: UUID(), partnershipID: UUID(), name: "Leader", roles: [.leader],
                                  sessionID: UUID(), csrfToken: "token")
    static let coordinator = Principal(accountID: UUID(), personID: UUID(), partnershipID: UUID(), name: "Coordinator", roles: [.coordinator],
                                       sessionID: UUID(), csrfToken: "token")

    @Test("an administrator who must keep two-step verification sees the rule where the turn-off form would be")
    func twoStepKeptOn() {
        // when
        let page = TwoStepPages.page(.on(unusedRecoveryCodes: 1, mustKeep: true), errors: [], errorsFor: nil, csrfToken: "t")
        // then
        #expect(page.sections.map(\.heading) == ["Recovery codes", "Turn it off"])
        #expect(page.sections[1].form == nil)
        #expect(page.sections[1].table?.rows.first?.cells.first?.text.hasPrefix("Administrators must keep two-step verification on") == true)
        #expect(page.intro?.hasSuffix("You have 1 unused recovery code.") == true)
    }

    @Test("a refused two-step form shows its error; the page's other form does not")
    func twoStepErrorsStayWithTheirForm() {
        // given
        let wrong = FieldError(field: TwoStepController.passwordField(.turnOff), message: "Enter your current password to confirm it is you")
        // when
        let page = TwoStepPages.page(.on(unusedRecoveryCodes: 3, mustKeep: false), errors: [wrong], errorsFor: .turnOff, csrfToken: "t")
        // then
        let forms = page.sections.compactMap(\.form)
        #expect(forms.map(\.action) == [Paths.twoStepRecoveryCodes.url(), Paths.twoStepTurnOff.url()])
        #expect(forms.map(\.hasErrors) == [false, true])
        #expect(forms[1].fields.first?.error == wrong.message)
    }

    @Test("the dashboard's records panel says where the reading stands and links only where the viewer may go")
    func recordsPanel() {
        // given
        let reviewID = UUID()
        let notStarted = RecordsProgress.Summary(cohort: 0, sampled: 0, moderated: 0, openConcerns: 0, overdueConcerns: 0)
        let under = RecordsProgress.Summary(cohort: 300, sampled: 60, moderated: 12, openConcerns: 2, overdueConcerns: 1)
        // when
        let empty = DashboardPages.recordsPanel(notStarted, reviewID: reviewID, principal: Self.leader)
        let leaderView = DashboardPages.recordsPanel(under, reviewID: reviewID, principal: Self.leader)
        let coordinatorView = DashboardPages.recordsPanel(under, reviewID: reviewID, principal: Self.coordinator)
        // then
        #expect(empty.sentence == "Not started: no cohort of records has been imported.")
        #expect(empty.links.isEmpty && empty.concerns == nil)
        #expect(leaderView.sentence == "12 of 60 sampled records moderated (cohort of 300).")
        #expect(leaderView.concerns == "2 concerns open, 1 overdue for a response.")
        #expect(leaderView.links.map(\.label) == ["Records reading results"])
        #expect(coordinatorView.links.map(\.label) == ["The records reading", "Records reading results", "Concerns log"])
    }

    @Test("a grade is a group of radio buttons in the one form model: its note's error shows at the question and the summary links to its first option")
    func readingQuestionIsARadioGroup() {
        // given
        let question = ReadingQuestion(partnershipID: UUID(), templateID: UUID(), areaID: UUID(), key: "plan", position: 4, kind: .grade,
                                       text: "How good is the child's plan?", indicatorCodes: ["5.3"])
        question.id = UUID()
        let id = question.id!.uuidString
        let missingNote = FieldError(field: "note-\(id)", message: "Give the evidence for the grade")
        let missingGrade = FieldError(field: "grade-\(id)", message: "Choose a grade")
        // when
        let field = ReadingQuestionField.field(question: question, areaNumber: 1, scale: .sixPoint, answer: ReadingSheet.Answer(grade: 4, choice: nil, text: ""))
        let form = FormContext(action: "/r", buttons: [FormButton(label: "Submit"), FormButton(label: "Save a draft", name: "action", value: "save", secondary: true)],
                               csrfToken: "t", groups: [FieldGroup(heading: nil, fields: [field])], errors: [missingNote, missingGrade])
        // then
        let drawn = form.fields[0]
        #expect(drawn.kind == .radios && drawn.label == "4. How good is the child's plan?" && drawn.aside == "Area 1")
        #expect(drawn.options.map(\.value) == ["6", "5", "4", "3", "2", "1"])
        #expect(drawn.options.filter(\.selected).map(\.value) == ["4"])
        #expect(drawn.note?.name == "note-\(id)" && drawn.note?.label == "Evidence for the grade")
        #expect(drawn.error == missingNote.message)
        #expect(form.errors.map(\.anchor) == ["note-\(id)", "grade-\(id)-0"])
        #expect(form.buttons.map(\.label) == ["Submit", "Save a draft"])
    }

    @Test("an error about a value the form carries hidden (an expired survey form) links to the form's first question, not to nothing")
    func hiddenFieldErrorLinksToFirstField() {
        // given
        let question = FormField.radios("q1", "The partnership listens to staff", options: .radios([("4", "Agree"), ("2", "Disagree")], selected: nil, field: "q1"))
        let expired = FieldError(field: "submission", message: "This form has expired: send your answers again")
        // when
        let form = FormContext(action: "/s", buttons: [FormButton(label: "Send my answers")], csrfToken: "t",
                               groups: [FieldGroup(heading: "Area 1: Vision", fields: [question])], errors: [expired],
                               hidden: [HiddenField(name: "submission", value: "token")])
        // then
        #expect(form.errors.map(\.anchor) == ["q1-0"])
        #expect(form.groups.map(\.heading) == ["Area 1: Vision"])
    }

    @Test("the sample size calculator shows its working only once it has an answer")
    func sampleSize() throws {
        // given
        let reviewID = UUID()
        let size = try #require(SampleSize(population: 200, confidence: .ninetyFive, margin: 0.05))
        // when
        let asked = RecordsAdminPages.sampleSize(reviewID: reviewID, cohortSize: 200, population: nil, confidence: nil, margin: nil, size: nil, errors: [], csrfToken: "")
        let answered = RecordsAdminPages.sampleSize(reviewID: reviewID, cohortSize: 200, population: "200", confidence: "95", margin: "5", size: size, errors: [], csrfToken: "")
        // then
        #expect(asked.sections.count == 1)
        #expect(asked.sections[0].form?.method == "get")
        #expect(asked.sections[0].form?.fields.map(\.value) == ["200", "", "5"])
        #expect(answered.sections.first?.heading == "Read \(size.recordsToRead) records")
        #expect(answered.sections.first?.table?.rows.count == size.working.count)
    }

    @Test("the sign-in form gives back the email typed, never the password, and carries where to go next")
    func signIn() {
        // when
        let page = LoginPages.signIn(email: "lead@example.org", next: "/reviews", errors: [FieldError(field: "password", message: "Wrong")],
                                     notice: nil, csrfToken: "t")
        // then
        #expect(page.form.fields.map(\.name) == ["email", "password"])
        #expect(page.form.fields.map(\.value) == ["lead@example.org", ""])
        #expect(page.form.hidden.map(\.value) == ["/reviews"])
        #expect(page.form.errors.map(\.anchor) == ["password"])
    }
}

/// A few whole pages as HTML, compared with stored copies in `__Snapshots__` (in the style of
/// SwiftPackageIndex-Server): the template, the layout and the page model together. Set
/// THISTLE_RECORD_SNAPSHOTS=1 to write them afresh, then read the difference before committing.
@Suite("Whole pages as HTML")
struct PageSnapshotTests {
    static let hostile = "<script>alert(\"x\")</script>\" onmouseover=\"alert(1)&amp;"

    @Test("text from people lands as text in every place a page shows it, never as markup")
    func hostileText() async throws {
        try await withThistle { t in
            // given: hostile text in the heading, intro, a link, a table cell and caption, a form value and hint
            let page = PageModel(
                title: Self.hostile, heading: Self.hostile, intro: Self.hostile,
                links: [LinkItem(label: Self.hostile, url: "/x?\(Self.hostile)")],
                sections: [PageSection(heading: Self.hostile, intro: Self.hostile,
                                       table: TableBlock(caption: Self.hostile, columns: [Self.hostile],
                                                         rows: [TableRow(cells: [TableCell(text: Self.hostile, url: "/y?\(Self.hostile)")],
                                                                         actions: [RowAction(label: Self.hostile, context: Self.hostile, url: "/z", csrfToken: Self.hostile)])],
                                                         emptyText: ""),
                                       form: FormContext(action: "/f", submitLabel: Self.hostile, csrfToken: "t",
                                                         fields: [.text("name", Self.hostile, value: Self.hostile, hint: Self.hostile)],
                                                         errors: [FieldError(field: "name", message: Self.hostile)]))])
            // when
            let html = try await Self.render(page, app: t.app)
            // then
            #expect(!html.contains("<script>alert"))
            #expect(!html.contains("\" onmouseover=\""))
            #expect(html.components(separatedBy: "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;").count - 1 >= 12)
            try Self.expectSnapshot(html, named: "hostile-text")
        }
    }

    @Test("the sign-in page with a refused password, whole")
    func signInPage() async throws {
        try await withThistle { t in
            let html = try await Self.render(LoginPages.signIn(email: "lead@example.org", next: nil, errors: [FieldError(field: "password", message: "The email address or password is not right")],
                                                               notice: nil, csrfToken: "CSRF"), app: t.app)
            try Self.expectSnapshot(html, named: "sign-in-refused")
        }
    }

    @Test("the two-step page of an administrator who has not set it up, whole")
    func twoStepPage() async throws {
        try await withThistle { t in
            let html = try await Self.render(TwoStepPages.page(.off(mustSetUp: true), errors: [], errorsFor: nil, csrfToken: "CSRF"), app: t.app)
            try Self.expectSnapshot(html, named: "two-step-off")
        }
    }

    static func render<Content: PageContent>(_ page: Content, app: Application) async throws -> String {
        let request = Request(application: app, on: app.eventLoopGroup.any())
        let response = try await request.render(page)
        return response.body.string ?? ""
    }

    static func expectSnapshot(_ html: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__/\(name).html")
        if ProcessInfo.processInfo.environment["THISTLE_RECORD_SNAPSHOTS"] == "1" {
            try html.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let stored = try? String(contentsOf: file, encoding: .utf8)
        #expect(stored != nil, "no stored snapshot \(name).html: run with THISTLE_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        #expect(html == stored, "the page differs from __Snapshots__/\(name).html", sourceLocation: sourceLocation)
    }
}
