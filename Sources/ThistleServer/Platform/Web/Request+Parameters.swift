import Foundation
import Vapor

extension Request {
    /// A UUID route parameter; a malformed one is answered as "not found", like a missing record.
    func uuid(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidText: raw) else { throw Abort(.notFound) }
        return id
    }
}
