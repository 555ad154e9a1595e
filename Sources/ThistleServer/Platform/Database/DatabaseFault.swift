import AsyncKit
import FluentPostgresDriver
import FluentSQLiteDriver

/// Database trouble that is nobody's doing in the request that met it, and that may pass: the
/// database cannot be reached, answers too slowly, or has no room to write. Every page and the
/// API answer these with 503 and `Retry-After` (`ErrorPageMiddleware`), never a bare 500; the
/// request's transaction was rolled back, so nothing is half-written.
enum DatabaseFault: Equatable, Sendable {
    /// Cannot connect, the connection was lost, every connection is busy, or a lock or query
    /// timed out.
    case unavailable
    /// The disk (or SQLite's own size limit) is full: reads still work, writes do not.
    case storageFull

    init?(_ error: any Error) {
        switch error {
        // PostgreSQL's connection errors arrive as `PSQLError`; bare NIO errors are left alone,
        // since they may come from elsewhere (an identity provider, say) and are not the database's.
        case is ConnectionPoolTimeoutError:
            self = .unavailable
        case let error as ConnectionPoolError where error == .shutdown:
            self = .unavailable
        case let error as PSQLError:
            guard let fault = Self.postgres(error) else { return nil }
            self = fault
        case let error as SQLiteError:
            guard let fault = Self.sqlite(error.reason) else { return nil }
            self = fault
        case let error as SQLiteCallFailure:
            // SQLite's primary result codes: BUSY, LOCKED, IOERR, CANTOPEN; FULL.
            switch error.code & 0xff {
            case 5, 6, 10, 14: self = .unavailable
            case 13: self = .storageFull
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func postgres(_ error: PSQLError) -> DatabaseFault? {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed, .queryCancelled:
            return .unavailable
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            // 08: connection exception; 57P01–57P03: the server is shutting down or starting;
            // 57014: statement timeout; 53300: too many connections; 53100: disk full.
            if state == "53100" { return .storageFull }
            if state.hasPrefix("08") || ["57P01", "57P02", "57P03", "57014", "53300", "55P03"].contains(state) { return .unavailable }
            return nil
        default:
            return nil
        }
    }

    private static func sqlite(_ reason: SQLiteError.Reason) -> DatabaseFault? {
        switch reason {
        case .full:
            return .storageFull
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .ioError, .cantOpen,
             .ioErrorFailedRead, .ioErrorIncompleteRead, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedDirSync,
             .ioErrorFailedTruncate, .ioErrorFailedStat, .ioErrorFailedSharedMemOpen, .ioErrorFailedSharedMemSize,
             .ioErrorFailedSharedMemMap, .ioErrorFailedMemoryMap:
            return .unavailable
        default:
            return nil
        }
    }

    /// What the person is told: what happened, that nothing was changed, and what to do.
    var message: String {
        switch self {
        case .unavailable:
            return "Thistle cannot reach its data just now. Nothing was changed. Wait a minute, then try again; if it keeps happening, tell your administrator."
        case .storageFull:
            return "Thistle could not save this because its storage is full. Nothing was changed. You can still read everything; tell your administrator, and try again once they have made room."
        }
    }

    /// The `kind` label of `thistle_database_faults_total`.
    var metricKind: String {
        switch self {
        case .unavailable: return "unavailable"
        case .storageFull: return "storage_full"
        }
    }

    /// Seconds a client should wait before trying again.
    var retryAfterSeconds: Int {
        switch self {
        case .unavailable: return 30
        case .storageFull: return 300
        }
    }
}
