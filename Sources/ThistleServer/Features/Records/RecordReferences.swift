import Foundation
import ThistleCore
import Vapor

/// Local references are never stored: only a digest keyed with the installation's secret key
/// (which lives outside the database), so staff can type a reference and find its label, while
/// nothing in the database can be turned back into a reference.
struct RecordReferences: Sendable {
    private let keyed: KeyedDigest

    init(secretKey: Data) {
        self.keyed = KeyedDigest(masterKey: secretKey, purpose: "record-reference")
    }

    /// The digest of a reference within one partnership; spaces around it and letter case are
    /// ignored, as case systems print them in different ways.
    func digest(_ reference: String, partnershipID: UUID) -> String {
        keyed.hex(partnershipID.uuidString + "|" + reference.trimmingCharacters(in: .whitespaces).uppercased())
    }
}

extension Request {
    var recordReferences: RecordReferences { RecordReferences(secretKey: application.thistle.secretKey) }
}
