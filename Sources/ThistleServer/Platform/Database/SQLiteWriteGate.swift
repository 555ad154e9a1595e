import Fluent

/// Lets one SQLite write transaction at a time into the database from this process.
///
/// SQLite allows one writer. Without the gate, a second writer waits inside `BEGIN
/// IMMEDIATE`, blocking a thread of the shared thread pool and holding a pooled connection
/// for the whole wait, so that readers starve. Behind the gate, writers wait here instead,
/// asynchronously, holding nothing. The busy timeout still covers writers in other processes
/// (a command run beside the server).
actor SQLiteWriteGate {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the gate to the longest waiter, or opens it.
    func release() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
