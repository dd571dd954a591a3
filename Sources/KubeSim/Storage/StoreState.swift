import KubernetesModel

/// Identifies one served resource by group, version and plural.
struct ServedKey: Hashable, Sendable {
    var group: String
    var version: String
    var plural: String
}

/// Everything the store keeps, guarded by the store's mutex. Methods here never block.
struct StoreState: Sendable {
    var lastResourceVersion: Int64 = 0
    var served: [ServedKey: ResourceType] = [:]
    /// Resource types served because of a CRD, by CRD name.
    var crdResources: [String: [ResourceType]] = [:]
    var objects: [StorageKey: [ObjectStore.ObjectKey: StoredObject]] = [:]
    var uidIndex: [String: ObjectRef] = [:]
    /// Owner uid → objects naming it in ownerReferences.
    var dependents: [String: Set<ObjectRef>] = [:]
    var history: EventHistory
    /// Keys of each storage in list order, rebuilt lazily after an insert or removal.
    var sortedKeyCache: [StorageKey: [ObjectStore.ObjectKey]] = [:]
    var watchers: [Int: Watcher] = [:]
    var nextWatcherID = 0
    let watchBufferSize: Int

    init(historyCapacity: Int, watchBufferSize: Int) {
        history = EventHistory(capacity: historyCapacity)
        self.watchBufferSize = watchBufferSize
        for resource in ResourceType.builtIns {
            served[ServedKey(group: resource.group, version: resource.version, plural: resource.plural)] = resource
        }
    }

    func stored(_ ref: ObjectRef) -> StoredObject? {
        objects[ref.storage]?[ref.key]
    }

    /// Writes `object` as the new state of `ref` (or removes it for `.deleted`) at the next
    /// resourceVersion, and tells the watchers.
    @discardableResult
    mutating func commit(
        _ type: WatchEventType, resource: ResourceType, key: ObjectStore.ObjectKey, object: JSONValue
    ) throws(APIError) -> (stored: StoredObject, object: JSONValue) {
        let resourceVersion = lastResourceVersion + 1
        var object = object
        object.setMetadata("resourceVersion", .string(String(resourceVersion)))
        let stored = try StoredObject(object: object, resource: resource, resourceVersion: resourceVersion)
        lastResourceVersion = resourceVersion
        let ref = ObjectRef(storage: resource.storageKey, key: key)
        let previous = objects[ref.storage]?[key]
        if let previous {
            for owner in previous.ownerUIDs { dependents[owner]?.remove(ref) }
        }
        if previous == nil || type == .deleted { sortedKeyCache[ref.storage] = nil }
        switch type {
        case .added, .modified:
            objects[ref.storage, default: [:]][key] = stored
            uidIndex[stored.uid] = ref
            for owner in stored.ownerUIDs { dependents[owner, default: []].insert(ref) }
        case .deleted:
            objects[ref.storage]?[key] = nil
            uidIndex[stored.uid] = nil
        }
        let record = WatchRecord(
            type: type, storage: ref.storage, namespace: key.namespace, object: stored,
            previousLabels: type == .deleted ? stored.labels : previous?.labels,
            previousFields: type == .deleted ? stored.fields : previous?.fields)
        history.append(record)
        deliver(record)
        return (stored, object)
    }

    /// The keys of `storage` in list order (namespace, then name).
    mutating func sortedKeys(_ storage: StorageKey) -> [ObjectStore.ObjectKey] {
        if let cached = sortedKeyCache[storage] { return cached }
        let keys = (objects[storage] ?? [:]).keys.sorted()
        sortedKeyCache[storage] = keys
        return keys
    }

    mutating func deliver(_ record: WatchRecord) {
        for (id, watcher) in watchers {
            guard let element = watcher.translate(record) else { continue }
            send(element, to: id)
        }
    }

    /// Yields to one watcher; a watcher whose buffer is full is closed with an expiry, which is
    /// what a real server does to a consumer that falls too far behind.
    mutating func send(_ element: WatchStreamElement, to id: Int) {
        guard let watcher = watchers[id] else { return }
        switch watcher.continuation.yield(element) {
        case .enqueued:
            return
        case .dropped, .terminated:
            watcher.continuation.finish()
            watchers[id] = nil
        @unknown default:
            watcher.continuation.finish()
            watchers[id] = nil
        }
    }
}
