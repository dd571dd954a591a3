import KubernetesModel

/// Drops the fields a structural schema does not declare, as the real server prunes custom
/// resources, and reports each one (`spec.maxDuration`) for `fieldValidation`. Fields under
/// `x-kubernetes-preserve-unknown-fields: true` are kept; an embedded resource keeps its
/// `apiVersion`, `kind` and `metadata`.
struct UnknownFieldPruner {
    private(set) var unknownFields: [String] = []

    /// Prunes a whole object: `apiVersion`, `kind` and `metadata` are always kept at the root.
    mutating func pruneObject(_ object: JSONValue, schema: JSONValue) -> JSONValue {
        prune(object, schema: schema, path: "", keeping: ["apiVersion", "kind", "metadata"])
    }

    private mutating func prune(_ value: JSONValue, schema: JSONValue, path: String, keeping kept: Set<String> = []) -> JSONValue {
        switch value {
        case .object(let members):
            let properties = schema["properties"]?.objectValue ?? [:]
            let additional = schema["additionalProperties"]
            let preserves = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
            let embedded = schema["x-kubernetes-embedded-resource"]?.boolValue == true
            var pruned: [String: JSONValue] = [:]
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if kept.contains(name) || (embedded && ["apiVersion", "kind", "metadata"].contains(name)) {
                    pruned[name] = member
                } else if let property = properties[name] {
                    pruned[name] = prune(member, schema: property, path: SchemaValidator.child(path, name))
                } else if let additional, additional.objectValue != nil {
                    pruned[name] = prune(member, schema: additional, path: SchemaValidator.child(path, name))
                } else if preserves || additional?.boolValue == true {
                    pruned[name] = member
                } else {
                    unknownFields.append(SchemaValidator.child(path, name))
                }
            }
            return .object(pruned)
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.enumerated().map { position, element in
                prune(element, schema: items, path: "\(path)[\(position)]")
            })
        case .null, .bool, .int, .double, .string:
            return value
        }
    }
}
