import KubernetesModel

/// The small subset of JSONPath that printer columns and selectable fields use in practice:
/// `.a.b.c`, optionally `{...}`-wrapped, with `[n]` array indexes. Anything else reads as absent.
enum JSONPathLite {
    static func components(of path: String) -> [String] {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("{"), trimmed.hasSuffix("}") { trimmed = trimmed.dropFirst().dropLast() }
        var result: [String] = []
        for part in trimmed.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            while let open = rest.firstIndex(of: "[") {
                let head = rest[rest.startIndex..<open]
                if !head.isEmpty { result.append(String(head)) }
                guard let close = rest[open...].firstIndex(of: "]") else { break }
                result.append(String(rest[open...close]))
                rest = rest[rest.index(after: close)...]
            }
            if !rest.isEmpty { result.append(String(rest)) }
        }
        return result
    }

    static func evaluate(_ path: String, in value: JSONValue) -> JSONValue? {
        read(components(of: path), in: value)
    }

    static func read(_ components: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for component in components {
            if component.hasPrefix("["), component.hasSuffix("]") {
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
}
