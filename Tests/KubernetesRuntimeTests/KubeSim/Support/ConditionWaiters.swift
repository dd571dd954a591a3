import Synchronization

/// Tasks waiting for a condition on some state; the owner calls `check` after every change.
/// A cancelled waiter returns at once (so a deadline can end a wait that would never finish).
final class ConditionWaiters<Subject>: Sendable {
    typealias Condition = @Sendable (Subject) -> Bool

    private struct Waiter {
        var condition: Condition
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Waits until `condition(current())` holds, re-checked at every `check`.
    func wait(until condition: @escaping Condition, current: () -> Subject) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let subject = current()
                let resumeNow = state.withLock { state in
                    if Task.isCancelled || condition(subject) { return true }
                    state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
    }

    /// Resumes the waiters whose condition now holds.
    func check(_ subject: Subject) {
        let due = state.withLock { state in
            let due = state.waiters.filter { $0.value.condition(subject) }
            for id in due.keys { state.waiters[id] = nil }
            return Array(due.values)
        }
        for waiter in due { waiter.continuation.resume() }
    }
}
