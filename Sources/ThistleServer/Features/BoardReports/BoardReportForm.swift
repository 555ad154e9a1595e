import Foundation
import ThistleCore
import Vapor

/// The board report form: its heading (who it goes to, when, from whom) and the written parts
/// of the council's template.
enum BoardReportForm {
    struct HeadingInput: Content {
        var board: String?
        var meetingDate: String?
        var subject: String?
        var by: String?
        var author: String?

        init(board: String? = nil, meetingDate: String? = nil, subject: String? = nil, by: String? = nil, author: String? = nil) {
            self.board = board
            self.meetingDate = meetingDate
            self.subject = subject
            self.by = by
            self.author = author
        }

        init(_ heading: BoardReportHeading) {
            self.init(board: heading.board, meetingDate: heading.meetingDate.iso, subject: heading.subject, by: heading.by, author: heading.author)
        }

        fileprivate func validated(into validator: inout FormValidator) -> BoardReportHeading? {
            let board = validator.text(board, field: "board", label: "Who the report goes to", maxLength: 200)
            let meetingDate = validator.date(meetingDate, field: "meetingDate", label: "The meeting date")
            let subject = validator.text(subject, field: "subject", label: "The subject", maxLength: 300)
            let by = validator.text(by, field: "by", label: "Who presents the report", maxLength: 300)
            let author = validator.text(author, field: "author", label: "The author", maxLength: 200)
            guard let board, let meetingDate, let subject, let by, let author else { return nil }
            return BoardReportHeading(board: board, meetingDate: meetingDate, subject: subject, by: by, author: author)
        }

        var fields: [FormField] {
            [
                .text("board", "Report to", value: board, hint: "The board or committee, for example Community Planning Board"),
                .text("meetingDate", "Meeting date", value: meetingDate, kind: .date),
                .text("subject", "Subject", value: subject),
                .text("by", "By", value: by, hint: "The officer presenting the report, with their post"),
                .text("author", "Author of the report", value: author),
            ]
        }
    }

    /// The field that holds a written part.
    static func textField(_ key: String) -> String { "text_\(key)" }

    /// The most a written part may hold: a board report's section is a few paragraphs.
    static let maxTextLength = 20_000

    /// The written parts as typed, with Windows line ends and surrounding space removed.
    static func texts(_ form: [String: String], template: BoardReportTemplate) -> [String: String] {
        Dictionary(template.textSections.map { section in
            (section.key, (form[textField(section.key)] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
        }, uniquingKeysWith: { _, last in last })
    }

    /// The heading, checked, with each written part of `template` no longer than a report holds.
    static func validate(_ input: HeadingInput, texts: [String: String], template: BoardReportTemplate?) -> Result<BoardReportHeading, FormRejection> {
        var validator = FormValidator()
        let heading = input.validated(into: &validator)
        for section in template?.textSections ?? [] {
            let count = texts[section.key]?.count ?? 0
            if count > maxTextLength {
                validator.add(textField(section.key), "\(section.title) must be \(maxTextLength) characters or fewer; it is \(count)")
            }
        }
        guard validator.isValid, let heading else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(heading)
    }
}
