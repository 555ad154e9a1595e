import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// Runs `body` against a fresh Thistle holding the test world. The world is migrated and
/// seeded once per test run into a template; each test gets its own copy: a copied SQLite
/// file, or, when DATABASE_URL is set, a PostgreSQL database created from a template
/// database. Tests therefore run in parallel without seeing each other, and cheaply.
func withThistle(
    configure adjust: (inout ThistleConfig) -> Void = { _ in },
    _ body: (TestContext) async throws -> Void
) async throws {
    // Parameterised tests start hundreds of cases at once; each holds a database and its
    // connections, so only so many run together (PostgreSQL refuses clients past its limit).
    try await TestSlots.shared.acquire()
    do {
        try await runThistle(configure: adjust, body)
    } catch {
        await TestSlots.shared.release()
        throw error
    }
    await TestSlots.shared.release()
}

/// A counting semaphore for tests.
actor TestSlots {
    static let shared = TestSlots(limit: 48)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.free = limit
    }

    func acquire() async throws {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

private func runThistle(
    configure adjust: (inout ThistleConfig) -> Void,
    _ body: (TestContext) async throws -> Void
) async throws {
    let copy = try await TestDatabases.shared.freshCopy()
    var config = ThistleConfig(database: copy.location, secretKey: TestDatabases.secretKey)
    config.bcryptCost = TestDatabases.bcryptCost
    config.secureTransport = false
    // The demo's day: the 2018 survey is open, the 2017 one closed.
    config.displayToday = DemoPartnership.asOf
    // Many tests share two cores and one PostgreSQL server: fewer connections each, longer waits.
    config.connectionPoolTimeoutSeconds = 300
    config.postgresConnectionsPerEventLoop = 1
    adjust(&config)
    let app = try await Application.make(.testing)
    do {
        try await ThistleServer.configure(app, config: config)
        app.logger.logLevel = .warning
        let world = try await TestWorld.load(app.db)
        try await body(TestContext(app: app, world: world))
    } catch {
        try? await app.asyncShutdown()
        try? await TestDatabases.shared.discard(copy)
        throw error
    }
    try await app.asyncShutdown()
    try await TestDatabases.shared.discard(copy)
}

/// The seeded template and the copies made from it.
actor TestDatabases {
    static let shared = TestDatabases()
    static let bcryptCost = 4
    static let secretKey = Data(repeating: 7, count: 32)

    struct Copy: Sendable {
        let location: ThistleConfig.DatabaseLocation
        let name: String
    }

    private var template: Task<ThistleConfig.DatabaseLocation, any Error>?
    /// Creates and drops PostgreSQL databases; never used for a test's own queries.
    private var maintenance: Application?

    func freshCopy() async throws -> Copy {
        let source = try await templateLocation()
        let name = "thistle_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch source {
        case .sqlite(let path):
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            return Copy(location: .sqlite(path: copy), name: copy)
        case .postgres(let url):
            let template = try Self.databaseName(in: url)
            try await maintenanceSQL().raw("CREATE DATABASE \(ident: String(name)) TEMPLATE \(ident: template)").run()
            return Copy(location: .postgres(url: try Self.replacingDatabase(in: url, with: String(name))), name: String(name))
        }
    }

    func discard(_ copy: Copy) async throws {
        switch copy.location {
        case .sqlite:
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy.name + suffix) }
        case .postgres:
            try await maintenanceSQL().raw("DROP DATABASE IF EXISTS \(ident: copy.name)").run()
        }
    }

    private func templateLocation() async throws -> ThistleConfig.DatabaseLocation {
        if let template { return try await template.value }
        let task = Task { try await self.buildTemplate() }
        template = task
        return try await task.value
    }

    /// Migrates and seeds the template once, then closes it so that it can be copied.
    private func buildTemplate() async throws -> ThistleConfig.DatabaseLocation {
        let location: ThistleConfig.DatabaseLocation
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty {
            let name = "thistle_template_\(ProcessInfo.processInfo.processIdentifier)"
            let sql = try await maintenanceSQL()
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name)").run()
            try await sql.raw("CREATE DATABASE \(ident: name)").run()
            location = .postgres(url: try Self.replacingDatabase(in: url, with: name))
        } else {
            location = .sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("thistle-template-\(UUID().uuidString).sqlite").path)
        }
        var config = ThistleConfig(database: location, secretKey: Self.secretKey)
        config.bcryptCost = Self.bcryptCost
        let app = try await Application.make(.testing)
        do {
            try await ThistleServer.configure(app, config: config)
            app.logger.logLevel = .warning
            try await app.autoMigrate()
            try await DatabaseSetup.prepare(app.db)
            try await TestWorld.seed(app)
            if app.db.isSQLite {
                // Fold the write-ahead log into the file so that copying the file copies everything.
                try await app.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return location
    }

    private func maintenanceSQL() async throws -> any SQLDatabase {
        if let maintenance { return maintenance.db.sql }
        guard let url = Environment.get("DATABASE_URL") else { throw TestFailure("DATABASE_URL is not set") }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        // Every test asks for a database at once at the start of a run: allow a queue.
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url), maxConnectionsPerEventLoop: 4,
                                    connectionPoolTimeout: .seconds(300)), as: .psql)
        maintenance = app
        return app.db.sql
    }

    static func databaseName(in url: String) throws -> String {
        guard let components = URLComponents(string: url) else { throw TestFailure("DATABASE_URL is not a URL") }
        return String(components.path.dropFirst())
    }

    static func replacingDatabase(in url: String, with name: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestFailure("DATABASE_URL is not a URL") }
        components.path = "/" + name
        return components.string!
    }
}

struct TestContext {
    let app: Application
    let world: TestWorld

    /// A browser signed in with the demo account of `role`.
    func browser(as role: Role) async throws -> Browser {
        let login = DemoPartnership.logins.first { $0.role == role }!
        let browser = Browser(app: app)
        try await browser.signIn(email: login.email, password: login.password)
        return browser
    }

    var db: any Database { app.db }

    /// The number of rows in a table, to show that a refused request wrote nothing.
    func count(_ table: String) async throws -> Int {
        let row = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
