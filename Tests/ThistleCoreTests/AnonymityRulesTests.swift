import Foundation
import Testing
@testable import ThistleCore

@Suite("Survey release rule")
struct SurveyReleaseRuleTests {
    typealias Rule = SurveyReleaseRule

    @Test("while open: nothing below the threshold, a release once it is reached, then the same release until the threshold more have answered")
    func open() {
        #expect(Rule.decide(phase: .open, respondents: 9, threshold: 10, latest: nil) == .nothing)
        #expect(Rule.decide(phase: .open, respondents: 10, threshold: 10, latest: nil) == .take(final: false))
        let first = Rule.Released(number: 1, respondents: 10, final: false)
        #expect(Rule.decide(phase: .open, respondents: 11, threshold: 10, latest: first) == .show(number: 1, heldBack: false))
        #expect(Rule.decide(phase: .open, respondents: 19, threshold: 10, latest: first) == .show(number: 1, heldBack: false))
        #expect(Rule.decide(phase: .open, respondents: 20, threshold: 10, latest: first) == .take(final: false))
    }

    @Test("once closed: a final release if the threshold more answered since, otherwise the last release stands and the late answers are held back")
    func closed() {
        let last = Rule.Released(number: 3, respondents: 40, final: false)
        #expect(Rule.decide(phase: .closed, respondents: 50, threshold: 10, latest: last) == .take(final: true))
        #expect(Rule.decide(phase: .closed, respondents: 43, threshold: 10, latest: last) == .show(number: 3, heldBack: true))
        #expect(Rule.decide(phase: .closed, respondents: 40, threshold: 10, latest: last) == .show(number: 3, heldBack: false))
        #expect(Rule.decide(phase: .closed, respondents: 265, threshold: 10, latest: nil) == .take(final: true))
        #expect(Rule.decide(phase: .closed, respondents: 7, threshold: 10, latest: nil) == .nothing)
        let final = Rule.Released(number: 4, respondents: 50, final: true)
        #expect(Rule.decide(phase: .closed, respondents: 50, threshold: 10, latest: final) == .show(number: 4, heldBack: false))
    }

    @Test("any two releases differ by at least the threshold, however answers and looks interleave")
    func neverFewerThanTheThreshold() {
        // given: answers arriving one at a time, and someone looking after every one
        var generator = SeededGenerator(seed: 7)
        var releases: [Rule.Released] = []
        var respondents = 0
        for _ in 0..<500 {
            respondents += Int.random(in: 0...2, using: &generator)
            if case .take(let final) = Rule.decide(phase: .open, respondents: respondents, threshold: 10, latest: releases.last) {
                releases.append(.init(number: releases.count + 1, respondents: respondents, final: final))
            }
        }
        // then
        #expect(releases.count > 10)
        #expect(releases.first!.respondents >= 10)
        #expect(zip(releases, releases.dropFirst()).allSatisfy { $1.respondents - $0.respondents >= 10 })
    }

    @Test("a decision's stamp differs whenever the decision does, so a page kept under it is drawn again")
    func decisionStamps() {
        // given: every kind of decision, with the numbers and flags that tell them apart
        let decisions: [Rule.Decision] = [.nothing, .take(final: false), .take(final: true)]
            + [1, 2, 11, 12].flatMap { [Rule.Decision.show(number: $0, heldBack: false), .show(number: $0, heldBack: true)] }
        // when
        let stamps = decisions.map(\.stamp)
        // then
        #expect(Set(stamps).count == decisions.count, "\(stamps)")
    }

    @Test("the running count of responses stored moves only in whole steps of each survey's threshold, never with one answer")
    func steppedCount() {
        // given
        var count = SteppedResponseCount<String>()
        // when: nine answers to a survey of threshold 10, and four to one of threshold 5
        let first = (1...9).map { _ in count.stored(in: "a", threshold: 10) }
        let other = (1...4).map { _ in count.stored(in: "b", threshold: 5) }
        // then: nothing moves until a survey's own threshold is reached, and then by exactly it
        #expect(first.allSatisfy { $0 == 0 } && other.allSatisfy { $0 == 0 })
        #expect(count.stored(in: "a", threshold: 10) == 10)
        #expect(count.stored(in: "b", threshold: 5) == 5)
        #expect(count.stored(in: "a", threshold: 10) == 0, "the next step starts again from nothing")
        #expect(count.stored(in: "c", threshold: 1) == 0, "a threshold below the minimum is raised to it")
    }

    @Test("a single-choice question's small groups are hidden, with the next smallest, and those who did not answer are a group")
    func choices() {
        let figures = SurveyFigures(respondents: 30, choices: ["team": ["Team A": 18, "Team B": 11, "Team C": 1]])
        let groups = figures.choiceBreakdown("team", threshold: 10)
        #expect(groups.first { $0.choice == "Team A" }?.respondents == 18)
        #expect(groups.first { $0.choice == "Team C" }?.respondents == nil)
        #expect(groups.first { $0.choice == SurveyAnswerSheet.notStated }?.respondents == nil, "the 0 who did not answer are hidden with Team C")
        #expect(groups.first { $0.choice == "Team B" }?.respondents == nil, "hidden too, so that Team C cannot be worked out from the total")
    }
}

@Suite("Comment screening")
struct CommentScreeningTests {
    @Test("a redaction only removes: each phrase, wherever and however it is written, becomes the marker")
    func redact() throws {
        let comment = "Sarah in the Elgin team is great; sarah answers every call."
        #expect(try CommentScreening.redact(comment, removing: ["Sarah", "Elgin team"]).get() == "[removed] in the [removed] is great; [removed] answers every call.")
        #expect(try CommentScreening.redact(comment, removing: ["Elgin team", "Elgin"]).get() == "Sarah in the [removed] is great; sarah answers every call.")
    }

    @Test("a phrase that is not in the comment, or none at all, is refused with a reason")
    func refused() {
        #expect(CommentScreening.redact("A comment", removing: ["Fochabers"]) == .failure(.notInComment("Fochabers")))
        #expect(CommentScreening.redact("A comment", removing: ["", "  "]) == .failure(.nothingToRemove))
    }

    @Test("only kept or redacted comments are ever shown, and only as screened")
    func shown() {
        #expect(CommentScreening.shown(.redacted, screenedText: "[removed] helps") == "[removed] helps")
        #expect(CommentScreening.shown(.kept, screenedText: "As written") == "As written")
        for decision in [nil, CommentScreening.Decision.pending, .withheld, .passedToConcerns] {
            #expect(CommentScreening.shown(decision, screenedText: "Anything") == nil)
        }
    }
}

@Suite("Spreadsheet text")
struct SpreadsheetTextTests {
    @Test("a formula is neutralised at the start of the cell and after every separator a spreadsheet may split on",
          arguments: [("=1+1", "'=1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("Fine; =HYPERLINK(\"x\")", "Fine; '=HYPERLINK(\"x\")"),
                      ("a,+1", "a,'+1"), ("a|-2+3", "a|'-2+3"), ("tab\t=1", "tab\t'=1"), ("line\n@x", "line\n'@x"),
                      ("quoted;\"=1", "quoted;\"'=1"), ("\t=1", "'\t'=1")])
    func neutralised(text: String, expected: String) {
        #expect(SpreadsheetText.neutralise(text) == expected)
    }

    @Test("plain numbers and ordinary text are left alone", arguments: ["-3", "+44", "4.5", "well-being", "Supervision helps."])
    func untouched(text: String) {
        #expect(SpreadsheetText.neutralise(text) == text)
    }
}

@Suite("Bounded text comparison")
struct BoundedTextDiffTests {
    @Test("paragraphs that stayed are kept whole; words are compared only within the one that changed")
    func paragraphs() {
        let old = "First paragraph stays.\nSecond says monthly.\nThird stays too."
        let new = "First paragraph stays.\nSecond says weekly.\nThird stays too."
        let diff = TextDiff.words(from: old, to: new)
        #expect(diff == [.init(kind: .same, text: "First paragraph stays.\nSecond says "), .init(kind: .removed, text: "monthly.\n"),
                         .init(kind: .added, text: "weekly.\n"), .init(kind: .same, text: "Third stays too.")])
        #expect(diff.filter { $0.kind != .added }.map(\.text).joined() == old)
        #expect(diff.filter { $0.kind != .removed }.map(\.text).joined() == new)
    }

    @Test("a changed stretch too long to compare word by word is shown whole, taken out and put in")
    func tooLong() {
        let old = (0..<3_000).map { "old\($0)" }.joined(separator: " ")
        let new = (0..<3_000).map { "new\($0)" }.joined(separator: " ")
        #expect(TextDiff.words(from: old, to: new) == [.init(kind: .removed, text: old), .init(kind: .added, text: new)])
    }
}

@Suite("Survey form tokens")
struct SurveyFormTokenTests {
    let tokens = SurveyFormToken(secretKey: Data(repeating: 3, count: 32))

    @Test("a token is good for its own survey for two days, and a made-up or altered one never")
    func validity() {
        let token = tokens.issue(surveyID: "survey-a", day: 100)
        #expect(tokens.isValid(token, surveyID: "survey-a", today: 100))
        #expect(tokens.isValid(token, surveyID: "survey-a", today: 102))
        #expect(!tokens.isValid(token, surveyID: "survey-a", today: 103))
        #expect(!tokens.isValid(token, surveyID: "survey-b", today: 100))
        #expect(!tokens.isValid(SecretToken.generate(), surveyID: "survey-a", today: 100))
        let parts = token.split(separator: ".")
        #expect(!tokens.isValid("\(parts[0]).101.\(parts[2])", surveyID: "survey-a", today: 101), "its day cannot be moved on")
    }
}

@Suite("Production check of the secret key")
struct KeyBesideDatabaseTests {
    @Test("a key file in the database's folder fails the check; the same key from the environment passes")
    func beside() {
        func settings(_ origin: SecretKeyOrigin, beside: Bool) -> ProductionSettings {
            ProductionSettings(environmentName: "production", secretKeyOrigin: origin, secureTransport: true, adminSecondFactorRequired: true,
                               bcryptCost: 12, displayDateOverridden: false, publicURL: "https://thistle.example.gov.uk", keyFileBesideDatabase: beside)
        }
        let check = "Secret key kept away from the database's folder"
        #expect(ProductionCheck.findings(settings(.file, beside: true)).first { $0.check == check }?.passed == false)
        #expect(ProductionCheck.findings(settings(.file, beside: false)).allSatisfy { $0.passed })
        #expect(ProductionCheck.findings(settings(.environment, beside: false)).allSatisfy { $0.passed })
    }
}

@Suite("Records figures: intervals over records, not grades")
struct ClusteredIntervalTests {
    /// The worked example: one area, eight records, four agreed grades each, of which 4, 4, 3,
    /// 0, 1, 4, 0 and 2 are good or better. The reference figures were worked out by hand from
    /// the formulas (Cochran 1977 §6.13 for the variance over records, Kish's design effect,
    /// Wilson's interval over the effective number of grades), in Python's floating point,
    /// apart from this code:
    ///   p = 18/32 = 0.5625
    ///   variance over records = 8/7 × Σ(yᵢ − p·4)² / 32² = 0.0239955…
    ///   variance if independent = p(1 − p)/32 = 0.0076904…
    ///   design effect = 3.12018…, effective grades = 32 / 3.12018 = 10.2558…
    ///   Wilson 95% over 10.2558: 0.28595…–0.80499…; over all 32 grades it would be 0.39326…–0.71835…
    static let goodPerRecord = [4, 4, 3, 0, 1, 4, 0, 2]

    @Test("the worked example's design effect and interval, wider than pooling the grades would give")
    func workedExample() throws {
        // given
        let figure = ClusteredProportion(clusters: Self.goodPerRecord.map { (count: $0, base: 4) })
        // then
        #expect(figure.proportion == Proportion(count: 18, base: 32))
        #expect(abs(figure.designEffect - 3.120_181_405_895_691) < 1e-9)
        #expect(abs(figure.effectiveBase - 10.255_813_953_488_373) < 1e-9)
        let interval = try #require(figure.interval())
        #expect(abs(interval.lowerBound - 0.285_950_630_178_461_7) < 1e-9)
        #expect(abs(interval.upperBound - 0.804_987_295_526_844_8) < 1e-9)
        let pooled = try #require(figure.proportion.wilsonInterval())
        #expect(abs(pooled.lowerBound - 0.393_255_911_368_519_8) < 1e-9 && abs(pooled.upperBound - 0.718_346_688_849_596_3) < 1e-9)
    }

    @Test("an area's sentence says grades and records truthfully, with the interval over records")
    func sentence() {
        // given: the worked example as agreed grades of one area's four questions
        var grades: [ReadingResults.Grade] = []
        var records: [ReadingResults.RecordTally] = []
        for (index, good) in Self.goodPerRecord.enumerated() {
            for question in 0..<4 {
                grades.append(.init(questionID: "q\(question)", areaID: "area", category: .childInNeed, grade: question < good ? 5 : 2))
            }
            records.append(.init(areaID: "area", recordID: "r\(index)", category: .childInNeed, good: good, total: 4))
        }
        // when
        let results = ReadingResults(grades: grades, scale: .sixPoint, records: records)
        // then
        #expect(results.byArea["area"]?.sentence == "56% good or better (18 of 32 grades from 8 records; 95% CI 29–80%, allowing for several grades from one record)")
        #expect(results.byQuestion["q0"]?.sentence == "75% good or better (6 of 8 records; 95% CI 41–93%)", "a question has one grade a record: records are its unit")
    }

    @Test("where every grade agrees, or there is one record, each record counts once; the design effect is never below 1")
    func edges() {
        #expect(ClusteredProportion(clusters: [(4, 4), (4, 4), (4, 4)]).effectiveBase == 3)
        #expect(ClusteredProportion(clusters: [(2, 4)]).effectiveBase == 1)
        #expect(ClusteredProportion(clusters: [(2, 4), (2, 4), (2, 4), (2, 4)]).designEffect == 1, "records that agree with each other are no worse than independent grades")
    }
}
