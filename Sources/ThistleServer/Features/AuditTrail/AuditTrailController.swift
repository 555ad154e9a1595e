import Fluent
import Foundation
import NIOCore
import ThistleCore
import Vapor

/// The audit trail: administrators (their partnership's events) and inspectors (the review's
/// material) browse who did what, filter it, check the chain and download it. Every reading
/// is itself an event.
struct AuditTrailController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let readers = routes.grouped(RequirePermission(.readAuditTrail))
        readers.get(Paths.auditTrail.components, use: trail)
        readers.get(Paths.auditTrailCSV.components, use: csv)
    }

    private func accounts(_ principal: Principal, on db: any Database) async throws -> [Account] {
        try await Account.scoped(to: principal.partnershipID, on: db).with(\.$person).all().sorted { $0.person.name < $1.person.name }
    }

    func trail(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.query.decode(AuditTrail.Input.self)
        let accounts = try await accounts(principal, on: req.db)
        let hidden = AuditTrail.hiddenKinds(for: principal.roles)
        let (filter, errors) = try await AuditTrail.filter(input, accounts: accounts, hidden: hidden, partnershipID: principal.partnershipID, on: req.db)
        var events: [AuditEvent] = []
        if errors.isEmpty {
            events = try await AuditTrail.query(filter, partnershipID: principal.partnershipID, hidden: hidden, on: req.db)
                .limit(AuditTrail.perPage + 1).all()
        }
        let hasOlder = events.count > AuditTrail.perPage
        events = Array(events.prefix(AuditTrail.perPage))
        let names = try await AuditTrail.recordNames(events, partnershipID: principal.partnershipID, on: req.db)
        let chain = try await AuditLog.verifyIncrementally(on: req.db, wholeChain: (try? req.query.get(String.self, at: "check")) == "all",
                                                           now: Date().addingTimeInterval(principal.clockOffset))
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("audit trail read", entityType: AuditEvent.schema, entityID: nil, changes: filter.asChanges)
        }
        let page = AuditTrailPages.trail(.init(events: events, hasOlder: hasOlder, filter: filter, input: input, errors: errors,
                                               accounts: try accounts.map { (try $0.requireID(), $0.person.name) }, hidden: hidden, chain: chain, names: names,
                                               csrfToken: req.csrfToken))
        return try await req.render(page, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Every matching event as CSV, streamed a thousand at a time, formula-safe.
    func csv(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.query.decode(AuditTrail.Input.self)
        let hidden = AuditTrail.hiddenKinds(for: principal.roles)
        let (filter, errors) = try await AuditTrail.filter(input, accounts: try await accounts(principal, on: req.db), hidden: hidden,
                                                           partnershipID: principal.partnershipID, on: req.db)
        if !errors.isEmpty {
            return req.redirect(to: Paths.auditTrail.url(items: filter.items), flash: errors.map(\.message).joined(separator: ". "))
        }
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("audit trail exported", entityType: AuditEvent.schema, entityID: nil, changes: filter.asChanges)
        }
        let db = req.db, partnershipID = principal.partnershipID
        let response = Response(status: .ok, body: .init(asyncStream: { writer in
            do {
                try await writer.writeBuffer(ByteBuffer(string: CSVFile.line(["event", "when", "who", "what", "kind", "record", "changes"])))
                var page = filter
                while true {
                    let events = try await AuditTrail.query(page, partnershipID: partnershipID, hidden: hidden, on: db).limit(1_000).all()
                    guard let last = events.last else { break }
                    let names = try await AuditTrail.recordNames(events, partnershipID: partnershipID, on: db)
                    try await writer.writeBuffer(ByteBuffer(string: events.map { CSVFile.line(AuditTrail.row($0, names: names)) }.joined()))
                    page.before = last.sequence
                }
                try await writer.write(.end)
            } catch {
                try await writer.write(.error(error))
            }
        }))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "audit-trail.csv")
        return response
    }
}
