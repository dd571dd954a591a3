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

    @Test func unchangedStatusSendsNothing() async throws {
        let transport = ScriptedTransport([])
        let writer = StatusWriter(client: KubernetesClient(transport: transport), resource: Self.resource)
        let status = try Self.json(#"{"lastResult":"Succeeded","totals":{"runs":3}}"#)
        let result = try await writer.write(namespace: "ops", name: "nightly", resourceVersion: "7", current: status, desired: status)
        #expect(result == .unchanged)
        try transport.verifyAllConsumed()
    }

    @Test func aChangeIsOnePatchOfOnlyTheChangedFieldsGuardedByResourceVersion() async throws {
        let transport = ScriptedTransport([
            .patch(
                "\(Self.path)/status", contentType: "application/merge-patch+json",
                body: try Self.json(#"{"metadata":{"resourceVersion":"7"},"status":{"totals":{"runs":4},"lastResult":"Failed"}}"#),
                reply: .json(200, #"{"metadata":{"name":"nightly","resourceVersion":"8"}}"#)),
        ])
        let writer = StatusWriter(client: KubernetesClient(transport: transport), resource: Self.resource)
        let result = try await writer.write(
            namespace: "ops", name: "nightly", resourceVersion: "7",
            current: try Self.json(#"{"lastResult":"Succeeded","totals":{"runs":3,"failed":0}}"#),
            desired: try Self.json(#"{"lastResult":"Failed","totals":{"runs":4,"failed":0}}"#))
        #expect(result == .written(resourceVersion: "8"))
        try transport.verifyAllConsumed()
    }

    @Test(arguments: [
        (#"{"lastResult":"Failed"}"#, StatusWriteResult.unchanged),
        (#"{"lastResult":"Running"}"#, StatusWriteResult.conflicted(freshResourceVersion: "9")),
    ])
    func aConflictRereadsTheObject(freshStatus: String, expected: StatusWriteResult) async throws {
        let conflict = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the object has been modified","reason":"Conflict","code":409}"#
        let transport = ScriptedTransport([
            .init(.patch, "\(Self.path)/status", reply: .json(409, conflict)),
            .get(Self.path, reply: .json(200, #"{"metadata":{"name":"nightly","resourceVersion":"9"},"status":\#(freshStatus)}"#)),
        ])
        let writer = StatusWriter(client: KubernetesClient(transport: transport), resource: Self.resource)
        let result = try await writer.write(
            namespace: "ops", name: "nightly", resourceVersion: "7",
            current: try Self.json(#"{"lastResult":"Succeeded"}"#),
            desired: try Self.json(#"{"lastResult":"Failed"}"#))
        #expect(result == expected)
        try transport.verifyAllConsumed()
    }
}
