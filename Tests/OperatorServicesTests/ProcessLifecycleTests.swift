import Foundation
import Glibc
import Synchronization
import Testing

/// A value shared with a thread or a handler.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}

/// The built `cronmonitor-operator` as Kubernetes runs it: SIGTERM ends it within the grace it is
/// given whatever the API server does, and a port it cannot listen on ends it at once.
@Suite(.timeLimit(.minutes(2))) struct ProcessLifecycleTests {
    /// A TCP listener that accepts connections and never answers: an API server that hangs.
    final class SilentServer: Sendable {
        let port: Int
        private let socket: Int32
        private let accepted = Shared<[Int32]>([])

        init() throws {
            (socket, port) = try Self.listen(port: 0)
            let socket = socket
            let accepted = accepted
            Thread.detachNewThread {
                while true {
                    let connection = Glibc.accept(socket, nil, nil)
                    guard connection >= 0 else { return }
                    accepted.withLock { $0.append(connection) }
                }
            }
        }

        /// Connections accepted so far (each one a request left hanging).
        var connections: Int { accepted.withLock { $0.count } }

        deinit {
            shutdown(socket, Int32(SHUT_RDWR))
            close(socket)
            accepted.withLock { $0.forEach { close($0) } }
        }

        /// A socket listening on 127.0.0.1:`port` (0: any free port) and the port it got.
        static func listen(port: Int) throws -> (Int32, Int) {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw POSIXError(.EMFILE) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    Glibc.bind(socket, pointer, length) == 0 && Glibc.listen(socket, 64) == 0
                        && getsockname(socket, pointer, &length) == 0
                }
            }
            guard bound else {
                close(socket)
                throw POSIXError(.EADDRINUSE)
            }
            return (socket, Int(UInt16(bigEndian: address.sin_port)))
        }
    }

    /// The operator process, its output collected as it runs.
    final class OperatorProcess: Sendable {
        let process: Process
        private let output = Shared("")

        init(arguments: [String]) throws {
            process = Process()
            process.executableURL = try BinaryTests.binary()
            process.arguments = arguments
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let output = output
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                output.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var log: String { output.withLock { $0 } }

        /// Waits until `condition` holds or `timeout` passes; true if it held.
        func wait(upTo timeout: Duration, until condition: () -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + timeout
            while !condition() {
                guard ContinuousClock.now < deadline else { return false }
                try await Task.sleep(for: .milliseconds(20))
            }
            return true
        }

        deinit {
            if process.isRunning { process.terminate() }
        }
    }

    static func kubeconfig(port: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)").path
        try Data("""
            apiVersion: v1
            kind: Config
            current-context: silent
            clusters:
            - name: silent
              cluster: {server: "http://127.0.0.1:\(port)"}
            users:
            - name: nobody
              user: {token: not-checked}
            contexts:
            - name: silent
              context: {cluster: silent, user: nobody}
            """.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [false, true])
    func sigtermEndsTheProcessWithinTenSecondsWhileEveryRequestHangs(leaderElect: Bool) async throws {
        let api = try SilentServer()
        let running = try OperatorProcess(
            arguments: ["run", "--kubeconfig", try Self.kubeconfig(port: api.port), "--log-format", "text",
                        "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0"]
                + (leaderElect ? ["--leader-elect", "--leader-election-namespace", "default"] : []))
        // Started: its listeners are up and its first requests hang on the API server.
        #expect(try await running.wait(upTo: .seconds(60)) { api.connections >= 1 && running.log.contains("Listening") })
        let sent = ContinuousClock.now
        running.process.interrupt()  // SIGINT first: a terminal's Ctrl-C ...
        running.process.terminate()  // ... and SIGTERM, the kubelet's: one shutdown.
        let ended = try await running.wait(upTo: .seconds(20)) { !running.process.isRunning }
        let took = ContinuousClock.now - sent
        #expect(ended, "still running \(took) after SIGTERM; log:\n\(running.log)")
        #expect(took < .seconds(10), "SIGTERM took \(took); log:\n\(running.log)")
        #expect(running.log.contains("Shutting down"))
    }

    @Test func aMetricsPortInUseEndsTheProcessAtOnceNamingThePortAndTheFlag() async throws {
        let api = try SilentServer()
        let (taken, port) = try SilentServer.listen(port: 0)
        defer { close(taken) }
        let running = try OperatorProcess(
            arguments: ["run", "--kubeconfig", try Self.kubeconfig(port: api.port), "--log-format", "text",
                        "--metrics-bind-address", "127.0.0.1:\(port)", "--health-probe-bind-address", "127.0.0.1:0"])
        let ended = try await running.wait(upTo: .seconds(20)) { !running.process.isRunning }
        #expect(ended, "still running with its metrics port taken; log:\n\(running.log)")
        #expect(running.process.terminationStatus == 1)
        #expect(running.log.contains("cannot listen on 127.0.0.1:\(port)"), "log:\n\(running.log)")
        #expect(running.log.contains("--metrics-bind-address"))
    }
}
