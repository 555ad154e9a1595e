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
        let agencyNames = Dictionary(uniqueKeysWithValues: setting.agencies.map { ($0.id!, $0.name) })
        let areaNumbers = Dictionary(uniqueKeysWithValues: setting.areas.map { ($0.id!, $0.number) })
        let rows = items.map { item -> TableRow in
            let areas = itemAreas[item.id!] ?? []
            let opens = EvidenceLibrary.mayOpen(item, areaIDs: areas, principal: principal, ledAreas: setting.ledAreas)
            return TableRow(cells: [
                TableCell(text: item.reference),
                TableCell(text: item.title + (item.containsPersonalData ? " (personal data)" : ""), url: opens ? Paths.evidenceItem.url(item.id!) : nil),
                TableCell(text: files[item.id!].map { $0.fileKind.title } ?? item.kind.title),
                TableCell(text: item.$agency.id.flatMap { agencyNames[$0] } ?? "Partnership"),
                TableCell(text: item.period),
                TableCell(text: areas.compactMap { areaNumbers[$0] }.sorted().map(String.init).joined(separator: ", ")),
            ])
        }
        let types = [("", "Any type")] + [EvidenceItemKind.link, .extract].map { ($0.rawValue, $0.title) } + EvidenceFileKind.allCases.map { ($0.rawValue, $0.title) }
        let search = FormContext(action: Paths.reviewEvidence.url(reviewID), submitLabel: "Search", csrfToken: "", fields: [
            .text("q", "Words in the title or description", value: filters.words),
            .select("area", "Improvement area", options: .choices(setting.areas.map { ($0.id!.uuidString, "\($0.number). \($0.title)") }, selected: filters.areaID?.uuidString, blank: "Any area")),
            .select("indicator", "Quality indicator", options: .choices(setting.indicators.map { ($0.id!.uuidString, $0.fullTitle) }, selected: filters.indicatorID?.uuidString, blank: "Any indicator")),
            .select("agency", "Owning agency", options: .choices(setting.agencies.map { ($0.id!.uuidString, $0.name) }, selected: filters.agencyID?.uuidString, blank: "Any agency")),
            .select("type", "Type", options: .choices(types, selected: filters.type ?? "", blank: nil)),
        ], cancelURL: filters.isEmpty ? nil : Paths.reviewEvidence.url(reviewID), method: .GET)
        var links: [LinkItem] = []
        if principal.can(.editEvidence) { links.append(LinkItem(label: "Add evidence", url: Paths.newEvidence.url(reviewID))) }
        links.append(LinkItem(label: "Position statements", url: Paths.reviewStatements.url(reviewID)))
        return try await req.render(PageModel(title: "Evidence library", section: .evidence, heading: "Evidence library: \(review.title)",
            intro: "Cite an item in a position statement by its number in square brackets, for example [E12]. Items marked (personal data) open only for coordinators, inspectors and the leads of their areas.",
            links: links,
            sections: [
                PageSection(heading: "Find evidence", form: search),
                PageSection(heading: filters.isEmpty ? "All evidence" : "Evidence found", table: TableBlock(
                    caption: "Evidence items", columns: ["No.", "Title", "Type", "Agency", "Date or period", "Areas"], rows: rows,
                    emptyText: filters.isEmpty ? "No evidence has been added yet." : "Nothing matches this search.")),
            ],
            pagination: total > EvidenceLibrary.pageSize
                ? Pagination(page: page, per: EvidenceLibrary.pageSize, total: total, baseURL: Paths.reviewEvidence.url(reviewID), query: filters.queryItems) : nil))
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
        let name = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
        var details: [(String, String)] = [("Number", "\(item.reference): cite it as [\(item.reference)]"), ("Kind", item.kind.title)]
        if !item.description.isEmpty { details.append(("Description", item.description)) }
        if let link = item.linkURL { details.append(("Link", link)) }
        if let source = item.extractSource { details.append(("Where the data came from", source)) }
        details += [
            ("Owning agency", setting.agencies.first { $0.id == item.$agency.id }?.name ?? "The partnership as a whole"),
            ("Date or period", item.period),
            ("Improvement areas", setting.areas.filter { areaIDs.contains($0.id!) }.map { "\($0.number). \($0.title)" }.joined(separator: "; ")),
            ("Quality indicators", setting.indicators.filter { indicatorIDs.contains($0.id!) }.map { "\($0.code) \($0.title)" }.joined(separator: "; ")),
            ("Personal data", item.containsPersonalData ? EvidenceAccess.personalDataRule : "None"),
            ("Cited in", try await citingAreas(of: item, on: req.db)),
            ("Added", "\(item.addedOn.long) by \(name[item.$addedBy.id] ?? "")"),
        ]
        var sections = [PageSection(table: TableBlock(caption: "About this item", columns: ["Item", "Detail"],
                                                       rows: details.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: ""))]
        let mayEdit = EvidenceLibrary.mayEdit(areaIDs: areaIDs, principal: principal, ledAreas: setting.ledAreas)
        if item.kind == .file {
            let versions = try await EvidenceFile.query(on: req.db).filter(\.$item.$id == itemID).sort(\.$version, .descending).all()
            sections.append(PageSection(heading: "File versions", table: TableBlock(
                caption: "File versions, newest first", columns: ["Version", "File", "Size", "Uploaded", "SHA-256"],
                rows: versions.map { file in
                    TableRow(cells: [TableCell(text: "\(file.version)\(file.version == versions.first?.version ? " (current)" : "")"),
                                     TableCell(text: "Download \(file.fileName)", url: Paths.downloadEvidence.url(file.id!)),
                                     TableCell(text: EvidenceUpload.megabytes(file.size)),
                                     TableCell(text: "\(file.uploadedOn.long) by \(name[file.$uploadedBy.id] ?? "")"),
                                     TableCell(text: file.sha256)])
                }, emptyText: "No file has been uploaded.")))
            if mayEdit {
                sections.append(PageSection(heading: "Replace the file", form: replaceForm(itemID: itemID, csrf: req.csrfToken)))
            }
        }
        var links: [LinkItem] = []
        if mayEdit { links.append(LinkItem(label: "Change the details", url: Paths.editEvidence.url(itemID))) }
        return try await req.render(PageModel(title: item.title, section: .evidence, heading: "\(item.reference): \(item.title)", links: links, sections: sections,
            backLink: LinkItem(label: "the evidence library", url: Paths.reviewEvidence.url(item.$review.id))))
    }

    /// "Area 1 (approved), area 5 (draft)": the current statements that cite the item.
    private func citingAreas(of item: EvidenceItem, on db: any Database) async throws -> String {
        let review = try await Review.find(item.$review.id, in: item.$partnership.id, on: db)
        let citing = try await PositionStatements.entries(review: review, on: db).filter { entry in
            StatementPart.allCases.contains { StatementText.citations(in: entry.current?.parts[$0] ?? "").contains { $0.number == item.number } }
        }
        return citing.isEmpty ? "No statement cites it yet" : citing.map { "Area \($0.area.number) (\($0.statement!.state.title.lowercased()))" }.joined(separator: ", ")
    }

    private func replaceForm(itemID: UUID, csrf: String, errors: [FieldError] = []) -> FormContext {
        FormContext(action: Paths.evidenceFile.url(itemID), submitLabel: "Upload the new version", csrfToken: csrf, fields: [
            FormField(kind: .file, name: "file", label: "New version of the file",
                      hint: "The earlier versions are kept. Up to \(EvidenceUpload.megabytes(maxFileBytes)).",
                      value: "", error: nil, options: [], autocomplete: nil, checked: false, accept: EvidenceForm.accept),
        ], errors: errors)
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
        let form = setting.form(maxFileBytes: maxFileBytes)
        let reviewID = try review.requireID()
        return try await req.render(PageModel(title: "Add evidence", section: .evidence, heading: "Add evidence",
            intro: "The item gets the next number in the library, which statements cite as [E<number>]. The same file uploaded twice is stored once.",
            sections: [PageSection(form: FormContext(action: Paths.reviewEvidence.url(reviewID), submitLabel: "Add to the library", csrfToken: req.csrfToken,
                                                      fields: form.fields(input, isNew: true), errors: errors, cancelURL: Paths.reviewEvidence.url(reviewID)))]),
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
        let itemID = try item.requireID()
        return try await req.render(PageModel(title: "Change \(item.reference)", section: .evidence, heading: "Change the details of \(item.reference)",
            sections: [PageSection(form: FormContext(action: Paths.evidenceItem.url(itemID), submitLabel: "Save the details", csrfToken: req.csrfToken,
                                                      fields: setting.form(maxFileBytes: maxFileBytes).fields(input, isNew: false), errors: errors,
                                                      cancelURL: Paths.evidenceItem.url(itemID)))]),
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
            let itemID = try item.requireID()
            return try await req.render(PageModel(title: "Replace the file", section: .evidence, heading: "Replace the file of \(item.reference)",
                sections: [PageSection(form: replaceForm(itemID: itemID, csrf: req.csrfToken, errors: [FieldError(field: "file", message: problem.message)]))],
                backLink: LinkItem(label: item.reference, url: Paths.evidenceItem.url(itemID))), status: .unprocessableEntity)
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
