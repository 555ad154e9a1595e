import Foundation

/// A problem with one form field, in words a person can act on.
public struct FieldError: Equatable, Sendable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Checks submitted form values field by field, collecting every problem rather than stopping
/// at the first, so that the error summary lists them all at once.
public struct FormValidator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public var isValid: Bool { errors.isEmpty }

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Trimmed text; nil (with an error when required) if empty or too long.
    public mutating func text(_ value: String?, field: String, label: String, required: Bool = true, maxLength: Int = 200) -> String? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { add(field, "Enter \(label.lowercasedFirst)") }
            return nil
        }
        if trimmed.count > maxLength {
            add(field, "\(label.uppercasedFirst) must be \(maxLength) characters or fewer")
            return nil
        }
        return trimmed
    }

    public mutating func email(_ value: String?, field: String, label: String = "an email address", required: Bool = true) -> String? {
        guard let text = text(value, field: field, label: label, required: required, maxLength: 254) else { return nil }
        guard EmailAddress.isPlausible(text) else {
            add(field, "Enter an email address in the correct format, like name@example.org")
            return nil
        }
        return text.lowercased()
    }

    public mutating func date(_ value: String?, field: String, label: String, required: Bool = true) -> CalendarDate? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { add(field, "Enter \(label.lowercasedFirst)") }
            return nil
        }
        guard let date = CalendarDate(iso: trimmed) else {
            add(field, "\(label.uppercasedFirst) must be a real date, like 2018-11-05")
            return nil
        }
        return date
    }

    public mutating func integer(_ value: String?, field: String, label: String, range: ClosedRange<Int>, required: Bool = true) -> Int? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { add(field, "Enter \(label.lowercasedFirst)") }
            return nil
        }
        guard let number = Int(trimmed) else {
            add(field, "\(label.uppercasedFirst) must be a whole number")
            return nil
        }
        guard range.contains(number) else {
            add(field, "\(label.uppercasedFirst) must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return number
    }

    public mutating func number(_ value: String?, field: String, label: String, range: ClosedRange<Double>, required: Bool = true) -> Double? {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            if required { add(field, "Enter \(label.lowercasedFirst)") }
            return nil
        }
        guard let number = Double(trimmed), number.isFinite else {
            add(field, "\(label.uppercasedFirst) must be a number, like 7.5")
            return nil
        }
        guard range.contains(number) else {
            add(field, "\(label.uppercasedFirst) must be between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound))")
            return nil
        }
        return number
    }

    public mutating func choice<T: RawRepresentable>(_ value: String?, field: String, label: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let raw = value, !raw.isEmpty else {
            add(field, "Select \(label.lowercasedFirst)")
            return nil
        }
        guard let chosen = T(rawValue: raw) else {
            add(field, "Select \(label.lowercasedFirst) from the list")
            return nil
        }
        return chosen
    }

    /// A UUID naming a record the form offered.
    public mutating func identifier(_ value: String?, field: String, label: String, required: Bool = true) -> UUID? {
        guard let raw = value, !raw.isEmpty else {
            if required { add(field, "Select \(label.lowercasedFirst)") }
            return nil
        }
        guard let id = UUID(uuidText: raw) else {
            add(field, "Select \(label.lowercasedFirst) from the list")
            return nil
        }
        return id
    }

    /// 7.0 → "7", 7.5 → "7.5": numbers as people write them.
    public static func plain(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

public enum EmailAddress {
    /// A deliberately loose check: one @, something before it, a dot in the domain, no spaces,
    /// and nothing that could split a mail header or a list of addresses (brackets, commas,
    /// semicolons, quotes, control characters), since mail goes to the address as typed.
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !text.hasPrefix("-"),
              !text.contains(where: { $0.isWhitespace || "<>,;\"()\\".contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        else { return false }
        return true
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
    var uppercasedFirst: String { prefix(1).uppercased() + dropFirst() }
}
