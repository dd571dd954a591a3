import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

@Suite struct JSONParserTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"x"}}"#,
        #"  "escapes: \" \\ \/ \n \t \u00e9 \ud83d\ude00"  "#,
        #"{"unicode":"héllo wörld ✓","empty":{},"list":[]}"#,
    ])
    func agreesWithFoundation(text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test func numbersKeepIntegersExact() throws {
        let parsed = try JSONParser.parse(Array(#"[-12, 3.5, 1.5e3, 0, -0.25, 9223372036854775807]"#.utf8))
        #expect(parsed == .array([.int(-12), .double(3.5), .double(1500), .int(0), .double(-0.25), .int(Int64.max)]))
    }

    @Test(arguments: [#"{"a":}"#, #"[1,2"#, #"tru"#, #"{"a":1} x"#, #""unterminated"#, ""])
    func rejectsMalformedInput(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    /// Found by `make fuzz` (fuzz-patch): a high surrogate followed by an escape that is not a low
    /// surrogate overflowed the code point arithmetic and trapped.
    @Test func loneHighSurrogateBeforeAnotherEscapeBecomesAReplacementCharacter() throws {
        let crashingInput = #"{"s":"\u00e9\ud83d\u54644201,\=\/","n":[1.5e300,-0.0,00000000001454644201,1E2]}"#
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(crashingInput.utf8)) }
        #expect(try JSONParser.parse(Array(#""\ud83d\u5464""#.utf8)) == .string("\u{FFFD}\u{5464}"))
        #expect(try JSONParser.parse(Array(#""\ud83d\ud83d\ude00x""#.utf8)) == .string("\u{FFFD}\u{1F600}x"))
        #expect(try JSONParser.parse(Array(#""\ude00\ud83d""#.utf8)) == .string("\u{FFFD}\u{FFFD}"))
    }

    @Test func roundTripsThroughTheEncoder() throws {
        let value = try Harness.job("a", labels: ["app": "web"])
        #expect(try JSONCoding.decode(try JSONCoding.encode(value)) == value)
    }
}
