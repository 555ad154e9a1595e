import Foundation

/// Who a board report goes to and when: the lines at its head.
public struct BoardReportHeading: Codable, Sendable, Equatable {
    /// "Community Planning Board"
    public var board: String
    public var meetingDate: CalendarDate
    public var subject: String
    /// The officer presenting it: "Acting Corporate Director (Education and Children's Services)".
    public var by: String
    public var author: String

    public init(board: String, meetingDate: CalendarDate, subject: String, by: String, author: String) {
        self.board = board
        self.meetingDate = meetingDate
        self.subject = subject
        self.by = by
        self.author = author
    }
}

/// A board report as it was generated: plain blocks, stored with each version so that a
/// version always reads and downloads exactly as it was, whatever the data does later.
public struct BoardReportDocument: Codable, Sendable, Equatable {
    public struct HeadLine: Codable, Sendable, Equatable {
        public let label: String
        public let value: String
    }

    public enum Block: Codable, Sendable, Equatable {
        case heading(number: String, text: String, level: Int)
        case paragraph(number: String, text: String)
        case bullets([String])
        case table(caption: String, columns: [String], rows: [[String]])
        case chart(PercentBarChart)
    }

    public let title: String
    public let head: [HeadLine]
    public let blocks: [Block]

    public init(title: String, head: [HeadLine], blocks: [Block]) {
        self.title = title
        self.head = head
        self.blocks = blocks
    }

    public var charts: [PercentBarChart] {
        blocks.compactMap { if case .chart(let chart) = $0 { chart } else { nil } }
    }
}

/// What the generated parts of a board report are written from: plain values the server
/// gathers from each part of the review. A part with no data yet is written as "not yet".
public struct BoardReportFacts: Sendable {
    public struct Review: Sendable {
        public let kind: ReviewKind
        public let title: String
        /// The published findings in brief: one finding a line.
        public let summary: String
        public let reportedOn: CalendarDate?

        public init(kind: ReviewKind, title: String, summary: String, reportedOn: CalendarDate?) {
            self.kind = kind
            self.title = title
            self.summary = summary
            self.reportedOn = reportedOn
        }
    }

    public struct Member: Sendable {
        public let name: String
        public let jobTitle: String
        public let agency: String?
        public let chair: Bool

        public init(name: String, jobTitle: String, agency: String?, chair: Bool) {
            self.name = name
            self.jobTitle = jobTitle
            self.agency = agency
            self.chair = chair
        }
    }

    public struct VoicesRow: Sendable {
        public let area: String
        public let childrenAndYoungPeople: String?
        public let parentsAndCarers: String?

        public init(area: String, childrenAndYoungPeople: String?, parentsAndCarers: String?) {
            self.area = area
            self.childrenAndYoungPeople = childrenAndYoungPeople
            self.parentsAndCarers = parentsAndCarers
        }
    }

    public struct ReadinessRow: Sendable {
        public let area: String
        public let statement: String
        public let evidenceItems: Int
        public let actions: String
        public let survey: String
        public let records: String
        public let gaps: [String]

        public init(area: String, statement: String, evidenceItems: Int, actions: String, survey: String, records: String, gaps: [String]) {
            self.area = area
            self.statement = statement
            self.evidenceItems = evidenceItems
            self.actions = actions
            self.survey = survey
            self.records = records
            self.gaps = gaps
        }
    }

    public struct SurveyFigures: Sendable {
        public struct Area: Sendable {
            public let label: String
            /// Agreeing answers over all answers giving a view on the area's items.
            public let now: Proportion
            public let earlier: Proportion?

            public init(label: String, now: Proportion, earlier: Proportion?) {
                self.label = label
                self.now = now
                self.earlier = earlier
            }
        }

        public let title: String
        /// Respondents as the survey's release counts them; nil before any release.
        public let respondents: Int?
        public let invited: Int
        public let threshold: Int
        public let areas: [Area]
        /// Why no results are shown yet (the release rule's own words), when they are not.
        public let resultsNote: String?

        public init(title: String, respondents: Int?, invited: Int, threshold: Int, areas: [Area], resultsNote: String? = nil) {
            self.title = title
            self.respondents = respondents
            self.invited = invited
            self.threshold = threshold
            self.areas = areas
            self.resultsNote = resultsNote
        }
    }

    public struct RecordsFigures: Sendable {
        /// One area's agreed grades: good or better of all given, from how many records, and
        /// the interval that allows for several grades from one record (`ClusteredProportion`).
        public struct Area: Sendable {
            public let label: String
            public let goodOrBetter: Proportion
            public let records: Int
            public let interval: ClosedRange<Double>?

            public init(label: String, goodOrBetter: Proportion, records: Int, interval: ClosedRange<Double>?) {
                self.label = label
                self.goodOrBetter = goodOrBetter
                self.records = records
                self.interval = interval
            }
        }

        public let sampled: Int
        public let moderated: Int
        /// Per area, in order.
        public let areas: [Area]

        public init(sampled: Int, moderated: Int, areas: [Area]) {
            self.sampled = sampled
            self.moderated = moderated
            self.areas = areas
        }
    }

    public var partnership: String
    public var review: Review
    /// Earlier reviews of the partnership, oldest first.
    public var earlierReviews: [Review] = []
    /// "1. Improve standards of operational practice", in number order.
    public var areas: [String] = []
    public var siteWeeks: [CalendarDate] = []
    public var submissionDeadline: CalendarDate?
    public var trainingCourses = 0
    public var trainedReaders = 0
    public var evidenceItems = 0
    public var statementsApproved = 0
    public var surveyTitles: [String] = []
    public var sampledRecords = 0
    public var sessions: [SessionKind: Int] = [:]
    public var sessionsToPlace = 0
    public var rooms = 0
    public var planningGroup: [Member] = []
    /// The days the planning group has met, up to the report's day.
    public var planningGroupMeetings: [CalendarDate] = []
    public var actions: [ActionStatus: Int] = [:]
    public var overdueActions = 0
    public var openConcerns = 0
    public var overdueConcerns = 0
    public var readiness: [ReadinessRow] = []
    /// Per area: what children and young people, and parents and carers, told us, in a sentence each.
    public var voices: [VoicesRow] = []
    public var survey: SurveyFigures?
    public var records: RecordsFigures?

    public init(partnership: String, review: Review) {
        self.partnership = partnership
        self.review = review
    }

    /// Values for the `{placeholders}` of a template's default texts.
    public func placeholderValues(heading: BoardReportHeading) -> [String: String] {
        [
            "partnership": partnership, "board": heading.board, "meetingDate": heading.meetingDate.long,
            "reviewTitle": review.title, "reviewKind": review.kind.title.lowercased(),
            "firstSiteWeek": siteWeeks.first.map { "the week commencing \($0.long)" } ?? "dates still to be set",
            "siteWeeks": siteWeeks.isEmpty ? "dates still to be set" : EnglishList.joined(siteWeeks.map { "the week commencing \($0.long)" }),
            "areaCount": String(areas.count), "roomCount": String(rooms), "trainedReaders": String(trainedReaders),
            "submissionDeadline": submissionDeadline?.long ?? "the date still to be set", "author": heading.author,
        ]
    }
}
