import Foundation
import ThistleCore

/// The administration index, built from the person's permissions: no request, no database.
enum AdminPages {
    /// The administration pages this person may open; none means the index is not for them.
    static func links(for principal: Principal) -> [LinkItem] {
        let sections: [(Permission, String, String)] = [
            (.manageReview, "Reviews, improvement areas, grades and key dates", Paths.reviews.url()),
            (.managePeople, "People taking part in the review", Paths.people.url()),
            (.managePartnership, "Agencies of the partnership", Paths.agencies.url()),
            (.managePartnership, "Quality indicators of the framework", Paths.indicators.url()),
            (.managePartnership, "Board report template", Paths.reportTemplate.url()),
            (.managePartnership, "How long data is kept, and legal hold", Paths.retention.url()),
            (.managePartnership, "Outbox: messages queued, sent and failed", Paths.outbox.url()),
            (.managePartnership, "Email: the wording of messages, and where replies go", Paths.mailSettings.url()),
            (.managePartnership, "Sign-in: identity providers for single sign-on, and whether passwords work", Paths.signInSettings.url()),
            (.manageAccounts, "Accounts and roles", Paths.accounts.url()),
            (.manageAccounts, "Members from other partnerships: inspectors and national officers who work here too", Paths.members.url()),
            (.manageAccounts, "API tokens for programs reading the review's figures", Paths.apiTokens.url()),
        ]
        return sections.filter { principal.can($0.0) }.map { LinkItem(label: $0.1, url: $0.2) }
    }

    static func index(links: [LinkItem]) -> PageModel {
        PageModel(title: "Administration", section: .admin, heading: "Administration", links: links)
    }
}
