import Fluent
import Foundation
import ThistleCore

/// Creates a partnership with its own copies of the standard scales and frameworks, so that
/// a second inspection regime is one setting away and edits never reach another partnership.
enum PartnershipSetup {
    static func create(name: String, in changes: AuditedChanges) async throws -> Partnership {
        let partnership = Partnership(name: name)
        try await changes.create(partnership)
        let partnershipID = try partnership.requireID()
        for scale in EvaluationScale.standard {
            let stored = GradingScale(partnershipID: partnershipID, key: scale.key, name: scale.name, goodOrBetterFrom: scale.goodOrBetterFrom)
            try await changes.create(stored)
            for level in scale.levels {
                try await changes.create(GradingScaleLevel(partnershipID: partnershipID, scaleID: try stored.requireID(), level: level))
            }
        }
        for framework in QualityFramework.standard {
            let stored = Framework(partnershipID: partnershipID, key: framework.key, name: framework.name)
            try await changes.create(stored)
            for indicator in framework.indicators {
                try await changes.create(QualityIndicator(partnershipID: partnershipID, frameworkID: try stored.requireID(),
                                                          code: indicator.code, title: indicator.title, groupTitle: indicator.group))
            }
        }
        return partnership
    }
}
