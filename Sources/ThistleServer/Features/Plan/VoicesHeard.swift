import Fluent
import Foundation
import ThistleCore

/// What children and young people, and parents and carers, said about one improvement area:
/// each statement of their surveys in the area as its release shows it (`SurveyReleaseRule`,
/// with the survey's own threshold), and the points inspectors noted in meetings with them.
/// Their surveys' comments are screened and asked once, not per area: they are on each
/// survey's results page.
struct VoicesHeard {
    struct Line {
        let source: String
        let text: String
    }

    let byVoice: [Voice: [Line]]

    static func load(review: Review, areaID: UUID, today: CalendarDate, on db: any Database) async throws -> VoicesHeard {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        var byVoice: [Voice: [Line]] = [:]
        let surveys = try await Survey.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID)
            .filter(\.$audience != .staff).filter(\.$status != .draft).sort(\.$opensOn).all()
        for survey in surveys {
            guard let voice = Voice.allCases.first(where: { $0.audiences.contains(survey.audience) }) else { continue }
            let overview = try await SurveyResults.overview(survey, today: today, on: db)
            let items = overview.items.filter { $0.$area.id == areaID }
            guard !items.isEmpty else { continue }
            if let withheld = overview.withheldReason {
                byVoice[voice, default: []].append(Line(source: survey.title, text: withheld))
                continue
            }
            for item in items {
                byVoice[voice, default: []].append(Line(source: survey.title, text: "“\(item.text)”: \(try overview.itemFigure(item).agreeingSentence)"))
            }
        }
        let sessions = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID)
            .filter(\.$kind ~~ Voice.allCases.map(\.sessionKind)).all()
        let sessionByID = sessions.byID { $0 }
        let notes = try await SessionNote.scoped(to: partnershipID, on: db).filter(\.$session.$id ~~ sessions.compactMap(\.id))
            .filter(\.$area.$id == areaID).sort(\.$createdAt).all()
        for note in notes {
            guard let session = sessionByID[note.$session.id], let voice = Voice.allCases.first(where: { $0.sessionKind == session.kind }) else { continue }
            byVoice[voice, default: []].append(Line(source: "\(session.number). \(session.title)", text: "\(note.kind.title): \(note.point)"))
        }
        return VoicesHeard(byVoice: byVoice)
    }
}
