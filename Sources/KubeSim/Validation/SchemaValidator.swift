import Foundation
import KubernetesModel

/// Checks a custom resource against its structural schema and its `x-kubernetes-validations`
/// rules, collecting field causes worded as the real API server words them
/// (`spec.onStuck: Unsupported value: "Kill": supported values: "Alert", "Terminate"`).
struct SchemaValidator {
    let rules: [String: CELExpression]
    private(set) var causes: [APIError.Cause] = []

    init(rules: [String: CELExpression]) {
        self.rules = rules
    }

    /// Validates `value` at `path` against `schema`; `old` is the stored value at the same path
    /// on an update (for transition rules that read `oldSelf`).
    mutating func validate(_ value: JSONValue, schema: JSONValue, path: String, old: JSONValue?) {
        if value == .null {
            if schema["nullable"]?.boolValue == true { return }
            if let type = schema["type"]?.stringValue {
                typeInvalid(path, actual: "null", expected: type)
            }
            return
        }
        let isIntOrString = schema["x-kubernetes-int-or-string"]?.boolValue == true
        if isIntOrString {
            guard value.stringValue != nil || Self.isInteger(value) else {
                causes.append(.init(reason: "FieldValueTypeInvalid",
                                    message: "Invalid value: \(JSONText.quoted(JSONText.typeName(value))): \(path) in body must be of type integer,string: \(JSONText.quoted(JSONText.typeName(value)))",
                                    field: path))
                return
            }
        } else if let type = schema["type"]?.stringValue, !Self.matches(value, type: type) {
            typeInvalid(path, actual: JSONText.typeName(value), expected: type)
            return
        }
        let before = causes.count
        checkEnum(value, schema: schema, path: path)
        switch value {
        case .string(let text): checkString(text, schema: schema, path: path)
        case .int, .double: checkNumber(value, schema: schema, path: path)
        case .array(let elements): checkArray(elements, schema: schema, path: path, old: old?.arrayValue)
        case .object(let members): checkObject(members, schema: schema, path: path, old: old?.objectValue)
        case .null, .bool: break
        }
        if causes.count == before { checkRules(value, schema: schema, path: path, old: old) }
    }

    private mutating func typeInvalid(_ path: String, actual: String, expected: String) {
        causes.append(.init(reason: "FieldValueTypeInvalid",
                            message: "Invalid value: \(JSONText.quoted(actual)): \(path) in body must be of type \(expected): \(JSONText.quoted(actual))",
                            field: path))
    }

    private mutating func invalid(_ path: String, _ value: JSONValue, _ detail: String) {
        causes.append(.init(reason: "FieldValueInvalid", message: "Invalid value: \(JSONText.value(value)): \(detail)", field: path))
    }

    private mutating func checkEnum(_ value: JSONValue, schema: JSONValue, path: String) {
        guard let allowed = schema["enum"]?.arrayValue, !allowed.contains(where: { CELEvaluator.equal($0, value) }) else { return }
        let supported = allowed.map(JSONText.value).joined(separator: ", ")
        causes.append(.init(reason: "FieldValueNotSupported",
                            message: "Unsupported value: \(JSONText.value(value)): supported values: \(supported)", field: path))
    }

    private mutating func checkString(_ text: String, schema: JSONValue, path: String) {
        let length = text.unicodeScalars.count
        if let maximum = schema["maxLength"]?.intValue, length > maximum {
            causes.append(.init(reason: "FieldValueTooLong", message: "Too long: may not be longer than \(maximum)", field: path))
        }
        if let minimum = schema["minLength"]?.intValue, length < minimum {
            invalid(path, .string(text), "\(path) in body should be at least \(minimum) chars long")
        }
        if let pattern = schema["pattern"]?.stringValue {
            if let expression = try? NSRegularExpression(pattern: pattern) {
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                if expression.firstMatch(in: text, range: range) == nil {
                    invalid(path, .string(text), "\(path) in body should match '\(pattern)'")
                }
            }
        }
    }

    private mutating func checkNumber(_ value: JSONValue, schema: JSONValue, path: String) {
        guard let number = value.numberValue else { return }
        if let minimum = schema["minimum"]?.numberValue {
            let exclusive = schema["exclusiveMinimum"]?.boolValue == true
            if exclusive ? number <= minimum : number < minimum {
                invalid(path, value, "\(path) in body should be greater than \(exclusive ? "" : "or equal to ")\(JSONText.value(schema["minimum"] ?? .null))")
            }
        }
        if let maximum = schema["maximum"]?.numberValue {
            let exclusive = schema["exclusiveMaximum"]?.boolValue == true
            if exclusive ? number >= maximum : number > maximum {
                invalid(path, value, "\(path) in body should be less than \(exclusive ? "" : "or equal to ")\(JSONText.value(schema["maximum"] ?? .null))")
            }
        }
        if let factor = schema["multipleOf"]?.numberValue, factor != 0,
           (number / factor).rounded() != number / factor {
            invalid(path, value, "\(path) in body should be a multiple of \(JSONText.value(schema["multipleOf"] ?? .null))")
        }
    }

    private mutating func checkArray(_ elements: [JSONValue], schema: JSONValue, path: String, old: [JSONValue]?) {
        if let maximum = schema["maxItems"]?.intValue, elements.count > maximum {
            causes.append(.init(reason: "FieldValueTooMany",
                                message: "Too many: \(elements.count): must have at most \(maximum) items", field: path))
        }
        if let minimum = schema["minItems"]?.intValue, elements.count < minimum {
            invalid(path, .array(elements), "\(path) in body should have at least \(minimum) items")
        }
        if schema["x-kubernetes-list-type"]?.stringValue == "set" {
            for (position, element) in elements.enumerated() where elements[..<position].contains(element) {
                causes.append(.init(reason: "FieldValueDuplicate", message: "Duplicate value: \(JSONText.value(element))",
                                    field: "\(path)[\(position)]"))
            }
        }
        guard let items = schema["items"] else { return }
        for (position, element) in elements.enumerated() {
            validate(element, schema: items, path: "\(path)[\(position)]", old: nil)
        }
    }

    private mutating func checkObject(_ members: [String: JSONValue], schema: JSONValue, path: String, old: [String: JSONValue]?) {
        for required in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where members[required] == nil {
            causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: Self.child(path, required)))
        }
        if let maximum = schema["maxProperties"]?.intValue, members.count > maximum {
            causes.append(.init(reason: "FieldValueTooMany",
                                message: "Too many: \(members.count): must have at most \(maximum) items", field: path))
        }
        if let minimum = schema["minProperties"]?.intValue, members.count < minimum {
            invalid(path, .object(members), "\(path) in body should have at least \(minimum) properties")
        }
        let properties = schema["properties"]?.objectValue ?? [:]
        let additional = schema["additionalProperties"].flatMap { $0.objectValue != nil ? $0 : nil }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let property = properties[name] {
                validate(member, schema: property, path: Self.child(path, name), old: old?[name])
            } else if let additional {
                validate(member, schema: additional, path: Self.child(path, name), old: old?[name])
            }
        }
    }

    private mutating func checkRules(_ value: JSONValue, schema: JSONValue, path: String, old: JSONValue?) {
        for validation in schema["x-kubernetes-validations"]?.arrayValue ?? [] {
            let rule = validation["rule"]?.stringValue ?? ""
            guard let expression = rules[rule] else { continue }
            if expression.readsOldSelf && old == nil { continue }
            var variables = ["self": value]
            if let old { variables["oldSelf"] = old }
            let field = path + (validation["fieldPath"]?.stringValue ?? "")
            let reason = validation["reason"]?.stringValue ?? "FieldValueInvalid"
            let type = JSONText.quoted(schema["type"]?.stringValue ?? JSONText.typeName(value))
            let message = validation["message"]?.stringValue ?? "failed rule: \(rule)"
            do {
                let result = try CELEvaluator(variables: variables).evaluate(expression)
                guard result != .bool(true) else { continue }
                let detail = result == .bool(false) ? message : "rule \(rule) did not evaluate to a bool"
                causes.append(.init(reason: reason, message: "\(Self.errorType(reason)): \(type): \(detail)", field: field))
            } catch {
                causes.append(.init(reason: reason, message: "\(Self.errorType(reason)): \(type): \(message): \(error)", field: field))
            }
        }
    }

    /// The message prefix of a field error reason (`FieldValueForbidden` → `Forbidden`).
    private static func errorType(_ reason: String) -> String {
        switch reason {
        case "FieldValueForbidden": "Forbidden"
        case "FieldValueRequired": "Required value"
        case "FieldValueDuplicate": "Duplicate value"
        default: "Invalid value"
        }
    }

    static func child(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch type {
        case "object": value.objectValue != nil
        case "array": value.arrayValue != nil
        case "string": value.stringValue != nil
        case "boolean": value.boolValue != nil
        case "integer": isInteger(value)
        case "number": value.numberValue != nil
        default: true
        }
    }

    private static func isInteger(_ value: JSONValue) -> Bool {
        switch value {
        case .int: true
        case .double(let double): double.rounded() == double
        case .null, .bool, .string, .array, .object: false
        }
    }
}
