import Foundation
import Synchronization

/// Runs the real `kubectl` against a KubeSim kubeconfig, with its own cache directory. Process
/// waits happen on a dedicated thread, never on the cooperative pool.
struct Kubectl: Sendable {
    struct Result: Sendable {
        var status: Int32
        var output: String
        var error: String
    }

    static let executable = "/usr/bin/kubectl"
    var kubeconfigPath: String
    var cacheDirectory: String

    private var commonArguments: [String] {
        ["--kubeconfig", kubeconfigPath, "--cache-dir", cacheDirectory, "--request-timeout", "60s"]
    }

    func run(_ arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = commonArguments + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let out = output.fileHandleForReading.readDataToEndOfFile()
                let err = error.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Result(
                    status: process.terminationStatus,
                    output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self)))
            }
        }
    }

    /// Starts a long-running kubectl (e.g. `get --watch`) whose stdout arrives line by line.
    func stream(_ arguments: [String]) throws -> StreamingKubectl {
        try StreamingKubectl(arguments: commonArguments + arguments)
    }
}

/// A running kubectl whose output lines are an AsyncStream; `stop()` terminates it.
final class StreamingKubectl: Sendable {
    let lines: AsyncStream<String>
    private let process: Mutex<Process?>
    let processID: Int32

    init(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Kubectl.executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        try process.run()
        processID = process.processIdentifier
        self.process = Mutex(process)
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            continuation.finish()
        }
    }

    func stop() {
        process.withLock { process in
            if let process, process.isRunning { process.terminate() }
            process = nil
        }
    }
}
