import Testing
@testable import ThistleCore

@Suite("Form validation")
struct FormValidatorTests {
    @Test("collects every problem, naming the field")
    func collectsAll() {
        // given
        var validator = FormValidator()
        // when
        let title = validator.text("  ", field: "title", label: "A title")
        let email = validator.email("not-an-email", field: "email")
        let date = validator.date("2018-02-30", field: "date", label: "The date")
        let hours = validator.number("70", field: "hours", label: "Hours a week", range: 0...60)
        // then
        #expect(title == nil && email == nil && date == nil && hours == nil)
        #expect(validator.errors == [
            FieldError(field: "title", message: "Enter a title"),
            FieldError(field: "email", message: "Enter an email address in the correct format, like name@example.org"),
            FieldError(field: "date", message: "The date must be a real date, like 2018-11-05"),
            FieldError(field: "hours", message: "Hours a week must be between 0 and 60"),
        ])
    }

    @Test("trims text, lower-cases email, parses numbers")
    func values() {
        var validator = FormValidator()
        #expect(validator.text("  Moray  ", field: "name", label: "A name") == "Moray")
        #expect(validator.email(" Fiona.Grant@Example.ORG ", field: "email") == "fiona.grant@example.org")
        #expect(validator.number("7.5", field: "h", label: "Hours", range: 0...60) == 7.5)
        #expect(validator.integer("3", field: "n", label: "Number", range: 1...6) == 3)
        #expect(validator.isValid)
    }

    @Test("optional fields may be empty")
    func optional() {
        var validator = FormValidator()
        #expect(validator.text("", field: "d", label: "A description", required: false) == nil)
        #expect(validator.email("", field: "e", required: false) == nil)
        #expect(validator.date(nil, field: "r", label: "A date", required: false) == nil)
        #expect(validator.isValid)
    }

    @Test("too long text is refused with the limit")
    func tooLong() {
        var validator = FormValidator()
        _ = validator.text(String(repeating: "x", count: 201), field: "title", label: "A title")
        #expect(validator.errors.first?.message == "A title must be 200 characters or fewer")
    }

    @Test("choices must come from the list")
    func choices() {
        var validator = FormValidator()
        #expect(validator.choice("council", field: "kind", label: "A kind", as: AgencyKind.self) == .council)
        #expect(validator.choice("parliament", field: "kind", label: "A kind", as: AgencyKind.self) == nil)
        #expect(validator.errors.first?.message == "Select a kind from the list")
    }
}
