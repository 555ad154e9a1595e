import Foundation
import Testing
@testable import ThistleCore

@Suite("Which review a person works in")
struct ReviewChoiceCoreTests {
    let earlier = ReviewChoice.Candidate(id: UUID(), createdAt: Date(timeIntervalSince1970: 1), reportedOn: CalendarDate(iso: "2017-02-28"), archived: false)
    let current = ReviewChoice.Candidate(id: UUID(), createdAt: Date(timeIntervalSince1970: 2), reportedOn: nil, archived: false)
    let trial = ReviewChoice.Candidate(id: UUID(), createdAt: Date(timeIntervalSince1970: 3), reportedOn: nil, archived: false)

    @Test("a person's choice wins; then the partnership's active review; then the newest under way")
    func order() {
        #expect(ReviewChoice.resolve(chosen: earlier.id, active: current.id, reviews: [earlier, current, trial]) == earlier.id)
        #expect(ReviewChoice.resolve(chosen: nil, active: current.id, reviews: [earlier, current, trial]) == current.id)
        #expect(ReviewChoice.resolve(chosen: nil, active: nil, reviews: [earlier, current, trial]) == trial.id)
        #expect(ReviewChoice.resolve(chosen: nil, active: nil, reviews: [earlier]) == earlier.id)
        #expect(ReviewChoice.resolve(chosen: nil, active: nil, reviews: []) == nil)
    }

    @Test("an archived or deleted choice falls back to the partnership's review, and the switcher offers it only while in use")
    func archived() {
        let archivedTrial = ReviewChoice.Candidate(id: trial.id, createdAt: trial.createdAt, reportedOn: nil, archived: true)
        #expect(ReviewChoice.resolve(chosen: trial.id, active: current.id, reviews: [earlier, current, archivedTrial]) == current.id)
        #expect(ReviewChoice.resolve(chosen: UUID(), active: current.id, reviews: [earlier, current]) == current.id)
        #expect(ReviewChoice.offered([earlier, current, archivedTrial], inUse: current.id).map(\.id) == [earlier.id, current.id])
        #expect(ReviewChoice.offered([archivedTrial], inUse: trial.id).map(\.id) == [trial.id])
    }
}
