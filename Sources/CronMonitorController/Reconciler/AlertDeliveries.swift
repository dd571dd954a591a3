import Foundation
import KubernetesRuntime
import Synchronization

/// What this process knows about the delivery of pending alerts (`status.pendingAlerts`), per
/// monitor:
///
/// - the incidents whose Events were written or folded but are not yet recorded as alerted in a
///   written status (a status write that conflicted or failed in between): the next plan records
///   them instead of writing their Events again;
/// - when Event writes last failed, so a monitor whose alerts cannot be written (no RBAC rule
///   for Events, an API server refusing them) retries on a backoff of its own, 5 s doubling to
///   5 minutes, instead of at every reconcile.
///
/// Memory is bounded by the monitors with alerts in flight: a monitor's entry goes once its
/// status records every delivered incident and its writes succeed again, or when it is deleted.
public final class AlertDeliveries: Sendable {
    static let firstRetry: TimeInterval = 5
    static let maxRetry: TimeInterval = 5 * 60

    struct Entry {
        /// The monitor's UID: a monitor deleted and created again under its name starts afresh.
        var uid: String
        var delivered: Set<String> = []
        var failures = 0
        var retryAt: Date?
    }

    private let entries = Mutex<[ObjectKey: Entry]>([:])
    private let prunedWriteSeen = Mutex(false)

    public init() {}

    /// The incidents of `key` delivered and not yet recorded.
    func delivered(_ key: ObjectKey, uid: String) -> Set<String> {
        entries.withLock { $0[key].flatMap { $0.uid == uid ? $0.delivered : nil } ?? [] }
    }

    /// A status recording `incidents` as alerted was written.
    func recorded(_ incidents: Set<String>, _ key: ObjectKey, uid: String) {
        guard !incidents.isEmpty else { return }
        update(key, uid: uid) { $0.delivered.subtract(incidents) }
    }

    /// When Event writes for `key` may be tried again; nil when they may be tried now.
    func retryAt(_ key: ObjectKey, uid: String, now: Date) -> Date? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.uid == uid, let retryAt = entry.retryAt, retryAt > now else {
                return nil
            }
            return retryAt
        }
    }

    /// The outcome of one round of Event writes: `delivered` were written or folded; when
    /// `failed` is nonzero, some could not be, and the next round waits for the backoff.
    /// Returns when that is.
    @discardableResult
    func attempted(_ key: ObjectKey, uid: String, delivered: Set<String>, failed: Int, now: Date) -> Date? {
        var retry: Date?
        update(key, uid: uid) { entry in
            entry.delivered.formUnion(delivered)
            guard failed > 0 else {
                entry.failures = 0
                entry.retryAt = nil
                return
            }
            let delay = min(Self.maxRetry, Self.firstRetry * pow(2, Double(min(entry.failures, 16))))
            entry.failures += 1
            entry.retryAt = now.addingTimeInterval(delay)
            retry = entry.retryAt
        }
        return retry
    }

    /// Whether this is the first status write seen whose `pendingAlerts` the API server dropped
    /// (a CRD older than the operator): said once per process.
    func firstPrunedWrite() -> Bool {
        prunedWriteSeen.withLock { seen in
            defer { seen = true }
            return !seen
        }
    }

    /// The monitor is gone.
    func forget(_ key: ObjectKey) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// Monitors with an entry (for tests).
    public var count: Int { entries.withLock { $0.count } }

    private func update(_ key: ObjectKey, uid: String, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            var entry = entries[key].flatMap { $0.uid == uid ? $0 : nil } ?? Entry(uid: uid)
            change(&entry)
            entries[key] = entry.delivered.isEmpty && entry.retryAt == nil ? nil : entry
        }
    }
}
