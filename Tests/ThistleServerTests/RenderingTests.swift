import Foundation
import LeafKit
import Testing
import ThistleCore
import Vapor
@testable import ThistleServer

/// Pages drawn by typed Swift code (`HTML`) must be byte for byte what the Leaf templates drew,
/// and the layout and form still drawn by Leaf for its remaining pages must not drift from them.
@Suite("Typed rendering")
struct RenderingTests {
    /// Every character HTML gives meaning to, and some it does not.
    static let awkward = "Tom & Jerry's <b>\"best\"</b> — café 🌱"

    static func signedIn() -> PageChrome {
        var chrome = PageChrome(title: "Accounts " + awkward, signedInAs: "Ann O'Neil", navigation: [
            NavigationItem(label: "Dashboard", url: "/", current: false),
            NavigationItem(label: "Admin & more", url: "/admin?a=1&b=2", current: true),
        ], csrfToken: "csrf\"token", flash: "Saved <it>", displayDateNote: "Demonstration data: " + awkward, homeURL: "/",
        logoutURL: "/logout", accountURL: "/account", loginURL: "/login", stylesheetURL: "/static/thistle.css")
        chrome.reviewSwitcher = ReviewSwitcher(action: "/reviews/choose", options: [
            .init(value: "r1", label: "Review 1 (archived)", selected: false), .init(value: "r2", label: awkward, selected: true)])
        chrome.partnershipSwitcher = ReviewSwitcher(action: "/partnerships/choose", options: [
            .init(value: "p1", label: "Moray", selected: true), .init(value: "p2", label: "Fife", selected: false)])
        chrome.searchURL = "/search"
        chrome.helpURL = "/help"
        chrome.pageHelpURL = "/help#admin"
        return chrome
    }

    static func signedOut() -> PageChrome {
        PageChrome(title: "Sign in", signedInAs: nil, navigation: [], csrfToken: "t", flash: nil, displayDateNote: nil, homeURL: "/",
                   logoutURL: "/logout", accountURL: "/account", loginURL: "/login", stylesheetURL: "/static/thistle.css")
    }

    /// A form with every kind of field, a group heading, errors, hidden values and two buttons.
    static func everyField(method: HTTPMethod = .POST) -> FormContext {
        var textarea = FormField.text("notes", "Notes", value: awkward, hint: "Say <why>", kind: .textarea)
        textarea.rows = 7
        var withAside = FormField.text("email", "Email", value: "a@b.test", kind: .email, autocomplete: "email")
        withAside.aside = "optional"
        let fields: [FormField] = [
            withAside,
            .text("score", "Score", value: "7.5", kind: .number),
            .text("password", "Password", value: nil, kind: .password, autocomplete: "current-password"),
            .text("when", "When", value: "2018-09-13", kind: .date),
            textarea,
            .select("agency", "Agency", options: .choices([("a", "Council"), ("b", awkward)], selected: "b"), hint: "The agency"),
            .checkboxes("areas", "Areas", options: .ticks([("1", "One"), ("2", "Two & three")], selected: ["2"], field: "areas"), hint: "Tick any"),
            .radios("grade", "Grade", options: .radios([("good", "Good"), ("weak", "Weak")], selected: "weak", field: "grade"), hint: "One",
                    aside: "Area 3", note: FormNote(name: "grade-note", label: "Why", value: awkward)),
            .radios("plain", "Plain", options: .radios([("x", "X")], selected: nil, field: "plain")),
            .checkbox("agree", "I agree", checked: true, hint: "You must"),
            .checkbox("later", "Later", checked: false),
            FormField(kind: .file, name: "upload", label: "File", hint: nil, value: "", error: nil, options: [], autocomplete: nil, checked: false),
        ]
        let errors = [FieldError(field: "email", message: "Enter an email address like name@example.org"),
                      FieldError(field: "grade-note", message: "Say why"), FieldError(field: "areas", message: "Tick one"),
                      FieldError(field: "agree", message: "Agree <now>"), FieldError(field: "notes", message: "Too long")]
        return FormContext(action: "/things?x=1&y=2", buttons: [FormButton(label: "Save"), FormButton(label: "Save & next", name: "then", value: "next", secondary: true)],
                           csrfToken: "form-token", groups: [FieldGroup(heading: "About " + awkward, fields: Array(fields[0..<6])),
                                                            FieldGroup(heading: nil, fields: Array(fields[6...]))],
                           errors: errors, cancelURL: "/cancel", hidden: [HiddenField(name: "next", value: "/x?a=1&b='2'")], method: method)
    }

    static func richPage() -> PageModel {
        let table = TableBlock(caption: "People " + awkward, columns: ["Name", "State"], rows: [
            TableRow(cells: [TableCell(text: awkward, url: "/people/1?x=<1>"), TableCell(text: "Overdue", tag: "red")],
                     actions: [RowAction(label: "Remove", context: awkward, url: "/people/1/remove", csrfToken: "t",
                                         fields: [HiddenField(name: "at", value: "2 & 3")])]),
            TableRow(cells: [TableCell(text: "Plain"), TableCell(text: "")]),
        ], emptyText: "No people")
        let plain = TableBlock(caption: "Sessions", columns: ["When"], rows: [TableRow(cells: [TableCell(text: "Today")])], emptyText: "None")
        let empty = TableBlock(caption: "Nothing", columns: ["A"], rows: [], emptyText: "Nothing yet & never")
        return PageModel(title: "People", section: .admin, heading: "People " + awkward, intro: "Everyone " + awkward,
                         links: [LinkItem(label: "Add a person", url: "/people/new"), LinkItem(label: awkward, url: "/x?a&b")],
                         sections: [PageSection(heading: "Everyone", id: "everyone", intro: "All of them", table: table, form: everyField()),
                                    PageSection(table: plain), PageSection(heading: "Empty", table: empty),
                                    PageSection(form: everyField(method: .GET))],
                         pagination: Pagination(page: 2, per: 10, total: 35, baseURL: "/people", query: [URLQueryItem(name: "q", value: "a&b")]),
                         backLink: LinkItem(label: "administration", url: "/admin"))
    }

    /// The generic pages compared, by a short name (the name is what the test log shows).
    static let genericPages: [String: (PageModel, PageChrome)] = [
        "every part, signed in": (richPage(), signedIn()),
        "a bare page, signed out": (PageModel(title: "Sign in", heading: "Sign in"), signedOut()),
        "links only, no sections": (PageModel(title: "Admin", heading: "Admin", links: [LinkItem(label: "Reviews", url: "/reviews")],
                                              pagination: Pagination(summary: "Newest", previousURL: nil, nextURL: "/older")), signedIn()),
    ]

    @Test("typed pages draw byte for byte what page.leaf, layout.leaf and the form partial drew",
          arguments: ["every part, signed in", "a bare page, signed out", "links only, no sections"])
    func typedMatchesLeaf(_ name: String) async throws {
        let (page, chrome) = try #require(Self.genericPages[name])
        try await Self.expectSameAsLeaf(page, chrome: chrome, marker: "<h1>")
    }

    @Test("the respondent form draws byte for byte what survey/respond.leaf drew, with a code or a help box, and errors", arguments: [false, true])
    func respondentFormMatchesLeaf(byCode: Bool) async throws {
        let page = RespondContext(title: "Staff survey " + Self.awkward, introduction: "Tell us " + Self.awkward,
                                  codeNote: byCode ? RespondContext.codeNote : nil, helpText: byCode ? nil : "Call " + Self.awkward, form: Self.everyField())
        try await Self.expectSameAsLeaf(page, chrome: Self.signedOut(), marker: "<div class=\"respond\">")
    }

    static func dashboard(full: Bool) -> DashboardContext {
        let scale = EvaluationScale.sixPoint
        let cells = [GradeCell(AreaGrades(direct: nil, indicators: [.init(code: "5.2", grade: 2), .init(code: "5.3", grade: 3)]), scale: scale),
                     GradeCell(AreaGrades(direct: 5, indicators: []), scale: scale), GradeCell(AreaGrades(direct: nil, indicators: []), scale: scale)]
        let links = [LinkItem(label: "Open " + awkward, url: "/a?b&c"), LinkItem(label: "Second", url: "/second")]
        return DashboardContext(
            reviewTitle: "Progress review " + awkward, reviewKind: "Progress review", summary: "Two of three areas graded " + awkward,
            scaleNotes: full ? ["On the six-point scale: " + awkward, "Second note"] : [],
            columns: full ? [GradeColumnHeading(label: "2016 inspection", scale: "six-point"), GradeColumnHeading(label: "2018 <self>", scale: "six-point")] : [],
            rows: full ? [AreaGradesRow(number: 1, title: "Assessment " + awkward, url: "/areas/1", cells: cells),
                          AreaGradesRow(number: 2, title: "Planning", url: "/areas/2", cells: [])] : [],
            hasGrades: full, charts: full ? [GradeChartLink(url: "/charts/1.png?v=1&x=2", alternative: "Chart of " + awkward)] : [],
            headlineRule: "Good or better " + awkward,
            keyDates: full ? [KeyDateRow(name: "Board " + awkward, date: "13 September 2018", countdown: "in 3 weeks", isPast: false),
                              KeyDateRow(name: "Start", date: "1 May 2018", countdown: "19 weeks ago", isPast: true)] : [],
            otherReviews: full ? links : [], manageURL: full ? "/reviews/1/edit" : nil,
            records: RecordsPanel(sentence: "Read 4 of 10 " + awkward, concerns: full ? "2 concerns <overdue>" : nil, concernsOverdue: full, links: full ? links : []),
            statements: StatementsPanel(sentence: "3 of 8 areas " + awkward, deadline: full ? "1 September 2018" : nil, deadlinePassed: full,
                                        gaps: full ? ["Area 2 " + awkward, "Area 3"] : [], hasGaps: full, links: links),
            hasKeyDates: full, hasOtherReviews: full, alerts: full ? links : [], hasAlerts: full)
    }

    @Test("the dashboard draws byte for byte what dashboard/show.leaf drew, full and empty", arguments: [true, false])
    func dashboardMatchesLeaf(full: Bool) async throws {
        var chrome = Self.signedIn()
        if !full { chrome.pageHelpURL = nil }
        try await Self.expectSameAsLeaf(Self.dashboard(full: full), chrome: chrome, marker: "grades-heading")
    }

    @Test("text is escaped as Leaf escapes it, and markup written by the code is not")
    func escaping() {
        // given
        var html = HTML()
        // when
        html.raw("<p title=\"")
        html.text(Self.awkward)
        html.raw("\">")
        html.text(42)
        html.raw("</p>")
        // then
        #expect(String(buffer: html.buffer) == "<p title=\"" + Self.awkward.htmlEscaped() + "\">42</p>")
        #expect(String(buffer: html.buffer).contains("Tom &amp; Jerry&#39;s &lt;b&gt;&quot;best&quot;&lt;/b&gt; — café 🌱"))
    }

    /// Draws `page` with its Leaf template and with its typed drawing code and expects the same
    /// bytes; `marker` shows that Leaf drew the page at all.
    static func expectSameAsLeaf<Page: DrawnPage>(_ page: Page, chrome: PageChrome, marker: String) async throws {
        try await withThistle { t in
            // given
            let leaf = try await t.app.view.render(Page.template, RenderedPage(chrome: chrome, content: page)).get()
            // when
            let typed = Request.draw(page, chrome: chrome)
            // then
            let leafHTML = String(buffer: leaf.data), typedHTML = String(buffer: typed)
            #expect(leafHTML.contains(marker), "Leaf drew nothing to compare with")
            #expect(typedHTML == leafHTML, "\(Page.template): first difference at \(firstDifference(typedHTML, leafHTML))")
        }
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let a = Array(a.utf8), b = Array(b.utf8)
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, index - 60)..<min(bytes.count, index + 60)], as: UTF8.self)
        }
        return "byte \(index) of \(a.count) / \(b.count)\ntyped: \(around(a))\nleaf:  \(around(b))"
    }
}
