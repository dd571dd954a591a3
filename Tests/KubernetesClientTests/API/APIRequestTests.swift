import Foundation
import KubernetesClient
import KubernetesModel
import Testing

@Suite struct APIRequestTests {
    static let cronMonitors = ResourceDescriptor(
        group: "cronmonitor.io", version: "v1alpha1", kind: "CronMonitor", plural: "cronmonitors", isNamespaced: true)
    static let namespaces = ResourceDescriptor(group: "", version: "v1", kind: "Namespace", plural: "namespaces", isNamespaced: false)

    /// (resource, namespace, name, subresource, path)
    static let objectPaths: [(ResourceDescriptor, String?, String, Subresource?, String)] = [
        (BatchV1.Job.resource, "ops", "nightly-1", nil, "/apis/batch/v1/namespaces/ops/jobs/nightly-1"),
        (BatchV1.Job.resource, "ops", "nightly-1", .status, "/apis/batch/v1/namespaces/ops/jobs/nightly-1/status"),
        (CoreV1.Pod.resource, "default", "web-0", nil, "/api/v1/namespaces/default/pods/web-0"),
        (cronMonitors, "ops", "backup", .status, "/apis/cronmonitor.io/v1alpha1/namespaces/ops/cronmonitors/backup/status"),
        (namespaces, nil, "kube-system", nil, "/api/v1/namespaces/kube-system"),
        (CoordinationV1.Lease.resource, "ops", "system:leader", nil, "/apis/coordination.k8s.io/v1/namespaces/ops/leases/system:leader"),
        (BatchV1.Job.resource, "ops", "odd name%", nil, "/apis/batch/v1/namespaces/ops/jobs/odd%20name%25"),
    ]

    @Test(arguments: objectPaths)
    func getPaths(resource: ResourceDescriptor, namespace: String?, name: String, subresource: Subresource?, path: String) throws {
        let request = try APIRequest.get(resource, namespace: namespace, name: name, subresource: subresource)
        #expect(request.method == .get)
        #expect(request.path == path)
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.body == nil)
        #expect(!request.isStreaming)
    }

    /// (resource, namespace, path)
    static let collectionPaths: [(ResourceDescriptor, String?, String)] = [
        (BatchV1.Job.resource, "ops", "/apis/batch/v1/namespaces/ops/jobs"),
        (BatchV1.Job.resource, nil, "/apis/batch/v1/jobs"),
        (BatchV1.CronJob.resource, nil, "/apis/batch/v1/cronjobs"),
        (CoreV1.Event.resource, "ops", "/api/v1/namespaces/ops/events"),
        (EventsV1.Event.resource, "ops", "/apis/events.k8s.io/v1/namespaces/ops/events"),
        (namespaces, nil, "/api/v1/namespaces"),
    ]

    @Test(arguments: collectionPaths)
    func listPathsWithoutOptions(resource: ResourceDescriptor, namespace: String?, path: String) throws {
        #expect(try APIRequest.list(resource, namespace: namespace).path == path)
    }

    @Test func badAddressesAreRefused() {
        #expect(throws: KubernetesError.self) { try APIRequest.get(BatchV1.Job.resource, namespace: nil, name: "a") }
        #expect(throws: KubernetesError.self) { try APIRequest.get(BatchV1.Job.resource, namespace: "ops", name: "") }
        #expect(throws: KubernetesError.self) { try APIRequest.get(BatchV1.Job.resource, namespace: "ops", name: "a/b") }
        #expect(throws: KubernetesError.self) { try APIRequest.get(BatchV1.Job.resource, namespace: "..", name: "a") }
        #expect(throws: KubernetesError.self) { try APIRequest.list(Self.namespaces, namespace: "ops") }
        #expect(throws: KubernetesError.self) {
            try APIRequest.create(BatchV1.Job.resource, namespace: nil, body: BatchV1.Job(metadata: ObjectMeta(name: "a")))
        }
    }

    @Test func listQueryIsPercentEncoded() throws {
        let selector = LabelSelector(
            matchLabels: ["app.kubernetes.io/name": "backup"],
            matchExpressions: [.in("tier", ["batch", "db"]), .doesNotExist("legacy")])
        let options = ListOptions(
            labelSelector: try selector.queryString(),
            fieldSelector: FieldSelector.equals("metadata.name", "a,b=c").and("status.phase", .notEquals, "Running").queryString,
            limit: 500,
            continueToken: "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ==",
            resourceVersion: "0",
            resourceVersionMatch: .notOlderThan,
            timeoutSeconds: 30)
        let request = try APIRequest.list(BatchV1.Job.resource, namespace: "ops", options: options)
        #expect(request.path == "/apis/batch/v1/namespaces/ops/jobs"
            + "?labelSelector=app.kubernetes.io%2Fname%3Dbackup%2C%21legacy%2Ctier%20in%20%28batch%2Cdb%29"
            + "&fieldSelector=metadata.name%3Da%5C%2Cb%5C%3Dc%2Cstatus.phase%21%3DRunning"
            + "&limit=500"
            + "&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ%3D%3D"
            + "&resourceVersion=0&resourceVersionMatch=NotOlderThan&timeoutSeconds=30")
    }

    @Test func typedSelectorOptions() throws {
        let options = try ListOptions(
            labelSelector: LabelSelector(matchLabels: ["a": "1"], matchExpressions: [.notIn("b", ["x", "y"])]),
            fieldSelector: .equals("metadata.namespace", "ops"), limit: 10)
        #expect(options.labelSelector == "a=1,b notin (x,y)")
        #expect(options.fieldSelector == "metadata.namespace=ops")
        #expect(throws: KubernetesError.self) {
            try ListOptions(labelSelector: LabelSelector(matchExpressions: [.in("a", [])]))
        }
    }

    @Test func fieldSelectorEscapesValues() {
        #expect(FieldSelector.equals("metadata.name", #"a\b"#).queryString == #"metadata.name=a\\b"#)
        #expect(FieldSelector.notEquals("status.phase", "Failed").queryString == "status.phase!=Failed")
        #expect(FieldSelector().queryString == "")
    }

    @Test func watchQuery() throws {
        let request = try APIRequest.watch(
            BatchV1.Job.resource, namespace: nil,
            options: WatchOptions(labelSelector: "app=backup", resourceVersion: "4521", timeoutSeconds: 290))
        #expect(request.isStreaming)
        #expect(request.method == .get)
        #expect(request.path == "/apis/batch/v1/jobs?watch=true&labelSelector=app%3Dbackup&resourceVersion=4521&allowWatchBookmarks=true&timeoutSeconds=290")
        let plain = try APIRequest.watch(CoordinationV1.Lease.resource, namespace: "ops", options: WatchOptions(allowWatchBookmarks: false))
        #expect(plain.path == "/apis/coordination.k8s.io/v1/namespaces/ops/leases?watch=true")
    }

    func bodyJSON(_ request: HTTPRequest) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try #require(request.body))
    }

    @Test func createPostsTheObjectWithItsTypeMeta() throws {
        let lease = CoordinationV1.Lease(metadata: ObjectMeta(name: "op", namespace: "ops"), spec: .init(holderIdentity: "pod-a"))
        let request = try APIRequest.create(CoordinationV1.Lease.resource, namespace: "ops", body: lease)
        #expect(request.method == .post)
        #expect(request.path == "/apis/coordination.k8s.io/v1/namespaces/ops/leases")
        #expect(request.headers == ["Accept": "application/json", "Content-Type": "application/json"])
        let body = try bodyJSON(request)
        #expect(body["kind"] == .string("Lease"))
        #expect(body["apiVersion"] == .string("coordination.k8s.io/v1"))
        #expect(body["spec"]?["holderIdentity"] == .string("pod-a"))
    }

    @Test func mergePatchOnStatus() throws {
        let patch = Patch.merge(.object(["status": .object(["observedGeneration": .int(3), "lastResult": .null])]))
        let request = try APIRequest.patch(Self.cronMonitors, namespace: "ops", name: "backup", patch: patch, subresource: .status)
        #expect(request.method == .patch)
        #expect(request.path == "/apis/cronmonitor.io/v1alpha1/namespaces/ops/cronmonitors/backup/status")
        #expect(request.headers["Content-Type"] == "application/merge-patch+json")
        #expect(String(decoding: try #require(request.body), as: UTF8.self) == #"{"status":{"lastResult":null,"observedGeneration":3}}"#)
    }

    @Test func jsonPatchOperations() throws {
        let patch = Patch.json([
            .test(path: "/metadata/uid", value: .string("5f1c")),
            .replace(path: "/spec/activeDeadlineSeconds", value: .int(3600)),
            .add(path: JSONPatchOperation.pointer(["metadata", "annotations", "cronmonitor.io/stuck"]), value: .string("true")),
            .remove(path: "/metadata/labels/tmp"),
            .move(from: "/a", path: "/b"),
            .copy(from: "/c", path: "/d"),
        ])
        let request = try APIRequest.patch(BatchV1.Job.resource, namespace: "ops", name: "nightly-1", patch: patch)
        #expect(request.path == "/apis/batch/v1/namespaces/ops/jobs/nightly-1")
        #expect(request.headers["Content-Type"] == "application/json-patch+json")
        #expect(String(decoding: try #require(request.body), as: UTF8.self) == """
            [{"op":"test","path":"/metadata/uid","value":"5f1c"},\
            {"op":"replace","path":"/spec/activeDeadlineSeconds","value":3600},\
            {"op":"add","path":"/metadata/annotations/cronmonitor.io~1stuck","value":"true"},\
            {"op":"remove","path":"/metadata/labels/tmp"},\
            {"from":"/a","op":"move","path":"/b"},\
            {"from":"/c","op":"copy","path":"/d"}]
            """)
        #expect(JSONPatchOperation.pointer(["a~b", "c/d"]) == "/a~0b/c~1d")
    }

    @Test func mergePatchFromEncodable() throws {
        struct SpecPatch: Encodable { var spec: Spec; struct Spec: Encodable { var activeDeadlineSeconds: Int?; var suspend: Bool? } }
        let patch = try Patch.merge(encoding: SpecPatch(spec: .init(activeDeadlineSeconds: 120, suspend: nil)))
        #expect(patch == .merge(.object(["spec": .object(["activeDeadlineSeconds": .int(120)])])))
    }

    /// (options, body)
    static let deletes: [(DeleteOptions, String)] = [
        (DeleteOptions(), #"{"apiVersion":"v1","kind":"DeleteOptions"}"#),
        (
            DeleteOptions(propagationPolicy: .background, preconditions: .init(uid: "5f1c")),
            #"{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"5f1c"},"propagationPolicy":"Background"}"#
        ),
        (
            DeleteOptions(propagationPolicy: .foreground, preconditions: .init(uid: "5f1c", resourceVersion: "77"), gracePeriodSeconds: 0),
            #"{"apiVersion":"v1","gracePeriodSeconds":0,"kind":"DeleteOptions","preconditions":{"resourceVersion":"77","uid":"5f1c"},"propagationPolicy":"Foreground"}"#
        ),
        (DeleteOptions(propagationPolicy: .orphan), #"{"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Orphan"}"#),
    ]

    @Test(arguments: deletes)
    func deleteCarriesOptions(options: DeleteOptions, body: String) throws {
        let request = try APIRequest.delete(BatchV1.Job.resource, namespace: "ops", name: "nightly-1", options: options)
        #expect(request.method == .delete)
        #expect(request.path == "/apis/batch/v1/namespaces/ops/jobs/nightly-1")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(String(decoding: try #require(request.body), as: UTF8.self) == body)
    }
}
