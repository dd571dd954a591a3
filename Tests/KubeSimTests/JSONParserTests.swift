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
        #expect(throws: APIError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func roundTripsThroughTheEncoder() throws {
        let value = try Harness.job("a", labels: ["app": "web"])
        #expect(try JSONCoding.decode(try JSONCoding.encode(value)) == value)
    }
}
