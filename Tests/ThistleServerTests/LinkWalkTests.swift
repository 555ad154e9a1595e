import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("No link leads anyone to a page they may not open")
struct LinkWalkTests {
    /// One page of each shape: ids replaced, so the walk visits each kind of page once per role
    /// rather than every record.
    static func shape(_ url: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
        let path = pattern.stringByReplacingMatches(in: url, range: NSRange(url.startIndex..., in: url), withTemplate: ":id")
        guard let question = path.firstIndex(of: "?") else { return path }
        let keys = path[path.index(after: question)...].split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }
        return path[..<question] + "?" + keys.sorted().joined(separator: "&")
    }

    /// The links of a page that stay in Thistle: `href` only (forms are tested route by route).
    static func links(in html: String) -> [String] {
        Browser.allMatches(##"href="(/[^"#]*)""##, in: html)
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
            .filter { !$0.hasPrefix("/static/") }
    }

    @Test("every role walks every page it is shown from home, and no link it is shown answers 403 or 404", arguments: Role.allCases)
    func walk(role: Role) async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: role)
            var queue = [Paths.home.url()]
            var seen: Set<String> = [Self.shape(Paths.home.url())]
            var from: [String: String] = [:]
            var broken: [String] = []
            var visited = 0
            // when
            while !queue.isEmpty, visited < 400 {
                let url = queue.removeFirst()
                let response = try await browser.get(url)
                visited += 1
                if response.status == .forbidden || response.status == .notFound {
                    broken.append("\(url) (\(response.status.code)), linked from \(from[url] ?? "home")")
                    continue
                }
                if response.status == .seeOther || response.status == .found, let next = response.location, !seen.contains(Self.shape(next)) {
                    seen.insert(Self.shape(next))
                    from[next] = url
                    queue.append(next)
                }
                guard response.headers.contentType?.subType == "html" else { continue }
                for link in Self.links(in: response.text) where !seen.contains(Self.shape(link)) {
                    seen.insert(Self.shape(link))
                    from[link] = url
                    queue.append(link)
                }
            }
            // then
            #expect(broken.isEmpty, "\(role.rawValue) is shown links it cannot follow: \(broken.joined(separator: "; "))")
            #expect(visited > 3, "the walk reached the role's pages")
        }
    }
}
