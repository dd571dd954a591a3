import Foundation
import KubeSim

/// Starts `failover`'s operator replicas (`cronmonitor-operator`, found next to this executable)
/// and stops every one it started.
struct OperatorLauncher: Sendable {
    let executable: URL
    let kubeconfig: String
    let logDirectory: URL
    private(set) var started: [OperatorProcess] = []

    init(kubeconfig: String, logDirectory: URL) throws {
        let bench = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        executable = URL(fileURLWithPath: bench).deletingLastPathComponent().appendingPathComponent("cronmonitor-operator")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw BenchError.usage("no \(executable.path): build it next to cronmonitor-bench (swift build -c release --product cronmonitor-operator)")
        }
        self.kubeconfig = kubeconfig
        self.logDirectory = logDirectory
    }

    /// A launcher for `scenario` against `simulator`: a work directory of its own in the temporary
    /// directory, holding the replicas' kubeconfig (pointing at the simulator) and their logs.
    init(scenario: String, simulator: SimulatorProcess) throws {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("cronmonitor-bench-\(scenario)-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let kubeconfig = work.appendingPathComponent("kubeconfig").path
        try Kubeconfig(server: simulator.url.absoluteString, token: nil).yaml.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        try self.init(kubeconfig: kubeconfig, logDirectory: work)
    }

    /// Runs `body`, then stops every replica it started, also when `body` throws.
    mutating func stoppingAll(_ body: (inout OperatorLauncher) async throws -> Void) async throws {
        do {
            try await body(&self)
        } catch {
            await stopAll()
            throw error
        }
        await stopAll()
    }

    /// Starts one more replica, named `replica-<n>`.
    mutating func start() throws -> OperatorProcess {
        let replica = try OperatorProcess.launch(
            name: "replica-\(started.count + 1)", executable: executable, kubeconfig: kubeconfig,
            logDirectory: logDirectory)
        started.append(replica)
        return replica
    }

    /// Waits until the replica's `/readyz` answers 200 (its caches have synced).
    static func waitUntilReady(_ replica: OperatorProcess, deadline: ContinuousClock.Instant) async throws {
        while ContinuousClock.now < deadline, !replica.hasExited {
            if let port = replica.state.probePort, await FailoverCluster.isReady(probePort: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.measurement("\(replica.label) did not become ready (log: \(replica.logPath))")
    }

    /// SIGTERM to every replica still running, then SIGKILL to any not gone after 20 s.
    func stopAll() async {
        let running = started.filter { !$0.hasExited }
        for replica in running { replica.send(SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(20)
        while running.contains(where: { !$0.hasExited }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for replica in running where !replica.hasExited { replica.send(SIGKILL) }
    }
}
