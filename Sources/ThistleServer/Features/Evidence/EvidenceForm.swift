import Foundation
import ThistleCore
import Vapor

/// The evidence form: what it asks, and the checks on what comes back.
struct EvidenceForm {
    struct Input: Content {
        var kind: String?
        var title: String?
        var description: String?
        var agency: String?
        var periodStart: String?
        var periodEnd: String?
        var linkURL: String?
        var extractSource: String?
        var personalData: String?
        var areas: [String]?
        var indicators: [String]?
        var file: File?
    }

    let areas: [ImprovementArea]
    let indicators: [QualityIndicator]
    let agencies: [Agency]
    /// Areas the person leads; a lead's evidence must support at least one of them.
    let ledAreas: Set<UUID>
    let isCoordinator: Bool
    let maxFileBytes: Int

    static let accept = ".pdf,.docx,.xlsx,.pptx,.csv,.txt,.png,.jpg,.jpeg"

    /// The checked details and, for a file item, the checked file; or every problem found.
    func validate(_ input: Input, isNew: Bool) -> Result<(EvidenceDetails, EvidenceUploadFile?), FormRejection> {
        var validator = FormValidator()
        let kind = isNew ? validator.choice(input.kind, field: "kind", label: "What kind of evidence this is", as: EvidenceItemKind.self) : nil
        let title = validator.text(input.title, field: "title", label: "A title", maxLength: 300)
        let description = validator.text(input.description, field: "description", label: "A description", required: false, maxLength: 5_000) ?? ""
        let agencyID = input.agency == "none" ? nil : validator.identifier(input.agency, field: "agency", label: "The agency that owns it, or none")
        if let agencyID, !agencies.contains(where: { $0.id == agencyID }) { validator.add("agency", "Select the agency from the list") }
        let start = validator.date(input.periodStart, field: "periodStart", label: "The date, or the start of the period")
        let end = validator.date(input.periodEnd, field: "periodEnd", label: "The end of the period", required: false)
        if let start, let end, end < start { validator.add("periodEnd", "The end of the period must be on or after its start") }
        let areaIDs = (input.areas ?? []).compactMap(UUID.init(uuidString:))
        if areaIDs.isEmpty || areaIDs.count != (input.areas ?? []).count || !areaIDs.allSatisfy({ id in areas.contains { $0.id == id } }) {
            validator.add("areas", "Select at least one improvement area from the list")
        } else if !isCoordinator && Set(areaIDs).isDisjoint(with: ledAreas) {
            validator.add("areas", "Select at least one of the areas you lead: a lead adds evidence for their own areas")
        }
        let indicatorIDs = (input.indicators ?? []).compactMap(UUID.init(uuidString:))
        if indicatorIDs.count != (input.indicators ?? []).count || !indicatorIDs.allSatisfy({ id in indicators.contains { $0.id == id } }) {
            validator.add("indicators", "Select quality indicators from the list")
        }
        var linkURL: String?
        var extractSource: String?
        var upload: EvidenceUploadFile?
        switch kind {
        case .link?:
            linkURL = validator.text(input.linkURL, field: "linkURL", label: "The link", maxLength: 2_000)
            if let url = linkURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url)?.host == nil {
                validator.add("linkURL", "Enter the link as a full web address starting with https://")
            }
        case .extract?:
            extractSource = validator.text(input.extractSource, field: "extractSource", label: "Where the data came from and how it was drawn", maxLength: 2_000)
        case .file?:
            switch checkedFile(input.file) {
            case .success(let file): upload = file
            case .failure(let problem): validator.add("file", problem.message)
            }
        case nil:
            break
        }
        guard validator.isValid, let title, let start else { return .failure(FormRejection(errors: validator.errors)) }
        return .success((EvidenceDetails(
            kind: kind ?? .file, title: title, description: description, agencyID: agencyID, periodStart: start, periodEnd: end,
            linkURL: linkURL, extractSource: extractSource, containsPersonalData: input.personalData == "true",
            areaIDs: areaIDs, indicatorIDs: indicatorIDs), upload))
    }

    /// The chosen file, checked by size, contents and (for Office files) what is inside.
    func checkedFile(_ file: File?) -> Result<EvidenceUploadFile, ArchiveProblem> {
        guard let file, file.data.readableBytes > 0 else { return .failure(ArchiveProblem("Choose a file to upload")) }
        let data = Data(buffer: file.data)
        return EvidenceUpload.check(data, claimedName: file.filename, maximumBytes: maxFileBytes).map { EvidenceUploadFile(checked: $0, data: data) }
    }

    func fields(_ input: Input, isNew: Bool) -> [FormField] {
        var fields: [FormField] = []
        if isNew {
            fields.append(.select("kind", "What kind of evidence is it?", options: .choices(EvidenceItemKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind ?? EvidenceItemKind.file.rawValue, blank: nil),
                                  hint: "A file you upload, a link to something published, or a description of a data extract that stays in its own system."))
            fields.append(FormField(kind: .file, name: "file", label: "The file (for an uploaded file)",
                                    hint: "PDF, Word, Excel, PowerPoint, CSV, text, PNG or JPEG, up to \(EvidenceUpload.megabytes(maxFileBytes)). The file is checked by its contents, not its name.",
                                    value: "", error: nil, options: [], autocomplete: nil, checked: false, accept: Self.accept))
            fields.append(.text("linkURL", "The link (for a link)", value: input.linkURL, hint: "The full address, starting with https://"))
            fields.append(.text("extractSource", "Where the data came from (for a data extract)", value: input.extractSource,
                                hint: "The system, the query or report, and when it was run.", kind: .textarea))
        }
        fields += [
            .text("title", "Title", value: input.title),
            .text("description", "Description", value: input.description, hint: "What it shows and why it matters. Searches look here and in the title.", kind: .textarea),
            .select("agency", "Owning agency", options: .choices([("none", "None: the partnership as a whole")] + agencies.choices { $0.name }, selected: input.agency ?? "none", blank: nil)),
            .text("periodStart", "Date, or start of the period", value: input.periodStart, kind: .date),
            .text("periodEnd", "End of the period (if it covers one)", value: input.periodEnd, kind: .date),
            .checkboxes("areas", "Improvement areas it supports", options: .ticks(areas.choices { "\($0.number). \($0.title)" }, selected: Set(input.areas ?? []), field: "areas"),
                        hint: isCoordinator ? nil : "At least one of the areas you lead."),
            .checkboxes("indicators", "Quality indicators it speaks to", options: .ticks(indicators.choices { $0.fullTitle }, selected: Set(input.indicators ?? []), field: "indicators")),
            .checkbox("personalData", "It contains personal data", checked: input.personalData == "true", hint: EvidenceAccess.personalDataRule),
        ]
        return fields
    }
}

extension EvidenceForm.Input {
    init(_ item: EvidenceItem, areaIDs: Set<UUID>, indicatorIDs: Set<UUID>) {
        self.init(kind: item.kind.rawValue, title: item.title, description: item.description, agency: item.$agency.id?.uuidString ?? "none",
                  periodStart: item.periodStart.iso, periodEnd: item.periodEnd?.iso, linkURL: item.linkURL, extractSource: item.extractSource,
                  personalData: item.containsPersonalData ? "true" : nil, areas: areaIDs.map(\.uuidString), indicators: indicatorIDs.map(\.uuidString))
    }
}
