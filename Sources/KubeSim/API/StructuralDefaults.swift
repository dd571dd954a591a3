import KubernetesModel

/// The `default:` values of a CRD version's `openAPIV3Schema`, applied the way the real API
/// server applies them to custom resources on every create, update and patch: a property that
/// is absent (or null without `nullable: true`) takes its default, then defaulting descends into
/// object properties, `additionalProperties` values and array `items`. `metadata` is left alone.
public struct StructuralDefaults: Sendable, Equatable {
    let schema: JSONValue

    /// The defaults of `schema`, or nil when it declares none.
    init?(schema: JSONValue?) {
        guard let schema, Self.declaresDefault(schema) else { return nil }
        self.schema = schema
    }

    func apply(to object: JSONValue) -> JSONValue {
        guard var members = object.objectValue else { return object }
        let metadata = members["metadata"]
        members["metadata"] = nil
        var defaulted = Self.apply(schema, to: .object(members))
        if let metadata { defaulted.set("metadata", metadata) }
        return defaulted
    }

    private static func apply(_ schema: JSONValue, to value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            for (name, property) in schema["properties"]?.objectValue ?? [:] {
                let isNullable = property["nullable"]?.boolValue == true
                if let fallback = property["default"], members[name] == nil || (members[name] == .null && !isNullable) {
                    members[name] = fallback
                }
                if let member = members[name] { members[name] = apply(property, to: member) }
            }
            if let additional = schema["additionalProperties"], additional.objectValue != nil {
                let declared = Set((schema["properties"]?.objectValue ?? [:]).keys)
                for (name, member) in members where !declared.contains(name) {
                    members[name] = apply(additional, to: member)
                }
            }
            return .object(members)
        case .array(let elements):
            guard let items = schema["items"] else { return value }
            return .array(elements.map { apply(items, to: $0) })
        case .null, .bool, .int, .double, .string:
            return value
        }
    }

    private static func declaresDefault(_ schema: JSONValue) -> Bool {
        switch schema {
        case .object(let members):
            members["default"] != nil || members.values.contains(where: declaresDefault)
        case .array(let elements):
            elements.contains(where: declaresDefault)
        case .null, .bool, .int, .double, .string:
            false
        }
    }
}
