/// Limits the request rate to an API server (client-side throttling, like client-go's QPS and
/// burst). Every request, streams included, takes one token before it is sent.
public struct RateLimitedTransport<Base: HTTPTransport, C: Clock<Duration>>: HTTPTransport {
    private let base: Base
    private let bucket: TokenBucket<C>

    /// - Parameters:
    ///   - qps: sustained requests per second; `0` disables limiting.
    ///   - burst: requests allowed at once after a quiet period (at least 1).
    public init(base: Base, qps: Double, burst: Int, clock: C) {
        self.base = base
        self.bucket = TokenBucket(qps: qps, burst: burst, clock: clock)
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try await bucket.acquire()
        return try await base.send(request)
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        try await bucket.acquire()
        return try await base.stream(request)
    }
}
