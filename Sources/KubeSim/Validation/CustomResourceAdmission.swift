import KubernetesModel

extension ObjectStore {
    /// The `fieldValidation` query parameter: what a write does with fields its schema does not
    /// declare. The real server's default is `warn`.
    public enum FieldValidation: String, Sendable, Equatable, CaseIterable {
        /// Refuse the write, naming every unknown field.
        case strict = "Strict"
        /// Drop the fields and answer with a `Warning` header for each.
        case warn = "Warn"
        /// Drop the fields silently.
        case ignore = "Ignore"
    }

    /// A written object with the warnings the server answers with.
    struct Written: Sendable {
        var object: JSONValue
        var warnings: [String] = []
    }

    /// Which write an admission is for: the real server words a strict refusal differently for
    /// decoded bodies (create, update: 400) and for patches (422 on the field `patch`).
    enum WriteKind: Sendable {
        case body
        case patch(JSONValue)
    }
}

extension ResourceType {
    /// Prunes, defaults and validates a custom resource about to be written, the way the real
    /// server does: unknown fields are dropped (or refused under `Strict`, like the
    /// `duplicateFields` the request body named twice), `default:` values
    /// filled in, then the structural schema and the CEL rules checked (only `status` on the
    /// status subresource; not `status` on the main resource when it has the subresource).
    /// Resources without a schema pass unchanged.
    func admit(_ object: JSONValue, old: JSONValue?, subresource: ObjectStore.Subresource,
               fieldValidation: ObjectStore.FieldValidation, kind write: ObjectStore.WriteKind,
               duplicateFields: [String] = []) throws(APIError) -> ObjectStore.Written {
        var object = object
        guard let schema else {
            if let defaults { object = defaults.apply(to: object) }
            return ObjectStore.Written(object: object)
        }
        var pruner = UnknownFieldPruner()
        object = pruner.pruneObject(object, schema: schema.schema)
        var warnings: [String] = []
        let unknown = pruner.unknownFields.map { "unknown field \(JSONText.quoted($0))" }
            + duplicateFields.map { "duplicate field \(JSONText.quoted($0))" }
        if !unknown.isEmpty {
            switch fieldValidation {
            case .strict: throw strictDecodingError(unknown.joined(separator: ", "), write: write)
            case .warn: warnings = unknown
            case .ignore: break
            }
        }
        if let defaults { object = defaults.apply(to: object) }
        var validator = SchemaValidator(rules: schema.rules)
        switch subresource {
        case .main:
            var checked = object
            var previous = old
            if hasStatusSubresource {
                checked.set("status", nil)
                previous?.set("status", nil)
            }
            checked.set("metadata", nil)
            previous?.set("metadata", nil)
            validator.validate(checked, schema: schema.schema, path: "", old: previous)
        case .status:
            if let status = object["status"], let statusSchema = schema.property("status") {
                validator.validate(status, schema: statusSchema, path: "status", old: old?["status"])
            }
        }
        guard validator.causes.isEmpty else {
            throw .invalid(self, name: object.metadataString("name") ?? "", causes: validator.causes)
        }
        return ObjectStore.Written(object: object, warnings: warnings)
    }

    private func strictDecodingError(_ fields: String, write: ObjectStore.WriteKind) -> APIError {
        switch write {
        case .body:
            return .badRequest("\(kind) in version \"\(version)\" cannot be handled as a \(kind): strict decoding error: \(fields)")
        case .patch(let document):
            let cause = APIError.Cause(reason: "FieldValueInvalid",
                                       message: "Invalid value: \(JSONText.quoted(JSONText.goMap(document))): strict decoding error: \(fields)",
                                       field: "patch")
            return APIError(code: 422, reason: "Invalid", message: " \"\" is invalid: patch: \(cause.message)",
                            details: APIError.Details(name: "", group: "", kind: "", causes: [cause]))
        }
    }
}

extension JSONText {
    /// A value as Go's `%+v` prints a decoded JSON document (`map[spec:map[maxDuration:10]]`),
    /// the form the real server quotes a refused patch in.
    static func goMap(_ value: JSONValue) -> String {
        switch value {
        case .null: "<nil>"
        case .bool(let flag): "\(flag)"
        case .int(let integer): "\(integer)"
        case .double(let double): "\(double)"
        case .string(let text): text
        case .array(let elements): "[" + elements.map(goMap).joined(separator: " ") + "]"
        case .object(let members):
            "map[" + members.sorted { $0.key < $1.key }.map { "\($0.key):\(goMap($0.value))" }.joined(separator: " ") + "]"
        }
    }
}
