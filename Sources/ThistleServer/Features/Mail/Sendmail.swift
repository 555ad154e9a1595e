import Foundation

/// Hands a message to the host's mail transfer agent through the standard `sendmail`
/// interface (`THISTLE_SENDMAIL`: msmtp, postfix's sendmail, exim…), which owns SMTP, TLS,
/// authentication and its own queue. Thistle never speaks SMTP itself.
struct Sendmail: Sendable {
    /// The program, as configured.
    let path: String
    /// How long one hand-over may take before it counts as failed.
    var timeout: Duration = .seconds(60)

    /// A program that refuses a message may exit before reading it; writing the rest to its
    /// closed pipe must fail that write (EPIPE), not end the whole server with SIGPIPE.
    private static let brokenPipesIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()
    static func ignoreBrokenPipes() { _ = brokenPipesIgnored }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `path -i -- recipient` with the message on standard input; succeeds when the program
    /// exits 0 (the mail system has accepted the message). `-i`: a line of a single dot does not
    /// end the message.
    func send(_ message: Data, to recipient: String) async throws {
        Self.ignoreBrokenPipes()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-i", "--", recipient]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            exited.continuation.yield(finished.terminationStatus)
            exited.continuation.finish()
        }
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start \(path): \(error.localizedDescription)")
        }
        // Written off the caller's thread: a large message must not block while the pipe fills.
        let writer = Task.detached {
            try? input.fileHandleForWriting.write(contentsOf: message)
            try? input.fileHandleForWriting.close()
        }
        let timer = Task.detached { [timeout] in
            try await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        var status: Int32 = -1
        for await code in exited.stream { status = code }
        timer.cancel()
        await writer.value
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0 else {
            let detail = said.isEmpty ? "" : ": " + String(said.prefix(300))
            throw Failure(description: process.terminationReason == .uncaughtSignal
                          ? "\(URL(fileURLWithPath: path).lastPathComponent) was stopped after \(timeout)\(detail)"
                          : "\(URL(fileURLWithPath: path).lastPathComponent) exited with status \(status)\(detail)")
        }
    }
}
