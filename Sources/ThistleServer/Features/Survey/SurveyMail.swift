import Fluent
import Foundation
import ThistleCore

/// Survey invitations and reminders by email, through the outbox. Each invitation's own link
/// goes once; a reminder goes to everyone invited, with wording for those who have already
/// answered, because nothing records who has (and a reminder sent only to some would say).
enum SurveyMail {
    struct Counts {
        let withEmail: Int
        let notYetEmailed: Int
    }

    static func counts(surveyID: UUID, on db: any Database) async throws -> Counts {
        let withEmail = try await SurveyInvitation.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$email != nil).count()
        let waiting = try await SurveyInvitation.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$email != nil).filter(\.$emailed == false).count()
        return Counts(withEmail: withEmail, notYetEmailed: waiting)
    }

    /// Queues each not-yet-emailed invitation's own link and marks it emailed, in one transaction.
    static func sendInvitations(_ survey: Survey, partnershipName: String, codes: SurveyCodes, linkBase: String, mailer: Mailer,
                                in changes: AuditedChanges) async throws -> Int {
        let invitations = try await SurveyInvitation.query(on: changes.db).filter(\.$survey.$id == survey.requireID())
            .filter(\.$email != nil).filter(\.$emailed == false).all()
        let wording = try await MailWordingStore.wording(.surveyInvitation, partnershipID: survey.$partnership.id, on: changes.db)
        let messages = try messages(for: invitations, wording: wording, survey: survey, partnershipName: partnershipName,
                                    codes: codes, linkBase: linkBase, mailer: mailer)
        try await Outbox.enqueueAll(messages, kind: .surveyInvitation, partnershipID: survey.$partnership.id,
                                    subjectOf: (Survey.schema, try survey.requireID().uuidString), in: changes)
        for slice in invitations.compactMap(\.id).chunked(500) {
            try await SurveyInvitation.query(on: changes.db).filter(\.$id ~~ Array(slice)).set(\.$emailed, to: true).update()
        }
        return messages.count
    }

    /// Queues a reminder to every invitation with an address, answered or not.
    static func sendReminder(_ survey: Survey, partnershipName: String, codes: SurveyCodes, linkBase: String, mailer: Mailer,
                             in changes: AuditedChanges) async throws -> Int {
        let invitations = try await SurveyInvitation.query(on: changes.db).filter(\.$survey.$id == survey.requireID()).filter(\.$email != nil).all()
        let wording = try await MailWordingStore.wording(.surveyReminder, partnershipID: survey.$partnership.id, on: changes.db)
        let messages = try messages(for: invitations, wording: wording, survey: survey, partnershipName: partnershipName,
                                    codes: codes, linkBase: linkBase, mailer: mailer)
        try await Outbox.enqueueAll(messages, kind: .surveyReminder, partnershipID: survey.$partnership.id,
                                    subjectOf: (Survey.schema, try survey.requireID().uuidString), in: changes)
        return messages.count
    }

    private static func messages(for invitations: [SurveyInvitation], wording: MailWording, survey: Survey, partnershipName: String,
                                 codes: SurveyCodes, linkBase: String, mailer: Mailer) throws -> [MailMessage] {
        try invitations.compactMap { invitation in
            guard let email = invitation.email else { return nil }
            let link = linkBase + Paths.respondWithCode.url(codes.code(for: try invitation.requireID()))
            return mailer.message(to: email, partnershipName: partnershipName, wording: wording, values: [
                "partnership": partnershipName, "survey": survey.title, "closes": survey.closesOn.long, "link": link,
            ])
        }
    }
}
