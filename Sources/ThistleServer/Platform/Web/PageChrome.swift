import ThistleCore
import Vapor

/// What the layout needs on every page: title, who is signed in, navigation, the CSRF token
/// for the sign-out form, a one-off message, and the demo's note about dates.
struct PageChrome: Encodable {
    let title: String
    let signedInAs: String?
    let navigation: [NavigationItem]
    let csrfToken: String
    let flash: String?
    let displayDateNote: String?
    let homeURL: String
    let logoutURL: String
    let accountURL: String
    let loginURL: String
    let stylesheetURL: String
    /// The review switcher, when the person may work in more than one review.
    var reviewSwitcher: ReviewSwitcher? = nil
    /// The partnership switcher, for a member of several partnerships.
    var partnershipSwitcher: ReviewSwitcher? = nil
    /// Where the header's search box sends its words, for anyone signed in and set up.
    var searchURL: String? = nil
    /// The help pages, for the same people.
    var helpURL: String? = nil
    /// The part of the help that explains this page's part of Thistle, linked beside its heading.
    var pageHelpURL: String? = nil
}

/// The header's form for choosing the review one works in (`ReviewChoice`).
struct ReviewSwitcher: Encodable {
    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    let action: String
    let options: [Option]
}

struct NavigationItem: Encodable {
    let label: String
    let url: String
    let current: Bool
}

/// The top-level sections a page can belong to, for highlighting the navigation.
enum Section: String, Encodable {
    case dashboard, survey, records, evidence, statements, fieldwork, plan, reports, admin, audit
    /// The help pages themselves: no navigation item, and no "help with this page" link.
    case help
}

extension Request {
    /// The switcher for a signed-in person whose role works in reviews, when there is a choice.
    /// `head`: the audit chain's head, read once for both switchers.
    func reviewSwitcher(head: String? = nil) async throws -> ReviewSwitcher? {
        guard let principal = auth.get(Principal.self), !principal.mustChangePassword, !principal.mustSetUpSecondFactor,
              [Permission.viewReview, .readRecords, .manageRecords].contains(where: principal.can) else { return nil }
        let reviews = try await application.memos.reviewChoices(partnershipID: principal.partnershipID, on: db, head: head)
        let inUse = reviews.inUse(chosen: principal.chosenReviewID)
        let offered = reviews.offered(inUse: inUse)
        guard offered.count > 1 else { return nil }
        return ReviewSwitcher(action: Paths.chooseReview.url(), options: offered.reversed().map { review in
            .init(value: review.candidate.id.uuidText, label: review.title + (review.candidate.archived ? " (archived)" : ""), selected: review.candidate.id == inUse)
        })
    }

    /// The partnerships this person may work in, when more than one: their account's own and
    /// those they are a member of.
    func partnershipSwitcher(head: String? = nil) async throws -> ReviewSwitcher? {
        guard let principal = auth.get(Principal.self), !principal.mustChangePassword, !principal.mustSetUpSecondFactor else { return nil }
        let choices = try await application.memos.partnershipChoices(accountID: principal.accountID, on: db, head: head)
        guard choices.count > 1 else { return nil }
        return ReviewSwitcher(action: Paths.choosePartnership.url(), options: choices.map { choice in
            .init(value: choice.id.uuidText, label: choice.name, selected: choice.id == principal.partnershipID)
        })
    }

    func chrome(_ title: String, section: Section? = nil) -> PageChrome {
        let principal = auth.get(Principal.self)
        var items: [NavigationItem] = []
        // Until a set-up step is done (a password of one's own, an administrator's second
        // factor), every other page sends the person back to it: no navigation to follow.
        if let principal, !principal.mustChangePassword, !principal.mustSetUpSecondFactor {
            if principal.can(.viewReview) {
                items.append(NavigationItem(label: "Dashboard", url: Paths.home.url(), current: section == .dashboard))
                items.append(NavigationItem(label: "Surveys", url: Paths.surveysHome.url(), current: section == .survey))
            }
            if principal.can(.readRecords) || principal.can(.manageRecords) || principal.can(.viewReview) {
                items.append(NavigationItem(label: "Records reading", url: Paths.recordsHome.url(), current: section == .records))
            }
            if principal.can(.viewReview) {
                items.append(NavigationItem(label: "Position statements", url: Paths.statementsHome.url(), current: section == .statements))
                items.append(NavigationItem(label: "Evidence", url: Paths.evidenceHome.url(), current: section == .evidence))
                items.append(NavigationItem(label: "Fieldwork", url: Paths.fieldworkHome.url(), current: section == .fieldwork))
                items.append(NavigationItem(label: "Improvement plan", url: Paths.planHome.url(), current: section == .plan))
            }
            if principal.can(.readBoardReports) {
                items.append(NavigationItem(label: "Board reports", url: Paths.boardReportsHome.url(), current: section == .reports))
            }
            if [Permission.manageReview, .managePeople, .managePartnership, .manageAccounts].contains(where: principal.can) {
                items.append(NavigationItem(label: "Administration", url: Paths.admin.url(), current: section == .admin))
            }
            if principal.can(.readAuditTrail) {
                items.append(NavigationItem(label: "Audit trail", url: Paths.auditTrail.url(), current: section == .audit))
            }
        }
        let note = application.thistle.displayToday.map {
            "Demonstration data: dates are counted as if today were \($0.long)."
        }
        var chrome = PageChrome(
            title: title, signedInAs: principal?.name, navigation: items, csrfToken: csrfToken,
            flash: storage[FlashKey.self], displayDateNote: note, homeURL: Paths.home.url(),
            logoutURL: Paths.logout.url(), accountURL: Paths.myAccount.url(), loginURL: Paths.login.url(), stylesheetURL: "/static/thistle.css")
        if !items.isEmpty {
            chrome.searchURL = Paths.search.url()
            chrome.helpURL = Paths.help.url()
            if section != .help { chrome.pageHelpURL = HelpContent.url(for: section) }
        }
        return chrome
    }
}
