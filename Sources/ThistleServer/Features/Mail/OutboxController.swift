import Fluent
import Foundation
import ThistleCore
import Vapor

/// An administrator's view of the partnership's outbox: every message queued, sent or failed,
/// with its recipient, subject and state (never its body), and a retry for failed ones.
struct OutboxController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.managePartnership))
        admins.get(Paths.outbox.components, use: list)
        admins.post(Paths.outboxRetry.components, use: retry)
    }

    func list(req: Request) async throws -> Response {
        let principal = try req.principal
        let page = req.pageNumber
        let query = OutboxMessage.scoped(to: principal.partnershipID, on: req.db)
        let total = try await query.count()
        let messages = try await OutboxMessage.scoped(to: principal.partnershipID, on: req.db).sort(\.$createdAt, .descending).sort(\.$id)
            .range(((page - 1) * Self.perPage)..<(page * Self.perPage)).all()
        var counts: [(OutboxStatus, Int)] = []
        for status in OutboxStatus.allCases {
            counts.append((status, try await OutboxMessage.scoped(to: principal.partnershipID, on: req.db).filter(\.$status == status).count()))
        }
        return try await req.render(OutboxPages.list(messages: messages, counts: counts, total: total, page: page, mailConfigured: req.application.thistle.sendmail != nil,
                                                     csrfToken: req.csrfToken))
    }

    func retry(req: Request) async throws -> Response {
        let principal = try req.principal
        let message = try await OutboxMessage.find(try req.uuid(Paths.Param.message), in: principal.partnershipID, on: req.db)
        guard message.status == .failed else {
            return req.redirect(to: Paths.outbox.url(), flash: "That message is not failed, so there is nothing to retry.")
        }
        try await req.db.audited(by: principal.actor) { changes in try await Outbox.retry(message, in: changes) }
        return req.redirect(to: Paths.outbox.url(), flash: "The message to \(message.recipient) will be tried again within a minute.")
    }
}

enum OutboxPages {
    static func list(messages: [OutboxMessage], counts: [(OutboxStatus, Int)], total: Int, page: Int, mailConfigured: Bool, csrfToken: String) -> PageModel {
        let summary = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.title.lowercased())" }
        var intro = mailConfigured
            ? "Messages go to the server's mail system within a minute of being queued; one it refuses is tried again after 1, 5 and 30 minutes and 2 hours, then shown as failed."
            : "No mail system is configured (THISTLE_SENDMAIL), so nothing leaves this machine: these are the messages as they would have gone."
        if !summary.isEmpty { intro += " Messages: \(summary.joined(separator: ", "))." }
        let rows = messages.map { message -> TableRow in
            var row = TableRow(cells: [
                TableCell(text: MyAccountController.when(message.createdAt)), TableCell(text: message.recipient), TableCell(text: message.subject),
                TableCell(text: message.kind.title), TableCell(text: message.status.title, tag: message.status == .failed ? "red" : nil),
                TableCell(text: message.status == .sent ? message.sentAt.map(MyAccountController.when).map { "Sent \($0)" } ?? "Sent"
                          : [message.attempts > 0 ? "\(Counted.phrase(message.attempts, "try", plural: "tries"))" : nil, message.lastError].compactMap { $0 }.joined(separator: ": ")),
            ])
            if message.status == .failed, let id = message.id {
                row.actions = [RowAction(label: "Try again", context: "the message to \(message.recipient)", url: Paths.outboxRetry.url(id), csrfToken: csrfToken)]
            }
            return row
        }
        return PageModel(title: "Outbox", section: .admin, heading: "Outbox", intro: intro,
                         sections: [PageSection(table: TableBlock(caption: "Messages, newest first", columns: ["Queued", "To", "Subject", "Kind", "State", "Tries and last answer"],
                                                                  rows: rows, emptyText: "No messages yet."))],
                         pagination: total > OutboxController.perPage ? Pagination(page: page, per: OutboxController.perPage, total: total, baseURL: Paths.outbox.url()) : nil,
                         backLink: LinkItem(label: "administration", url: Paths.admin.url()))
    }
}
