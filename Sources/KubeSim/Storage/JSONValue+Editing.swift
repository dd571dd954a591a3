import KubernetesModel

/// In-place edits of JSON objects used by the simulator's write paths.
extension JSONValue {
    /// Sets (or, with nil, removes) a member; turns a non-object into an object first.
    mutating func set(_ key: String, _ value: JSONValue?) {
        var members = objectValue ?? [:]
        members[key] = value
        self = .object(members)
    }

    /// Sets a member of `metadata`.
    mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        var metadata = self["metadata"] ?? .object([:])
        metadata.set(key, value)
        set("metadata", metadata)
    }

    func metadataString(_ key: String) -> String? {
        self["metadata"]?[key]?.stringValue
    }

    /// The object without `metadata` and (optionally) `status`: what generation tracks.
    func desiredState(excludingStatus: Bool) -> JSONValue {
        var copy = self
        copy.set("metadata", nil)
        if excludingStatus { copy.set("status", nil) }
        return copy
    }
}
