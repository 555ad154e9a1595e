import Testing
@testable import ThistleCore

@Suite("Improvement plan: statuses and the spreadsheet import")
struct ImprovementPlanTests {
    @Test("statuses read as people type them, show red, amber or green, and are overdue only when not complete")
    func statuses() {
        #expect(ActionStatus(text: "On track") == .onTrack)
        #expect(ActionStatus(text: "off-track") == .offTrack)
        #expect(ActionStatus(text: "AMBER") == .atRisk)
        #expect(ActionStatus(text: "maybe") == nil)
        #expect(ActionStatus.offTrack.rag == .red)
        #expect(ActionStatus.atRisk.rag == .amber)
        let due = CalendarDate(iso: "2018-09-01")!, today = CalendarDate(iso: "2018-09-13")!
        #expect(ActionStatus.onTrack.isOverdue(due: due, today: today))
        #expect(!ActionStatus.complete.isOverdue(due: due, today: today))
        #expect(!ActionStatus.onTrack.isOverdue(due: today, today: today))
    }

    static let header = ["area", "title", "description", "owner", "agency", "start", "due", "measure", "status"]
    static func row(_ line: Int, _ values: [String]) -> (line: Int, values: [String: String]) {
        (line, Dictionary(uniqueKeysWithValues: zip(header, values)))
    }

    @Test("a good plan gives its actions")
    func good() {
        // when
        let plan = ImprovementPlanImport(header: Self.header, rows: [
            Self.row(2, ["1", "Audit plans quarterly", "", "Morag Henderson", "northfield council", "2018-04-01", "2019-03-31", "All teams audited", "on track"]),
            Self.row(3, ["2", "Roll out neglect toolkit", "All localities", "Catriona Bell", "", "2018-06-01", "2019-01-31", "", "At risk"]),
        ], areaNumbers: [1, 2, 3], agencies: ["Northfield Council": "c1"])
        // then
        #expect(plan.errors == [])
        #expect(plan.actions.map(\.title) == ["Audit plans quarterly", "Roll out neglect toolkit"])
        #expect(plan.actions[0].agencyID == "c1")
        #expect(plan.actions[1].status == .atRisk)
    }

    @Test("every bad row is named with all its problems, and nothing is imported")
    func bad() {
        // when
        let plan = ImprovementPlanImport(header: Self.header, rows: [
            Self.row(2, ["1", "Fine action", "", "Owner", "", "2018-04-01", "2019-03-31", "", "complete"]),
            Self.row(3, ["9", "", "", "", "Nowhere Council", "01/04/2018", "2018-03-01", "", "soon"]),
            Self.row(4, ["2", "Due before start", "", "Owner", "", "2018-06-01", "2018-05-01", "", "on track"]),
        ], areaNumbers: [1, 2], agencies: [:])
        // then
        #expect(plan.actions == [])
        #expect(plan.errors.map(\.line) == [3, 4])
        #expect(plan.errors[0].reason == "area “9” is not one of this review's areas (1, 2); the title is empty; the owner is empty; agency “Nowhere Council” is not one of the partnership's agencies; the start “01/04/2018” is not a date as YYYY-MM-DD; the status “soon” is not one of not started, on track, at risk, off track, complete")
        #expect(plan.errors[1].reason == "the due date is before the start")
        #expect(ImprovementPlanImport(header: ["title"], rows: [], areaNumbers: [1], agencies: [:]).errors.first?.reason.contains("missing: area, owner, start, due, status") == true)
    }
}

@Suite("Readiness: transparent rules per area")
struct ReadinessRulesTests {
    @Test("an area with nothing yet lists every gap plainly")
    func nothing() {
        let gaps = ReadinessRules.gaps(AreaFacts(number: 3))
        #expect(gaps.map(\.text) == [
            "No position statement has been started",
            "No evidence is tagged to this area",
            "The improvement plan has no actions for this area",
            "No staff survey results for this area yet",
            "No records have been read and moderated for this area yet",
            "No session notes for this area yet",
        ])
        #expect(gaps.map(\.fix) == [.statement, .evidence, .actions, .survey, .records, .fieldwork])
    }

    @Test("a well-prepared area has no gaps; each shortfall is counted and points to its fix")
    func shortfalls() {
        // given
        var facts = AreaFacts(number: 1)
        facts.statement = .approved
        facts.citationsUnderHowWeKnow = 4
        facts.evidenceItems = 5
        facts.actions = [.onTrack: 3, .complete: 1]
        facts.survey = .init(agreeing: 40, base: 60, threshold: 10)
        facts.records = .init(goodOrBetter: 8, base: 12)
        facts.strengths = 2
        // then
        #expect(ReadinessRules.gaps(facts) == [])
        // when
        facts.statement = .readyForReview
        facts.uncitedParagraphs = 2
        facts.actions = [.onTrack: 1, .offTrack: 1]
        facts.overdueActions = 3
        facts.survey = .init(agreeing: 4, base: 7, threshold: 10)
        facts.overdueConcerns = 1
        // then
        #expect(ReadinessRules.gaps(facts).map(\.text) == [
            "The position statement is not approved yet (ready for review)",
            "2 paragraphs under \"How do we know?\" cite no evidence",
            "3 actions overdue",
            "1 action off track",
            "Survey base below threshold (7 of at least 10)",
            "1 concern overdue for a response",
        ])
    }
}

@Suite("Wording")
struct WordingTests {
    @Test("a count agrees with its noun and verb: 1 working day, 2 working days; 1 paragraph cites, 2 paragraphs cite")
    func counted() {
        #expect(Counted.phrase(1, "working day") == "1 working day")
        #expect(Counted.phrase(2, "working day") == "2 working days")
        #expect(Counted.phrase(0, "child", plural: "children") == "0 children")
        #expect(StatementText.uncitedSentence(1) == "1 paragraph under \"How do we know?\" cites no evidence")
        #expect(StatementText.uncitedSentence(3) == "3 paragraphs under \"How do we know?\" cite no evidence")
    }
}
