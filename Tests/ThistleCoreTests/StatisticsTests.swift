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
