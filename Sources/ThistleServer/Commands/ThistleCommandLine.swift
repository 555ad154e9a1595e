import Fluent
import Foundation
import Logging
import ThistleCore
import Vapor

/// The `thistle` executable. `serve` and `demo` need work before Vapor's own command runner
/// starts (checking migrations, building the demo database); every other command is a Vapor
/// command registered in `configure`.
public enum ThistleCommandLine {
    public static func run(_ arguments: [String]) async -> Int32 {
        do {
            var environment = try Environment.detect(arguments: arguments)
            // Every line goes through the redacting handler: no answer or record detail can reach a log.
            // THISTLE_LOG_FORMAT=json: one JSON object a line, for a log aggregator.
            let json = try Self.jsonLogs()
            try LoggingSystem.bootstrap(from: &environment) { level in
                { label in
                    var handler = RedactingLogHandler(wrapping: json ? JSONLogHandler(label: label) : StreamLogHandler.standardOutput(label: label))
                    handler.logLevel = level
                    return handler
                }
            }
            let command = environment.arguments.dropFirst().first ?? "serve"
            var tracing: TracingLifecycle?
            if command == "serve" || command == "demo" {
                ThistleMetrics.bootstrap()
                if Tracing.isConfigured() { tracing = try Tracing.bootstrap(logger: Logger(label: "thistle.tracing")) }
            }
            switch command {
            case "demo":
                try await demo(environment, tracing: tracing)
            case "serve":
                try await serve(environment, tracing: tracing)
            default:
                try await execute(environment, config: try ThistleConfig.fromEnvironment(environment))
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("thistle: \(error)\n".utf8))
            return 1
        }
    }

    static func jsonLogs() throws -> Bool {
        switch Environment.get("THISTLE_LOG_FORMAT") ?? "text" {
        case "text", "": return false
        case "json": return true
        default: throw ConfigError("THISTLE_LOG_FORMAT must be text or json")
        }
    }

    /// `thistle serve [--hostname H] [--port P] [--auto-migrate]`
    static func serve(_ environment: Environment, tracing: TracingLifecycle? = nil) async throws {
        var environment = environment
        let autoMigrate = environment.arguments.contains("--auto-migrate")
        environment.arguments.removeAll { $0 == "--auto-migrate" }
        let config = try ThistleConfig.fromEnvironment(environment)
        try await execute(environment, config: config, serving: true) { app in
            let pending = try await Migrations.pending(on: app)
            if !pending.isEmpty {
                guard autoMigrate else {
                    throw ConfigError("The database has \(pending.count) migration\(pending.count == 1 ? "" : "s") to apply. Run `thistle migrate` first, or start with `thistle serve --auto-migrate`.")
                }
                try await app.autoMigrate()
            }
            try await DatabaseSetup.prepare(app.db)
            app.lifecycle.use(OutboxWorker())
            if let address = config.metricsAddress { app.lifecycle.use(MetricsServer(host: address.host, port: address.port)) }
            if let tracing { app.lifecycle.use(tracing) }
        }
    }

    /// `thistle demo [--port P]`: rebuilds data/demo.sqlite from scratch and serves it on 127.0.0.1.
    static func demo(_ environment: Environment, tracing: TracingLifecycle? = nil) async throws {
        let arguments = Array(environment.arguments.dropFirst(2))
        var port = 8080
        if let index = arguments.firstIndex(of: "--port") {
            guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), (1...65535).contains(value) else {
                throw ConfigError("--port needs a port number from 1 to 65535")
            }
            port = value
        }
        var config = try ThistleConfig.fromEnvironment(environment)
        let path = "data/demo.sqlite"
        config.database = .sqlite(path: path)
        config.displayToday = config.displayToday ?? DemoPartnership.asOf
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        var served = environment
        served.arguments = [environment.arguments[0], "serve", "--hostname", "127.0.0.1", "--port", String(port)]
        try await execute(served, config: config, serving: true) { app in
            try await app.autoMigrate()
            try await DatabaseSetup.prepare(app.db)
            try await DemoPartnership.seed(on: app.db, hasher: app.password.async, secretKey: app.thistle.secretKey,
                                           resourcesDirectory: app.directory.resourcesDirectory)
            app.lifecycle.use(OutboxWorker())
            if let tracing { app.lifecycle.use(tracing) }
            print("""

            Thistle demo: \(DemoPartnership.name)
            Serving at http://127.0.0.1:\(port)  (database: \(path), rebuilt on every start)
            Dates are shown as on \(config.displayToday!.long); set THISTLE_TODAY=YYYY-MM-DD to change.

            Sign in as:
            """)
            for login in DemoPartnership.logins {
                print("  \(login.role.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(login.email.padding(toLength: 34, withPad: " ", startingAt: 0)) password: \(login.password)")
            }
            print("")
        }
    }

    /// Makes and configures the application, runs `prepare`, then Vapor's command.
    /// `serving`: the command runs the HTTP server (`serve`, `demo`).
    static func execute(_ environment: Environment, config: ThistleConfig, serving: Bool = false,
                        prepare: ((Application) async throws -> Void)? = nil) async throws {
        let app = try await Application.make(environment)
        do {
            try await configure(app, config: config)
            try await prepare?(app)
            try await app.execute()
            // Stopped (SIGTERM or SIGINT): the server has stopped listening; wait here for the
            // requests in flight (up to THISTLE_SHUTDOWN_GRACE) before the workers and then
            // the database connections are shut down, so no request outlives its database.
            // Vapor's own shutdown would close its storage, databases among it, in no set order.
            if serving { await app.server.shutdown() }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
