// Times the fieldwork timetabler on issue 6's reference size: a week of 60 sessions, 15 rooms
// and 80 people, generated from a fixed seed so every run solves the same problem. Since issue 21
// one session in six meets a family or children (two family rooms, three child-friendly rooms),
// so the soft rules (suited rooms, school hours, weekly hours) are searched too.
// Run: Benchmarks/timetabling/run (a release build), which appends the figures to RESULTS.md.
import Foundation
import ThistleCore

var generator = SeededGenerator(seed: 2018_11_05)
let monday = CalendarDate(iso: "2018-11-05")!
let calendar = FieldworkCalendar(weeks: [monday])
let rooms = (1...15).map { FieldworkRoom(id: String(format: "room-%02d", $0), name: "Room \($0)", capacity: [6, 8, 10, 12, 20][$0 % 5], stepFree: $0 % 3 != 0,
                                          familyRoom: $0 % 7 == 1, childFriendly: $0 % 5 == 2) }
let people = (1...80).map { index in
    FieldworkPerson(id: String(format: "person-%02d", index), name: "Person \(index)", isInspector: index <= 8, frontLine: index > 50,
                    weeklyHours: index <= 8 ? 37 : 10,
                    unavailable: index % 7 == 0 ? [TimeSlot(day: monday.adding(days: index % 5), start: ClockTime(minutes: 540), end: ClockTime(minutes: 780))] : [])
}
let durations = [60, 90, 90, 120]
let requests = (1...60).map { index -> SessionRequest in
    let inspector = people[Int(generator.next() % 8)].id
    let others = (0..<(3 + Int(generator.next() % 5))).map { _ in people[8 + Int(generator.next() % 72)].id }
    let participants = Array(Set([inspector] + others)).sorted()
    return SessionRequest(id: String(format: "session-%02d", index), title: "Session \(index)", minutes: durations[index % durations.count],
                          participantIDs: participants, attendance: participants.count + Int(generator.next() % 3),
                          needsStepFree: index % 10 == 0,
                          preferredDays: index % 4 == 0 ? [monday.adding(days: index % 5)] : [],
                          audience: index % 12 == 3 ? .family : index % 12 == 9 ? .childrenAndYoungPeople : .staff)
}

let timetabler = Timetabler(calendar: calendar, rooms: rooms, people: people)
var times: [Double] = []
var result: Timetabler.Result?
for _ in 0..<5 {
    let start = DispatchTime.now().uptimeNanoseconds
    result = timetabler.solve(requests)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
let placed = result!.placements
let sessions = placed.map { placement -> FieldworkSession in
    let request = requests.first { $0.id == placement.sessionID }!
    return request.placed(at: placement.slot, in: placement.roomID)
}
let clashes = ClashDetector.clashes(sessions: sessions, rooms: rooms, people: people, calendar: calendar)
let hard = clashes.filter(\.kind.isHard).count
let soft = clashes.filter { Timetabler.avoidedWarnings.contains($0.kind) }.count
times.sort()
print("sessions=60 rooms=15 people=80 placed=\(placed.count) unplaced=\(result!.unplaced.count) hard_clashes=\(hard) warnings_avoided_kinds=\(soft) warnings_explained=\(result!.warnings.count)")
print(String(format: "solve_ms_median=%.1f solve_ms_max=%.1f", times[times.count / 2], times.last!))
for unplaced in result!.unplaced { print("unplaced \(unplaced.sessionID): \(unplaced.reason)") }
for (kind, count) in Dictionary(grouping: result!.warnings, by: \.kind).mapValues(\.count).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
    print("warning \(kind.rawValue)=\(count)")
}
