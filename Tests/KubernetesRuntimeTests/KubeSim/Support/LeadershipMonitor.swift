import KubernetesRuntime
import Synchronization

/// Follows every elector's leadership: samples `leadership.isLeading` and records any moment when
/// more than one believes it leads, and records (awaited, not sampled) which ones have led at
/// all, in order, so a short leadership on a starved machine is never missed.
final class LeadershipMonitor: Sendable {
    private struct State {
        var electors: [String: Leadership<ContinuousClock>] = [:]
        var samples = 0
        var violations: [[String]] = []
        var exited: Set<String> = []
        var led: [String] = []
        var followers: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Follows `leadership`; `onLed` is called once it has led.
    func watch(_ name: String, _ leadership: Leadership<ContinuousClock>, onLed: @escaping @Sendable () -> Void) {
        let follower = Task {
            guard await leadership.waitUntilLeading() else { return }
            self.state.withLock { $0.led.append(name) }
            onLed()
        }
        state.withLock { state in
            state.electors[name] = leadership
            state.followers.append(follower)
        }
    }

    /// Samples all electors now.
    func sample() {
        state.withLock { state in
            state.samples += 1
            let leaders = state.electors.filter { $0.value.isLeading }.map(\.key).sorted()
            if leaders.count > 1 { state.violations.append(leaders) }
        }
    }

    /// The elector's `run()` has returned or thrown.
    func exited(_ name: String) {
        _ = state.withLock { $0.exited.insert(name) }
    }

    func hasExited(_ name: String) -> Bool {
        state.withLock { $0.exited.contains(name) }
    }

    /// The electors that have led, in the order they began to.
    var led: [String] { state.withLock { $0.led } }

    /// Ends the following of electors that never led.
    func stop() async {
        let followers = state.withLock { $0.followers }
        for follower in followers {
            follower.cancel()
            await follower.value
        }
    }

    var samples: Int { state.withLock { $0.samples } }
    var violations: [[String]] { state.withLock { $0.violations } }
}
