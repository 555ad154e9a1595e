import NIOConcurrencyHelpers

/// Runs `operation`, giving up waiting after `limit` (nil). The operation goes on in the
/// background; database futures cannot be cancelled, and a pool timeout ends them in time.
func withTimeout<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async -> Result<T, any Error>? {
    let resumed = NIOLockedValueBox(false)
    return await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>?, Never>) in
        @Sendable func finish(_ value: Result<T, any Error>?) {
            let first = resumed.withLockedValue { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(returning: value) }
        }
        Task {
            do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            finish(nil)
        }
    }
}
