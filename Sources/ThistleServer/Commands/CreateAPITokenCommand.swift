import Fluent
import ThistleCore
import Vapor

/// `thistle create-api-token --partnership NAME --name FOR --role ROLE --days N`: prints a new
/// API token (and nothing else on standard output, so a script can capture it).
struct CreateAPITokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "partnership", help: "The partnership's name")
        var partnership: String?
        @Option(name: "name", help: "What the token is for")
        var name: String?
        @Option(name: "role", help: "The role it acts with: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        var role: String?
        @Option(name: "days", help: "How many days it works for (1 to \(APITokenRules.longestLifeInDays))")
        var days: String?
    }

    var help: String { "Makes an API token for a partnership and prints it." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var problems: [String] = []
        let partnership = try await Partnership.query(on: app.db).filter(\.$name == (signature.partnership ?? "")).first()
        if partnership == nil { problems.append("--partnership: no partnership is called \"\(signature.partnership ?? "")\"") }
        let checked = APITokens.check(name: signature.name, role: signature.role, days: signature.days, fields: ("--name", "--role", "--days"))
        if case .failure(let rejection) = checked { problems += rejection.errors.map { "\($0.field): \($0.message)" } }
        guard problems.isEmpty, let partnershipID = partnership?.id, case .success(let details) = checked else {
            throw UsageProblem((problems + ["Nothing was created."]).joined(separator: "\n"))
        }
        let issued = try await app.db.audited(by: .system("thistle create-api-token", partnershipID: partnershipID)) { changes in
            try await APITokens.issue(details, partnershipID: partnershipID, createdBy: nil, today: app.thistle.displayToday ?? CalendarDate(Date()), in: changes)
        }
        context.console.print(issued.token)
    }
}
