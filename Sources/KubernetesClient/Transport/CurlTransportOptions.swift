/// Tuning of a `CurlTransport`. The defaults suit a controller talking to one API server.
public struct CurlTransportOptions: Sendable, Equatable {
    /// Time allowed to establish the TCP connection and the TLS session.
    public var connectTimeout: Duration
    /// Deadline for a whole non-streaming request (`HTTPRequest.isStreaming == false`) that sets
    /// no `HTTPRequest.timeout` of its own.
    public var requestTimeout: Duration
    public var userAgent: String
    /// Bytes a streamed body may buffer ahead of its consumer before the transfer is paused.
    public var streamBufferLimit: Int

    public init(
        connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60),
        userAgent: String = OperatorVersion.userAgent,
        streamBufferLimit: Int = 1 << 20
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.userAgent = userAgent
        self.streamBufferLimit = streamBufferLimit
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (curl treats 0 as "no timeout").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(clamping: max(1, milliseconds))
    }
}
