import CronMonitorAPI
import Foundation
import KubernetesModel
import OperatorServices
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `cronmonitor-operator` binary against KubeSim: it leads, and on SIGTERM it releases
/// its Lease and exits 0 (so a standby takes over at once).
@Suite(.timeLimit(.minutes(5))) struct BinaryShutdownTests {
    static func binary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("cronmonitor-operator") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    @Test func sigtermReleasesTheLeaseAndExitsZero() async throws {
        try await Cluster.with(inProcessOperator: false) { cluster in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("binary-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let kubeconfig = directory.appendingPathComponent("kubeconfig")
            try """
                apiVersion: v1
                kind: Config
                clusters: [{name: sim, cluster: {server: "\(cluster.url.absoluteString)"}}]
                users: [{name: sim, user: {token: \(Cluster.token)}}]
                contexts: [{name: sim, context: {cluster: sim, user: sim}}]
                current-context: sim
                """.write(to: kubeconfig, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = try Self.binary()
            process.arguments = [
                "--kubeconfig", kubeconfig.path, "--leader-elect", "--leader-election-namespace", Cluster.namespace,
                "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0",
                "--log-format", "text",
            ]
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory.path, "POD_NAME": "binary-test"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            try await cluster.eventually("the binary leads") {
                let lease = try? await cluster.client.get(
                    CoordinationV1.Lease.self, name: "cronmonitor-operator", namespace: Cluster.namespace)
                return lease?.spec.holderIdentity?.isEmpty == false
            }
            kill(process.processIdentifier, SIGTERM)
            try await cluster.eventually("the binary exits") { !process.isRunning }
            let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(log)")
            let lease = try await cluster.client.get(
                CoordinationV1.Lease.self, name: "cronmonitor-operator", namespace: Cluster.namespace)
            #expect(lease.spec.holderIdentity == nil || lease.spec.holderIdentity == "", "the lease is released")
            #expect(log.contains("released the leader lease"))
            let starting = log.split(separator: "\n").first { $0.contains("Starting the operator") }
            #expect(starting?.contains("operator.version=\(OperatorVersion.current)") == true, "\(log)")
        }
    }
}
