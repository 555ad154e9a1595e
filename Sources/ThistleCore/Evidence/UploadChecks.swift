import Crypto
import Foundation

/// The kinds of evidence file Thistle accepts, recognised by their first bytes and never by
/// their names.
public enum EvidenceFileKind: String, CaseIterable, Codable, Sendable {
    case pdf, word, excel, powerpoint, csv, text, png, jpeg

    public var title: String {
        switch self {
        case .pdf: return "PDF"
        case .word: return "Word document"
        case .excel: return "Excel workbook"
        case .powerpoint: return "PowerPoint presentation"
        case .csv: return "CSV"
        case .text: return "Text"
        case .png: return "PNG image"
        case .jpeg: return "JPEG image"
        }
    }

    public var mediaType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .word: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .excel: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .powerpoint: return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .csv: return "text/csv"
        case .text: return "text/plain"
        case .png: return "image/png"
        case .jpeg: return "image/jpeg"
        }
    }

    public var fileExtension: String {
        switch self {
        case .pdf: return "pdf"
        case .word: return "docx"
        case .excel: return "xlsx"
        case .powerpoint: return "pptx"
        case .csv: return "csv"
        case .text: return "txt"
        case .png: return "png"
        case .jpeg: return "jpg"
        }
    }
}

public enum UploadSniffing {
    /// What the first bytes say the file is, before looking inside a ZIP container:
    /// `.zip` means "an Office file, if its entries say so".
    public enum Signature: Equatable, Sendable {
        case kind(EvidenceFileKind)
        case zip
        case refused(String)
    }

    public static func signature(of bytes: [UInt8], claimedName: String) -> Signature {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return .kind(.pdf) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .kind(.png) }
        if starts([0xFF, 0xD8, 0xFF]) { return .kind(.jpeg) }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .zip }
        if starts([0x4D, 0x5A]) || starts([0x7F, 0x45, 0x4C, 0x46]) || starts(Array("#!".utf8)) {
            return .refused("This is a program, not a document, whatever its name says")
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0]) {
            return .refused("Older Office files (.doc, .xls, .ppt) are not accepted: save it in the current format (.docx, .xlsx, .pptx) or as PDF")
        }
        // Text: valid UTF-8 with no NUL bytes; a .csv name makes it CSV.
        if !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil {
            return .kind(claimedName.lowercased().hasSuffix(".csv") ? .csv : .text)
        }
        return .refused("The file's contents are not one of the accepted kinds: PDF, Word, Excel, PowerPoint, CSV, text, PNG or JPEG")
    }

    /// Which Office file a ZIP is, from the names of its entries.
    public static func officeKind(entryNames: [String]) -> EvidenceFileKind? {
        guard entryNames.contains("[Content_Types].xml") else { return nil }
        if entryNames.contains(where: { $0.hasPrefix("word/") }) { return .word }
        if entryNames.contains(where: { $0.hasPrefix("xl/") }) { return .excel }
        if entryNames.contains(where: { $0.hasPrefix("ppt/") }) { return .powerpoint }
        return nil
    }
}

/// Limits that keep a ZIP container (every Office file is one) from expanding into far more
/// than it claims: too many entries, or too much expansion overall or for one entry.
public struct ArchiveLimits: Sendable {
    public let maximumEntries: Int
    public let maximumExpandedBytes: Int
    public let maximumRatio: Double

    public init(maximumEntries: Int = 10_000, maximumExpandedBytes: Int = 500_000_000, maximumRatio: Double = 100) {
        self.maximumEntries = maximumEntries
        self.maximumExpandedBytes = maximumExpandedBytes
        self.maximumRatio = maximumRatio
    }

    public struct Entry: Sendable {
        public let compressed: Int
        public let uncompressed: Int
        public init(compressed: Int, uncompressed: Int) {
            self.compressed = compressed
            self.uncompressed = uncompressed
        }
    }

    /// Why the archive is refused, or nil when it is within every limit.
    public func problem(entries: [Entry], archiveBytes: Int) -> String? {
        if entries.count > maximumEntries { return "The file holds \(entries.count) parts, more than the \(maximumEntries) allowed: it may be an archive bomb" }
        let expanded = entries.reduce(0) { $0 + $1.uncompressed }
        if expanded > maximumExpandedBytes { return "The file would expand to more than \(maximumExpandedBytes / 1_000_000) MB: it may be an archive bomb" }
        if archiveBytes > 0 && Double(expanded) / Double(archiveBytes) > maximumRatio {
            return "The file would expand more than \(Int(maximumRatio)) times: it may be an archive bomb"
        }
        if entries.contains(where: { $0.compressed > 0 && Double($0.uncompressed) / Double($0.compressed) > maximumRatio * 10 }) {
            return "A part of the file would expand more than \(Int(maximumRatio * 10)) times: it may be an archive bomb"
        }
        return nil
    }
}

/// A file name safe to store and to send back in a Content-Disposition header: no folders,
/// no control or reserved characters, no leading dots, at most 120 characters, and the
/// extension the file's real kind has.
public enum SafeFileName {
    public static func make(_ claimed: String, kind: EvidenceFileKind) -> String {
        let base = claimed.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        var cleaned = ""
        for scalar in stem.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) || " -_()".unicodeScalars.contains(scalar) {
                cleaned.unicodeScalars.append(scalar)
            } else {
                cleaned.append("_")
            }
        }
        cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: " ._"))
        if cleaned.isEmpty { cleaned = "evidence" }
        return String(cleaned.prefix(120)) + "." + kind.fileExtension
    }
}

/// The SHA-256 of a file's bytes, in lower-case hex: the name a file is stored under and the
/// figure a submission pack's manifest lists.
public enum ContentHash {
    public static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }
}

/// An upload that passed every check, ready to store.
public struct CheckedUpload: Sendable, Equatable {
    public let kind: EvidenceFileKind
    public let fileName: String
    public let sha256: String
    public let size: Int
}

/// The checks every uploaded evidence file passes before anything is stored: its size, what
/// its contents say it is, and, for an Office file, what is inside the ZIP container.
public enum EvidenceUpload {
    public static func check(_ data: Data, claimedName: String, maximumBytes: Int,
                             limits: ArchiveLimits = ArchiveLimits()) -> Result<CheckedUpload, ArchiveProblem> {
        if data.isEmpty { return .failure(ArchiveProblem("The file is empty")) }
        if data.count > maximumBytes {
            return .failure(ArchiveProblem("The file is \(megabytes(data.count)), more than the \(megabytes(maximumBytes)) allowed"))
        }
        let kind: EvidenceFileKind
        switch UploadSniffing.signature(of: Array(data.prefix(4_096)), claimedName: claimedName) {
        case .refused(let reason):
            return .failure(ArchiveProblem(reason))
        case .kind(let known) where known == .text || known == .csv:
            // The first 4 KB looked like text; the whole file must be.
            guard !data.contains(0), String(data: data, encoding: .utf8) != nil else {
                return .failure(ArchiveProblem("The file starts as text but is not: only UTF-8 text files are accepted"))
            }
            kind = known
        case .kind(let known):
            kind = known
        case .zip:
            switch ZipContainer.inspect(data, limits: limits) {
            case .failure(let problem):
                return .failure(problem)
            case .success(let names):
                guard let office = UploadSniffing.officeKind(entryNames: names) else {
                    return .failure(ArchiveProblem("This is a ZIP archive, not a Word, Excel or PowerPoint file: upload the documents themselves"))
                }
                kind = office
            }
        }
        return .success(CheckedUpload(kind: kind, fileName: SafeFileName.make(claimedName, kind: kind),
                                      sha256: ContentHash.sha256(data), size: data.count))
    }

    /// "25 MB", "3.2 MB", "640 KB".
    public static func megabytes(_ bytes: Int) -> String {
        if bytes < 1_000_000 { return "\(max(1, bytes / 1_000)) KB" }
        let value = Double(bytes) / 1_000_000
        return value == value.rounded() ? "\(Int(value)) MB" : String(format: "%.1f MB", value)
    }
}
