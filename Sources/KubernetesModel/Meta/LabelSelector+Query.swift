extension LabelSelector {
    /// The selector in the `labelSelector` query syntax, e.g. `app=web,tier in (a,b),!legacy`.
    /// Requirements are sorted by key and set values sorted, so equal selectors give equal strings.
    /// An empty selector gives the empty string (select everything).
    public func queryString() throws(LabelSelectorError) -> String {
        try validate()
        var terms: [(key: String, text: String)] = []
        for (key, value) in matchLabels ?? [:] {
            terms.append((key, "\(key)=\(value)"))
        }
        for requirement in matchExpressions ?? [] {
            let values = (requirement.values ?? []).sorted().joined(separator: ",")
            let text: String
            switch requirement.operator {
            case .in: text = "\(requirement.key) in (\(values))"
            case .notIn: text = "\(requirement.key) notin (\(values))"
            case .exists: text = requirement.key
            case .doesNotExist: text = "!\(requirement.key)"
            case .unrecognized(let name): throw LabelSelectorError("unknown operator '\(name)'")
            }
            terms.append((requirement.key, text))
        }
        terms.sort { ($0.key, $0.text) < ($1.key, $1.text) }
        return terms.map(\.text).joined(separator: ",")
    }
}
