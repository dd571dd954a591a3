import KubernetesModel

/// How a served resource's objects relate to what the store keeps. Most resources are stored
/// as served; `events.k8s.io/v1` Events are a view of the core `v1` Events (as on a real
/// server), converted field by field on the way in and out.
public enum ObjectForm: Sendable, Equatable {
    case native
    case eventsV1

    /// events.k8s.io/v1 field ↔ core/v1 field.
    static let eventFieldPairs: [(String, String)] = [
        ("regarding", "involvedObject"), ("note", "message"), ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"), ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"),
    ]

    /// The object as stored (core v1 for Events).
    func toStorage(_ object: JSONValue) -> JSONValue {
        switch self {
        case .native:
            return object
        case .eventsV1:
            var converted = Self.renaming(object, Self.eventFieldPairs)
            converted.set("apiVersion", .string("v1"))
            return converted
        }
    }

    /// The object as served by a resource of this form.
    func fromStorage(_ object: JSONValue) -> JSONValue {
        switch self {
        case .native:
            return object
        case .eventsV1:
            var converted = Self.renaming(object, Self.eventFieldPairs.map { ($0.1, $0.0) })
            converted.set("apiVersion", .string("events.k8s.io/v1"))
            return converted
        }
    }

    func fromStorage(bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .native:
            return bytes
        case .eventsV1:
            guard let object = try? JSONCoding.decode(bytes), let encoded = try? JSONCoding.encode(fromStorage(object)) else {
                return bytes
            }
            return encoded
        }
    }

    /// The stored object's field selector name for a served one (`regarding.name` → `involvedObject.name`).
    func storageFieldName(_ field: String) -> String {
        switch self {
        case .native:
            return field
        case .eventsV1:
            for (served, stored) in Self.eventFieldPairs where field == served || field.hasPrefix(served + ".") {
                return stored + field.dropFirst(served.count)
            }
            return field
        }
    }

    func storageSelector(_ selector: FieldSelectorQuery) -> FieldSelectorQuery {
        FieldSelectorQuery(requirements: selector.requirements.map { requirement in
            switch requirement {
            case .equals(let field, let value): .equals(storageFieldName(field), value)
            case .notEquals(let field, let value): .notEquals(storageFieldName(field), value)
            }
        })
    }

    private static func renaming(_ object: JSONValue, _ pairs: [(String, String)]) -> JSONValue {
        guard var members = object.objectValue else { return object }
        var renamed = members
        for (from, _) in pairs { renamed[from] = nil }
        for (from, to) in pairs {
            if let value = members.removeValue(forKey: from) { renamed[to] = value }
        }
        return .object(renamed)
    }
}
