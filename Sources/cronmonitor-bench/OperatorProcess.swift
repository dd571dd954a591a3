import Foundation
import Synchronization

/// One `cronmonitor-operator run --leader-elect` child of `failover`. Its JSON log lines (stderr)
/// are copied to a file and read, as they arrive, for its Lease identity, its probe port, and
/// when it began to lead or released the Lease; its exit is recorded when it happens.
final class OperatorProcess: Sendable {
    /// What the log and the exit told so far; instants are when this process saw them.
    struct Observed: Sendable {
        var identity: String?
        var probePort: Int?
        var becameLeader: ContinuousClock.Instant?
        var released: ContinuousClock.Instant?
        var exited: ContinuousClock.Instant?
        var exitStatus: Int32?
    }

    let name: String
    let logPath: String
    private let observed = Mutex(Observed())
    /// Kept so the child is reaped through it (its termination handler records the exit).
    private let process: Mutex<Process>

    private init(name: String, process: sending Process, logPath: String) {
        self.name = name
        self.logPath = logPath
        self.process = Mutex(process)
    }

    var processID: Int32 { process.withLock { $0.processIdentifier } }
    var state: Observed { observed.withLock { $0 } }
    var hasExited: Bool { state.exited != nil }
    var label: String { "\(name) (pid \(processID))" }

    /// Starts `executable run --leader-elect …` against the kubeconfig; its log goes to
    /// `<logDirectory>/<name>.log`.
    static func launch(name: String, executable: URL, kubeconfig: String, logDirectory: URL) throws -> OperatorProcess {
        let logPath = logDirectory.appendingPathComponent("\(name).log").path
        guard FileManager.default.createFile(atPath: logPath, contents: nil), let log = FileHandle(forWritingAtPath: logPath)
        else { throw BenchError.measurement("cannot create \(logPath)") }
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "run", "--kubeconfig", kubeconfig, "--leader-elect",
            "--leader-election-namespace", FailoverFixture.namespace, "--leader-election-id", FailoverFixture.leaseName,
            "--metrics-bind-address", "0", "--health-probe-bind-address", "127.0.0.1:0", "--log-format", "json",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        let child = OperatorProcess(name: name, process: process, logPath: logPath)
        try child.process.withLock { process in
            process.terminationHandler = { [child] ended in child.exited(status: ended.terminationStatus) }
            try process.run()
        }
        let lines = LineReader(descriptor: errors.fileHandleForReading.fileDescriptor)
        Task.detached {
            while let line = try? await lines.nextLine() {
                log.write(Data((line + "\n").utf8))
                child.read(line)
            }
            try? log.close()
        }
        return child
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) {
        kill(processID, signal)
    }

    private func exited(status: Int32) {
        observed.withLock {
            $0.exited = .now
            $0.exitStatus = status
        }
    }

    /// Picks what the benchmark needs from one JSON log line.
    private func read(_ line: String) {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(line.utf8)) else { return }
        let now = ContinuousClock.now
        observed.withLock { state in
            switch fields["msg"] {
            case "Starting the operator": state.identity = fields["operator.identity"]
            case "Listening" where fields["http.roles"]?.contains("probe") == true:
                state.probePort = fields["http.port"].flatMap { Int($0) }
            case "became leader": state.becameLeader = state.becameLeader ?? now
            case "released the leader lease": state.released = now
            default: break
            }
        }
    }
}
