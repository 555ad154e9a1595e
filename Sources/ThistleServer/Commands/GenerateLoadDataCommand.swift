import Fluent
import Foundation
import ThistleCore
import Vapor

/// `thistle generate-load-data`: fills a database with the demo partnership, a large open
/// survey wave, as many moderated records, evidence items and fieldwork sessions as asked, and
/// optionally a long audit chain, for the benchmarks. Synthetic data only; refuses to touch a database that holds anything
/// but the demo.
struct GenerateLoadDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "responses", help: "Survey responses to generate (default 100000)")
        var responses: String?
        @Option(name: "invitations", help: "Unused invitation codes to issue (default 20000)")
        var invitations: String?
        @Option(name: "records", help: "Sampled records read by both sides and moderated, the demo's included (default 1000)")
        var records: String?
        @Option(name: "evidence", help: "Evidence items in the review, the demo's included (default 5000)")
        var evidence: String?
        @Option(name: "sessions", help: "Fieldwork sessions in the review, the demo's included (default 500)")
        var sessions: String?
        @Option(name: "audit-events", help: "Synthetic audit events to add to the chain: records opened, actions changed, sign-ins (default 0)")
        var auditEvents: String?
        @Option(name: "seed", help: "Seed of the synthetic answers (default 2018)")
        var seed: String?
    }

    var help: String { "Generates synthetic load-test data: the demo partnership, a large open survey, records, evidence and sessions." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let responses = try CommandOptionRules.count(signature.responses, option: "responses", default: 100_000)
        let invitations = try CommandOptionRules.count(signature.invitations, option: "invitations", default: 20_000)
        let records = try CommandOptionRules.count(signature.records, option: "records", default: 1_000)
        let evidence = try CommandOptionRules.count(signature.evidence, option: "evidence", default: 5_000)
        let sessions = try CommandOptionRules.count(signature.sessions, option: "sessions", default: 500)
        let auditEvents = try CommandOptionRules.count(signature.auditEvents, option: "audit-events", default: 0)
        let seed = try CommandOptionRules.count(signature.seed, option: "seed", default: 2018, maximum: Int.max)
        // Every step below commits in whole batches, each in its own transaction: Ctrl-C stops
        // between two batches, and what was written before it is whole.
        CommandInterruption.install()
        let progress = CommandProgress()
        let partnerships = try await Partnership.query(on: app.db).all()
        guard partnerships.allSatisfy({ $0.name == DemoPartnership.name }) else {
            throw ConfigError("This database holds partnerships other than the demo; load data goes only into a database of its own.")
        }
        if partnerships.isEmpty {
            let seeding = progress.step("Seeding the demo partnership", total: nil)
            try await DemoPartnership.seed(on: app.db, hasher: app.password.async, secretKey: app.thistle.secretKey,
                                           resourcesDirectory: app.directory.resourcesDirectory)
            seeding.finish()
        }
        let today = app.thistle.displayToday ?? CalendarDate(Date())
        guard let partnership = try await Partnership.query(on: app.db).first(),
              let review = try await ReviewsInUse.load(partnershipID: try partnership.requireID(), on: app.db).partnershipDefault else {
            throw ConfigError("The demo partnership has no review under way")
        }
        let survey = try await app.db.audited(by: .system("thistle generate-load-data")) { changes in
            let survey = try await SurveySetup.createFromReview(review, today: today, in: changes)
            let before = AuditSnapshot(survey)
            survey.title = "Load test survey"
            survey.opensOn = today.adding(days: -7)
            survey.closesOn = today.adding(days: 30)
            survey.access = .openLink
            survey.openLinkToken = SecretToken.generate(bytes: 16)
            survey.status = .open
            survey.resultsWhileOpen = true
            try await changes.update(survey, from: before)
            return survey
        }
        let agencies = try await Agency.scoped(to: try partnership.requireID(), on: app.db).sort(\.$name).all()
        let weights = [0.45, 0.30, 0.10, 0.03, 0.08, 0.04]
        var counts = weights.prefix(agencies.count).map { Int(Double(responses) * $0) }
        if !counts.isEmpty { counts[0] += responses - counts.reduce(0, +) }
        var generator = SeededGenerator(seed: UInt64(seed))
        let writing = progress.step("Writing survey responses", total: responses)
        try await DemoSurveys.respond(to: survey, counts: counts, agreement: DemoSurveys.agreement2018, on: today, agencies: agencies,
                                      generator: &generator, db: app.db) { written in try writing.update(written) }
        writing.finish()
        if invitations > 0 {
            let issuing = progress.step("Issuing invitation codes (one transaction)", total: invitations)
            let codes = SurveyCodes(secretKey: app.thistle.secretKey)
            let invitees = try (0..<invitations).map { index in (agencyID: try agencies[index % agencies.count].requireID(), email: String?.none) }
            try await app.db.audited(by: .system("thistle generate-load-data")) { changes in
                try await SurveyInvitations.issue(invitees, survey: survey, codes: codes, in: changes)
            }
            try issuing.update(invitations)
            issuing.finish()
        }
        let addingRecords = progress.step("Adding records read and moderated", total: nil)
        let addedRecords = try await LoadData.records(total: records, review: review, generator: &generator, on: app.db) { try addingRecords.update($0, of: $1) }
        addingRecords.finish()
        let addingEvidence = progress.step("Adding evidence items", total: nil)
        let addedEvidence = try await LoadData.evidence(total: evidence, review: review, generator: &generator, on: app.db) { try addingEvidence.update($0, of: $1) }
        addingEvidence.finish()
        let addingSessions = progress.step("Adding fieldwork sessions (one transaction)", total: nil)
        let addedSessions = try await LoadData.sessions(total: sessions, review: review, generator: &generator, on: app.db) { try addingSessions.update($0, of: $1) }
        addingSessions.finish()
        // Those rows went in past the audit log: one event says so, and moves the chain head so
        // that a Thistle already running counts the review's figures again.
        try await app.db.audited(by: .system("thistle generate-load-data")) { changes in
            changes.note("load-data", entityType: Review.schema, entityID: review.id?.uuidString)
        }
        context.console.print("  \(addedRecords) records, \(addedEvidence) evidence items and \(addedSessions) sessions added")
        if auditEvents > 0 {
            let appending = progress.step("Appending audit events", total: auditEvents)
            try await LoadData.auditEvents(count: auditEvents, review: review, generator: &generator, on: app.db) { try appending.update($0) }
            appending.finish()
        }
        context.console.print("survey-id: \(try survey.requireID())")
        context.console.print("open-link: \(Paths.respondOpenLink.url(survey.openLinkToken!))")
        context.console.print("results: \(Paths.surveyResults.url(try survey.requireID()))")
    }
}
