import KubernetesModel
import Testing
@testable import KubeSim

@Suite struct SelectorAndPatchTests {
    static let labels = ["app": "web", "tier": "front", "env": "prod"]

    @Test(arguments: [
        ("app=web", true), ("app==web", true), ("app!=web", false), ("app=db", false),
        ("tier in (front,back)", true), ("tier notin (front)", false), ("env", true), ("!env", false),
        ("!legacy", true), ("app=web,env in (prod, staging),!legacy", true), ("app=web,tier=back", false), ("", true),
    ])
    func labelSelectorMatches(selector: String, expected: Bool) throws {
        #expect(try LabelSelectorQuery(parsing: selector).matches(Self.labels) == expected)
    }

    @Test(arguments: ["app in web", "=web", "app in (a", "a b c"])
    func malformedLabelSelectorsAreBadRequests(selector: String) {
        #expect(throws: APIError.self) { try LabelSelectorQuery(parsing: selector) }
    }

    @Test func fieldSelectorsRejectUnknownFields() throws {
        let selector = try FieldSelectorQuery(parsing: "spec.replicas=2")
        #expect(throws: APIError.badRequest("field label not supported: spec.replicas")) { try selector.validate(for: .jobs) }
        try FieldSelectorQuery(parsing: "involvedObject.name=x,metadata.namespace!=y").validate(for: .coreEvents)
    }

    @Test(arguments: [
        (#"{"a":1,"b":{"c":2}}"#, #"{"b":{"c":null,"d":3},"e":4}"#, #"{"a":1,"b":{"d":3},"e":4}"#),
        (#"{"list":[1,2]}"#, #"{"list":[3]}"#, #"{"list":[3]}"#),
    ])
    func mergePatch(target: String, patch: String, expected: String) throws {
        #expect(MergePatch.apply(try json(patch), to: try json(target)) == (try json(expected)))
    }

    @Test func strategicDirectivesAreDropped() throws {
        let patch = try json(#"{"spec":{"$setElementOrder/containers":[{"name":"a"}],"x":1}}"#)
        #expect(MergePatch.removingDirectives(patch) == (try json(#"{"spec":{"x":1}}"#)))
    }

    @Test(arguments: [
        (#"[{"op":"add","path":"/a/-","value":3}]"#, #"{"a":[1,2,3],"b":{"c":"x"}}"#),
        (#"[{"op":"replace","path":"/b/c","value":"y"}]"#, #"{"a":[1,2],"b":{"c":"y"}}"#),
        (#"[{"op":"remove","path":"/a/0"}]"#, #"{"a":[2],"b":{"c":"x"}}"#),
        (#"[{"op":"move","from":"/b/c","path":"/d"}]"#, #"{"a":[1,2],"b":{},"d":"x"}"#),
        (#"[{"op":"test","path":"/b/c","value":"x"},{"op":"copy","from":"/b","path":"/e"}]"#, #"{"a":[1,2],"b":{"c":"x"},"e":{"c":"x"}}"#),
    ])
    func jsonPatch(patch: String, expected: String) throws {
        let target = try json(#"{"a":[1,2],"b":{"c":"x"}}"#)
        #expect(try JSONPatch.apply(try json(patch), to: target) == (try json(expected)))
    }

    @Test func failedJSONPatchTestIsRejected() throws {
        #expect(throws: APIError.self) {
            try JSONPatch.apply(try json(#"[{"op":"test","path":"/a","value":2}]"#), to: try json(#"{"a":1}"#))
        }
    }

    static let ageTable: [(Double, String)] = [
        (5, "5s"), (150, "2m30s"), (900, "15m"), (14_460, "4h1m"), (108_000, "30h"), (259_200, "3d"), (3_456_000, "40d"),
    ]

    @Test(arguments: ageTable)
    func ages(seconds: Double, expected: String) {
        #expect(TableRenderer.humanDuration(seconds) == expected)
    }

    @Test(arguments: [
        ("/version", APIRoute.version), ("/healthz", .health("healthz")), ("/openapi/v3", .openAPIRoot), ("/apis", .groupList), ("/apis/batch/v1", .resourceList(group: "batch", version: "v1")),
    ])
    func routes(path: String, expected: APIRoute) {
        #expect(APIRoute(path: path) == expected)
    }

    @Test func namespacedPathsParse() throws {
        let path = try #require(ResourcePath(group: "batch", version: "v1", rest: ["namespaces", "ns", "jobs", "a", "status"]))
        #expect(path.namespace == "ns" && path.plural == "jobs" && path.name == "a" && path.subresource == "status")
        let namespace = try #require(ResourcePath(group: "", version: "v1", rest: ["namespaces", "ns", "status"]))
        #expect(namespace.namespace == nil && namespace.plural == "namespaces" && namespace.name == "ns")
    }
}
