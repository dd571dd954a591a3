/// The keys of a top-level object: type meta, metadata, spec and status. Kinds use it to write
/// `apiVersion` and `kind` from their static description and ignore them when reading.
enum TopLevelCodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, spec, status
}

extension KubernetesResource {
    /// Writes `apiVersion`, `kind` and `metadata`.
    func encodeTypeAndMetadata(into container: inout KeyedEncodingContainer<TopLevelCodingKeys>) throws {
        try container.encode(Self.apiVersion, forKey: .apiVersion)
        try container.encode(Self.kind, forKey: .kind)
        try container.encode(metadata, forKey: .metadata)
    }
}

extension KeyedDecodingContainer<TopLevelCodingKeys> {
    /// The object's metadata, or empty metadata when absent.
    func decodeMetadata() throws -> ObjectMeta {
        try decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
    }
}
