import Foundation

/// Which review a person works in. Each person chooses one; until they do, or when their choice
/// is archived or gone, they work in the one the partnership marks as active; and when the
/// partnership has marked none, in the newest review still under way (else the last reported).
/// Creating a review changes nobody's choice: the active review is fixed before a second exists.
public enum ReviewChoice {
    public struct Candidate: Sendable, Equatable {
        public let id: UUID
        public let createdAt: Date
        public let reportedOn: CalendarDate?
        public let archived: Bool

        public init(id: UUID, createdAt: Date, reportedOn: CalendarDate?, archived: Bool) {
            self.id = id
            self.createdAt = createdAt
            self.reportedOn = reportedOn
            self.archived = archived
        }
    }

    /// The review a person works in, or nil when the partnership has no review at all.
    public static func resolve(chosen: UUID?, active: UUID?, reviews: [Candidate]) -> UUID? {
        let open = reviews.filter { !$0.archived }
        if let chosen, open.contains(where: { $0.id == chosen }) { return chosen }
        if let active, open.contains(where: { $0.id == active }) { return active }
        return fallback(open) ?? fallback(reviews)
    }

    /// The review the partnership works in when it has not marked one: the newest still under
    /// way, else the one reported last.
    public static func fallback(_ reviews: [Candidate]) -> UUID? {
        // Ties by id: `UUID` compares its bytes in the order its upper-case text sorts, without
        // writing the text (the C formatter behind `uuidString`) twice per comparison, on every page.
        let newestFirst = reviews.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        if let underWay = newestFirst.first(where: { $0.reportedOn == nil }) { return underWay.id }
        return newestFirst.max { earlier, later in
            guard let laterDate = later.reportedOn else { return false }
            guard let earlierDate = earlier.reportedOn else { return true }
            return earlierDate < laterDate
        }?.id
    }

    /// The reviews a switcher offers: every review not archived, plus the one in use if it is.
    public static func offered(_ reviews: [Candidate], inUse: UUID?) -> [Candidate] {
        reviews.filter { !$0.archived || $0.id == inUse }
    }
}
