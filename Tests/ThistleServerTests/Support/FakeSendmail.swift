import Foundation
@testable import ThistleServer

/// A stand-in for the host's sendmail in the in-process tests: a shell script that keeps each
/// message it is handed (and its arguments) in a folder, or refuses as a mail system that
/// cannot reach its relay does while a `refuse` file exists. The real path (msmtp to an SMTP
/// server) is tested end to end in Tests/browser.
struct FakeSendmail {
    let folder: URL
    var path: String { folder.appendingPathComponent("sendmail").path }
    var sendmail: Sendmail { Sendmail(path: path) }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("thistle-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        let script = """
        #!/bin/sh
        dir="$(dirname "$0")"
        if [ -e "$dir/refuse" ]; then echo "sendmail: cannot connect to relay.example:587: Connection refused" >&2; exit 69; fi
        name="$dir/out/$(date +%s%N).$$"
        cat > "$name.eml"
        printf '%s\\n' "$@" > "$name.args"
        """
        try script.write(to: folder.appendingPathComponent("sendmail"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// Makes the mail system refuse (true) or accept (false) from now on.
    func refuse(_ refusing: Bool) throws {
        let flag = folder.appendingPathComponent("refuse")
        if refusing { FileManager.default.createFile(atPath: flag.path, contents: Data()) } else { try? FileManager.default.removeItem(at: flag) }
    }

    /// Every message handed over so far, oldest first: its arguments and text.
    func delivered() throws -> [(arguments: [String], message: String)] {
        let out = folder.appendingPathComponent("out")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let base = out.appendingPathComponent(String(name.dropLast(4)))
            let arguments = try String(contentsOf: base.appendingPathExtension("args"), encoding: .utf8).split(separator: "\n").map(String.init)
            return (arguments, try String(contentsOf: base.appendingPathExtension("eml"), encoding: .utf8))
        }
    }

    /// The plain text of a delivered message (its base64 text/plain part).
    static func text(of message: String) -> String? {
        part("text/plain; charset=UTF-8", of: message)
    }

    /// The decoded text of a delivered message's first base64 part of `contentType`.
    static func part(_ contentType: String, of message: String) -> String? {
        guard let start = message.range(of: "Content-Type: \(contentType)") else { return nil }
        let rest = message[start.upperBound...]
        guard let blank = rest.range(of: "\r\n\r\n") else { return nil }
        let lines = rest[blank.upperBound...].components(separatedBy: "\r\n").prefix { !$0.isEmpty && !$0.hasPrefix("--") }
        return Data(base64Encoded: lines.joined()).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
