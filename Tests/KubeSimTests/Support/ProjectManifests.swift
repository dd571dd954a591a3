import Foundation
import KubernetesClient
import KubernetesModel
@testable import KubeSim

/// The project's own CRD and sample manifests, read from the repository.
enum ProjectManifests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let crdPath = root.appendingPathComponent("config/crd/bases/cronmonitor.io_cronmonitors.yaml").path

    static func crd() throws -> JSONValue {
        try YAMLParser.parse(try Data(contentsOf: URL(fileURLWithPath: crdPath)))
    }

    /// Installs the CronMonitor CRD in `store` and returns its served resource.
    static func installCRD(_ store: ObjectStore) throws -> ResourceType {
        _ = try store.create(.customResourceDefinitions, namespace: nil, object: try crd())
        guard let resource = store.resourceType(group: "cronmonitor.io", version: "v1alpha1", plural: "cronmonitors") else {
            throw TestFailure("the CronMonitor CRD is not served")
        }
        return resource
    }

    /// Every document of every YAML file in config/samples and demo (kustomization files aside).
    static func sampleDocuments() throws -> [(file: String, document: JSONValue)] {
        var documents: [(String, JSONValue)] = []
        for directory in ["config/samples", "demo"] {
            let folder = root.appendingPathComponent(directory)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" }.sorted()
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for part in text.components(separatedBy: "\n---") {
                    let document = try YAMLParser.parse(part)
                    if document.objectValue != nil { documents.append(("\(directory)/\(file)", document)) }
                }
            }
        }
        return documents
    }
}
