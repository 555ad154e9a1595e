import Foundation
import ThistleCore

/// The audit trail's page, built from loaded data: no request, no database.
enum AuditTrailPages {
    struct Trail {
        let events: [AuditEvent]
        let hasOlder: Bool
        let filter: AuditTrail.Filter
        let input: AuditTrail.Input
        let errors: [FieldError]
        let accounts: [(id: UUID, name: String)]
        /// Kinds of record this person may not trace: not offered.
        let hidden: Set<String>
        let chain: AuditChainState
        let names: [String: String]
        let csrfToken: String
    }

    static func trail(_ trail: Trail) -> PageModel {
        let filter = trail.filter, input = trail.input
        let table = TableBlock(caption: "Events, newest first", columns: ["Event", "When", "Who", "What", "Kind of record", "Record", "Changes"],
                               rows: trail.events.map { event in
                                   let cells = AuditTrail.row(event, names: trail.names)
                                   return TableRow(cells: cells.enumerated().map { index, text in
                                       // A record's name filters the trail to that record's own history.
                                       index == 5 && event.entityID != nil
                                           ? TableCell(text: text, url: Paths.auditTrail.url(items: [("record", event.entityID!)])) : TableCell(text: text)
                                   })
                               }, emptyText: trail.errors.isEmpty ? "No events match." : "Correct the filters to see events.")
        let form = FormContext(action: Paths.auditTrail.url(), submitLabel: "Show events", csrfToken: trail.csrfToken, fields: [
            .text("from", "From", value: input.from, kind: .date),
            .text("to", "To", value: input.to, kind: .date),
            .select("person", "Who", options: .choices(trail.accounts.map { ($0.id.uuidString, $0.name) }, selected: input.person, blank: "Anyone")),
            .select("kind", "Kind of record", options: .choices(AuditTrail.kinds.filter { !trail.hidden.contains($0.table) }.map { ($0.table, $0.label) }, selected: input.kind, blank: "Any")),
            .text("record", "Record", value: input.record, hint: "A children's record's label, for example R-019, or a record's id"),
        ], errors: trail.errors, method: .GET)
        let newer = filter.before != nil ? Paths.auditTrail.url(items: filter.items) : nil
        let older = trail.hasOlder ? trail.events.last.map { Paths.auditTrail.url(items: filter.items + [("before", String($0.sequence))]) } : nil
        let range = trail.events.isEmpty ? "No events" : "Events \(trail.events.first!.sequence) to \(trail.events.last!.sequence), newest first"
        return PageModel(title: "Audit trail", section: .audit, heading: "Audit trail", intro: chainText(trail.chain),
            links: [LinkItem(label: "Download these events (CSV)", url: Paths.auditTrailCSV.url(items: filter.items)),
                    LinkItem(label: "Check the whole chain again", url: Paths.auditTrail.url(items: filter.items + [("check", "all")]))],
            sections: [PageSection(heading: "Find events", form: form), PageSection(heading: "Events", table: table)],
            pagination: trail.events.isEmpty && newer == nil ? nil : Pagination(summary: range, previousURL: newer, nextURL: older))
    }

    /// The chain's state in words: intact and how far, or where it breaks.
    static func chainText(_ chain: AuditChainState) -> String {
        if let broken = chain.broken {
            return "The chain is broken at event \(broken.sequence): \(broken.reason). Events from there on cannot be trusted: ask the operator to run thistle audit-verify and restore from a backup."
        }
        let whole = chain.wholeChainCheckedAt.map { " The whole chain was last checked from its first event on \(LondonTime.label(Date(timeIntervalSince1970: TimeInterval($0))))." } ?? ""
        if chain.isComplete {
            return "The chain is intact: events 1 to \(chain.verifiedUpTo) verified. Each visit checks the events written since the last.\(whole)"
        }
        return "The chain is intact as far as checked: events 1 to \(chain.verifiedUpTo) of \(chain.head) verified; each visit checks more.\(whole)"
    }
}
