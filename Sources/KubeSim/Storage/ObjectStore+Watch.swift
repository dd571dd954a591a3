import KubernetesModel

/// A live watch on the store. Iterate `events`; call `ObjectStore.stopWatch(_:)` when done (a
/// watcher whose stream is gone is also dropped at its next event).
public struct WatchSubscription: Sendable {
    public let id: Int
    public let events: AsyncStream<WatchStreamElement>
}

/// Watching.
extension ObjectStore {
    /// Starts a watch. Without a resourceVersion (or with "0") it begins with synthetic ADDED
    /// events for the current state; with one it replays the retained changes after it, or —
    /// when that version is compacted — delivers a single `.expired` and ends.
    public func watch(_ resource: ResourceType, namespace: String?, options: ObjectStore.WatchOptions = ObjectStore.WatchOptions()) throws(APIError) -> WatchSubscription {
        try options.fieldSelector.validate(for: resource)
        return state.withLock { state in
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            var initial: [WatchStreamElement] = []
            var expiry: String?
            let probe = Watcher(
                storage: resource.storageKey, form: resource.form, namespace: namespace, labelSelector: options.labelSelector,
                fieldSelector: resource.form.storageSelector(options.fieldSelector), allowBookmarks: options.allowBookmarks,
                continuation: AsyncStream<WatchStreamElement>.makeStream().continuation)
            if let version = options.resourceVersion, version > 0 {
                if version < state.history.compactedThrough {
                    expiry = "too old resource version: \(version) (\(state.history.oldestResourceVersion))"
                } else {
                    initial = state.history.records(after: version).compactMap(probe.translate)
                }
            } else {
                let objects = state.objects[resource.storageKey] ?? [:]
                initial = objects.keys.sorted().compactMap { key in
                    guard let object = objects[key], namespace.map({ $0 == key.namespace }) ?? true,
                          probe.selects(labels: object.labels, fields: object.fields) else { return nil }
                    return .event(.added, resource.form.fromStorage(bytes: object.bytes))
                }
            }
            let (stream, continuation) = AsyncStream.makeStream(
                of: WatchStreamElement.self, bufferingPolicy: .bufferingOldest(initial.count + state.watchBufferSize + 1))
            if let expiry {
                continuation.yield(.expired(message: expiry))
                continuation.finish()
                return WatchSubscription(id: id, events: stream)
            }
            for element in initial { continuation.yield(element) }
            var watcher = probe
            watcher.continuation = continuation
            state.watchers[id] = watcher
            return WatchSubscription(id: id, events: stream)
        }
    }

    /// Queues a BOOKMARK at the current resourceVersion for watch `id`, behind every event
    /// already queued for it, so a client resuming from it misses nothing.
    public func sendBookmark(to id: Int) {
        state.withLock { state in
            guard state.watchers[id]?.allowBookmarks ?? false else { return }
            state.send(.bookmark(resourceVersion: state.lastResourceVersion), to: id)
        }
    }

    /// Ends watch `id` and releases its buffer.
    public func stopWatch(_ id: Int) {
        let watcher = state.withLock { $0.watchers.removeValue(forKey: id) }
        watcher?.continuation.finish()
    }

    /// Ends every watch (before a graceful shutdown, so open watches do not hold it up).
    public func stopAllWatches() {
        let watchers = state.withLock { state in
            defer { state.watchers.removeAll() }
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.continuation.finish() }
    }

    /// Number of live watches (for tests and diagnostics).
    public var activeWatchCount: Int {
        state.withLock { $0.watchers.count }
    }
}
