import Synchronization

/// Shares the storage of equal strings that many cached objects repeat (label keys and values,
/// owner names and UIDs, condition reasons and messages): the cache keeps one heap copy instead
/// of one per object. Strings of up to 15 UTF-8 bytes live inline in Swift and are returned as
/// they are. The table never shrinks, so it stops growing at `capacity` strings (then strings
/// are returned unshared): a label whose values are unique per object costs at most that.
public final class StringInterner: Sendable {
    /// The interner of the operator's caches.
    public static let shared = StringInterner(capacity: 65_536)

    private let interner: ValueInterner<String>

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

/// Shares what equal keys stand for: `intern` gives back what is already held for an equal key,
/// else makes it (`making`) and holds it. The table never shrinks, so it stops growing at
/// `capacity` keys (then what is made is returned unshared).
///
/// Two uses: equal values sharing one copy of their storage (`ValueInterner`: the Jobs' label
/// sets, strings), and equal values sharing one box made for them (the Jobs' owners), found by
/// value without making a box to look one up.
public final class Interner<Key: Hashable & Sendable, Held: Sendable>: Sendable {
    private let table = Mutex<[Key: Held]>([:])
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// What is held for `key`, else `making(key)`, held from now on while there is room.
    public func intern(_ key: Key, making: (Key) -> Held) -> Held {
        table.withLock { table in
            if let held = table[key] { return held }
            let made = making(key)
            if table.count < capacity { table[key] = made }
            return made
        }
    }

    /// Keys held.
    public var count: Int { table.withLock { $0.count } }
}

/// An interner of values for themselves: equal values share the storage of the first held.
public typealias ValueInterner<Value: Hashable & Sendable> = Interner<Value, Value>

extension Interner where Held == Key {
    /// `value`, or an equal value already held (sharing its storage).
    public func intern(_ value: Key) -> Key {
        intern(value) { $0 }
    }
}
