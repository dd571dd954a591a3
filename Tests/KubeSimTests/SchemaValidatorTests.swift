import KubernetesModel
import Testing
@testable import KubeSim

/// The structural checks and pruning the project's CRD does not exercise, on a schema of their own.
@Suite struct SchemaValidatorTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "port": ["x-kubernetes-int-or-string": true],
            "name": ["type": "string", "pattern": "^[a-z]+$"],
            "note": ["type": "string", "nullable": true],
            "tags": ["type": "array", "maxItems": 2, "x-kubernetes-list-type": "set", "items": ["type": "string"]],
            "ratio": ["type": "number", "minimum": 0, "exclusiveMinimum": true],
            "replicas": ["type": "integer", "x-kubernetes-validations": [
                ["rule": "self >= oldSelf", "message": "may not shrink", "reason": "FieldValueForbidden"],
            ]],
            "extra": ["type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": ["known": ["type": "integer"]]],
        ],
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var value: JSONValue
        var old: JSONValue? = nil
        var causes: [APIError.Cause]
        var testDescription: String { "\(value)" }
    }

    static let cases: [Case] = [
        Case(value: ["port": 8080, "name": "web", "note": .null, "tags": ["a", "b"], "ratio": 0.5], causes: []),
        Case(value: ["port": "http"], causes: []),
        Case(value: ["port": true], causes: [.init(
            reason: "FieldValueTypeInvalid",
            message: #"Invalid value: "boolean": port in body must be of type integer,string: "boolean""#, field: "port")]),
        Case(value: ["name": "Web"], causes: [.init(
            reason: "FieldValueInvalid", message: #"Invalid value: "Web": name in body should match '^[a-z]+$'"#, field: "name")]),
        Case(value: ["tags": ["a", "b", "a"]], causes: [
            .init(reason: "FieldValueTooMany", message: "Too many: 3: must have at most 2 items", field: "tags"),
            .init(reason: "FieldValueDuplicate", message: #"Duplicate value: "a""#, field: "tags[2]"),
        ]),
        Case(value: ["tags": [1]], causes: [.init(
            reason: "FieldValueTypeInvalid", message: #"Invalid value: "integer": tags[0] in body must be of type string: "integer""#,
            field: "tags[0]")]),
        Case(value: ["ratio": 0], causes: [.init(
            reason: "FieldValueInvalid", message: "Invalid value: 0: ratio in body should be greater than 0", field: "ratio")]),
        Case(value: ["replicas": 3], causes: []),
        Case(value: ["replicas": 3], old: ["replicas": 2], causes: []),
        Case(value: ["replicas": 1], old: ["replicas": 2], causes: [.init(
            reason: "FieldValueForbidden", message: #"Forbidden: "integer": may not shrink"#, field: "replicas")]),
        Case(value: ["extra": ["known": "x", "free": ["any": 1]]], causes: [.init(
            reason: "FieldValueTypeInvalid", message: #"Invalid value: "string": extra.known in body must be of type integer: "string""#,
            field: "extra.known")]),
    ]

    @Test(arguments: cases) func validates(_ testCase: Case) throws {
        let parsed = try CustomResourceSchema(schema: Self.schema, field: "schema")
        var validator = SchemaValidator(rules: parsed.rules)
        validator.validate(testCase.value, schema: Self.schema, path: "", old: testCase.old)
        #expect(validator.causes == testCase.causes)
    }

    @Test func prunesAllButDeclaredAndPreservedFields() {
        var pruner = UnknownFieldPruner()
        let pruned = pruner.pruneObject(
            ["apiVersion": "v1", "kind": "K", "metadata": ["name": "n", "anything": 1], "port": 1, "gone": 2,
             "extra": ["known": 1, "free": ["any": 1]], "tags": ["a"]],
            schema: Self.schema)
        #expect(pruned == ["apiVersion": "v1", "kind": "K", "metadata": ["name": "n", "anything": 1], "port": 1,
                           "extra": ["known": 1, "free": ["any": 1]], "tags": ["a"]])
        #expect(pruner.unknownFields == ["gone"])
    }
}
