/// What an evidence item is: a file kept in Thistle, a link to something published
/// elsewhere, or a described extract of data that stays in the system it came from.
public enum EvidenceItemKind: String, CaseIterable, Codable, Sendable {
    case file, link, extract

    public var title: String {
        switch self {
        case .file: return "Uploaded file"
        case .link: return "Link"
        case .extract: return "Data extract (described)"
        }
    }
}
