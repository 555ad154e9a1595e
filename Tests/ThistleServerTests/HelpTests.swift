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
}
