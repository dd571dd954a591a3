import Foundation
import KubernetesModel

/// JSON patch (RFC 6902): add, remove, replace, move, copy, test.
enum JSONPatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) throws(APIError) -> JSONValue {
        guard let operations = patch.arrayValue else {
            throw .badRequest("a JSON patch must be an array of operations")
        }
        var document = target
        for operation in operations {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw .badRequest("a JSON patch operation needs \"op\" and \"path\"")
            }
            let pointer = try pointer(path)
            switch op {
            case "add":
                document = try write(operation["value"] ?? .null, at: pointer[...], in: document, inserting: true)
            case "remove":
                document = try delete(at: pointer[...], in: document)
            case "replace":
                _ = try read(pointer, in: document)
                document = try write(operation["value"] ?? .null, at: pointer[...], in: document, inserting: false)
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else { throw .badRequest("\(op) operation needs \"from\"") }
                let source = try self.pointer(from)
                let value = try read(source, in: document)
                if op == "move" { document = try delete(at: source[...], in: document) }
                document = try write(value, at: pointer[...], in: document, inserting: true)
            case "test":
                guard try read(pointer, in: document) == (operation["value"] ?? .null) else {
                    throw .invalid(.namespaces, name: "", causes: [])
                        .with(message: "the server rejected our request due to an error in our request: testing value at \(path) failed")
                }
            default:
                throw .badRequest("Unexpected kind: \(op)")
            }
        }
        return document
    }

    static func pointer(_ path: String) throws(APIError) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw .badRequest("invalid JSON pointer: \(path)") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func read(_ pointer: [String], in document: JSONValue) throws(APIError) -> JSONValue {
        var current = document
        for token in pointer {
            switch current {
            case .object(let members):
                guard let next = members[token] else { throw missing(pointer) }
                current = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { throw missing(pointer) }
                current = elements[index]
            case .null, .bool, .int, .double, .string:
                throw missing(pointer)
            }
        }
        return current
    }

    private static func write(_ value: JSONValue, at pointer: ArraySlice<String>, in document: JSONValue,
                              inserting: Bool) throws(APIError) -> JSONValue {
        guard let token = pointer.first else { return value }
        let rest = pointer.dropFirst()
        switch document {
        case .object(var members):
            if rest.isEmpty {
                members[token] = value
            } else {
                guard let child = members[token] else { throw missing(Array(pointer)) }
                members[token] = try write(value, at: rest, in: child, inserting: inserting)
            }
            return .object(members)
        case .array(var elements):
            if rest.isEmpty, inserting {
                if token == "-" { elements.append(value); return .array(elements) }
                guard let index = Int(token), index >= 0, index <= elements.count else { throw missing(Array(pointer)) }
                elements.insert(value, at: index)
                return .array(elements)
            }
            guard let index = Int(token), elements.indices.contains(index) else { throw missing(Array(pointer)) }
            elements[index] = try write(value, at: rest, in: elements[index], inserting: inserting)
            return .array(elements)
        case .null, .bool, .int, .double, .string:
            throw missing(Array(pointer))
        }
    }

    private static func delete(at pointer: ArraySlice<String>, in document: JSONValue) throws(APIError) -> JSONValue {
        guard let token = pointer.first else { throw .badRequest("cannot remove the whole document") }
        let rest = pointer.dropFirst()
        switch document {
        case .object(var members):
            guard let child = members[token] else { throw missing(Array(pointer)) }
            members[token] = rest.isEmpty ? nil : try delete(at: rest, in: child)
            return .object(members)
        case .array(var elements):
            guard let index = Int(token), elements.indices.contains(index) else { throw missing(Array(pointer)) }
            if rest.isEmpty { elements.remove(at: index) } else { elements[index] = try delete(at: rest, in: elements[index]) }
            return .array(elements)
        case .null, .bool, .int, .double, .string:
            throw missing(Array(pointer))
        }
    }

    private static func missing(_ pointer: [String]) -> APIError {
        .invalid(.namespaces, name: "", causes: [])
            .with(message: "the server rejected our request due to an error in our request: "
                + "jsonpatch: path /\(pointer.joined(separator: "/")) does not exist")
    }
}

extension APIError {
    /// The same failure with a plain message and no details (JSON patch failures are reported as
    /// 422 without an object name).
    func with(message: String) -> APIError {
        APIError(code: code, reason: reason, message: message, details: nil)
    }
}
