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

    @Test("ids compare in the order their upper-case text sorts, which ties between equal dates rely on")
    func orderIsTextOrder() {
        // given: random ids, some sharing leading bytes
        let prefix = UUID().uuid
        let shared = (0..<200).map { _ in
            var bytes = UUID().uuid
            (bytes.0, bytes.1, bytes.2, bytes.3, bytes.4) = (prefix.0, prefix.1, prefix.2, prefix.3, prefix.4)
            return UUID(uuid: bytes)
        }
        let ids = shared + (0..<2_000).map { _ in UUID() }
        // when
        let byID = ids.sorted()
        let byText = ids.sorted { $0.uuidString < $1.uuidString }
        // then
        #expect(byID == byText)
    }

    @Test("an id's text is read back as Foundation reads it, in either case, and text not in the 8-4-4-4-12 hex form is refused")
    func readAsFoundation() {
        // given: random ids written in upper and lower case, and texts that are not ids
        let ids = (0..<5_000).map { _ in UUID() }
        let good = "01234567-89ab-CDEF-f00F-A55A10017EE7"
        let bad = ["", "01234567-89AB-CDEF-F00F-A55A10017EE", "01234567-89AB-CDEF-F00F-A55A10017EE70",
                   "0123456789AB-CDEF-F00F-A55A10017EE7-", "01234567+89AB-CDEF-F00F-A55A10017EE7",
                   "01234567-89AB-CDEF-F00F-A55A10017EEG", "g1234567-89AB-CDEF-F00F-A55A10017EE7",
                   "01234567-89AB-CDEF-F00F:A55A10017EE7", "{1234567-89AB-CDEF-F00F-A55A10017EE}",
                   "01234567-89AB-CDEF-F00F-A55A10017EÉ", " 1234567-89AB-CDEF-F00F-A55A10017EE7"]
        // when / then
        for id in ids {
            #expect(UUID(uuidText: id.uuidString) == id)
            #expect(UUID(uuidText: id.uuidString.lowercased()) == id)
        }
        #expect(UUID(uuidText: good) == UUID(uuidString: good))
        #expect(UUID(uuidText: good)?.uuidText == "01234567-89AB-CDEF-F00F-A55A10017EE7")
        for text in bad { #expect(UUID(uuidText: text) == nil, "refused: \(text)") }
        // Foundation's scanner skips a space before a group and reads " 1234567" as 12345607;
        // this reader takes only the written form.
        #expect(UUID(uuidString: bad.last!) != nil)
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
        // and the 122 random bits are spread: every hex digit appears in the first place and in the last
        #expect(Set(ids.map { $0.uuidString.first! }).count == 16)
        #expect(Set(ids.map { $0.uuidString.last! }).count == 16)
    }
}
