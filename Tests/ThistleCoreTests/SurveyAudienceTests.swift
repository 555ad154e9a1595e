import Testing
@testable import ThistleCore

@Suite("Readability: the Flesch–Kincaid grade")
struct ReadabilityTests {
    @Test("syllables are counted by rule: silent final e, -ed and -es, a y that opens a word")
    func syllables() {
        let expected = ["the": 1, "safe": 1, "asked": 1, "makes": 1, "yes": 1, "young": 1, "adults": 2, "people": 2,
                        "little": 2, "worried": 2, "wanted": 2, "places": 2, "family": 3, "decisions": 3]
        for (word, count) in expected {
            #expect(Readability.syllables(in: word) == count, "\(word)")
        }
    }

    @Test("grade = 0.39 × words a sentence + 11.8 × syllables a word − 15.59, over every sentence")
    func grade() {
        // given one-syllable words, six in one sentence
        let simple = Readability("The cat sat on the mat.")
        // then
        #expect(simple.words == 6 && simple.sentences == 1 && simple.syllables == 6)
        #expect(abs(simple.grade - (0.39 * 6 + 11.8 - 15.59)) < 0.0001)
        // given two sentences of many-syllabled words
        let hard = Readability("Collaborative leadership necessitates organisational accountability. Governance structures require evaluation.")
        #expect(hard.sentences == 2)
        #expect(hard.grade > 15, "\(hard.grade)")
        #expect(hard.readingAge == hard.grade + 5)
        // an address is not three sentences
        #expect(Readability("Go to childline.org.uk today.").sentences == 1)
    }
}

@Suite("Surveys for children, young people, parents and carers")
struct SurveyAudienceTests {
    static let mixedAreas: [StarterSurvey.Area] = [
        .init(number: 1, title: "Improve standards of operational practice", indicatorCodes: ["5.2", "5.3"]),
        .init(number: 2, title: "Improve initial risk assessment", indicatorCodes: ["5.1", "5.2"]),
        .init(number: 3, title: "Strengthen collective vision and collaborative leadership", indicatorCodes: ["9.4"]),
        .init(number: 4, title: "Corporate parenting, participation and children's rights", indicatorCodes: ["6.3", "2.1"]),
    ]

    @Test("every starter question for children, young people, parents and carers is within its audience's reading age",
          arguments: [SurveyAudience.children, .youngPeople, .parentsCarers])
    func readingAge(audience: SurveyAudience) throws {
        let limit = try #require(audience.maximumGrade)
        let texts = PlainWordsBank.statements(for: audience).map(\.text) + PlainWordsBank.comments(for: audience).map(\.text)
            + [audience.defaultIntroduction, try #require(audience.defaultHelpText)]
        #expect(texts.count >= 9)
        for text in texts {
            let grade = Readability(text).grade
            #expect(grade <= limit, "“\(text)” reads at grade \(grade), above \(limit) for \(audience.plural)")
        }
    }

    @Test("the staff survey's statements would fail the children's reading age: the check can fail")
    func staffWordingIsTooHard() {
        let staff = StarterSurvey.questions(for: Self.mixedAreas).filter { $0.kind == .agreement }
        #expect(staff.allSatisfy { Readability($0.text).grade > SurveyAudience.children.maximumGrade! })
    }

    @Test("a statement joins the first area linked to its indicator, once; an area children cannot judge gets none")
    func placedByIndicator() {
        // when
        let questions = StarterSurvey.questions(for: Self.mixedAreas, audience: .children)
        // then
        let byArea = Dictionary(grouping: questions.filter { $0.kind == .agreement }, by: { $0.areaNumber! })
        #expect(byArea[1]?.map(\.key) == ["c-tell", "c-plan"])
        #expect(byArea[2]?.map(\.key) == ["c-soon"])
        #expect(byArea[3] == nil)
        #expect(byArea[4]?.map(\.key) == ["c-listen", "c-ask", "c-safe", "c-help"])
        #expect(questions.filter { $0.kind == .agreement }.allSatisfy { $0.indicatorCodes.count == 1 && !$0.required })
        #expect(Set(questions.map(\.key)).count == questions.count)
        // the age band, then the free text, last, optional, in no area; no agency question
        #expect(questions.suffix(2).map(\.kind) == [.roleGroup, .freeText] && questions.last?.areaNumber == nil)
        #expect(questions.first { $0.kind == .roleGroup }?.options == ["8 or 9", "10 or 11"])
        #expect(!questions.contains { $0.kind == .agency })
        #expect(!StarterSurvey.questions(for: Self.mixedAreas, audience: .parentsCarers).contains { $0.kind == .roleGroup })
    }

    @Test("children answer Yes / Not sure / No with a face each, stored as agreement values; staff keep five points and don't know")
    func scales() {
        #expect(SurveyAudience.children.scale.choices.map(\.label) == ["Yes", "Not sure", "No"])
        #expect(SurveyAudience.children.scale.choices.map(\.value) == [.agree, .neither, .disagree])
        #expect(SurveyAudience.children.scale.choices.allSatisfy { $0.symbol != nil })
        #expect(!SurveyAudience.children.scale.offers(.stronglyAgree))
        #expect(SurveyAudience.staff.scale.choices.count == 6 && SurveyAudience.youngPeople.scale.offers(.dontKnow))
        #expect(SurveyAudience.children.scale.label(.agree) == "Yes")
    }

    @Test("age bands are shown only when every band passes the threshold; role groups hide the small one and the next smallest")
    func everyBandOrNone() {
        // given: two bands of 16 and three who did not say
        let sizes = ["8 or 9": 16, "10 or 11": 16, "not-stated": 3]
        // when
        let roles = SurveyBreakdown(sizes: sizes, counts: [], threshold: 15)
        let bands = SurveyBreakdown(sizes: sizes, counts: [], threshold: 15, everyGroupOrNone: true)
        // then
        #expect(roles.groups.filter(\.hidden).count == 2)
        #expect(bands.groups.allSatisfy(\.hidden) && bands.groups.allSatisfy { $0.respondents == nil })
        #expect(SurveyBreakdown(sizes: ["8 or 9": 16, "10 or 11": 15], counts: [], threshold: 15, everyGroupOrNone: true).groups.allSatisfy { !$0.hidden })
    }

    @Test("children's and young people's surveys need larger groups before a figure is shown")
    func thresholds() {
        #expect(SurveyAudience.children.defaultThreshold > SurveyAudience.staff.defaultThreshold)
        #expect(SurveyAudience.youngPeople.minimumThreshold > SurveyAudience.staff.minimumThreshold)
        #expect(SurveyAudience.parentsCarers.defaultThreshold == SurveySchedule.defaultThreshold)
    }
}
