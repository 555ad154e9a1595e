import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Help")
struct HelpTests {
    @Test("every role reaches help from the header, and every step's link there opens for them; a reader is not shown the parts they cannot open")
    func stepsOpen() async throws {
        try await withThistle { t in
            for role in Role.allCases {
                // given
                let browser = try await t.browser(as: role)
                let home = try await browser.get(Paths.myAccount.url())
                #expect(home.text.contains("href=\"\(Paths.help.url())\""), "\(role)")
                // when
                let help = try await browser.get(Paths.help.url())
                // then
                #expect(help.status == .ok && help.shows("Position statement"), "\(role)")
                let links = help.text.components(separatedBy: "<td><a href=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
                for link in links {
                    var response = try await browser.get(link)
                    if response.status == .seeOther, let location = response.location { response = try await browser.get(location) }
                    #expect(response.status == .ok, "\(role): \(link) answered \(response.status)")
                }
                if role == .reader { #expect(links == [Paths.recordsHome.url(), Paths.search.url()]) }
            }
        }
    }

    @Test("each part's page links beside its heading to the help for that part, and the help page has that part's anchor")
    func headingsLinkToTheirHelp() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator), admin = try await t.browser(as: .admin)
            let help = try await coordinator.get(Paths.help.url())
            let pages: [(String, Section?)] = [
                (Paths.home.url(), .dashboard), (Paths.surveysHome.url(), .survey), (Paths.recordsHome.url(), .records),
                (Paths.statementsHome.url(), .statements), (Paths.evidenceHome.url(), .evidence), (Paths.fieldworkHome.url(), .fieldwork),
                (Paths.planHome.url(), .plan), (Paths.boardReportsHome.url(), .reports), (Paths.admin.url(), .admin),
                (Paths.auditTrail.url(), .audit), (Paths.myAccount.url(), nil),
            ]
            for (url, section) in pages {
                // when
                let browser = section == .audit ? admin : coordinator
                var page = try await browser.get(url)
                if page.status == .seeOther, let location = page.location { page = try await browser.get(location) }
                #expect(page.status == .ok, "\(url)")
                // then
                let link = HelpContent.url(for: section)
                #expect(page.text.contains("<p class=\"page-help\"><a href=\"\(link)\">Help with this page</a>"), "\(url)")
                #expect(help.text.contains("id=\"\(HelpContent.anchor(for: section))\""), "\(url)")
            }
            #expect(!help.text.contains("Help with this page"))
        }
    }
}
