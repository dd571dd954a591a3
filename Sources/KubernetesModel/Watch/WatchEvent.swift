/// One line of a watch stream: `{"type": "ADDED", "object": {...}}`.
public enum WatchEvent<Object> {
    case added(Object)
    case modified(Object)
    /// The object's last state before deletion.
    case deleted(Object)
    /// Progress marker: nothing changed, but the stream is known current up to `resourceVersion`.
    case bookmark(WatchBookmark)
    /// The watch failed (e.g. 410 Expired); the server ends the stream after this event.
    case error(Status)

    /// The wire name of the event type.
    public var type: String {
        switch self {
        case .added: "ADDED"
        case .modified: "MODIFIED"
        case .deleted: "DELETED"
        case .bookmark: "BOOKMARK"
        case .error: "ERROR"
        }
    }

    /// The object of an ADDED, MODIFIED or DELETED event.
    public var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): object
        case .bookmark, .error: nil
        }
    }
}

/// The object of a BOOKMARK event: only its metadata is meaningful.
public struct WatchBookmark: Sendable, Codable, Equatable {
    public var resourceVersion: String
    /// `k8s.io/initial-events-end: "true"` marks the end of the initial events of a streaming list.
    public var annotations: [String: String]

    public init(resourceVersion: String, annotations: [String: String] = [:]) {
        self.resourceVersion = resourceVersion
        self.annotations = annotations
    }

    private enum CodingKeys: String, CodingKey {
        case metadata
    }

    private struct Metadata: Codable {
        var resourceVersion: String?
        var annotations: [String: String]?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata)
        guard let resourceVersion = metadata?.resourceVersion else {
            throw DecodingError.keyNotFound(
                CodingKeys.metadata,
                .init(codingPath: container.codingPath, debugDescription: "BOOKMARK without metadata.resourceVersion"))
        }
        self.resourceVersion = resourceVersion
        self.annotations = metadata?.annotations ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let annotations = annotations.isEmpty ? nil : annotations
        try container.encode(Metadata(resourceVersion: resourceVersion, annotations: annotations), forKey: .metadata)
    }
}

extension WatchEvent: Sendable where Object: Sendable {}
extension WatchEvent: Equatable where Object: Equatable {}

/// The wire keys of a watch event.
private enum WatchEventCodingKeys: String, CodingKey {
    case type, object
}

extension WatchEvent: Decodable where Object: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WatchEventCodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try container.decode(Object.self, forKey: .object))
        case "MODIFIED": self = .modified(try container.decode(Object.self, forKey: .object))
        case "DELETED": self = .deleted(try container.decode(Object.self, forKey: .object))
        case "BOOKMARK": self = .bookmark(try container.decode(WatchBookmark.self, forKey: .object))
        case "ERROR": self = .error(try container.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown watch event type '\(type)'")
        }
    }
}

extension WatchEvent: Encodable where Object: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WatchEventCodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .added(let object), .modified(let object), .deleted(let object):
            try container.encode(object, forKey: .object)
        case .bookmark(let bookmark):
            try container.encode(bookmark, forKey: .object)
        case .error(let status):
            try container.encode(status, forKey: .object)
        }
    }
}
