/// A list response (`JobList`, `LeaseList`, ...): one page of items and the list's metadata.
public struct ObjectList<Item> {
    public var metadata: ListMeta
    public var items: [Item]

    public init(metadata: ListMeta = ListMeta(), items: [Item]) {
        self.metadata = metadata
        self.items = items
    }

    private enum CodingKeys: String, CodingKey {
        case metadata, items
    }
}

extension ObjectList: Sendable where Item: Sendable {}
extension ObjectList: Equatable where Item: Equatable {}

extension ObjectList: Decodable where Item: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        // The API server writes `"items": null` for an empty list in some versions.
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

extension ObjectList: Encodable where Item: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(items, forKey: .items)
    }
}
