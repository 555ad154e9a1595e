import Fluent
import Foundation
import ThistleCore
import Vapor

/// An alert waiting for its person's morning digest.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class PendingAlert: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "pending_alerts"
    static var partnershipColumn: KeyPath<PendingAlert, FieldProperty<PendingAlert, UUID>> { \PendingAlert.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "kind") var kind: AlertKind
    @Field(key: "headline") var headline: String
    @Field(key: "path") var path: String
    @Field(key: "created_at") var createdAt: Date

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "account_id") var account: Account

    init() {}

    init(account: Account, alert: Alert, now: Date) throws {
        self.id = UUID.random()
        self.$partnership.id = account.$partnership.id
        self.$account.id = try account.requireID()
        self.kind = alert.kind
        self.headline = alert.headline
        self.path = alert.path
        self.createdAt = now
    }
}

/// What writing an alert needs from outside the change: who sends, and the address links start with.
struct Alerting: Sendable {
    let mailer: Mailer
    let linkBase: String
}

extension Request {
    /// Alerts from this request's changes, linking to THISTLE_PUBLIC_URL (or, with no mail
    /// system, this request's host: nothing leaves the machine then).
    func alerting() throws -> Alerting {
        Alerting(mailer: application.mailer, linkBase: try linkBaseForMail())
    }
}

/// Alerts by email, queued in the transaction of the change that causes them: at once when
/// urgent or when the person takes alerts as they happen, otherwise kept for the morning's
/// digest. Only enabled accounts are written to, at the address they sign in with.
enum Alerts {
    /// Sends `alert` to `accounts` (each once, the disabled left out).
    static func send(_ alert: Alert, to accounts: [Account], alerting: Alerting, in changes: AuditedChanges) async throws {
        let accounts = Dictionary(accounts.filter { !$0.disabled }.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { first, _ in first }).values
            .sorted { $0.email < $1.email }
        guard let partnershipID = accounts.first?.$partnership.id else { return }
        let people = try await Person.query(on: changes.db).filter(\.$id ~~ accounts.map { $0.$person.id }).all()
        let name = try await partnershipName(partnershipID, on: changes.db)
        let wording = try await MailWordingStore.wording(.alert, partnershipID: partnershipID, on: changes.db)
        var now: [MailMessage] = []
        for account in accounts {
            let delivery = people.first { $0.id == account.$person.id }?.alertDelivery ?? .immediate
            if delivery.sendsNow(alert.kind) {
                now.append(alerting.mailer.message(to: account.email, partnershipName: name, wording: wording, values: [
                    "partnership": name, "headline": alert.headline, "link": alerting.linkBase + alert.path,
                    "settings": alerting.linkBase + Paths.myAccount.url(),
                ]).choosable(at: alerting.linkBase + Paths.myAccount.url()))
            } else {
                try await changes.create(try PendingAlert(account: account, alert: alert, now: Date()))
            }
        }
        try await Outbox.enqueueAll(now, kind: .alert, partnershipID: partnershipID, subjectOf: ("alerts", alert.kind.rawValue), in: changes)
    }

    /// The enabled accounts of a partnership holding any of `roles`.
    static func accounts(withAnyOf roles: Set<Role>, in partnershipID: UUID, on db: any Database) async throws -> [Account] {
        try await Account.scoped(to: partnershipID, on: db).filter(\.$disabled == false).all().filter { !roles.isDisjoint(with: $0.roles) }
    }

    /// The enabled accounts of these people.
    static func accounts(of personIDs: [UUID], on db: any Database) async throws -> [Account] {
        guard !personIDs.isEmpty else { return [] }
        return try await Account.query(on: db).filter(\.$person.$id ~~ personIDs).filter(\.$disabled == false).all()
    }

    static func partnershipName(_ id: UUID, on db: any Database) async throws -> String {
        guard let name = try await Partnership.find(id, on: db)?.name else { throw Abort(.notFound) }
        return name
    }

    // MARK: the moments that alert

    /// An immediate concern: the coordinators and the inspectors, at once.
    static func concernRaised(_ concern: Concern, alerting: Alerting?, in changes: AuditedChanges) async throws {
        guard let alerting, concern.severity == .immediate else { return }
        let accounts = try await accounts(withAnyOf: [.coordinator, .inspector], in: concern.$partnership.id, on: changes.db)
        try await send(.immediateConcern(number: concern.number, raisedOn: concern.raisedOn, path: Paths.concern.url(try concern.requireID())),
                       to: accounts, alerting: alerting, in: changes)
    }

    /// A concern passed to a lead officer: them, with the date their response is due.
    static func concernPassed(_ concern: Concern, alerting: Alerting, in changes: AuditedChanges) async throws {
        guard let officer = concern.$leadOfficer.id, let due = concern.responseDue else { return }
        try await send(.concernPassed(number: concern.number, due: due, path: Paths.concern.url(try concern.requireID())),
                       to: try await accounts(of: [officer], on: changes.db), alerting: alerting, in: changes)
    }

    /// A statement marked ready for review: the coordinators.
    static func statementReady(_ statement: PositionStatement, alerting: Alerting, in changes: AuditedChanges) async throws {
        guard let area = try await ImprovementArea.find(statement.$area.id, on: changes.db) else { return }
        let accounts = try await accounts(withAnyOf: [.coordinator], in: statement.$partnership.id, on: changes.db)
        try await send(.statementReady(areaNumber: area.number, areaTitle: area.title,
                                       path: Paths.areaStatement.url(statement.$review.id, try area.requireID())),
                       to: accounts, alerting: alerting, in: changes)
    }

    /// Records newly allocated to pairs: each pair's partnership reader, with the labels.
    static func recordsAllocated(_ labelsByPair: [UUID: [String]], alerting: Alerting, in changes: AuditedChanges) async throws {
        guard !labelsByPair.isEmpty else { return }
        let pairs = try await ReadingPair.query(on: changes.db).filter(\.$id ~~ Array(labelsByPair.keys)).all()
        for pair in pairs.sorted(by: { $0.number < $1.number }) {
            guard let labels = labelsByPair[try pair.requireID()], !labels.isEmpty else { continue }
            try await send(.recordsAllocated(labels: labels.sorted(), path: Paths.myRecords.url()),
                           to: try await accounts(of: [pair.$reader.id], on: changes.db), alerting: alerting, in: changes)
        }
    }
}
