import Vapor

// The framework's own ceiling on this machine: a bare Vapor application with one JSON route and
// nothing else, built by Thistle's release build with the same compiler and packages. Every
// benchmark serves it beside Thistle and measures both in the same run, so that each target is
// a ratio a slow or busy machine can neither hide nor fake.
//
//   .build/release/BenchmarkReference serve --env production --hostname 127.0.0.1 --port 8089

struct Status: Content {
    let status: String
}

var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
app.get("health") { _ in Status(status: "ok") }
do {
    try await app.execute()
} catch {
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
