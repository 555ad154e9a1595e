import Foundation
import ThistleCore
#if canImport(Glibc)
import Glibc
#endif

/// A running demo's hold on its database file: an exclusive `flock` on `<database>.lock`,
/// which names the process and port holding it. The kernel lets go when the process ends,
/// however it ends, so a demo killed with SIGKILL leaves no stale lock behind.
struct DemoLock: Sendable {
    /// Who holds a demo database.
    struct Holder: Equatable, Sendable {
        let processID: Int32
        let port: Int
    }

    let database: String
    private let descriptor: Int32

    static func lockFile(of database: String) -> String { database + ".lock" }

    /// Takes the lock on `database` for this process serving `port`, or nil when another holds it.
    static func acquire(_ database: String, port: Int) throws -> DemoLock? {
        let path = lockFile(of: database)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ConfigError("Could not open \(path) to lock the demo's database") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        let text = "pid=\(getpid()) port=\(port)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return DemoLock(database: database, descriptor: descriptor)
    }

    /// Locks the database of a demo about to serve `port`: `data/demo.sqlite` when it is free,
    /// else one named by the port, leaving the demo that holds the first alone. Refused when a
    /// demo in this folder serves `port` already. Returns the file and who holds the shared one.
    static func claimDatabase(port: Int) throws -> (database: String, sharedHolder: Holder?) {
        let shared = DemoBanner.sharedDatabase
        if try acquire(shared, port: port) != nil { return (shared, nil) }
        let holder = holder(of: shared)
        if let holder, holder.port == port {
            throw OptionProblem(option: "port", rule: "is served already by the demo of process \(holder.processID) (\(shared)): open http://127.0.0.1:\(port), or start a second demo with another --port, such as --port \(port + 1)", given: String(port))
        }
        let own = DemoBanner.database(forPort: port)
        guard try acquire(own, port: port) != nil else {
            throw OptionProblem(option: "port", rule: "is taken: \(own) is held by the demo of process \(Self.holder(of: own).map { String($0.processID) } ?? "unknown"); choose another --port", given: String(port))
        }
        return (own, holder)
    }

    /// Whether a server could listen on 127.0.0.1:`port` now: asked before the demo spends
    /// seconds building its database, so a port another program holds is named at once.
    static func portIsFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }

    /// The demo holding `database`, if one does.
    static func holder(of database: String) -> Holder? {
        let path = lockFile(of: database)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for pair in text.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let processID = fields["pid"].flatMap(Int32.init), let port = fields["port"].flatMap(Int.init) else { return nil }
        return Holder(processID: processID, port: port)
    }
}
