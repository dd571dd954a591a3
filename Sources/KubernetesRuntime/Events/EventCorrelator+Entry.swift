import Foundation
import KubernetesModel

extension EventCorrelator {
    /// Where an entry's Event object stands.
    enum ObjectState: Sendable, Equatable {
        /// A create is in flight.
        case creating
        /// No object: a create failed transiently, `pendingWrites` tries again.
        case awaitingCreate
        /// The object exists.
        case created(name: String, namespace: String)
    }

    /// One series (an incident's repeats) or one aggregate (the folded incidents of a reason).
    struct Entry: Sendable {
        /// The incident; for an aggregate, the latest folded incident.
        var latest: EventDraft
        var object: ObjectState
        /// Occurrences this entry's object accounts for.
        var count: Int
        var firstObserved: Date
        var lastObserved: Date
        /// The count last handed out in a write, and the count the server confirmed.
        var sent: Int
        var confirmed: Int
        var lastWrite: Date
        /// When writes for this entry started failing transiently (nil while they succeed).
        var failingSince: Date?

        init(first draft: EventDraft, at now: Date) {
            latest = draft
            object = .creating
            count = 1
            firstObserved = now
            lastObserved = now
            sent = 1
            confirmed = 0
            lastWrite = now
        }

        mutating func observe(_ draft: EventDraft, at now: Date) {
            latest = draft
            count += 1
            lastObserved = now
        }

        /// No write is in flight.
        var isIdle: Bool {
            switch object {
            case .creating: false
            case .awaitingCreate, .created: sent <= confirmed
            }
        }

        /// Whether an occurrence at `now` continues this entry: within the window, or while
        /// anything is unwritten (so nothing unwritten is ever replaced).
        func continues(at now: Date, window: TimeInterval) -> Bool {
            now.timeIntervalSince(lastObserved) <= window || !isFinished(at: now, window: window)
        }

        /// Fully written and past the window: nothing left to do, the entry can go.
        func isFinished(at now: Date, window: TimeInterval) -> Bool {
            guard case .created = object, confirmed >= count else { return false }
            return now.timeIntervalSince(lastObserved) > window
        }

        /// The write that brings the server up to date with this entry.
        func write(_ key: EventKey, target: EventWrite.Target) -> EventWrite {
            let draft: EventDraft
            switch key {
            case .incident:
                draft = latest
            case .aggregate:
                draft = EventDraft(
                    regarding: latest.regarding, related: latest.related, type: latest.type, reason: latest.reason,
                    action: latest.action, note: Self.aggregateNote(count: count, since: firstObserved, latest: latest))
            }
            return EventWrite(key: key, target: target, draft: draft, count: count, lastObserved: lastObserved)
        }

        /// "3 more RunStuck incidents since 2027-01-15T08:00:00Z; latest: Job x-1, <its note>".
        static func aggregateNote(count: Int, since: Date, latest: EventDraft) -> String {
            let incidents = count == 1 ? "incident" : "incidents"
            let object = latest.related.map { "\($0.kind ?? "object") \($0.name ?? ""), " } ?? ""
            return "\(count) more \(latest.reason) \(incidents) since \(Time(since)); latest: \(object)\(latest.note)"
        }
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Date

        mutating func refill(at now: Date, limits: Limits) {
            let refilled = max(0, now.timeIntervalSince(updated)) / limits.refillInterval
            tokens = min(Double(limits.burst), tokens + refilled)
            updated = max(updated, now)
        }
    }
}
