/// Store-level faults (see `FaultInjector`).
extension ObjectStore {
    /// Forgets all history: every resourceVersion up to the current one is compacted.
    public func compactHistory() {
        state.withLock { $0.history.compactAll(through: $0.lastResourceVersion) }
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
