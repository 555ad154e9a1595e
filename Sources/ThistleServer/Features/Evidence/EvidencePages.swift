import Foundation
import ThistleCore

/// The evidence library's pages, built from loaded data: no request, no database.
enum EvidencePages {
    static func replaceForm(itemID: UUID, maxFileBytes: Int, csrf: String, errors: [FieldError] = []) -> FormContext {
        FormContext(action: Paths.evidenceFile.url(itemID), submitLabel: "Upload the new version", csrfToken: csrf, fields: [
            FormField(kind: .file, name: "file", label: "New version of the file",
                      hint: "The earlier versions are kept. Up to \(EvidenceUpload.megabytes(maxFileBytes)).",
                      value: "", error: nil, options: [], autocomplete: nil, checked: false, accept: EvidenceForm.accept),
        ], errors: errors)
    }

    /// Replacing an item's file, when the new one was refused.
    static func replaceFile(_ item: EvidenceItem, maxFileBytes: Int, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let itemID = try item.requireID()
        return PageModel(title: "Replace the file", section: .evidence, heading: "Replace the file of \(item.reference)",
            sections: [PageSection(form: replaceForm(itemID: itemID, maxFileBytes: maxFileBytes, csrf: csrfToken, errors: errors))],
            backLink: LinkItem(label: item.reference, url: Paths.evidenceItem.url(itemID)))
    }

    /// The evidence library: the search form and the items found, a page at a time.
    static func library(review: Review, reviewID: UUID, setting: EvidenceSetting, filters: EvidenceLibrary.Filters, page: Int, items: [EvidenceItem], total: Int, itemAreas: [UUID: Set<UUID>], files: [UUID: EvidenceFile], principal: Principal) throws -> PageModel {
        let agencyNames = setting.agencies.byID { $0.name }
        let areaNumbers = setting.areas.byID { $0.number }
        let rows = try items.map { item -> TableRow in
            let areas = itemAreas[try item.requireID()] ?? []
            let opens = EvidenceLibrary.mayOpen(item, areaIDs: areas, principal: principal, ledAreas: setting.ledAreas)
            return TableRow(cells: [
                TableCell(text: item.reference),
                TableCell(text: item.title + (item.containsPersonalData ? " (personal data)" : ""), url: opens ? Paths.evidenceItem.url(try item.requireID()) : nil),
                TableCell(text: files[try item.requireID()].map { $0.fileKind.title } ?? item.kind.title),
                TableCell(text: item.$agency.id.flatMap { agencyNames[$0] } ?? "Partnership"),
                TableCell(text: item.period),
                TableCell(text: areas.compactMap { areaNumbers[$0] }.sorted().map(String.init).joined(separator: ", ")),
            ])
        }
        let types = [("", "Any type")] + [EvidenceItemKind.link, .extract].map { ($0.rawValue, $0.title) } + EvidenceFileKind.allCases.map { ($0.rawValue, $0.title) }
        let search = FormContext(action: Paths.reviewEvidence.url(reviewID), submitLabel: "Search", csrfToken: "", fields: [
            .text("q", "Words in the title or description", value: filters.words),
            .select("area", "Improvement area", options: .choices(setting.areas.choices { "\($0.number). \($0.title)" }, selected: filters.areaID?.uuidString, blank: "Any area")),
            .select("indicator", "Quality indicator", options: .choices(setting.indicators.choices { $0.fullTitle }, selected: filters.indicatorID?.uuidString, blank: "Any indicator")),
            .select("agency", "Owning agency", options: .choices(setting.agencies.choices { $0.name }, selected: filters.agencyID?.uuidString, blank: "Any agency")),
            .select("type", "Type", options: .choices(types, selected: filters.type ?? "", blank: nil)),
        ], cancelURL: filters.isEmpty ? nil : Paths.reviewEvidence.url(reviewID), method: .GET)
        var links: [LinkItem] = []
        if principal.can(.editEvidence) { links.append(LinkItem(label: "Add evidence", url: Paths.newEvidence.url(reviewID))) }
        links.append(LinkItem(label: "Position statements", url: Paths.reviewStatements.url(reviewID)))
        return PageModel(title: "Evidence library", section: .evidence, heading: "Evidence library: \(review.title)",
            intro: "Cite an item in a position statement by its number in square brackets, for example [E12]. Items marked (personal data) open only for coordinators, inspectors and the leads of their areas.",
            links: links,
            sections: [
                PageSection(heading: "Find evidence", form: search),
                PageSection(heading: filters.isEmpty ? "All evidence" : "Evidence found", table: TableBlock(
                    caption: "Evidence items", columns: ["No.", "Title", "Type", "Agency", "Date or period", "Areas"], rows: rows,
                    emptyText: filters.isEmpty ? "No evidence has been added yet." : "Nothing matches this search.")),
            ],
            pagination: total > EvidenceLibrary.pageSize
                ? Pagination(page: page, per: EvidenceLibrary.pageSize, total: total, baseURL: Paths.reviewEvidence.url(reviewID), query: filters.queryItems) : nil)
    }

    /// One item: its details, where it is cited, its file versions, and (for those who may) the form to replace its file.
    static func item(_ item: EvidenceItem, itemID: UUID, setting: EvidenceSetting, areaIDs: Set<UUID>, indicatorIDs: Set<UUID>, people: [Person], citedIn: String, versions: [EvidenceFile], principal: Principal, maxFileBytes: Int, csrfToken: String) throws -> PageModel {
        let name = people.byID { $0.name }
        var details: [(String, String)] = [("Number", "\(item.reference): cite it as [\(item.reference)]"), ("Kind", item.kind.title)]
        if !item.description.isEmpty { details.append(("Description", item.description)) }
        if let link = item.linkURL { details.append(("Link", link)) }
        if let source = item.extractSource { details.append(("Where the data came from", source)) }
        details += [
            ("Owning agency", setting.agencies.first { $0.id == item.$agency.id }?.name ?? "The partnership as a whole"),
            ("Date or period", item.period),
            ("Improvement areas", try setting.areas.filter { areaIDs.contains(try $0.requireID()) }.map { "\($0.number). \($0.title)" }.joined(separator: "; ")),
            ("Quality indicators", try setting.indicators.filter { indicatorIDs.contains(try $0.requireID()) }.map { "\($0.code) \($0.title)" }.joined(separator: "; ")),
            ("Personal data", item.containsPersonalData ? EvidenceAccess.personalDataRule : "None"),
            ("Cited in", citedIn),
            ("Added", "\(item.addedOn.long) by \(name[item.$addedBy.id] ?? "")"),
        ]
        var sections = [PageSection(table: TableBlock(caption: "About this item", columns: ["Item", "Detail"],
                                                       rows: details.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: ""))]
        let mayEdit = EvidenceLibrary.mayEdit(areaIDs: areaIDs, principal: principal, ledAreas: setting.ledAreas)
        if item.kind == .file {
            sections.append(PageSection(heading: "File versions", table: TableBlock(
                caption: "File versions, newest first", columns: ["Version", "File", "Size", "Uploaded", "SHA-256"],
                rows: try versions.map { file in
                    TableRow(cells: [TableCell(text: "\(file.version)\(file.version == versions.first?.version ? " (current)" : "")"),
                                     TableCell(text: "Download \(file.fileName)", url: Paths.downloadEvidence.url(try file.requireID())),
                                     TableCell(text: EvidenceUpload.megabytes(file.size)),
                                     TableCell(text: "\(file.uploadedOn.long) by \(name[file.$uploadedBy.id] ?? "")"),
                                     TableCell(text: file.sha256)])
                }, emptyText: "No file has been uploaded.")))
            if mayEdit {
                sections.append(PageSection(heading: "Replace the file", form: replaceForm(itemID: itemID, maxFileBytes: maxFileBytes, csrf: csrfToken)))
            }
        }
        var links: [LinkItem] = []
        if mayEdit { links.append(LinkItem(label: "Change the details", url: Paths.editEvidence.url(itemID))) }
        if principal.can(.readAuditTrail) { links.append(LinkItem(label: "Its audit trail", url: Paths.auditTrail.url(items: [("record", itemID.uuidString)]))) }
        return PageModel(title: item.title, section: .evidence, heading: "\(item.reference): \(item.title)", links: links, sections: sections,
            backLink: LinkItem(label: "the evidence library", url: Paths.reviewEvidence.url(item.$review.id)))
    }

    /// Adding an item to the library.
    static func new(reviewID: UUID, setting: EvidenceSetting, input: EvidenceForm.Input, maxFileBytes: Int, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = setting.form(maxFileBytes: maxFileBytes)
        return PageModel(title: "Add evidence", section: .evidence, heading: "Add evidence",
            intro: "The item gets the next number in the library, which statements cite as [E<number>]. The same file uploaded twice is stored once.",
            sections: [PageSection(form: FormContext(action: Paths.reviewEvidence.url(reviewID), submitLabel: "Add to the library", csrfToken: csrfToken,
                                                      fields: form.fields(input, isNew: true), errors: errors, cancelURL: Paths.reviewEvidence.url(reviewID)))])
        }

    /// Changing an item's details.
    static func edit(_ item: EvidenceItem, setting: EvidenceSetting, input: EvidenceForm.Input, maxFileBytes: Int, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let itemID = try item.requireID()
        return PageModel(title: "Change \(item.reference)", section: .evidence, heading: "Change the details of \(item.reference)",
            sections: [PageSection(form: FormContext(action: Paths.evidenceItem.url(itemID), submitLabel: "Save the details", csrfToken: csrfToken,
                                                      fields: setting.form(maxFileBytes: maxFileBytes).fields(input, isNew: false), errors: errors,
                                                      cancelURL: Paths.evidenceItem.url(itemID)))])
        }

    /// "Area 1 (approved), area 5 (draft)": where the item is cited.
    static func citedIn(_ citing: [PositionStatements.Entry]) -> String {
        citing.isEmpty ? "No statement cites it yet"
            : citing.map { "Area \($0.area.number) (\($0.statement?.state.title.lowercased() ?? "not started"))" }.joined(separator: ", ")
    }
}
