/// Bounds every non-streaming request by `timeout` (a shorter `HTTPRequest.timeout` set by the
/// caller stays): the base transport then fails it with `.timeout` instead of waiting for a slow
/// answer. Streams are passed on unchanged: they are bounded by their idle timeout.
///
/// Like client-go's `rest.Config.Timeout`; controller-runtime gives its leader-election client
/// half the renew deadline, so one slow answer cannot spend the whole deadline.
public struct RequestTimeoutTransport<Base: HTTPTransport>: HTTPTransport {
    private let base: Base
    public let timeout: Duration

    public init(base: Base, timeout: Duration) {
        self.base = base
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try await base.send(bounded(request))
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        try await base.stream(request.isStreaming ? request : bounded(request))
    }

    /// `request` with a timeout of at most `timeout`.
    func bounded(_ request: HTTPRequest) -> HTTPRequest {
        var bounded = request
        bounded.timeout = min(request.timeout ?? timeout, timeout)
        return bounded
    }
}

extension KubernetesClient {
    /// This client with every non-streaming request bounded by `timeout`.
    public func boundingEachRequest(by timeout: Duration) -> KubernetesClient {
        func bound(_ transport: some HTTPTransport) -> any HTTPTransport {
            RequestTimeoutTransport(base: transport, timeout: timeout)
        }
        return KubernetesClient(transport: bound(transport))
    }
}
