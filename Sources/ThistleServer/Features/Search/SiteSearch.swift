import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// The one search box: sessions, actions, evidence, statements, records by label, people and
/// concerns of the review a person works in, each kind only for those who may open it, each
/// result a link they can follow.
enum SiteSearch {
    static let perKind = 20

    struct Hit: Sendable {
        let label: String
        let detail: String
        let url: String
    }

    struct Group: Sendable {
        let kind: String
        let hits: [Hit]
    }

    /// Ids of rows of `table` in the scope whose `columns` contain every word (any column per
    /// word, case ignored), at most `limit`.
    static func matching(_ table: String, columns: [String], words: [String], scope: [(String, UUID)], limit: Int = perKind,
                         on db: any Database) async throws -> [UUID] {
        guard !words.isEmpty else { return [] }
        var query = db.sql.select().column("id").from(table)
        for (column, value) in scope { query = query.where(SQLColumn(column), .equal, SQLBind(value)) }
        for word in words {
            query = query.where(SQLGroupExpression(SQLList(columns.map { column in
                SQLBinaryExpression(left: SQLFunction("LOWER", args: SQLColumn(column)), op: SQLBinaryOperator.like, right: SQLBind("%\(word)%"))
            }, separator: SQLRaw(" OR "))))
        }
        return try await query.limit(limit).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Everything the person may open that matches `text`, grouped by kind; empty kinds left out.
    static func search(_ text: String, principal: Principal, review: Review?, on db: any Database) async throws -> [Group] {
        let words = EvidenceLibrary.searchWords(text)
        guard !words.isEmpty else { return [] }
        let partnershipID = principal.partnershipID
        var groups: [Group] = []
        if let review, let reviewID = review.id {
            let inReview = [("partnership_id", partnershipID), ("review_id", reviewID)]
            // Records by label: only those allocated to a pair the person reads in.
            if principal.can(.readRecords) {
                let pairs = try await ReadingPair.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID)
                    .group(.or) { $0.filter(\.$reader.$id == principal.personID).filter(\.$inspector.$id == principal.personID) }.all()
                let ids = try await matching(CohortRecord.schema, columns: ["label"], words: words, scope: inReview, limit: 200, on: db)
                let records = ids.isEmpty || pairs.isEmpty ? [] : try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids)
                    .filter(\.$pair.$id ~~ pairs.compactMap(\.id)).filter(\.$sampleStatus == .sampled).sort(\.$label).limit(perKind).all()
                groups.append(Group(kind: "Records", hits: try records.map {
                    Hit(label: $0.label ?? "", detail: "\($0.category.title), \($0.ageBand.title)", url: Paths.record.url(try $0.requireID()))
                }))
            }
            if principal.can(.viewReview) {
                let sessionIDs = try await matching(SiteSession.schema, columns: ["title", "theme"], words: words, scope: inReview, on: db)
                let sessions = sessionIDs.isEmpty ? [] : try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$id ~~ sessionIDs).sort(\.$number).all()
                groups.append(Group(kind: "Fieldwork sessions", hits: try sessions.map {
                    Hit(label: "\($0.number). \($0.title)", detail: [$0.kind.title, $0.slot?.label].compactMap { $0 }.joined(separator: ", "), url: Paths.session.url(try $0.requireID()))
                }))
                let actionIDs = try await matching(ImprovementAction.schema, columns: ["title", "description", "owner"], words: words, scope: inReview, on: db)
                let actions = actionIDs.isEmpty ? [] : try await ImprovementAction.scoped(to: partnershipID, on: db).filter(\.$id ~~ actionIDs).sort(\.$number).all()
                groups.append(Group(kind: "Improvement actions", hits: try actions.map {
                    Hit(label: "Action \($0.number): \($0.title)", detail: "\($0.owner), due \($0.due.long)", url: Paths.action.url(try $0.requireID()))
                }))
                let areas = try await review.areasInScope(on: db)
                let ledAreas = EvidenceLibrary.ledAreaIDs(of: principal, among: areas)
                var filters = EvidenceLibrary.Filters()
                filters.words = text
                let (items, _) = try await EvidenceLibrary.search(reviewID: reviewID, partnershipID: partnershipID, filters: filters,
                                                                  personalData: .init(principal: principal, ledAreas: ledAreas), page: 1, on: db)
                groups.append(Group(kind: "Evidence", hits: try items.prefix(perKind).map {
                    Hit(label: "E\($0.number). \($0.title)", detail: $0.kind.title, url: Paths.evidenceItem.url(try $0.requireID()))
                }))
                // Statements by their area's number or title.
                let statements = try await PositionStatement.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
                let areaByID = areas.byID { $0 }
                groups.append(Group(kind: "Position statements", hits: try statements.compactMap { statement -> Hit? in
                    guard let area = areaByID[statement.$area.id] else { return nil }
                    let haystack = "area \(area.number) \(area.title)".lowercased()
                    guard words.allSatisfy(haystack.contains) else { return nil }
                    return Hit(label: "Area \(area.number). \(area.title)", detail: statement.state.title, url: Paths.areaStatement.url(reviewID, try area.requireID()))
                }.sorted { $0.label < $1.label }))
            }
            if principal.can(.manageConcerns) {
                let concerns = try await Concern.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$number).all()
                groups.append(Group(kind: "Concerns", hits: try concerns.filter { concern in
                    words.allSatisfy { "concern \(concern.number) c\(concern.number)".contains($0) }
                }.prefix(perKind).map { Hit(label: "Concern \($0.number)", detail: $0.status.title, url: Paths.concern.url(try $0.requireID())) }))
            }
        }
        if principal.can(.managePeople) {
            let ids = try await matching(Person.schema, columns: ["name", "job_title"], words: words, scope: [("partnership_id", partnershipID)], on: db)
            let people = ids.isEmpty ? [] : try await Person.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).sort(\.$name).all()
            groups.append(Group(kind: "People", hits: try people.map { Hit(label: $0.name, detail: $0.jobTitle, url: Paths.person.url(try $0.requireID())) }))
        }
        return groups.filter { !$0.hits.isEmpty }
    }
}
