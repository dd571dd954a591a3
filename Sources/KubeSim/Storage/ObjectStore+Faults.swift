/// Store-level faults (see `FaultInjector`).
extension ObjectStore {
    /// Forgets all history: every resourceVersion handed out so far is compacted, so resuming a
    /// watch or a list from any of them answers 410. The store skips one resourceVersion (real
    /// clusters have gaps too) so that a fresh list yields a version a watch can start from.
    public func compactHistory() {
        state.withLock { state in
            state.lastResourceVersion += 1
            state.history.compactAll(through: state.lastResourceVersion)
        }
    }

    /// Queues a line that is not JSON on every open watch.
    public func sendMalformedWatchLine() {
        state.withLock { state in
            for id in Array(state.watchers.keys) { state.send(.malformed, to: id) }
        }
    }
}

extension EventHistory {
    mutating func compactAll(through resourceVersion: Int64) {
        self = EventHistory(capacity: capacity, compactedThrough: resourceVersion)
    }
}
