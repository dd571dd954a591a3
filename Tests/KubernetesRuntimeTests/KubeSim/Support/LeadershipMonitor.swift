import KubernetesRuntime
import Synchronization

/// Samples every elector's `leadership.isLeading` and records any moment when more than one
/// believes it leads.
final class LeadershipMonitor: Sendable {
    private struct State {
        var electors: [String: Leadership<ContinuousClock>] = [:]
        var samples = 0
        var violations: [[String]] = []
        var exited: Set<String> = []
    }

    private let state = Mutex(State())

    func watch(_ name: String, _ leadership: Leadership<ContinuousClock>) {
        state.withLock { $0.electors[name] = leadership }
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

    func leaders() -> [String] {
        state.withLock { $0.electors.filter { $0.value.isLeading }.map(\.key).sorted() }
    }

    var samples: Int { state.withLock { $0.samples } }
    var violations: [[String]] { state.withLock { $0.violations } }
}
