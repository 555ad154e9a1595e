import Foundation
import ThistleCore

/// The staff survey's administration pages, built from loaded data: no request, no database.
enum SurveyPages {
    /// The loaded data behind the invitation sections.
    struct Invitations {
        let agencies: [Agency]
        let issued: [UUID: Int]
        let released: SurveyResults.Overview
        let mail: SurveyMail.Counts
        /// Reminders scheduled, by day.
        let reminders: [SurveyReminder]
    }

    /// Errors of the invitation forms, when one of them is sent back.
    struct InvitationForms {
        var codeErrors: [FieldError] = []
        var importErrors: [FieldError] = []
        var reminderErrors: [FieldError] = []
        var hasErrors: Bool { !(codeErrors.isEmpty && importErrors.isEmpty && reminderErrors.isEmpty) }
    }

    /// Reminders scheduled for days of the survey, each with a way to take it off until sent,
    /// and the form to schedule another.
    static func scheduledReminders(surveyID: UUID, reminders: [SurveyReminder], errors: [FieldError], csrfToken csrf: String) -> PageSection {
        let rows = reminders.map { reminder in
            TableRow(cells: [TableCell(text: reminder.sendOn.long), TableCell(text: reminder.sent ? "Sent" : "Waiting: goes that morning")],
                     actions: reminder.sent ? [] : [RowAction(label: "Take off", context: "the reminder of \(reminder.sendOn.long)",
                                                              url: Paths.surveyScheduledReminderRemove.url(surveyID), csrfToken: csrf,
                                                              fields: [HiddenField(name: "reminder", value: reminder.id?.uuidString ?? "")])])
        }
        return PageSection(heading: "Scheduled reminders",
                           intro: "Reminders scheduled for a day go that morning to everyone invited by email, as the button above sends one now.",
                           table: TableBlock(caption: "Reminders scheduled", columns: ["Day", "State"], rows: rows, emptyText: "No reminders are scheduled."),
                           form: FormContext(action: Paths.surveyScheduledReminders.url(surveyID), submitLabel: "Schedule the reminder", csrfToken: csrf,
                                             fields: [.text("sendOn", "Day to send a reminder", value: nil, kind: .date)], errors: errors))
    }

    /// The invitation sections of the survey page: the response rates while it runs and once
    /// it has closed; the forms and downloads only while it can still take answers.
    static func invitationSections(_ survey: Survey, _ invitations: Invitations, forms: InvitationForms, csrfToken csrf: String) throws -> [PageSection] {
        let surveyID = try survey.requireID()
        let (agencies, issued, released) = (invitations.agencies, invitations.issued, invitations.released)
        let (codeErrors, importErrors) = (forms.codeErrors, forms.importErrors)
        let rateTable = ResponseRates.table(ResponseRates.rows(overview: released, agencies: agencies, issued: issued))
        let rates = PageSection(heading: "Invitations", intro: "\(released.note) Responses are counted by the agency people name in the survey; a code, once used, looks exactly like one never used, here and everywhere.", table: rateTable)
        guard survey.status != .closed else { return [rates] }
        let codes = FormContext(
            action: Paths.surveyCodes.url(surveyID), submitLabel: "Generate codes", csrfToken: csrf,
            fields: try agencies.map { .text("count-\(try $0.requireID().uuidString)", "Codes for \($0.name)", value: nil, kind: .number) },
            errors: codeErrors)
        let staffList = FormContext(
            action: Paths.surveyStaffList.url(surveyID), submitLabel: "Import staff list", csrfToken: csrf,
            fields: [FormField(kind: .file, name: "file", label: "Staff list (CSV)", hint: "Columns email and agency, one person per row. If any row is wrong, nothing is imported and every wrong row is listed.",
                               value: "", error: nil, options: [], autocomplete: nil, checked: false)],
            errors: importErrors)
        let downloads = TableBlock(
            caption: "Downloads", columns: ["Download", "What it holds"],
            rows: [
                TableRow(cells: [TableCell(text: "Codes and personal links (CSV)", url: Paths.surveyLinks.url(surveyID)),
                                 TableCell(text: "Every invitation's agency, email if any, code and personal link, for your own mail merge. It does not say which have been used: nothing does.")]),
                TableRow(cells: [TableCell(text: "Staff list template (CSV)", url: Paths.surveyStaffListTemplate.url(surveyID)),
                                 TableCell(text: "The columns a staff list import needs")]),
            ],
            emptyText: "")
        var email: [PageSection] = []
        if invitations.mail.withEmail > 0 {
            let counts = "\(Counted.phrase(invitations.mail.withEmail, "invitation")) \(invitations.mail.withEmail == 1 ? "has" : "have") an email address; \(invitations.mail.notYetEmailed) not yet sent \(invitations.mail.notYetEmailed == 1 ? "its" : "their") link."
            if survey.status == .open {
                email = [
                    PageSection(heading: "Email the invitations", intro: counts + " Each is sent its own link once.",
                                form: FormContext(action: Paths.surveyEmailInvitations.url(surveyID), submitLabel: "Email the invitations not yet sent", csrfToken: csrf, fields: [])),
                    PageSection(heading: "Remind everyone", intro: "A reminder goes to everyone invited by email, with thanks to those who have already answered: nobody can tell who has, so it never goes only to some.",
                                form: FormContext(action: Paths.surveyReminders.url(surveyID), submitLabel: "Send a reminder to everyone invited", csrfToken: csrf, fields: [])),
                    scheduledReminders(surveyID: surveyID, reminders: invitations.reminders, errors: forms.reminderErrors, csrfToken: csrf),
                ]
            } else {
                email = [PageSection(heading: "Email the invitations", intro: counts + " Open the survey to email them their links.")]
            }
        }
        return [
            rates,
        ] + email + [
            PageSection(table: downloads),
            PageSection(heading: "Generate codes for each agency", form: codes),
            PageSection(heading: "Or import a staff list", form: staffList),
        ]
    }

    /// `siteURL` is where people reach Thistle (`THISTLE_PUBLIC_URL`), so the open link can be pasted anywhere.
    /// `consents`: how many confirmed a parent's or carer's agreement, for a survey that asks.
    static func settingRows(_ survey: Survey, today: CalendarDate, openLinkForms: Int, siteURL: String, consents: Int? = nil) -> [(String, String)] {
        var rows = [
            ("Status", survey.schedule.phase(today: today).title),
            ("Open", "\(survey.opensOn.long) to \(survey.closesOn.long)"),
            ("Anonymity threshold", "Groups of fewer than \(survey.threshold) respondents are never shown"),
            ("Results while open", survey.resultsWhileOpen ? "Shown" : "Hidden until it closes"),
            ("Access", survey.access.title),
        ]
        if survey.access == .openLink {
            rows.append(("About open links", OpenLinkLimits.warning(formsPerWindow: openLinkForms)))
        }
        if survey.access == .openLink, let token = survey.openLinkToken {
            rows.append(("Open link", siteURL + Paths.respondOpenLink.url(token)))
        }
        if survey.parentConsent {
            rows.append(("A parent's or carer's agreement", "Confirmed by each respondent before the first question; \(Counted.phrase(consents ?? 0, "confirmation")) so far. Only the count is kept, never with any answers."))
        }
        return rows
    }


    /// A survey: where it stands, its questions (movable while a draft), its invitations and
    /// response rates, and the links to its results and comment screening.
    static func show(_ survey: Survey, questions: [SurveyQuestion], areas: [ImprovementArea], invitations: Invitations?, waitingComments: Int?, consents: Int? = nil,
                     today: CalendarDate, openLinkForms: Int, siteURL: String, invitationForms: InvitationForms, lifecycle: Lifecycle,
                     csrfToken csrf: String) throws -> PageModel {
        let surveyID = try survey.requireID()
        let editable = survey.schedule.questionsEditable
        let questionTable = TableBlock(
            caption: "Questions", columns: ["No.", "Question", "Kind", "Area", "Required"],
            rows: try questions.map { question in
                let id = try question.requireID()
                let area = areas.first { $0.id == question.$area.id }
                return TableRow(
                    cells: [TableCell(text: String(question.position)),
                            editable ? TableCell(text: question.text, url: Paths.surveyQuestion.url(id)) : TableCell(text: question.text),
                            TableCell(text: question.kind.title), TableCell(text: area.map { "Area \($0.number)" } ?? "–"),
                            TableCell(text: question.required ? "Yes" : "No")],
                    actions: editable ? [
                        RowAction(label: "Up", context: "move question \(question.position) up", url: Paths.moveSurveyQuestionUp.url(id), csrfToken: csrf),
                        RowAction(label: "Down", context: "move question \(question.position) down", url: Paths.moveSurveyQuestionDown.url(id), csrfToken: csrf),
                        RowAction(label: "Delete", context: "question \(question.position)", url: Paths.deleteSurveyQuestion.url(id), csrfToken: csrf),
                    ] : [])
            },
            emptyText: "No questions yet.")

        var sections = [PageSection(heading: "Where it stands", table: TableBlock(
            caption: "Settings", columns: ["Setting", "Value"],
            rows: settingRows(survey, today: today, openLinkForms: openLinkForms, siteURL: siteURL, consents: consents).map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) },
            emptyText: ""))]
        switch survey.status {
        case .draft:
            sections.append(PageSection(form: FormContext(action: Paths.openSurvey.url(surveyID), submitLabel: "Open the survey", csrfToken: csrf, fields: [])))
        case .open:
            sections.append(PageSection(heading: "Extend the closing date", form: FormContext(
                action: Paths.surveyClosingDate.url(surveyID), submitLabel: "Extend the survey", csrfToken: csrf,
                fields: [.text("closesOn", "New closing date", value: lifecycle.closingDateInput, hint: "Later than \(survey.closesOn.long)", kind: .date)],
                errors: lifecycle.closingDateErrors)))
        case .closed:
            sections.append(PageSection(heading: "Reopen the survey",
                                        intro: "Reopening accepts answers again until the new date. Results stay as released: new figures appear only once enough new answers arrive.",
                                        form: FormContext(
                action: Paths.surveyClosingDate.url(surveyID), submitLabel: "Reopen the survey", csrfToken: csrf,
                fields: [.text("closesOn", "New closing date", value: lifecycle.closingDateInput, hint: "For example \(today.adding(days: 7).iso)", kind: .date)],
                errors: lifecycle.closingDateErrors)))
        }
        sections.append(PageSection(heading: "History", table: TableBlock(
            caption: "What happened to the survey, newest first", columns: ["Date", "By", "What"],
            rows: lifecycle.history.map { TableRow(cells: [TableCell(text: $0.day.long), TableCell(text: $0.by), TableCell(text: $0.what)]) },
            emptyText: "Created; not opened yet.")))
        sections.append(PageSection(heading: "Questions", table: questionTable))
        if let invitations { sections += try invitationSections(survey, invitations, forms: invitationForms, csrfToken: csrf) }

        var links: [LinkItem] = []
        // The link only where the results page opens: the same rule the results page applies.
        if survey.schedule.resultsVisible(today: today, whileOpen: survey.resultsWhileOpen) {
            links.append(LinkItem(label: "Results", url: Paths.surveyResults.url(surveyID)))
        }
        if survey.status == .open { links.append(LinkItem(label: "Close the survey now", url: Paths.closeSurvey.url(surveyID))) }
        if let waiting = waitingComments {
            links.append(LinkItem(label: "Screen comments (\(waiting) waiting)", url: Paths.surveyScreening.url(surveyID)))
        }
        if editable {
            links.insert(LinkItem(label: "Change the settings", url: Paths.surveySettings.url(surveyID)), at: 0)
            links.insert(LinkItem(label: "Add a question", url: Paths.newSurveyQuestion.url(surveyID)), at: 1)
        }
        return PageModel(title: survey.title, section: .survey, heading: survey.title,
            intro: editable ? "A draft: questions and settings can change until you open it." : "Opened: questions are frozen so that every answer means the same.",
            links: links, sections: sections,
            backLink: LinkItem(label: "the surveys", url: Paths.reviewSurveys.url(survey.$review.id)))
    }

    /// A survey's history (opened, closed, reopened, extended) and a refused closing date.
    struct Lifecycle {
        struct Event {
            let day: CalendarDate
            let by: String
            let what: String
        }
        var history: [Event] = []
        var closingDateInput: String? = nil
        var closingDateErrors: [FieldError] = []
    }

    /// Asking before a survey is closed.
    static func confirmClose(_ survey: Survey, csrfToken: String) throws -> PageModel {
        let surveyID = try survey.requireID()
        let form = FormContext(action: Paths.closeSurvey.url(surveyID), submitLabel: "Close the survey now", csrfToken: csrfToken, fields: [],
                               cancelURL: Paths.survey.url(surveyID))
        return PageModel(title: "Close \(survey.title)", section: .survey, heading: "Close \(survey.title) now?",
                         intro: "It is due to close on \(survey.closesOn.long). Once closed, no more answers are accepted; you can reopen it with a new closing date.",
                         sections: [PageSection(form: form)], backLink: LinkItem(label: survey.title, url: Paths.survey.url(surveyID)))
    }

    /// Creating a survey for a review: its title and dates; the starter questions follow.
    static func new(review: Review, input: SurveyLifecycleForms.Create.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let reviewID = try review.requireID()
        let audience = SurveyLifecycleForms.Create.audience(input)
        let form = FormContext(action: Paths.reviewSurveys.url(reviewID), submitLabel: "Create the survey", csrfToken: csrfToken,
                               fields: SurveyLifecycleForms.Create.fields(input), errors: errors, cancelURL: Paths.reviewSurveys.url(reviewID),
                               hidden: [HiddenField(name: "audience", value: audience.rawValue)])
        let starts = audience == .staff
            ? "It starts as a draft with the agency and role-group questions and three statements and a comment per improvement area"
            : "It starts as a draft with statements in plain words, each joined to the improvement area linked to the quality indicator it speaks to, and one comment question; every comment is screened before anyone reads it"
        return PageModel(title: "Create a survey", section: .survey, heading: "Create a \(audience.surveyNameInSentence) for \(review.title)",
                         intro: "\(starts); you can change them and its settings until it opens.",
                         sections: [PageSection(form: form)], backLink: LinkItem(label: "the surveys", url: Paths.reviewSurveys.url(reviewID)))
    }

    /// A review's staff surveys, which of them counts, and the form to create one.
    static func index(review: Review, reviewID: UUID, surveys: [Survey], candidates: [(Survey, MainSurveyRule.Candidate)], manages: Bool, today: CalendarDate, mainErrors: [FieldError], csrfToken: String) throws -> PageModel {
        let table = TableBlock(
            caption: "Surveys", columns: ["Survey", "Who answers", "Review", "Status", "Dates", "Results"],
            rows: try surveys.map { survey in
                let id = try survey.requireID()
                let phase = survey.schedule.phase(today: today)
                let visible = survey.schedule.resultsVisible(today: today, whileOpen: survey.resultsWhileOpen)
                return TableRow(cells: [
                    manages ? TableCell(text: survey.title, url: Paths.survey.url(id)) : TableCell(text: survey.title),
                    TableCell(text: survey.audience.title),
                    TableCell(text: survey.review.title),
                    TableCell(text: phase.title),
                    TableCell(text: "\(survey.opensOn.long) to \(survey.closesOn.long)"),
                    visible ? TableCell(text: "Results of \(survey.title)", url: Paths.surveyResults.url(id)) : TableCell(text: "After it closes"),
                ])
            },
            emptyText: "No survey yet.")
        var sections = [PageSection(table: table)]
        if let picked = MainSurveyRule.pick(candidates.map(\.1), chosen: review.mainSurveyID?.uuidString),
           let main = candidates.first(where: { $0.1.id == picked.id })?.0 {
            let choose = manages && candidates.count > 1 ? FormContext(
                action: Paths.reviewMainSurvey.url(reviewID), submitLabel: "Save which survey counts", csrfToken: csrfToken,
                fields: [.select("survey", "The survey that counts", options: .choices(
                    candidates.map { ($0.1.id, $0.0.title) }, selected: review.mainSurveyID?.uuidString, blank: "The one with the most responses"))],
                errors: mainErrors) : nil
            sections.append(PageSection(heading: "The survey that counts for readiness, the dashboard and the board report",
                                         intro: "\(main.title): \(picked.reason.phrase). A pulse or trial survey never takes its place unless someone chooses it here.",
                                         form: choose))
        }
        return PageModel(title: "Surveys", section: .survey, heading: "Surveys",
            intro: "Anonymous surveys of staff, children and young people, and parents and carers on progress in each improvement area. A new survey starts with questions written for who answers it, all of which you can change until it opens. Only a staff survey counts for readiness, the dashboard and the board report.",
            links: manages ? SurveyAudience.allCases.map { audience in
                LinkItem(label: "Create a \(audience.surveyNameInSentence) for \(review.title)",
                         url: audience == .staff ? Paths.newSurvey.url(reviewID) : Paths.newSurvey.url(reviewID, query: ["audience": audience.rawValue]))
            } : [],
            sections: sections,
            backLink: LinkItem(label: "the dashboard", url: Paths.review.url(reviewID)))
        }

    /// A draft survey's settings.
    static func settings(_ survey: Survey, others: [Survey], input: SurveySettingsForm.Input, openLinkForms: Int, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let surveyID = try survey.requireID()
        let form = FormContext(
            action: Paths.surveySettings.url(surveyID), submitLabel: "Save settings", csrfToken: csrfToken,
            fields: [
                .text("title", "Title", value: input.title),
                .text("introduction", "Introduction respondents see first", value: input.introduction, kind: .textarea),
                .text("opensOn", "Opens on", value: input.opensOn, hint: "For example 2018-09-17", kind: .date),
                .text("closesOn", "Closes at the end of", value: input.closesOn, hint: "For example 2018-10-05", kind: .date),
                .text("threshold", "Anonymity threshold", value: input.threshold,
                      hint: "Results for a group\(survey.audience == .staff ? " (an agency, a role group)" : "") are shown only when at least this many in it responded. At least \(survey.audience.minimumThreshold); \(survey.audience.defaultThreshold) is usual.", kind: .number),
                .checkbox("resultsWhileOpen", "Show results while the survey is open", checked: input.resultsWhileOpen == "true",
                          hint: "Usually left off: early results can sway people who have not answered yet"),
                .select("access", "How people reach the survey", options: .choices(SurveyAccess.allCases.map { ($0.rawValue, $0.title) }, selected: input.access, blank: nil),
                        hint: OpenLinkLimits.warning(formsPerWindow: openLinkForms)),
                .select("comparesWith", "Compare results with", options: .choices(others.choices { $0.title }, selected: input.comparesWith, blank: "No earlier survey"),
                        hint: "Items with the same key in both surveys are compared"),
            ] + (survey.audience == .staff ? [] : [
                .text("helpText", "Who respondents can talk to", value: input.helpText,
                      hint: "Shown on every page of the survey. Add your partnership's own contact to the helpline.", kind: .textarea),
            ]) + (survey.audience.isYoung ? [
                .checkbox("parentConsent", "Ask each respondent to confirm a parent's or carer's agreement first", checked: input.parentConsent == "true",
                          hint: "Where your partnership's rules need it. Only how many confirmed is kept, never with any answers."),
            ] : []),
            errors: errors, cancelURL: Paths.survey.url(surveyID))
        return PageModel(title: "Survey settings", section: .survey, heading: "Settings: \(survey.title)", sections: [PageSection(form: form)])
        }
}
