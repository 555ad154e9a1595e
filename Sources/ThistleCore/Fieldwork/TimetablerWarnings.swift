extension Timetabler {
    /// The kinds of warning the search tries to avoid.
    public static let avoidedWarnings: Set<Clash.Kind> = [.personOverWeeklyHours, .frontLineHeavyUse, .roomNotSuited, .duringSchoolHours]

    /// The result with the warnings its placements add (those the sessions already in the
    /// timetable did not have), each with why the search could not avoid it.
    func explained(_ result: Result, _ problem: Problem) -> Result {
        guard !result.placements.isEmpty else { return result }
        let indexOf = Dictionary(uniqueKeysWithValues: problem.requests.enumerated().map { ($1.id, $0) })
        let placed = result.placements.map { problem.requests[indexOf[$0.sessionID]!].placed(at: $0.slot, in: $0.roomID) }
        let placedIDs = Set(placed.map(\.id))
        let all = fixed + placed
        func key(_ clash: Clash) -> String { "\(clash.kind) \(clash.about.isEmpty ? clash.sessionIDs.joined(separator: " ") : clash.about)" }
        func warnings(_ sessions: [FieldworkSession]) -> [Clash] {
            ClashDetector.clashes(sessions: sessions, rooms: rooms, people: people, calendar: calendar, rules: rules.clashRules, commitments: commitments)
                .filter { Self.avoidedWarnings.contains($0.kind) }
        }
        let before = Set(warnings(fixed).map(key))
        let load = WorkloadCalculator.hours(sessions: all, commitments: commitments)
        var explained = result
        explained.warnings = warnings(all).filter { !before.contains(key($0)) }.compactMap { clash in
            let sessions = clash.sessionIDs.filter(placedIDs.contains)
            guard !sessions.isEmpty else { return nil }
            return Warning(sessionIDs: sessions, kind: clash.kind, message: clash.message,
                           why: why(clash, sessions: sessions.compactMap { indexOf[$0] }, problem, load: load))
        }
        return explained
    }

    /// Why the search placed a session where it has this warning, in words.
    private func why(_ clash: Clash, sessions: [Int], _ problem: Problem, load: [WorkloadCalculator.Key: WorkloadCalculator.Hours]) -> String {
        let taken = "or would have given someone more than a day's sessions"
        switch clash.kind {
        case .roomNotSuited:
            let request = problem.requests[sessions[0]]
            let need = request.audience.roomNeeded ?? "suitable room"
            let fitting = rooms.filter { request.audience.suits($0) && $0.capacity >= request.attendance && (!request.needsStepFree || $0.stepFree) }
            if fitting.isEmpty {
                return "no \(need) holds \(request.attendance) people\(request.needsStepFree ? " and has step-free access" : ""): add one, or mark a room that is"
            }
            if !problem.values[sessions[0]].contains(where: { request.audience.suits(rooms[$0.room]) }) {
                return "no \(need) big enough is free at a time when all its people can attend"
            }
            return "every time a \(need) was free and its people could attend was needed by sessions already placed, \(taken)"
        case .duringSchoolHours:
            if !problem.values[sessions[0]].contains(where: { !rules.schoolHours.overlaps($0.slot) }) {
                return "there is no time outside school hours (\(rules.schoolHours.label)) in the working day (\(calendar.dayStart.hhmm)–\(calendar.dayEnd.hhmm)) when all its people can attend and a room that fits is free"
            }
            return "every time outside school hours when its people could attend was needed by sessions already placed, \(taken)"
        default:
            // A person's week: could any of the sessions have gone in another on-site week without it?
            let parts = clash.about.split(separator: " ").map(String.init)
            guard parts.count == 2, let person = people.first(where: { $0.id == parts[0] }), let week = CalendarDate(iso: parts[1]) else { return "" }
            let weeks = Array(Set(calendar.days.map(FieldworkCalendar.weekCommencing))).sorted()
            let roomElsewhere = sessions.contains { index in
                let minutes = problem.requests[index].minutes
                return Set(problem.values[index].map { weeks[problem.weekOfDay[$0.day]] }).subtracting([week]).contains { other in
                    var hours = load[WorkloadCalculator.Key(person: person.id, week: other)] ?? WorkloadCalculator.Hours()
                    hours.sessions += Double(minutes) / 60
                    return clash.kind == .frontLineHeavyUse ? !hours.isHeavyFrontLineUse(limit: rules.frontLineWeeklySessionHours) : !hours.isOver(weeklyHours: person.weeklyHours)
                }
            }
            if weeks.count < 2 { return "the review has one on-site week, and \(person.name) is needed in this session" }
            if !roomElsewhere { return "\(person.name) would be over in any on-site week the session could go in" }
            return "in the weeks \(person.name) has room, every time the session could go was needed by sessions already placed, \(taken)"
        }
    }
}
