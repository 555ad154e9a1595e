import Foundation
import ThistleCore

/// The two-step verification page, built from its state: no request, no database.
enum TwoStepPages {
    enum State {
        /// Just turned on or renewed: the codes, shown this once.
        case newRecoveryCodes([String])
        case on(unusedRecoveryCodes: Int, mustKeep: Bool)
        /// Started, waiting for a code from the authenticator.
        case settingUp(setupKey: String, setupAddress: String)
        case off(mustSetUp: Bool)
    }

    typealias FormName = TwoStepController.FormName

    static func page(_ state: State, errors: [FieldError], errorsFor form: FormName?, csrfToken csrf: String) -> PageModel {
        func shown(_ name: FormName) -> [FieldError] { form == name ? errors : [] }
        func confirmField(_ form: FormName) -> FormField {
            .text(TwoStepController.passwordField(form), "Your password, to confirm it is you", value: nil, kind: .password, autocomplete: "current-password")
        }
        var sections: [PageSection] = []
        let intro: String
        switch state {
        case .newRecoveryCodes(let recoveryCodes):
            intro = "Two-step verification is on. Keep these recovery codes somewhere safe, away from your phone: each works once, in place of a code, if you lose your authenticator. They are shown only now."
            sections.append(PageSection(heading: "Your recovery codes", table: TableBlock(
                caption: "Recovery codes, each usable once", columns: ["Code"], rows: recoveryCodes.map { TableRow(cells: [TableCell(text: $0)]) }, emptyText: "")))
        case .on(let left, let mustKeep):
            intro = "Two-step verification is on: you sign in with your password and a code from your authenticator app. You have \(left) unused recovery code\(left == 1 ? "" : "s")."
            sections.append(PageSection(heading: "Recovery codes", form: FormContext(
                action: Paths.twoStepRecoveryCodes.url(), submitLabel: "Make new recovery codes (the old ones stop working)", csrfToken: csrf,
                fields: [confirmField(.recoveryCodes)], errors: shown(.recoveryCodes))))
            if mustKeep {
                sections.append(PageSection(heading: "Turn it off", table: TableBlock(
                    caption: "Why it stays on", columns: ["Rule"],
                    rows: [TableRow(cells: [TableCell(text: "Administrators must keep two-step verification on. If your phone is lost, another administrator can remove it from your account.")])],
                    emptyText: "")))
            } else {
                sections.append(PageSection(heading: "Turn it off", form: FormContext(
                    action: Paths.twoStepTurnOff.url(), submitLabel: "Turn off two-step verification", csrfToken: csrf,
                    fields: [confirmField(.turnOff)], errors: shown(.turnOff))))
            }
        case .settingUp(let setupKey, let setupAddress):
            intro = "Add Thistle to your authenticator app (for example Microsoft Authenticator or Google Authenticator): choose to enter a setup key, and type the key below, or open the setup address on the phone. Then enter the code the app shows."
            sections.append(PageSection(heading: "Setup key", table: TableBlock(caption: "Your setup key and address", columns: ["What", "Value"], rows: [
                TableRow(cells: [TableCell(text: "Setup key (time-based, 6 digits, every 30 seconds)"), TableCell(text: setupKey)]),
                TableRow(cells: [TableCell(text: "Setup address"), TableCell(text: setupAddress)]),
            ], emptyText: "")))
            sections.append(PageSection(heading: "Confirm with a code", form: FormContext(
                action: Paths.twoStepConfirm.url(), submitLabel: "Turn on two-step verification", csrfToken: csrf,
                fields: [.text("code", "Code from your authenticator app", value: nil, hint: "6 digits", autocomplete: "one-time-code")], errors: shown(.confirm))))
        case .off(let mustSetUp):
            intro = "Two-step verification is off. With it on, signing in needs your password and a code from an authenticator app on your phone, so a stolen password is not enough."
                + (mustSetUp ? " Administrators must turn it on before they can do anything else." : "")
            sections.append(PageSection(heading: "Set it up", form: FormContext(
                action: Paths.twoStepStart.url(), submitLabel: "Set up two-step verification", csrfToken: csrf,
                fields: [confirmField(.start)], errors: shown(.start))))
        }
        return PageModel(title: "Two-step verification", heading: "Two-step verification", intro: intro, sections: sections,
                         backLink: LinkItem(label: "your account", url: Paths.myAccount.url()))
    }
}
