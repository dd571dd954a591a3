import CronMonitorAPI
import Foundation
import KubeSim
import KubernetesModel
import Logging
import Testing

/// `kubectl get cronmonitors` through the real kubectl, after the operator wrote the statuses:
/// every row explains itself (READY, HEALTHY, REASON), invalid monitors included, and `-o wide`
/// adds LAST RUN and NEXT RUN.
@Suite(.serialized, .timeLimit(.minutes(5))) struct PrinterColumnScenarioTests {
    @Test func everyRowSaysWhyAndWideAddsTheRunTimes() async throws {
        try await Cluster.with { cluster in
            let cronJob = try await cluster.createCronJob("nightly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("nightly", spec: CronMonitorSpec(cronJobName: "nightly"))
            try await cluster.createRun(
                of: cronJob, slot: OperatorScenarioTests.slot(minutesAgo: 2), outcome: "fail")
            try await cluster.createCronJob("weekly", schedule: OperatorScenarioTests.yearly)
            try await cluster.createMonitor("fresh", spec: CronMonitorSpec(cronJobName: "weekly"))
            let etl = LabelSelector(matchLabels: ["app": "etl"])
            try await cluster.createMonitor("typo", spec: CronMonitorSpec(jobSelector: etl, schedule: "61 * * * *"))
            try await cluster.createMonitor("never", spec: CronMonitorSpec(jobSelector: etl, schedule: "0 0 30 2 *"))
            try await cluster.withOperator { _ in
                try await cluster.eventually("every monitor has a status") {
                    var written = 0
                    for name in ["nightly", "fresh", "typo", "never"] {
                        let status = try await cluster.monitor(name).status
                        if status?.reason != nil, name != "nightly" || status?.lastResult == .failed { written += 1 }
                    }
                    return written == 4
                }
            }
            try await Self.withKubectl(on: cluster) { kubectl in
                let table = try await kubectl.table(["get", "cronmonitors", "-n", Cluster.namespace])
                #expect(table.header == [
                    "NAME", "TARGET", "SCHEDULE", "READY", "HEALTHY", "REASON", "ACTIVE", "LAST RESULT", "LAST SUCCESS",
                    "FAILURES", "AGE",
                ])
                #expect(table.row("nightly")?.prefix(10) == [
                    "nightly", "CronJob/nightly", OperatorScenarioTests.yearly, "True", "False", "RunFailed", "0",
                    "Failed", "", "1",
                ])
                #expect(table.row("fresh")?.prefix(6) == [
                    "fresh", "CronJob/weekly", OperatorScenarioTests.yearly, "True", "Unknown", "NoRunsYet",
                ])
                #expect(table.row("typo")?.prefix(6) == [
                    "typo", "selector: app=etl", "61 * * * *", "False", "Unknown", "InvalidSchedule",
                ])
                #expect(table.row("never")?.prefix(6) == [
                    "never", "selector: app=etl", "0 0 30 2 *", "False", "Unknown", "ScheduleNeverFires",
                ])

                let wide = try await kubectl.table(["get", "cronmonitors", "-n", Cluster.namespace, "-o", "wide"])
                #expect(wide.header.suffix(3) == ["AGE", "LAST RUN", "NEXT RUN"])
                let nightly = try #require(wide.row("nightly"))
                let status = try await cluster.monitor("nightly").status
                #expect(nightly.last == status?.nextScheduleTime?.description)
                #expect(nightly.dropLast().last?.hasSuffix("s") == true || nightly.dropLast().last?.hasSuffix("m") == true)
                #expect(wide.row("typo")?.suffix(2) == ["", ""])
            }
        }
    }

    /// Real kubectl against `cluster`'s store, served over TLS (kubectl sends a token only over
    /// TLS) by a second KubeSim server, with a fresh cache directory.
    static func withKubectl(on cluster: Cluster, _ body: (TableKubectl) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("printer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let material = try TLSMaterial.generate(host: "127.0.0.1", now: Date())
        var logger = Logger(label: "kubesim-kubectl")
        logger.logLevel = .critical
        let server = KubeSimServer(
            store: cluster.store, configuration: KubeSimServer.Configuration(token: Cluster.token, tls: material),
            logger: logger)
        try await server.withRunning { url in
            let kubeconfig = Kubeconfig(
                server: url.absoluteString, token: Cluster.token, certificateAuthorityPEM: material.certificateAuthorityPEM)
            let path = directory.appendingPathComponent("kubeconfig").path
            try kubeconfig.yaml.write(toFile: path, atomically: true, encoding: .utf8)
            try await body(TableKubectl(kubeconfig: path, cacheDirectory: directory.appendingPathComponent("cache").path))
        }
    }
}

/// The real kubectl, reading tables by the header's column positions: values with single spaces
/// (a schedule) stay whole, and an empty cell (a CRD column whose value is absent) stays a cell.
struct TableKubectl: Sendable {
    struct Table: Sendable {
        var header: [String]
        var rows: [[String]]

        func row(_ name: String) -> [String]? { rows.first { $0.first == name } }
    }

    var kubeconfig: String
    var cacheDirectory: String

    func table(_ arguments: [String]) async throws -> Table {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kubectl")
        process.arguments = ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "--request-timeout", "60s"] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let (out, err, status) = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = error.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (out, err, process.terminationStatus))
            }
        }
        #expect(status == 0, "kubectl \(arguments.joined(separator: " ")): \(String(decoding: err, as: UTF8.self))")
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map { Array(String($0)) }
        guard let header = lines.first else { return Table(header: [], rows: []) }
        // Each column starts where its header starts (kubectl aligns them); a cell may be empty.
        let starts = header.indices.filter { index in
            header[index] != " " && (index == 0 || (index >= 2 && header[index - 1] == " " && header[index - 2] == " "))
        }
        let cells = lines.map { line in
            starts.enumerated().map { position, start in
                let end = position + 1 < starts.count ? min(starts[position + 1], line.count) : line.count
                return start < end ? String(line[start..<end]).trimmingCharacters(in: .whitespaces) : ""
            }
        }
        return Table(header: cells.first ?? [], rows: Array(cells.dropFirst()))
    }
}
