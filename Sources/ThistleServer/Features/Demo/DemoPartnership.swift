import Fluent
import Foundation
import ThistleCore
import Vapor

/// The demonstration partnership: synthetic people and agencies around the real shape of a
/// 2018 progress review (the reference case in `shared/seed`). Every name is invented.
enum DemoPartnership {
    static let name = "Northfield Children's Services Partnership (synthetic demonstration)"
    /// The demo shows dates as on the day of the board report.
    static let asOf = CalendarDate(year: 2018, month: 9, day: 13)!

    struct Login {
        let role: Role
        let email: String
        let password: String
    }

    /// One account per role, with passwords long enough for the password policy.
    static let logins: [Login] = Role.allCases.map {
        Login(role: $0, email: "\($0.rawValue)@demo.thistle.test", password: "thistle-demo-\($0.rawValue)")
    }

    struct DemoPerson {
        let name: String
        let agency: String?
        let jobTitle: String
        let frontLine: Bool
        let hours: Double
        var role: Role? = nil
    }

    static let agencies: [(String, AgencyKind)] = [
        ("Northfield Council", .council),
        ("NHS Northfield", .health),
        ("Police Scotland, Northfield Division", .police),
        ("Children's Reporter, Northfield", .childrensReporter),
        ("Northfield Families Together", .thirdSector),
        ("Young Voices Northfield", .thirdSector),
    ]

    static let people: [DemoPerson] = [
        .init(name: "Alex Morrison", agency: "Northfield Council", jobTitle: "Systems administrator, children's services", frontLine: false, hours: 4, role: .admin),
        .init(name: "Fiona Grant", agency: "NHS Northfield", jobTitle: "Chief Officer, Health and Social Care Partnership", frontLine: false, hours: 6, role: .coordinator),
        .init(name: "Iain Stewart", agency: "Northfield Council", jobTitle: "Acting Corporate Director, Education and Children's Services", frontLine: false, hours: 6, role: .leader),
        .init(name: "Morag Henderson", agency: "Northfield Council", jobTitle: "Head of Children's Social Work", frontLine: false, hours: 10, role: .lead),
        .init(name: "Ruth Cameron", agency: "Northfield Council", jobTitle: "Quality assurance officer", frontLine: false, hours: 15, role: .reader),
        .init(name: "David Lindsay", agency: nil, jobTitle: "Lead inspector, Care Inspectorate", frontLine: false, hours: 37, role: .inspector),
        .init(name: "Karen Ross", agency: nil, jobTitle: "Inspector, Care Inspectorate", frontLine: false, hours: 37),
        .init(name: "Peter Walsh", agency: nil, jobTitle: "Associate inspector, Education Scotland", frontLine: false, hours: 30),
        .init(name: "Sarah Mackay", agency: nil, jobTitle: "Health inspector, Healthcare Improvement Scotland", frontLine: false, hours: 30),
        .init(name: "Neil Fraser", agency: nil, jobTitle: "Inspector, HM Inspectorate of Constabulary", frontLine: false, hours: 20),
        .init(name: "Joanne Reid", agency: "Northfield Council", jobTitle: "Chief Executive", frontLine: false, hours: 2),
        .init(name: "Gordon Munro", agency: "Northfield Council", jobTitle: "Head of Education", frontLine: false, hours: 4),
        .init(name: "Elaine Baird", agency: "Northfield Council", jobTitle: "Child protection lead officer", frontLine: false, hours: 12),
        .init(name: "Callum Ferguson", agency: "Northfield Council", jobTitle: "Senior social worker, children and families", frontLine: true, hours: 4),
        .init(name: "Aileen Murray", agency: "Northfield Council", jobTitle: "Social worker, children and families", frontLine: true, hours: 3),
        .init(name: "Ross Paterson", agency: "Northfield Council", jobTitle: "Social worker, throughcare and aftercare", frontLine: true, hours: 3),
        .init(name: "Lorna Duncan", agency: "Northfield Council", jobTitle: "Depute head teacher, Northfield Academy", frontLine: true, hours: 2),
        .init(name: "Stuart Gibson", agency: "Northfield Council", jobTitle: "Improvement officer, education", frontLine: false, hours: 12),
        .init(name: "Heather Watt", agency: "Northfield Council", jobTitle: "Residential care manager", frontLine: true, hours: 3),
        .init(name: "Martin Robertson", agency: "Northfield Council", jobTitle: "Committee services officer", frontLine: false, hours: 2),
        .init(name: "Gillian Hunter", agency: "Northfield Council", jobTitle: "Performance and information analyst", frontLine: false, hours: 14),
        .init(name: "Catriona Bell", agency: "NHS Northfield", jobTitle: "Lead nurse, child health", frontLine: false, hours: 8),
        .init(name: "Douglas Kerr", agency: "NHS Northfield", jobTitle: "Consultant community paediatrician", frontLine: true, hours: 2),
        .init(name: "Shona Allan", agency: "NHS Northfield", jobTitle: "Health visitor", frontLine: true, hours: 3),
        .init(name: "Lesley Young", agency: "NHS Northfield", jobTitle: "School nurse", frontLine: true, hours: 3),
        .init(name: "Andrew Milne", agency: "NHS Northfield", jobTitle: "Child protection advisor", frontLine: false, hours: 10),
        .init(name: "Pauline Craig", agency: "NHS Northfield", jobTitle: "Clinical governance facilitator", frontLine: false, hours: 10),
        .init(name: "Brian Thomson", agency: "Police Scotland, Northfield Division", jobTitle: "Detective Inspector, public protection unit", frontLine: false, hours: 6),
        .init(name: "Laura Scott", agency: "Police Scotland, Northfield Division", jobTitle: "Detective Sergeant, public protection unit", frontLine: true, hours: 4),
        .init(name: "Kevin Sutherland", agency: "Police Scotland, Northfield Division", jobTitle: "Chief Inspector, local area commander", frontLine: false, hours: 3),
        .init(name: "Janet Wilson", agency: "Children's Reporter, Northfield", jobTitle: "Locality reporter manager", frontLine: false, hours: 5),
        .init(name: "Euan MacLeod", agency: "Children's Reporter, Northfield", jobTitle: "Children's reporter", frontLine: true, hours: 3),
        .init(name: "Donna Hamilton", agency: "Northfield Families Together", jobTitle: "Service manager", frontLine: false, hours: 6),
        .init(name: "Craig Anderson", agency: "Northfield Families Together", jobTitle: "Family support worker", frontLine: true, hours: 3),
        .init(name: "Nicola Forbes", agency: "Young Voices Northfield", jobTitle: "Participation and rights officer", frontLine: false, hours: 8),
        .init(name: "Jamie Ritchie", agency: "Young Voices Northfield", jobTitle: "Youth worker", frontLine: true, hours: 3),
        .init(name: "Moira Campbell", agency: "Northfield Council", jobTitle: "Legal services manager (litigation and licensing)", frontLine: false, hours: 1),
        .init(name: "Robert Black", agency: "Northfield Council", jobTitle: "Chief financial officer", frontLine: false, hours: 1),
        .init(name: "Anne Gray", agency: "Northfield Council", jobTitle: "Corporate parenting officer", frontLine: false, hours: 10),
        .init(name: "Hugh Docherty", agency: "NHS Northfield", jobTitle: "Child and adolescent mental health nurse", frontLine: true, hours: 2),
    ]

    /// The Inspection Planning Group: co-chaired by two chief officers, with members from each agency.
    static let planningGroup: [String: PlanningGroupRole] = [
        "Fiona Grant": .chair, "Iain Stewart": .chair, "Morag Henderson": .member, "Elaine Baird": .member, "Gillian Hunter": .member,
        "Catriona Bell": .member, "Brian Thomson": .member, "Janet Wilson": .member, "Donna Hamilton": .member, "Nicola Forbes": .member,
    ]

    /// The six key areas for improvement, worded as the reference report lists them, with the
    /// indicators each concerns.
    static let areas: [(title: String, codes: [String], selfEvaluation: Int)] = [
        ("Improve standards of operational practice", ["5.2", "5.3"], 3),
        ("Improve initial risk assessment of, and response to vulnerable children and young people at risk of, or experiencing neglectful parenting or cumulative harm", ["5.1", "5.2"], 3),
        ("Strengthen collective vision and collaborative leadership", ["9.4"], 4),
        ("Strengthen the approach to corporate parenting, participation and children's rights to deliver improvements at a pace", ["6.3", "2.1"], 2),
        ("Implement a framework of joint self-evaluation, ensuring a clear focus on improved outcomes for children and families", ["6.2", "1.1"], 3),
        ("Improve governance, leadership and accountability of child protection committee", ["9.4", "6.2"], 4),
    ]

    /// The initial inspection's nine evaluations: five adequate, four weak.
    static let inspectionGrades: [String: Int] = [
        "1.1": 3, "2.1": 3, "2.2": 3, "5.1": 3, "5.3": 3,
        "5.2": 2, "6.2": 2, "6.3": 2, "9.4": 2,
    ]

    static func seed(on db: any Database, hasher: AsyncPasswordHasher, secretKey: Data, resourcesDirectory: String) async throws {
        // What the demo writes is dated as of its own today, as what it shows is.
        var actor = AuditActor.system("thistle demo")
        actor.clockOffset = TimeInterval(CalendarDate(Date()).days(until: asOf)) * 86_400
        try await db.audited(by: actor) { changes in
            let partnership = try await PartnershipSetup.create(name: name, in: changes)
            let partnershipID = try partnership.requireID()

            var agencyIDs: [String: UUID] = [:]
            for (agencyName, kind) in agencies {
                let agency = Agency(partnershipID: partnershipID, name: agencyName, kind: kind)
                try await changes.create(agency)
                agencyIDs[agencyName] = try agency.requireID()
            }
            for demo in people {
                let login = logins.first { $0.role == demo.role }
                let person = Person(partnershipID: partnershipID, agencyID: demo.agency.flatMap { agencyIDs[$0] }, name: demo.name,
                                    email: login?.email, jobTitle: demo.jobTitle, frontLine: demo.frontLine, weeklyHours: demo.hours)
                person.planningGroupRole = planningGroup[demo.name] ?? .none
                try await changes.create(person)
                if let login {
                    _ = try await AccountRules.create(person: person, email: login.email, password: login.password,
                                                      roles: [login.role], hasher: hasher, in: changes)
                }
            }
            let (earlier, current) = try await seedReviews(partnershipID: partnershipID, changes: changes)
            try await seedPlanningGroupMeetings(partnershipID: partnershipID, review: current, in: changes)
            try await DemoSurveys.seed(partnershipID: partnershipID, earlierReview: earlier, currentReview: current, in: changes,
                                       codes: SurveyCodes(secretKey: secretKey))
            try await DemoRecords.seed(partnershipID: partnershipID, review: current, references: RecordReferences(secretKey: secretKey), in: changes)
            if let coordinator = try await Person.scoped(to: partnershipID, on: changes.db).filter(\.$name == "Fiona Grant").first() {
                try await DemoYoungVoices.seed(partnershipID: partnershipID, review: current, screenedBy: try coordinator.requireID(), in: changes)
            }
            try await DemoEvidence.seed(partnershipID: partnershipID, review: current, in: changes)
            try await DemoFieldwork.seed(partnershipID: partnershipID, review: current, in: changes)
            try await DemoPlan.seed(partnershipID: partnershipID, review: current, in: changes)
            try await DemoBoardReport.seed(review: current, today: asOf, resourcesDirectory: resourcesDirectory, in: changes)
        }
    }

    /// The 2017 inspection, its first progress review and the 2018 progress review; returns the
    /// first progress review and the 2018 one.
    /// The planning group's meetings before the board meets, as its minutes record them.
    static let planningGroupMeetings: [(CalendarDate, String)] = [
        (CalendarDate(year: 2018, month: 7, day: 23)!, "Agreed the terms of reference and co-chairs. Each area lead to draft a position statement by 31 August."),
        (CalendarDate(year: 2018, month: 8, day: 13)!, "Agreed the staff survey questions and the records reading sample of 60. Training for readers booked for 21 August."),
        (CalendarDate(year: 2018, month: 9, day: 3)!, "Reviewed draft statements for areas 1 to 3. Rooms for the on-site weeks confirmed; the family room is open in the afternoons only."),
    ]

    private static func seedPlanningGroupMeetings(partnershipID: UUID, review: Review, in changes: AuditedChanges) async throws {
        guard let coordinator = try await Person.scoped(to: partnershipID, on: changes.db).filter(\.$name == "Fiona Grant").first() else { return }
        for (day, decisions) in planningGroupMeetings {
            try await changes.create(PlanningGroupMeeting(partnershipID: partnershipID, reviewID: try review.requireID(), heldOn: day,
                                                          decisions: decisions, recordedByID: try coordinator.requireID()))
        }
    }

    private static func seedReviews(partnershipID: UUID, changes: AuditedChanges) async throws -> (Review, Review) {
        let db = changes.db
        guard let framework = try await Framework.scoped(to: partnershipID, on: db).filter(\.$key == QualityFramework.childrensServices2014.key).with(\.$indicators).first(),
              let scale = try await GradingScale.scoped(to: partnershipID, on: db).filter(\.$key == EvaluationScale.sixPoint.key).first() else {
            throw Abort(.internalServerError, reason: "The standard framework and scale were not created")
        }
        let frameworkID = try framework.requireID()
        let scaleID = try scale.requireID()
        let indicatorIDs = Dictionary(uniqueKeysWithValues: try framework.indicators.map { ($0.code, try $0.requireID()) })

        let inspection = Review(
            partnershipID: partnershipID, kind: .inspection,
            title: "Joint inspection of services for children and young people (2017)",
            summary: "The initial joint inspection evaluated nine quality indicators (five adequate, four weak) and set six key areas for improvement.",
            frameworkID: frameworkID, scaleID: scaleID, reportedOn: date(2017, 2, 28))
        try await changes.create(inspection)
        let inspectionID = try inspection.requireID()
        for (code, grade) in inspectionGrades.sorted(by: { QualityIndicatorDefinition.codeOrder($0.key, $1.key) }) {
            try await changes.create(Evaluation(partnershipID: partnershipID, reviewID: inspectionID, indicatorID: indicatorIDs[code], areaID: nil,
                                                grade: grade, source: .inspectors, evaluatedOn: date(2017, 2, 28)))
        }

        let firstProgressReview = Review(
            partnershipID: partnershipID, kind: .progressReview,
            title: "First progress review (September 2017)",
            summary: """
            Confidence that partners were taking the findings of the inspection seriously and were working hard to deliver change and improvement.
            The need to maintain current momentum and build capacity at all levels to do this.
            With strengthened strategic planning and quality assurance in place, the need now to evidence real improvements in operational practice and better outcomes for children and families.
            The need to prioritise a more strategic approach to children's rights and participation.
            """,
            frameworkID: frameworkID, scaleID: scaleID, followsUpID: inspectionID, reportedOn: date(2017, 12, 14))
        try await changes.create(firstProgressReview)

        let current = Review(
            partnershipID: partnershipID, kind: .progressReview,
            title: "Progress review 2018",
            summary: "An in-depth progress review of the six areas for improvement: staff training to co-deliver the review, position statements and evidence, a staff survey, a multi-agency audit of children's files, focus groups, network-of-support meetings and meetings with leaders.",
            frameworkID: frameworkID, scaleID: scaleID, followsUpID: inspectionID, submissionDeadline: date(2018, 10, 8))
        try await changes.create(current)
        let currentID = try current.requireID()
        for week in [date(2018, 11, 5), date(2018, 12, 3)] {
            try await changes.create(SiteWeek(partnershipID: partnershipID, reviewID: currentID, weekCommencing: week))
        }
        for (keyName, keyDate) in [("Inspection Planning Group first meets", date(2018, 7, 23)),
                                   ("Report to the Community Planning Board", date(2018, 9, 13)),
                                   ("Staff survey opens", date(2018, 9, 3)),
                                   ("Staff survey closes", date(2018, 9, 28))] {
            try await changes.create(KeyDate(partnershipID: partnershipID, reviewID: currentID, name: keyName, date: keyDate))
        }

        for (index, area) in areas.enumerated() {
            let stored = ImprovementArea(partnershipID: partnershipID, reviewID: inspectionID, number: index + 1, title: area.title,
                                         description: "Key area for improvement \(index + 1) of the initial joint inspection.")
            try await changes.create(stored)
            let areaID = try stored.requireID()
            for code in area.codes {
                guard let indicatorID = indicatorIDs[code] else { continue }
                try await changes.create(AreaIndicator(partnershipID: partnershipID, areaID: areaID, indicatorID: indicatorID))
            }
            try await changes.create(Evaluation(partnershipID: partnershipID, reviewID: currentID, indicatorID: nil, areaID: areaID,
                                                grade: area.selfEvaluation, source: .selfEvaluation, evaluatedOn: date(2018, 9, 3),
                                                note: "Planning group's self-evaluation for the position statement."))
        }
        return (firstProgressReview, current)
    }

    private static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day)!
    }
}
