import Foundation
import KubernetesRuntime
import Synchronization

/// What this process knows about the delivery of alerts, per monitor:
///
/// - the incidents whose Events it wrote (or folded) in the last `memory` (10 minutes): a plan
///   made from a monitor that does not record them yet (a status write that conflicted, a cache
///   that has not seen the write) records them as alerted instead of writing their Events again;
/// - when Event writes last failed, so a monitor whose alerts cannot be written (no RBAC rule
///   for Events, an API server refusing them) retries on a backoff of its own, 5 s doubling to
///   5 minutes, instead of at every reconcile.
///
/// Memory is bounded by the alerts of the last 10 minutes and the monitors whose Events fail: an
/// entry goes once it holds neither, or when its monitor is deleted.
public final class AlertDeliveries: Sendable {
    static let memory: TimeInterval = 10 * 60
    static let firstRetry: TimeInterval = 5
    static let maxRetry: TimeInterval = 5 * 60

    struct Entry {
        /// The monitor's UID: a monitor deleted and created again under its name starts afresh.
        var uid: String
        /// Incidents delivered, and when.
        var delivered: [String: Date] = [:]
        var failures = 0
        var retryAt: Date?

        mutating func forgetOld(now: Date) {
            delivered = delivered.filter { now.timeIntervalSince($0.value) < AlertDeliveries.memory }
        }

        var isEmpty: Bool { delivered.isEmpty && failures == 0 }
    }

    private let entries = Mutex<[ObjectKey: Entry]>([:])
    private let prunedWriteSeen = Mutex(false)

    public init() {}

    /// The incidents of `key` delivered in the last 10 minutes.
    func delivered(_ key: ObjectKey, uid: String, now: Date) -> Set<String> {
        var incidents: Set<String> = []
        update(key, uid: uid, now: now) { incidents = Set($0.delivered.keys) }
        return incidents
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
    /// `failed` is nonzero, some could not be, and the next round waits for the backoff, whose
    /// end this returns.
    func attempted(_ key: ObjectKey, uid: String, delivered: Set<String>, failed: Int, now: Date) -> Date? {
        var retry: Date?
        update(key, uid: uid, now: now) { entry in
            for incident in delivered { entry.delivered[incident] = now }
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

    private func update(_ key: ObjectKey, uid: String, now: Date, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            var entry = entries[key].flatMap { $0.uid == uid ? $0 : nil } ?? Entry(uid: uid)
            entry.forgetOld(now: now)
            change(&entry)
            entries[key] = entry.isEmpty ? nil : entry
        }
    }
}
