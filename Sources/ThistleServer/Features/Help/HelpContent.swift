import ThistleCore

/// What the help pages say: how a progress review runs, step by step as a partnership lives
/// it, with where in Thistle each step is done, and the words people meet.
enum HelpContent {
    struct Step {
        let title: String
        let text: String
        /// Where in Thistle it is done, and who may open it.
        let place: (label: String, url: String, permissions: [Permission])?
    }

    static let steps: [Step] = [
        Step(title: "1. The review is set up",
             text: "An administrator adds the review with its dates, the improvement areas the inspection set, the framework's quality indicators and the grades from earlier inspections, and the staff directory with each person's agency and hours.",
             place: ("Administration", Paths.admin.url(), [.manageReview, .managePeople, .managePartnership, .manageAccounts])),
        Step(title: "2. A multi-agency planning group coordinates it",
             text: "The Inspection Planning Group, with members from each agency and co-chairs, meets through the review, keeps the improvement plan and decides what goes to the board.",
             place: ("Improvement plan and the planning group", Paths.planHome.url(), [.viewReview])),
        Step(title: "3. Staff are trained to co-deliver it",
             text: "Staff from across the partnership are trained as records readers and focus group facilitators; only trained readers are given records to read.",
             place: ("Training register", Paths.trainingHome.url(), [.viewReview])),
        Step(title: "4. Position statements and evidence",
             text: "For each improvement area the partnership writes where it stands (how good are we now, how do we know, what next), cites evidence from the library, has the statement approved, and submits the pack by the deadline.",
             place: ("Position statements", Paths.statementsHome.url(), [.viewReview])),
        Step(title: "5. Surveys of staff, children, young people and families",
             text: "Staff answer anonymously, with single-use codes or an open link; results are released only in groups large enough that nobody can be singled out. Children, young people, and parents and carers answer surveys written for them, in plain words, with who to talk to on every page.",
             place: ("Surveys", Paths.surveysHome.url(), [.viewReview])),
        Step(title: "6. Reading children's records",
             text: "A stratified sample of records is drawn from the cohort; each is read in a pair (a partnership reader and an inspector) who grade on their own and then moderate; concerns for a child go to the concerns log at once.",
             place: ("Records reading", Paths.recordsHome.url(), [.viewReview, .readRecords, .manageRecords])),
        Step(title: "7. Fieldwork: the on-site weeks",
             text: "Inspectors spend the on-site weeks in focus groups of front-line staff, network-of-support meetings around sampled children, meetings with children and families (with consent recorded first) and professional discussions with leaders; rooms and times are planned without clashes.",
             place: ("Fieldwork", Paths.fieldworkHome.url(), [.viewReview])),
        Step(title: "8. Readiness and what was heard",
             text: "Readiness shows, for each area, what the statement, evidence, survey, records, sessions and actions say and what is still missing; what was heard in sessions is listed by area for the inspectors' findings.",
             place: ("Improvement plan and readiness", Paths.planHome.url(), [.viewReview])),
        Step(title: "9. The report to the board",
             text: "The report to the partnership's board is written from the live figures in the council's own section structure, saved in versions, and downloaded for the committee papers.",
             place: ("Board reports", Paths.boardReportsHome.url(), [.readBoardReports])),
        Step(title: "10. Finding and tracing",
             text: "The search box in the header finds sessions, actions, evidence, statements, records by label and people; administrators and inspectors see who did what in the audit trail; plans, timetables, capacity, readiness and the concerns log download for Excel.",
             place: ("Search", Paths.search.url(), [.viewReview, .readRecords, .manageRecords])),
    ]

    /// What each part of Thistle is for and what one does there: the help a page's heading
    /// links to (`url(for:)`), in the order of the navigation.
    static let parts: [(section: Section, title: String, text: String)] = [
        (.dashboard, "Dashboard",
         "Where the review stands today: each improvement area's grade at the last inspection and the evidence gathered since, immediate concerns first, your own actions and sessions, and the dates that matter. Open an area to see everything about it on one page."),
        (.survey, "Surveys",
         "Create a staff survey from the starter questions keyed to the improvement areas, issue single-use codes or an open link, watch the response rate by agency, and read results released in snapshots large enough that nobody can be singled out. Free text is screened before anyone reads it. Results download as CSV and go to the board report. A children's survey (about 8 to 11) asks one question a page on a three-point scale with faces and can be read aloud; a young people's survey (12 to 17) and a parents' and carers' survey use plain words checked for reading age. Each has a help box on every page saying who to talk to, and a comment that may show a child at risk goes to the concerns log, never to the results. What each group said is shown per area, beside the staff survey, in readiness and the board report."),
        (.records, "Records reading",
         "Import the cohort (labels only, never names), draw a reproducible stratified sample, pair a trained partnership reader with an inspector for each record, grade against the reading template on your own, then moderate to one answer. A concern about a child goes to the concerns log from the record at once. Results show \"good or better\" with its base and confidence interval, and how far the readers agreed."),
        (.statements, "Position statements",
         "One statement per improvement area, answering how good are we now, how do we know and what next, with evidence cited from the library. Each save keeps a version you can compare; a lead marks it ready for review and a coordinator approves it; the submission pack gathers the approved statements and their evidence."),
        (.evidence, "Evidence",
         "Upload documents or record links and extracts, tag them to improvement areas and quality indicators, and cite them from statements. Files are checked by size, type and content; an item marked as holding personal data opens only for those who may see it, and each download of it is recorded in the audit trail."),
        (.fieldwork, "Fieldwork",
         "Plan the on-site weeks: rooms (with their capacity, step-free access and whether they suit children and families), sessions of each kind with their participants, consent before any meeting with a child or family, and notes tagged to areas as strengths or areas for improvement. Clashes are found as you plan, the timetabler places sessions for you, and timetables print and download by day, room or person. \"What was heard\" lists the notes per area."),
        (.plan, "Improvement plan",
         "Actions per improvement area with an owner, a deadline and a red, amber or green status, each with its history; readiness per area; capacity (hours committed per person and week, front-line staff flagged); the concerns log; and the Inspection Planning Group's members, co-chairs and meetings. Everything here downloads as CSV or Excel."),
        (.reports, "Board reports",
         "The report to the partnership's board, written from the live figures in the council's section structure. Save a version when the figures are final; each version downloads as a Word document or prints from the browser."),
        (.admin, "Administration",
         "Accounts and roles, agencies, the staff directory, the framework (scales, quality indicators, improvement areas and earlier grades), reviews, the partnership's settings, and the outbox of the messages Thistle sends (invitations, reminders, alerts, password links) with any that failed. Administrators work here; coordinators set up the review and the staff directory."),
        (.audit, "Audit trail",
         "Who did what and when: every change and every opening of a child's record, filtered by date, person, kind of record or one record, with the fields that changed (personal details stay hidden). The page says whether the chain of events is intact or names the first event that was altered. Reading the trail is itself recorded; the list downloads as CSV."),
    ]

    /// The anchor of a part's help on the help page; pages of no one part go to the steps.
    static func anchor(for section: Section?) -> String {
        section.map { "help-\($0.rawValue)" } ?? "help-steps"
    }

    /// Where a page's "help with this page" link goes.
    static func url(for section: Section?) -> String {
        Paths.help.url() + "#" + anchor(for: section)
    }

    static let glossary: [(word: String, meaning: String)] = [
        ("Partnership", "The community planning partnership whose services for children are reviewed: the council, the health board, the police, the children's reporter and the third sector."),
        ("Progress review", "A follow-up inspection of how far the partnership has come on the areas for improvement an earlier inspection set."),
        ("Improvement area", "A key area for improvement the inspection set; everything in Thistle is gathered against these."),
        ("QI (quality indicator)", "A heading of the inspection framework, such as 2.1 Impact on children and young people, graded on the six-point scale."),
        ("Six-point scale", "Excellent, very good, good, adequate, weak, unsatisfactory; good or better means 4 and above."),
        ("Position statement", "The partnership's own account of an area: how good are we now, how do we know, and what next, with its evidence cited."),
        ("Evidence library", "Documents, links and extracts the statements cite, tagged to areas and indicators."),
        ("Records reading", "The multi-agency audit of children's files, read in pairs against a template keyed to the indicators."),
        ("Moderation", "After both readers of a record have graded on their own, they compare and agree one answer for each question."),
        ("Network of support", "The professionals around one child (the team around the child), met together during fieldwork."),
        ("On-site weeks", "The weeks the inspection team works in the partnership's premises."),
        ("Inspection Planning Group", "The multi-agency group that coordinates the review for the partnership."),
        ("Lead officer", "The person in the partnership a concern is passed to, who answers for what was done."),
        ("Readiness", "For each area, what every part of the review shows so far and what is still missing."),
        ("RAG", "Red, amber, green: off track, at risk, on track or complete."),
        ("Suppression", "Survey figures for groups smaller than the threshold are hidden, so no one's answers can be picked out."),
        ("Confidence interval", "The range a figure from a sample is likely to lie in: \"73% good or better (95% CI 61–83%)\"."),
        ("Audit trail", "The record of who did what and when, chained so that any change to it afterwards shows."),
    ]
}
