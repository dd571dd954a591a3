import KubernetesModel

/// JSON merge patch (RFC 7386), and the reduction of a strategic merge patch to one.
enum MergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// Drops strategic-merge directives (`$patch`, `$retainKeys`, `$setElementOrder/…`,
    /// `$deleteFromPrimitiveList/…`) so the rest can be applied as a merge patch.
    static func removingDirectives(_ patch: JSONValue) -> JSONValue {
        switch patch {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, value) in members where !key.hasPrefix("$") {
                kept[key] = removingDirectives(value)
            }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map(removingDirectives))
        case .null, .bool, .int, .double, .string:
            return patch
        }
    }
}
