import Foundation

/// Decides, for each event a controller wants to record, which API write to make (the ideas of
/// client-go's event correlator), free of IO and clocks:
///
/// - The first occurrence creates an Event object.
/// - The same event (same regarding object, related object, type, reason, action and note)
///   seen again within `seriesWindow` (6 minutes) of its last occurrence updates that object's
///   `series` (count, lastObservedTime) instead of creating another.
/// - Series writes are coalesced: the first repeat is written at once, later ones at most once
///   per `seriesFlushInterval`; `pendingWrites` hands out the counts still unwritten (the
///   recorder calls it periodically), so the final count always reaches the server.
/// - New Event objects about one regarding object draw from a token bucket (burst 25, then one
///   per 5 minutes). Beyond it, incidents are never dropped: those of one reason fold into one
///   aggregate Event per (regarding object, reason) whose series count says how many there were
///   and whose note names the latest. The aggregate does not draw from the bucket: there is at
///   most one per reason and object per series window, so the API load stays bounded.
/// - A write that failed transiently (`deferred`) stays pending and is handed out again by
///   `pendingWrites` for up to `pendingLifetime` (an hour, the API server's default Event TTL);
///   an Event that is gone (`gone`) is created anew, carrying the count it never received.
/// - State expires: a fully written series a `seriesWindow` after its last occurrence, a bucket
///   once it would be full again, so memory stays bounded by the recent event rate.
public struct EventCorrelator: Sendable {
    public struct Limits: Sendable, Equatable {
        public var seriesWindow: TimeInterval
        public var seriesFlushInterval: TimeInterval
        public var burst: Int
        public var refillInterval: TimeInterval
        /// How long a write that keeps failing transiently is retried before it is given up.
        public var pendingLifetime: TimeInterval

        public static let standard = Limits(
            seriesWindow: 6 * 60, seriesFlushInterval: 30, burst: 25, refillInterval: 5 * 60, pendingLifetime: 60 * 60)

        public init(
            seriesWindow: TimeInterval, seriesFlushInterval: TimeInterval, burst: Int, refillInterval: TimeInterval,
            pendingLifetime: TimeInterval = 60 * 60
        ) {
            self.seriesWindow = seriesWindow
            self.seriesFlushInterval = seriesFlushInterval
            self.burst = burst
            self.refillInterval = refillInterval
            self.pendingLifetime = pendingLifetime
        }
    }

    /// How many entries the correlator holds (for the memory benchmark and tests).
    public struct Retained: Sendable, Equatable {
        public var series: Int
        public var aggregates: Int
        public var buckets: Int
        public var total: Int { series + aggregates + buckets }

        public init(series: Int, aggregates: Int, buckets: Int) {
            self.series = series
            self.aggregates = aggregates
            self.buckets = buckets
        }
    }

    /// The writes `pendingWrites` hands out, and those given up after `pendingLifetime`.
    public struct Pending: Sendable, Equatable {
        public var writes: [EventWrite] = []
        public var expired: [EventWrite] = []
    }

    var limits: Limits
    var entries: [EventKey: Entry] = [:]
    var buckets: [String: Bucket] = [:]
    var lastPrune: Date?

    public init(limits: Limits = .standard) {
        self.limits = limits
    }

    public var retained: Retained {
        let aggregates = entries.keys.count { $0.isAggregate }
        return Retained(series: entries.count - aggregates, aggregates: aggregates, buckets: buckets.count)
    }

    /// What to write for one occurrence of `draft` at `now`.
    public mutating func record(_ draft: EventDraft, now: Date) -> Correlation {
        if lastPrune.map({ now.timeIntervalSince($0) >= limits.seriesFlushInterval }) ?? true {
            prune(now: now)
        }
        let identity = draft.identity
        let key = EventKey.incident(identity)
        if var entry = entries[key], entry.continues(at: now, window: limits.seriesWindow) {
            // A named event recorded again is its caller retrying, not a repeat.
            guard draft.name == nil else { return .coalesced }
            entry.observe(draft, at: now)
            let write = dueWrite(key, &entry, now: now)
            entries[key] = entry
            return write.map(Correlation.write) ?? .coalesced
        }
        if take(for: identity.regardingKey, now: now) {
            entries[key] = Entry(first: draft, at: now)
            return .write(EventWrite(key: key, target: .create, draft: draft, count: 1, lastObserved: now))
        }
        let aggregateKey = EventKey.aggregate(regardingKey: identity.regardingKey, reason: draft.reason)
        if var aggregate = entries[aggregateKey], aggregate.continues(at: now, window: limits.seriesWindow) {
            aggregate.observe(draft, at: now)
            let write = dueWrite(aggregateKey, &aggregate, now: now)
            entries[aggregateKey] = aggregate
            return .folded(write)
        }
        let aggregate = Entry(first: draft, at: now)
        entries[aggregateKey] = aggregate
        return .folded(aggregate.write(aggregateKey, target: .create))
    }

    /// Writes due now: creates that failed transiently (retried until `pendingLifetime`), and
    /// series whose latest count is unwritten and whose last write is at least
    /// `seriesFlushInterval` old. They count as sent once returned.
    public mutating func pendingWrites(now: Date) -> Pending {
        prune(now: now)
        var pending = Pending()
        for (key, var entry) in entries {
            if let since = entry.failingSince, now.timeIntervalSince(since) > limits.pendingLifetime,
                entry.isIdle
            {
                var lost = entry.write(key, target: .create)
                lost.count = entry.count - entry.confirmed
                pending.expired.append(lost)
                entries[key] = nil
                continue
            }
            switch entry.object {
            case .creating:
                continue
            case .awaitingCreate:
                entry.object = .creating
                entry.sent = entry.count
                entry.lastWrite = now
                pending.writes.append(entry.write(key, target: .create))
            case .created(let name, let namespace):
                guard entry.count > entry.sent, now.timeIntervalSince(entry.lastWrite) >= limits.seriesFlushInterval
                else { continue }
                entry.sent = entry.count
                entry.lastWrite = now
                pending.writes.append(entry.write(key, target: .series(name: name, namespace: namespace)))
            }
            entries[key] = entry
        }
        return pending
    }

    /// The Event object for `key` was created under `name`, accounting for `count` occurrences.
    public mutating func created(_ key: EventKey, name: String, namespace: String, count: Int) {
        guard var entry = entries[key] else { return }
        entry.object = .created(name: name, namespace: namespace)
        entry.confirmed = max(entry.confirmed, count)
        entry.failingSince = nil
        entries[key] = entry
    }

    /// The series of `key` now has `count` on the server.
    public mutating func updated(_ key: EventKey, count: Int) {
        guard var entry = entries[key] else { return }
        entry.confirmed = max(entry.confirmed, count)
        entry.failingSince = nil
        entries[key] = entry
    }

    /// A write for `key` failed transiently: keep it pending, `pendingWrites` tries again.
    public mutating func deferred(_ key: EventKey, now: Date) {
        guard var entry = entries[key] else { return }
        entry.failingSince = entry.failingSince ?? now
        switch entry.object {
        case .creating, .awaitingCreate:
            entry.object = .awaitingCreate
            entry.sent = 0
        case .created:
            entry.sent = entry.confirmed
        }
        entries[key] = entry
    }

    /// The Event object of `key` is gone (its series update found 404, e.g. it expired): returns
    /// the create of a new object carrying the occurrences the old one never received.
    public mutating func gone(_ key: EventKey, now: Date) -> EventWrite? {
        guard var entry = entries[key] else { return nil }
        entry.count -= entry.confirmed
        entry.confirmed = 0
        guard entry.count > 0 else {
            entries[key] = nil
            return nil
        }
        entry.object = .creating
        entry.sent = entry.count
        entry.lastWrite = now
        entries[key] = entry
        return entry.write(key, target: .create)
    }

    /// A write for `key` failed permanently: forget it (the next occurrence starts afresh).
    public mutating func abandoned(_ key: EventKey) {
        entries[key] = nil
    }

    /// The write due for a continued series after an occurrence, if any: the first repeat at
    /// once, later ones at most once per `seriesFlushInterval`.
    private func dueWrite(_ key: EventKey, _ entry: inout Entry, now: Date) -> EventWrite? {
        guard case .created(let name, let namespace) = entry.object, entry.failingSince == nil else { return nil }
        let firstRepeat = entry.sent == 1
        guard firstRepeat || now.timeIntervalSince(entry.lastWrite) >= limits.seriesFlushInterval else { return nil }
        entry.sent = entry.count
        entry.lastWrite = now
        return entry.write(key, target: .series(name: name, namespace: namespace))
    }

    private mutating func take(for key: String, now: Date) -> Bool {
        var bucket = buckets[key] ?? Bucket(tokens: Double(limits.burst), updated: now)
        bucket.refill(at: now, limits: limits)
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return false
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        return true
    }

    /// Forgets series that are fully written and can no longer be continued, and buckets that
    /// are full again (a new bucket starts full), so memory stays bounded.
    mutating func prune(now: Date) {
        lastPrune = now
        entries = entries.filter { !$0.value.isFinished(at: now, window: limits.seriesWindow) }
        buckets = buckets.filter { _, bucket in
            var refilled = bucket
            refilled.refill(at: now, limits: limits)
            return refilled.tokens < Double(limits.burst)
        }
    }
}

extension EventKey {
    var isAggregate: Bool {
        switch self {
        case .incident: false
        case .aggregate: true
        }
    }
}
