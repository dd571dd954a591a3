import Synchronization

/// Whether this replica leads, readable from anywhere without waiting. It turns false by
/// itself when the renew deadline passes, even if the elector is stuck in a request, so
/// writers guarded by it stop at once.
public final class Leadership<C: Clock & Sendable>: Sendable where C.Instant: Sendable {
    private enum State {
        case following
        case leading(validUntil: C.Instant)
        case lost
    }

    private struct Waiters {
        var pending: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let clock: C
    private let state = Mutex<State>(.following)
    private let waiters = Mutex(Waiters())

    init(clock: C) {
        self.clock = clock
    }

    public var isLeading: Bool {
        state.withLock { state in
            switch state {
            case .leading(let validUntil): clock.now < validUntil
            case .following, .lost: false
            }
        }
    }

    /// Returns `true` once this replica leads, `false` if leadership was lost first or the
    /// waiting task is cancelled (then at once).
    public func waitUntilLeading() async -> Bool {
        let id = waiters.withLock { waiters in
            waiters.nextID += 1
            return waiters.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                // The state lock is held while registering, so `renewed`/`lost` (which change the
                // state before resuming waiters) cannot slip in between the check and the wait.
                let decided: Bool? = state.withLock { state in
                    switch state {
                    case .leading: return true
                    case .lost: return false
                    case .following:
                        // Checked under the waiters' lock, which the cancellation handler takes
                        // too: a cancellation either finds this waiter or is seen here.
                        return waiters.withLock { waiters in
                            if Task.isCancelled { return false }
                            waiters.pending[id] = continuation
                            return nil
                        }
                    }
                }
                if let decided { continuation.resume(returning: decided) }
            }
        } onCancel: {
            let waiter = waiters.withLock { $0.pending.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
    }

    func renewed(validUntil: C.Instant) {
        state.withLock { state in
            switch state {
            case .following, .leading: state = .leading(validUntil: validUntil)
            case .lost: break
            }
        }
        resumeWaiters(with: true)
    }

    func lost() {
        state.withLock { $0 = .lost }
        resumeWaiters(with: false)
    }

    private func resumeWaiters(with value: Bool) {
        let pending = waiters.withLock { waiters in
            defer { waiters.pending = [:] }
            return waiters.pending.values
        }
        for waiter in pending { waiter.resume(returning: value) }
    }
}
