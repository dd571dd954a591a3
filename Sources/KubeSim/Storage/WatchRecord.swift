/// The kind of change a watch event reports.
public enum WatchEventType: String, Sendable, Equatable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// One change of one object, kept in the bounded history so that watches can resume.
struct WatchRecord: Sendable {
    var type: WatchEventType
    var storage: StorageKey
    var namespace: String
    var object: StoredObject
    /// Labels and fields before the change (nil for ADDED), so a selector watch can report an
    /// object entering or leaving the selection.
    var previousLabels: [String: String]?
    var previousFields: [String: String]?
}

/// What a watch subscription delivers, in resourceVersion order.
public enum WatchStreamElement: Sendable, Equatable {
    /// An event: type and the encoded object.
    case event(WatchEventType, [UInt8])
    /// A BOOKMARK at this resourceVersion.
    case bookmark(resourceVersion: Int64)
    /// The watch cannot continue (its start is compacted, or it fell too far behind).
    case expired(message: String)
    /// A line that is not valid JSON (fault injection).
    case malformed
}

/// The recent changes of the whole store, oldest first, at most `capacity` of them.
struct EventHistory: Sendable {
    let capacity: Int
    private var records: [WatchRecord] = []
    private var start = 0
    /// Every change at or below this resourceVersion has been dropped.
    private(set) var compactedThrough: Int64 = 0

    init(capacity: Int, compactedThrough: Int64 = 0) {
        self.capacity = max(1, capacity)
        self.compactedThrough = compactedThrough
        records.reserveCapacity(min(self.capacity, 4096))
    }

    mutating func append(_ record: WatchRecord) {
        if records.count < capacity {
            records.append(record)
        } else {
            compactedThrough = records[start].object.resourceVersion
            records[start] = record
            start = (start + 1) % capacity
        }
    }

    /// The oldest resourceVersion still held (for the "too old" message).
    var oldestResourceVersion: Int64 {
        records.isEmpty ? compactedThrough : records[records.count < capacity ? 0 : start].object.resourceVersion
    }

    /// Records after `resourceVersion`, oldest first.
    func records(after resourceVersion: Int64) -> [WatchRecord] {
        let ordered = records.count < capacity ? records : Array(records[start...] + records[..<start])
        guard let first = ordered.firstIndex(where: { $0.object.resourceVersion > resourceVersion }) else { return [] }
        return Array(ordered[first...])
    }
}
