import CronMonitorAPI
import CronMonitorController
import Foundation
import Synchronization

/// What one operator reported through its observer: every monitor's status as last written or
/// found correct by a finished reconcile, judged against the current phase's expectations as it
/// arrives. Keys are "<namespace>/<name>".
final class FleetTracker: Sendable {
    private let state: Mutex<State>

    private struct State {
        var expected: [String: FleetExpectation]
        var statuses: [String: CronMonitorStatus] = [:]
        /// Finished reconciles per monitor.
        var reconciles: [String: Int] = [:]
        var correct: Set<String> = []
        /// When each monitor was first correct in this phase.
        var firstCorrect: [String: ContinuousClock.Instant] = [:]
        /// CPU seconds spent recording and checking reported statuses (the benchmark's share of
        /// the operator's process).
        var checkSeconds = 0.0
    }

    init(expected: [String: FleetExpectation]) {
        state = Mutex(State(expected: expected))
    }

    /// The operator's observer, reporting here.
    var observer: OperatorObserver {
        OperatorObserver(monitorStatus: { [self] namespace, name, status in
            record("\(namespace)/\(name)", status)
        })
    }

    /// A new phase: judges every known status against `expected` from now on.
    func expect(_ expected: [String: FleetExpectation]) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.expected = expected
            state.correct = []
            state.firstCorrect = [:]
            for (key, status) in state.statuses where expected[key]?.mismatch(status) == nil {
                state.correct.insert(key)
                state.firstCorrect[key] = now
            }
        }
    }

    private func record(_ key: String, _ status: CronMonitorStatus) {
        let now = ContinuousClock.now
        let cpu = ProcessMetrics.threadCPUSeconds()
        state.withLock { state in
            defer { state.checkSeconds += ProcessMetrics.threadCPUSeconds() - cpu }
            state.statuses[key] = status
            state.reconciles[key, default: 0] += 1
            if state.expected[key]?.mismatch(status) == nil {
                state.correct.insert(key)
                if state.firstCorrect[key] == nil { state.firstCorrect[key] = now }
            } else {
                state.correct.remove(key)
            }
        }
    }

    /// CPU seconds the observer has spent recording and checking statuses so far.
    var cpuSeconds: Double { state.withLock { $0.checkSeconds } }

    var correctCount: Int { state.withLock { $0.correct.count } }

    /// Monitors reconciled at least once by this operator.
    var reconciledCount: Int { state.withLock { $0.reconciles.count } }

    var totalReconciles: Int { state.withLock { $0.reconciles.values.reduce(0, +) } }

    var firstCorrect: [String: ContinuousClock.Instant] { state.withLock { $0.firstCorrect } }

    /// One monitor that is not correct, and why.
    var firstIncorrect: (key: String, why: String)? {
        state.withLock { state in
            for key in state.expected.keys.sorted() where !state.correct.contains(key) {
                let why = state.statuses[key].map { state.expected[key]?.mismatch($0) ?? "" } ?? "never reconciled"
                return (key, why)
            }
            return nil
        }
    }
}
