import Foundation
import Testing
@testable import ThistleCore

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("parses and prints ISO dates")
    func isoRoundTrip() {
        // given
        let text = "2018-11-05"
        // when
        let date = CalendarDate(iso: text)
        // then
        #expect(date?.iso == text)
        #expect(date?.long == "5 November 2018")
    }

    @Test("refuses dates that do not exist", arguments: ["2018-02-29", "2018-13-01", "2018-11-31", "5/11/2018", "", "2018-1-5"])
    func refusesImpossibleDates(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test("accepts 29 February in a leap year")
    func leapDay() {
        #expect(CalendarDate(iso: "2020-02-29") != nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
    }

    @Test("knows the weekday: the on-site weeks of the reference case begin on Mondays")
    func weekdays() {
        #expect(CalendarDate(iso: "2018-11-05")?.weekday == .monday)
        #expect(CalendarDate(iso: "2018-12-03")?.weekday == .monday)
        #expect(CalendarDate(iso: "2018-09-13")?.weekday == .thursday)
        #expect(CalendarDate(iso: "1970-01-01")?.weekday == .thursday)
    }

    @Test("counts days across months and years")
    func dayArithmetic() throws {
        let board = try #require(CalendarDate(iso: "2018-09-13"))
        let firstWeek = try #require(CalendarDate(iso: "2018-11-05"))
        #expect(board.days(until: firstWeek) == 53)
        #expect(firstWeek.days(until: board) == -53)
        #expect(board.adding(days: 53) == firstWeek)
        #expect(try #require(CalendarDate(iso: "2018-12-31")).adding(days: 1).iso == "2019-01-01")
    }

    @Test("takes the UTC day of an instant")
    func fromInstant() {
        // 2018-11-05T23:59:59Z
        #expect(CalendarDate(Date(timeIntervalSince1970: 1_541_462_399)).iso == "2018-11-05")
        #expect(CalendarDate(Date(timeIntervalSince1970: 1_541_462_400)).iso == "2018-11-06")
    }

    @Test("encodes as a plain ISO string")
    func codable() throws {
        let date = try #require(CalendarDate(iso: "2017-03-16"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2017-03-16\"]")
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"16/03/2017\"]".utf8)) }
    }

    @Test("numbers are zero-padded exactly as the C formatter pads them, and dates and times with them")
    func zeroPadding() {
        // given
        let values = Array(-120...120) + [999, 1000, 2018, 12345]
        // then
        for value in values {
            #expect(value.zeroPadded(2) == String(format: "%02d", value))
            #expect(value.zeroPadded(4) == String(format: "%04d", value))
        }
        #expect(CalendarDate(year: 987, month: 1, day: 2)?.iso == "0987-01-02")
        #expect(ClockTime(hours: 9, minutes: 5)?.hhmm == "09:05")
    }
}

@Suite("Countdown to key dates")
struct CountdownTests {
    @Test("phrases the gap", arguments: [
        (0, "today"), (1, "tomorrow"), (-1, "yesterday"), (53, "in 53 days"), (-2944, "2,944 days ago"), (1000, "in 1,000 days"),
    ])
    func phrase(days: Int, expected: String) throws {
        let today = try #require(CalendarDate(iso: "2018-09-13"))
        let countdown = Countdown(from: today, to: today.adding(days: days))
        #expect(countdown.phrase == expected)
        #expect(countdown.isPast == (days < 0))
    }

}
