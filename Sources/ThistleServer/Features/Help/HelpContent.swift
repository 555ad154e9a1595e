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
        Step(title: "5. A staff survey",
             text: "Staff answer anonymously, with single-use codes or an open link; results are released only in groups large enough that nobody can be singled out.",
             place: ("Staff survey", Paths.surveysHome.url(), [.viewReview])),
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
