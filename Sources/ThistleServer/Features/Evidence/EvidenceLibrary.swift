import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// What an evidence item says about itself, checked and ready to store.
struct EvidenceDetails: Sendable {
    var kind: EvidenceItemKind
    var title: String
    var description: String
    var agencyID: UUID?
    var periodStart: CalendarDate
    var periodEnd: CalendarDate?
    var linkURL: String?
    var extractSource: String?
    var containsPersonalData: Bool
    var areaIDs: [UUID]
    var indicatorIDs: [UUID]
}

/// A checked upload with its bytes.
struct EvidenceUploadFile: Sendable {
    let checked: CheckedUpload
    let data: Data
}

/// The review's evidence library: adding items, replacing their files, finding them, and
/// who may open or change each one.
enum EvidenceLibrary {
    // MARK: Adding and changing

    /// Adds an item (and its file, stored once per partnership). When the same bytes are
    /// already stored, returns the item that first brought them, so the person can be told.
    static func add(_ details: EvidenceDetails, file: EvidenceUploadFile?, review: Review, addedBy personID: UUID,
                    today: CalendarDate, in changes: AuditedChanges) async throws -> (item: EvidenceItem, duplicateOf: EvidenceItem?) {
        let reviewID = try review.requireID()
        let number = try await changes.nextNumber(of: EvidenceItem.self, within: Review.self, parentColumn: "review_id", id: reviewID)
        let item = EvidenceItem(partnershipID: review.$partnership.id, reviewID: reviewID, number: number, kind: details.kind,
                                addedByID: personID, addedOn: today)
        apply(details, to: item)
        try await changes.create(item)
        try await setLinks(of: item, areaIDs: details.areaIDs, indicatorIDs: details.indicatorIDs, in: changes)
        var duplicate: EvidenceItem?
        if let file { duplicate = try await store(file, for: item, version: 1, uploadedBy: personID, today: today, in: changes) }
        return (item, duplicate)
    }

    static func update(_ item: EvidenceItem, with details: EvidenceDetails, in changes: AuditedChanges) async throws {
        let before = AuditSnapshot(item)
        apply(details, to: item)
        try await changes.update(item, from: before)
        try await setLinks(of: item, areaIDs: details.areaIDs, indicatorIDs: details.indicatorIDs, in: changes)
    }

    /// A new version of the item's file; earlier versions stay downloadable.
    static func replaceFile(of item: EvidenceItem, with file: EvidenceUploadFile, uploadedBy personID: UUID,
                            today: CalendarDate, in changes: AuditedChanges) async throws -> EvidenceItem? {
        let last = try await EvidenceFile.query(on: changes.db).filter(\.$item.$id == item.requireID()).sort(\.$version, .descending).first()?.version ?? 0
        return try await store(file, for: item, version: last + 1, uploadedBy: personID, today: today, in: changes)
    }

    private static func store(_ file: EvidenceUploadFile, for item: EvidenceItem, version: Int, uploadedBy personID: UUID,
                              today: CalendarDate, in changes: AuditedChanges) async throws -> EvidenceItem? {
        let partnershipID = item.$partnership.id
        var duplicate: EvidenceItem?
        if try await BlobStore.exists(file.checked.sha256, partnershipID: partnershipID, on: changes.db),
           let earlier = try await EvidenceFile.scoped(to: partnershipID, on: changes.db).filter(\.$sha256 == file.checked.sha256)
               .sort(\.$uploadedOn).with(\.$item).first() {
            duplicate = earlier.item
        } else {
            try await BlobStore.put(file.data, sha256: file.checked.sha256, partnershipID: partnershipID, on: changes.db)
        }
        try await changes.create(EvidenceFile(item: item, version: version, upload: file.checked, uploadedByID: personID, uploadedOn: today))
        let before = AuditSnapshot(item)
        item.fileKind = file.checked.kind
        try await changes.update(item, from: before)
        return duplicate
    }

    private static func apply(_ details: EvidenceDetails, to item: EvidenceItem) {
        item.title = details.title
        item.description = details.description
        item.searchText = (details.title + " " + details.description).lowercased()
        item.$agency.id = details.agencyID
        item.periodStart = details.periodStart
        item.periodEnd = details.periodEnd
        item.linkURL = details.kind == .link ? details.linkURL : nil
        item.extractSource = details.kind == .extract ? details.extractSource : nil
        item.containsPersonalData = details.containsPersonalData
    }

    /// Makes the item's areas and indicators exactly these.
    private static func setLinks(of item: EvidenceItem, areaIDs: [UUID], indicatorIDs: [UUID], in changes: AuditedChanges) async throws {
        let itemID = try item.requireID()
        let partnershipID = item.$partnership.id
        let areas = try await EvidenceItemArea.query(on: changes.db).filter(\.$item.$id == itemID).all()
        for link in areas where !areaIDs.contains(link.$area.id) { try await changes.delete(link) }
        for areaID in areaIDs where !areas.contains(where: { $0.$area.id == areaID }) {
            try await changes.create(EvidenceItemArea(partnershipID: partnershipID, itemID: itemID, areaID: areaID))
        }
        let indicators = try await EvidenceItemIndicator.query(on: changes.db).filter(\.$item.$id == itemID).all()
        for link in indicators where !indicatorIDs.contains(link.$indicator.id) { try await changes.delete(link) }
        for indicatorID in indicatorIDs where !indicators.contains(where: { $0.$indicator.id == indicatorID }) {
            try await changes.create(EvidenceItemIndicator(partnershipID: partnershipID, itemID: itemID, indicatorID: indicatorID))
        }
    }

    // MARK: Finding

    struct Filters: Sendable {
        var areaID: UUID?
        var indicatorID: UUID?
        var agencyID: UUID?
        /// An item kind ("link", "extract") or a file kind ("pdf", "word", …).
        var type: String?
        var words: String?

        init(query: URLQueryContainer) {
            func id(_ name: String) -> UUID? { (try? query.get(String.self, at: name)).flatMap(UUID.init(uuidString:)) }
            areaID = id("area")
            indicatorID = id("indicator")
            agencyID = id("agency")
            type = (try? query.get(String.self, at: "type")).flatMap { $0.isEmpty ? nil : $0 }
            words = (try? query.get(String.self, at: "q")).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }

        init() {}

        /// The filters as query parameters, for the links to other pages of the results.
        var queryItems: [URLQueryItem] {
            [("area", areaID?.uuidString), ("indicator", indicatorID?.uuidString), ("agency", agencyID?.uuidString), ("type", type), ("q", words)]
                .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        }

        var isEmpty: Bool { queryItems.isEmpty }
    }

    static let pageSize = 25

    /// Which personal-data items a person may open (`EvidenceAccess`), for searching by words.
    enum PersonalDataScope {
        case all
        case areas(Set<UUID>)
        case none

        init(principal: Principal, ledAreas: Set<UUID>) {
            if EvidenceAccess.mayOpen(roles: principal.roles, containsPersonalData: true, leadsOneOfItsAreas: false) { self = .all }
            else if EvidenceAccess.mayOpen(roles: principal.roles, containsPersonalData: true, leadsOneOfItsAreas: true) { self = .areas(ledAreas) }
            else { self = .none }
        }
    }

    /// One page of the review's items matching `filters`, in number order, and how many match.
    /// Words are matched only in items the person may open, so a search never tells what the
    /// description of a personal-data item they may not open says.
    static func search(reviewID: UUID, partnershipID: UUID, filters: Filters, personalData: PersonalDataScope, page: Int,
                       on db: any Database) async throws -> (items: [EvidenceItem], total: Int) {
        let query = EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID)
        let words = searchWords(filters.words)
        if !words.isEmpty {
            switch personalData {
            case .all: break
            case .none: query.filter(\.$containsPersonalData == false)
            case .areas(let areas):
                let opened = areas.isEmpty ? [] : try await EvidenceItemArea.query(on: db).filter(\.$area.$id ~~ Array(areas)).all().map(\.$item.id)
                query.group(.or) { $0.filter(\.$containsPersonalData == false).filter(\.$id ~~ opened) }
            }
        }
        if let areaID = filters.areaID {
            query.join(EvidenceItemArea.self, on: \EvidenceItemArea.$item.$id == \EvidenceItem.$id).filter(EvidenceItemArea.self, \.$area.$id == areaID)
        }
        if let indicatorID = filters.indicatorID {
            query.join(EvidenceItemIndicator.self, on: \EvidenceItemIndicator.$item.$id == \EvidenceItem.$id)
                .filter(EvidenceItemIndicator.self, \.$indicator.$id == indicatorID)
        }
        if let agencyID = filters.agencyID { query.filter(\.$agency.$id == agencyID) }
        if let type = filters.type {
            if let kind = EvidenceItemKind(rawValue: type), kind != .file { query.filter(\.$kind == kind) }
            else if let fileKind = EvidenceFileKind(rawValue: type) { query.filter(\.$fileKind == fileKind) }
        }
        for word in words { query.filter(\.$searchText ~~ word) }
        let total = try await query.count()
        let items = try await query.sort(\.$number).range(((page - 1) * pageSize)..<(page * pageSize)).all()
        return (items, total)
    }

    /// Lower-cased words, without the characters LIKE would read as wildcards.
    static func searchWords(_ text: String?) -> [String] {
        (text ?? "").lowercased().split(whereSeparator: { $0.isWhitespace }).map { $0.filter { $0 != "%" && $0 != "_" } }.filter { !$0.isEmpty }.prefix(8).map { $0 }
    }

    /// The item numbers a statement of this review may cite.
    static func numbers(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> [Int: EvidenceItem] {
        let items = try await EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        return Dictionary(uniqueKeysWithValues: items.map { ($0.number, $0) })
    }

    /// Each item's areas, in one query.
    static func areaIDs(of items: [EvidenceItem], on db: any Database) async throws -> [UUID: Set<UUID>] {
        let ids = items.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let links = try await EvidenceItemArea.query(on: db).filter(\.$item.$id ~~ ids).all()
        return Dictionary(grouping: links, by: { $0.$item.id }).mapValues { Set($0.map(\.$area.id)) }
    }

    /// How many of the review's items each improvement area has, counted by the database (the
    /// readiness grid reads this on every visit; a review may have thousands of items).
    static func itemCountsByArea(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await db.sql.raw("""
            SELECT l.area_id AS area_id, COUNT(*) AS n FROM evidence_item_areas l JOIN evidence_items i ON i.id = l.item_id
            WHERE i.partnership_id = \(bind: partnershipID) AND i.review_id = \(bind: reviewID) GROUP BY l.area_id
            """).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "area_id", as: UUID.self), try $0.decode(column: "n", as: Int.self)) })
    }

    /// Each item's current (latest) file, in one query.
    static func currentFiles(of items: [EvidenceItem], on db: any Database) async throws -> [UUID: EvidenceFile] {
        let ids = items.filter { $0.kind == .file }.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let files = try await EvidenceFile.query(on: db).filter(\.$item.$id ~~ ids).all()
        return Dictionary(grouping: files, by: { $0.$item.id }).compactMapValues { $0.max { $0.version < $1.version } }
    }

    // MARK: Who may

    /// The areas of `areas` that this person leads.
    static func ledAreaIDs(of principal: Principal, among areas: [ImprovementArea]) -> Set<UUID> {
        Set(areas.filter { $0.$lead.id == principal.personID }.compactMap(\.id))
    }

    static func mayOpen(_ item: EvidenceItem, areaIDs: Set<UUID>, principal: Principal, ledAreas: Set<UUID>) -> Bool {
        EvidenceAccess.mayOpen(roles: principal.roles, containsPersonalData: item.containsPersonalData,
                               leadsOneOfItsAreas: !areaIDs.isDisjoint(with: ledAreas))
    }

    static func mayEdit(areaIDs: Set<UUID>, principal: Principal, ledAreas: Set<UUID>) -> Bool {
        principal.can(.editEvidence) && EvidenceAccess.mayEdit(roles: principal.roles, leadsTheArea: !areaIDs.isDisjoint(with: ledAreas))
    }
}
