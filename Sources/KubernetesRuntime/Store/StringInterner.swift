import Synchronization

/// Shares the storage of equal strings that many cached objects repeat (label keys and values,
/// owner names and UIDs, condition reasons and messages): the cache keeps one heap copy instead
/// of one per object. Strings of up to 15 UTF-8 bytes live inline in Swift and are returned as
/// they are. The table never shrinks, so it stops growing at `capacity` strings (then strings
/// are returned unshared): a label whose values are unique per object costs at most that.
public final class StringInterner: Sendable {
    /// The interner of the operator's caches.
    public static let shared = StringInterner(capacity: 65_536)

    private let interner: Interner<String>

    public init(capacity: Int) {
        interner = Interner(capacity: capacity)
    }

    /// `string`, or an equal string already held (sharing its storage).
    public func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        return interner.intern(string)
    }

    /// Strings held.
    public var count: Int { interner.count }

    public var capacity: Int { interner.capacity }
}

/// Shares the storage of equal values (copy-on-write collections, strings): `intern` gives back
/// the equal value already held, else holds this one. The table never shrinks, so it stops
/// growing at `capacity` values (then values are returned unshared).
///
/// The Jobs' label sets are interned through one (`JobProjection`): the Jobs of a CronJob carry
/// the same labels, and a small dictionary costs about 200 bytes of heap a copy.
public final class Interner<Value: Hashable & Sendable>: Sendable {
    private let table = Mutex<Set<Value>>([])
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// `value`, or an equal value already held (sharing its storage).
    public func intern(_ value: Value) -> Value {
        table.withLock { table in
            if let index = table.firstIndex(of: value) { return table[index] }
            guard table.count < capacity else { return value }
            table.insert(value)
            return value
        }
    }

    /// Values held.
    public var count: Int { table.withLock { $0.count } }
}
