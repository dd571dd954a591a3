import KubernetesClient

/// Counts every request that reaches the API server by verb and response code, then passes it
/// on unchanged. Sits directly above the wire transport, so each retry is counted as the request
/// it is. A stream is counted when its status and headers arrive (or when it fails before).
public struct MetricsTransport<Base: HTTPTransport>: HTTPTransport {
    public let base: Base
    private let record: @Sendable (_ verb: String, _ code: String) -> Void

    /// - Parameter record: called once per request with its verb and code (see `verb(of:)`).
    public init(base: Base, record: @escaping @Sendable (_ verb: String, _ code: String) -> Void) {
        self.base = base
        self.record = record
    }

    /// Counts into `metrics`' `cronmonitor_api_requests_total`.
    public init(base: Base, metrics: OperatorMetrics) {
        self.init(base: base, record: { verb, code in metrics.apiRequest(verb: verb, code: code) })
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let verb = Self.verb(of: request)
        do {
            let response = try await base.send(request)
            record(verb, String(response.status))
            return response
        } catch {
            record(verb, Self.code(of: error))
            throw error
        }
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        let verb = Self.verb(of: request)
        do {
            let response = try await base.stream(request)
            record(verb, String(response.status))
            return response
        } catch {
            record(verb, Self.code(of: error))
            throw error
        }
    }

    /// The label a request is counted under: `WATCH` for streams, else the HTTP method.
    public static func verb(of request: HTTPRequest) -> String {
        request.isStreaming ? "WATCH" : request.method.rawValue
    }

    /// The code label of a request that got no response: `<error>`, or `<cancelled>`.
    public static func code(of error: TransportError) -> String {
        switch error.kind {
        case .cancelled: "<cancelled>"
        case .connect, .timeout, .tls, .bodyTruncated, .credentials, .other: "<error>"
        }
    }
}
