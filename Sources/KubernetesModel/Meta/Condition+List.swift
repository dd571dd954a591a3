extension Array where Element == Condition {
    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? {
        first { $0.type == type }
    }

    /// Sets a condition in a list keyed by `type`, as the API conventions ask: when the status is
    /// unchanged the existing `lastTransitionTime` is kept (only reason, message and
    /// observedGeneration are updated); a new type is appended. Returns whether anything changed.
    @discardableResult
    public mutating func set(_ condition: Condition) -> Bool {
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            append(condition)
            return true
        }
        var updated = condition
        if self[index].status == condition.status {
            updated.lastTransitionTime = self[index].lastTransitionTime
        }
        guard self[index] != updated else { return false }
        self[index] = updated
        return true
    }
}
