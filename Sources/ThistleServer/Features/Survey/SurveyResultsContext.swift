import Foundation
import ThistleCore

/// The results page: every figure with its base, small groups hidden, comments per area only.
struct SurveyResultsContext: PageContent {
    struct Area: Encodable {
        let heading: String
        let chartURL: String
        let chartAlternative: String
        let items: [Item]
        let breakdowns: [Breakdown]
        /// Staff surveys ask for a comment per area; the others ask once, at the end ("Comments").
        let asksComments: Bool
        let comments: [String]
        let hasComments: Bool
        let commentsNote: String?
    }

    struct Item: Encodable {
        let number: Int
        let text: String
        let counts: [Int]
        let agreeing: String
        let change: String?
        let changeClass: String?
    }

    struct Breakdown: Encodable {
        let caption: String
        let columns: [String]
        let rows: [BreakdownRow]
    }

    struct BreakdownRow: Encodable {
        let group: String
        let hidden: Bool
        let respondents: String
        let cells: [String]
    }

    struct RateRow: Encodable {
        let agency: String
        let issued: String
        let responses: String
        let rate: String
    }

    struct ChoiceTable: Encodable {
        let caption: String
        let rows: [BreakdownRow]
    }

    static let template = "survey/results"
    let pageTitle: String
    var pageSection: Section? { .survey }
    let title: String
    /// "Staff survey results", "Young people's survey results".
    let caption: String
    let status: String
    /// Where the figures come from: which release, interim or final (`SurveyReleaseRule.note`).
    let releaseNote: String
    /// Why nothing is shown, when it is not.
    let hiddenNote: String
    let enough: Bool
    let comparison: String?
    let answerColumns: [String]
    let areas: [Area]
    let suppressionNote: String
    let choices: [ChoiceTable]
    let hasChoices: Bool
    /// Screened comments of questions in no area (the closing question of a children's survey).
    let generalComments: [String]
    let hasGeneralComments: Bool
    let generalCommentsNote: String?
    /// Response rate by agency, once the survey has closed.
    let responseRates: [RateRow]
    let hasResponseRates: Bool
    let summaryCSV: String
    let responsesCSV: String
    let commentsCSV: String
    let backURL: String

    init(pageTitle: String, results: SurveyResults, areas: [ImprovementArea], agencies: [Agency], chartURL: (UUID) -> String,
         summaryCSV: String, responsesCSV: String, commentsCSV: String, backURL: String, phase: SurveyPhase, responseRates: [ResponseRates.Row] = []) throws {
        let survey = results.survey
        self.pageTitle = pageTitle
        self.title = survey.title
        self.caption = "\(survey.audience.surveyName) results"
        self.status = phase == .closed ? "Closed" : "Still open: these are interim results"
        self.releaseNote = results.overview.note
        self.hiddenNote = results.overview.release == nil || results.respondents < survey.threshold
            ? "Results are shown once at least \(survey.threshold) people have responded, so that no one can be picked out."
            : "Results of this survey are shown once it has closed."
        self.enough = results.resultsShown
        self.choices = results.choices.map { question, groups in
            ChoiceTable(caption: question.text, rows: groups.map { group in
                BreakdownRow(group: group.choice == SurveyAnswerSheet.notStated ? "Did not answer" : group.choice, hidden: group.respondents == nil,
                             respondents: group.respondents.map(String.init) ?? "Not shown", cells: [])
            })
        }
        self.hasChoices = !choices.isEmpty
        self.responseRates = responseRates.map { RateRow(agency: $0.agency, issued: String($0.issued), responses: $0.responses.map(String.init) ?? "–", rate: $0.rate) }
        self.hasResponseRates = !responseRates.isEmpty
        self.comparison = results.earlier.map { "Changes are measured against \($0.survey.title), matching statements by their key." }
        // The survey's own scale: Yes, Not sure and No for children.
        self.answerColumns = survey.audience.scale.choices.map(\.label)
        self.suppressionNote = "Groups are shown only when at least \(survey.threshold) people in them responded. Where one group is hidden, the next smallest is hidden too, so that no hidden group can be worked out from the total."
        self.summaryCSV = summaryCSV
        self.responsesCSV = responsesCSV
        self.commentsCSV = commentsCSV
        self.backURL = backURL
        let general = results.comments[nil] ?? ([], 0)
        self.generalComments = general.shown
        self.hasGeneralComments = !general.shown.isEmpty
        self.generalCommentsNote = general.total > general.shown.count
            ? "\(general.shown.count) of \(general.total) comments, in no particular order; the comments download holds them all." : nil
        guard results.resultsShown else {
            self.areas = []
            return
        }
        let agencyNames = Dictionary(uniqueKeysWithValues: agencies.choices { $0.name })
        self.areas = try areas.compactMap { area -> Area? in
            let items = results.items.filter { $0.$area.id == area.id }
            guard !items.isEmpty else { return nil }
            let itemRows = try items.enumerated().map { index, item -> Item in
                let figure = try results.overview.itemFigure(item)
                return Item(number: index + 1, text: item.text, counts: survey.audience.scale.choices.map { figure.distribution.count($0.value) },
                            agreeing: figure.agreeingSentence, change: figure.changeSentence,
                            changeClass: figure.change.map { $0.isLargerThanChance ? ($0.points > 0 ? "change-up" : "change-down") : nil } ?? nil)
            }
            let columns = items.indices.map { "Statement \($0 + 1): % agree" }
            func breakdown(_ caption: String, _ breakdown: SurveyBreakdown<String>, label: (String) -> String) throws -> Breakdown {
                // By name, with "did not say" last, so the table reads the same every time.
                let groups = breakdown.groups.sorted { a, b in
                    (a.key == SurveyAnswerSheet.notStated ? 1 : 0, label(a.key)) < (b.key == SurveyAnswerSheet.notStated ? 1 : 0, label(b.key))
                }
                return Breakdown(caption: caption, columns: columns, rows: try groups.map { group in
                    BreakdownRow(group: label(group.key), hidden: group.hidden,
                                 respondents: group.respondents.map(String.init) ?? "Not shown",
                                 cells: group.hidden ? [] : try items.map { item in
                                     guard let share = group.agreeing[try item.requireID().uuidString], let value = share.value else { return "No views" }
                                     return "\(Proportion.percent(value))% (\(share.count) of \(share.base))"
                                 })
                })
            }
            let notStated = "Did not say"
            let comments = results.comments[area.id] ?? ([], 0)
            return Area(
                heading: "Area \(area.number): \(area.title)",
                chartURL: chartURL(try area.requireID()),
                chartAlternative: "Diverging bar chart of agreement with each of area \(area.number)'s statements; the table below gives the same figures.",
                items: itemRows,
                // Only staff are asked for their agency.
                breakdowns: (survey.audience == .staff ? [
                    try breakdown("By agency", results.byAgency) { $0 == SurveyAnswerSheet.notStated ? notStated : agencyNames[$0] ?? "Former agency" },
                ] : []) + [
                    try breakdown("By \(survey.audience.groupName)", results.byRoleGroup) { $0 == SurveyAnswerSheet.notStated ? notStated : $0 },
                ],
                asksComments: survey.audience == .staff || !comments.shown.isEmpty,
                comments: comments.shown,
                hasComments: !comments.shown.isEmpty,
                commentsNote: comments.total > comments.shown.count
                    ? "\(comments.shown.count) of \(comments.total) comments, in no particular order; the comments download holds them all." : nil)
        }
    }
}
