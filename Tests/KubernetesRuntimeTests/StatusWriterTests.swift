import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct StatusWriterTests {
    static let resource = ResourceDescriptor(
        group: "cronmonitor.io", version: "v1alpha1", kind: "CronMonitor", plural: "cronmonitors", isNamespaced: true)
    static let path = "/apis/cronmonitor.io/v1alpha1/namespaces/ops/cronmonitors/nightly"

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func aChangeIsOnePatchGuardedByResourceVersion() async throws {
        let transport = ScriptedTransport([
            .patch(
                "\(Self.path)/status", contentType: "application/merge-patch+json",
                body: try Self.json(#"{"metadata":{"resourceVersion":"7"},"status":{"totals":{"runs":4},"lastResult":"Failed"}}"#),
                reply: .json(200, #"{"metadata":{"name":"nightly","resourceVersion":"8"}}"#)),
        ])
        let writer = StatusWriter(client: KubernetesClient(transport: transport), resource: Self.resource)
        let result = try await writer.write(
            namespace: "ops", name: "nightly", resourceVersion: "7",
            statusPatch: try Self.json(#"{"lastResult":"Failed","totals":{"runs":4}}"#))
        #expect(result == .written(try Self.json(#"{"metadata":{"name":"nightly","resourceVersion":"8"}}"#)))
        try transport.verifyAllConsumed()
    }

    @Test func aConflictRereadsTheObjectOnceAndHandsItBack() async throws {
        let conflict = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the object has been modified","reason":"Conflict","code":409}"#
        let fresh = #"{"metadata":{"name":"nightly","resourceVersion":"9"},"status":{"lastResult":"Running"}}"#
        let transport = ScriptedTransport([
            .init(.patch, "\(Self.path)/status", reply: .json(409, conflict)),
            .get(Self.path, reply: .json(200, fresh)),
        ])
        let writer = StatusWriter(client: KubernetesClient(transport: transport), resource: Self.resource)
        let result = try await writer.write(
            namespace: "ops", name: "nightly", resourceVersion: "7", statusPatch: try Self.json(#"{"lastResult":"Failed"}"#))
        #expect(result == .conflicted(fresh: try Self.json(fresh)))
        try transport.verifyAllConsumed()
    }
}
