import Foundation
import Vapor

/// A route's path, declared once: routes register its components and views build links with
/// `url(_:)`, so the two cannot drift apart.
struct Path: Sendable {
    let segments: [String]

    init(_ segments: String...) {
        self.segments = segments
    }

    var components: [PathComponent] {
        segments.map { PathComponent(stringLiteral: $0) }
    }

    /// The path as OpenAPI writes it: `/api/v1/reviews/{reviewID}/areas`.
    var template: String {
        "/" + segments.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
    }

    /// The path with each `:parameter` replaced, in order, by the values given.
    func url(_ values: any CustomStringConvertible...) -> String {
        var remaining = values.makeIterator()
        let filled = segments.map { segment -> String in
            guard segment.hasPrefix(":") else { return segment }
            guard let value = remaining.next() else {
                preconditionFailure("\(segments.joined(separator: "/")) needs a value for \(segment)")
            }
            return String(describing: value).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        }
        return "/" + filled.joined(separator: "/")
    }
}
