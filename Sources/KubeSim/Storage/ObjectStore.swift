import Foundation
import KubernetesModel
import Synchronization

/// The simulated cluster's object storage with the API server's semantics: resourceVersions,
/// optimistic concurrency, generation, status subresource, finalizers, garbage collection,
/// selectors, pagination and watches. Usable directly from Swift (tests seed it quickly) and
/// served over HTTP by `KubeSimServer`.
public final class ObjectStore: Sendable {
    public struct Configuration: Sendable {
        /// Changes kept for watch resumption and list continuation; older ones answer 410.
        public var historyCapacity: Int
        /// Events buffered per watcher beyond its initial state before it is closed.
        public var watchBufferSize: Int
        /// Namespaces that exist from the start.
        public var initialNamespaces: [String]

        public init(historyCapacity: Int = 10_000, watchBufferSize: Int = 10_000,
                    initialNamespaces: [String] = ["default", "kube-system", "kube-public", "kube-node-lease"]) {
            self.historyCapacity = historyCapacity
            self.watchBufferSize = watchBufferSize
            self.initialNamespaces = initialNamespaces
        }
    }

    let state: Mutex<StoreState>
    let now: @Sendable () -> Date
    let makeUID: @Sendable () -> String

    public init(configuration: Configuration = Configuration(), now: @escaping @Sendable () -> Date = Date.init,
                makeUID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) throws(APIError) {
        state = Mutex(StoreState(historyCapacity: configuration.historyCapacity, watchBufferSize: configuration.watchBufferSize))
        self.now = now
        self.makeUID = makeUID
        for namespace in configuration.initialNamespaces {
            _ = try create(.namespaces, namespace: nil, object: .object(["metadata": .object(["name": .string(namespace)])]))
        }
    }

    /// The newest resourceVersion of the whole store.
    public var currentResourceVersion: Int64 {
        state.withLock { $0.lastResourceVersion }
    }

    /// The served resource for a group/version/plural, if any (built-in or from a CRD).
    public func resourceType(group: String, version: String, plural: String) -> ResourceType? {
        state.withLock { $0.served[ServedKey(group: group, version: version, plural: plural)] }
    }

    /// Every served resource, built-ins first, then CRD-defined ones by group.
    public func servedResources() -> [ResourceType] {
        state.withLock { state in
            let custom = state.crdResources.values.flatMap { $0 }
                .sorted { ($0.group, $0.version, $0.plural) < ($1.group, $1.version, $1.plural) }
            return ResourceType.builtIns + custom
        }
    }

    public func get(_ resource: ResourceType, namespace: String?, name: String) throws(APIError) -> JSONValue {
        let key = try objectKey(resource, namespace: namespace, name: name)
        let stored = state.withLock { $0.objects[resource.storageKey]?[key] }
        guard let stored else { throw .notFound(resource, name: name) }
        return resource.form.fromStorage(try stored.decoded())
    }

    /// One page of objects in key order. A `continueToken` whose list resourceVersion has been
    /// compacted answers 410 Expired. Later pages read the current state after the last key
    /// (the real server reads a snapshot at the list's resourceVersion). The store keeps no
    /// snapshots: a resourceVersion newer than the store is 504 ResourceVersionTooLarge (the real
    /// server answers so after waiting), and `Exact` is served only at the current version (else
    /// 410 Expired, so clients relist).
    public func list(_ resource: ResourceType, namespace: String?, options: ObjectStore.ListOptions = ObjectStore.ListOptions()) throws(APIError) -> ObjectStore.ListPage {
        try options.fieldSelector.validate(for: resource)
        let fieldSelector = resource.form.storageSelector(options.fieldSelector)
        let token = try options.continueToken.map { (text) throws(APIError) in try ContinueToken(decoding: text) }
        return try state.withLock { (state) throws(APIError) -> ObjectStore.ListPage in
            if let token, token.resourceVersion < state.history.compactedThrough {
                throw .gone("The provided continue parameter is too old to display a consistent list result. "
                    + "You can start a new list without the continue parameter, or use the continue value from the response "
                    + "to start a new list.")
            }
            try ObjectStore.checkListVersion(options, current: state.lastResourceVersion)
            let listVersion = token?.resourceVersion ?? state.lastResourceVersion
            let all = state.objects[resource.storageKey] ?? [:]
            let keys = state.sortedKeys(resource.storageKey)
            var index: Int
            if let token {
                index = ObjectStore.firstIndex(in: keys) { $0 > token.key }
            } else if let namespace {
                index = ObjectStore.firstIndex(in: keys) { $0 >= ObjectStore.ObjectKey(namespace: namespace, name: "") }
            } else {
                index = 0
            }
            var items: [[UInt8]] = []
            var lastKey: ObjectStore.ObjectKey?
            var more = false
            let limit = options.limit.flatMap { $0 > 0 ? $0 : nil }
            while index < keys.count {
                let key = keys[index]
                if let namespace, key.namespace != namespace { break }
                if let limit, items.count == limit {
                    more = true
                    break
                }
                index += 1
                guard let object = all[key], options.labelSelector.matches(object.labels),
                      fieldSelector.matches(object.fields) else { continue }
                items.append(resource.form.fromStorage(bytes: object.bytes))
                lastKey = key
            }
            // The namespace is a key prefix, not a filter: its lists count what remains too.
            let unfiltered = options.labelSelector.requirements.isEmpty && options.fieldSelector.requirements.isEmpty
            let end = namespace.map { namespace in ObjectStore.firstIndex(in: keys) { $0.namespace > namespace } } ?? keys.count
            return ObjectStore.ListPage(
                items: items, resourceVersion: listVersion,
                continueToken: more ? lastKey.map { ContinueToken(resourceVersion: listVersion, key: $0).encoded() } : nil,
                remainingItemCount: more && unfiltered ? end - index : nil)
        }
    }

    static func checkListVersion(_ options: ObjectStore.ListOptions, current: Int64) throws(APIError) {
        guard options.continueToken == nil, let requested = options.resourceVersion, requested > 0 else { return }
        if requested > current { throw .tooLargeResourceVersion(requested, current: current) }
        switch options.resourceVersionMatch {
        case .exact where requested != current:
            throw .gone("too old resource version: \(requested) (\(current)); KubeSim serves resourceVersionMatch=Exact only at the current resourceVersion")
        case .exact, .notOlderThan, nil:
            return
        }
    }

    /// The first index whose key satisfies `predicate` (which must be monotonic over `keys`).
    static func firstIndex(in keys: [ObjectStore.ObjectKey], where predicate: (ObjectStore.ObjectKey) -> Bool) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(keys[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    func objectKey(_ resource: ResourceType, namespace: String?, name: String) throws(APIError) -> ObjectStore.ObjectKey {
        if resource.namespaced {
            guard let namespace, !namespace.isEmpty else {
                throw .badRequest("a namespace is required for \(resource.groupResource)")
            }
            return ObjectStore.ObjectKey(namespace: namespace, name: name)
        }
        return ObjectStore.ObjectKey(namespace: "", name: name)
    }
}
