import Synchronization

/// A token bucket: `burst` requests at once, then `qps` per second. Callers reserve a token and
/// sleep on the injected clock until it is theirs, so waiting callers are served in order.
final class TokenBucket<C: Clock<Duration>>: Sendable {
    private struct State {
        var tokens: Double
        var updated: C.Instant
    }

    private let clock: C
    private let qps: Double
    private let burst: Double
    private let state: Mutex<State>

    init(qps: Double, burst: Int, clock: C) {
        self.clock = clock
        self.qps = qps
        self.burst = Double(max(1, burst))
        self.state = Mutex(State(tokens: Double(max(1, burst)), updated: clock.now))
    }

    /// Waits until a token is available. Cancellation while waiting throws.
    func acquire() async throws(TransportError) {
        guard qps > 0 else { return }
        let now = clock.now
        let wait: Duration? = state.withLock { state in
            let elapsed = state.updated.duration(to: now)
            if elapsed > .zero {
                state.tokens = min(burst, state.tokens + elapsed.seconds * qps)
                state.updated = now
            }
            state.tokens -= 1
            guard state.tokens < 0 else { return nil }
            return .seconds(-state.tokens / qps)
        }
        guard let wait else { return }
        do {
            try await clock.sleep(until: now.advanced(by: wait), tolerance: nil)
        } catch {
            state.withLock { $0.tokens += 1 }
            throw TransportError(.cancelled, "rate-limited request cancelled")
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
