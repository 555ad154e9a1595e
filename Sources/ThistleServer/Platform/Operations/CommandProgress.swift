import Foundation
import NIOConcurrencyHelpers
import ThistleCore
#if canImport(Glibc)
import Glibc
#endif

/// Progress of a long `thistle` command, written to standard error so that standard output
/// keeps only the command's results. On a terminal one line is redrawn in place (count, rate,
/// time left); anywhere else (a pipe, a log file, CI) a plain line is written each tenth of the
/// way and at least every 15 seconds, and one when the step is done.
final class CommandProgress: Sendable {
    let onTerminal: Bool
    private let write: @Sendable (String) -> Void

    init(onTerminal: Bool = CommandProgress.standardErrorIsTerminal,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.onTerminal = onTerminal
        self.write = write
    }

    /// Whether standard error is a terminal that understands carriage return and erase-line.
    static var standardErrorIsTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Starts a step of the work; `total` nil when its size is not known beforehand.
    func step(_ label: String, total: Int?) -> ProgressStep {
        ProgressStep(label: label, total: total, onTerminal: onTerminal, write: write)
    }
}

/// One step of a long command. `update` is called after each whole unit of work (a batch
/// committed, a migration applied) and is where a Ctrl-C stops the command: nothing is ever
/// stopped half-way through a transaction.
final class ProgressStep: Sendable {
    private struct State {
        var done = 0
        var total: Int?
        var lastDrawn = Date.distantPast
        var lastLine = Date()
        var tenth = 0
        var finished = false
    }

    let label: String
    private let onTerminal: Bool
    private let write: @Sendable (String) -> Void
    private let started = Date()
    private let state = NIOLockedValueBox(State())

    fileprivate init(label: String, total: Int?, onTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.state.withLockedValue { $0.total = total }
        self.onTerminal = onTerminal
        self.write = write
        write(onTerminal ? "\r\(label)…\u{1B}[K" : "\(label)…\n")
    }

    var done: Int { state.withLockedValue { $0.done } }
    var total: Int? { state.withLockedValue { $0.total } }

    /// Records that `done` units are complete (of `total`, once the work knows it), then stops
    /// the command if Ctrl-C was pressed.
    func update(_ done: Int, of total: Int? = nil) throws {
        let now = Date()
        let output: String? = state.withLockedValue { state in
            state.done = done
            if let total { state.total = total }
            let total = state.total
            let report = ProgressReport(label: label, done: done, total: total, elapsed: now.timeIntervalSince(started))
            if onTerminal {
                guard now.timeIntervalSince(state.lastDrawn) >= 0.1 else { return nil }
                state.lastDrawn = now
                return "\r\(report.line)\u{1B}[K"
            }
            // The last unit is reported by `finish`, with the time the step took.
            guard done != total, ProgressReport.isDueInPlainOutput(previousTenth: state.tenth, done: done, total: total,
                                                    secondsSinceLastLine: now.timeIntervalSince(state.lastLine)) else { return nil }
            state.lastLine = now
            if let total, total > 0 { state.tenth = done * 10 / total }
            return "  \(report.line)\n"
        }
        if let output { write(output) }
        try CommandInterruption.checkpoint(done: self)
    }

    /// Ends the step with how much was done and how long it took.
    func finish() {
        let line: String? = state.withLockedValue { state in
            guard !state.finished else { return nil }
            state.finished = true
            return ProgressReport(label: label, done: state.done, total: state.total, elapsed: Date().timeIntervalSince(started)).finishedLine
        }
        if let line { write(onTerminal ? "\r\(line)\u{1B}[K\n" : "  \(line)\n") }
    }
}

/// Ctrl-C during a long command. The first asks the command to stop at the next whole unit of
/// work (the transaction in hand commits or rolls back, never half-written); a second stops the
/// process at once. A command with a clean-up of its own (a half-copied backup to remove) gives
/// it instead, and stops at once.
enum CommandInterruption {
    private static let requested = NIOLockedValueBox(false)
    /// Kept so the signal source lives as long as the command; set once, from the command's own task.
    nonisolated(unsafe) private static var source: (any DispatchSourceSignal)?

    /// Takes over SIGINT for the rest of the command. `cleanUp`: run, then exit 130, on the first Ctrl-C.
    static func install(cleanUp: (@Sendable () -> Void)? = nil) {
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signalSource.setEventHandler {
            if let cleanUp {
                FileHandle.standardError.write(Data("\nStopped at your request (Ctrl-C).\n".utf8))
                cleanUp()
                exit(130)
            }
            let again = requested.withLockedValue { already in defer { already = true }; return already }
            if again { exit(130) }
            FileHandle.standardError.write(Data("\nStopping after the batch in hand (Ctrl-C again stops at once)…\n".utf8))
        }
        signalSource.resume()
        source = signalSource
    }

    static var wasRequested: Bool { requested.withLockedValue { $0 } }

    static func checkpoint(done step: ProgressStep) throws {
        guard wasRequested else { return }
        throw CommandInterrupted(step: step.label, done: step.done, total: step.total)
    }
}

/// A long command stopped by Ctrl-C between two whole units of work: `thistle` exits 130.
struct CommandInterrupted: Error, CustomStringConvertible {
    let step: String
    let done: Int
    let total: Int?

    var description: String {
        "Stopped at your request (Ctrl-C) during “\(step)” after \(Countdown.grouped(done))\(total.map { " of \(Countdown.grouped($0))" } ?? ""): "
            + "each unit of work before it is whole (committed in its own transaction) and nothing after it was written."
    }
}
