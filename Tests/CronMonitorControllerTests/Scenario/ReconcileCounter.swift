import CronMonitorController
import Foundation
import KubernetesRuntime
import Synchronization
import Testing

/// Counts the reconciles an operator finished, so that a test can wait for reconciles to have
/// happened (an observable count) before it asserts that they wrote nothing.
final class ReconcileCounter: Sendable {
    private let finished = Mutex(0)

    var count: Int { finished.withLock { $0 } }

    /// An observer that counts into this counter.
    var observer: OperatorObserver {
        OperatorObserver(controller: ControllerObserver(reconciled: { _, _ in self.finished.withLock { $0 += 1 } }))
    }

    /// Waits until at least `target` reconciles have finished (with a deadline).
    func wait(forAtLeast target: Int, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let deadline = ContinuousClock.now + timeout
        while count < target {
            guard ContinuousClock.now < deadline else {
                Issue.record(
                    "timed out waiting for \(target) reconciles (finished: \(count))", sourceLocation: sourceLocation)
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
