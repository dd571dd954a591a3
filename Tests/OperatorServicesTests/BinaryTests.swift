import Foundation
import Testing

/// The built `cronmonitor-operator` run as a subprocess: flag and configuration errors.
@Suite struct BinaryTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable next to the test bundle (`.build/<triple>/debug`).
    static func binary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("cronmonitor-operator") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home"].merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test(arguments: [
        ["--no-such-flag"],
        ["run", "--max-concurrent-reconciles", "0"],
        ["--log-level", "loud"],
        ["--log-format", "xml"],
        ["--metrics-bind-address", "8080"],
        ["--dashboard-bind-address", "localhost"],
        ["--namespace", "Not_A_Namespace"],
        ["--kube-api-qps", "fast"],
        ["--kube-api-qps=-1"],
        ["--kube-api-qps", "nan"],
        ["--kube-api-qps", "0.001"],
        ["--kube-api-burst", "0"],
        ["--kube-api-burst", "2.5"],
    ])
    func badFlagsAreUsageErrors(arguments: [String]) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("Error: "))
        #expect(outcome.stderr.contains("Usage: cronmonitor-operator"))
    }

    @Test(arguments: [
        (["--kube-api-qps=-1"], "--kube-api-qps must be 0 (no limit) or a number of requests per second of at least 0.01, got -1.0"),
        (["--kube-api-burst", "0"], "--kube-api-burst must be at least 1, got 0"),
    ])
    func aRateLimitOutOfRangeSaysWhatIsAllowed(arguments: [String], message: String) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("Error: \(message)"), "stderr: \(outcome.stderr)")
    }

    /// Valid limits pass validation: the run gets as far as loading the (missing) kubeconfig.
    @Test(arguments: [["--kube-api-qps", "0"], ["--kube-api-qps", "2.5", "--kube-api-burst", "1"],
                      ["--kube-api-qps", "500", "--kube-api-burst", "1000"]])
    func validRateLimitsAreAccepted(arguments: [String]) throws {
        let outcome = try Self.run(arguments + ["--kubeconfig", "/nonexistent/kubeconfig"])
        #expect(outcome.status == 1)
        #expect(!outcome.stderr.contains("Usage:"), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("/nonexistent/kubeconfig"))
    }

    @Test func anUnreadableKubeconfigIsOneLineNamingTheFile() throws {
        let outcome = try Self.run(["--kubeconfig", "/nonexistent/kubeconfig"])
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("/nonexistent/kubeconfig") == true)
        #expect(outcome.stdout.isEmpty)
    }

    @Test func anInvalidKubeconfigIsOneLineNamingTheFileAndTheProblem() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)")
        let secret = "s3cr3t-token-value"
        try Data("""
            apiVersion: v1
            kind: Config
            current-context: missing
            users:
            - name: u
              user:
                token: \(secret)
            """.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try Self.run(["run", "--kubeconfig", file.path])
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(file.path) == true)
        #expect(lines.first?.contains("missing") == true)
        #expect(!outcome.stderr.contains(secret))
    }

    @Test func helpListsTheFlags() throws {
        let outcome = try Self.run(["run", "--help"])
        #expect(outcome.status == 0)
        for flag in [
            "--kubeconfig", "--namespace", "--leader-elect", "--leader-election-namespace", "--leader-election-id",
            "--metrics-bind-address", "--health-probe-bind-address", "--log-level", "--log-format",
            "--max-concurrent-reconciles", "--kube-api-qps", "--kube-api-burst",
        ] {
            #expect(outcome.stdout.contains(flag), "missing \(flag)")
        }
    }
}
