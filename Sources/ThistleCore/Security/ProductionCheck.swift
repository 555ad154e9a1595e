/// Where the installation's secret key came from: it keys record-reference digests and seals
/// two-step secrets, so every instance must share one kept outside the database.
public enum SecretKeyOrigin: String, Sendable {
    /// THISTLE_SECRET_KEY.
    case environment
    /// A key file that already existed (THISTLE_SECRET_KEY_FILE or data/secret.key).
    case file
    /// Made just now because none was given: fine for development, wrong for production.
    case generated
}

/// The settings `thistle check --production` judges, read from the configuration.
public struct ProductionSettings: Sendable {
    public var environmentName: String
    public var secretKeyOrigin: SecretKeyOrigin
    /// Secure cookies and HSTS share one switch in Thistle.
    public var secureTransport: Bool
    public var adminSecondFactorRequired: Bool
    public var bcryptCost: Int
    public var displayDateOverridden: Bool
    public var publicURL: String?
    /// The key is read from a file in the database's own folder (or where Thistle makes one),
    /// so every copy or backup of the database carries the key that protects it.
    public var keyFileBesideDatabase: Bool

    public init(environmentName: String, secretKeyOrigin: SecretKeyOrigin, secureTransport: Bool, adminSecondFactorRequired: Bool,
                bcryptCost: Int, displayDateOverridden: Bool, publicURL: String?, keyFileBesideDatabase: Bool = false) {
        self.environmentName = environmentName
        self.secretKeyOrigin = secretKeyOrigin
        self.secureTransport = secureTransport
        self.adminSecondFactorRequired = adminSecondFactorRequired
        self.bcryptCost = bcryptCost
        self.displayDateOverridden = displayDateOverridden
        self.publicURL = publicURL
        self.keyFileBesideDatabase = keyFileBesideDatabase
    }
}

/// Whether a configuration is safe to run for real, each check with what to change.
public enum ProductionCheck {
    public struct Finding: Equatable, Sendable {
        public let check: String
        public let passed: Bool
        /// What to change when it failed.
        public let advice: String
    }

    public static func findings(_ settings: ProductionSettings) -> [Finding] {
        let https = settings.publicURL.map { $0.hasPrefix("https://") } ?? false
        return [
            Finding(check: "Running in production mode", passed: settings.environmentName == "production",
                    advice: "start Thistle with --env production (it is running as \(settings.environmentName))"),
            Finding(check: "Secret key set outside the database", passed: settings.secretKeyOrigin != .generated,
                    advice: "set THISTLE_SECRET_KEY (openssl rand -base64 32), the same on every instance; without it record references and two-step secrets cannot be shared or recovered"),
            Finding(check: "Secret key kept away from the database's folder", passed: !(settings.secretKeyOrigin == .file && settings.keyFileBesideDatabase),
                    advice: "the key file sits beside the database, so every copy or backup of the data carries the key that protects it: set THISTLE_SECRET_KEY, or move the file out of that folder and name it in THISTLE_SECRET_KEY_FILE"),
            Finding(check: "Secure cookies", passed: settings.secureTransport,
                    advice: "serve over HTTPS and do not run in development mode, so session cookies are marked Secure"),
            Finding(check: "HSTS (Strict-Transport-Security)", passed: settings.secureTransport,
                    advice: "serve over HTTPS and do not run in development mode, so browsers are told to use HTTPS only"),
            Finding(check: "Second factor required for administrators", passed: settings.adminSecondFactorRequired,
                    advice: "do not run in development or testing mode; administrators must set up two-step verification"),
            Finding(check: "Password hashing cost of 12 or more", passed: settings.bcryptCost >= 12,
                    advice: "remove THISTLE_BCRYPT_COST (below 12 is for tests only)"),
            Finding(check: "Real dates", passed: !settings.displayDateOverridden,
                    advice: "remove THISTLE_TODAY, which shows dates as if on another day (for the demo)"),
            Finding(check: "Public address set, using HTTPS", passed: https,
                    advice: "set THISTLE_PUBLIC_URL to the https:// address people reach Thistle at: calendar feeds, open survey links and invitation links are built from it"),
        ]
    }
}
