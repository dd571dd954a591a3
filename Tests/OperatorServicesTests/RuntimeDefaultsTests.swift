import Foundation
import Testing

@testable import OperatorServices

@Suite struct RuntimeDefaultsTests {
    @Test func leaderElectionNamespaceOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let none = directory.appendingPathComponent("none").path

        #expect(RuntimeDefaults.leaderElectionNamespace(flag: "flag-ns", environment: ["POD_NAMESPACE": "pod-ns"], serviceAccountDirectory: none) == "flag-ns")
        #expect(RuntimeDefaults.leaderElectionNamespace(flag: nil, environment: ["POD_NAMESPACE": "pod-ns"], serviceAccountDirectory: none) == "pod-ns")
        #expect(RuntimeDefaults.leaderElectionNamespace(flag: nil, environment: [:], serviceAccountDirectory: none) == "default")
        try Data("operators\n".utf8).write(to: directory.appendingPathComponent("namespace"))
        #expect(RuntimeDefaults.leaderElectionNamespace(flag: nil, environment: [:], serviceAccountDirectory: directory.path) == "operators")
    }

    @Test func identityAndReportingInstance() throws {
        let uuid = try #require(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"))
        #expect(RuntimeDefaults.identity(hostname: "node-1", uuid: uuid) == "node-1_e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(RuntimeDefaults.reportingInstance(environment: ["POD_NAME": "op-abc"], hostname: "h") == "op-abc")
        #expect(RuntimeDefaults.reportingInstance(environment: [:], hostname: "h") == "h")
    }

    @Test(arguments: [("default", true), ("team-a", true), ("a", true), ("", false), ("Team", false), ("-a", false), ("a-", false),
                      (String(repeating: "a", count: 64), false), ("a_b", false)])
    func namespaceNames(name: String, valid: Bool) {
        #expect(RuntimeDefaults.isValidNamespace(name) == valid)
    }
}
