import Fluent

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension Array where Element: Model {
    /// Inserts the rows 500 to a statement, which keeps each statement under every driver's
    /// limit on bound values while writing thousands of rows in a few round trips.
    func createInBatches(on db: any Database) async throws {
        for slice in chunked(500) { try await Array(slice).create(on: db) }
    }
}
