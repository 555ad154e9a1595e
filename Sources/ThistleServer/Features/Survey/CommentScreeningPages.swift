import Foundation
import ThistleCore

/// The comment screening page, built from loaded data: no request, no database.
enum CommentScreeningPages {
    /// Screening comments one at a time: where screening stands, the next comment and the decision form.
    static func page(survey: Survey, surveyID: UUID, counts: [CommentScreening.Decision: Int], shown: (comment: SurveyAnswer, question: SurveyQuestion, area: ImprovementArea?)?, today: CalendarDate, input: CommentScreeningForm.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        var sections: [PageSection] = [PageSection(heading: "Where screening stands", table: TableBlock(
            caption: "Comments by decision", columns: ["Decision", "Comments"],
            rows: CommentScreening.Decision.allCases.map { TableRow(cells: [TableCell(text: $0.title), TableCell(text: String(counts[$0] ?? 0))]) },
            emptyText: ""))]
        if let (comment, question, area) = shown, let text = comment.text {
            sections.append(PageSection(heading: "The next comment" + (area.map { ", on area \($0.number)" } ?? ""),
                                         intro: "“\(question.text)”: \(text)"))
            sections.append(PageSection(form: CommentScreeningForm.context(action: Paths.screenComment.url(try comment.requireID()), csrfToken: csrfToken,
                                                                             input: input, errors: errors)))
        } else {
            sections.append(PageSection(heading: "Nothing waiting", intro: survey.schedule.phase(today: today) == .closed
                                         ? "Every comment has been screened."
                                         : "Comments wait here once they are part of a release of the survey's figures, which comes when at least \(survey.threshold) more people have responded."))
        }
        return PageModel(title: "Screen comments: \(survey.title)", section: .survey, heading: "Screen comments",
            intro: "Nobody else sees a comment until it is screened here, and then only as you leave it. Remove anything that could identify someone — names, places, teams, unusual roles — or withhold the comment. A comment that discloses harm or risk to a child goes to the concerns log, with nothing that could identify who wrote it.",
            sections: sections, backLink: LinkItem(label: survey.title, url: Paths.survey.url(surveyID)))
        }
}
