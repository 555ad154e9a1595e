import ThistleCore
import Vapor

extension Request {
    /// What a multipart form's file field holds.
    enum UploadedText {
        case missing
        case notText
        case text(String)

        /// Whether a file was chosen at all.
        var given: Bool {
            if case .missing = self { return false }
            return true
        }
    }

    /// The form's `file` field, read as text.
    func uploadedText() -> UploadedText {
        struct Upload: Content { var file: File? }
        guard let file = try? content.decode(Upload.self).file, file.data.readableBytes > 0 else { return .missing }
        guard let text = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes) else { return .notText }
        return .text(text)
    }
}

extension Request.UploadedText {
    /// The chosen file's text, or the one error every import form shows at its file field.
    var csvText: Result<String, FormRejection> {
        switch self {
        case .missing: .failure(FormRejection(errors: [FieldError(field: "file", message: "Choose a CSV file to import")]))
        case .notText: .failure(FormRejection(errors: [.unreadableCSV]))
        case .text(let text): .success(text)
        }
    }

    /// The chosen file as a CSV table, or the error to show at the file field.
    var csvTable: Result<CSVFile.Table, FormRejection> {
        csvText.flatMap { text in
            (try? CSVFile.read(text)).map(Result.success) ?? .failure(FormRejection(errors: [.unreadableCSV]))
        }
    }
}

extension FieldError {
    /// A chosen file that is not CSV text.
    static let unreadableCSV = FieldError(field: "file", message: "The file could not be read as CSV text")

    /// Row errors of an import, as the form's errors: a headline, then up to fifty rows.
    static func rows(_ errors: [RowError], field: String = "file", what: String) -> [FieldError] {
        let shown = errors.prefix(50).map { FieldError(field: field, message: $0.description) }
        let more = errors.count > 50 ? [FieldError(field: field, message: "… and \(errors.count - 50) more rows with problems")] : []
        return [FieldError(field: field, message: errors.headline(nothingWas: what))] + shown + more
    }
}
