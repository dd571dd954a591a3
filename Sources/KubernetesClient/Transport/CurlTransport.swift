import Foundation

/// `HTTPTransport` over libcurl: TLS verified by default, connections, DNS and TLS sessions
/// reused, gzip accepted, bearer token and client certificate from the configuration's
/// `CredentialProvider` before each request, and one retry with fresh credentials after a 401.
/// All blocking curl work runs on the engine's own thread, never on Swift's cooperative pool.
public struct CurlTransport: HTTPTransport {
    private let engine: CurlEngine
    private let baseURL: String
    private let tls: TLSSettings
    private let connectTo: String?
    private let credentials: any CredentialProvider
    private let options: CurlTransportOptions

    public init(configuration: ClusterConfiguration, options: CurlTransportOptions = .init()) throws(TransportError) {
        let server = configuration.server
        guard let scheme = server.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = server.host, !host.isEmpty
        else {
            throw TransportError(.other, "server URL must be http(s)://host[:port], got \(server.absoluteString)")
        }
        var base = server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        var connectTo: String?
        if let serverName = configuration.tls.serverName, !serverName.isEmpty, serverName != host {
            // Verify (and send SNI for) `serverName` while connecting to the configured host.
            let port = server.port ?? (scheme == "https" ? 443 : 80)
            guard var components = URLComponents(url: server, resolvingAgainstBaseURL: false) else {
                throw TransportError(.other, "server URL \(server.absoluteString) cannot be parsed")
            }
            components.host = serverName
            guard let renamed = components.url?.absoluteString else {
                throw TransportError(.other, "tls-server-name \(serverName) is not a valid host name")
            }
            base = renamed
            while base.hasSuffix("/") { base.removeLast() }
            let target = host.contains(":") ? "[\(host)]" : host
            connectTo = "\(serverName):\(port):\(target):\(port)"
        }
        self.engine = try CurlEngine()
        self.baseURL = base
        self.tls = configuration.tls
        self.connectTo = connectTo
        self.credentials = configuration.credentials
        self.options = options
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let first = try await sendOnce(request)
        guard first.status == 401 else { return first }
        await credentials.invalidate()
        return try await sendOnce(request)
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        let first = try await streamOnce(request)
        guard first.status == 401 else { return first.response }
        first.body.cancel()
        await credentials.invalidate()
        return try await streamOnce(request).response
    }

    // MARK: one attempt

    private func sendOnce(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let spec = try await makeSpec(request)
        let id = engine.makeID()
        let collector = ResponseCollector()
        let engine = engine
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: ResponseCollector.Waiter) in
                collector.wait(waiter)
                engine.start(id, spec: spec, sink: collector)
            }
        } onCancel: {
            collector.cancel()
            engine.cancel(id)
        }
        return try result.get()
    }

    private struct StreamAttempt {
        var status: Int
        var body: StreamingBody
        var response: HTTPStreamingResponse
    }

    private func streamOnce(_ request: HTTPRequest) async throws(TransportError) -> StreamAttempt {
        let spec = try await makeSpec(request)
        let engine = engine
        let id = engine.makeID()
        let body = StreamingBody(limit: options.streamBufferLimit) { control in
            switch control {
            case .resume: engine.resume(id)
            case .cancel: engine.cancel(id)
            }
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: StreamingBody.HeadWaiter) in
                body.waitForHead(waiter)
                engine.start(id, spec: spec, sink: body)
            }
        } onCancel: {
            body.cancel()
        }
        let head = try result.get()
        let owner = StreamingBodyOwner(body)
        let stream = HTTPBodyStream(makeNext: {
            { () async throws -> [UInt8]? in try await owner.next() }
        })
        return StreamAttempt(
            status: head.status, body: body,
            response: HTTPStreamingResponse(status: head.status, headers: head.headers, body: stream))
    }

    private func makeSpec(_ request: HTTPRequest) async throws(TransportError) -> CurlTransferSpec {
        let current: Credentials
        do {
            current = try await credentials.currentCredentials()
        } catch {
            throw TransportError(.credentials, error.message)
        }
        var lines: [String] = []
        var hasContentType = false
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            let lowered = name.lowercased()
            guard lowered != "authorization" else { continue }
            if lowered == "content-type" { hasContentType = true }
            guard !name.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ":" }),
                !value.contains(where: { $0 == "\r" || $0 == "\n" })
            else {
                throw TransportError(.other, "header \(name.debugDescription) contains a line break or colon")
            }
            lines.append("\(name): \(value)")
        }
        if request.body != nil && !hasContentType {
            lines.append("Content-Type: application/json")
        }
        if let token = current.bearerToken, !token.isEmpty {
            guard !token.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw TransportError(.credentials, "bearer token contains a line break")
            }
            lines.append("Authorization: Bearer \(token)")
        }
        return CurlTransferSpec(
            url: baseURL + request.path,
            method: request.method,
            headerLines: lines,
            body: request.body,
            userAgent: options.userAgent,
            connectTimeoutMilliseconds: options.connectTimeout.curlMilliseconds,
            totalTimeoutMilliseconds: request.isStreaming ? nil : (request.timeout ?? options.requestTimeout).curlMilliseconds,
            isStreaming: request.isStreaming,
            idleTimeoutSeconds: request.idleTimeout.map { max(1, Int($0.components.seconds)) },
            tls: tls,
            connectTo: connectTo,
            clientCertificatePEM: current.clientCertificatePEM,
            clientKeyPEM: current.clientKeyPEM)
    }
}
