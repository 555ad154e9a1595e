import Testing
@testable import ThistleCore

@Suite("Command line: progress and option rules")
struct CommandLineTests {
    @Test("Progress says how many of how many, how fast and how long is left, from the rate so far")
    func progressLine() {
        // given: 12,000 of 100,000 done in 5 seconds
        let report = ProgressReport(label: "Writing survey responses", done: 12_000, total: 100_000, elapsed: 5)
        // then: 2,400 a second leaves 88,000 / 2,400 = 36.7 s, shown rounded up
        #expect(report.line == "Writing survey responses: 12,000 of 100,000 (12%), 2,400 a second, about 37 s left")
        #expect(ProgressReport(label: "Writing", done: 100_000, total: 100_000, elapsed: 42).finishedLine == "Writing: 100,000 done in 42 s (2,381 a second)")
    }

    @Test("Progress without a total or a measurable interval leaves out what it cannot know")
    func progressWithoutTotal() {
        #expect(ProgressReport(label: "Adding", done: 500, total: nil, elapsed: 0.2).line == "Adding: 500")
        #expect(ProgressReport(label: "Seeding", done: 0, total: nil, elapsed: 6.2).finishedLine == "Seeding: done in 7 s")
    }

    @Test("Durations read as seconds, minutes and hours")
    func durations() {
        #expect(ProgressReport.duration(37) == "37 s")
        #expect(ProgressReport.duration(200) == "3 min 20 s")
        #expect(ProgressReport.duration(3_900) == "1 h 5 min")
    }

    @Test("In a pipe a line is due at each tenth of the way, or after 15 seconds without one")
    func plainLinesAreDue() {
        #expect(ProgressReport.isDueInPlainOutput(previousTenth: 0, done: 1_000, total: 10_000, secondsSinceLastLine: 1))
        #expect(!ProgressReport.isDueInPlainOutput(previousTenth: 1, done: 1_500, total: 10_000, secondsSinceLastLine: 1))
        #expect(ProgressReport.isDueInPlainOutput(previousTenth: 1, done: 1_500, total: 10_000, secondsSinceLastLine: 15))
        #expect(!ProgressReport.isDueInPlainOutput(previousTenth: 0, done: 7, total: nil, secondsSinceLastLine: 3))
    }

    @Test("A count option takes a whole number from 0 up, and names itself and its rule otherwise")
    func countOption() throws {
        #expect(try CommandOptionRules.count(nil, option: "responses", default: 100) == 100)
        #expect(try CommandOptionRules.count("0", option: "responses", default: 100) == 0)
        #expect(throws: OptionProblem(option: "responses", rule: "must not be negative: give a whole number from 0 to 1,000", given: "-5")) {
            try CommandOptionRules.count("-5", option: "responses", default: 1, maximum: 1_000)
        }
        #expect(throws: OptionProblem(option: "records", rule: "must be a whole number from 0 to 1,000", given: "1.5")) {
            try CommandOptionRules.count("1.5", option: "records", default: 1, maximum: 1_000)
        }
        #expect(throws: OptionProblem(option: "records", rule: "must be a whole number from 0 to 1,000", given: "1001")) {
            try CommandOptionRules.count("1001", option: "records", default: 1, maximum: 1_000)
        }
    }

    @Test("A port is a number from 1 to 65535, and a problem reads as one line naming the option")
    func portOption() throws {
        #expect(try CommandOptionRules.port("8765", default: 8080) == 8765)
        let problem = OptionProblem(option: "port", rule: "must be a port number from 1 to 65535", given: "0")
        #expect(throws: problem) { try CommandOptionRules.port("0", default: 8080) }
        #expect(problem.description == "--port must be a port number from 1 to 65535 (got “0”)")
    }
}
