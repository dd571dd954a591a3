import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// Custom resources checked against the project's CRD as the real API server checks them:
/// structural schema, CEL rules, pruning and `fieldValidation`.
@Suite struct SchemaValidationTests {
    static func monitor(_ spec: String, name: String = "m") throws -> JSONValue {
        try json("""
            {"apiVersion":"cronmonitor.io/v1alpha1","kind":"CronMonitor","metadata":{"name":"\(name)"},"spec":\(spec)}
            """)
    }

    /// The refusal of creating a monitor with `spec`.
    static func refusal(_ spec: String) throws -> APIError {
        let store = try ObjectStore()
        let monitors = try ProjectManifests.installCRD(store)
        let object = try monitor(spec)
        do {
            _ = try store.create(monitors, namespace: "default", object: object)
        } catch {
            return error
        }
        throw TestFailure("\(spec) was accepted")
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var spec: String
        var field: String
        var reason: String
        var message: String
        var testDescription: String { spec }
    }

    static let refused: [Refused] = [
        Refused(spec: #"{"cronJobName":"backup","onStuck":"Kill"}"#, field: "spec.onStuck", reason: "FieldValueNotSupported",
                message: #"Unsupported value: "Kill": supported values: "Alert", "Terminate""#),
        Refused(spec: #"{"cronJobName":"backup","jobSelector":{"matchLabels":{"a":"b"}},"schedule":"* * * * *"}"#,
                field: "spec", reason: "FieldValueInvalid",
                message: #"Invalid value: "object": exactly one of cronJobName and jobSelector must be set"#),
        Refused(spec: #"{"jobSelector":{"matchLabels":{"a":"b"}}}"#, field: "spec", reason: "FieldValueInvalid",
                message: #"Invalid value: "object": schedule is required with jobSelector"#),
        Refused(spec: #"{}"#, field: "spec", reason: "FieldValueInvalid",
                message: #"Invalid value: "object": exactly one of cronJobName and jobSelector must be set"#),
        Refused(spec: #"{"cronJobName":"backup","historyLimit":0}"#, field: "spec.historyLimit", reason: "FieldValueInvalid",
                message: "Invalid value: 0: spec.historyLimit in body should be greater than or equal to 1"),
        Refused(spec: #"{"cronJobName":"backup","historyLimit":101}"#, field: "spec.historyLimit", reason: "FieldValueInvalid",
                message: "Invalid value: 101: spec.historyLimit in body should be less than or equal to 100"),
        Refused(spec: #"{"cronJobName":"backup","historyLimit":"20"}"#, field: "spec.historyLimit", reason: "FieldValueTypeInvalid",
                message: #"Invalid value: "string": spec.historyLimit in body must be of type integer: "string""#),
        // null takes the default where there is one (suspend); elsewhere it is the wrong type.
        Refused(spec: #"{"cronJobName":"backup","suspend":null,"timeZone":null}"#, field: "spec.timeZone", reason: "FieldValueTypeInvalid",
                message: #"Invalid value: "null": spec.timeZone in body must be of type string: "null""#),
        Refused(spec: #"{"cronJobName":"\#(String(repeating: "a", count: 53))"}"#, field: "spec.cronJobName", reason: "FieldValueTooLong",
                message: "Too long: may not be longer than 52"),
        Refused(spec: #"{"cronJobName":""}"#, field: "spec.cronJobName", reason: "FieldValueInvalid",
                message: #"Invalid value: "": spec.cronJobName in body should be at least 1 chars long"#),
        Refused(spec: #"{"jobSelector":{"matchExpressions":[{"key":"app"}]},"schedule":"* * * * *"}"#,
                field: "spec.jobSelector.matchExpressions[0].operator", reason: "FieldValueRequired", message: "Required value"),
        Refused(spec: #"{"jobSelector":{"matchLabels":{"app":1}},"schedule":"* * * * *"}"#,
                field: "spec.jobSelector.matchLabels.app", reason: "FieldValueTypeInvalid",
                message: #"Invalid value: "integer": spec.jobSelector.matchLabels.app in body must be of type string: "integer""#),
    ]

    @Test(arguments: refused) func refusesWhatTheSchemaForbids(_ expected: Refused) throws {
        let error = try Self.refusal(expected.spec)
        #expect(error.code == 422)
        #expect(error.reason == "Invalid")
        #expect(error.details?.causes == [APIError.Cause(reason: expected.reason, message: expected.message, field: expected.field)])
        #expect(error.message == "CronMonitor.cronmonitor.io \"m\" is invalid: \(expected.field): \(expected.message)")
    }

    @Test func reportsEveryCause() throws {
        let error = try Self.refusal(#"{"cronJobName":"backup","onStuck":"Kill","onOverlap":"Ignore"}"#)
        #expect(error.details?.causes.map(\.field) == ["spec.onOverlap", "spec.onStuck"])
        #expect(error.message.hasPrefix("CronMonitor.cronmonitor.io \"m\" is invalid: [spec.onOverlap: Unsupported value"))
    }

    @Test func prunesUnknownFieldsAndWarnsByDefault() throws {
        let store = try ObjectStore()
        let monitors = try ProjectManifests.installCRD(store)
        let body = try Self.monitor(#"{"cronJobName":"backup","maxDuration":10,"retention":{"keep":1}}"#)
        let warned = try store.create(monitors, namespace: "default", object: body, fieldValidation: .warn)
        #expect(warned.warnings == [#"unknown field "spec.maxDuration""#, #"unknown field "spec.retention.keep""#])
        #expect(warned.object.at("spec.maxDuration") == nil)
        #expect(warned.object.at("spec.retention") == .object([:]))
        #expect(warned.object.at("spec.historyLimit") == .int(20))
        let ignored = try store.create(monitors, namespace: "default", object: try Self.monitor(#"{"cronJobName":"b","x":1}"#, name: "i"),
                                       fieldValidation: .ignore)
        #expect(ignored.warnings.isEmpty)
        #expect(ignored.object.at("spec.x") == nil)
    }

    @Test func strictRefusesUnknownFieldsOnEveryWrite() throws {
        let store = try ObjectStore()
        let monitors = try ProjectManifests.installCRD(store)
        let unknown = try Self.monitor(#"{"cronJobName":"backup","maxDuration":10}"#)
        #expect(throws: APIError.badRequest(
            #"CronMonitor in version "v1alpha1" cannot be handled as a CronMonitor: strict decoding error: unknown field "spec.maxDuration""#)) {
            try store.create(monitors, namespace: "default", object: unknown, fieldValidation: .strict)
        }
        _ = try store.create(monitors, namespace: "default", object: try Self.monitor(#"{"cronJobName":"backup"}"#))
        #expect(throws: APIError.self) {
            try store.update(monitors, namespace: "default", name: "m", object: unknown, subresource: .main, fieldValidation: .strict)
        }
        do {
            _ = try store.patch(monitors, namespace: "default", name: "m", type: .merge, body: Array(#"{"spec":{"maxDuration":10}}"#.utf8),
                                subresource: .main, fieldValidation: .strict)
            Issue.record("the patch was accepted")
        } catch {
            #expect(error.code == 422)
            #expect(error.details?.causes.first?.field == "patch")
            #expect(error.details?.causes.first?.message
                == #"Invalid value: "map[spec:map[maxDuration:10]]": strict decoding error: unknown field "spec.maxDuration""#)
        }
        #expect(try store.get(monitors, namespace: "default", name: "m").at("spec.maxDuration") == nil)
    }

    @Test func statusWritesAreCheckedAgainstTheStatusSchema() throws {
        let store = try ObjectStore()
        let monitors = try ProjectManifests.installCRD(store)
        var object = try store.create(monitors, namespace: "default", object: try Self.monitor(#"{"cronJobName":"backup"}"#))
        object.set("status", try json(#"{"lastResult":"Exploded","runs":[{"jobName":"j"}],"made":"up"}"#))
        do {
            _ = try store.update(monitors, namespace: "default", name: "m", object: object, subresource: .status)
            Issue.record("the status was accepted")
        } catch {
            #expect(error.details?.causes.map(\.field) == ["status.lastResult", "status.runs[0].result"])
        }
        let patched = try store.patch(monitors, namespace: "default", name: "m", type: .merge,
                                      body: Array(#"{"status":{"lastResult":"Succeeded","made":"up"}}"#.utf8),
                                      subresource: .status, fieldValidation: .warn)
        #expect(patched.warnings == [#"unknown field "status.made""#])
        #expect(patched.object.at("status.lastResult") == .string("Succeeded"))
        #expect(patched.object.at("status.made") == nil)
        // A main-resource write is checked without the status it cannot change.
        let updated = try store.patch(monitors, namespace: "default", name: "m", type: .merge,
                                      body: Array(#"{"spec":{"suspend":true}}"#.utf8))
        #expect(updated.at("spec.suspend") == .bool(true))
    }

    @Test func aCRDWithARuleOutsideTheSubsetIsRefused() throws {
        let store = try ObjectStore()
        var crd = try ProjectManifests.crd()
        var versions = try #require(crd.at("spec.versions")?.arrayValue)
        versions[0].set("schema", try json("""
            {"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
              "x-kubernetes-validations":[{"rule":"has(self.a)","message":"a"},{"rule":"self.all(x, x != 'b')","message":"no b"}]}}}}
            """))
        var spec = try #require(crd["spec"])
        spec.set("versions", .array(versions))
        crd.set("spec", spec)
        do {
            _ = try store.create(.customResourceDefinitions, namespace: nil, object: crd)
            Issue.record("the CRD was accepted")
        } catch {
            #expect(error.code == 422)
            let cause = try #require(error.details?.causes.first)
            #expect(error.details?.causes.count == 1)
            #expect(cause.field == "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].rule")
            #expect(cause.message.contains(#""self.all(x, x != 'b')": KubeSim cannot evaluate this rule"#))
        }
        #expect(store.resourceType(group: "cronmonitor.io", version: "v1alpha1", plural: "cronmonitors") == nil)
    }

    @Test func everySampleMonitorIsAccepted() throws {
        let store = try ObjectStore()
        let monitors = try ProjectManifests.installCRD(store)
        let samples = try ProjectManifests.sampleDocuments().filter { $0.document["kind"] == "CronMonitor" }
        #expect(samples.count >= 10)
        for (file, document) in samples {
            let namespace = document.at("metadata.namespace")?.stringValue ?? "default"
            if (try? store.get(.namespaces, namespace: nil, name: namespace)) == nil {
                _ = try store.create(.namespaces, namespace: nil, object: ["metadata": ["name": .string(namespace)]])
            }
            let written = try store.create(monitors, namespace: namespace, object: document, fieldValidation: .strict)
            #expect(written.warnings.isEmpty, "\(file)")
        }
    }
}

/// `fieldValidation` and the refusals over HTTP, as kubectl meets them.
@Suite struct SchemaValidationHTTPTests {
    @Test func fieldValidationOverHTTP() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try ProjectManifests.installCRD(store)
            let path = "/apis/cronmonitor.io/v1alpha1/namespaces/default/cronmonitors"
            let body = #"{"apiVersion":"cronmonitor.io/v1alpha1","kind":"CronMonitor","metadata":{"name":"m"},"spec":{"cronJobName":"b","maxDuration":10}}"#
            let strict = try await client.request("POST", path + "?fieldValidation=Strict", body: body)
            #expect(strict.status == 400)
            #expect(strict.body.at("reason") == "BadRequest")
            let warned = try await client.request("POST", path + "?fieldValidation=Warn", body: body)
            #expect(warned.status == 201)
            #expect(warned.warning == #"299 - "unknown field \"spec.maxDuration\"""#)
            #expect(warned.body.at("spec.maxDuration") == nil)
            let unsupported = try await client.request("POST", path + "?fieldValidation=Loud", body: body)
            #expect(unsupported.status == 400)
            let invalid = try await client.request("PATCH", path + "/m?fieldValidation=Strict", body: #"{"spec":{"onStuck":"Kill"}}"#,
                                                   contentType: "application/merge-patch+json")
            #expect(invalid.status == 422)
            #expect(invalid.body.at("reason") == "Invalid")
            #expect(invalid.body.at("details.causes.0.field") == "spec.onStuck")
            #expect(invalid.body.at("details.causes.0.reason") == "FieldValueNotSupported")
            #expect(invalid.body.at("details.kind") == "CronMonitor")
        }
    }

    @Test func openAPIPublishesTheCustomResourceSchema() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try ProjectManifests.installCRD(store)
            let root = try await client.request("GET", "/openapi/v3")
            #expect(root.body.at("paths")?["apis/cronmonitor.io/v1alpha1"]?["serverRelativeURL"] == "/openapi/v3/apis/cronmonitor.io/v1alpha1")
            let document = try await client.request("GET", "/openapi/v3/apis/cronmonitor.io/v1alpha1")
            let schema = try #require(document.body.at("components.schemas")?["io.cronmonitor.v1alpha1.CronMonitor"])
            #expect(schema.at("x-kubernetes-group-version-kind.0") == ["group": "cronmonitor.io", "version": "v1alpha1", "kind": "CronMonitor"])
            #expect(schema.at("properties.spec.properties.onStuck.enum") == ["Alert", "Terminate"])
        }
    }
}

/// Members a request body names twice, which parsing alone would hide.
@Suite struct DuplicateFieldTests {
    @Test func findsEveryMemberNamedTwiceWithItsPath() {
        let body = #"{"a":1,"spec":{"x":"q\"}","l":[{"k":1,"k":2},[],{"k":[1,{"m":0,"m":{}}]}],"x":2},"a":{"b":[]}}"#
        #expect(DuplicateFieldScanner.duplicates(in: Array(body.utf8)) == ["spec.l[0].k", "spec.l[2].k[1].m", "spec.x", "a"])
    }

    @Test func strictRefusesAndWarnWarnsOverHTTP() async throws {
        try await Harness.withServer { store, client, _ in
            _ = try ProjectManifests.installCRD(store)
            let path = "/apis/cronmonitor.io/v1alpha1/namespaces/default/cronmonitors"
            let body = #"{"apiVersion":"cronmonitor.io/v1alpha1","kind":"CronMonitor","metadata":{"name":"m"},"spec":{"cronJobName":"a","cronJobName":"b"}}"#
            let strict = try await client.request("POST", path + "?fieldValidation=Strict", body: body)
            #expect(strict.status == 400)
            #expect(strict.body.at("message")?.stringValue?.hasSuffix(#"strict decoding error: duplicate field "spec.cronJobName""#) == true)
            let warned = try await client.request("POST", path, body: body)
            #expect(warned.status == 201)
            #expect(warned.warning == #"299 - "duplicate field \"spec.cronJobName\"""#)
            #expect(warned.body.at("spec.cronJobName") == "b")
        }
    }
}
