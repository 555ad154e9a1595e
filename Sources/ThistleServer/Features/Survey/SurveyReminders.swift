import Fluent
import Foundation
import ThistleCore
import Vapor

/// A reminder scheduled for a day of the survey.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveyReminder: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_reminders"
    static var partnershipColumn: KeyPath<SurveyReminder, FieldProperty<SurveyReminder, UUID>> { \SurveyReminder.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "send_on") var sendOn: CalendarDate
    @Field(key: "sent") var sent: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "survey_id") var survey: Survey

    init() {}

    init(survey: Survey, sendOn: CalendarDate) throws {
        self.id = UUID.random()
        self.$partnership.id = survey.$partnership.id
        self.$survey.id = try survey.requireID()
        self.sendOn = sendOn
        self.sent = false
    }
}

/// Scheduling reminders: a day while the survey is open, from today on, once per day.
enum SurveyReminderForm {
    struct Input: Content { var sendOn: String? }

    static func validate(_ input: Input, survey: Survey, today: CalendarDate, scheduled: [CalendarDate]) -> Result<CalendarDate, FormRejection> {
        var validator = FormValidator()
        guard let day = validator.date(input.sendOn, field: "sendOn", label: "the day to send the reminder") else {
            return .failure(FormRejection(errors: validator.errors))
        }
        let earliest = max(today, survey.opensOn)
        if day < earliest {
            validator.add("sendOn", "Choose a day from \(earliest.long): a reminder cannot go in the past or before the survey opens")
        } else if day > survey.closesOn {
            validator.add("sendOn", "Choose a day up to \(survey.closesOn.long), when the survey closes")
        } else if scheduled.contains(day) {
            validator.add("sendOn", "A reminder is already scheduled for \(day.long)")
        }
        return validator.isValid ? .success(day) : .failure(FormRejection(errors: validator.errors))
    }
}

extension SurveyMail {
    /// Sends the reminders scheduled up to `today` for surveys open today, to everyone invited
    /// by email (as the button does), and marks them sent. A reminder whose survey is not open
    /// is marked sent without a message: there is nothing to answer.
    static func sendScheduledReminders(today: CalendarDate, codes: SurveyCodes, linkBase: String, mailer: Mailer, in changes: AuditedChanges) async throws {
        let due = try await SurveyReminder.query(on: changes.db).filter(\.$sent == false).filter(\.$sendOn <= today).all()
        for reminder in due {
            if let survey = try await Survey.find(reminder.$survey.id, on: changes.db), survey.schedule.phase(today: today) == .open {
                let name = try await Alerts.partnershipName(survey.$partnership.id, on: changes.db)
                _ = try await sendReminder(survey, partnershipName: name, codes: codes, linkBase: linkBase, mailer: mailer, in: changes)
            }
            let before = AuditSnapshot(reminder)
            reminder.sent = true
            try await changes.update(reminder, from: before)
        }
    }
}
