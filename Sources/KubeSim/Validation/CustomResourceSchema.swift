import KubernetesModel

/// A CRD version's structural `openAPIV3Schema` with its `x-kubernetes-validations` rules parsed:
/// what custom resources of that version are pruned, defaulted and validated against. Creating it
/// fails for a rule outside KubeSim's CEL subset, so such a CRD is refused rather than served
/// without its rule.
public struct CustomResourceSchema: Sendable, Equatable {
    let schema: JSONValue
    /// Every rule of the schema, parsed, by its source text.
    let rules: [String: CELExpression]

    /// Parses the rules of `schema`; `field` is where the schema sits in its CRD (for the causes).
    init(schema: JSONValue, field: String) throws(CustomResourceSchema.Refusal) {
        self.schema = schema
        var rules: [String: CELExpression] = [:]
        var causes: [APIError.Cause] = []
        Self.collectRules(schema, field: field, into: &rules, causes: &causes)
        guard causes.isEmpty else { throw Refusal(causes: causes) }
        self.rules = rules
    }

    /// The causes of a refused schema.
    struct Refusal: Error, Sendable {
        var causes: [APIError.Cause]
    }

    private static func collectRules(_ schema: JSONValue, field: String, into rules: inout [String: CELExpression],
                                     causes: inout [APIError.Cause]) {
        for (position, validation) in (schema["x-kubernetes-validations"]?.arrayValue ?? []).enumerated() {
            let ruleField = "\(field).x-kubernetes-validations[\(position)]"
            let rule = validation["rule"]?.stringValue ?? ""
            for unsupported in ["messageExpression", "optionalOldSelf"] where validation[unsupported] != nil {
                causes.append(.init(reason: "FieldValueInvalid",
                                    message: "Invalid value: \(JSONText.quoted(rule)): KubeSim cannot evaluate rules with \(unsupported)",
                                    field: "\(ruleField).\(unsupported)"))
            }
            do {
                rules[rule] = try CELParser.parse(rule)
            } catch {
                causes.append(.init(reason: "FieldValueInvalid",
                                    message: "Invalid value: \(JSONText.quoted(rule)): KubeSim cannot evaluate this rule: \(error)",
                                    field: "\(ruleField).rule"))
            }
        }
        for (name, property) in (schema["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            collectRules(property, field: "\(field).properties[\(name)]", into: &rules, causes: &causes)
        }
        if let items = schema["items"] { collectRules(items, field: "\(field).items", into: &rules, causes: &causes) }
        if let additional = schema["additionalProperties"], additional.objectValue != nil {
            collectRules(additional, field: "\(field).additionalProperties", into: &rules, causes: &causes)
        }
    }

    /// The schema of the top-level property `name` (e.g. `status`).
    func property(_ name: String) -> JSONValue? {
        schema["properties"]?[name]
    }
}

/// How values appear in the real server's field error messages.
enum JSONText {
    /// A string quoted and escaped (as JSON writes it, which for the messages here is Go's `%q`).
    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONWriter.encode(.string(text))) ?? Array("\"\"".utf8), as: UTF8.self)
    }

    /// A value as `field.Invalid` prints it: strings quoted, numbers and booleans bare.
    static func value(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .int(let integer): "\(integer)"
        case .double(let double): "\(double)"
        case .bool(let flag): "\(flag)"
        case .null: "null"
        case .array, .object: quoted(typeName(value))
        }
    }

    /// The OpenAPI type name of a JSON value.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue {
    /// The value of an integer or a double, for numeric comparisons.
    var numberValue: Double? {
        switch self {
        case .int(let integer): Double(integer)
        case .double(let double): double
        case .null, .bool, .string, .array, .object: nil
        }
    }
}
