import Foundation
import Testing
import ThistleCore

@Suite("UUID text")
struct UUIDTextTests {
    @Test("an id is written exactly as Foundation's uuidString writes it")
    func sameAsFoundation() {
        // given: random ids and the two extremes
        let extremes = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                        UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
                        UUID(uuid: (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xF0, 0x0F, 0xA5, 0x5A, 0x10, 0x01, 0x7E, 0xE7))]
        let ids = extremes + (0..<5_000).map { _ in UUID() }
        // when / then
        for id in ids { #expect(id.uuidText == id.uuidString) }
        #expect(extremes[2].uuidText == "01234567-89AB-CDEF-F00F-A55A10017EE7")
    }
}
