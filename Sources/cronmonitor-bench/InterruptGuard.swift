import Dispatch
import Foundation

/// Ends the operator children when this process gets SIGINT or SIGTERM (Ctrl-C, `timeout`):
/// without it they would outlive the benchmark (the KubeSim child ends by itself when its stdin
/// closes). `cancel()` it once the children have been stopped.
final class InterruptGuard {
    private let sources: [any DispatchSourceSignal]

    /// `pids` is asked, when a signal comes, for the processes to send SIGTERM to.
    init(stopping pids: @escaping @Sendable () -> [Int32]) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                for pid in pids() { kill(pid, SIGTERM) }
                FileHandle.standardError.write(Data("cronmonitor-bench: signal \(number): sent SIGTERM to the operator processes \(pids())\n".utf8))
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Stops watching the signals (they are still ignored: the benchmark is ending).
    func cancel() {
        for source in sources { source.cancel() }
    }
}
