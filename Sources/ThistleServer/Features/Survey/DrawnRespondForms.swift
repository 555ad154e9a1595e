import Foundation
import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// The respondent's form of an open survey, drawn once and served to every respondent with
/// their own address, CSRF token and form token put in. The form is otherwise the same for
/// everyone who answers a survey (respondent routes read no session, so the page's chrome is
/// too), and drawing 25 questions through the template engine was most of the cost of
/// serving it (Benchmarks/RESULTS.md).
///
/// A memo checked against the database (`Memos`): the questions of an open survey are frozen,
/// and whatever else the form shows — the survey's title and introduction, the partnership's
/// agencies and improvement areas — is the drawing's fingerprint, loaded on every request and
/// compared, so an edit shows at once on every instance.
final class DrawnRespondForms: Sendable {
    struct Key: Hashable, Sendable {
        let surveyID: UUID
        let byCode: Bool
    }

    /// What is put into each drawing.
    struct Fill: Sendable {
        let action: String
        let csrfToken: String
        let formToken: String
    }

    /// A drawing cut at its slots: `pieces[0] slot[0] pieces[1] slot[1] … pieces[n]`.
    struct Drawing: Sendable {
        let fingerprint: String
        let pieces: [String]
        let slots: [Slot]
        let length: Int

        func filled(_ fill: Fill) -> String {
            var page = ""
            page.reserveCapacity(length + 256)
            for (index, piece) in pieces.enumerated() {
                page += piece
                guard index < slots.count else { break }
                switch slots[index] {
                case .action: page += XMLText.escape(fill.action)
                case .csrfToken: page += XMLText.escape(fill.csrfToken)
                case .formToken: page += XMLText.escape(fill.formToken)
                }
            }
            return page
        }
    }

    enum Slot: CaseIterable, Sendable {
        case action, csrfToken, formToken
    }

    /// Marks where a slot goes in the drawing; random per process, so that no survey title or
    /// agency name can contain one. Letters and digits only: the template leaves them as they are.
    private let marks: [Slot: String] = {
        let nonce = UUID.random().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return [.action: "slot\(nonce)action", .csrfToken: "slot\(nonce)csrf", .formToken: "slot\(nonce)token"]
    }()

    private let drawings = NIOLockedValueBox<[Key: Drawing]>([:])

    /// The values to draw the form with once, so that `cut` can find the slots.
    var placeholders: Fill {
        Fill(action: marks[.action]!, csrfToken: marks[.csrfToken]!, formToken: marks[.formToken]!)
    }

    /// The page for `key`, filled; `draw` (the form drawn with `placeholders`) runs only when
    /// nothing is kept for `key` or its fingerprint has changed.
    func page(_ key: Key, fingerprint: String, fill: Fill, draw: () async throws -> String) async throws -> String {
        if let kept = drawings.withLockedValue({ $0[key] }), kept.fingerprint == fingerprint { return kept.filled(fill) }
        let drawing = cut(try await draw(), fingerprint: fingerprint)
        drawings.withLockedValue { $0[key] = drawing }
        return drawing.filled(fill)
    }

    private func cut(_ page: String, fingerprint: String) -> Drawing {
        var pieces: [String] = []
        var slots: [Slot] = []
        var rest = Substring(page)
        while true {
            let found = Slot.allCases.compactMap { slot in rest.range(of: marks[slot]!).map { (slot, $0) } }
                .min { $0.1.lowerBound < $1.1.lowerBound }
            guard let (slot, range) = found else { break }
            pieces.append(String(rest[..<range.lowerBound]))
            slots.append(slot)
            rest = rest[range.upperBound...]
        }
        pieces.append(String(rest))
        return Drawing(fingerprint: fingerprint, pieces: pieces, slots: slots, length: page.utf8.count)
    }
}
