import Foundation

/// Writes a board report: the template's sections in order, the generated ones from the
/// facts, the written ones from the report's texts, with paragraphs numbered as committee
/// reports number them ("3.1", "3.2").
public enum BoardReportWriter {
    /// The texts a new report starts from: each written section's default with its
    /// placeholders filled in.
    public static func startingTexts(template: BoardReportTemplate, heading: BoardReportHeading, facts: BoardReportFacts) -> [String: String] {
        let values = facts.placeholderValues(heading: heading)
        return Dictionary(uniqueKeysWithValues: template.textSections.map { ($0.key, ReportPlaceholders.fill($0.defaultText, values: values)) })
    }

    public static func document(template: BoardReportTemplate, heading: BoardReportHeading, texts: [String: String],
                                facts: BoardReportFacts) -> BoardReportDocument {
        var blocks: [BoardReportDocument.Block] = []
        var mainNumber: String?
        var paragraphCount = 0
        for section in template.sections {
            if section.level == 1 {
                mainNumber = section.number.allSatisfy(\.isNumber) && !section.number.isEmpty ? section.number : nil
                paragraphCount = 0
            }
            blocks.append(.heading(number: section.number, text: section.heading, level: section.level))
            let body: [BoardReportDocument.Block]
            switch section.kind {
            case .heading: body = []
            case .text: body = paragraphs(of: texts[section.key] ?? "")
            case .generated: body = section.part.map { generated($0, facts: facts) } ?? []
            }
            for block in body {
                if case .paragraph(_, let text) = block, section.numberParagraphs, let mainNumber {
                    paragraphCount += 1
                    blocks.append(.paragraph(number: "\(mainNumber).\(paragraphCount)", text: text))
                } else {
                    blocks.append(block)
                }
            }
        }
        let head = [
            BoardReportDocument.HeadLine(label: template.labels.to, value: "\(heading.board) on \(heading.meetingDate.long)"),
            .init(label: template.labels.subject, value: heading.subject),
            .init(label: template.labels.by, value: heading.by),
        ]
        return BoardReportDocument(title: heading.subject, head: head, blocks: blocks)
    }

    /// Written text as blocks: blank lines separate paragraphs; lines starting "- " are bullets.
    static func paragraphs(of text: String) -> [BoardReportDocument.Block] {
        var blocks: [BoardReportDocument.Block] = []
        var lines: [String] = []
        var bullets: [String] = []
        func flush() {
            if !lines.isEmpty { blocks.append(.paragraph(number: "", text: lines.joined(separator: "\n"))) }
            if !bullets.isEmpty { blocks.append(.bullets(bullets)) }
            lines = []
            bullets = []
        }
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flush()
            } else if line.hasPrefix("- ") || line == "-" {
                if !lines.isEmpty && bullets.isEmpty { blocks.append(.paragraph(number: "", text: lines.joined(separator: "\n"))); lines = [] }
                let item = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
                if !item.isEmpty { bullets.append(item) }
            } else {
                if !bullets.isEmpty { flush() }
                lines.append(line)
            }
        }
        flush()
        return blocks
    }

    /// A review's findings in brief: one line is a paragraph, several are bullets.
    static func findings(_ summary: String) -> [BoardReportDocument.Block] {
        let lines = summary.components(separatedBy: .newlines)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .map { $0.hasPrefix("- ") || $0.hasPrefix("• ") ? String($0.dropFirst(2)) : $0 }
            .filter { !$0.isEmpty }
        switch lines.count {
        case 0: return []
        case 1: return [.paragraph(number: "", text: lines[0])]
        default: return [.bullets(lines)]
        }
    }

    static func generated(_ part: BoardReportPart, facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        switch part {
        case .background: return background(facts)
        case .scope: return scope(facts)
        case .timing: return timing(facts)
        case .preparation: return preparation(facts)
        case .readinessGrid: return readinessGrid(facts)
        case .surveyResults: return surveyResults(facts)
        case .recordsResults: return recordsResults(facts)
        case .voices: return voices(facts)
        }
    }

    public static func voices(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        guard facts.voices.contains(where: { $0.childrenAndYoungPeople != nil || $0.parentsAndCarers != nil }) else {
            return [.paragraph(number: "", text: "No survey of children, young people, parents or carers, and no meeting with them, has anything on the improvement areas yet.")]
        }
        return [
            .paragraph(number: "", text: "From the surveys of children and young people and of parents and carers (each figure is the share of answers agreeing with the area's statements, shown only when enough people answered that no one can be picked out), and from the inspectors' meetings with children and families."),
            .table(caption: "What children, young people and families told us, by improvement area", columns: ["Area", "Children and young people", "Parents and carers"],
                   rows: facts.voices.map { [$0.area, $0.childrenAndYoungPeople ?? "Nothing yet", $0.parentsAndCarers ?? "Nothing yet"] }),
        ]
    }

    static func background(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        var blocks: [BoardReportDocument.Block] = []
        var areasListed = false
        func listAreas(_ lead: String) {
            guard !facts.areas.isEmpty, !areasListed else { return }
            blocks.append(.paragraph(number: "", text: lead))
            blocks.append(.bullets(facts.areas))
            areasListed = true
        }
        for review in facts.earlierReviews {
            let reported = review.reportedOn.map { "was reported on \($0.long)" } ?? "has not yet reported"
            switch review.kind {
            case .inspection:
                blocks.append(.paragraph(number: "", text: "\(review.title) \(reported)."))
                blocks += findings(review.summary)
                listAreas("The inspection highlighted \(Counted.phrase(facts.areas.count, "key area")) for improvement:")
            case .progressReview:
                blocks.append(.paragraph(number: "", text: "\(review.title) \(reported)." + (review.summary.isEmpty ? "" : " It reported:")))
                blocks += findings(review.summary)
            }
        }
        if facts.earlierReviews.isEmpty {
            blocks.append(.paragraph(number: "", text: "No earlier inspection or review of the partnership is recorded in Thistle."))
        }
        listAreas("The review follows up \(Counted.phrase(facts.areas.count, "area")) for improvement:")
        if let first = facts.siteWeeks.first {
            blocks.append(.paragraph(number: "", text: "The inspection team will return to carry out \(facts.review.title), starting in the week commencing \(first.long)."))
        } else {
            blocks.append(.paragraph(number: "", text: "The dates of \(facts.review.title) are still to be set."))
        }
        return blocks
    }

    static func scope(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        var items: [String] = []
        if facts.trainingCourses > 0 || facts.trainedReaders > 0 {
            items.append("Training of staff from across the partnership to co-deliver the review: \(Counted.phrase(facts.trainingCourses, "course")) held, \(Counted.phrase(facts.trainedReaders, "trained records reader")).")
        }
        if !facts.areas.isEmpty {
            let due = facts.submissionDeadline.map { ", due by \($0.long)" } ?? ""
            items.append("Position statements and associated evidence on each of the \(Counted.phrase(facts.areas.count, "improvement area"))\(due): \(Counted.phrase(facts.evidenceItems, "evidence item")) in the library so far; \(facts.statementsApproved) of \(facts.areas.count) statements approved.")
        }
        if !facts.surveyTitles.isEmpty {
            items.append("A staff survey (\(EnglishList.joined(facts.surveyTitles))) to gauge staff views on progress in the improvement areas.")
        }
        if facts.sampledRecords > 0 {
            items.append("A multi-agency audit of \(Counted.phrase(facts.sampledRecords, "child's file", plural: "children's files")), each read by a trained reader from the partnership and an inspector.")
        }
        if let groups = facts.sessions[.focusGroup], groups > 0 {
            items.append("\(Counted.phrase(groups, "focus group")) of front-line practitioners.")
        }
        let network = facts.sessions[.networkOfSupport] ?? 0
        let families = (facts.sessions[.childMeeting] ?? 0) + (facts.sessions[.familyMeeting] ?? 0)
        if network + families > 0 {
            items.append("Network-of-support meetings: \(Counted.phrase(network, "meeting")) with the team around the child and \(Counted.phrase(families, "meeting")) with children, young people and families.")
        }
        if let leaders = facts.sessions[.leadersDiscussion], leaders > 0 {
            items.append("\(Counted.phrase(leaders, "meeting")) with leaders, including chief officers and senior managers.")
        }
        guard !items.isEmpty else { return [.paragraph(number: "", text: "No activity of the review is set up in Thistle yet.")] }
        return [.paragraph(number: "", text: "The review is made up of:"), .bullets(items)]
    }

    static func timing(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        guard !facts.siteWeeks.isEmpty else { return [.paragraph(number: "", text: "The weeks the inspection team will be on site are still to be set.")] }
        var blocks: [BoardReportDocument.Block] = [.paragraph(number: "", text:
            "The team of inspectors will be on site for \(Counted.phrase(facts.siteWeeks.count, "week")): \(EnglishList.joined(facts.siteWeeks.map { "the week commencing \($0.long)" })).")]
        let sessions = facts.sessions.values.reduce(0, +)
        if sessions > 0 {
            let toPlace = facts.sessionsToPlace > 0 ? ", \(facts.sessionsToPlace) of them still to be placed in the timetable" : ""
            blocks.append(.paragraph(number: "", text: "\(Counted.phrase(sessions, "session")) are planned in \(Counted.phrase(facts.rooms, "room"))\(toPlace)."))
        }
        return blocks
    }

    static func preparation(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        var blocks: [BoardReportDocument.Block] = []
        if facts.planningGroup.isEmpty {
            blocks.append(.paragraph(number: "", text: "No members of the Inspection Planning Group are recorded in Thistle yet."))
        } else {
            let agencies = Array(Set(facts.planningGroup.compactMap(\.agency))).sorted()
            var text = "A multi-agency Inspection Planning Group of \(Counted.phrase(facts.planningGroup.count, "member"))"
                + (agencies.isEmpty ? "" : " from \(EnglishList.joined(agencies))") + " coordinates the review on behalf of the partnership."
            let chairs = facts.planningGroup.filter(\.chair).map { "\($0.name) (\($0.jobTitle))" }
            if !chairs.isEmpty { text += " It is \(chairs.count > 1 ? "co-chaired" : "chaired") by \(EnglishList.joined(chairs))." }
            if let last = facts.planningGroupMeetings.max() {
                text += " It has met \(facts.planningGroupMeetings.count == 1 ? "once" : "\(facts.planningGroupMeetings.count) times"), most recently on \(last.long)."
            }
            blocks.append(.paragraph(number: "", text: text))
        }
        let total = facts.actions.values.reduce(0, +)
        if total == 0 {
            blocks.append(.paragraph(number: "", text: "The improvement plan holds no actions yet."))
        } else {
            let byStatus = ActionStatus.allCases.compactMap { status in facts.actions[status].map { "\($0) \(status.title.lowercased())" } }
            let overdue = facts.overdueActions > 0 ? "; \(facts.overdueActions) \(facts.overdueActions == 1 ? "is" : "are") overdue" : ""
            blocks.append(.paragraph(number: "", text: "The improvement plan holds \(Counted.phrase(total, "action")): \(EnglishList.joined(byStatus))\(overdue)."))
        }
        if facts.openConcerns > 0 {
            let overdue = facts.overdueConcerns > 0 ? ", \(facts.overdueConcerns) of them overdue for a response" : ""
            blocks.append(.paragraph(number: "", text: "\(Counted.phrase(facts.openConcerns, "concern")) raised for immediate attention \(facts.openConcerns == 1 ? "is" : "are") open\(overdue)."))
        }
        return blocks
    }

    static func readinessGrid(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        guard !facts.readiness.isEmpty else { return [.paragraph(number: "", text: "The review has no improvement areas yet.")] }
        return [
            .paragraph(number: "", text: "How each area stands, from the review's own data when this version of the report was generated. Gaps are checked against the readiness rules shown in Thistle."),
            .table(caption: "Readiness by improvement area", columns: ["Area", "Position statement", "Evidence items", "Actions", "Staff survey", "Records reading", "Gaps"],
                   rows: facts.readiness.map { row in
                       [row.area, row.statement, String(row.evidenceItems), row.actions, row.survey, row.records,
                        row.gaps.isEmpty ? "None" : row.gaps.joined(separator: "; ")]
                   }),
        ]
    }

    public static func surveyResults(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        guard let survey = facts.survey else { return [.paragraph(number: "", text: "No staff survey has opened for this review yet.")] }
        var blocks: [BoardReportDocument.Block]
        if let respondents = survey.respondents {
            let rate = survey.invited > 0 ? " (\(Proportion.percent(Double(respondents) / Double(survey.invited)))%)" : ""
            blocks = [.paragraph(number: "", text: survey.invited > 0 ? "\(survey.title): \(respondents) of \(survey.invited) invited staff responded\(rate)."
                                                                    : "\(survey.title): \(respondents) staff responded.")]
        } else {
            blocks = [.paragraph(number: "", text: "\(survey.title): no response figures have been released yet.")]
        }
        if let note = survey.resultsNote {
            blocks.append(.paragraph(number: "", text: note))
            return blocks
        }
        guard let respondents = survey.respondents, respondents >= survey.threshold else {
            blocks.append(.paragraph(number: "", text: "Fewer than \(survey.threshold) staff have responded, so no results are shown: a group this small could identify people."))
            return blocks
        }
        let bars = survey.areas.map { area in
            PercentBarChart.Bar(label: area.label, percent: area.now.value.map { $0 * 100 }, earlier: area.earlier?.value.map { $0 * 100 },
                                note: area.now.base > 0 ? "\(area.now.count) of \(area.now.base) answers" : "no answers on this area's items")
        }
        blocks.append(.chart(PercentBarChart(title: "Staff survey: answers agreeing, by improvement area", measure: "% of answers agreeing", bars: bars)))
        blocks.append(.table(caption: "Staff survey: answers agreeing, by improvement area", columns: ["Area", "Agreeing", "Answers", "Earlier wave", "Change"],
                             rows: survey.areas.map { area in
                                 let now = area.now.value.map { "\(Proportion.percent($0))%" } ?? "–"
                                 let before = area.earlier?.value.map { "\(Proportion.percent($0))%" } ?? "–"
                                 var change = "–"
                                 if let nowValue = area.now.value, let beforeValue = area.earlier?.value {
                                     let points = Proportion.percent(nowValue) - Proportion.percent(beforeValue)
                                     change = "\(points >= 0 ? "+" : "")\(points) points"
                                 }
                                 return [area.label, now, "\(area.now.count) of \(area.now.base)", before, change]
                             }))
        return blocks
    }

    static func recordsResults(_ facts: BoardReportFacts) -> [BoardReportDocument.Block] {
        guard let records = facts.records, records.moderated > 0 else {
            return [.paragraph(number: "", text: "No records have been moderated yet: results appear here as reading pairs agree their grades.")]
        }
        var blocks: [BoardReportDocument.Block] = [.paragraph(number: "", text: "\(records.moderated) of \(records.sampled) sampled records have been read and moderated so far. For each area, the figure is the share of the agreed grades on its questions (one for each record and question) that are good or above on the review's scale. \(ReadingResults.areaIntervalRule)")]
        let bars = records.areas.map { area in
            let interval = area.interval.map { ($0.lowerBound * 100)...($0.upperBound * 100) }
            return PercentBarChart.Bar(label: area.label, percent: area.goodOrBetter.value.map { $0 * 100 }, interval: interval,
                                       note: area.goodOrBetter.base > 0 ? "\(area.goodOrBetter.count) of \(area.goodOrBetter.base) grades, \(area.records) records" : "not graded yet")
        }
        blocks.append(.chart(PercentBarChart(title: "Children's files: good or better, by improvement area", measure: "% of agreed grades good or better", bars: bars)))
        blocks.append(.table(caption: "Children's files: good or better, by improvement area", columns: ["Area", "Good or better", "Grades", "Records", "95% interval"],
                             rows: records.areas.map { area in
                                 let interval = area.interval.map { "\(Proportion.percent($0.lowerBound))–\(Proportion.percent($0.upperBound))%" } ?? "–"
                                 return [area.label, area.goodOrBetter.value.map { "\(Proportion.percent($0))%" } ?? "–",
                                         "\(area.goodOrBetter.count) of \(area.goodOrBetter.base)", String(area.records), interval]
                             }))
        return blocks
    }
}
