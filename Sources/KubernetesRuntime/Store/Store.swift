import Synchronization

/// The reflector cache: the projections of the objects a watcher sees, keyed by
/// namespace/name, with optional secondary indexes (owner UID, labels, ...).
///
/// Only projections are kept (the fields a controller reads), never whole objects. A relist
/// replaces the contents in one step, so a reader never sees a half-filled cache, and reports
/// only what really changed, so handlers see no spurious deletes after a relist.
public final class Store<Value: CacheProjection>: Sendable {
    /// Computes the index values of a projection; an object may have several (or none).
    public typealias Indexer = @Sendable (Value) -> [CompactString]

    /// One cached projection, held by reference: the table then holds a pointer per slot instead
    /// of a whole projection, so its empty slots (a hash table is at most three quarters full,
    /// and often half) cost 8 bytes each, not a projection's size; a relist shares the entries of
    /// unchanged objects. Indexes hold the entries too (8 bytes each, no second lookup), which
    /// are equal when their keys are: an index holds one entry per object.
    private final class Entry: Sendable, Hashable {
        let value: Value

        init(_ value: Value) {
            self.value = value
        }

        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.value.key == rhs.value.key
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(value.key)
        }
    }

    /// The entries under one index value: one inline (most values name a single object: a Job's
    /// UID, an owner with one Job), a set only for more, so that an index costs no allocation
    /// per object.
    private enum IndexEntry: Sendable {
        case one(Entry)
        case many(Set<Entry>)

        var values: [Value] {
            switch self {
            case .one(let entry): [entry.value]
            case .many(let entries): entries.map(\.value)
            }
        }

        /// Adds `entry`, or replaces the one with its key. In place: the set is released from
        /// `self` before it changes, so it is not copied.
        mutating func insert(_ entry: Entry) {
            switch self {
            case .one(let existing):
                self = existing == entry ? .one(entry) : .many([existing, entry])
            case .many(var entries):
                self = .one(entry)
                entries.update(with: entry)
                self = .many(entries)
            }
        }

        /// Removes the entry of `entry`'s key; returns whether an entry is left.
        mutating func remove(_ entry: Entry) -> Bool {
            switch self {
            case .one(let existing):
                return existing != entry
            case .many(var entries):
                self = .one(entry)
                entries.remove(entry)
                if entries.count == 1, let last = entries.first {
                    self = .one(last)
                } else {
                    self = .many(entries)
                }
                return !entries.isEmpty
            }
        }
    }

    private struct Contents {
        var objects: [ObjectKey: Entry] = [:]
        /// index name → index value → entries.
        var indexes: [String: [CompactString: IndexEntry]] = [:]
        var isSynced = false
        /// The objects of a list in progress (`.restartPage`), swapped in by `.restartDone`.
        var staged: [ObjectKey: Entry]?
        var syncWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let contents = Mutex(Contents())
    private let indexers: [String: Indexer]

    public init(indexers: [String: Indexer] = [:]) {
        self.indexers = indexers
    }

    // MARK: Reading

    public func get(_ key: ObjectKey) -> Value? {
        contents.withLock { $0.objects[key]?.value }
    }

    /// Every cached projection (a snapshot).
    public func list() -> [Value] {
        contents.withLock { $0.objects.values.map(\.value) }
    }

    /// The projections whose `index` contains `value`.
    public func byIndex(_ index: String, _ value: CompactString) -> [Value] {
        contents.withLock { $0.indexes[index]?[value]?.values ?? [] }
    }

    public func byIndex(_ index: String, _ value: String) -> [Value] {
        byIndex(index, CompactString(value))
    }

    public var count: Int { contents.withLock { $0.objects.count } }

    /// `true` once the first complete list has been applied.
    public var isSynced: Bool { contents.withLock { $0.isSynced } }

    /// Returns once the first complete list has been applied, or at once when the waiting task
    /// is cancelled (check `isSynced` then): a replica stopped before its caches sync (the API
    /// down, the CRD missing) must still stop.
    public func waitUntilSynced() async {
        let id = contents.withLock { contents in
            contents.nextWaiterID += 1
            return contents.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Cancellation is checked under the lock the handler takes: it either sees this
                // waiter or is seen here.
                let ready = contents.withLock { contents in
                    if contents.isSynced || Task.isCancelled { return true }
                    contents.syncWaiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = contents.withLock { $0.syncWaiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    // MARK: Writing

    /// Applies one watcher event and returns what changed.
    @discardableResult
    public func apply(_ event: WatcherEvent<Value>) -> [StoreChange<Value>] {
        var changes: [StoreChange<Value>] = []
        apply(event) { changes.append($0) }
        return changes
    }

    /// Applies one watcher event and hands what changed to `body`, one change at a time, after
    /// the store's lock is released. A (re)list's changes are worked out then, from the old and
    /// the new table, never collected: 100,000 listed Jobs would otherwise be copied into an
    /// array of changes (78 MiB with its growth), the largest part of the operator's peak.
    /// Returns the number of changes.
    @discardableResult
    public func apply(_ event: WatcherEvent<Value>, eachChange body: (StoreChange<Value>) -> Void) -> Int {
        let (pending, waiters) = contents.withLock {
            contents -> (PendingChanges, [CheckedContinuation<Void, Never>]) in
            let pending: PendingChanges
            switch event {
            case .applied(let value):
                pending = .few(upsert(value, into: &contents))
            case .deleted(let value):
                pending = .few(remove(value.key, from: &contents))
            case .restarted(let values):
                contents.staged = nil
                var objects: [ObjectKey: Entry] = [:]
                objects.reserveCapacity(values.count)
                for value in values { objects[value.key] = Entry(value) }
                pending = replaceAll(with: objects, in: &contents)
            case .restartPage(let values, let isFirst):
                stage(values, afresh: isFirst, in: &contents)
                pending = .few([])
            case .restartDone(let values):
                stage(values, afresh: false, in: &contents)
                let staged = contents.staged ?? [:]
                contents.staged = nil
                pending = replaceAll(with: staged, in: &contents)
            }
            guard contents.isSynced else { return (pending, []) }
            let waiters = Array(contents.syncWaiters.values)
            contents.syncWaiters = [:]
            return (pending, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return pending.report(to: body)
    }

    /// Changes not yet reported: a few, or the difference between the table a relist replaced
    /// and the one it swapped in (both immutable once out of the lock).
    private enum PendingChanges {
        case few([StoreChange<Value>])
        case swap(old: [ObjectKey: Entry], new: [ObjectKey: Entry])

        /// Reports each change to `body`; returns how many there were. Only what really changed
        /// counts: an entry the relist shared, or an equal projection, is no change.
        func report(to body: (StoreChange<Value>) -> Void) -> Int {
            switch self {
            case .few(let changes):
                changes.forEach(body)
                return changes.count
            case .swap(let old, let new):
                var count = 0
                for entry in new.values {
                    let previous = old[entry.value.key]
                    guard previous !== entry, previous?.value != entry.value else { continue }
                    body(.upserted(old: previous?.value, new: entry.value))
                    count += 1
                }
                for (key, previous) in old where new[key] == nil {
                    body(.removed(previous.value))
                    count += 1
                }
                return count
            }
        }
    }

    private func upsert(_ value: Value, into contents: inout Contents) -> [StoreChange<Value>] {
        let cached = contents.objects[value.key]
        let old = cached?.value
        if old == value { return [] }
        if let cached { unindex(cached, in: &contents) }
        let entry = Entry(value)
        contents.objects[value.key] = entry
        index(entry, in: &contents)
        return [.upserted(old: old, new: value)]
    }

    private func remove(_ key: ObjectKey, from contents: inout Contents) -> [StoreChange<Value>] {
        guard let old = contents.objects.removeValue(forKey: key) else { return [] }
        unindex(old, in: &contents)
        return [.removed(old.value)]
    }

    /// Adds a page of a list in progress to the staged objects. An object equal to the cached
    /// one is staged as the cached value, which shares its storage, so the page's own copy is
    /// freed at once: a relist costs the old contents plus the new table, not a second copy of
    /// every object.
    private func stage(_ values: [Value], afresh: Bool, in contents: inout Contents) {
        var staged = afresh ? [:] : (contents.staged ?? [:])
        contents.staged = nil
        staged.reserveCapacity(staged.count + values.count)
        for value in values {
            if let cached = contents.objects[value.key], cached.value == value {
                staged[value.key] = cached
            } else {
                staged[value.key] = Entry(value)
            }
        }
        contents.staged = staged
    }

    /// Swaps in `objects` (which becomes the table itself, not a copy) and indexes it; what
    /// changed is worked out by the caller out of the lock (`PendingChanges.swap`).
    private func replaceAll(with objects: [ObjectKey: Entry], in contents: inout Contents) -> PendingChanges {
        var fresh = Contents()
        fresh.isSynced = true
        fresh.objects = objects
        for entry in objects.values {
            index(entry, in: &fresh)
        }
        fresh.syncWaiters = contents.syncWaiters
        fresh.nextWaiterID = contents.nextWaiterID
        let old = contents.objects
        contents = fresh
        return .swap(old: old, new: objects)
    }

    private func index(_ entry: Entry, in contents: inout Contents) {
        for (name, indexer) in indexers {
            for indexValue in indexer(entry.value) {
                if var existing = contents.indexes[name]?.removeValue(forKey: indexValue) {
                    existing.insert(entry)
                    contents.indexes[name, default: [:]][indexValue] = existing
                } else {
                    contents.indexes[name, default: [:]][indexValue] = .one(entry)
                }
            }
        }
    }

    /// Removes the entries of `entry`'s key (the cached entry, or any with the same key) from the
    /// index values of `entry`'s projection.
    private func unindex(_ entry: Entry, in contents: inout Contents) {
        for (name, indexer) in indexers {
            for indexValue in indexer(entry.value) {
                guard var existing = contents.indexes[name]?.removeValue(forKey: indexValue), existing.remove(entry)
                else { continue }
                contents.indexes[name]?[indexValue] = existing
            }
        }
    }
}

/// What a projection must offer to be cached: its key, and equality to detect real changes.
public protocol CacheProjection: Sendable, Equatable {
    var key: ObjectKey { get }
}

/// namespace/name; `namespace` is empty for cluster-scoped objects.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// A change the cache applied, for handlers that map objects to reconcile keys.
public enum StoreChange<Value: Sendable & Equatable>: Sendable, Equatable {
    case upserted(old: Value?, new: Value)
    case removed(Value)
}
