import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Testing

/// StatusWriter against KubeSim: concurrent writers of one custom resource's status.
@Suite(.timeLimit(.minutes(5))) struct StatusWriterKubeSimTests {
    static let widgets = ResourceDescriptor(group: "example.com", version: "v1", kind: "Widget", plural: "widgets", isNamespaced: true)

    static func createWidget(in store: ObjectStore) throws {
        let crd = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
              "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """.utf8))
        _ = try store.create(.customResourceDefinitions, namespace: nil, object: crd)
        let type = try #require(store.resourceType(group: "example.com", version: "v1", plural: "widgets"))
        let widget = try JSONDecoder().decode(JSONValue.self, from: Data("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"color":"blue"}}
            """.utf8))
        _ = try store.create(type, namespace: "default", object: widget)
    }

    /// Sets `status.<field> = value` with StatusWriter, re-reading and planning again on
    /// `.conflicted`. Returns the number of attempts.
    static func setStatusField(_ field: String, to value: String, writer: StatusWriter) async throws -> Int {
        var attempts = 0
        while true {
            attempts += 1
            let object = try await writer.client.get(resource: widgets, name: "w", namespace: "default", as: JSONValue.self)
            let current = object["status"]
            var members = current?.objectValue ?? [:]
            members[field] = .string(value)
            guard let statusPatch = (current ?? .object([:])).mergePatch(to: .object(members)) else { return attempts }
            let result = try await writer.write(
                namespace: "default", name: "w",
                resourceVersion: object["metadata"]?["resourceVersion"]?.stringValue ?? "", statusPatch: statusPatch)
            switch result {
            case .written:
                return attempts
            case .conflicted:
                continue
            }
        }
    }

    @Test(arguments: [8, 16])
    func conflictStormEndsWithEveryChangeApplied(writers: Int) async throws {
        try await SimCluster.run { cluster in
            try Self.createWidget(in: cluster.store)
            let client = KubernetesClient(transport: try cluster.curlTransport())
            let writer = StatusWriter(client: client, resource: Self.widgets)
            let attempts = try await withDeadline {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<writers {
                        group.addTask { try await Self.setStatusField("field\(index)", to: "value\(index)", writer: writer) }
                    }
                    return try await group.reduce(0, +)
                }
            }
            print("status writers: \(writers), attempts in all: \(attempts)")
            let final = try await client.get(resource: Self.widgets, name: "w", namespace: "default", as: JSONValue.self)
            for index in 0..<writers {
                #expect(final["status"]?["field\(index)"] == .string("value\(index)"), "field\(index) lost")
            }
            #expect(final["spec"]?["color"] == .string("blue"), "a status write must not touch the spec")
            #expect(attempts >= writers)
        }
    }
}
