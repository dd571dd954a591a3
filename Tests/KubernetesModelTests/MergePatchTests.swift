import Foundation
import KubernetesModel
import Testing

@Suite struct MergePatchTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// (original, target, expected patch or nil)
    static let cases: [(String, String, String?)] = [
        (#"{"a":1}"#, #"{"a":1}"#, nil),
        (#"{"a":1}"#, #"{"a":2}"#, #"{"a":2}"#),
        (#"{"a":1,"b":2}"#, #"{"a":1}"#, #"{"b":null}"#),
        (#"{"a":{"x":1,"y":2}}"#, #"{"a":{"x":1,"y":3}}"#, #"{"a":{"y":3}}"#),
        (#"{"a":[1,2]}"#, #"{"a":[1,2,3]}"#, #"{"a":[1,2,3]}"#),
        (#"{}"#, #"{"conditions":[{"type":"Ready"}]}"#, #"{"conditions":[{"type":"Ready"}]}"#),
        (#"{"a":{"b":1}}"#, #"{"a":"flat"}"#, #"{"a":"flat"}"#),
        (#"{"a":null}"#, #"{}"#, #"{"a":null}"#),
    ]

    @Test(arguments: cases)
    func diffProducesTheMinimalPatch(original: String, target: String, expected: String?) throws {
        let patch = try Self.json(original).mergePatch(to: Self.json(target))
        #expect(patch == (try expected.map(Self.json)))
    }

    @Test(arguments: cases)
    func applyingTheDiffGivesTheTarget(original: String, target: String, expected: String?) throws {
        let source = try Self.json(original)
        let goal = try Self.json(target)
        let patched = source.mergePatch(to: goal).map { source.applyingMergePatch($0) } ?? source
        // RFC 7386 cannot express an explicit null member; compare without null members.
        #expect(patched.droppingNullMembers() == goal.droppingNullMembers())
    }

    @Test func rfc7386ExampleApplies() throws {
        let original = try Self.json(#"{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}"#)
        let patch = try Self.json(#"{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}"#)
        let expected = try Self.json(#"{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}"#)
        #expect(original.applyingMergePatch(patch) == expected)
    }
}

extension JSONValue {
    func droppingNullMembers() -> JSONValue {
        switch self {
        case .object(let members):
            return .object(members.filter { $0.value != .null }.mapValues { $0.droppingNullMembers() })
        case .array(let elements):
            return .array(elements.map { $0.droppingNullMembers() })
        case .null, .bool, .int, .double, .string:
            return self
        }
    }
}
