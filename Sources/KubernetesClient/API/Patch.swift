import Foundation
import KubernetesModel

/// A patch of one object. Patches change only what they name, so fields this project does not
/// model are never dropped.
public enum Patch: Sendable, Equatable {
    /// RFC 7386 JSON merge patch: objects merge, `null` deletes, arrays are replaced whole.
    case merge(JSONValue)
    /// RFC 6902 JSON patch: an ordered list of operations, applied atomically.
    case json([JSONPatchOperation])

    /// A merge patch from any encodable value (optionals that are `nil` are left out).
    public static func merge(encoding value: some Encodable) throws(KubernetesError) -> Patch {
        do {
            return .merge(try JSONParser.parse(JSONEncoder().encode(value)))
        } catch {
            throw .invalidRequest("cannot encode merge patch: \(error)")
        }
    }

    public var contentType: String {
        switch self {
        case .merge: "application/merge-patch+json"
        case .json: "application/json-patch+json"
        }
    }

    func body() throws(KubernetesError) -> Data {
        do {
            switch self {
            case .merge(let value): return Data(try JSONWriter.encode(value))
            case .json(let operations): return try APIRequest.makeEncoder().encode(operations)
            }
        } catch {
            throw .invalidRequest("cannot encode patch: \(error)")
        }
    }
}

/// One RFC 6902 operation; paths are JSON pointers (build them with `JSONPatchOperation.pointer`).
public enum JSONPatchOperation: Sendable, Equatable, Encodable {
    case add(path: String, value: JSONValue)
    case remove(path: String)
    case replace(path: String, value: JSONValue)
    /// Fails the whole patch unless the value at `path` equals `value` (an optimistic lock).
    case test(path: String, value: JSONValue)
    case move(from: String, path: String)
    case copy(from: String, path: String)

    /// A JSON pointer from unescaped tokens: `["metadata", "annotations", "a/b"]` →
    /// `/metadata/annotations/a~1b`.
    public static func pointer(_ tokens: [String]) -> String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    private enum CodingKeys: String, CodingKey {
        case op, path, from, value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .add(let path, let value):
            try container.encode("add", forKey: .op)
            try container.encode(path, forKey: .path)
            try container.encode(value, forKey: .value)
        case .remove(let path):
            try container.encode("remove", forKey: .op)
            try container.encode(path, forKey: .path)
        case .replace(let path, let value):
            try container.encode("replace", forKey: .op)
            try container.encode(path, forKey: .path)
            try container.encode(value, forKey: .value)
        case .test(let path, let value):
            try container.encode("test", forKey: .op)
            try container.encode(path, forKey: .path)
            try container.encode(value, forKey: .value)
        case .move(let from, let path):
            try container.encode("move", forKey: .op)
            try container.encode(from, forKey: .from)
            try container.encode(path, forKey: .path)
        case .copy(let from, let path):
            try container.encode("copy", forKey: .op)
            try container.encode(from, forKey: .from)
            try container.encode(path, forKey: .path)
        }
    }
}
