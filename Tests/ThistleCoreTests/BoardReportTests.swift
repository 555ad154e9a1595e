import Foundation
import Testing
import ZIPFoundation
@testable import ThistleCore

/// A partnership part-way through preparing: two earlier reviews, six areas, survey and
/// records figures, a planning group.
enum SampleBoardReport {
    static let template: BoardReportTemplate = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Templates/board-report.json")
        return try! BoardReportTemplate.decode(try! Data(contentsOf: url))
    }()

    static let heading = BoardReportHeading(board: "Community Planning Board", meetingDate: CalendarDate(year: 2018, month: 9, day: 13)!,
                                            subject: "Progress review of services for children & young people", by: "Acting Corporate Director", author: "Iain Stewart")

    static func facts() -> BoardReportFacts {
        var facts = BoardReportFacts(partnership: "Northfield", review: .init(kind: .progressReview, title: "Progress review 2018", summary: "", reportedOn: nil))
        facts.earlierReviews = [
            .init(kind: .inspection, title: "Joint inspection 2017", summary: "", reportedOn: CalendarDate(year: 2017, month: 3, day: 16)),
            .init(kind: .progressReview, title: "Progress review September 2017", summary: "- Partners are taking the findings seriously\n- Momentum must be kept", reportedOn: CalendarDate(year: 2017, month: 12, day: 5)),
        ]
        facts.areas = (1...6).map { "\($0). Area \($0)" }
        facts.siteWeeks = [CalendarDate(year: 2018, month: 11, day: 5)!, CalendarDate(year: 2018, month: 12, day: 3)!]
        facts.rooms = 8
        facts.trainedReaders = 12
        facts.trainingCourses = 2
        facts.sessions = [.focusGroup: 6, .networkOfSupport: 4, .familyMeeting: 2, .leadersDiscussion: 3]
        facts.planningGroup = [.init(name: "Fiona Grant", jobTitle: "Chief Officer", agency: "NHS Northfield", chair: true),
                               .init(name: "Iain Stewart", jobTitle: "Acting Corporate Director", agency: "Northfield Council", chair: true),
                               .init(name: "Karen Ross", jobTitle: "Coordinator", agency: "Northfield Council", chair: false)]
        facts.actions = [.complete: 3, .onTrack: 5, .offTrack: 1]
        facts.overdueActions = 1
        facts.survey = .init(title: "Staff survey 2018", respondents: 74, invited: 120, threshold: 10, areas: [
            .init(label: "1. Area 1", now: Proportion(count: 60, base: 100), earlier: Proportion(count: 40, base: 100)),
            .init(label: "2. Area 2", now: Proportion(count: 0, base: 0), earlier: nil),
        ])
        facts.records = .init(sampled: 60, moderated: 44, areas: [.init(label: "1. Area 1", goodOrBetter: Proportion(count: 30, base: 44), records: 11,
                                                                        interval: 0.5...0.8)])
        return facts
    }
}

@Suite("Board report: template")
struct BoardReportTemplateTests {
    @Test("the shipped template is usable and has every implication (a) to (h)")
    func shipped() {
        // given
        let template = SampleBoardReport.template
        // when
        let problems = template.problems()
        // then
        #expect(problems.isEmpty)
        #expect(template.sections.map(\.number).filter { $0.hasPrefix("(") } == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"])
        #expect(Set(template.sections.compactMap(\.part)) == Set(BoardReportPart.allCases))
    }

    @Test("a bad template is described section by section")
    func problems() {
        // given
        let template = BoardReportTemplate(name: "Mine", labels: .init(to: "To", subject: "Subject", by: "By"), sections: [
            .init(key: "reason", heading: "Reason", kind: .text, defaultText: "For {nobody}"),
            .init(key: "reason", heading: "", kind: .generated),
            .init(key: "two words", heading: "Notes", level: 3, kind: .text, part: .timing),
        ])
        // when
        let problems = template.problems()
        // then
        #expect(problems.contains { $0.hasPrefix("Section 1 (reason): {nobody} is not a placeholder") })
        #expect(problems.contains("Section 2 (reason): the key is used twice"))
        #expect(problems.contains("Section 2 (reason): the heading is empty"))
        #expect(problems.contains { $0.hasPrefix("Section 2 (reason): a generated section names its part") })
        #expect(problems.contains("Section 3 (two words): the key must be letters and digits, starting with a letter"))
        #expect(problems.contains("Section 3 (two words): the level must be 1 or 2"))
        #expect(problems.contains("Section 3 (two words): only a generated section has a part"))
    }

    @Test("a template survives JSON both ways, and optional keys may be left out")
    func json() throws {
        // given
        let short = #"{"name":"Short","labels":{"to":"To","subject":"Subject","by":"By"},"sections":[{"key":"reason","heading":"Reason","kind":"text"}]}"#
        // when
        let decoded = try BoardReportTemplate.decode(Data(short.utf8))
        let again = try BoardReportTemplate.decode(try decoded.json())
        // then
        #expect(decoded.sections[0].level == 1)
        #expect(decoded.sections[0].numberParagraphs == false)
        #expect(again == decoded)
    }

    @Test("starting texts fill the placeholders from the data")
    func startingTexts() {
        // given
        let facts = SampleBoardReport.facts()
        // when
        let texts = BoardReportWriter.startingTexts(template: SampleBoardReport.template, heading: SampleBoardReport.heading, facts: facts)
        // then
        #expect(texts["property"] == "8 rooms have been allocated for the use of the inspection team.")
        #expect(texts["reason"]?.contains("in Northfield, with the inspection team on site from the week commencing 5 November 2018") == true)
        #expect(texts["author"] == "Iain Stewart")
        #expect(texts.values.allSatisfy { !$0.contains("{") })
        #expect(Set(texts.keys) == Set(SampleBoardReport.template.textSections.map(\.key)))
    }
}

@Suite("Board report: writing")
struct BoardReportWriterTests {
    func document(_ facts: BoardReportFacts = SampleBoardReport.facts(), texts: [String: String]? = nil) -> BoardReportDocument {
        let template = SampleBoardReport.template
        let texts = texts ?? BoardReportWriter.startingTexts(template: template, heading: SampleBoardReport.heading, facts: facts)
        return BoardReportWriter.document(template: template, heading: SampleBoardReport.heading, texts: texts, facts: facts)
    }

    func paragraphs(_ document: BoardReportDocument) -> [(String, String)] {
        document.blocks.compactMap { if case let .paragraph(number, text) = $0 { (number, text) } else { nil } }
    }

    @Test("paragraphs are numbered within their main section, implications are not")
    func numbering() {
        // when
        let numbered = paragraphs(document())
        // then
        #expect(numbered.first?.0 == "1.1")
        #expect(numbered.first { $0.1.hasPrefix("It is recommended") }?.0 == "2.1")
        let background = numbered.filter { $0.0.hasPrefix("3.") }.map(\.0)
        #expect(background == (1...background.count).map { "3.\($0)" })
        #expect(background.count >= 8)
        #expect(numbered.first { $0.1.hasPrefix("None directly associated") }?.0 == "")
        #expect(numbered.first { $0.1.hasPrefix("This report recommends") }?.0 == "5.1")
    }

    @Test("the background tells the review history with the areas and the findings")
    func background() {
        // when
        let blocks = BoardReportWriter.background(SampleBoardReport.facts())
        // then
        #expect(blocks.first == .paragraph(number: "", text: "Joint inspection 2017 was reported on 16 March 2017."))
        #expect(blocks.contains(.paragraph(number: "", text: "The inspection highlighted 6 key areas for improvement:")))
        #expect(blocks.contains(.bullets((1...6).map { "\($0). Area \($0)" })))
        #expect(blocks.contains(.paragraph(number: "", text: "Progress review September 2017 was reported on 5 December 2017. It reported:")))
        #expect(blocks.contains(.bullets(["Partners are taking the findings seriously", "Momentum must be kept"])))
    }

    @Test("scope, timing and preparation come from the configured activities, weeks and group")
    func keyMatters() {
        // given
        let facts = SampleBoardReport.facts()
        // when
        let scope = BoardReportWriter.scope(facts)
        let timing = BoardReportWriter.timing(facts)
        let preparation = BoardReportWriter.preparation(facts)
        // then
        guard case .bullets(let items) = scope.last else { Issue.record("scope has no list"); return }
        #expect(items.contains("Training of staff from across the partnership to co-deliver the review: 2 courses held, 12 trained records readers."))
        #expect(items.contains("6 focus groups of front-line practitioners."))
        #expect(items.contains("Network-of-support meetings: 4 meetings with the team around the child and 2 meetings with children, young people and families."))
        #expect(!items.contains { $0.contains("audit") })
        #expect(timing.first == .paragraph(number: "", text: "The team of inspectors will be on site for 2 weeks: the week commencing 5 November 2018 and the week commencing 3 December 2018."))
        #expect(timing.contains(.paragraph(number: "", text: "15 sessions are planned in 8 rooms.")))
        #expect(preparation.first == .paragraph(number: "", text: "A multi-agency Inspection Planning Group of 3 members from NHS Northfield and Northfield Council coordinates the review on behalf of the partnership. It is co-chaired by Fiona Grant (Chief Officer) and Iain Stewart (Acting Corporate Director)."))
        #expect(preparation.contains(.paragraph(number: "", text: "The improvement plan holds 9 actions: 5 on track, 1 off track and 3 complete; 1 is overdue.")))
    }

    @Test("the planning group's meetings are counted in the preparation section, with the latest")
    func planningGroupMeetings() {
        // given
        var facts = SampleBoardReport.facts()
        facts.planningGroupMeetings = [CalendarDate(iso: "2018-07-23")!, CalendarDate(iso: "2018-09-03")!, CalendarDate(iso: "2018-08-13")!]
        // when
        let preparation = BoardReportWriter.preparation(facts)
        // then
        guard case .paragraph(_, let text) = preparation.first else { Issue.record("no paragraph"); return }
        #expect(text.hasSuffix("It has met 3 times, most recently on 3 September 2018."))
    }

    @Test("a review with nothing yet says so in each generated part")
    func empty() {
        // given
        let facts = BoardReportFacts(partnership: "Eastshire", review: .init(kind: .inspection, title: "Inspection 2026", summary: "", reportedOn: nil))
        // when
        let document = document(facts)
        let texts = paragraphs(document).map(\.1)
        // then
        #expect(texts.contains("No earlier inspection or review of the partnership is recorded in Thistle."))
        #expect(texts.contains("No activity of the review is set up in Thistle yet."))
        #expect(texts.contains("The weeks the inspection team will be on site are still to be set."))
        #expect(texts.contains("No members of the Inspection Planning Group are recorded in Thistle yet."))
        #expect(texts.contains("No staff survey has opened for this review yet."))
        #expect(texts.contains { $0.hasPrefix("No records have been moderated yet") })
        #expect(document.charts.isEmpty)
    }

    @Test("survey results below the threshold are not shown; above it they are charted with their base")
    func survey() {
        // given
        var facts = SampleBoardReport.facts()
        // when
        let shown = BoardReportWriter.surveyResults(facts)
        facts.survey = .init(title: "Pulse", respondents: 7, invited: 40, threshold: 10, areas: facts.survey!.areas)
        let hidden = BoardReportWriter.surveyResults(facts)
        // then
        guard case .chart(let chart) = shown[1] else { Issue.record("no chart"); return }
        #expect(chart.bars[0] == .init(label: "1. Area 1", percent: 60, earlier: 40, note: "60 of 100 answers"))
        #expect(chart.bars[1].percent == nil)
        #expect(shown.contains(.table(caption: "Staff survey: answers agreeing, by improvement area", columns: ["Area", "Agreeing", "Answers", "Earlier wave", "Change"],
                                      rows: [["1. Area 1", "60%", "60 of 100", "40%", "+20 points"], ["2. Area 2", "–", "0 of 0", "–", "–"]])))
        #expect(hidden.count == 2)
        #expect(hidden.allSatisfy { if case .chart = $0 { false } else { true } })
        #expect(hidden[0] == .paragraph(number: "", text: "Pulse: 7 of 40 invited staff responded (18%)."))
    }

    @Test("records results carry each area's interval over records, and say how many records the grades came from")
    func records() {
        // when: the facts' area has an interval of 50–80% over its 11 records
        let blocks = BoardReportWriter.recordsResults(SampleBoardReport.facts())
        // then
        guard case .chart(let chart) = blocks[1], let interval = chart.bars[0].interval else { Issue.record("no chart with an interval"); return }
        #expect(Proportion.percent(interval.lowerBound / 100) == 50)
        #expect(Proportion.percent(interval.upperBound / 100) == 80)
        #expect(chart.measure == "% of agreed grades good or better")
        #expect(blocks.contains(.table(caption: "Children's files: good or better, by improvement area", columns: ["Area", "Good or better", "Grades", "Records", "95% interval"],
                                       rows: [["1. Area 1", "68%", "30 of 44", "11", "50–80%"]])))
    }

    @Test("written text becomes paragraphs and bullet lists")
    func writtenText() {
        // when
        let blocks = BoardReportWriter.paragraphs(of: "It is recommended that the Board note:\n- the scope; and\n- the actions.\n\nSecond paragraph\ncontinues here.\n-\n")
        // then
        #expect(blocks == [.paragraph(number: "", text: "It is recommended that the Board note:"), .bullets(["the scope; and", "the actions."]),
                           .paragraph(number: "", text: "Second paragraph\ncontinues here.")])
    }
}

@Suite("Board report: Word, HTML and chart images")
struct BoardReportRenderingTests {
    func document() -> BoardReportDocument {
        let facts = SampleBoardReport.facts()
        let template = SampleBoardReport.template
        var texts = BoardReportWriter.startingTexts(template: template, heading: SampleBoardReport.heading, facts: facts)
        texts["equalities"] = "<script>alert(1)</script> & more"
        return BoardReportWriter.document(template: template, heading: SampleBoardReport.heading, texts: texts, facts: facts)
    }

    @Test("the .docx carries both charts as PNG parts, related and typed, and escapes text")
    func docx() throws {
        // given
        let data = try document().docx().data()
        // when
        let files = Dictionary(uniqueKeysWithValues: try ZipContainer.files(in: data).map { ($0.path, $0.data) })
        let xml = String(decoding: files["word/document.xml"]!, as: UTF8.self)
        // then
        #expect(files["word/media/image1.png"]?.prefix(8) == Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
        #expect(files["word/media/image2.png"] != nil)
        #expect(files["word/media/image3.png"] == nil)
        #expect(String(decoding: files["[Content_Types].xml"]!, as: UTF8.self).contains(#"Extension="png" ContentType="image/png""#))
        #expect(String(decoding: files["word/_rels/document.xml.rels"]!, as: UTF8.self).contains(#"Id="rIdImage2""#))
        #expect(xml.contains(#"r:embed="rIdImage1""#))
        #expect(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        #expect(xml.contains("<w:tab/>"))
        #expect(xml.contains("REPORT TO: Community Planning Board on 13 September 2018"))
    }

    @Test("the HTML is standalone, escaped, with the charts inline")
    func html() {
        // when
        let html = document().html()
        // then
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        #expect(!html.contains("<script>"))
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(html.contains(#"aria-labelledby="chart-1-title""#) && html.contains(#"<title id="chart-2-title">"#))
        #expect(html.contains("<h1>Progress review of services for children &amp; young people</h1>"))
        #expect(html.contains("children &amp; young people"))
        #expect(html.contains("@page{size:A4"))
    }

    @Test("a chart's PNG is a valid image of the drawing: checksums hold and the bar is drawn")
    func png() throws {
        // given
        let chart = PercentBarChart(title: "Test", measure: "% agreeing", bars: [.init(label: "1. Area", percent: 50, note: "5 of 10")])
        // when
        let png = try chart.png()
        // then: walk the chunks, checking each CRC, and inflate the image data
        var offset = 8
        var idat = Data()
        var header = Data()
        while offset < png.count {
            let length = Int(png[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let typed = png.subdata(in: offset + 4..<offset + 8 + length)
            let crc = png[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(typed.crc32(checksum: 0) == crc)
            let type = String(decoding: typed.prefix(4), as: UTF8.self)
            if type == "IHDR" { header = typed.dropFirst(4) }
            if type == "IDAT" { idat.append(typed.dropFirst(4)) }
            offset += 12 + length
        }
        let size = chart.pixelSize
        #expect(header.prefix(8) == Data([0, 0, UInt8(size.width >> 8), UInt8(size.width & 0xff), 0, 0, UInt8(size.height >> 8), UInt8(size.height & 0xff)]))
        var raw = Data()
        let deflated = idat.subdata(in: 2..<idat.count - 4)
        _ = try Data.decompress(size: Int64(deflated.count), bufferSize: 65_536, skipCRC32: true, provider: { position, length in
            deflated.subdata(in: Int(position)..<min(Int(position) + length, deflated.count))
        }, consumer: { raw.append($0) })
        #expect(raw.count == size.height * (size.width * 3 + 1))
        // the middle of the bar, a quarter of the plot in from its left edge, is the bar's colour
        let x = Int(PercentBarChart.x(25) * 2), y = Int((PercentBarChart.top + 4 + 9) * 2)
        let index = y * (size.width * 3 + 1) + 1 + x * 3
        #expect(Array(raw[index..<index + 3]) == [0x1d, 0x70, 0xb8])
    }

    @Test("raster text puts ink where the words are and nowhere else")
    func rasterText() {
        // given
        var image = RasterImage(width: 200, height: 40)
        // when
        image.text("Area 1", x: 10, baseline: 30, font: .regular, colour: .init(hex: "#000000"))
        // then
        let inked = (0..<200).flatMap { x in (0..<40).map { y in (x, y) } }.filter { image.pixel(x: $0.0, y: $0.1) != .white }
        #expect(inked.count > 100)
        #expect(inked.allSatisfy { $0.0 >= 10 && $0.0 < 10 + RasterFont.regular.width(of: "Area 1") + 2 })
        #expect(RasterFont.regular.width(of: "\u{1F600}") == RasterFont.regular.width(of: "?"))
    }
}
