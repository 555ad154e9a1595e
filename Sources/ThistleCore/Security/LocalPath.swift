import Foundation

/// Which addresses Thistle may send a browser to after signing in: a path of its own, written
/// plainly. Browsers forgive a great deal in a `Location` ("/\t/host", "/\\host", "//host",
/// "/%09/host" once decoded all lead off-site), so anything but letters, digits and the few
/// characters Thistle's own paths and queries use is refused rather than cleaned.
public enum LocalPath {
    private static let pathCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    private static let queryCharacters = pathCharacters.union("=&+%")

    public static func isLocal(_ candidate: String) -> Bool {
        let parts = candidate.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0]
        guard path.hasPrefix("/") else { return false }
        // Every segment is a plain word: no empty segment (so no "//"), no dot segments.
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if !(segments.count == 1 && segments[0].isEmpty) {
            for (index, segment) in segments.enumerated() {
                if segment.isEmpty && index == segments.count - 1 && index > 0 { continue }  // a trailing slash
                guard !segment.isEmpty, segment != ".", segment != "..", segment.allSatisfy(pathCharacters.contains) else { return false }
            }
        }
        guard parts.count == 2 else { return true }
        let query = parts[1]
        guard query.allSatisfy(queryCharacters.contains) else { return false }
        // Escapes in the query must stand for printable characters other than a slash or backslash.
        guard let decoded = String(query).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else { return false }
        return !decoded.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f || $0 == "\\" }
    }
}
