import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct KubernetesClientTests {
    static let jobJSON = #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"nightly-1","namespace":"ops","uid":"5f1c","resourceVersion":"77","managedFields":[{"manager":"kube-controller-manager"}]},"spec":{"backoffLimit":6,"template":{"metadata":{"labels":{"app":"backup"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}},"status":{"startTime":"2026-11-23T02:00:03Z","active":1}}"#

    @Test func getDecodesTheObject() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/namespaces/ops/jobs/nightly-1",
                 checks: [ScriptedTransport.Exchange.header("Accept", "application/json")],
                 reply: .json(200, Self.jobJSON)),
        ])
        let job = try await KubernetesClient(transport: transport).get(BatchV1.Job.self, name: "nightly-1", namespace: "ops")
        #expect(job.metadata.uid == "5f1c")
        #expect(job.spec.backoffLimit == 6)
        #expect(job.spec.template?.metadata?.labels == ["app": "backup"])
        #expect(job.status?.startTime == (try Time(rfc3339: "2026-11-23T02:00:03Z")))
        try transport.verifyAllConsumed()
    }

    @Test func getNotFoundIsTyped() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/namespaces/ops/jobs/nightly-28999", reply: .json(404, StatusBodies.notFound)),
        ])
        await #expect {
            _ = try await KubernetesClient(transport: transport).get(BatchV1.Job.self, name: "nightly-28999", namespace: "ops")
        } throws: { error in
            guard case .notFound(let status) = error as? KubernetesError else { return false }
            return status.details?.name == "nightly-28999"
        }
        try transport.verifyAllConsumed()
    }

    @Test func wrongShapedSuccessBodyIsADecodingErrorNamingTheField() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/namespaces/ops/jobs/a", reply: .json(200, #"{"metadata":{"name":"a","generation":"seven"}}"#)),
        ])
        await #expect {
            _ = try await KubernetesClient(transport: transport).get(BatchV1.Job.self, name: "a", namespace: "ops")
        } throws: { error in
            guard case .decoding(let message) = error as? KubernetesError else { return false }
            return message.contains(".metadata.generation") && message.contains("GET /apis/batch/v1/namespaces/ops/jobs/a")
        }
        try transport.verifyAllConsumed()
    }

    @Test func transportFailuresAreWrapped() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/jobs?limit=1", reply: .failure(TransportError(.connect, "connection refused"))),
        ])
        await #expect(throws: KubernetesError.transport(TransportError(.connect, "connection refused"))) {
            _ = try await KubernetesClient(transport: transport).list(BatchV1.Job.self, options: ListOptions(limit: 1))
        }
        try transport.verifyAllConsumed()
    }

    static func page(_ names: [String], resourceVersion: String, continue token: String?) -> String {
        let items = names.map { #"{"metadata":{"name":"\#($0)","namespace":"ops"}}"# }.joined(separator: ",")
        let continueField = token.map { #","continue":"\#($0)""# } ?? ""
        return #"{"kind":"JobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"\#(resourceVersion)"\#(continueField)},"items":[\#(items)]}"#
    }

    @Test func listAllFollowsContinueTokens() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/jobs?labelSelector=app%3Dbackup&limit=2&resourceVersion=0",
                 reply: .json(200, Self.page(["a", "b"], resourceVersion: "100", continue: "tok+1/=="))),
            .get("/apis/batch/v1/jobs?labelSelector=app%3Dbackup&limit=2&continue=tok%2B1%2F%3D%3D",
                 reply: .json(200, Self.page(["c", "d"], resourceVersion: "100", continue: "tok2"))),
            .get("/apis/batch/v1/jobs?labelSelector=app%3Dbackup&limit=2&continue=tok2",
                 reply: .json(200, Self.page(["e"], resourceVersion: "100", continue: nil))),
        ])
        let list = try await KubernetesClient(transport: transport).listAll(
            BatchV1.Job.self, options: ListOptions(labelSelector: "app=backup", limit: 2, resourceVersion: "0"))
        #expect(list.items.map(\.metadata.name) == ["a", "b", "c", "d", "e"])
        #expect(list.metadata.resourceVersion == "100")
        try transport.verifyAllConsumed()
    }

    @Test func listAllDefaultsTo500PerPage() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/namespaces/ops/jobs?limit=500", reply: .json(200, Self.page([], resourceVersion: "9", continue: ""))),
        ])
        let list = try await KubernetesClient(transport: transport).listAll(BatchV1.Job.self, namespace: "ops")
        #expect(list.items.isEmpty)
        #expect(list.metadata.resourceVersion == "9")
        try transport.verifyAllConsumed()
    }

    @Test func listAllSurfacesAnExpiredContinueTokenAsGone() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/jobs?limit=500", reply: .json(200, Self.page(["a"], resourceVersion: "1", continue: "old"))),
            .get("/apis/batch/v1/jobs?limit=500&continue=old", reply: .json(410, StatusBodies.expiredContinue)),
        ])
        await #expect {
            _ = try await KubernetesClient(transport: transport).listAll(BatchV1.Job.self)
        } throws: { error in
            guard case .gone(let status) = error as? KubernetesError else { return false }
            return status.reason == "Expired"
        }
        try transport.verifyAllConsumed()
    }

    @Test func listAllRefusesARepeatedContinueToken() async throws {
        let transport = ScriptedTransport([
            .get("/apis/batch/v1/jobs?limit=500", reply: .json(200, Self.page(["a"], resourceVersion: "1", continue: "same"))),
            .get("/apis/batch/v1/jobs?limit=500&continue=same", reply: .json(200, Self.page(["b"], resourceVersion: "1", continue: "same"))),
        ])
        await #expect(throws: KubernetesError.self) {
            _ = try await KubernetesClient(transport: transport).listAll(BatchV1.Job.self)
        }
        try transport.verifyAllConsumed()
    }

    @Test func createPostsAndConflictsAreTyped() async throws {
        let lease = CoordinationV1.Lease(
            metadata: ObjectMeta(name: "cronmonitor-operator", namespace: "ops"),
            spec: .init(holderIdentity: "pod-a", leaseDurationSeconds: 15))
        let expectedBody = JSONValue.object([
            "apiVersion": .string("coordination.k8s.io/v1"), "kind": .string("Lease"),
            "metadata": .object(["name": .string("cronmonitor-operator"), "namespace": .string("ops")]),
            "spec": .object(["holderIdentity": .string("pod-a"), "leaseDurationSeconds": .int(15)]),
        ])
        var created = lease
        created.metadata.resourceVersion = "1"
        let transport = ScriptedTransport([
            .post("/apis/coordination.k8s.io/v1/namespaces/ops/leases", body: expectedBody, reply: .json(201, encoding: created)),
            .post("/apis/coordination.k8s.io/v1/namespaces/ops/leases", body: expectedBody, reply: .json(409, StatusBodies.alreadyExists)),
        ])
        let client = KubernetesClient(transport: transport)
        #expect(try await client.create(lease) == created)
        await #expect {
            _ = try await client.create(lease)
        } throws: { error in
            guard case .alreadyExists = error as? KubernetesError else { return false }
            return true
        }
        try transport.verifyAllConsumed()
    }

    @Test func patchObjectAndStatus() async throws {
        let transport = ScriptedTransport([
            .patch("/apis/batch/v1/namespaces/ops/jobs/nightly-1", contentType: "application/merge-patch+json",
                   body: .object(["spec": .object(["activeDeadlineSeconds": .int(7200)])]),
                   reply: .json(200, Self.jobJSON)),
            .patch("/apis/batch/v1/namespaces/ops/jobs/nightly-1/status", contentType: "application/json-patch+json",
                   body: .array([.object(["op": .string("remove"), "path": .string("/status/ready")])]),
                   reply: .json(409, StatusBodies.conflict)),
        ])
        let client = KubernetesClient(transport: transport)
        let job = try await client.patch(
            BatchV1.Job.self, name: "nightly-1", namespace: "ops",
            patch: .merge(.object(["spec": .object(["activeDeadlineSeconds": .int(7200)])])))
        #expect(job.metadata.name == "nightly-1")
        await #expect {
            _ = try await client.patch(
                BatchV1.Job.self, name: "nightly-1", namespace: "ops", patch: .json([.remove(path: "/status/ready")]),
                subresource: .status)
        } throws: { error in
            guard let error = error as? KubernetesError, case .conflict = error else { return false }
            return error.isRetryable
        }
        try transport.verifyAllConsumed()
    }

    @Test func replaceUsesPutWithTheResourceVersion() async throws {
        var lease = CoordinationV1.Lease(
            metadata: ObjectMeta(name: "cronmonitor-operator", namespace: "ops", resourceVersion: "41"),
            spec: .init(holderIdentity: "pod-b", leaseTransitions: 2))
        let transport = ScriptedTransport([
            .put("/apis/coordination.k8s.io/v1/namespaces/ops/leases/cronmonitor-operator",
                 body: .object([
                     "apiVersion": .string("coordination.k8s.io/v1"), "kind": .string("Lease"),
                     "metadata": .object([
                         "name": .string("cronmonitor-operator"), "namespace": .string("ops"), "resourceVersion": .string("41"),
                     ]),
                     "spec": .object(["holderIdentity": .string("pod-b"), "leaseTransitions": .int(2)]),
                 ]),
                 reply: .json(409, StatusBodies.conflict)),
        ])
        let client = KubernetesClient(transport: transport)
        await #expect {
            _ = try await client.replace(lease)
        } throws: { error in
            guard case .conflict = error as? KubernetesError else { return false }
            return true
        }
        lease.metadata.name = nil
        await #expect(throws: KubernetesError.self) { _ = try await client.replace(lease) }
        try transport.verifyAllConsumed()
    }

    @Test func deleteWithPreconditions() async throws {
        let transport = ScriptedTransport([
            .delete("/apis/batch/v1/namespaces/ops/jobs/nightly-1",
                    body: .object([
                        "apiVersion": .string("v1"), "kind": .string("DeleteOptions"),
                        "propagationPolicy": .string("Background"), "preconditions": .object(["uid": .string("5f1c")]),
                    ]),
                    reply: .json(200, Self.jobJSON)),
            .delete("/apis/batch/v1/namespaces/ops/jobs/nightly-1", reply: .json(409, StatusBodies.preconditionFailed)),
        ])
        let client = KubernetesClient(transport: transport)
        let options = DeleteOptions(propagationPolicy: .background, preconditions: .init(uid: "5f1c"))
        try await client.delete(BatchV1.Job.self, name: "nightly-1", namespace: "ops", options: options)
        await #expect {
            try await client.delete(BatchV1.Job.self, name: "nightly-1", namespace: "ops", options: options)
        } throws: { error in
            guard case .conflict(let status) = error as? KubernetesError else { return false }
            return status.message?.contains("Precondition failed") == true
        }
        try transport.verifyAllConsumed()
    }

    @Test func customResourcesByDescriptorAsJSONValue() async throws {
        let cronMonitors = ResourceDescriptor(
            group: "cronmonitor.io", version: "v1alpha1", kind: "CronMonitor", plural: "cronmonitors", isNamespaced: true)
        let transport = ScriptedTransport([
            .get("/apis/cronmonitor.io/v1alpha1/namespaces/ops/cronmonitors?limit=500",
                 reply: .json(200, #"{"apiVersion":"cronmonitor.io/v1alpha1","kind":"CronMonitorList","metadata":{"resourceVersion":"5"},"items":[{"metadata":{"name":"backup"},"spec":{"cronJobName":"backup","historyLimit":20}}]}"#)),
        ])
        let list = try await KubernetesClient(transport: transport).listAll(
            resource: cronMonitors, namespace: "ops", as: JSONValue.self)
        #expect(list.items.first?["spec"]?["cronJobName"] == .string("backup"))
        #expect(list.items.first?["spec"]?["historyLimit"]?.intValue == 20)
        try transport.verifyAllConsumed()
    }
}
