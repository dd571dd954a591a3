/// JSON merge patch (RFC 7386): computing the patch between two documents and applying one.
extension JSONValue {
    /// The merge patch that turns `self` into `target`, or `nil` when they are equal.
    ///
    /// Objects are compared member by member (a removed member becomes `null`); anything else
    /// that differs, arrays included, is replaced whole, as RFC 7386 prescribes.
    public func mergePatch(to target: JSONValue) -> JSONValue? {
        guard self != target else { return nil }
        guard case .object(let old) = self, case .object(let new) = target else {
            return target
        }
        var patch: [String: JSONValue] = [:]
        for (key, newValue) in new {
            if let oldValue = old[key] {
                if let memberPatch = oldValue.mergePatch(to: newValue) {
                    patch[key] = memberPatch
                }
            } else {
                patch[key] = newValue
            }
        }
        for key in old.keys where new[key] == nil {
            patch[key] = .null
        }
        return patch.isEmpty ? nil : .object(patch)
    }

    /// `self` with the merge patch `patch` applied.
    public func applyingMergePatch(_ patch: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let existing) = self {
            result = existing
        } else {
            result = [:]
        }
        for (key, value) in members {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = (result[key] ?? .null).applyingMergePatch(value)
            }
        }
        return .object(result)
    }
}
