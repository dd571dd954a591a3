import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// Defaults the API server fills in: CRD structural defaults and built-in CronJob/Secret defaults;
/// and the byte form the store writes.
@Suite struct DefaultingTests {
    static let crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"monitors.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"monitors","singular":"monitor","kind":"Monitor"},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{
             "spec":{"type":"object","default":{},"properties":{
               "graceSeconds":{"type":"integer","default":300},
               "onStuck":{"type":"string","default":"Alert"},
               "note":{"type":"string","nullable":true,"default":"n/a"},
               "retention":{"type":"object","properties":{"keep":{"type":"integer","default":3}}},
               "targets":{"type":"array","items":{"type":"object","properties":{"weight":{"type":"integer","default":1}}}},
               "labels":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string","default":"x"}}}}}},
             "status":{"type":"object"}}}}}]}}
        """

    static func monitors(_ store: ObjectStore) throws -> ResourceType {
        _ = try store.create(.customResourceDefinitions, namespace: nil, object: try json(Self.crd))
        return try #require(store.resourceType(group: "example.com", version: "v1", plural: "monitors"))
    }

    @Test func createFillsSchemaDefaultsAtEveryLevel() throws {
        let store = try ObjectStore()
        let monitors = try Self.monitors(store)
        let created = try store.create(monitors, namespace: "default", object: try json("""
            {"apiVersion":"example.com/v1","kind":"Monitor","metadata":{"name":"m"},
             "spec":{"onStuck":"Terminate","note":null,"retention":{},"targets":[{},{"weight":5}],"labels":{"a":{}}}}
            """))
        #expect(created.at("spec.graceSeconds") == .int(300))
        #expect(created.at("spec.onStuck") == .string("Terminate"))
        #expect(created.at("spec.note") == .null)
        #expect(created.at("spec.retention.keep") == .int(3))
        #expect(created.at("spec.targets.0.weight") == .int(1))
        #expect(created.at("spec.targets.1.weight") == .int(5))
        #expect(created.at("spec.labels.a.v") == .string("x"))
        let empty = try store.create(monitors, namespace: "default", object: try json(
            #"{"apiVersion":"example.com/v1","kind":"Monitor","metadata":{"name":"bare"}}"#))
        #expect(empty.at("spec.graceSeconds") == .int(300))
        #expect(empty.at("spec.retention") == nil)
    }

    @Test func patchAndUpdateAreDefaultedToo() throws {
        let store = try ObjectStore()
        let monitors = try Self.monitors(store)
        _ = try store.create(monitors, namespace: "default", object: try json(
            #"{"apiVersion":"example.com/v1","kind":"Monitor","metadata":{"name":"m"},"spec":{"graceSeconds":10}}"#))
        let patched = try store.patch(monitors, namespace: "default", name: "m", type: .merge,
                                      body: Array(#"{"spec":{"graceSeconds":null,"retention":{}}}"#.utf8))
        #expect(patched.at("spec.graceSeconds") == .int(300))
        #expect(patched.at("spec.retention.keep") == .int(3))
        var replacement = patched
        replacement.set("spec", .object(["targets": .array([.object([:])])]))
        let updated = try store.update(monitors, namespace: "default", name: "m", object: replacement)
        #expect(updated.at("spec.targets.0.weight") == .int(1))
        #expect(updated.at("spec.onStuck") == .string("Alert"))
    }

    @Test func cronJobsAndSecretsGetTheServerDefaults() throws {
        let store = try ObjectStore()
        let cronJob = try store.create(.cronJobs, namespace: "default", object: try json(
            #"{"metadata":{"name":"c"},"spec":{"schedule":"@hourly","failedJobsHistoryLimit":4,"jobTemplate":{"spec":{}}}}"#))
        #expect(cronJob.at("spec.concurrencyPolicy") == .string("Allow"))
        #expect(cronJob.at("spec.suspend") == .bool(false))
        #expect(cronJob.at("spec.successfulJobsHistoryLimit") == .int(3))
        #expect(cronJob.at("spec.failedJobsHistoryLimit") == .int(4))
        // A replacement or patch that drops a defaulted field gets it back, as on a real server.
        var replacement = cronJob
        replacement.set("spec", try json(#"{"schedule":"@daily","jobTemplate":{"spec":{}}}"#))
        let replaced = try store.update(.cronJobs, namespace: "default", name: "c", object: replacement)
        #expect(replaced.at("spec.concurrencyPolicy") == .string("Allow"))
        #expect(replaced.at("spec.failedJobsHistoryLimit") == .int(1))
        let patched = try store.patch(
            .cronJobs, namespace: "default", name: "c", type: .merge, body: Array(#"{"spec":{"suspend":null}}"#.utf8))
        #expect(patched.at("spec.suspend") == .bool(false))
        let secret = try store.create(.secrets, namespace: "default", object: try json(#"{"metadata":{"name":"s"},"data":{}}"#))
        #expect(secret["type"] == .string("Opaque"))
    }

    /// A Job created without `manualSelector` is labelled and selected by its own name and UID,
    /// as the API server does; a Job without labels shows its template's, one with labels keeps
    /// only its own; labels and a selector the client set win; `manualSelector: true` is left alone.
    @Test func jobsAreSelectedByTheirOwnUID() throws {
        let store = try ObjectStore()
        let bare = try store.create(.jobs, namespace: "default", object: try json(
            #"{"metadata":{"name":"nightly-1"},"spec":{"template":{"metadata":{"labels":{"app":"x"}},"spec":{}}}}"#))
        let uid = try #require(bare.at("metadata.uid")?.stringValue)
        let expected: JSONValue = [
            "app": "x", "batch.kubernetes.io/job-name": "nightly-1", "job-name": "nightly-1",
            "batch.kubernetes.io/controller-uid": .string(uid), "controller-uid": .string(uid),
        ]
        #expect(bare.at("spec.template.metadata.labels") == expected)
        #expect(bare.at("metadata.labels") == expected)
        #expect(bare.at("spec.selector") == ["matchLabels": ["batch.kubernetes.io/controller-uid": .string(uid)]])

        let labelled = try store.create(.jobs, namespace: "default", object: try json(
            #"{"metadata":{"name":"nightly-2","labels":{"team":"a"}},"spec":{"template":{"metadata":{"labels":{"job-name":"mine"}},"spec":{}}}}"#))
        #expect(labelled.at("metadata.labels") == ["team": "a"])
        #expect(labelled.at("spec.template.metadata.labels.job-name") == .string("mine"))

        let manual = try store.create(.jobs, namespace: "default", object: try json(
            #"{"metadata":{"name":"manual"},"spec":{"manualSelector":true,"selector":{"matchLabels":{"k":"v"}},"template":{"metadata":{"labels":{"k":"v"}},"spec":{}}}}"#))
        #expect(manual.at("spec.selector") == ["matchLabels": ["k": "v"]])
        #expect(manual.at("metadata.labels") == nil)
    }

    @Test(arguments: [
        (#"{"b":1,"a":[true,null,-2.5,"x/y"]}"#, #"{"a":[true,null,-2.5,"x/y"],"b":1}"#),
        (#"{"s":"q\"b\\n\nt\u0001"}"#, #"{"s":"q\"b\\n\nt\u0001"}"#),
        (#"{"d":2.0,"e":1e300,"u":"é"}"#, #"{"d":2,"e":1e+300,"u":"é"}"#),
    ])
    func writerProducesCompactSortedJSON(input: String, expected: String) throws {
        let bytes = try JSONWriter.encode(try JSONParser.parse(Array(input.utf8)))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
