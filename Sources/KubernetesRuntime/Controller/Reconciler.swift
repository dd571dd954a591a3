/// A level-based reconciler: it is given a key, never the reason it runs, and brings the
/// world in line with the desired state of that key.
public protocol Reconciler: Sendable {
    associatedtype Key: Hashable & Sendable

    /// Reconciles `key`; returns when to look again.
    func reconcile(_ key: Key) async throws -> ReconcileAction
    /// What to do after `reconcile` threw `error`.
    func errorPolicy(_ key: Key, error: any Error) -> ReconcileAction
}

/// When to reconcile a key again.
public enum ReconcileAction: Sendable, Equatable {
    /// Only when something it watches changes.
    case awaitChange
    /// Also after `delay` (a schedule slot, a deadline).
    case requeue(after: Duration)
    /// After the key's growing failure backoff (5 ms doubling to 1000 s).
    case requeueWithBackoff
}
