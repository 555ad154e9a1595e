import Foundation
import ThistleCore

/// What `thistle demo` prints last before serving, and `thistle demo --logins` repeats: the
/// partnership, the address, the six sign-ins and the date the demo shows as today.
enum DemoBanner {
    /// The demo's database; a second demo in the same folder uses `database(forPort:)`.
    static let sharedDatabase = "data/demo.sqlite"

    static func database(forPort port: Int) -> String { "data/demo-\(port).sqlite" }

    /// The demos running in this folder, each with the database it holds.
    static func runningDemos() -> [(database: String, holder: DemoLock.Holder)] {
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: "data")) ?? [])
            .filter { $0.hasPrefix("demo-") && $0.hasSuffix(".sqlite.lock") }.sorted()
            .map { "data/" + $0.dropLast(".lock".count) }
        return ([sharedDatabase] + others).compactMap { database in DemoLock.holder(of: database).map { (database, $0) } }
    }

    /// Ten lines after a blank one: who, where, which database and day, and the six sign-ins.
    static func text(port: Int, database: String, today: CalendarDate, running: Bool, sharedHolder: DemoLock.Holder? = nil) -> String {
        let shared = sharedHolder.map { " (\(sharedDatabase) is the demo of process \($0.processID) on port \($0.port), which carries on)" } ?? ""
        var lines = [
            "",
            "Thistle demo: \(DemoPartnership.name)",
            running ? "Serving at http://127.0.0.1:\(port)  —  database \(database)\(shared), rebuilt on every start"
                    : "No demo is running in this folder: `swift run thistle demo` starts one at http://127.0.0.1:\(port)",
            "Dates are shown as on \(today.long) (THISTLE_TODAY=YYYY-MM-DD to change). Sign in as:",
        ]
        for login in DemoPartnership.logins {
            lines.append("  \(login.role.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(login.email.padding(toLength: 34, withPad: " ", startingAt: 0)) password: \(login.password)")
        }
        return lines.joined(separator: "\n")
    }
}
