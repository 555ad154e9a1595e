import Foundation
import ThistleCore
import Vapor

// The API's answers. Each DTO carries the JSON Schema that describes it in the OpenAPI
// document, side by side, so the two are changed together.

/// A share with its base and 95% Wilson interval, in whole percent; no percentage when the base is 0.
struct ProportionDTO: Content {
    let count: Int
    let base: Int
    let percent: Int?
    let ciLow: Int?
    let ciHigh: Int?

    /// With the proportion's own Wilson interval.
    init(_ proportion: Proportion) {
        self.init(proportion, interval: proportion.wilsonInterval())
    }

    /// With the interval given: a records area's, which allows for several grades from one record.
    init(_ proportion: Proportion, interval: ClosedRange<Double>?) {
        count = proportion.count
        base = proportion.base
        percent = proportion.value.map(Proportion.percent)
        ciLow = interval.map { Proportion.percent($0.lowerBound) }
        ciHigh = interval.map { Proportion.percent($0.upperBound) }
    }

    static let schema = Schema.object(["count": Schema.count, "base": Schema.count, "percent": Schema.count, "ciLow": Schema.count, "ciHigh": Schema.count],
                                      optional: ["percent", "ciLow", "ciHigh"],
                                      description: "A count out of its base, with the percentage and its 95% interval (Wilson; for a records area, over records rather than grades: see records) (left out when the base is 0).")
}

struct ReviewListDTO: Content {
    struct Review: Content {
        let id: UUID
        let kind: ReviewKind
        let title: String
        let reportedOn: CalendarDate?
        let followsUpID: UUID?
        let underWay: Bool
    }
    let reviews: [Review]

    static let schema = Schema.object(["reviews": Schema.array(Schema.object(
        ["id": Schema.uuid, "kind": Schema.oneOf(ReviewKind.allCases.map(\.rawValue)), "title": Schema.string, "reportedOn": Schema.date,
         "followsUpID": Schema.uuid, "underWay": Schema.boolean],
        optional: ["reportedOn", "followsUpID"]))])
}

struct AreaListDTO: Content {
    struct Area: Content {
        let id: UUID
        let number: Int
        let title: String
        let description: String
        let grades: [Grades]
    }
    /// The grades one review gave the area: its own, or its linked indicators'.
    struct Grades: Content {
        let reviewID: UUID
        let source: EvaluationSource
        let label: String
        /// The scale these grades were given on (that review's own), which labels them.
        let scale: String
        /// The area's own grade, else its weakest indicator's.
        let headline: Int
        let headlineLabel: String
        let goodOrBetter: Bool
        let indicators: [IndicatorGrade]
    }
    struct IndicatorGrade: Content {
        let code: String
        let grade: Int
    }
    let reviewID: UUID
    let scale: String
    let areas: [Area]

    static let schema = Schema.object([
        "reviewID": Schema.uuid, "scale": Schema.string,
        "areas": Schema.array(Schema.object([
            "id": Schema.uuid, "number": Schema.integer, "title": Schema.string, "description": Schema.string,
            "grades": Schema.array(Schema.object([
                "reviewID": Schema.uuid, "source": Schema.oneOf(EvaluationSource.allCases.map(\.rawValue)), "label": Schema.string, "scale": Schema.string,
                "headline": Schema.integer, "headlineLabel": Schema.string, "goodOrBetter": Schema.boolean,
                "indicators": Schema.array(Schema.object(["code": Schema.string, "grade": Schema.integer])),
            ])),
        ])),
    ])
}

struct ReadinessDTO: Content {
    struct Area: Content {
        let id: UUID
        let number: Int
        let title: String
        let statement: StatementState?
        let evidenceItems: Int
        let actions: [ActionCount]
        let overdueActions: Int
        /// Shown only when enough people answered the survey.
        let surveyAgreeing: ProportionDTO?
        let survey: String
        let recordsGoodOrBetter: ProportionDTO?
        let records: String
        let strengths: Int
        let areasForImprovement: Int
        let gaps: [Gap]
    }
    struct ActionCount: Content {
        let status: ActionStatus
        let count: Int
    }
    struct Gap: Content {
        let text: String
        let fix: String
    }
    let reviewID: UUID
    let openConcerns: Int
    let overdueConcerns: Int
    let areas: [Area]

    static let schema = Schema.object([
        "reviewID": Schema.uuid, "openConcerns": Schema.count, "overdueConcerns": Schema.count,
        "areas": Schema.array(Schema.object([
            "id": Schema.uuid, "number": Schema.integer, "title": Schema.string,
            "statement": Schema.oneOf(StatementState.allCases.map(\.rawValue)), "evidenceItems": Schema.count,
            "actions": Schema.array(Schema.object(["status": Schema.oneOf(ActionStatus.allCases.map(\.rawValue)), "count": Schema.count])),
            "overdueActions": Schema.count,
            "surveyAgreeing": Schema.ref("Proportion"), "survey": Schema.string,
            "recordsGoodOrBetter": Schema.ref("Proportion"), "records": Schema.string,
            "strengths": Schema.count, "areasForImprovement": Schema.count,
            "gaps": Schema.array(Schema.object(["text": Schema.string, "fix": Schema.string])),
        ], optional: ["statement", "surveyAgreeing", "recordsGoodOrBetter"])),
    ])
}

struct SurveyListDTO: Content {
    struct Survey: Content {
        let id: UUID
        let title: String
        let status: SurveyStatus
        let opensOn: CalendarDate
        let closesOn: CalendarDate
        let threshold: Int
        let resultsVisible: Bool
    }
    let surveys: [Survey]

    static let schema = Schema.object(["surveys": Schema.array(Schema.object([
        "id": Schema.uuid, "title": Schema.string, "status": Schema.oneOf(SurveyStatus.allCases.map(\.rawValue)),
        "opensOn": Schema.date, "closesOn": Schema.date, "threshold": Schema.count, "resultsVisible": Schema.boolean,
    ]))])
}

/// A survey's results with the same small-group rules as its page: nothing below the
/// threshold, hidden groups without even their size.
struct SurveySummaryDTO: Content {
    struct Area: Content {
        let id: UUID
        let number: Int
        let title: String
        let agreeing: ProportionDTO
        let earlier: ProportionDTO?
    }
    struct Item: Content {
        let id: UUID
        let key: String
        let areaID: UUID?
        let text: String
        let answers: [AnswerCount]
        let agreeing: ProportionDTO
        let earlier: ProportionDTO?
        /// The change since the earlier wave, in words, with whether chance would explain it (`ItemFigure`).
        let change: String?
    }
    struct AnswerCount: Content {
        let answer: String
        let count: Int
    }
    struct Group: Content {
        let name: String
        let hidden: Bool
        let respondents: Int?
    }
    let surveyID: UUID
    let title: String
    let threshold: Int
    let respondents: Int
    /// False while fewer than `threshold` have answered: then the lists below are empty.
    let shown: Bool
    let areas: [Area]
    let items: [Item]
    let byAgency: [Group]

    static let schema = Schema.object([
        "surveyID": Schema.uuid, "title": Schema.string, "threshold": Schema.count, "respondents": Schema.count, "shown": Schema.boolean,
        "areas": Schema.array(Schema.object(["id": Schema.uuid, "number": Schema.integer, "title": Schema.string,
                                             "agreeing": Schema.ref("Proportion"), "earlier": Schema.ref("Proportion")], optional: ["earlier"])),
        "items": Schema.array(Schema.object([
            "id": Schema.uuid, "key": Schema.string, "areaID": Schema.uuid, "text": Schema.string,
            "answers": Schema.array(Schema.object(["answer": Schema.oneOf(Agreement.presented.map { String(describing: $0) }), "count": Schema.count])),
            "agreeing": Schema.ref("Proportion"), "earlier": Schema.ref("Proportion"), "change": Schema.string,
        ], optional: ["areaID", "earlier", "change"])),
        "byAgency": Schema.array(Schema.object(["name": Schema.string, "hidden": Schema.boolean, "respondents": Schema.count], optional: ["respondents"])),
    ])
}

struct RecordsSummaryDTO: Content {
    struct Area: Content {
        let id: UUID
        let number: Int
        let title: String
        /// Agreed grades good or better (each record gives one grade per question of the area);
        /// its interval allows for several grades from one record.
        let goodOrBetter: ProportionDTO
        /// How many records the grades came from.
        let records: Int
        let distribution: [GradeCount]
    }
    struct GradeCount: Content {
        let grade: Int
        let label: String
        let count: Int
    }
    let reviewID: UUID
    let sampledRecords: Int
    let moderatedRecords: Int
    let areas: [Area]

    static let schema = Schema.object([
        "reviewID": Schema.uuid, "sampledRecords": Schema.count, "moderatedRecords": Schema.count,
        "areas": Schema.array(Schema.object([
            "id": Schema.uuid, "number": Schema.integer, "title": Schema.string, "goodOrBetter": Schema.ref("Proportion"), "records": Schema.count,
            "distribution": Schema.array(Schema.object(["grade": Schema.integer, "label": Schema.string, "count": Schema.count])),
        ])),
    ])
}

struct ActionPageDTO: Content {
    struct Action: Content {
        let id: UUID
        let number: Int
        let areaID: UUID
        let title: String
        let owner: String
        let startOn: CalendarDate
        let dueOn: CalendarDate
        let status: ActionStatus
        let overdue: Bool
        let measure: String
    }
    let page: Int
    let perPage: Int
    let total: Int
    let actions: [Action]

    static let schema = Schema.object([
        "page": Schema.integer, "perPage": Schema.integer, "total": Schema.count,
        "actions": Schema.array(Schema.object([
            "id": Schema.uuid, "number": Schema.integer, "areaID": Schema.uuid, "title": Schema.string, "owner": Schema.string,
            "startOn": Schema.date, "dueOn": Schema.date, "status": Schema.oneOf(ActionStatus.allCases.map(\.rawValue)),
            "overdue": Schema.boolean, "measure": Schema.string,
        ])),
    ])
}

/// Sessions as the timetable shows them; notes and a child-and-family meeting's consent
/// details stay out of the API.
struct SessionPageDTO: Content {
    struct Session: Content {
        let id: UUID
        let number: Int
        let kind: SessionKind
        let title: String
        let theme: String
        let minutes: Int
        let day: CalendarDate?
        /// "09:30"
        let start: String?
        let room: String?
        let participants: Int
    }
    let page: Int
    let perPage: Int
    let total: Int
    let sessions: [Session]

    static let schema = Schema.object([
        "page": Schema.integer, "perPage": Schema.integer, "total": Schema.count,
        "sessions": Schema.array(Schema.object([
            "id": Schema.uuid, "number": Schema.integer, "kind": Schema.oneOf(SessionKind.allCases.map(\.rawValue)), "title": Schema.string,
            "theme": Schema.string, "minutes": Schema.count, "day": Schema.date,
            "start": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"], "room": Schema.string, "participants": Schema.count,
        ], optional: ["day", "start", "room"])),
    ])
}
