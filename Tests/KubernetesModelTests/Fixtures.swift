import Foundation
import KubernetesModel

/// The Kubernetes API round-trip fixtures in `<repo>/../shared/fixtures/kubernetes-api`.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // KubernetesModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/fixtures/kubernetes-api")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(name))
    }

    static func time(_ text: String) throws -> Time {
        try Time(rfc3339: text)
    }

    static func microTime(_ text: String) throws -> MicroTime {
        try MicroTime(rfc3339: text)
    }
}
