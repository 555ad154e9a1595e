import Fluent
import Foundation
import ThistleCore
import Vapor

/// The accept and decline links of an emailed calendar invitation: no sign-in, only the link's
/// token, which answers for one participant of one session. Opening the link asks once more
/// with a button, because mail scanners open links and must not answer for anyone.
struct SessionAnswerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Paths.sessionAnswer.components, use: ask)
        routes.post(Paths.sessionAnswer.components, use: answer).userInfo[CSRFMiddleware.signedOutFormKey] = true
    }

    struct Input: Content {
        var answer: String?
    }

    /// The participant a link answers for, with what the page shows; nil for a link that does not work.
    private struct Answering {
        let participant: SessionParticipant
        let session: SiteSession
        let personName: String
        let place: String?
    }

    private func load(_ req: Request) async throws -> Answering? {
        guard let id = req.parameters.get(Paths.Param.participant).flatMap(UUID.init(uuidString:)),
              let token = req.parameters.get(Paths.Param.token),
              SessionAnswerTokens(secretKey: req.application.thistle.secretKey).verifies(token, participantID: id),
              let participant = try await SessionParticipant.find(id, on: req.db),
              let personID = participant.$person.id,
              let person = try await Person.find(personID, on: req.db),
              let session = try await SiteSession.find(participant.$session.id, on: req.db) else { return nil }
        let room = try await session.$room.id.asyncFlatMap { try await Room.find($0, on: req.db) }
        return Answering(participant: participant, session: session, personName: person.name,
                         place: room.map { [$0.name, $0.location].filter { !$0.isEmpty }.joined(separator: ", ") })
    }

    func ask(req: Request) async throws -> Response {
        guard let answering = try await load(req) else { return try await req.render(SessionAnswerPages.notWorking(), status: .notFound) }
        let chosen = try req.query.decode(Input.self).answer.flatMap(ParticipantStatus.init(rawValue:))
        return try await req.render(SessionAnswerPages.ask(answering.session, place: answering.place, status: answering.participant.status,
                                                           chosen: chosen, action: req.url.path, csrfToken: req.csrfToken))
    }

    func answer(req: Request) async throws -> Response {
        guard let answering = try await load(req) else { return try await req.render(SessionAnswerPages.notWorking(), status: .notFound) }
        let participant = answering.participant
        guard let status = try req.content.decode(Input.self).answer.flatMap(ParticipantStatus.init(rawValue:)), status != .invited else {
            return try await req.render(SessionAnswerPages.ask(answering.session, place: answering.place, status: participant.status, chosen: nil,
                                                               action: req.url.path, csrfToken: req.csrfToken,
                                                               errors: [FieldError(field: "answer", message: "Choose whether you will attend")]),
                                        status: .unprocessableEntity)
        }
        guard answering.session.slot != nil else {
            return try await req.render(SessionAnswerPages.ask(answering.session, place: nil, status: participant.status, chosen: nil, action: "", csrfToken: ""))
        }
        if participant.status != status {
            let before = AuditSnapshot(participant)
            participant.status = status
            let actor = AuditActor(accountID: nil, label: "\(answering.personName), by the link in their invitation", partnershipID: participant.$partnership.id)
            try await req.db.audited(by: actor) { changes in try await changes.update(participant, from: before) }
        }
        return try await req.render(SessionAnswerPages.answered(answering.session, place: answering.place, status: status))
    }
}

/// The pages of answering an invitation, built from plain values.
enum SessionAnswerPages {
    static func notWorking() -> PageModel {
        PageModel(title: "This link does not work", heading: "This link does not work",
                  intro: "Check that the whole link from your invitation was copied. If it still does not work, reply to the invitation or ask the person who arranged the session.")
    }

    static func ask(_ session: SiteSession, place: String?, status: ParticipantStatus, chosen: ParticipantStatus?, action: String, csrfToken: String,
                    errors: [FieldError] = []) -> PageModel {
        let heading = "Session \(session.number): \(session.title)"
        guard let slot = session.slot else {
            return PageModel(title: heading, heading: heading,
                             intro: "This session is not on the timetable at the moment, so there is nothing to answer. You will be invited again if it is arranged for another time.")
        }
        let attend = FormButton(label: "I will attend", name: "answer", value: ParticipantStatus.confirmed.rawValue, secondary: chosen == .declined)
        let decline = FormButton(label: "I cannot attend", name: "answer", value: ParticipantStatus.declined.rawValue, secondary: chosen != .declined)
        return PageModel(title: heading, heading: heading,
                         intro: "\(slot.label), \(place ?? "room to be confirmed"). \(current(status))",
                         sections: [PageSection(form: FormContext(action: action, buttons: chosen == .declined ? [decline, attend] : [attend, decline],
                                                                  csrfToken: csrfToken, groups: [], errors: errors))])
    }

    static func answered(_ session: SiteSession, place: String?, status: ParticipantStatus) -> PageModel {
        let heading = status == .confirmed ? "Thank you: you are down as attending" : "Thank you: you are down as not attending"
        return PageModel(title: heading, heading: heading,
                         intro: "Session \(session.number): \(session.title), \(session.slot?.label ?? "")\(place.map { ", " + $0 } ?? ""). If that changes, open the link in your invitation again.")
    }

    private static func current(_ status: ParticipantStatus) -> String {
        switch status {
        case .invited: return "You have not answered yet."
        case .confirmed: return "You have said you will attend."
        case .declined: return "You have said you cannot attend."
        }
    }
}
