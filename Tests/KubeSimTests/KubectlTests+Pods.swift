import Foundation
import KubernetesModel
import Logging
import Testing
@testable import KubeSim

/// kubectl get/delete of the Pods the simulated Job controller creates.
extension KubectlTests {
    @Test func getPodsShowsWhyRunsFailOrWaitThenDeletingTheJobDeletesThem() async throws {
        try await withKubectl { store, kubectl, _ in
            var logger = Logger(label: "kubectl-pods-test")
            logger.logLevel = .critical
            let simulator = JobSimulator(store: store, logger: logger)
            var podNames: [String: String] = [:]
            for (name, outcome) in [("done", "succeed"), ("pull", "image-pull-backoff"), ("big", "oom-killed"), ("stuck", "unschedulable")] {
                let job = try store.create(.jobs, namespace: "default", object: try JobSimulatorTests.job(name, outcome: outcome, runSeconds: 1))
                podNames[name] = PodLifecycle.podName(jobName: name, uid: job.at("metadata.uid")?.stringValue ?? "")
            }
            let now = Date()
            simulator.tick(now: now)
            simulator.tick(now: now.addingTimeInterval(1))
            let listed = try await kubectl.run(["get", "pods"])
            #expect(listed.status == 0, "\(listed.error)")
            let rows = listed.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
            let byName = Dictionary(rows.dropFirst().map { ($0.first ?? "", Array($0.dropFirst().prefix(3))) }, uniquingKeysWith: { first, _ in first })
            #expect(byName[podNames["done"] ?? ""] == ["0/1", "Completed", "0"])
            #expect(byName[podNames["pull"] ?? ""] == ["0/1", "ImagePullBackOff", "0"])
            #expect(byName[podNames["big"] ?? ""] == ["0/1", "OOMKilled", "0"])
            #expect(byName[podNames["stuck"] ?? ""] == ["0/1", "Pending", "0"])
            let wide = try await kubectl.run(["get", "pods", "-o", "wide", "-l", "job-name=pull"])
            #expect(wide.status == 0, "\(wide.error)")
            let wideRows = wide.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(wideRows.first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE", "READINESS", "GATES"])
            #expect(wideRows.count == 2)
            #expect(wideRows.last?.contains("kubesim-node-1") == true)
            let described = try await kubectl.run(["describe", "pod", podNames["big"] ?? "-"])
            #expect(described.status == 0, "\(described.error)")
            #expect(described.output.contains("Controlled By:  Job/big"), "\(described.output)")
            #expect(described.output.contains("Reason:       OOMKilled"), "\(described.output)")
            #expect(described.output.contains("Exit Code:    137"), "\(described.output)")
            let deleted = try await kubectl.run(["delete", "job", "pull"])
            #expect(deleted.status == 0, "\(deleted.error)")
            let remaining = try await kubectl.run(["get", "pods", "-o", "name"])
            #expect(remaining.status == 0, "\(remaining.error)")
            #expect(!remaining.output.contains(podNames["pull"] ?? "-"))
            #expect(remaining.output.contains("pod/\(podNames["done"] ?? "-")"))
        }
    }
}
