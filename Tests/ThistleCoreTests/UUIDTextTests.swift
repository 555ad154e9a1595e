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

@Suite("Random ids")
struct RandomUUIDTests {
    @Test("random ids are version 4 of the RFC variant, and ten thousand of them are all different")
    func versionFourAndDistinct() {
        // given / when
        let ids = (0..<10_000).map { _ in UUID.random() }
        // then
        for id in ids.prefix(1_000) {
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
        }
        #expect(Set(ids).count == ids.count)
        // and the 122 random bits are spread: every hex digit appears in the first group's first place
        #expect(Set(ids.map { $0.uuidString.first! }).count == 16)
    }
}
