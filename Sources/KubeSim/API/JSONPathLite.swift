import Foundation
import KubernetesModel

/// The small subset of JSONPath that printer columns and selectable fields use in practice:
/// `.a.b.c`, optionally `{...}`-wrapped, with `[n]` array indexes and `[?(@.field=="value")]`
/// filters (the first matching element, as a printer column shows it; `@.field` may be a path).
/// Anything else reads as absent.
enum JSONPathLite {
    static func components(of path: String) -> [String] {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("{"), trimmed.hasSuffix("}") { trimmed = trimmed.dropFirst().dropLast() }
        var result: [String] = []
        var current = ""
        var depth = 0
        for character in trimmed {
            switch character {
            case "[" where depth == 0:
                if !current.isEmpty { result.append(current) }
                current = "["
                depth = 1
            case "[":
                depth += 1
                current.append(character)
            case "]" where depth == 1:
                current.append(character)
                result.append(current)
                current = ""
                depth = 0
            case "]":
                depth -= 1
                current.append(character)
            case "." where depth == 0:
                if !current.isEmpty { result.append(current) }
                current = ""
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func evaluate(_ path: String, in value: JSONValue) -> JSONValue? {
        read(components(of: path), in: value)
    }

    static func read(_ components: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for component in components {
            if component.hasPrefix("[?("), component.hasSuffix(")]") {
                guard let (path, expected) = filter(component.dropFirst(3).dropLast(2)),
                    let match = current.arrayValue?.first(where: { read(path, in: $0)?.stringValue == expected })
                else { return nil }
                current = match
            } else if component.hasPrefix("["), component.hasSuffix("]") {
                guard let index = Int(component.dropFirst().dropLast()), let elements = current.arrayValue,
                      elements.indices.contains(index) else { return nil }
                current = elements[index]
            } else {
                guard let next = current[component] else { return nil }
                current = next
            }
        }
        return current
    }

    /// `@.a.b=="v"` (or with single quotes) as the path below `@` and the expected string.
    private static func filter(_ expression: Substring) -> ([String], String)? {
        let parts = expression.split(separator: "==", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let lhs = parts[0].trimmingCharacters(in: .whitespaces)
        var rhs = parts[1].trimmingCharacters(in: .whitespaces)
        guard lhs.hasPrefix("@."), rhs.count >= 2, let quote = rhs.first, quote == "\"" || quote == "'",
            rhs.last == quote
        else { return nil }
        rhs = String(rhs.dropFirst().dropLast())
        return (components(of: String(lhs.dropFirst(2))), rhs)
    }
}
