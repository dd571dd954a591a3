import Foundation
import KubernetesModel
import Testing
@testable import KubernetesClient

@Suite("YAML parser")
struct YAMLParserTests {
    @Test(arguments: [
        ("a: hello", JSONValue.string("hello")),
        ("a: 'true'", .string("true")),
        ("a: \"42\"", .string("42")),
        ("a: true", .bool(true)),
        ("a: yes", .bool(true)),
        ("a: Off", .bool(false)),
        ("a: 42", .int(42)),
        ("a: -7", .int(-7)),
        ("a: 0x1F", .int(31)),
        ("a: 0o17", .int(15)),
        ("a: 017", .int(15)),
        ("a: 1_000", .int(1000)),
        ("a: 1.5", .double(1.5)),
        ("a: ~", .null),
        ("a: null", .null),
        ("a:", .null),
        ("a: !!str 12", .string("12")),
        ("a: 1.2.3", .string("1.2.3")),
        ("a: https://example.com:6443", .string("https://example.com:6443")),
        ("a: |\n  line1\n  line2\n", .string("line1\nline2\n")),
    ])
    func scalarTyping(yaml: String, expected: JSONValue) throws {
        let value = try YAMLParser.parse(yaml)
        #expect(value == .object(["a": expected]))
    }

    @Test func nestedStructure() throws {
        let yaml = """
            clusters:
            - name: one
              cluster: {server: "https://a", insecure-skip-tls-verify: true}
            - name: two
            list: [1, two, 3.0]
            """
        let value = try YAMLParser.parse(yaml)
        #expect(value == .object([
            "clusters": .array([
                .object(["name": .string("one"), "cluster": .object([
                    "server": .string("https://a"), "insecure-skip-tls-verify": .bool(true),
                ])]),
                .object(["name": .string("two")]),
            ]),
            "list": .array([.int(1), .string("two"), .double(3)]),
        ]))
    }

    @Test func anchorsAndAliasesAreExpanded() throws {
        let value = try YAMLParser.parse("base: &b {x: 1}\ncopy: *b\n")
        #expect(value["copy"] == .object(["x": .int(1)]))
    }

    @Test func emptyDocumentIsNull() throws {
        #expect(try YAMLParser.parse("") == .null)
        #expect(try YAMLParser.parse("# only a comment\n") == .null)
    }

    @Test(arguments: [
        ("a: 1\nb: [1, 2\n", 3),
        ("a: 1\n b: 2\n", 2),
        ("a: 1\na: 2\n", 2),
        ("x: *missing\n", 1),
        ("a: 1\n\tb: 2\n", 2),
    ])
    func errorsCarryTheLine(yaml: String, line: Int) {
        #expect(performing: { try YAMLParser.parse(yaml) }, throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.line == line && error.column >= 1 && !error.message.isEmpty
        })
    }

    @Test func duplicateKeyNamesTheKey() {
        #expect(throws: YAMLError(line: 3, column: 1, message: "duplicate key 'a'")) {
            try YAMLParser.parse("a: 1\nb: 2\na: 3\n")
        }
    }
}
