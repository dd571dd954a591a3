extension LabelSelector {
    /// Checks the selector's shape as the API server does: known operators, values present exactly
    /// for `In`/`NotIn`, non-empty keys.
    public func validate() throws(LabelSelectorError) {
        for (key, _) in matchLabels ?? [:] where key.isEmpty {
            throw LabelSelectorError("matchLabels has an empty key")
        }
        for requirement in matchExpressions ?? [] {
            try requirement.validate()
        }
    }

    /// Whether an object with `labels` is selected. An invalid selector selects nothing.
    public func matches(labels: [String: String]) -> Bool {
        do {
            try validate()
        } catch {
            return false
        }
        for (key, value) in matchLabels ?? [:] where labels[key] != value {
            return false
        }
        for requirement in matchExpressions ?? [] where !requirement.matches(labels: labels) {
            return false
        }
        return true
    }
}

extension LabelSelectorRequirement {
    public func validate() throws(LabelSelectorError) {
        guard !key.isEmpty else { throw LabelSelectorError("a requirement has an empty key") }
        let count = values?.count ?? 0
        switch self.operator {
        case .in, .notIn:
            guard count > 0 else {
                throw LabelSelectorError("operator \(self.operator.rawValue) on '\(key)' needs at least one value")
            }
        case .exists, .doesNotExist:
            guard count == 0 else {
                throw LabelSelectorError("operator \(self.operator.rawValue) on '\(key)' takes no values")
            }
        case .unrecognized(let name):
            throw LabelSelectorError("unknown operator '\(name)' on '\(key)'")
        }
    }

    /// Whether `labels` satisfy this requirement (assumes `validate()` passed).
    public func matches(labels: [String: String]) -> Bool {
        let value = labels[key]
        switch self.operator {
        case .in:
            guard let value else { return false }
            return values?.contains(value) ?? false
        case .notIn:
            guard let value else { return true }
            return !(values?.contains(value) ?? false)
        case .exists:
            return value != nil
        case .doesNotExist:
            return value == nil
        case .unrecognized:
            return false
        }
    }
}
