import Fluent
import Foundation
import ThistleCore

/// What children and young people, and parents and carers, said about each improvement area:
/// each statement of their surveys in the area as its release shows it (`SurveyReleaseRule`,
/// with the survey's own threshold), and the points inspectors noted in meetings with them.
/// Their surveys' comments are screened and asked once, not per area: they are on each
/// survey's results page.
struct VoicesHeard {
    struct Line {
        let source: String
        let text: String
    }

    /// Per area, per group.
    let lines: [UUID: [Voice: [Line]]]
    /// Per area and group, in a sentence: each survey's figure over the area's statements, and the meetings' points.
    let summaries: [UUID: [Voice: String]]

    /// Both groups in one sentence, for the readiness grid.
    func summary(of areaID: UUID) -> String? {
        guard let byVoice = summaries[areaID] else { return nil }
        return Voice.allCases.compactMap { byVoice[$0] }.joined(separator: "; ")
    }

    static func load(review: Review, today: CalendarDate, on db: any Database) async throws -> VoicesHeard {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        var lines: [UUID: [Voice: [Line]]] = [:]
        var summaries: [UUID: [Voice: [String]]] = [:]
        let surveys = try await Survey.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID)
            .filter(\.$audience != .staff).filter(\.$status != .draft).sort(\.$opensOn).all()
        for survey in surveys {
            guard let voice = Voice.allCases.first(where: { $0.audiences.contains(survey.audience) }) else { continue }
            let overview = try await SurveyResults.overview(survey, today: today, on: db)
            for areaID in Set(overview.items.compactMap { $0.$area.id }) {
                if let withheld = overview.withheldReason {
                    lines[areaID, default: [:]][voice, default: []].append(Line(source: survey.title, text: withheld))
                    summaries[areaID, default: [:]][voice, default: []].append("\(survey.title): not shown yet")
                    continue
                }
                for item in overview.items where item.$area.id == areaID {
                    lines[areaID, default: [:]][voice, default: []].append(Line(source: survey.title, text: "“\(item.text)”: \(try overview.itemFigure(item).agreeingSentence)"))
                }
                summaries[areaID, default: [:]][voice, default: []].append("\(survey.title): \(try overview.areaFigure(areaID).sentence(respondents: overview.respondents))")
            }
        }
        let sessions = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID)
            .filter(\.$kind ~~ Voice.allCases.map(\.sessionKind)).all()
        let sessionByID = sessions.byID { $0 }
        let notes = try await SessionNote.scoped(to: partnershipID, on: db).filter(\.$session.$id ~~ sessions.compactMap(\.id)).sort(\.$createdAt).all()
        var points: [UUID: [Voice: Int]] = [:]
        for note in notes {
            guard let session = sessionByID[note.$session.id], let voice = Voice.allCases.first(where: { $0.sessionKind == session.kind }) else { continue }
            lines[note.$area.id, default: [:]][voice, default: []].append(Line(source: "\(session.number). \(session.title)", text: "\(note.kind.title): \(note.point)"))
            points[note.$area.id, default: [:]][voice, default: 0] += 1
        }
        for (areaID, byVoice) in points {
            for (voice, count) in byVoice {
                summaries[areaID, default: [:]][voice, default: []].append(Counted.phrase(count, "point") + " from \(voice == .childrenAndYoungPeople ? "meetings with children and young people" : "meetings with families")")
            }
        }
        return VoicesHeard(lines: lines, summaries: summaries.mapValues { $0.mapValues { $0.joined(separator: "; ") } })
    }
}
