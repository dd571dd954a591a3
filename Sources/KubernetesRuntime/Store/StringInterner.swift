import Synchronization

/// Shares the storage of equal strings that many cached objects repeat (label keys and values,
/// owner names and UIDs, condition reasons and messages): the cache keeps one heap copy instead
/// of one per object. Strings of up to 15 UTF-8 bytes live inline in Swift and are returned as
/// they are. The table never shrinks, so it stops growing at `capacity` strings (then strings
/// are returned unshared): a label whose values are unique per object costs at most that.
public final class StringInterner: Sendable {
    /// The interner of the operator's caches.
    public static let shared = StringInterner(capacity: 65_536)

    private let table = Mutex<Set<String>>([])
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// `string`, or an equal string already held (sharing its storage).
    public func intern(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        return table.withLock { table in
            if let index = table.firstIndex(of: string) { return table[index] }
            guard table.count < capacity else { return string }
            table.insert(string)
            return string
        }
    }

    /// Strings held.
    public var count: Int { table.withLock { $0.count } }
}
