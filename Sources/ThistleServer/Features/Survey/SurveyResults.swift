import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import ThistleCore

/// A survey's figures as its current release shows them (`SurveyReleaseRule`). This is the one
/// way Thistle reads survey figures: the results page, its charts and exports, readiness, the
/// dashboard, board reports, the API and the response counts by agency all come through here,
/// so none of them can show more than a release does.
struct SurveyResults {
    let overview: Overview
    let byAgency: SurveyBreakdown<String>
    let byRoleGroup: SurveyBreakdown<String>
    /// Single-choice questions and how they were answered, small groups hidden.
    let choices: [(question: SurveyQuestion, groups: [SurveyFigures.ChoiceGroup])]
    /// Screened comments of released responses per improvement area (nil for questions without
    /// one), a sample in random-id order so nothing hints at the order they arrived in, with the total.
    let comments: SurveyComments

    static let commentsShown = 100

    var survey: Survey { overview.survey }
    var respondents: Int { overview.respondents }
    var items: [SurveyQuestion] { overview.items }
    var earlier: (survey: Survey, byKey: [String: AgreementDistribution])? { overview.earlier }
    var resultsShown: Bool { overview.resultsShown }

    /// The release's overall figures. Pages that show a survey beside other things (charts,
    /// readiness) read no more.
    struct Overview {
        let survey: Survey
        /// The release shown, if any has been made.
        let release: SurveyRelease?
        /// The survey closed with fewer than the threshold of answers after this release.
        let heldBack: Bool
        let phase: SurveyPhase
        let figures: SurveyFigures
        /// Agreement items in survey order.
        let items: [SurveyQuestion]
        /// The earlier wave's released distributions by question key.
        let earlier: (survey: Survey, byKey: [String: AgreementDistribution])?

        /// Respondents the release counts (never the live count).
        var respondents: Int { release?.respondents ?? 0 }

        /// Answers may be shown: the survey has closed, or shows results while open (its
        /// coordinator's choice), and a release of at least the threshold exists.
        var resultsShown: Bool {
            release != nil && respondents >= survey.threshold && SurveySchedule.resultsVisible(phase: phase, whileOpen: survey.resultsWhileOpen)
        }

        /// Why no figure may be shown yet, in words; nil when `resultsShown`.
        var withheldReason: String? {
            guard release != nil, respondents >= survey.threshold else {
                return "Not shown yet: figures are released once at least \(survey.threshold) people have responded"
            }
            return resultsShown ? nil : "Not shown until the survey closes"
        }

        /// One statement's figures (`ItemFigure`): what every page, export and API gives for it.
        func itemFigure(_ item: SurveyQuestion) throws -> ItemFigure {
            ItemFigure(distribution: figures.distribution(try item.requireID().uuidString), earlier: earlier?.byKey[item.key], hasEarlierWave: earlier != nil)
        }

        /// An area's figure over its statements (`AreaSurveyFigure`).
        func areaFigure(_ areaID: UUID) throws -> AreaSurveyFigure {
            AreaSurveyFigure(items: try items.filter { $0.$area.id == areaID }.map(itemFigure))
        }

        /// Where the figures come from, in words.
        var note: String {
            SurveyReleaseRule.note(released: release?.rule, releasedOn: release?.releasedOn, phase: phase, threshold: survey.threshold, heldBack: heldBack)
        }
    }

    static func overview(_ survey: Survey, today: CalendarDate, on db: any Database) async throws -> Overview {
        try await overview(survey, today: today, withEarlier: true, on: db)
    }

    private static func overview(_ survey: Survey, today: CalendarDate, withEarlier: Bool, on db: any Database) async throws -> Overview {
        let surveyID = try survey.requireID()
        let (release, heldBack) = try await SurveyReleases.current(survey, today: today, on: db)
        let figures = try release.map(ReleasedFigures.figures(of:)) ?? SurveyFigures()
        var earlier: (Survey, [String: AgreementDistribution])?
        if withEarlier, let earlierID = survey.$comparesWith.id, let earlierSurvey = try await Survey.find(earlierID, on: db) {
            let shown = try await overview(earlierSurvey, today: today, withEarlier: false, on: db)
            if shown.resultsShown {
                earlier = (earlierSurvey, Dictionary(try shown.items.map { ($0.key, shown.figures.distribution(try $0.requireID().uuidString)) }) { first, _ in first })
            }
        }
        return Overview(survey: survey, release: release, heldBack: heldBack, phase: survey.schedule.phase(today: today), figures: figures,
                        items: try await SurveySetup.questions(of: surveyID, on: db).filter { $0.kind == .agreement }, earlier: earlier)
    }

    static func load(_ survey: Survey, today: CalendarDate, memos: Memos, on db: any Database) async throws -> SurveyResults {
        let overview = try await overview(survey, today: today, on: db)
        let threshold = survey.threshold
        let questions = try await SurveySetup.questions(of: try survey.requireID(), on: db)
        let shown = overview.resultsShown
        return SurveyResults(
            overview: overview,
            byAgency: overview.figures.byAgency.breakdown(threshold: threshold),
            byRoleGroup: overview.figures.byRoleGroup.breakdown(threshold: threshold, everyGroupOrNone: survey.audience.groupsShownOnlyAllTogether),
            choices: shown ? try questions.filter { $0.kind == .singleChoice }.map { ($0, overview.figures.choiceBreakdown(try $0.requireID().uuidString, threshold: threshold)) } : [],
            comments: shown ? try await comments(survey: survey, release: overview.release, questions: questions, memos: memos, on: db) : [:])
    }

    /// Up to `commentsShown` screened comments of each free-text question, of released responses
    /// only, with how many there are: read in one query, and kept (`memos.surveyComments`) until
    /// the audit chain moves — a release and every screening decision are audited changes.
    private static func comments(survey: Survey, release: SurveyRelease?, questions: [SurveyQuestion], memos: Memos,
                                 on db: any Database) async throws -> SurveyComments {
        guard let release else { return [:] }
        let surveyID = try survey.requireID()
        let freeText = questions.filter { $0.kind == .freeText }
        guard !freeText.isEmpty else { return [:] }
        return try await memos.surveyComments.value(for: SurveyCommentsKey(surveyID: surveyID, release: release.number), on: db) {
            let questionIDs = try freeText.map { try $0.requireID() }
            let rows = try await db.sql.raw("""
                SELECT question_id, text, total FROM (
                  SELECT a.question_id AS question_id, a.screened_text AS text,
                    ROW_NUMBER() OVER (PARTITION BY a.question_id ORDER BY a.id) AS k,
                    COUNT(*) OVER (PARTITION BY a.question_id) AS total
                  FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
                  WHERE a.survey_id = \(bind: surveyID) AND a.question_id IN (\(binds: questionIDs)) AND a.text IS NOT NULL
                    AND a.screening IN (\(bind: CommentScreening.Decision.kept.rawValue), \(bind: CommentScreening.Decision.redacted.rawValue))
                    AND r.release IS NOT NULL AND r.release <= \(bind: release.number)
                ) AS released
                WHERE k <= \(bind: commentsShown)
                ORDER BY question_id, k
                """).all()
            var byQuestion: [UUID: (shown: [String], total: Int)] = [:]
            for row in rows {
                let questionID = try row.decode(column: "question_id", as: UUID.self)
                var entry = byQuestion[questionID] ?? ([], 0)
                if let text = try row.decode(column: "text", as: String?.self) { entry.shown.append(text) }
                entry.total = try row.decode(column: "total", as: Int.self)
                byQuestion[questionID] = entry
            }
            // In survey order, so each area's sample reads as it did question by question.
            var byArea: SurveyComments = [:]
            for question in freeText {
                guard let entry = byQuestion[try question.requireID()] else { continue }
                var area = byArea[question.$area.id] ?? ([], 0)
                area.shown += entry.shown
                area.total += entry.total
                byArea[question.$area.id] = area
            }
            return byArea
        }
    }
}

/// Screened comments of released responses per improvement area (nil for questions without
/// one): a sample, and how many there are.
typealias SurveyComments = [UUID?: (shown: [String], total: Int)]

/// A survey's comments as one release shows them.
struct SurveyCommentsKey: Hashable, Sendable {
    let surveyID: UUID
    let release: Int
}

/// Taking and reading a survey's releases (`SurveyReleaseRule`).
enum SurveyReleases {
    /// The release to show now, taking a new one first when the rule says so.
    static func current(_ survey: Survey, today: CalendarDate, on db: any Database) async throws -> (SurveyRelease?, heldBack: Bool) {
        let surveyID = try survey.requireID()
        let phase = survey.schedule.phase(today: today)
        for attempt in 1...3 {
            let latest = try await latest(surveyID: surveyID, on: db)
            let respondents = try await storedResponses(surveyID: surveyID, on: db)
            switch SurveyReleaseRule.decide(phase: phase, respondents: respondents, threshold: survey.threshold, latest: latest?.rule) {
            case .nothing:
                return (nil, false)
            case .show(_, let heldBack):
                return (latest, heldBack)
            case .take:
                do {
                    try await take(survey, today: today, on: db)
                } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 3 {
                    // Another request took the same release at the same moment: read theirs.
                    continue
                }
            }
        }
        return (try await latest(surveyID: surveyID, on: db), false)
    }

    /// A survey as the release rule needs it: a value, kept between requests where a model may not be.
    struct Subject: Sendable {
        let id: UUID
        let threshold: Int
        let schedule: SurveySchedule

        init(_ survey: Survey) throws {
            id = try survey.requireID()
            threshold = survey.threshold
            schedule = survey.schedule
        }
    }

    /// The surveys whose releases a review's pages show: the review's own and the earlier waves
    /// they compare with.
    static func subjects(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> [Subject] {
        let own = try await Survey.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        let ownIDs = Set(own.compactMap(\.id))
        let earlierIDs = Set(own.compactMap { $0.$comparesWith.id }).subtracting(ownIDs)
        let earlier = earlierIDs.isEmpty ? [] : try await Survey.scoped(to: partnershipID, on: db).filter(\.$id ~~ Array(earlierIDs)).all()
        return try (own + earlier).map(Subject.init)
    }

    /// Where the releases of `subjects` stand today: for each survey, what the rule shows. A
    /// release that is due is taken first (`current`), so every answer describes releases
    /// already taken — figures drawn from them stay true until the audit chain moves or one of
    /// these answers changes. Two statements, whatever the number of surveys.
    /// `tookRelease`: whether a release was taken, which moved the audit chain's head.
    static func standing(of subjects: [Subject], today: CalendarDate, on db: any Database) async throws -> ([UUID: SurveyReleaseRule.Decision], tookRelease: Bool) {
        guard !subjects.isEmpty else { return ([:], false) }
        let decisions = try await decisions(of: subjects, today: today, on: db)
        let due = decisions.filter { if case .take = $0.value { return true } else { return false } }.map(\.key)
        guard !due.isEmpty else { return (decisions, false) }
        for survey in try await Survey.query(on: db).filter(\.$id ~~ due).all() {
            _ = try await current(survey, today: today, on: db)
        }
        return (try await self.decisions(of: subjects, today: today, on: db), true)
    }

    private static func decisions(of subjects: [Subject], today: CalendarDate, on db: any Database) async throws -> [UUID: SurveyReleaseRule.Decision] {
        // Every review page reads these (readiness, the dashboard): a few rows each, by survey.
        let ids = subjects.map(\.id)
        var respondents: [UUID: Int] = [:]
        for row in try await db.quickRows("""
            SELECT survey_id, CAST(COALESCE(SUM(respondents), 0) AS BIGINT) AS n FROM survey_respondent_tallies
            WHERE survey_id IN \(SQLBind.group(ids)) GROUP BY survey_id
            """) {
            respondents[try row.decode(column: "survey_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        var latest: [UUID: SurveyReleaseRule.Released] = [:]
        for row in try await db.quickRows("""
            SELECT r.survey_id, r.number, r.respondents, r.final FROM survey_releases r
            WHERE r.survey_id IN \(SQLBind.group(ids))
              AND r.number = (SELECT MAX(l.number) FROM survey_releases l WHERE l.survey_id = r.survey_id)
            """) {
            latest[try row.decode(column: "survey_id", as: UUID.self)] = SurveyReleaseRule.Released(
                number: try row.decode(column: "number", as: Int.self), respondents: try row.decode(column: "respondents", as: Int.self),
                final: try row.decode(column: "final", as: Bool.self))
        }
        return Dictionary(uniqueKeysWithValues: subjects.map { subject in
            (subject.id, SurveyReleaseRule.decide(phase: subject.schedule.phase(today: today), respondents: respondents[subject.id] ?? 0,
                                                  threshold: subject.threshold, latest: latest[subject.id]))
        })
    }

    static func latest(surveyID: UUID, on db: any Database) async throws -> SurveyRelease? {
        try await SurveyRelease.query(on: db).filter(\.$survey.$id == surveyID).sort(\.$number, .descending).first()
    }

    /// Responses stored so far, from the tallies that are written with each response.
    private static func storedResponses(surveyID: UUID, on db: any Database) async throws -> Int {
        try await db.sql.raw("""
            SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) AS n FROM survey_respondent_tallies WHERE survey_id = \(bind: surveyID)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Marks every response not yet released with the new release's number and keeps the
    /// figures as they stand, deciding again inside the transaction.
    private static func take(_ survey: Survey, today: CalendarDate, on db: any Database) async throws {
        let surveyID = try survey.requireID()
        let phase = survey.schedule.phase(today: today)
        try await db.audited(by: .system("survey releases", partnershipID: survey.$partnership.id)) { changes in
            let tx = changes.db
            let sql = tx.sql
            if !tx.isSQLite {
                // Responses and their tallies are written together; holding the tallies still
                // while marking keeps the release's rows and figures the same set. (SQLite
                // writers already take turns.)
                try await sql.raw("LOCK TABLE survey_respondent_tallies, survey_answer_tallies IN SHARE MODE").run()
            }
            let latest = try await latest(surveyID: surveyID, on: tx)
            let respondents = try await storedResponses(surveyID: surveyID, on: tx)
            guard case .take(let final) = SurveyReleaseRule.decide(phase: phase, respondents: respondents, threshold: survey.threshold, latest: latest?.rule) else {
                return
            }
            let number = (latest?.number ?? 0) + 1
            try await sql.update(SurveyResponse.schema).set("release", to: number)
                .where("survey_id", .equal, surveyID).where("release", .is, SQLLiteral.null).run()
            var figures = try await talliedFigures(surveyID: surveyID, sql: sql)
            figures.respondents = respondents
            let previous = try latest.map(ReleasedFigures.figures(of:))
            figures.choices = try await choices(surveyID: surveyID, release: number, adding: previous?.choices ?? [:], sql: sql)
            let encoded = String(decoding: try JSONEncoder().encode(figures), as: UTF8.self)
            try await SurveyRelease(partnershipID: survey.$partnership.id, surveyID: surveyID, number: number, respondents: respondents,
                                    final: final, releasedOn: today, figures: encoded).create(on: tx)
            changes.note("survey figures released", entityType: Survey.schema, entityID: surveyID.uuidString,
                         changes: [FieldChange(field: "release", old: nil, new: String(number)),
                                   FieldChange(field: "respondents", old: nil, new: String(respondents))])
        }
    }

    /// The figures as the tallies hold them now.
    private static func talliedFigures(surveyID: UUID, sql: any SQLDatabase) async throws -> SurveyFigures {
        var figures = SurveyFigures()
        let overall = try await sql.raw("""
            SELECT question_id, agreement, CAST(SUM(answers) AS BIGINT) AS n FROM survey_answer_tallies
            WHERE survey_id = \(bind: surveyID) GROUP BY question_id, agreement
            """).all()
        for row in overall {
            let question = try row.decode(column: "question_id", as: UUID.self).uuidString
            let value = String(try row.decode(column: "agreement", as: Int.self))
            figures.overall[question, default: [:]][value] = try row.decode(column: "n", as: Int.self)
        }
        figures.byAgency = try await grouped(column: "agency_key", surveyID: surveyID, sql: sql)
        figures.byRoleGroup = try await grouped(column: "role_key", surveyID: surveyID, sql: sql)
        return figures
    }

    /// Respondents per group, and agreement answers per question and group. Responses that did
    /// not say are a group of their own, so the groups always add up to the total.
    private static func grouped(column: String, surveyID: UUID, sql: any SQLDatabase) async throws -> SurveyFigures.Grouped {
        var grouped = SurveyFigures.Grouped()
        for row in try await sql.raw("""
            SELECT \(ident: column) AS grp, CAST(SUM(respondents) AS BIGINT) AS n FROM survey_respondent_tallies
            WHERE survey_id = \(bind: surveyID) GROUP BY \(ident: column)
            """).all() {
            grouped.sizes[try row.decode(column: "grp", as: String.self), default: 0] += try row.decode(column: "n", as: Int.self)
        }
        for row in try await sql.raw("""
            SELECT question_id, \(ident: column) AS grp, agreement, CAST(SUM(answers) AS BIGINT) AS n FROM survey_answer_tallies
            WHERE survey_id = \(bind: surveyID) GROUP BY question_id, \(ident: column), agreement
            """).all() {
            let question = try row.decode(column: "question_id", as: UUID.self).uuidString
            let group = try row.decode(column: "grp", as: String.self)
            let value = String(try row.decode(column: "agreement", as: Int.self))
            grouped.counts[question, default: [:]][group, default: [:]][value] = try row.decode(column: "n", as: Int.self)
        }
        return grouped
    }

    /// Single-choice answers: those of the earlier releases, plus those of this release's responses.
    ///
    /// Read from this release's responses outwards (`CROSS JOIN` keeps SQLite to that order;
    /// PostgreSQL plans it as an inner join): SQLite otherwise chose to read every answer of the
    /// survey, six seconds over 100,000 responses, inside the write transaction of the release.
    private static func choices(surveyID: UUID, release: Int, adding previous: [String: [String: Int]], sql: any SQLDatabase) async throws -> [String: [String: Int]] {
        var choices = previous
        for row in try await sql.raw("""
            SELECT a.question_id, a.choice, COUNT(*) AS n
            FROM survey_responses r CROSS JOIN survey_answers a
            WHERE r.survey_id = \(bind: surveyID) AND r.release = \(bind: release) AND a.response_id = r.id AND a.choice IS NOT NULL
              AND a.question_id IN (SELECT q.id FROM survey_questions q WHERE q.survey_id = \(bind: surveyID)
                                    AND q.kind = \(bind: StarterSurvey.Kind.singleChoice.rawValue))
            GROUP BY a.question_id, a.choice
            """).all() {
            let question = try row.decode(column: "question_id", as: UUID.self).uuidString
            let choice = try row.decode(column: "choice", as: String.self)
            choices[question, default: [:]][choice, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return choices
    }
}

/// A release's figures, decoded from its JSON once per process. A release is written once and
/// never changed (`SurveyReleases.take`), so the decoded value is a memo of data that can no
/// longer change, shared by every application in the process; decoding it took an eighth of
/// the readiness grid's time over a 100,000-response survey.
enum ReleasedFigures {
    private struct Key: Hashable {
        let id: UUID
        let number: Int
        let respondents: Int
    }

    /// A few hundred releases at most are read often; past that the memo starts again.
    private static let limit = 512
    private static let decoded = NIOLockedValueBox<[Key: SurveyFigures]>([:])

    static func figures(of release: SurveyRelease) throws -> SurveyFigures {
        let key = Key(id: try release.requireID(), number: release.number, respondents: release.respondents)
        if let figures = decoded.withLockedValue({ $0[key] }) { return figures }
        let figures = try JSONDecoder().decode(SurveyFigures.self, from: Data(release.figures.utf8))
        decoded.withLockedValue { memo in
            if memo.count >= limit { memo.removeAll() }
            memo[key] = figures
        }
        return figures
    }
}
