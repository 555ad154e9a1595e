import Foundation
import ThistleCore
import Vapor

/// Everything Thistle reads from its environment, read once at start-up and typed.
public struct ThistleConfig: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseLocation
    /// PostgreSQL connections per event loop (SQLite always uses one).
    public var postgresConnectionsPerEventLoop: Int = 2
    /// How long a request waits for a free database connection before failing.
    public var connectionPoolTimeoutSeconds: Int64 = 10
    public var bcryptCost: Int
    /// Secure cookies and HSTS: on everywhere except development and testing over plain HTTP.
    public var secureTransport: Bool
    public var sessionPolicy: SessionPolicy
    public var signInLimits: SignInLimits
    /// Reverse proxies and load balancers whose X-Forwarded-For names the client (THISTLE_TRUSTED_PROXIES).
    public var trustedProxies: [IPRange] = []
    /// Forms of an open-link survey one client address may open in ten minutes (THISTLE_OPEN_LINK_FORMS).
    public var openLinkFormsPerWindow = OpenLinkLimits.defaultFormsPerWindow
    /// Shows dates as if today were this day (the demo runs "as on" the day of the board report).
    /// Only calendar displays use it; security time-outs always use the real clock.
    public var displayToday: CalendarDate?
    /// The installation's secret key, kept outside the database (see `SecretKey`).
    public var secretKey: Data
    /// The address people reach Thistle at, for links in exports ("https://thistle.example.gov.uk").
    public var publicURL: String?
    /// The largest evidence file accepted, in bytes (THISTLE_MAX_UPLOAD_MB, default 25 MB).
    public var maxUploadBytes: Int = 25_000_000
    /// Administrators must use a second factor: everywhere except development and testing
    /// (THISTLE_REQUIRE_ADMIN_2FA=1 turns it on there too).
    public var requireAdminSecondFactor = false
    /// The host's sendmail program (THISTLE_SENDMAIL); without one nothing leaves the machine
    /// and messages wait in the outbox.
    public var sendmail: String?
    /// The address messages come from (THISTLE_MAIL_FROM); the partnership's name is its display name.
    public var mailFrom: String?
    /// How often each instance's outbox worker looks for messages due (THISTLE_OUTBOX_INTERVAL, seconds).
    public var outboxInterval: Int = 10
    public var secretKeyOrigin: SecretKeyOrigin = .environment
    /// The folder identity providers' client secrets may be read from (THISTLE_SECRETS_DIR).
    public var secretsDirectory = "/run/secrets"
    /// The key file read, when the key came from one.
    public var secretKeyFile: String?
    /// Serves `/metrics` on Thistle's own port to a bearer of this token (THISTLE_METRICS_TOKEN).
    public var metricsToken: String?
    /// Serves `/metrics` on an address of its own (THISTLE_METRICS_ADDRESS, host:port).
    public var metricsAddress: (host: String, port: Int)?
    /// How long a stopping instance lets requests in flight finish (THISTLE_SHUTDOWN_GRACE, seconds).
    public var shutdownGraceSeconds: Int64 = 20

    public init(database: DatabaseLocation, bcryptCost: Int = 12,
                secureTransport: Bool = true, sessionPolicy: SessionPolicy = .init(),
                signInLimits: SignInLimits = .init(), displayToday: CalendarDate? = nil, secretKey: Data) {
        self.database = database
        self.bcryptCost = bcryptCost
        self.secureTransport = secureTransport
        self.sessionPolicy = sessionPolicy
        self.signInLimits = signInLimits
        self.displayToday = displayToday
        self.secretKey = secretKey
    }

    public static let defaultSQLitePath = "data/thistle.sqlite"

    /// Reads the variables listed in the README's configuration table.
    public static func fromEnvironment(_ environment: Environment) throws -> ThistleConfig {
        let database: DatabaseLocation
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError("DATABASE_URL must start with postgres:// (got a different scheme)")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: Environment.get("THISTLE_SQLITE_PATH") ?? defaultSQLitePath)
        }
        let variables = ProcessInfo.processInfo.environment
        let origin = SecretKey.origin(environment: variables)
        var config = ThistleConfig(database: database, secretKey: try SecretKey.load(environment: variables))
        config.secretKeyOrigin = origin
        if origin != .environment { config.secretKeyFile = variables["THISTLE_SECRET_KEY_FILE"] ?? SecretKey.defaultFile }
        if let connections = Environment.get("THISTLE_DB_CONNECTIONS_PER_LOOP") {
            guard let value = Int(connections), (1...64).contains(value) else {
                throw ConfigError("THISTLE_DB_CONNECTIONS_PER_LOOP must be a whole number from 1 to 64")
            }
            config.postgresConnectionsPerEventLoop = value
        }
        if let timeout = Environment.get("THISTLE_DB_POOL_TIMEOUT") {
            guard let value = Int64(timeout), (1...600).contains(value) else {
                throw ConfigError("THISTLE_DB_POOL_TIMEOUT must be a number of seconds from 1 to 600")
            }
            config.connectionPoolTimeoutSeconds = value
        }
        if let megabytes = Environment.get("THISTLE_MAX_UPLOAD_MB") {
            guard let value = Int(megabytes), (1...500).contains(value) else {
                throw ConfigError("THISTLE_MAX_UPLOAD_MB must be a whole number of megabytes from 1 to 500")
            }
            config.maxUploadBytes = value * 1_000_000
        }
        if let cost = Environment.get("THISTLE_BCRYPT_COST") {
            guard let value = Int(cost), (4...31).contains(value) else {
                throw ConfigError("THISTLE_BCRYPT_COST must be a whole number from 4 to 31")
            }
            config.bcryptCost = value
        }
        let developing = environment == .development || environment == .testing
        config.secureTransport = !developing || Environment.get("THISTLE_SECURE_COOKIES") == "1"
        config.requireAdminSecondFactor = !developing || Environment.get("THISTLE_REQUIRE_ADMIN_2FA") == "1"
        if let url = Environment.get("THISTLE_PUBLIC_URL"), !url.isEmpty {
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), URL(string: url) != nil else {
                throw ConfigError("THISTLE_PUBLIC_URL must be an address such as https://thistle.example.gov.uk")
            }
            config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let proxies = Environment.get("THISTLE_TRUSTED_PROXIES"), !proxies.isEmpty {
            switch IPRange.list(proxies) {
            case .success(let ranges): config.trustedProxies = ranges
            case .failure(let error):
                throw ConfigError("THISTLE_TRUSTED_PROXIES must list addresses or ranges such as 10.0.0.0/8, separated by commas; '\(error.item)' is neither")
            }
        }
        if let forms = Environment.get("THISTLE_OPEN_LINK_FORMS") {
            guard let value = Int(forms), (1...1_000_000).contains(value) else {
                throw ConfigError("THISTLE_OPEN_LINK_FORMS must be a whole number of forms from 1 to 1000000")
            }
            config.openLinkFormsPerWindow = value
        }
        if let sendmail = Environment.get("THISTLE_SENDMAIL"), !sendmail.isEmpty {
            guard sendmail.hasPrefix("/"), FileManager.default.isExecutableFile(atPath: sendmail) else {
                throw ConfigError("THISTLE_SENDMAIL must be the full path of the host's sendmail program, such as /usr/bin/msmtp or /usr/sbin/sendmail (\(sendmail) is not an executable file)")
            }
            config.sendmail = sendmail
        }
        if let from = Environment.get("THISTLE_MAIL_FROM"), !from.isEmpty {
            guard EmailAddress.isPlausible(from) else {
                throw ConfigError("THISTLE_MAIL_FROM must be one email address, such as thistle@council.gov.uk")
            }
            config.mailFrom = from
        }
        if config.sendmail != nil && config.publicURL == nil {
            throw ConfigError("THISTLE_SENDMAIL needs THISTLE_PUBLIC_URL: links in messages must name the address people reach Thistle at, never one taken from a request")
        }
        if let folder = Environment.get("THISTLE_SECRETS_DIR"), !folder.isEmpty {
            guard folder.hasPrefix("/") else { throw ConfigError("THISTLE_SECRETS_DIR must be a full path, such as /run/secrets") }
            config.secretsDirectory = folder
        }
        if let interval = Environment.get("THISTLE_OUTBOX_INTERVAL") {
            guard let value = Int(interval), (1...3_600).contains(value) else {
                throw ConfigError("THISTLE_OUTBOX_INTERVAL must be a whole number of seconds from 1 to 3600")
            }
            config.outboxInterval = value
        }
        if let token = Environment.get("THISTLE_METRICS_TOKEN"), !token.isEmpty {
            guard token.count >= 32 else { throw ConfigError("THISTLE_METRICS_TOKEN must be at least 32 characters (for example, `openssl rand -hex 32`)") }
            config.metricsToken = token
        }
        if let address = Environment.get("THISTLE_METRICS_ADDRESS"), !address.isEmpty {
            guard let colon = address.lastIndex(of: ":"), !address[..<colon].isEmpty,
                  let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port) else {
                throw ConfigError("THISTLE_METRICS_ADDRESS must be host:port, such as 127.0.0.1:9464")
            }
            config.metricsAddress = (String(address[..<colon]), port)
        }
        if let grace = Environment.get("THISTLE_SHUTDOWN_GRACE") {
            guard let value = Int64(grace), (1...600).contains(value) else {
                throw ConfigError("THISTLE_SHUTDOWN_GRACE must be a whole number of seconds from 1 to 600")
            }
            config.shutdownGraceSeconds = value
        }
        if let today = Environment.get("THISTLE_TODAY"), !today.isEmpty {
            guard let date = CalendarDate(iso: today) else {
                throw ConfigError("THISTLE_TODAY must be a date as YYYY-MM-DD")
            }
            config.displayToday = date
        }
        return config
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Application {
    private struct ConfigKey: StorageKey {
        typealias Value = ThistleConfig
    }

    public var thistle: ThistleConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:config:) has not run") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension ThistleConfig {
    /// Whole days from the real today to `displayToday`, in seconds: what the demo adds to the
    /// time of everything it writes (`AuditActor.clockOffset`). Zero in real use.
    var clockOffset: TimeInterval {
        guard let displayToday else { return 0 }
        return TimeInterval(CalendarDate(Date()).days(until: displayToday)) * 86_400
    }
}

extension Request {
    /// Today's date for calendar displays (see `ThistleConfig.displayToday`).
    var today: CalendarDate {
        application.thistle.displayToday ?? CalendarDate(Date())
    }
}
