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
                environment.arguments = CommandLineUsage.escapingNegativeValues(environment.arguments)
                try await execute(environment, config: try ThistleConfig.fromEnvironment(environment))
            }
            return 0
        } catch let interrupted as CommandInterrupted {
            FileHandle.standardError.write(Data("\nthistle: \(interrupted)\n".utf8))
            return 130
        } catch {
            FileHandle.standardError.write(Data("thistle: \(CommandLineUsage.message(for: error, arguments: arguments))\n".utf8))
            return CommandLineUsage.isUsageError(error) ? 2 : 1
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
        // Checked here so that a bad port gets Thistle's one line, not Vapor's report.
        _ = try CommandOptionRules.port(try CommandLineUsage.value(of: ["--port", "-p"], in: environment.arguments), default: 8080)
        let config = try ThistleConfig.fromEnvironment(environment)
        try await execute(environment, config: config, serving: true) { app in
            let pending = try await Migrations.pending(on: app)
            if !pending.isEmpty {
                guard autoMigrate else {
                    throw ConfigError("The database has \(pending.count) migration\(pending.count == 1 ? "" : "s") to apply. Run `thistle migrate` first, or start with `thistle serve --auto-migrate`.")
                }
                try await Migrations.apply(on: app)
            } else {
                app.logger.info("Database ready: up to date (\(Migrations.all.count) migrations)")
            }
            try await DatabaseSetup.prepare(app.db)
            app.lifecycle.use(OutboxWorker())
            if let address = config.metricsAddress { app.lifecycle.use(MetricsServer(host: address.host, port: address.port)) }
            if let tracing { app.lifecycle.use(tracing) }
        }
    }

    /// `thistle demo [--port P] [--logins]`: rebuilds the demo database from scratch and serves it
    /// on 127.0.0.1, or (`--logins`) repeats the banner of the demos running in this folder.
    /// A demo locks its database file (`DemoLock`): a second demo in the same folder, on
    /// another port, uses a file of its own named by its port and leaves the first alone.
    static func demo(_ environment: Environment, tracing: TracingLifecycle? = nil) async throws {
        let arguments = Array(environment.arguments.dropFirst(2))
        let portValue = try CommandLineUsage.value(of: ["--port"], in: arguments)
        if let stray = arguments.filter({ $0 != "--logins" && $0 != "--port" && $0 != portValue }).first {
            throw UsageProblem("thistle demo takes --port P and --logins; “\(stray)” is not one of them")
        }
        let port = try CommandOptionRules.port(portValue, default: 8080)
        var config = try ThistleConfig.fromEnvironment(environment)
        let today = config.displayToday ?? DemoPartnership.asOf
        if arguments.contains("--logins") {
            let running = DemoBanner.runningDemos()
            guard !running.isEmpty else {
                print(DemoBanner.text(port: port, database: DemoBanner.sharedDatabase, today: today, running: false))
                return
            }
            for demo in running { print(DemoBanner.text(port: demo.holder.port, database: demo.database, today: today, running: true)) }
            return
        }
        let (path, sharedHolder) = try DemoLock.claimDatabase(port: port)
        guard DemoLock.portIsFree(port) else {
            throw OptionProblem(option: "port", rule: "is in use by another program on 127.0.0.1: choose another --port, such as --port \(port + 1)", given: String(port))
        }
        config.database = .sqlite(path: path)
        config.displayToday = today
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
        var served = environment
        served.arguments = [environment.arguments[0], "serve", "--hostname", "127.0.0.1", "--port", String(port)]
        try await execute(served, config: config, serving: true) { app in
            try await Migrations.apply(on: app)
            try await DatabaseSetup.prepare(app.db)
            try await DemoPartnership.seed(on: app.db, hasher: app.password.async, secretKey: app.thistle.secretKey,
                                           resourcesDirectory: app.directory.resourcesDirectory)
            app.lifecycle.use(OutboxWorker())
            if let tracing { app.lifecycle.use(tracing) }
            // The banner is the last thing before the server's "Server started" line.
            print(DemoBanner.text(port: port, database: path, today: today, running: true, sharedHolder: sharedHolder))
        }
    }

    /// Makes and configures the application, runs `prepare`, then Vapor's command.
    /// `serving`: the command runs the HTTP server (`serve`, `demo`).
    static func execute(_ environment: Environment, config: ThistleConfig, serving: Bool = false,
                        prepare: ((Application) async throws -> Void)? = nil) async throws {
        let app = try await Application.make(environment)
        // A one-shot command says what went wrong itself, on one line (`run`); Vapor's own
        // report of the same error would be a second. `--log debug` still shows everything.
        if !serving && app.logger.logLevel > .debug { app.logger.logLevel = .error }
        do {
            try await configure(app, config: config)
            try await prepare?(app)
            try await app.execute()
            // Stopped (SIGTERM or SIGINT): the server has stopped listening; wait here for the
            // requests in flight (up to THISTLE_SHUTDOWN_GRACE) before the workers and then
            // the database connections are shut down, so no request outlives its database.
            // Vapor's own shutdown would close its storage, databases among it, in no set order.
            if serving {
                await app.server.shutdown()
                // ... and for requests whose client hung up: their connection is closed, but
                // they are still running and about to use a database (`RequestsInFlight`).
                if await !app.requestsInFlight.drained(within: .seconds(config.shutdownGraceSeconds)) {
                    app.logger.warning("Stopping with \(app.requestsInFlight.current) requests still running after THISTLE_SHUTDOWN_GRACE")
                }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
