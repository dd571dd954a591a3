import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// Real kubectl (HTTPS with the self-signed CA and a bearer token: kubectl sends tokens only
/// over TLS) against an in-process KubeSim.
@Suite(.serialized, .timeLimit(.minutes(5))) struct KubectlTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            additionalPrinterColumns:
            - {name: Color, type: string, jsonPath: .spec.color}
            - {name: Size, type: integer, jsonPath: .spec.size}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
        """

    static let widget = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: blue-one
        spec: {color: blue, size: 3}
        """

    /// Runs `body` with a TLS KubeSim, a kubeconfig trusting its CA, and a scratch directory.
    func withKubectl(_ body: (ObjectStore, Kubectl, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let material = try TLSMaterial.generate(host: "127.0.0.1", now: Date())
        try await Harness.withServer(tls: material) { store, _, url in
            let kubeconfig = Kubeconfig(server: url.absoluteString, token: Harness.token,
                                        certificateAuthorityPEM: material.certificateAuthorityPEM)
            let path = directory.appendingPathComponent("kubeconfig").path
            try kubeconfig.yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let kubectl = Kubectl(kubeconfigPath: path, cacheDirectory: directory.appendingPathComponent("cache").path)
            try await body(store, kubectl, directory)
        }
    }

    @Test func applyCRDThenCustomResourceAndGetPrinterColumns() async throws {
        try await withKubectl { store, kubectl, directory in
            let crdFile = directory.appendingPathComponent("crd.yaml")
            let widgetFile = directory.appendingPathComponent("widget.yaml")
            try Self.crd.write(to: crdFile, atomically: true, encoding: .utf8)
            try Self.widget.write(to: widgetFile, atomically: true, encoding: .utf8)
            let appliedCRD = try await kubectl.run(["apply", "-f", crdFile.path])
            #expect(appliedCRD.status == 0, "\(appliedCRD.error)")
            let appliedWidget = try await kubectl.run(["apply", "-f", widgetFile.path])
            #expect(appliedWidget.status == 0, "\(appliedWidget.error)")
            #expect(appliedWidget.output.contains("widget.example.com/blue-one created"))
            let widgets = try #require(store.resourceType(group: "example.com", version: "v1", plural: "widgets"))
            #expect(try store.get(widgets, namespace: "default", name: "blue-one").at("spec.color") == .string("blue"))
            let listed = try await kubectl.run(["get", "widgets"])
            #expect(listed.status == 0, "\(listed.error)")
            let lines = listed.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(lines.first == ["NAME", "COLOR", "SIZE", "AGE"])
            #expect(lines.dropFirst().first?.prefix(3) == ["blue-one", "blue", "3"])
            try Self.widget.replacingOccurrences(of: "blue, size", with: "red, size")
                .write(to: widgetFile, atomically: true, encoding: .utf8)
            let reapplied = try await kubectl.run(["apply", "-f", widgetFile.path])
            #expect(reapplied.status == 0, "\(reapplied.error)")
            #expect(try store.get(widgets, namespace: "default", name: "blue-one").at("spec.color") == .string("red"))
        }
    }

    @Test func getAndDeleteJobs() async throws {
        try await withKubectl { store, kubectl, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("backup-1"))
            var finished = try store.create(.jobs, namespace: "default", object: try Harness.job("backup-2"))
            finished.set("status", try json("""
                {"startTime":"2025-01-01T00:00:00Z","completionTime":"2025-01-01T00:00:10Z","succeeded":1,
                 "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}
                """))
            _ = try store.update(.jobs, namespace: "default", name: "backup-2", object: finished, subresource: .status)
            let listed = try await kubectl.run(["get", "jobs"])
            #expect(listed.status == 0, "\(listed.error)")
            let rows = listed.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.first == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"])
            #expect(rows.dropFirst().first?.prefix(3) == ["backup-1", "Running", "0/1"])
            #expect(rows.dropFirst(2).first?.prefix(4) == ["backup-2", "Complete", "1/1", "10s"])
            #expect(listed.output.contains("backup-1") && listed.output.contains("backup-2"))
            let deleted = try await kubectl.run(["delete", "job", "backup-1"])
            #expect(deleted.status == 0, "\(deleted.error)")
            #expect(throws: APIError.notFound(.jobs, name: "backup-1")) {
                try store.get(.jobs, namespace: "default", name: "backup-1")
            }
        }
    }

    @Test func watchReceivesAChange() async throws {
        try await withKubectl { store, kubectl, _ in
            _ = try store.create(.jobs, namespace: "default", object: try Harness.job("nightly"))
            let watch = try kubectl.stream(["get", "jobs", "--watch", "--output-watch-events"])
            defer { watch.stop() }
            var lines = watch.lines.makeAsyncIterator()
            var sawInitial = false
            while let line = await lines.next() {
                if line.contains("ADDED") && line.contains("nightly") { sawInitial = true; break }
            }
            #expect(sawInitial)
            _ = try store.delete(.jobs, namespace: "default", name: "nightly", options: ObjectStore.DeleteOptions(propagationPolicy: .background))
            var sawDeletion = false
            while let line = await lines.next() {
                if line.contains("DELETED") && line.contains("nightly") { sawDeletion = true; break }
            }
            #expect(sawDeletion)
        }
    }
}
