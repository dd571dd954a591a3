import KubernetesRuntime
import Synchronization

/// A `WatchSource` that runs `beforeFirstWatch` once, just before its first watch opens, then
/// behaves exactly as `base`. The watch-ingest benchmark uses it to make the changes after the
/// list and before the watch, so the watch drains them as fast as the client can take them.
struct GatedWatchSource<Base: WatchSource>: WatchSource {
    typealias Object = Base.Object
    typealias Changes = Base.Changes

    let base: Base
    private let gate: Gate

    init(base: Base, beforeFirstWatch: @escaping @Sendable () async throws -> Void) {
        self.base = base
        self.gate = Gate(action: beforeFirstWatch)
    }

    func list(continueToken: String?, limit: Int) async throws -> ListPage<Base.Object> {
        try await base.list(continueToken: continueToken, limit: limit)
    }

    func watch(from resourceVersion: String, timeout: Duration) async throws -> Base.Changes {
        if let action = gate.take() { try await action() }
        return try await base.watch(from: resourceVersion, timeout: timeout)
    }

    func classify(_ error: any Error) -> WatcherFailure {
        base.classify(error)
    }

    final class Gate: Sendable {
        private let action: Mutex<(@Sendable () async throws -> Void)?>

        init(action: @escaping @Sendable () async throws -> Void) {
            self.action = Mutex(action)
        }

        func take() -> (@Sendable () async throws -> Void)? {
            action.withLock { action in
                defer { action = nil }
                return action
            }
        }
    }
}
