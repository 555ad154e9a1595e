extension Timetabler {
    // MARK: The search

    struct Value {
        let day: Int
        let slot: TimeSlot
        let room: Int
    }

    enum Cause: Hashable {
        case room(Int)
        case person(String)
        case personDay(String)
        case inspectorDay(String)
    }

    struct Problem {
        let requests: [SessionRequest]
        let timetabler: Timetabler
        /// Each session's possible (day, time, room) after the checks that need no other session.
        var values: [[Value]] = []
        /// Warnings each value adds whatever else is placed: a room that does not suit who the
        /// session meets, a child's session in school hours.
        var fixedWarnings: [[Int]] = []
        var initialSize: [Int] = []
        var emptyDomainReason: [Int: String] = [:]
        /// Why values were pruned during the last failed searches, per session.
        var pruneCauses: [[Cause: Int]] = []
        let days: [CalendarDate]
        let personIndex: [String: Int]
        let inspectors: Set<String>
        let names: [String: String]
        /// Each on-site day's week, as an index into the weeks the days fall in.
        let weekOfDay: [Int]
        let weekCount: Int

        init(timetabler: Timetabler, requests: [SessionRequest]) {
            self.timetabler = timetabler
            self.requests = requests
            self.days = timetabler.calendar.days
            let weeks = Array(Set(timetabler.calendar.days.map(FieldworkCalendar.weekCommencing))).sorted()
            let weekIndex = Dictionary(uniqueKeysWithValues: weeks.enumerated().map { ($1, $0) })
            self.weekOfDay = timetabler.calendar.days.map { weekIndex[FieldworkCalendar.weekCommencing($0)] ?? 0 }
            self.weekCount = weeks.count
            self.personIndex = Dictionary(uniqueKeysWithValues: timetabler.people.enumerated().map { ($1.id, $0) })
            self.inspectors = Set(timetabler.people.filter(\.isInspector).map(\.id))
            self.names = Dictionary(uniqueKeysWithValues: timetabler.people.map { ($0.id, $0.name) } + timetabler.rooms.map { ($0.id, $0.name) })
            self.pruneCauses = Array(repeating: [:], count: requests.count)
            for (index, request) in requests.enumerated() {
                let (domain, reason) = domainOf(request)
                values.append(domain)
                fixedWarnings.append(domain.map { warnings(of: request, at: $0) })
                initialSize.append(domain.count)
                if let reason { emptyDomainReason[index] = reason }
            }
        }

        /// The values no other session can take away, or why there are none.
        func domainOf(_ request: SessionRequest) -> ([Value], String?) {
            let calendar = timetabler.calendar
            let rules = timetabler.rules
            if days.isEmpty { return ([], "the review has no on-site days") }
            if request.minutes > calendar.dayEnd.minutes - calendar.dayStart.minutes {
                return ([], "it lasts \(request.minutes) minutes, longer than a working day (\(calendar.dayStart.hhmm)–\(calendar.dayEnd.hhmm))")
            }
            if request.minutes > rules.maxMinutesPerPersonPerDay && !request.participantIDs.isEmpty {
                return ([], "it lasts longer than the \(rules.maxMinutesPerPersonPerDay) minutes anyone may spend in sessions a day")
            }
            let roomsBigEnough = timetabler.rooms.indices.filter { timetabler.rooms[$0].capacity >= request.attendance }
            if roomsBigEnough.isEmpty { return ([], "no room holds \(request.attendance) people") }
            let suitable = roomsBigEnough.filter { !request.needsStepFree || timetabler.rooms[$0].stepFree }
            if suitable.isEmpty { return ([], "no room big enough for \(request.attendance) has step-free access") }
            let participants = request.participantIDs.compactMap { id in timetabler.people.first { $0.id == id } }
            var domain: [Value] = []
            var blockedBy: [String: Int] = [:]
            var roomUnavailable = 0
            var slots = 0
            for (dayIndex, day) in days.enumerated() {
                var start = calendar.dayStart.minutes
                while start + request.minutes <= calendar.dayEnd.minutes {
                    let slot = TimeSlot(day: day, start: ClockTime(minutes: start), end: ClockTime(minutes: start + request.minutes))
                    start += rules.step
                    slots += 1
                    if let busy = participants.first(where: { person in
                        person.unavailable.contains { $0.overlaps(slot) } || timetabler.fixed.contains { $0.participantIDs.contains(person.id) && $0.slot!.overlaps(slot) }
                    }) {
                        blockedBy[busy.name, default: 0] += 1
                        continue
                    }
                    for room in suitable {
                        let free = timetabler.rooms[room].isAvailable(for: slot)
                            && !timetabler.fixed.contains { $0.roomID == timetabler.rooms[room].id && $0.slot!.overlaps(slot) }
                        if free { domain.append(Value(day: dayIndex, slot: slot, room: room)) } else { roomUnavailable += 1 }
                    }
                }
            }
            guard domain.isEmpty else { return (preferenceOrdered(domain, request), nil) }
            if let (name, _) = blockedBy.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), blockedBy.values.reduce(0, +) == slots {
                return ([], "\(name) is not free at any time it would fit")
            }
            return ([], "no suitable room is free at a time when everyone can attend")
        }

        func warnings(of request: SessionRequest, at value: Value) -> Int {
            (request.audience.suits(timetabler.rooms[value.room]) ? 0 : 1)
                + (request.audience.avoidsSchoolHours && timetabler.rules.schoolHours.overlaps(value.slot) ? 1 : 0)
        }

        /// Preferred days first, then earlier days and times, then the smallest room that fits.
        func preferenceOrdered(_ domain: [Value], _ request: SessionRequest) -> [Value] {
            domain.sorted { a, b in
                let preferredA = request.preferredDays.contains(a.slot.day), preferredB = request.preferredDays.contains(b.slot.day)
                if preferredA != preferredB { return preferredA }
                return (a.day, a.slot.start.minutes, a.room) < (b.day, b.slot.start.minutes, b.room)
            }
        }

        /// Search over `chosen` sessions; the value index for each, or nil when none exists
        /// within the node limit.
        mutating func search(_ chosen: [Int]) -> [Int: Int]? {
            var state = SearchState(problem: self, chosen: chosen)
            let found = state.run()
            for (index, causes) in state.causes { pruneCauses[index] = causes }
            return found
        }

        /// The constraint that most often took a session's options away, in words.
        func blame(_ index: Int) -> String {
            guard let (cause, _) = pruneCauses[index].max(by: { ($0.value, "\($1.key)") < ($1.value, "\($0.key)") }) else {
                return "every time that fits is taken by sessions already placed"
            }
            switch cause {
            case .room(let room): return "every time that fits clashes with sessions already placed in the suitable rooms (most often \(timetabler.rooms[room].name))"
            case .person(let id): return "every time that fits clashes with other sessions of \(names[id] ?? id)"
            case .personDay(let id): return "\(names[id] ?? id) would spend more than \(timetabler.rules.maxMinutesPerPersonPerDay / 60) hours a day in sessions"
            case .inspectorDay(let id): return "\(names[id] ?? id) would have more than \(timetabler.rules.maxInspectorSessionsPerDay) sessions a day"
            }
        }
    }

    /// One run of depth-first search with forward checking. Values removed at each depth are
    /// remembered, so backtracking restores exactly them. Arrays are indexed by a session's
    /// position in `chosen`.
    struct SearchState {
        let problem: Problem
        let chosen: [Int]
        /// The depth that removed each value, or -1 while it is still possible.
        var removedAt: [[Int]]
        var remaining: [Int]
        var assignment: [Int]
        /// Each session's people as indices into the timetabler's people (unknown ids left out).
        let participants: [[Int]]
        var minutesOfDay: [[Int]]
        var sessionsOfDay: [[Int]]
        /// Session minutes per person and week, and the hours they give otherwise that week.
        var minutesOfWeek: [[Int]]
        let otherHoursOfWeek: [[Double]]
        /// Sessions in each on-site week, so the weeks are kept in balance.
        var sessionsOfWeek: [Int]
        var causes: [Int: [Cause: Int]] = [:]
        var nodes = 0

        init(problem: Problem, chosen: [Int]) {
            self.problem = problem
            self.chosen = chosen
            removedAt = chosen.map { Array(repeating: -1, count: problem.values[$0].count) }
            remaining = chosen.map { problem.values[$0].count }
            assignment = Array(repeating: -1, count: chosen.count)
            participants = chosen.map { problem.requests[$0].participantIDs.compactMap { problem.personIndex[$0] } }
            minutesOfDay = Array(repeating: Array(repeating: 0, count: problem.days.count), count: problem.personIndex.count)
            sessionsOfDay = minutesOfDay
            minutesOfWeek = Array(repeating: Array(repeating: 0, count: problem.weekCount), count: problem.personIndex.count)
            var other = Array(repeating: Array(repeating: 0.0, count: problem.weekCount), count: problem.personIndex.count)
            let weeks = Array(Set(problem.days.map(FieldworkCalendar.weekCommencing))).sorted()
            for commitment in problem.timetabler.commitments {
                guard let person = problem.personIndex[commitment.personID],
                      let week = weeks.firstIndex(of: FieldworkCalendar.weekCommencing(commitment.week)) else { continue }
                other[person][week] += commitment.hours
            }
            otherHoursOfWeek = other
            sessionsOfWeek = Array(repeating: 0, count: problem.weekCount)
            countFixedSessions()
        }

        /// Sessions already in the timetable count towards each person's day; values that would
        /// break a daily limit with them alone are removed for good.
        mutating func countFixedSessions() {
            let dayIndex = Dictionary(uniqueKeysWithValues: problem.days.enumerated().map { ($1, $0) })
            for session in problem.timetabler.fixed {
                guard let slot = session.slot, let day = dayIndex[slot.day] else { continue }
                sessionsOfWeek[problem.weekOfDay[day]] += 1
                for person in session.participantIDs.compactMap({ problem.personIndex[$0] }) {
                    minutesOfDay[person][day] += slot.minutes
                    sessionsOfDay[person][day] += 1
                    minutesOfWeek[person][problem.weekOfDay[day]] += slot.minutes
                }
            }
            let rules = problem.timetabler.rules
            for position in chosen.indices {
                let request = problem.requests[chosen[position]]
                for (valueIndex, value) in problem.values[chosen[position]].enumerated() {
                    let overLimit = participants[position].contains { person in
                        minutesOfDay[person][value.day] + request.minutes > rules.maxMinutesPerPersonPerDay
                            || (problem.inspectors.contains(problem.timetabler.people[person].id) && sessionsOfDay[person][value.day] + 1 > rules.maxInspectorSessionsPerDay)
                    }
                    if overLimit {
                        removedAt[position][valueIndex] = 0
                        remaining[position] -= 1
                    }
                }
            }
        }

        mutating func run() -> [Int: Int]? {
            guard descend(depth: 0) else { return nil }
            return Dictionary(uniqueKeysWithValues: chosen.indices.map { (chosen[$0], assignment[$0]) })
        }

        mutating func descend(depth: Int) -> Bool {
            nodes += 1
            if nodes > problem.timetabler.rules.nodeLimit { return false }
            // The session with fewest options left; ties go to more people, then the id.
            var next = -1
            for position in chosen.indices where assignment[position] < 0 {
                if next < 0 || isMoreConstrained(position, than: next) { next = position }
            }
            guard next >= 0 else { return true }
            let request = problem.requests[chosen[next]]
            for valueIndex in orderedValues(next, request) {
                let value = problem.values[chosen[next]][valueIndex]
                assignment[next] = valueIndex
                book(next, request.minutes, day: value.day, sign: 1)
                if prune(after: next, value: value, depth: depth + 1), descend(depth: depth + 1) { return true }
                restore(depth: depth + 1)
                book(next, request.minutes, day: value.day, sign: -1)
                assignment[next] = -1
                if nodes > problem.timetabler.rules.nodeLimit { return false }
            }
            return false
        }

        /// The session's remaining values, preferred days first, then those that add fewest
        /// warnings (an unsuitable room, school hours, people over their week: `weekWarnings`),
        /// then the week with fewest sessions, then the days its people are least busy (so no
        /// one's day fills up while others stay empty), then the domain's order.
        func orderedValues(_ position: Int, _ request: SessionRequest) -> [Int] {
            let values = problem.values[chosen[position]]
            var load = Array(repeating: 0, count: problem.days.count)
            for person in participants[position] {
                for day in load.indices { load[day] += minutesOfDay[person][day] }
            }
            let warningsOfWeek = (0..<problem.weekCount).map { weekWarnings(position, minutes: request.minutes, week: $0) }
            let fixedWarnings = problem.fixedWarnings[chosen[position]]
            return values.indices.filter { removedAt[position][$0] < 0 }.sorted { a, b in
                let preferredA = request.preferredDays.contains(values[a].slot.day), preferredB = request.preferredDays.contains(values[b].slot.day)
                if preferredA != preferredB { return preferredA }
                let weekA = problem.weekOfDay[values[a].day], weekB = problem.weekOfDay[values[b].day]
                let warningsA = warningsOfWeek[weekA] + fixedWarnings[a], warningsB = warningsOfWeek[weekB] + fixedWarnings[b]
                return (warningsA, sessionsOfWeek[weekA], load[values[a].day], a) < (warningsB, sessionsOfWeek[weekB], load[values[b].day], b)
            }
        }

        /// How many new warnings placing the session in `week` would add: people taken over
        /// their weekly hours, or (front-line staff) over the review's weekly session hours, who
        /// were within them before. The same rules as `WorkloadCalculator.Hours.isOver` and
        /// `isHeavyFrontLineUse`; someone already over adds no new warning.
        func weekWarnings(_ position: Int, minutes: Int, week: Int) -> Int {
            let limit = problem.timetabler.rules.frontLineWeeklySessionHours
            return participants[position].reduce(0) { count, person in
                let who = problem.timetabler.people[person]
                func warnings(_ sessionMinutes: Int) -> Int {
                    var hours = WorkloadCalculator.Hours()
                    hours.sessions = Double(sessionMinutes) / 60
                    hours.other = otherHoursOfWeek[person][week]
                    return (hours.isOver(weeklyHours: who.weeklyHours) ? 1 : 0) + (who.frontLine && hours.isHeavyFrontLineUse(limit: limit) ? 1 : 0)
                }
                return count + warnings(minutesOfWeek[person][week] + minutes) - warnings(minutesOfWeek[person][week])
            }
        }

        func isMoreConstrained(_ a: Int, than b: Int) -> Bool {
            let requestA = problem.requests[chosen[a]], requestB = problem.requests[chosen[b]]
            return (remaining[a], -requestA.participantIDs.count, requestA.id) < (remaining[b], -requestB.participantIDs.count, requestB.id)
        }

        mutating func book(_ position: Int, _ minutes: Int, day: Int, sign: Int) {
            sessionsOfWeek[problem.weekOfDay[day]] += sign
            for person in participants[position] {
                minutesOfDay[person][day] += sign * minutes
                sessionsOfDay[person][day] += sign
                minutesOfWeek[person][problem.weekOfDay[day]] += sign * minutes
            }
        }

        /// Removes from every unplaced session the values that now clash; false if one is left with none.
        mutating func prune(after placed: Int, value: Value, depth: Int) -> Bool {
            let placedPeople = Set(participants[placed])
            let rules = problem.timetabler.rules
            for other in chosen.indices where assignment[other] < 0 {
                let request = problem.requests[chosen[other]]
                let shared = participants[other].filter(placedPeople.contains)
                for (valueIndex, candidate) in problem.values[chosen[other]].enumerated() where removedAt[other][valueIndex] < 0 && candidate.day == value.day {
                    var cause: Cause?
                    let overlaps = candidate.slot.overlaps(value.slot)
                    if overlaps && candidate.room == value.room {
                        cause = .room(value.room)
                    } else if overlaps, let person = shared.first {
                        cause = .person(problem.timetabler.people[person].id)
                    } else {
                        for person in shared {
                            let id = problem.timetabler.people[person].id
                            if minutesOfDay[person][candidate.day] + request.minutes > rules.maxMinutesPerPersonPerDay { cause = .personDay(id); break }
                            if problem.inspectors.contains(id), sessionsOfDay[person][candidate.day] + 1 > rules.maxInspectorSessionsPerDay {
                                cause = .inspectorDay(id); break
                            }
                        }
                    }
                    guard let cause else { continue }
                    removedAt[other][valueIndex] = depth
                    remaining[other] -= 1
                    causes[chosen[other], default: [:]][cause, default: 0] += 1
                }
                if remaining[other] == 0 { return false }
            }
            return true
        }

        mutating func restore(depth: Int) {
            for position in chosen.indices {
                for valueIndex in removedAt[position].indices where removedAt[position][valueIndex] == depth {
                    removedAt[position][valueIndex] = -1
                    remaining[position] += 1
                }
            }
        }
    }
}
