import Foundation

/// What the correlator keeps state for: one incident (its series), or the aggregate that folds
/// the incidents of one reason about one object once that object's Event budget is spent.
public enum EventKey: Sendable, Hashable {
    case incident(EventIdentity)
    case aggregate(regardingKey: String, reason: String)
}

/// One API write the correlator asks for.
public struct EventWrite: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        /// Create a new Event object (then report `created`, `deferred` or `abandoned`).
        case create
        /// PATCH the existing Event's `series` (and, for an aggregate, its note).
        case series(name: String, namespace: String)
    }

    public var key: EventKey
    public var target: Target
    /// The Event as it should read: for an aggregate, its note is the composed summary.
    public var draft: EventDraft
    /// Occurrences this object accounts for (a `series` when at least 2).
    public var count: Int
    public var lastObserved: Date

    public init(key: EventKey, target: Target, draft: EventDraft, count: Int, lastObserved: Date) {
        self.key = key
        self.target = target
        self.draft = draft
        self.count = count
        self.lastObserved = lastObserved
    }

    public var isAggregate: Bool { key.isAggregate }
}

/// What the correlator decided about one occurrence.
public enum Correlation: Sendable, Equatable {
    /// Make this write now.
    case write(EventWrite)
    /// Counted in an existing series; a later write or `pendingWrites` carries the count.
    case coalesced
    /// The object's Event budget is spent: counted in the (regarding object, reason) aggregate,
    /// with the aggregate's write when one is due now.
    case folded(EventWrite?)
}

/// What makes two events "the same": the note carries the incident (Job name and slot), so
/// separate incidents never merge.
public struct EventIdentity: Sendable, Hashable {
    /// `kind/namespace/name/uid` of the regarding object (the spam-filter key).
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
