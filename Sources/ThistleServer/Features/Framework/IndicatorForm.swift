import Foundation
import ThistleCore
import Vapor

/// The quality indicator form: the partnership's wording of an indicator and its heading.
enum IndicatorForm {
    struct Input: Content {
        var title: String?
        var groupTitle: String?
    }

    struct Checked { let title: String; let groupTitle: String }

    static func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let title = validator.text(input.title, field: "title", label: "A title")
        let group = validator.text(input.groupTitle, field: "groupTitle", label: "A heading")
        guard let title, let group else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(title: title, groupTitle: group))
    }
}
