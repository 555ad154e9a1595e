import Fluent
import Foundation
import ThistleCore

/// A synthetic evidence library of thirty small items across the six areas and the agencies
/// (Word, PDF, CSV and text files, links and described data extracts), area leads, and six
/// position statements in different states with versions and a comment.
enum DemoEvidence {
    struct Item {
        let kind: EvidenceItemKind
        let title: String
        let description: String
        let agency: String?
        let start: (Int, Int, Int)
        var end: (Int, Int, Int)? = nil
        let areas: [Int]
        let codes: [String]
        var personal = false
        /// The file's kind for a file item (`.word`, `.pdf`, `.csv`, `.text`).
        var file: EvidenceFileKind? = nil
        var source: String? = nil
    }

    static let council = "Northfield Council", nhs = "NHS Northfield", police = "Police Scotland, Northfield Division"
    static let reporter = "Children's Reporter, Northfield", families = "Northfield Families Together", voices = "Young Voices Northfield"

    static let items: [Item] = [
        .init(kind: .file, title: "Multi-agency case file audit report 2018", description: "Findings of the partnership's own audit of 80 children's files: chronologies, assessments and plans.", agency: council, start: (2018, 6, 29), areas: [1, 5], codes: ["5.2", "5.3", "6.2"], file: .word),
        .init(kind: .file, title: "Chronologies practice guidance", description: "Revised multi-agency guidance on single and multi-agency chronologies, approved by the child protection committee.", agency: council, start: (2018, 3, 1), areas: [1], codes: ["5.2"], file: .pdf),
        .init(kind: .file, title: "Supervision audit summary, children and families social work", description: "Quarterly audit of the quality and frequency of case supervision.", agency: council, start: (2018, 4, 1), end: (2018, 6, 30), areas: [1], codes: ["5.3", "9.4"], file: .csv),
        .init(kind: .file, title: "Practice standards for assessment and planning", description: "The partnership's agreed standards for assessments and child's plans, with the quality assurance checklist.", agency: council, start: (2018, 1, 15), areas: [1, 2], codes: ["5.2", "5.3"], file: .word),
        .init(kind: .file, title: "Neglect toolkit pilot evaluation", description: "Evaluation of the neglect assessment toolkit pilot in two localities, with practitioner feedback.", agency: nhs, start: (2018, 5, 31), areas: [2], codes: ["5.1", "5.2"], file: .pdf),
        .init(kind: .file, title: "Inter-agency referral discussions: timeliness", description: "Monthly figures for inter-agency referral discussions held within 24 hours of a concern.", agency: police, start: (2017, 10, 1), end: (2018, 8, 31), areas: [2], codes: ["5.2"], file: .csv),
        .init(kind: .file, title: "Cumulative harm training attendance", description: "Attendance at the cumulative harm and neglect training across agencies.", agency: nhs, start: (2018, 2, 1), end: (2018, 7, 31), areas: [2], codes: ["5.1"], file: .csv),
        .init(kind: .extract, title: "Child protection register: re-registrations within 12 months", description: "Count of children re-registered within a year, by quarter, drawn for the position statement.", agency: council, start: (2016, 4, 1), end: (2018, 6, 30), areas: [2], codes: ["5.2", "1.1"], source: "Drawn from the social work case system's child protection module by the performance team, 14 August 2018; figures only."),
        .init(kind: .file, title: "Case review: child A (anonymised learning summary)", description: "Learning from an initial case review, with the improvement actions agreed.", agency: council, start: (2018, 2, 20), areas: [2, 6], codes: ["5.2", "9.4"], personal: true, file: .word),
        .init(kind: .file, title: "Children's services plan 2017–2020", description: "The partnership's integrated children's services plan, with its shared vision and priorities.", agency: nil, start: (2017, 4, 1), end: (2020, 3, 31), areas: [3], codes: ["9.4", "6.2"], file: .pdf),
        .init(kind: .file, title: "Chief officers' group minutes, June 2018", description: "Minutes recording the chief officers' review of progress on the improvement plan.", agency: council, start: (2018, 6, 12), areas: [3, 6], codes: ["9.4"], file: .word),
        .init(kind: .file, title: "Leadership development programme outline", description: "The joint leadership programme for senior managers across council, health and police.", agency: nhs, start: (2018, 3, 5), areas: [3], codes: ["9.4"], file: .text),
        .init(kind: .link, title: "Community planning partnership: local outcomes improvement plan", description: "The published plan setting out the partnership's shared outcomes for children.", agency: nil, start: (2017, 10, 1), areas: [3], codes: ["9.4"], source: "https://www.example.gov.uk/northfield/loip"),
        .init(kind: .file, title: "Staff engagement sessions: what we heard", description: "Themes from twelve engagement sessions with staff about the vision and values.", agency: council, start: (2018, 5, 1), end: (2018, 6, 15), areas: [3], codes: ["9.4", "6.3"], file: .word),
        .init(kind: .file, title: "Corporate parenting plan 2018–2021", description: "The corporate parenting plan agreed with care-experienced young people.", agency: council, start: (2018, 4, 1), areas: [4], codes: ["6.3", "2.1"], file: .pdf),
        .init(kind: .file, title: "Champions board annual report", description: "What the champions board of care-experienced young people did this year and what changed.", agency: voices, start: (2017, 8, 1), end: (2018, 7, 31), areas: [4], codes: ["6.3", "2.1"], file: .word),
        .init(kind: .file, title: "Children's rights training evaluation", description: "Evaluation of the children's rights and participation training for staff.", agency: voices, start: (2018, 6, 1), areas: [4], codes: ["6.3"], file: .text),
        .init(kind: .extract, title: "Looked-after children: pathway plans in place", description: "Proportion of young people eligible for aftercare with a current pathway plan.", agency: council, start: (2018, 3, 31), areas: [4], codes: ["2.1"], source: "Quarterly return from the throughcare and aftercare team's case records, 3 September 2018."),
        .init(kind: .link, title: "Young Voices Northfield: 'Our Rights, Our Say' consultation", description: "The published findings of the consultation with children and young people about participation.", agency: voices, start: (2018, 3, 20), areas: [4], codes: ["6.3"], source: "https://www.example.org/young-voices/our-rights-our-say"),
        .init(kind: .file, title: "Family support service feedback survey", description: "Feedback from families using the family support service, with quotes.", agency: families, start: (2018, 1, 1), end: (2018, 6, 30), areas: [4, 5], codes: ["2.2", "6.3"], file: .csv),
        .init(kind: .file, title: "Joint self-evaluation framework", description: "The framework agreed by the planning group for joint self-evaluation, with its calendar of activity.", agency: nil, start: (2018, 2, 1), areas: [5], codes: ["6.2"], file: .word),
        .init(kind: .file, title: "Performance framework: children's services indicators", description: "The core set of indicators the partnership reports quarterly, with definitions.", agency: council, start: (2018, 4, 1), areas: [5], codes: ["6.2", "1.1"], file: .csv),
        .init(kind: .file, title: "Self-evaluation calendar 2018–19", description: "Planned self-evaluation activity by month and lead agency.", agency: nil, start: (2018, 4, 1), end: (2019, 3, 31), areas: [5], codes: ["6.2"], file: .text),
        .init(kind: .extract, title: "Health visiting: wellbeing assessments at 27–30 months", description: "Coverage of the 27–30 month child health review across localities.", agency: nhs, start: (2017, 4, 1), end: (2018, 3, 31), areas: [5], codes: ["1.1", "5.1"], source: "Child health surveillance system, annual extract by the public health intelligence team, May 2018."),
        .init(kind: .file, title: "Child protection committee business plan 2018–19", description: "The committee's business plan with its priorities and performance measures.", agency: nil, start: (2018, 4, 1), end: (2019, 3, 31), areas: [6], codes: ["9.4", "6.2"], file: .pdf),
        .init(kind: .file, title: "Child protection committee self-assessment", description: "The committee's self-assessment against the national guidance, with an action plan.", agency: nil, start: (2018, 5, 21), areas: [6], codes: ["9.4"], file: .word),
        .init(kind: .file, title: "Child protection committee minutes, August 2018", description: "Minutes recording the committee's scrutiny of the case file audit findings.", agency: council, start: (2018, 8, 23), areas: [6, 1], codes: ["9.4"], file: .word),
        .init(kind: .link, title: "Public protection chief officers' group terms of reference", description: "The published terms of reference, revised after the inspection.", agency: police, start: (2018, 1, 10), areas: [6], codes: ["9.4"], source: "https://www.example.gov.uk/northfield/public-protection/cog"),
        .init(kind: .file, title: "Children's reporter: referral outcomes summary", description: "Summary of referrals to the reporter and their outcomes.", agency: reporter, start: (2017, 4, 1), end: (2018, 3, 31), areas: [2], codes: ["5.2"], file: .csv),
        .init(kind: .file, title: "Police concern reports: vulnerable persons database review", description: "Review of how concern reports about children are shared and actioned.", agency: police, start: (2018, 7, 2), areas: [2, 6], codes: ["5.1", "5.2"], file: .pdf),
    ]

    /// Who leads each area (1 to 6): the demo's lead account leads the first two.
    static let leads = ["Morag Henderson", "Morag Henderson", "Gordon Munro", "Anne Gray", "Gillian Hunter", "Elaine Baird"]

    static func seed(partnershipID: UUID, review: Review, in changes: AuditedChanges) async throws {
        let db = changes.db
        let areas = try await review.areasInScope(on: db)
        let people = try await Person.scoped(to: partnershipID, on: db).all()
        let person = { (name: String) in people.first { $0.name == name }! }
        for (area, lead) in zip(areas, leads) {
            let before = AuditSnapshot(area)
            area.$lead.id = person(lead).id
            try await changes.update(area, from: before)
        }
        let agencies = try await Agency.scoped(to: partnershipID, on: db).all()
        let indicators = try await QualityIndicator.scoped(to: partnershipID, on: db).all()
        let coordinator = try person("Fiona Grant").requireID()
        for item in items {
            let details = EvidenceDetails(
                kind: item.kind, title: item.title, description: item.description,
                agencyID: item.agency.flatMap { name in agencies.first { $0.name == name }?.id },
                periodStart: date(item.start), periodEnd: item.end.map(date),
                linkURL: item.kind == .link ? item.source : nil, extractSource: item.kind == .extract ? item.source : nil,
                containsPersonalData: item.personal,
                areaIDs: try item.areas.map { try areas[$0 - 1].requireID() },
                indicatorIDs: item.codes.compactMap { code in indicators.first { $0.code == code }?.id })
            let file = try item.file.map { kind -> EvidenceUploadFile in
                let data = try contents(of: item, kind: kind)
                let name = SafeFileName.make(item.title, kind: kind)
                let checked = try EvidenceUpload.check(data, claimedName: name, maximumBytes: 25_000_000).get()
                return EvidenceUploadFile(checked: checked, data: data)
            }
            _ = try await EvidenceLibrary.add(details, file: file, review: review, addedBy: coordinator, today: date(item.start), in: changes)
        }
        try await seedStatements(review: review, areas: areas, person: person, in: changes)
    }

    // MARK: Statements

    /// Six statements: two approved, two ready for review, two drafts (one still citing nothing).
    private static func seedStatements(review: Review, areas: [ImprovementArea], person: (String) -> Person, in changes: AuditedChanges) async throws {
        let drafts: [(versions: [[StatementPart: String]], state: StatementState)] = [
            ([statement(1, know: "Our case file audit found chronologies in 71% of files, up from 45% [E1].\n\nSupervision now happens monthly in every team [E3]."),
              statement(1, know: "Our case file audit found chronologies in 71% of files, up from 45% [E1]. New guidance supports this [E2].\n\nSupervision now happens monthly in every team, and audits check its quality [E3].\n\nThe child protection committee scrutinised the audit findings [E27].")], .approved),
            ([statement(2, know: "Inter-agency referral discussions are now held within 24 hours in 88% of cases [E6].\n\nThe neglect toolkit pilot shows earlier identification [E5][E7].\n\nPractitioners tell us they feel more confident recognising cumulative harm.")], .readyForReview),
            ([statement(3, know: "The children's services plan sets one shared vision [E10].\n\nChief officers review progress every quarter [E11], and senior managers attend joint leadership development [E12].")], .approved),
            ([statement(4, know: "Our corporate parenting plan was agreed with young people [E15]."),
              statement(4, know: "Our corporate parenting plan was agreed with young people [E15], and the champions board reports each year [E16]."),
              statement(4, know: "Our corporate parenting plan was agreed with young people [E15], and the champions board reports each year [E16].\n\nMore care leavers have a pathway plan [E18].")], .draft),
            ([statement(5, know: "A joint self-evaluation framework is agreed [E21]."),
              statement(5, know: "A joint self-evaluation framework is agreed [E21] and a calendar of activity runs to March 2019 [E23].\n\nThe partnership reports a core set of indicators each quarter [E22].")], .readyForReview),
            ([statement(6, know: "The committee has a business plan and has assessed itself against the national guidance.")], .draft),
        ]
        let authors = try leads.map { try person($0).requireID() }
        for (index, draft) in drafts.enumerated() {
            let area = areas[index]
            var saved: PositionStatement?
            for (number, parts) in draft.versions.enumerated() {
                saved = try await PositionStatements.save(parts, area: area, review: review, by: authors[index], in: changes)
                try await backdate(saved!, version: number + 1, to: date((2018, 8, 20 + index + number * 3)), in: changes)
            }
            guard let statement = saved else { continue }
            if draft.state != .draft {
                let before = AuditSnapshot(statement)
                statement.state = draft.state
                try await changes.update(statement, from: before)
            }
            if index == 0 {
                try await changes.create(StatementComment(statement: statement, version: 1, authorID: try person("Fiona Grant").requireID(),
                                                          body: "Good progress. Please cite the new chronologies guidance and the committee's scrutiny of the audit.",
                                                          createdAt: instant(date((2018, 8, 22)))))
            }
        }
    }

    private static func statement(_ area: Int, know: String) -> [StatementPart: String] {
        let good = [
            1: "Practice has improved since the inspection, most clearly in chronologies and supervision, but the quality of plans still varies between teams.",
            2: "Risks from neglect and cumulative harm are recognised earlier than before; responses are quicker, though not yet consistent across localities.",
            3: "Leaders across the partnership now share one vision for children and act on it together.",
            4: "Young people now shape the corporate parenting plan; rights and participation are not yet part of everyday practice everywhere.",
            5: "Joint self-evaluation is planned and under way, and is beginning to focus on outcomes for children and families.",
            6: "The child protection committee has clearer governance and scrutinises practice more closely.",
        ]
        let next = [
            1: "Extend the plan-quality audit to every team by March 2019 and report results to the committee.",
            2: "Roll the neglect toolkit out across all localities by January 2019, with refresher training.",
            3: "Continue the leadership programme and publish a progress report on the vision each year.",
            4: "Bring participation standards into supervision and audit, with the champions board reviewing progress.",
            5: "Complete the first full cycle of joint self-evaluation and report findings to chief officers.",
            6: "Review the committee's subgroups and publish its annual report with performance measures.",
        ]
        return [.howGood: good[area] ?? "", .howWeKnow: know, .whatNext: next[area] ?? ""]
    }

    /// The demo reads "as on" a day in 2018; its versions are dated then too.
    private static func backdate(_ statement: PositionStatement, version: Int, to day: CalendarDate, in changes: AuditedChanges) async throws {
        guard let stored = try await PositionStatements.version(version, of: statement, on: changes.db) else { return }
        stored.savedAt = instant(day)
        try await stored.update(on: changes.db)
    }

    // MARK: Files

    /// Small, real files: a Word document, a one-page PDF, a CSV table or plain text.
    static func contents(of item: Item, kind: EvidenceFileKind) throws -> Data {
        switch kind {
        case .word:
            return try DocxDocument(title: item.title, blocks: [.title(item.title), .note("Synthetic demonstration document"), .paragraph(item.description)]).data()
        case .pdf:
            return pdf(lines: [item.title, "Synthetic demonstration document", item.description])
        case .csv:
            return Data("Period,Measure,Value\r\n2017-18,\(item.title.replacingOccurrences(of: ",", with: ";")),62\r\n2018-19,\(item.title.replacingOccurrences(of: ",", with: ";")),74\r\n".utf8)
        default:
            return Data("\(item.title)\n\nSynthetic demonstration document.\n\n\(item.description)\n".utf8)
        }
    }

    /// A one-page PDF with a few lines of Helvetica, its cross-reference table counted exactly.
    static func pdf(lines: [String]) -> Data {
        func escaped(_ text: String) -> String {
            String(text.unicodeScalars.map { $0.isASCII ? Character($0) : "-" }).replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
        }
        let text = lines.enumerated().map { "BT /F1 \($0.offset == 0 ? 16 : 11) Tf 56 \(780 - $0.offset * 24) Td (\(escaped($0.element))) Tj ET" }.joined(separator: "\n")
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(output.utf8)
    }

    private static func date(_ parts: (Int, Int, Int)) -> CalendarDate {
        CalendarDate(year: parts.0, month: parts.1, day: parts.2)!
    }

    private static func instant(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(CalendarDate(year: 1970, month: 1, day: 1)!.days(until: day)) * 86_400 + 10 * 3_600)
    }
}
