import KubernetesModel

extension ObjectStore {
    /// Where an object lives inside one resource's storage: namespace ("" when cluster-scoped) and
    /// name. Ordered the way the real server lists (by namespace, then name).
    public struct ObjectKey: Hashable, Sendable, Comparable {
        public var namespace: String
        public var name: String

        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }

        public static func < (lhs: ObjectStore.ObjectKey, rhs: ObjectStore.ObjectKey) -> Bool {
            (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
        }
    }
}

/// One stored object and its identity across resources.
struct ObjectRef: Hashable, Sendable {
    var storage: StorageKey
    var key: ObjectStore.ObjectKey
}

/// An object as kept in memory: its encoded JSON plus the few metadata fields that lists,
/// selectors, watches and garbage collection read, so that hot paths never decode the body.
struct StoredObject: Sendable {
    var uid: String
    var resourceVersion: Int64
    var labels: [String: String]
    var fields: [String: String]
    var finalizers: [String]
    var isDeleting: Bool
    var ownerUIDs: [String]
    var bytes: [UInt8]

    /// Extracts the indexed metadata from `object` (already carrying its final resourceVersion)
    /// and encodes it.
    init(object: JSONValue, resource: ResourceType, resourceVersion: Int64) throws(APIError) {
        let metadata = object["metadata"] ?? .object([:])
        uid = metadata["uid"]?.stringValue ?? ""
        self.resourceVersion = resourceVersion
        labels = (metadata["labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        var fields = [
            "metadata.name": metadata["name"]?.stringValue ?? "",
            "metadata.namespace": metadata["namespace"]?.stringValue ?? "",
        ]
        for (field, path) in resource.selectableFields {
            fields[field] = JSONPathLite.read(path, in: object).map(StoredObject.fieldText) ?? ""
        }
        self.fields = fields
        finalizers = (metadata["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
        isDeleting = metadata["deletionTimestamp"] != nil
        ownerUIDs = (metadata["ownerReferences"]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
        bytes = try JSONCoding.encode(object)
    }

    func decoded() throws(APIError) -> JSONValue {
        try JSONCoding.decode(bytes)
    }

    private static func fieldText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null, .array, .object: ""
        }
    }
}
