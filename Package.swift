// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "thistle",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "thistle", targets: ["thistle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // ID tokens of single sign-on are verified with Vapor's own JOSE library, not by hand.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // The metrics endpoint for an operations team's Prometheus (Vapor reports requests through swift-metrics).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Traces of requests and their database queries to an OTLP collector, when one is configured.
        // OTLP over HTTP only: the gRPC exporter (and gRPC with it) is not built.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        // Vapor's own event loops; named so that the executable can run Swift concurrency on them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The SQLite driver's own value conversions; named so that ids are written to SQLite without C's formatter.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
    ],
    targets: [
        .target(
            name: "ThistleCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // .docx files and submission packs are ZIP containers; uploads are checked inside.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Declarations of the SQLite functions the quick reads call, in sqlite-nio's own copy of SQLite
        // (the header says why not a second copy).
        .target(name: "CThistleSQLite"),
        .target(
            name: "ThistleServer",
            dependencies: [
                "ThistleCore",
                "CThistleSQLite",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OTel", package: "swift-otel"),
            ]
        ),
        .executableTarget(
            name: "thistle",
            dependencies: [
                "ThistleServer",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The bare Vapor route every server benchmark measures beside Thistle, as its reference.
        .executableTarget(
            name: "BenchmarkReference",
            dependencies: [.product(name: "Vapor", package: "vapor")],
            path: "Benchmarks/reference"
        ),
        // Benchmarks/timetabling/run times the fieldwork timetabler with a release build of this.
        .executableTarget(
            name: "TimetablingBenchmark",
            dependencies: ["ThistleCore"],
            path: "Benchmarks/timetabling",
            exclude: ["run"]
        ),
        .testTarget(
            name: "ThistleCoreTests",
            dependencies: ["ThistleCore"]
        ),
        .testTarget(
            name: "ThistleServerTests",
            dependencies: [
                "ThistleServer",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                // Signs the ID tokens of the fake identity provider the single sign-on tests use.
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
    ]
)
