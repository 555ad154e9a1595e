import Foundation
import Vapor

/// A route's path, declared once: routes register its components and views build links with
/// `url(…)`, so the two cannot drift apart. A path's type says how many `:parameter` segments
/// it has (`Path0` … `Path3`), so a link given the wrong number of values does not compile.
protocol Path: Sendable {
    var segments: [String] { get }
}

extension Path {
    var components: [PathComponent] {
        segments.map { PathComponent(stringLiteral: $0) }
    }

    /// The path as OpenAPI writes it: `/api/v1/reviews/{reviewID}/areas`.
    var template: String {
        "/" + segments.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
    }

    /// The path with each `:parameter` replaced, in order, by `values`, and the query items
    /// percent-encoded after it.
    fileprivate func fill(_ values: [any CustomStringConvertible], query: KeyValuePairs<String, String>) -> String {
        fill(values, items: query.map { ($0.key, $0.value) })
    }

    fileprivate func fill(_ values: [any CustomStringConvertible], items query: [(String, String)]) -> String {
        var remaining = values.makeIterator()
        let filled = segments.map { segment -> String in
            guard segment.hasPrefix(":"), let value = remaining.next() else { return segment }
            return String(describing: value).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        }
        let path = "/" + filled.joined(separator: "/")
        guard !query.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }

    fileprivate static func count(_ segments: [String]) -> Int { segments.filter { $0.hasPrefix(":") }.count }
}

/// A path with no parameters: `/admin/people`.
struct Path0: Path {
    let segments: [String]
    init(_ segments: String...) {
        self.segments = segments
        assert(Self.count(segments) == 0, "\(segments) has parameters: declare it with the Path type of their number")
    }
    func url(query: KeyValuePairs<String, String> = [:]) -> String { fill([], query: query) }
    /// With query items worked out at run time (a search's filters), in order.
    func url(items: [(String, String)]) -> String { fill([], items: items) }
}

/// A path with one parameter: `/reviews/:reviewID`.
struct Path1: Path {
    let segments: [String]
    init(_ segments: String...) {
        self.segments = segments
        assert(Self.count(segments) == 1, "\(segments) must have exactly one parameter")
    }
    func url(_ first: any CustomStringConvertible, query: KeyValuePairs<String, String> = [:]) -> String { fill([first], query: query) }
}

/// A path with two parameters.
struct Path2: Path {
    let segments: [String]
    init(_ segments: String...) {
        self.segments = segments
        assert(Self.count(segments) == 2, "\(segments) must have exactly two parameters")
    }
    func url(_ first: any CustomStringConvertible, _ second: any CustomStringConvertible, query: KeyValuePairs<String, String> = [:]) -> String {
        fill([first, second], query: query)
    }
}

/// A path with three parameters.
struct Path3: Path {
    let segments: [String]
    init(_ segments: String...) {
        self.segments = segments
        assert(Self.count(segments) == 3, "\(segments) must have exactly three parameters")
    }
    func url(_ first: any CustomStringConvertible, _ second: any CustomStringConvertible, _ third: any CustomStringConvertible,
             query: KeyValuePairs<String, String> = [:]) -> String {
        fill([first, second, third], query: query)
    }
}
