import Foundation
import Leaf
import ThistleCore
import Vapor

/// `thistle benchmark-rendering [--iterations N]`: draws pages built from synthetic values with
/// Leaf (as the pages were drawn, template cache on, the context encoded on every draw) and with
/// the typed Swift drawing code (`HTML`), and prints the time each takes per page as a Markdown
/// table. Run by `Benchmarks/rendering/run` with a release build; the figures decided which
/// renderer Thistle uses (Benchmarks/RESULTS.md, "Rendering").
struct RenderingBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "iterations", help: "Draws of each page with each renderer (default 2000).")
        var iterations: String?
    }

    var help: String { "Times drawing pages with Leaf and with the typed renderer." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        app.leaf.cache.isEnabled = true
        let iterations = try CommandOptionRules.count(signature.iterations, option: "iterations", default: 2000, maximum: 10_000_000)
        guard iterations > 0 else { throw OptionProblem(option: "iterations", rule: "must be 1 or more", given: signature.iterations) }
        context.console.print("| Page | Bytes | Leaf µs/page | Typed µs/page | Leaf ÷ typed | Same bytes |")
        context.console.print("|---|---|---|---|---|---|")
        for (name, page) in try Self.pages() {
            let row = try await Self.measure(page, app: app, iterations: iterations)
            context.console.print("| \(name) | \(row.bytes) | \(Self.format(row.leaf)) | \(Self.format(row.typed)) | "
                + "\(String(format: "%.1f", row.leaf / row.typed))× | \(row.same ? "yes" : "NO") |")
        }
    }

    private static func format(_ microseconds: Double) -> String {
        String(format: microseconds < 100 ? "%.1f" : "%.0f", microseconds)
    }

    /// A page of each shape: the signed-in account page, an administration table of 500 rows
    /// with a button each, the staff survey's respondent form (the starter questions for four
    /// improvement areas) and a review's dashboard.
    static func pages() throws -> [(String, any DrawnPage)] {
        let principal = Principal(accountID: UUID.random(), personID: UUID.random(), partnershipID: UUID.random(), name: "Jo Bloggs", roles: [.coordinator],
                                  sessionID: UUID.random(), csrfToken: "token")
        let sessions = (0..<3).map { index in
            MyAccountOverview.Session(id: index == 0 ? principal.sessionID : UUID.random(), createdAt: Date(timeIntervalSince1970: 1_536_800_000 + Double(index) * 3600),
                                      lastSeenAt: Date(timeIntervalSince1970: 1_536_810_000 + Double(index) * 3600))
        }
        let overview = MyAccountOverview(email: "jo.bloggs@moray.example", hasSecondFactor: false, alerts: .immediate, sessions: sessions)
        let accountPage = PeoplePages.myAccount(principal: principal, overview: overview, csrfToken: "csrf-token")

        let rows = (1...500).map { index in
            TableRow(cells: [TableCell(text: "Record \(index)", url: "/records/\(index)"), TableCell(text: "Reader & moderator \(index % 7)"),
                             TableCell(text: index % 3 == 0 ? "Overdue" : "On track", tag: index % 3 == 0 ? "red" : "green"),
                             TableCell(text: "13 September 2018")],
                     actions: [RowAction(label: "Remove", context: "record \(index)", url: "/records/\(index)/remove", csrfToken: "csrf-token")])
        }
        let table = PageModel(title: "Records", section: .records, heading: "Records to read", intro: "Every record in the sample, with who reads it.",
                              sections: [PageSection(table: TableBlock(caption: "Records", columns: ["Record", "Reader", "State", "Due"],
                                                                      rows: rows, emptyText: "No records"))])

        let survey = Survey(partnershipID: principal.partnershipID, reviewID: UUID.random(), title: "Staff survey 2018",
                            introduction: "Tell us what you think of how we work together to protect children. Your answers are anonymous.",
                            opensOn: CalendarDate(year: 2018, month: 9, day: 1)!, closesOn: CalendarDate(year: 2018, month: 9, day: 30)!, comparesWithID: nil)
        let areas = (1...4).map { RespondChoices.Area(id: UUID.random(), number: $0, title: "Improvement area \($0): working together to keep children safe") }
        let questions = try StarterSurvey.questions(for: areas.map { StarterSurvey.Area(number: $0.number, title: $0.title) }).enumerated().map { index, question in
            try SurveyQuestionValue(SurveyQuestion(id: UUID.random(), partnershipID: principal.partnershipID, surveyID: UUID.random(),
                                               areaID: question.areaNumber.map { areas[$0 - 1].id }, key: question.key, position: index,
                                               kind: question.kind, text: question.text, required: question.required, options: question.options))
        }
        let choices = RespondChoices(agencies: ["Council", "Health board", "Police Scotland", "Children's Reporter", "Third sector"].map {
            RespondChoices.Agency(id: UUID.random(), name: $0)
        }, areas: areas)
        let form = RespondContext.make(survey: survey, questions: questions, choices: choices, byCode: false, action: "/o/link", submitted: [:],
                                       formToken: "form-token", errors: [], csrfToken: "csrf-token")
        return [("Own account page", accountPage), ("Administration table, 500 rows", table),
                ("Respondent form, \(questions.count) questions", form), ("Review dashboard, 8 areas graded in 3 reviews", dashboard())]
    }

    /// The dashboard of a review with eight improvement areas, each graded in three reviews.
    static func dashboard() -> DashboardContext {
        let scale = EvaluationScale.sixPoint
        let links = [LinkItem(label: "Records to read", url: "/records"), LinkItem(label: "Moderation", url: "/records/moderation")]
        let rows = (1...8).map { number in
            AreaGradesRow(number: number, title: "Improvement area \(number): getting help at the right time", url: "/areas/\(number)", cells: [
                GradeCell(AreaGrades(direct: nil, indicators: [.init(code: "5.\(number)", grade: 2 + number % 3), .init(code: "2.\(number)", grade: 3)]), scale: scale),
                GradeCell(AreaGrades(direct: 3 + number % 3, indicators: []), scale: scale), GradeCell(AreaGrades(direct: nil, indicators: []), scale: scale)])
        }
        let keyDates = (1...6).map { KeyDateRow(name: "Key date \($0)", date: "\($0) October 2018", countdown: "in \($0) weeks", isPast: false) }
        return DashboardContext(
            reviewTitle: "Progress review 2018", reviewKind: "Progress review", summary: "Five of eight areas graded good or better by the partnership.",
            scaleNotes: ["On the six-point scale: grades of Good (4) and above count as good or better."],
            columns: ["2016 inspection", "2018 self-evaluation", "2018 progress review"].map { GradeColumnHeading(label: $0, scale: "six-point scale") },
            rows: rows, hasGrades: true, charts: [GradeChartLink(url: "/reviews/1/chart.png", alternative: "Grades of eight areas in three reviews")],
            headlineRule: "Good or better: Good (4) and above.", keyDates: keyDates, otherReviews: [LinkItem(label: "Joint inspection 2016", url: "/reviews/2")],
            manageURL: "/reviews/1/edit", records: RecordsPanel(sentence: "120 of 200 records read.", concerns: "2 concerns wait for a response.", concernsOverdue: true, links: links),
            statements: StatementsPanel(sentence: "6 of 8 areas have a statement.", deadline: "1 September 2018", deadlinePassed: false,
                                        gaps: ["Area 7", "Area 8"], hasGaps: true, links: links),
            hasKeyDates: true, hasOtherReviews: true, alerts: links, hasAlerts: true)
    }

    struct Measured {
        let bytes: Int
        let leaf: Double
        let typed: Double
        let same: Bool
    }

    /// Microseconds per draw with each renderer, after a warm-up of each.
    static func measure(_ page: any DrawnPage, app: Application, iterations: Int) async throws -> Measured {
        let chrome = RenderingBenchmarkCommand.chrome(title: page.pageTitle)
        func leaf() async throws -> ByteBuffer {
            try await Self.leaf(page, chrome: chrome, app: app)
        }
        func typed() -> ByteBuffer { Request.draw(page, chrome: chrome) }
        let leafPage = try await leaf(), typedPage = typed()
        for _ in 0..<max(10, iterations / 10) { _ = try await leaf(); _ = typed() }
        let clock = ContinuousClock()
        var start = clock.now
        for _ in 0..<iterations { _ = try await leaf() }
        let leafTime = clock.now - start
        start = clock.now
        for _ in 0..<iterations { _ = typed() }
        let typedTime = clock.now - start
        func microseconds(_ duration: Duration) -> Double {
            (Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12) / Double(iterations)
        }
        return Measured(bytes: typedPage.readableBytes, leaf: microseconds(leafTime), typed: microseconds(typedTime), same: leafPage == typedPage)
    }

    private static func leaf<Content: DrawnPage>(_ page: Content, chrome: PageChrome, app: Application) async throws -> ByteBuffer {
        try await app.view.render(Content.template, RenderedPage(chrome: chrome, content: page)).get().data
    }

    /// The chrome of a coordinator's page: eight navigation items, search, help, both switchers.
    static func chrome(title: String) -> PageChrome {
        var chrome = PageChrome(title: title, signedInAs: "Jo Bloggs", navigation: ["Dashboard", "Surveys", "Records reading", "Position statements",
                                                                                     "Evidence", "Fieldwork", "Improvement plan", "Administration"].map {
            NavigationItem(label: $0, url: "/" + $0.lowercased().replacingOccurrences(of: " ", with: "-"), current: $0 == "Administration")
        }, csrfToken: "csrf-token", flash: nil, displayDateNote: nil, homeURL: "/", logoutURL: "/logout", accountURL: "/account",
        loginURL: "/login", stylesheetURL: "/static/thistle.css")
        chrome.reviewSwitcher = ReviewSwitcher(action: "/reviews/choose", options: [
            .init(value: UUID.random().uuidString, label: "Progress review 2018", selected: true),
            .init(value: UUID.random().uuidString, label: "Joint inspection 2016 (archived)", selected: false)])
        chrome.partnershipSwitcher = ReviewSwitcher(action: "/partnerships/choose", options: [
            .init(value: UUID.random().uuidString, label: "Moray", selected: true), .init(value: UUID.random().uuidString, label: "Highland", selected: false)])
        chrome.searchURL = "/search"
        chrome.helpURL = "/help"
        chrome.pageHelpURL = "/help#admin"
        return chrome
    }
}
