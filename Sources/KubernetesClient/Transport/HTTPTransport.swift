import Foundation

/// The HTTP methods the Kubernetes API uses.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

/// One request to the API server, relative to the cluster's server URL.
public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    /// Path and query, already percent-encoded: `/apis/batch/v1/namespaces/ns/jobs?limit=500`.
    public var path: String
    /// Header names as sent; `Authorization` is added by the transport, never by callers.
    public var headers: [String: String]
    public var body: Data?
    /// `true` for watches and other long-lived streams: no request timeout applies.
    public var isStreaming: Bool
    /// For streams: fail with `.timeout` when no byte arrives for this long (a dead watch).
    public var idleTimeout: Duration?
    /// For non-streaming requests: fail with `.timeout` when the whole exchange (connecting
    /// included) has not finished after this long; `nil` uses the transport's request timeout.
    public var timeout: Duration?

    public init(
        method: HTTPMethod,
        path: String,
        headers: [String: String] = [:],
        body: Data? = nil,
        isStreaming: Bool = false,
        idleTimeout: Duration? = nil,
        timeout: Duration? = nil
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.isStreaming = isStreaming
        self.idleTimeout = idleTimeout
        self.timeout = timeout
    }
}

/// A complete response.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A response whose body arrives as it is produced (watches).
public struct HTTPStreamingResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: HTTPBodyStream

    public init(status: Int, headers: [String: String], body: HTTPBodyStream) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The chunks of a streamed body, in order, as the network delivered them. Ends when the server
/// ends the response; throws on transport failure; cancelling the consuming task ends the transfer.
public struct HTTPBodyStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private let produceIterator: @Sendable () -> AsyncIterator

    /// A stream whose iterator asks `next` for each chunk; `nil` ends the stream.
    public init(makeNext: @escaping @Sendable () -> (@Sendable () async throws -> [UInt8]?)) {
        self.produceIterator = { AsyncIterator(next: makeNext()) }
    }

    /// A stream of fixed chunks (tests, scripted transports).
    public init(chunks: [[UInt8]]) {
        self.init(makeNext: {
            let remaining = ChunkQueue(chunks)
            return { remaining.pop() }
        })
    }

    public func makeAsyncIterator() -> AsyncIterator { produceIterator() }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let next: @Sendable () async throws -> [UInt8]?

        public mutating func next() async throws -> [UInt8]? {
            try await next()
        }
    }
}

/// Sends requests to one API server. Implementations: `CurlTransport` (libcurl) and test doubles.
public protocol HTTPTransport: Sendable {
    /// Sends a request and collects the whole response. HTTP error statuses are responses, not throws.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
    /// Sends a request and returns as soon as the status and headers have arrived.
    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse
}

/// A failure below HTTP: the request got no response (or the body broke off).
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case connect
        case timeout
        case tls
        case bodyTruncated
        case cancelled
        case credentials
        case other
    }

    public var kind: Kind
    /// A message safe to log: it never contains tokens or keys.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "transport error (\(kind)): \(message)" }
}
