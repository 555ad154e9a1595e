import Fluent
import ThistleCore
import Vapor

/// The evidence library: browse and search, add an item, change its details, replace its
/// file, download a version.
struct EvidenceController: RouteCollection {
    let maxFileBytes: Int

    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.evidenceHome.components, use: home)
        viewers.get(Paths.reviewEvidence.components, use: library)
        viewers.get(Paths.evidenceItem.components, use: show)
        viewers.get(Paths.downloadEvidence.components, use: download)
        let editors = routes.grouped(RequirePermission(.editEvidence))
        editors.get(Paths.newEvidence.components, use: new)
        editors.post(Paths.reviewEvidence.components, maxFileBytes: maxFileBytes, use: create)
        editors.get(Paths.editEvidence.components, use: edit)
        editors.post(Paths.evidenceItem.components, use: update)
        editors.post(Paths.evidenceFile.components, maxFileBytes: maxFileBytes, use: replaceFile)
    }

    func home(req: Request) async throws -> Response {
        try await req.redirectToCurrentReview(Paths.reviewEvidence)
    }

    // MARK: Browsing

    func library(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let setting = try await EvidenceSetting.load(review: review, principal: principal, on: req.db)
        let filters = EvidenceLibrary.Filters(query: req.query)
        let page = req.pageNumber
        let (items, total) = try await EvidenceLibrary.search(reviewID: reviewID, partnershipID: principal.partnershipID, filters: filters,
                                                             personalData: .init(principal: principal, ledAreas: setting.ledAreas), page: page, on: req.db)
        let itemAreas = try await EvidenceLibrary.areaIDs(of: items, on: req.db)
        let files = try await EvidenceLibrary.currentFiles(of: items, on: req.db)
        return try await req.render(EvidencePages.library(review: review, reviewID: reviewID, setting: setting, filters: filters, page: page, items: items,
                                                          total: total, itemAreas: itemAreas, files: files, principal: principal))
    }

    func show(req: Request) async throws -> Response {
        let (item, setting, principal) = try await loadItem(req)
        let itemID = try item.requireID()
        let areaIDs = try await EvidenceLibrary.areaIDs(of: [item], on: req.db)[itemID] ?? []
        guard EvidenceLibrary.mayOpen(item, areaIDs: areaIDs, principal: principal, ledAreas: setting.ledAreas) else {
            throw Abort(.forbidden, reason: EvidenceAccess.personalDataRule)
        }
        let indicatorIDs = Set(try await EvidenceItemIndicator.query(on: req.db).filter(\.$item.$id == itemID).all().map(\.$indicator.id))
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).all()
        let citedIn = EvidencePages.citedIn(try await citing(item, on: req.db))
        let versions = item.kind == .file ? try await EvidenceFile.query(on: req.db).filter(\.$item.$id == itemID).sort(\.$version, .descending).all() : []
        return try await req.render(EvidencePages.item(item, itemID: itemID, setting: setting, areaIDs: areaIDs, indicatorIDs: indicatorIDs, people: people,
                                                       citedIn: citedIn, versions: versions, principal: principal, maxFileBytes: maxFileBytes, csrfToken: req.csrfToken))
    }

    /// The current statements that cite the item.
    private func citing(_ item: EvidenceItem, on db: any Database) async throws -> [PositionStatements.Entry] {
        let review = try await Review.find(item.$review.id, in: item.$partnership.id, on: db)
        return try await PositionStatements.entries(review: review, on: db).filter { entry in
            StatementPart.allCases.contains { StatementText.citations(in: entry.current?.parts[$0] ?? "").contains { $0.number == item.number } }
        }
    }

    func download(req: Request) async throws -> Response {
        let principal = try req.principal
        let file = try await EvidenceFile.find(try req.uuid(Paths.Param.file), in: principal.partnershipID, on: req.db)
        let item = try await EvidenceItem.find(file.$item.id, in: principal.partnershipID, on: req.db)
        let review = try await Review.find(item.$review.id, in: principal.partnershipID, on: req.db)
        let setting = try await EvidenceSetting.load(review: review, principal: principal, on: req.db)
        let areaIDs = try await EvidenceLibrary.areaIDs(of: [item], on: req.db)[try item.requireID()] ?? []
        guard EvidenceLibrary.mayOpen(item, areaIDs: areaIDs, principal: principal, ledAreas: setting.ledAreas) else {
            throw Abort(.forbidden, reason: EvidenceAccess.personalDataRule)
        }
        if item.containsPersonalData {
            try await req.db.audited(by: principal.actor) { changes in
                changes.note("download", entityType: EvidenceFile.schema, entityID: file.id?.uuidString)
            }
        }
        let data = try await BlobStore.get(file.sha256, partnershipID: principal.partnershipID, on: req.db)
        return fileResponse(data, name: "\(item.reference)-\(file.fileName)", mediaType: file.fileKind.mediaType)
    }

    // MARK: Adding and changing

    func new(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let setting = try await EvidenceSetting.load(review: review, principal: principal, on: req.db)
        var input = EvidenceForm.Input()
        input.periodStart = req.today.iso
        if setting.ledAreas.count == 1 { input.areas = setting.ledAreas.map(\.uuidString) }
        return try await renderNew(req, review: review, setting: setting, input: input)
    }

    private func renderNew(_ req: Request, review: Review, setting: EvidenceSetting, input: EvidenceForm.Input, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(EvidencePages.new(reviewID: try review.requireID(), setting: setting, input: input, maxFileBytes: maxFileBytes, errors: errors,
                                                      csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func create(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let setting = try await EvidenceSetting.load(review: review, principal: principal, on: req.db)
        var input = try req.content.decode(EvidenceForm.Input.self)
        switch setting.form(maxFileBytes: maxFileBytes).validate(input, isNew: true) {
        case .failure(let rejection):
            input.file = nil
            return try await renderNew(req, review: review, setting: setting, input: input, errors: rejection.errors)
        case .success(let (details, file)):
            let today = req.today
            let (item, duplicate) = try await req.db.audited(by: principal.actor) { changes in
                try await EvidenceLibrary.add(details, file: file, review: review, addedBy: principal.personID, today: today, in: changes)
            }
            var message = "Added \(item.reference): \(item.title)."
            if let duplicate { message += " The same file is already in the library as \(duplicate.reference) (\(duplicate.title)); it is stored once." }
            return req.redirect(to: Paths.evidenceItem.url(try item.requireID()), flash: message)
        }
    }

    func edit(req: Request) async throws -> Response {
        let (item, setting, _) = try await loadEditable(req)
        let itemID = try item.requireID()
        let areaIDs = try await EvidenceLibrary.areaIDs(of: [item], on: req.db)[itemID] ?? []
        let indicatorIDs = Set(try await EvidenceItemIndicator.query(on: req.db).filter(\.$item.$id == itemID).all().map(\.$indicator.id))
        return try await renderEdit(req, item: item, setting: setting, input: EvidenceForm.Input(item, areaIDs: areaIDs, indicatorIDs: indicatorIDs))
    }

    private func renderEdit(_ req: Request, item: EvidenceItem, setting: EvidenceSetting, input: EvidenceForm.Input, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(try EvidencePages.edit(item, setting: setting, input: input, maxFileBytes: maxFileBytes, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func update(req: Request) async throws -> Response {
        let (item, setting, principal) = try await loadEditable(req)
        var input = try req.content.decode(EvidenceForm.Input.self)
        input.kind = item.kind.rawValue
        input.file = nil
        switch setting.form(maxFileBytes: maxFileBytes).validate(input, isNew: false) {
        case .failure(let rejection):
            return try await renderEdit(req, item: item, setting: setting, input: input, errors: rejection.errors)
        case .success(let (checked, _)):
            var kept = checked
            kept.kind = item.kind
            kept.linkURL = item.linkURL
            kept.extractSource = item.extractSource
            let details = kept
            try await req.db.audited(by: principal.actor) { changes in try await EvidenceLibrary.update(item, with: details, in: changes) }
            return req.redirect(to: Paths.evidenceItem.url(try item.requireID()), flash: "Saved the details of \(item.reference).")
        }
    }

    func replaceFile(req: Request) async throws -> Response {
        let (item, setting, principal) = try await loadEditable(req)
        guard item.kind == .file else { throw Abort(.conflict, reason: "This item is a \(item.kind.title.lowercased()), not a file.") }
        struct Upload: Content { var file: File? }
        let upload = try req.content.decode(Upload.self)
        switch setting.form(maxFileBytes: maxFileBytes).checkedFile(upload.file) {
        case .failure(let problem):
            return try await req.render(try EvidencePages.replaceFile(item, maxFileBytes: maxFileBytes, errors: [FieldError(field: "file", message: problem.message)],
                                                                      csrfToken: req.csrfToken),
                                        status: .unprocessableEntity)
        case .success(let file):
            let today = req.today
            let duplicate = try await req.db.audited(by: principal.actor) { changes in
                try await EvidenceLibrary.replaceFile(of: item, with: file, uploadedBy: principal.personID, today: today, in: changes)
            }
            var message = "Uploaded a new version of \(item.reference); the earlier versions are kept."
            if let duplicate { message += " The same file is already in the library as \(duplicate.reference); it is stored once." }
            return req.redirect(to: Paths.evidenceItem.url(try item.requireID()), flash: message)
        }
    }

    // MARK: Loading

    private func loadItem(_ req: Request) async throws -> (EvidenceItem, EvidenceSetting, Principal) {
        let principal = try req.principal
        let item = try await EvidenceItem.find(try req.uuid(Paths.Param.evidence), in: principal.partnershipID, on: req.db)
        let review = try await Review.find(item.$review.id, in: principal.partnershipID, on: req.db)
        return (item, try await EvidenceSetting.load(review: review, principal: principal, on: req.db), principal)
    }

    /// The item, if this person may change it (a lead: one of its areas is theirs).
    private func loadEditable(_ req: Request) async throws -> (EvidenceItem, EvidenceSetting, Principal) {
        let (item, setting, principal) = try await loadItem(req)
        let areaIDs = try await EvidenceLibrary.areaIDs(of: [item], on: req.db)[try item.requireID()] ?? []
        guard EvidenceLibrary.mayEdit(areaIDs: areaIDs, principal: principal, ledAreas: setting.ledAreas) else {
            throw Abort(.forbidden, reason: "Only a coordinator or the lead of one of its areas may change this item.")
        }
        return (item, setting, principal)
    }
}

/// What evidence pages need to know about the review: its areas, the framework's indicators,
/// the agencies, and which areas the signed-in person leads.
struct EvidenceSetting {
    let areas: [ImprovementArea]
    let indicators: [QualityIndicator]
    let agencies: [Agency]
    let ledAreas: Set<UUID>
    let isCoordinator: Bool

    static func load(review: Review, principal: Principal, on db: any Database) async throws -> EvidenceSetting {
        let areas = try await review.areasInScope(on: db)
        let indicators = try await QualityIndicator.scoped(to: principal.partnershipID, on: db).filter(\.$framework.$id == review.$framework.id).all()
            .sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: db).sort(\.$name).all()
        return EvidenceSetting(areas: areas, indicators: indicators, agencies: agencies,
                               ledAreas: EvidenceLibrary.ledAreaIDs(of: principal, among: areas), isCoordinator: principal.roles.contains(.coordinator))
    }

    func form(maxFileBytes: Int) -> EvidenceForm {
        EvidenceForm(areas: areas, indicators: indicators, agencies: agencies, ledAreas: ledAreas, isCoordinator: isCoordinator, maxFileBytes: maxFileBytes)
    }
}
