import Vapor

extension Request {
    /// The sent form's fields by name, decoded from the body once per request: the CSRF check
    /// and the handler read the same decoding (a survey's answers were decoded twice, 7% of a
    /// respondent flow's CPU). Throws as `content.decode` does for a body that is not a flat form.
    func formFields() throws -> [String: String] {
        if let fields = storage[FormFieldsKey.self] { return fields }
        let fields = try content.decode([String: String].self)
        storage[FormFieldsKey.self] = fields
        return fields
    }
}

private struct FormFieldsKey: StorageKey {
    typealias Value = [String: String]
}
