import Synchronization

/// Test faults for a running simulator: failing requests, latency, revoked tokens, and
/// disturbances of open watches and history. Shared by `KubeSimServer` (which consults it before
/// serving each Kubernetes API request) and tests; also driven over HTTP at `/kubesim/faults/…`.
public final class FaultInjector: Sendable {
    struct State: Sendable {
        var failures: [InjectedFailure] = []
        var latency: Duration = .zero
        var revokedTokens: Set<String> = []
    }

    public let store: ObjectStore
    private let state = Mutex(State())

    public init(store: ObjectStore) {
        self.store = store
    }

    /// Fails the next matching requests with `failure.code` (queued behind earlier failures that
    /// match the same request).
    public func fail(_ failure: InjectedFailure) {
        state.withLock { $0.failures.append(failure) }
    }

    /// Adds `latency` before every Kubernetes API request is served (`.zero` turns it off).
    public func setLatency(_ latency: Duration) {
        state.withLock { $0.latency = latency }
    }

    /// Requests bearing `token` get 401 from now on.
    public func revokeToken(_ token: String) {
        _ = state.withLock { $0.revokedTokens.insert(token) }
    }

    /// Ends every open watch now, as a server restart or a dropped connection does.
    public func closeWatches() {
        store.stopAllWatches()
    }

    /// Drops all retained history: resuming a watch or list from any earlier resourceVersion
    /// answers 410 Gone.
    public func compactHistory() {
        store.compactHistory()
    }

    /// Writes one line that is not valid JSON on every open watch.
    public func sendMalformedWatchLine() {
        store.sendMalformedWatchLine()
    }

    /// Removes every pending failure, the latency and the revocations.
    public func reset() {
        state.withLock { $0 = State() }
    }

    /// Failures not yet used up.
    public var pendingFailures: [InjectedFailure] {
        state.withLock { $0.failures }
    }

    var latency: Duration {
        state.withLock { $0.latency }
    }

    func isRevoked(_ token: String) -> Bool {
        state.withLock { $0.revokedTokens.contains(token) }
    }

    /// Whether a request with `verb` on `resource` would now get `code` (nothing is used up).
    func wouldFail(code: Int, verb: String, resource: String) -> Bool {
        state.withLock { state in
            state.failures.first { $0.matches(verb: verb, resource: resource) }?.code == code
        }
    }

    /// Consumes one use of the first failure matching the request, if any.
    func takeFailure(verb: String, resource: String) -> InjectedFailure? {
        state.withLock { state in
            guard let index = state.failures.firstIndex(where: { $0.matches(verb: verb, resource: resource) }) else { return nil }
            state.failures[index].remaining -= 1
            let failure = state.failures[index]
            if failure.remaining <= 0 { state.failures.remove(at: index) }
            return failure
        }
    }
}
