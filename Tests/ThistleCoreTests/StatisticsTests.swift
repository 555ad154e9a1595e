import Testing
@testable import ThistleCore

@Suite("Proportions, intervals and changes")
struct StatisticsTests {
    @Test("Wilson interval: DESIGN.md's worked example, 44 of 60 is 73% with 95% CI 61–83%")
    func wilsonWorkedExample() throws {
        let proportion = Proportion(count: 44, base: 60)
        let interval = try #require(proportion.wilsonInterval())
        #expect(Proportion.percent(try #require(proportion.value)) == 73)
        #expect(Proportion.percent(interval.lowerBound) == 61)
        #expect(Proportion.percent(interval.upperBound) == 83)
    }

    @Test("Wilson interval for 0 of 10 runs from 0 to 27.8%, where the textbook interval collapses to nothing")
    func wilsonAtZero() throws {
        let interval = try #require(Proportion(count: 0, base: 10).wilsonInterval())
        #expect(interval.lowerBound == 0)
        #expect(abs(interval.upperBound - 0.2775) < 0.0005)
    }

    @Test("Wilson interval for 81 of 263 (Newcombe 1998, example: 0.2553 to 0.3662)")
    func wilsonNewcombe() throws {
        let interval = try #require(Proportion(count: 81, base: 263).wilsonInterval())
        #expect(abs(interval.lowerBound - 0.2553) < 0.0005)
        #expect(abs(interval.upperBound - 0.3662) < 0.0005)
    }

    @Test("no base, no percentage")
    func emptyBase() {
        #expect(Proportion(count: 0, base: 0).value == nil)
        #expect(Proportion(count: 0, base: 0).wilsonInterval() == nil)
    }

    @Test("two-proportion test: 48% of 250 to 60% of 250 is larger than chance (z 2.69, p 0.007)")
    func significantChange() throws {
        let change = try #require(ProportionChange(before: Proportion(count: 120, base: 250), after: Proportion(count: 150, base: 250)))
        #expect(abs(change.points - 12) < 1e-9)
        #expect(abs(change.z - 2.692) < 0.001)
        #expect(abs(change.pValue - 0.0071) < 0.0002)
        #expect(change.isLargerThanChance)
    }

    @Test("a small change on small bases is not larger than chance")
    func chanceChange() throws {
        let change = try #require(ProportionChange(before: Proportion(count: 10, base: 20), after: Proportion(count: 12, base: 20)))
        #expect(!change.isLargerThanChance)
        #expect(change.pValue > 0.5)
    }

    @Test("no change where every answer is the same")
    func degenerate() throws {
        let change = try #require(ProportionChange(before: Proportion(count: 20, base: 20), after: Proportion(count: 30, base: 30)))
        #expect(change.pValue == 1)
        #expect(ProportionChange(before: Proportion(count: 0, base: 0), after: Proportion(count: 3, base: 4)) == nil)
    }
}

@Suite("Small-group suppression")
struct SmallGroupSuppressionTests {
    @Test("groups under the threshold are hidden")
    func primary() {
        #expect(SmallGroupSuppression.hiddenGroups(["Council": 50, "Health": 12, "Police": 3, "Reporter": 8], threshold: 10) == ["Police", "Reporter"])
    }

    @Test("one hidden group is joined by the smallest shown one, so subtraction from the total reveals nothing")
    func secondary() {
        #expect(SmallGroupSuppression.hiddenGroups(["Council": 50, "Health": 30, "Police": 4], threshold: 10) == ["Police", "Health"])
    }

    @Test("the differencing attack: total minus shown groups never recovers fewer than the threshold")
    func differencing() {
        // given every breakdown of 40 respondents into up to four agencies
        var checked = 0
        for a in 0...40 {
            for b in 0...(40 - a) {
                for c in 0...(40 - a - b) {
                    let sizes = ["A": a, "B": b, "C": c, "D": 40 - a - b - c]
                    // when
                    let hidden = SmallGroupSuppression.hiddenGroups(sizes, threshold: 10)
                    // then: what subtraction reveals is either nobody or at least ten people
                    let revealed = hidden.reduce(0) { $0 + sizes[$1]! }
                    #expect(revealed == 0 || revealed >= 10 || hidden.count == sizes.count, "\(sizes) hides \(hidden)")
                    #expect(sizes.allSatisfy { $0.value >= 10 || hidden.contains($0.key) })
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test("nothing is hidden when every group is large enough")
    func none() {
        #expect(SmallGroupSuppression.hiddenGroups(["A": 10, "B": 11], threshold: 10).isEmpty)
    }
}

@Suite("Survey answers and the starter survey")
struct SurveyCoreTests {
    @Test("% agreeing leaves out don't know")
    func agreeing() {
        var distribution = AgreementDistribution()
        distribution.add(.stronglyAgree, count: 10)
        distribution.add(.agree, count: 20)
        distribution.add(.neither, count: 5)
        distribution.add(.disagree, count: 10)
        distribution.add(.stronglyDisagree, count: 5)
        distribution.add(.dontKnow, count: 30)
        #expect(distribution.answered == 80)
        #expect(distribution.agreeing == Proportion(count: 30, base: 50))
    }

    @Test("three agreement items and a free-text question per area, worded from its title, with stable keys")
    func starter() {
        let questions = StarterSurvey.questions(for: [
            .init(number: 2, title: "Strengthen collective vision and collaborative leadership"),
            .init(number: 1, title: "Improve standards of operational practice"),
        ])
        #expect(questions.map(\.key) == ["agency", "role-group",
                                         "area1-progress", "area1-role", "area1-impact", "area1-comment",
                                         "area2-progress", "area2-role", "area2-impact", "area2-comment"])
        #expect(questions[2].text == "There has been real progress since the inspection in work to improve standards of operational practice.")
        #expect(questions[4].text == "Work to improve standards of operational practice is making a difference for children and families.")
        #expect(questions.filter { $0.kind == .agreement }.allSatisfy { $0.required && $0.areaNumber != nil })
    }

    @Test("a title that does not open with a verb becomes \"work on …\", acronyms kept")
    func workPhrase() {
        #expect(StarterSurvey.workPhrase("Governance of the child protection committee") == "work on governance of the child protection committee")
        #expect(StarterSurvey.workPhrase("CPC governance") == "work on CPC governance")
    }
}

@Suite("Survey schedule, answer sheet and breakdowns")
struct SurveyRulesTests {
    let opens = CalendarDate(iso: "2018-09-17")!
    let closes = CalendarDate(iso: "2018-10-05")!

    @Test("a survey accepts responses only while open and between its dates")
    func phases() {
        let open = SurveySchedule(status: .open, opensOn: opens, closesOn: closes)
        #expect(open.phase(today: opens.adding(days: -1)) == .scheduled)
        #expect(open.phase(today: opens) == .open)
        #expect(open.phase(today: closes) == .open)
        #expect(open.phase(today: closes.adding(days: 1)) == .closed)
        #expect(SurveySchedule(status: .draft, opensOn: opens, closesOn: closes).phase(today: opens) == .draft)
        #expect(SurveySchedule(status: .closed, opensOn: opens, closesOn: closes).phase(today: opens) == .closed)
    }

    @Test("results wait for the close unless the coordinator chose otherwise")
    func resultsVisibility() {
        let open = SurveySchedule(status: .open, opensOn: opens, closesOn: closes)
        #expect(!open.resultsVisible(today: opens, whileOpen: false))
        #expect(open.resultsVisible(today: opens, whileOpen: true))
        #expect(open.resultsVisible(today: closes.adding(days: 1), whileOpen: false))
        #expect(!SurveySchedule(status: .draft, opensOn: opens, closesOn: closes).resultsVisible(today: opens, whileOpen: true))
    }

    @Test("dates in order and a threshold of at least five")
    func settingsRules() {
        #expect(SurveySchedule.problems(opensOn: closes, closesOn: opens, threshold: 4).map(\.field) == ["closesOn", "threshold"])
        #expect(SurveySchedule.problems(opensOn: opens, closesOn: closes, threshold: 5).isEmpty)
    }

    @Test("the answer sheet names missing and malformed answers, and keeps good ones")
    func answerSheet() {
        let questions: [SurveyAnswerSheet.Question] = [
            .init(id: "1", kind: .agreement, text: "Practice has improved", required: true, options: []),
            .init(id: "2", kind: .agreement, text: "I know my part", required: true, options: []),
            .init(id: "3", kind: .agency, text: "Agency", required: false, options: ["A", "B"]),
            .init(id: "4", kind: .freeText, text: "Comments", required: false, options: []),
            .init(id: "5", kind: .roleGroup, text: "Role", required: false, options: ["Manager"]),
        ]
        let sheet = SurveyAnswerSheet(questions: questions, submitted: ["q-1": "4", "q-2": "9", "q-3": "C", "q-4": "  Better supervision  ", "q-5": "not-stated"])
        #expect(sheet.answers == ["1": .agreement(.agree), "4": .text("Better supervision"), "5": .choice("not-stated")])
        #expect(sheet.errors.map(\.field) == ["q-2", "q-3"])
        let missing = SurveyAnswerSheet(questions: questions, submitted: [:])
        #expect(missing.errors == [FieldError(field: "q-1", message: "Answer “Practice has improved”"),
                                   FieldError(field: "q-2", message: "Answer “I know my part”")])
    }

    @Test("a breakdown hides small groups entirely, with secondary suppression")
    func breakdown() {
        let counts: [SurveyBreakdown<String>.Count] = [
            .init(question: "q", group: "Council", answer: .agree, count: 30), .init(question: "q", group: "Council", answer: .disagree, count: 20),
            .init(question: "q", group: "Health", answer: .agree, count: 10), .init(question: "q", group: "Health", answer: .dontKnow, count: 2),
            .init(question: "q", group: "Police", answer: .agree, count: 3),
        ]
        let breakdown = SurveyBreakdown(sizes: ["Council": 50, "Health": 12, "Police": 3], counts: counts, threshold: 10)
        #expect(breakdown.groups.map(\.key) == ["Council", "Health", "Police"])
        #expect(breakdown.groups[0].agreeing["q"] == Proportion(count: 30, base: 50))
        #expect(breakdown.groups[1].hidden && breakdown.groups[1].respondents == nil && breakdown.groups[1].agreeing.isEmpty)
        #expect(breakdown.groups[2].hidden)
    }

    @Test("changes are worded plainly with both bases")
    func wording() throws {
        let up = try #require(ProportionChange(before: Proportion(count: 120, base: 250), after: Proportion(count: 150, base: 250)))
        #expect(up.summary == "Up 12 points, from 48% (120 of 250) to 60% (150 of 250): larger than chance would explain.")
        let down = try #require(ProportionChange(before: Proportion(count: 11, base: 20), after: Proportion(count: 10, base: 20)))
        #expect(down.summary == "Down 5 points, from 55% (11 of 20) to 50% (10 of 20): a difference this size could be chance.")
        #expect(Proportion(count: 44, base: 60).agreeingSummary(noun: "good or better") == "73% good or better (44 of 60; 95% CI 61–83%)")
    }
}

@Suite("Staff list import")
struct StaffListImportTests {
    let agencies = ["Northfield Council": "c", "NHS Northfield": "h"]

    @Test("a good list gives one invitee per row, agencies matched in any case")
    func good() {
        let list = StaffListImport(header: ["email", "agency"], rows: [
            .init(line: 2, email: "A.Person@example.org", agency: "northfield council"),
            .init(line: 3, email: "b@example.org", agency: " NHS Northfield "),
        ], agencies: agencies, alreadyInvited: [])
        #expect(list.errors.isEmpty)
        #expect(list.invitees == [.init(email: "a.person@example.org", agencyID: "c"), .init(email: "b@example.org", agencyID: "h")])
    }

    @Test("every bad row is named with its reasons, and nothing is kept")
    func bad() {
        let list = StaffListImport(header: ["email", "agency"], rows: [
            .init(line: 2, email: "a@example.org", agency: "Northfield Council"),
            .init(line: 3, email: "not an email", agency: "Parliament"),
            .init(line: 4, email: "A@example.org", agency: "NHS Northfield"),
            .init(line: 5, email: "c@example.org", agency: ""),
            .init(line: 6, email: "old@example.org", agency: "NHS Northfield"),
        ], agencies: agencies, alreadyInvited: ["old@example.org"])
        #expect(list.invitees.isEmpty)
        #expect(list.errors.map(\.description) == [
            "Row 3: “not an email” is not an email address; “Parliament” is not one of the partnership's agencies",
            "Row 4: a@example.org is already on row 2",
            "Row 5: the agency is empty",
            "Row 6: old@example.org already has an invitation to this survey",
        ])
    }

    @Test("a header without the needed columns is refused at line 1")
    func header() {
        let list = StaffListImport(header: ["name", "email"], rows: [], agencies: agencies, alreadyInvited: [])
        #expect(list.errors.map(\.description) == ["Row 1: the header must name the columns email and agency; missing: agency"])
    }
}

@Suite("Survey question rules")
struct SurveyQuestionRulesTests {
    @Test("agreement items need an area; keys are unique and tidy; choices need two and no repeats")
    func rules() {
        #expect(SurveyQuestionRules.problems(kind: .agreement, key: "area1-progress", hasArea: true, options: [], otherKeys: []).isEmpty)
        #expect(SurveyQuestionRules.problems(kind: .agreement, key: "Area 1", hasArea: false, options: [], otherKeys: []).map(\.field) == ["key", "area"])
        #expect(SurveyQuestionRules.problems(kind: .freeText, key: "taken", hasArea: false, options: [], otherKeys: ["taken"]).first?.message
                == "Another question of this survey already has the key taken")
        #expect(SurveyQuestionRules.problems(kind: .singleChoice, key: "q", hasArea: false, options: ["Yes"], otherKeys: []).map(\.field) == ["options"])
        #expect(SurveyQuestionRules.problems(kind: .singleChoice, key: "q", hasArea: false, options: ["Yes", "Yes"], otherKeys: []).map(\.message) == ["Each choice must appear once"])
    }

    @Test("choices are read one per line")
    func options() {
        #expect(SurveyQuestionRules.options(fromLines: " Yes \n\nNo\r\nNot sure ") == ["Yes", "No", "Not sure"])
    }
}

@Suite("Seeded generator")
struct SeededGeneratorTests {
    @Test("SplitMix64's published first outputs for seed 0")
    func knownValues() {
        var generator = SeededGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test("the same seed replays the same choices")
    func replay() {
        var a = SeededGenerator(seed: 2018), b = SeededGenerator(seed: 2018)
        let choices = [("x", 1.0), ("y", 2.0), ("z", 3.0)]
        #expect((0..<100).map { _ in a.pick(choices) } == (0..<100).map { _ in b.pick(choices) })
    }

    @Test("weights are honoured over many draws")
    func weights() {
        var generator = SeededGenerator(seed: 7)
        let draws = (0..<30_000).map { _ in generator.pick([("rare", 1.0), ("common", 2.0)]) }
        let share = Double(draws.filter { $0 == "common" }.count) / 30_000
        #expect(abs(share - 2.0 / 3.0) < 0.01)
    }
}
