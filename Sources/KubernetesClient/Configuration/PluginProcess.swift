import Dispatch
import Foundation
import Synchronization

/// What a finished plugin process produced.
struct PluginProcessOutput: Sendable, Equatable {
    var exitStatus: Int32
    /// `true` when it ended by a signal rather than `exit`.
    var wasSignalled: Bool
    var standardOutput: Data
    var standardError: Data
}

/// Runs one short-lived child process without blocking the cooperative thread pool: completion is
/// signalled by `terminationHandler`, the pipes are drained on dispatch threads, and the caller
/// awaits a continuation. A timeout or task cancellation terminates the child.
enum PluginProcess {
    enum Failure: Error, Sendable, Equatable {
        case launchFailed(String)
        case timedOut
        case cancelled
    }

    static func run(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration
    ) async throws(Failure) -> PluginProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let handle = ProcessHandle(process: process)
        let collector = OutputCollector()

        let result: Result<PluginProcessOutput, Failure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                collector.start(continuation)
                process.terminationHandler = { finished in
                    collector.finishProcess(
                        status: finished.terminationStatus,
                        signalled: finished.terminationReason == .uncaughtSignal
                    )
                }
                do {
                    try process.run()
                } catch {
                    try? output.fileHandleForWriting.close()
                    try? errors.fileHandleForWriting.close()
                    collector.fail(.launchFailed(String(describing: error)))
                    return
                }
                drain(output.fileHandleForReading) { collector.finishStandardOutput($0) }
                drain(errors.fileHandleForReading) { collector.finishStandardError($0) }
                let timer = Task {
                    try await Task.sleep(for: timeout)
                    collector.fail(.timedOut)
                    handle.terminate()
                }
                collector.onFinish { timer.cancel() }
            }
        } onCancel: {
            collector.fail(.cancelled)
            handle.terminate()
        }
        return try result.get()
    }

    private static func drain(_ file: FileHandle, _ done: @escaping @Sendable (Data) -> Void) {
        let reader = FileReader(file: file)
        DispatchQueue.global().async {
            done(reader.readToEnd())
        }
    }
}

/// `Process` is a reference type that Foundation does not mark Sendable. It is shared here only to
/// call `terminate()` (internally synchronised by Foundation, a kill(2)) from the timeout and
/// cancellation paths; nothing else touches it after launch.
private struct ProcessHandle: @unchecked Sendable {
    let process: Process

    func terminate() {
        if process.isRunning { process.terminate() }
    }
}

/// A pipe's read end, used by exactly one dispatch block that reads it to EOF. Not shared otherwise,
/// hence the unchecked conformance.
private struct FileReader: @unchecked Sendable {
    let file: FileHandle

    func readToEnd() -> Data {
        (try? file.readToEnd()) ?? Data()
    }
}

/// Joins the three completions (exit, stdout EOF, stderr EOF) into one continuation resume.
private final class OutputCollector: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result<PluginProcessOutput, PluginProcess.Failure>, Never>?
        var status: (Int32, Bool)?
        var standardOutput: Data?
        var standardError: Data?
        var failure: PluginProcess.Failure?
        var finished = false
        var onFinish: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Result<PluginProcessOutput, PluginProcess.Failure>, Never>) {
        let early = state.withLock { state -> PluginProcess.Failure? in
            if let failure = state.failure {
                state.finished = true
                return failure
            }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: .failure(early)) }
    }

    func onFinish(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.finished { return true }
            state.onFinish = action
            return false
        }
        if runNow { action() }
    }

    func finishProcess(status: Int32, signalled: Bool) { update { $0.status = (status, signalled) } }
    func finishStandardOutput(_ data: Data) { update { $0.standardOutput = data } }
    func finishStandardError(_ data: Data) { update { $0.standardError = data } }
    func fail(_ failure: PluginProcess.Failure) { update { if $0.failure == nil { $0.failure = failure } } }

    private func update(_ change: (inout State) -> Void) {
        let completion = state.withLock { state -> (CheckedContinuation<Result<PluginProcessOutput, PluginProcess.Failure>, Never>, Result<PluginProcessOutput, PluginProcess.Failure>, (@Sendable () -> Void)?)? in
            change(&state)
            guard !state.finished, let continuation = state.continuation else { return nil }
            let result: Result<PluginProcessOutput, PluginProcess.Failure>
            if let failure = state.failure {
                result = .failure(failure)
            } else if let (status, signalled) = state.status, let output = state.standardOutput, let errors = state.standardError {
                result = .success(PluginProcessOutput(
                    exitStatus: status, wasSignalled: signalled, standardOutput: output, standardError: errors
                ))
            } else {
                return nil
            }
            state.finished = true
            state.continuation = nil
            return (continuation, result, state.onFinish)
        }
        if let (continuation, result, onFinish) = completion {
            onFinish?()
            continuation.resume(returning: result)
        }
    }
}
