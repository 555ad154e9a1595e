import Vapor

/// What a page builder makes: everything a page shows, as plain values, and the template that
/// draws it. Builders are pure functions of loaded data; `Request.render` adds the layout's
/// chrome (who is signed in, the navigation) and draws it.
protocol PageContent: Encodable {
    static var template: String { get }
    /// The browser's title for the page.
    var pageTitle: String { get }
    /// The navigation section the page belongs to, if any.
    var pageSection: Section? { get }
}

/// A page with the layout's chrome beside its content, as the templates read it (`page.title`).
struct RenderedPage<Content: PageContent>: Encodable {
    let chrome: PageChrome
    let content: Content

    private enum CodingKeys: String, CodingKey { case page }

    func encode(to encoder: any Encoder) throws {
        try content.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chrome, forKey: .page)
    }
}

extension Request {
    func render<Content: PageContent>(_ content: Content, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await view(content).encodeResponse(status: status, for: self)
    }

    /// The page drawn with the layout's chrome, not yet a response.
    func view<Content: PageContent>(_ content: Content) async throws -> View {
        var chrome = chrome(content.pageTitle, section: content.pageSection)
        if auth.has(Principal.self) {
            // Both switchers are kept until the audit chain moves: one read of its head serves both.
            let head: String
            if let known = knownAuditHead { head = known } else { head = try await AuditLog.headHash(on: db) }
            chrome.reviewSwitcher = try await reviewSwitcher(head: head)
            chrome.partnershipSwitcher = try await partnershipSwitcher(head: head)
        }
        if let drawn = content as? any DrawnPage {
            return View(data: Self.draw(drawn, chrome: chrome))
        }
        return try await view.render(Content.template, RenderedPage(chrome: chrome, content: content))
    }

    /// A typed page in the layout, as bytes.
    static func draw(_ content: some DrawnPage, chrome: PageChrome) -> ByteBuffer {
        var html = HTML()
        LayoutHTML.draw(chrome, into: &html) { content.drawContent(into: &$0, page: chrome) }
        // A Leaf page ended with its template file's last line break, after the layout's.
        html.raw("\n")
        return html.buffer
    }

    /// The `page` query parameter, at least 1.
    var pageNumber: Int {
        max(1, query[Int.self, at: "page"] ?? 1)
    }
}

/// The one shape most pages take: a heading, some links, then sections that each hold a table
/// (with optional row buttons), a form, or both. One template draws them all.
struct PageModel: PageContent {
    static let template = "page"
    let title: String
    var section: Section? = nil
    let heading: String
    var intro: String? = nil
    var links: [LinkItem] = []
    var sections: [PageSection] = []
    var pagination: Pagination? = nil
    var backLink: LinkItem? = nil

    var pageTitle: String { title }
    var pageSection: Section? { section }

    private enum CodingKeys: String, CodingKey {
        case heading, intro, links, sections, pagination, backLink, hasLinks
    }

    /// Adds `hasLinks`: Leaf treats an empty list as true.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(heading, forKey: .heading)
        try container.encodeIfPresent(intro, forKey: .intro)
        try container.encode(links, forKey: .links)
        try container.encode(!links.isEmpty, forKey: .hasLinks)
        try container.encode(sections, forKey: .sections)
        try container.encodeIfPresent(pagination, forKey: .pagination)
        try container.encodeIfPresent(backLink, forKey: .backLink)
    }
}

struct PageSection: Encodable {
    var heading: String? = nil
    /// The section's anchor, for links into the middle of a page (help for one part).
    var id: String? = nil
    /// A paragraph under the heading.
    var intro: String? = nil
    var table: TableBlock? = nil
    var form: FormContext? = nil
}

struct TableBlock: Encodable {
    let caption: String
    let columns: [String]
    let rows: [TableRow]
    let emptyText: String
    /// Leaf treats an empty list as true, so the template is told.
    let hasRows: Bool
    let hasActions: Bool

    init(caption: String, columns: [String], rows: [TableRow], emptyText: String) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
        self.hasRows = !rows.isEmpty
        self.hasActions = rows.contains { !$0.actions.isEmpty }
    }
}

struct TableRow: Encodable {
    let cells: [TableCell]
    var actions: [RowAction] = []
}

struct TableCell: Encodable {
    let text: String
    var url: String? = nil
    /// Drawn as a coloured tag: "red", "amber" or "green" (the text says the same in words).
    var tag: String? = nil
}

/// A button in a row that posts to `url`, e.g. "Remove". `context` completes its accessible
/// name ("Remove key date Board report").
struct RowAction: Encodable {
    let label: String
    let context: String
    let url: String
    let csrfToken: String
    /// What the button sends besides the CSRF token, as hidden fields: never in the address.
    var fields: [HiddenField] = []
}

/// Links to the neighbouring pages of a long list and the range shown.
struct Pagination: Encodable {
    let summary: String
    let previousURL: String?
    let nextURL: String?

    /// For a list read newest first from a point, with no count: newer and older links.
    init(summary: String, previousURL: String?, nextURL: String?) {
        self.summary = summary
        self.previousURL = previousURL
        self.nextURL = nextURL
    }

    /// `query` carries a search's other parameters from page to page.
    init(page: Int, per: Int, total: Int, baseURL: String, query: [URLQueryItem] = []) {
        let first = total == 0 ? 0 : (page - 1) * per + 1
        let last = min(page * per, total)
        func url(_ number: Int) -> String {
            var components = URLComponents()
            components.path = baseURL
            components.queryItems = query + [URLQueryItem(name: "page", value: String(number))]
            return components.string ?? baseURL
        }
        self.summary = "Showing \(first)–\(last) of \(total)"
        self.previousURL = page > 1 ? url(page - 1) : nil
        self.nextURL = last < total ? url(page + 1) : nil
    }
}
