import Foundation

/// A request as the loopback server received it, for handlers and assertions.
public struct LoopbackRequest: Sendable, Equatable {
    public var method: String
    /// Path and query as sent: `/api/v1/pods?watch=1`.
    public var uri: String
    /// Header values by lower-cased name, in the order received.
    public var headers: [String: [String]]
    public var body: [UInt8]
    /// Numbers the TCP connections of one server from 0, so tests can see connection reuse.
    public var connectionID: Int

    public init(method: String, uri: String, headers: [String: [String]], body: [UInt8], connectionID: Int) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
    }

    /// The path without the query.
    public var path: String {
        String(uri.prefix { $0 != "?" })
    }

    /// The value of query parameter `name`, percent-decoded.
    public func queryItem(_ name: String) -> String? {
        URLComponents(string: uri)?.queryItems?.first { $0.name == name }?.value
    }

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]?.first
    }

    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
