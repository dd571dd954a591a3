import Foundation

/// Decides, for each event a controller wants to record, which API write to make (the ideas of
/// client-go's event correlator), free of IO:
///
/// - The first occurrence creates an Event object.
/// - The same event (same regarding object, related object, type, reason, action and note)
///   seen again within `seriesWindow` (6 minutes) of its last occurrence updates that object's
///   `series` (count, lastObservedTime) instead of creating another.
/// - Series writes are coalesced: the first repeat is written at once, later ones at most once
///   per `seriesFlushInterval`; `pendingSeriesUpdates` hands out the counts still unwritten (the
///   recorder calls it periodically), so the final count always reaches the server.
/// - New Event objects about one regarding object draw from a token bucket (burst 25, then one
///   per 5 minutes), so a storm of distinct alerts cannot flood the API server.
public struct EventCorrelator: Sendable {
    public struct Limits: Sendable, Equatable {
        public var seriesWindow: TimeInterval
        public var seriesFlushInterval: TimeInterval
        public var burst: Int
        public var refillInterval: TimeInterval

        public static let standard = Limits(seriesWindow: 6 * 60, seriesFlushInterval: 30, burst: 25, refillInterval: 5 * 60)

        public init(seriesWindow: TimeInterval, seriesFlushInterval: TimeInterval, burst: Int, refillInterval: TimeInterval) {
            self.seriesWindow = seriesWindow
            self.seriesFlushInterval = seriesFlushInterval
            self.burst = burst
            self.refillInterval = refillInterval
        }
    }

    struct Series: Sendable {
        /// The Event object's name, once created.
        var objectName: String?
        var count: Int
        var lastObserved: Date
        /// The count the server has, and when it was written.
        var writtenCount: Int
        var lastWrite: Date
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Date
    }

    private let limits: Limits
    private var series: [EventIdentity: Series] = [:]
    private var buckets: [String: Bucket] = [:]

    public init(limits: Limits = .standard) {
        self.limits = limits
    }

    /// What to write for one occurrence of `identity` at `now`.
    public mutating func record(_ identity: EventIdentity, now: Date) -> EventWrite {
        forgetExpired(now: now)
        if var existing = series[identity], now.timeIntervalSince(existing.lastObserved) <= limits.seriesWindow {
            existing.count += 1
            existing.lastObserved = now
            defer { series[identity] = existing }
            guard let name = existing.objectName else { return .coalesced }
            let firstRepeat = existing.writtenCount == 1
            guard firstRepeat || now.timeIntervalSince(existing.lastWrite) >= limits.seriesFlushInterval else {
                return .coalesced
            }
            existing.writtenCount = existing.count
            existing.lastWrite = now
            return .updateSeries(name: name, count: existing.count, lastObserved: now)
        }
        guard take(for: identity.regardingKey, now: now) else {
            return .dropped
        }
        series[identity] = Series(objectName: nil, count: 1, lastObserved: now, writtenCount: 1, lastWrite: now)
        return .create
    }

    /// Series whose latest count has not been written yet and whose last write is at least
    /// `seriesFlushInterval` old; they count as written once returned.
    public mutating func pendingSeriesUpdates(now: Date) -> [EventWrite] {
        var writes: [EventWrite] = []
        for (identity, entry) in series {
            guard let name = entry.objectName, entry.count > entry.writtenCount,
                now.timeIntervalSince(entry.lastWrite) >= limits.seriesFlushInterval
            else { continue }
            writes.append(.updateSeries(name: name, count: entry.count, lastObserved: entry.lastObserved))
            series[identity]?.writtenCount = entry.count
            series[identity]?.lastWrite = now
        }
        return writes
    }

    /// The Event object for `identity` was created under `name`.
    public mutating func created(_ identity: EventIdentity, name: String) {
        series[identity]?.objectName = name
    }

    /// The Event object for `identity` is gone (the update found 404): start afresh next time.
    public mutating func forget(_ identity: EventIdentity) {
        series[identity] = nil
    }

    private mutating func take(for key: String, now: Date) -> Bool {
        var bucket = buckets[key] ?? Bucket(tokens: Double(limits.burst), updated: now)
        let refilled = max(0, now.timeIntervalSince(bucket.updated)) / limits.refillInterval
        bucket.tokens = min(Double(limits.burst), bucket.tokens + refilled)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return false
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        return true
    }

    /// Drops series that can no longer be continued, so memory stays bounded.
    private mutating func forgetExpired(now: Date) {
        guard series.count > 4096 else { return }
        series = series.filter {
            now.timeIntervalSince($0.value.lastObserved) <= limits.seriesWindow || $0.value.count > $0.value.writtenCount
        }
    }
}

/// The write an occurrence needs.
public enum EventWrite: Sendable, Equatable {
    /// Create a new Event object (then report its name with `created`).
    case create
    /// PATCH the existing Event's `series`.
    case updateSeries(name: String, count: Int, lastObserved: Date)
    /// Counted; the count is written later (`pendingSeriesUpdates`).
    case coalesced
    /// Write nothing: too many distinct events about this object (rate limited).
    case dropped
}

/// What makes two events "the same": the note carries the incident (Job name and slot), so
/// separate incidents never merge.
public struct EventIdentity: Sendable, Hashable {
    /// `namespace/name/uid` of the regarding object (the spam-filter key).
    public var regardingKey: String
    public var relatedKey: String?
    public var type: String
    public var reason: String
    public var action: String
    public var note: String

    public init(regardingKey: String, relatedKey: String?, type: String, reason: String, action: String, note: String) {
        self.regardingKey = regardingKey
        self.relatedKey = relatedKey
        self.type = type
        self.reason = reason
        self.action = action
        self.note = note
    }
}
