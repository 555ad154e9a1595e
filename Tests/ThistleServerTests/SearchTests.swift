import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("One search box")
struct SearchTests {
    /// The links of a results page's tables.
    static func links(_ page: TestingHTTPResponse) -> [String] {
        page.text.components(separatedBy: "<td><a href=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test("a record's label, a person's name and a session's title each find it for those who may open it, and every result opens")
    func findsWhatEachMayOpen() async throws {
        try await withThistle { t in
            // given
            let record = try #require(try await CohortRecord.find(t.world.demo.recordID, on: t.db))
            let otherPairs = try #require(try await CohortRecord.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID)
                .filter(\.$sampleStatus == .sampled).filter(\.$pair.$id != t.world.demo.pairID).filter(\.$pair.$id != nil).first())
            let session = try #require(try await SiteSession.find(t.world.demo.sessionID, on: t.db))
            let person = try #require(try await Person.find(t.world.demo.personID, on: t.db))
            let reader = try await t.browser(as: .reader)
            let coordinator = try await t.browser(as: .coordinator)
            // when
            let byLabel = try await reader.get(Paths.search.url(query: ["q": record.label!]))
            let otherLabel = try await reader.get(Paths.search.url(query: ["q": otherPairs.label!]))
            let readerSession = try await reader.get(Paths.search.url(query: ["q": session.title]))
            let bySession = try await coordinator.get(Paths.search.url(query: ["q": session.title.lowercased()]))
            let byName = try await coordinator.get(Paths.search.url(query: ["q": person.name]))
            // then
            #expect(Self.links(byLabel).contains(Paths.record.url(t.world.demo.recordID)))
            #expect(!Self.links(otherLabel).contains(Paths.record.url(try otherPairs.requireID())))
            #expect(Self.links(readerSession).isEmpty)
            #expect(Self.links(bySession).contains(Paths.session.url(t.world.demo.sessionID)))
            #expect(Self.links(byName).contains(Paths.person.url(t.world.demo.personID)))
            for (browser, page) in [(reader, byLabel), (coordinator, bySession), (coordinator, byName)] {
                for link in Self.links(page) { #expect(try await browser.get(link).status == .ok, "\(link)") }
            }
        }
    }

    @Test("a one-letter search is refused on the search page, naming the box")
    func tooShort() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let page = try await coordinator.get(Paths.search.url(query: ["q": "a"]))
            #expect(page.status == .unprocessableEntity && page.shows("Search for at least 2 characters"))
        }
    }
}
