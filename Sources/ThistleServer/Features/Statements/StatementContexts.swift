import Foundation
import ThistleCore

/// A position statement as read on screen: its parts with citations as links, word counts
/// against the limit, uncited paragraphs flagged, the workflow, versions and comments.
struct StatementPageContext: PageContent {
    static let template = "statements/statement"
    let pageTitle: String
    var pageSection: Section? { .statements }
    let heading: String
    let reviewTitle: String
    let state: String
    let versionLine: String?
    /// Set when an earlier version is shown.
    let currentVersionURL: String?
    let flagged: String?
    let parts: [PartView]
    let editURL: String?
    let steps: [StepButton]
    let savingRule: String
    let versions: [VersionRow]
    let compare: FormContext?
    let comments: [CommentRow]
    let commentForm: FormContext?
    let backURL: String
    /// The statement's own history in the audit trail, for those who may read it.
    let historyURL: String?
    // Leaf treats an empty list as true, so the template is told.
    let hasSteps: Bool
    let hasVersions: Bool
    let hasComments: Bool
}

struct PartView: Encodable {
    let question: String
    let wordLine: String
    let overLimit: Bool
    let paragraphs: [ParagraphView]
    let isEmpty: Bool

    init(part: StatementPart, text: String, wordLimit: Int, link: (Int) -> String?) {
        let words = StatementText.wordCount(text)
        self.question = part.question
        self.wordLine = "\(words) of \(wordLimit) words"
        self.overLimit = words > wordLimit
        let uncited = part == .howWeKnow ? Set(StatementText.uncitedParagraphs(text)) : []
        self.paragraphs = StatementText.paragraphs(text).enumerated().map { index, paragraph in
            ParagraphView(pieces: StatementText.pieces(paragraph).map { piece in
                PieceView(text: piece.citation.map { "[E\($0)]" } ?? piece.text, url: piece.citation.flatMap(link))
            }, uncited: uncited.contains(index + 1))
        }
        self.isEmpty = paragraphs.isEmpty
    }
}

struct ParagraphView: Encodable {
    let pieces: [PieceView]
    /// A paragraph of "How do we know?" that cites nothing.
    let uncited: Bool
}

struct PieceView: Encodable {
    let text: String
    let url: String?
}

struct StepButton: Encodable {
    let label: String
    let value: String
    let action: String
    let csrfToken: String
}

struct VersionRow: Encodable {
    let number: Int
    let saved: String
    let url: String
    let shown: Bool
}

struct CommentRow: Encodable {
    let author: String
    let when: String
    let version: Int
    let body: String
}

/// Two versions of a statement side by side in one column: what was taken out and put in.
struct StatementCompareContext: PageContent {
    static let template = "statements/compare"
    let pageTitle: String
    var pageSection: Section? { .statements }
    let heading: String
    let summary: String
    let parts: [DiffPart]
    let backURL: String
}

struct DiffPart: Encodable {
    let question: String
    let segments: [TextDiff.Segment]
    let unchanged: Bool
}

extension StatementVersion {
    /// "Version 3, saved 12 October 2018 by Morag Henderson".
    func savedLine(by name: String?) -> String {
        "Version \(number), saved \(CalendarDate(savedAt).long)\(name.map { " by \($0)" } ?? "")"
    }
}
