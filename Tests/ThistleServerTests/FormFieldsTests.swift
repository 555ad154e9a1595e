import Testing
import Vapor
@testable import ThistleServer

@Suite("Form fields")
struct FormFieldsTests {
    /// Bodies as browsers send them, and some no browser would.
    static let bodies = [
        "_csrf=abc123&submission=t0k3n&6C3A2045-22F8-4748-AC38-3DE8C01EEECC=4",
        "comment=Caf%C3%A9+and+%2B+sign%26more%3Dequals&empty=&again=1&again=2",
        "a=b=c&%E2%9C%93=tick&spaced%20name=x+y",
        "", "&&", "a=1&&b=2",
        "flag", "a=1&flag", "=nameless", "list[]=1&list[]=2", "obj[key]=v", "a%5Bb%5D=1",
        "bad=%zz", "bad%=1", "half=%E2%9C", "plus=%+", "short=%4", "end=%", "overlong=%C0%AF", "nul=%00", "lower=%c3%a9",
    ]

    @Test("a flat form body is read exactly as Vapor's decoder reads it; anything else is left to Vapor's decoder")
    func sameAsVapor() throws {
        for body in Self.bodies {
            // given
            let vapor = Result { try URLEncodedFormDecoder().decode([String: String].self, from: body) }
            // when
            let flat = FlatForm.fields(of: ByteBuffer(string: body))
            // then: whenever the fast reading answers, Vapor's answers the same
            if let flat { #expect(flat == (try? vapor.get()), "\(body)") }
        }
        // and the bodies forms send are read by the fast reading
        for body in Self.bodies.prefix(6) { #expect(FlatForm.fields(of: ByteBuffer(string: body)) != nil, "\(body)") }
        #expect(FlatForm.fields(of: ByteBuffer(string: Self.bodies[1]))?["comment"] == "Café and + sign&more=equals")
        #expect(FlatForm.fields(of: ByteBuffer(string: Self.bodies[1]))?["again"] == "2")
    }
}
