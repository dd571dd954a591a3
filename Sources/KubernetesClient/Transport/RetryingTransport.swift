import Foundation

/// Retries 429 and 5xx responses (and connection failures of idempotent requests) under a
/// `RetryPolicy`, never earlier than `Retry-After`. A stream is retried only while no stream has
/// been handed to the caller: once `stream` returns, failures belong to the consumer.
public struct RetryingTransport<Base: HTTPTransport, C: Clock<Duration>>: HTTPTransport {
    private let base: Base
    private let policy: RetryPolicy
    private let clock: C
    private let now: @Sendable () -> Date

    /// - Parameter now: wall-clock time, used only to evaluate an HTTP-date `Retry-After`.
    public init(base: Base, policy: RetryPolicy = .init(), clock: C, now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.policy = policy
        self.clock = clock
        self.now = now
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try await retrying(request, status: { ($0.status, $0.headers) }) { () async throws(TransportError) in
            try await base.send(request)
        }
    }

    public func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        // Dropping a response on retry aborts its transfer.
        try await retrying(request, status: { ($0.status, $0.headers) }) { () async throws(TransportError) in
            try await base.stream(request)
        }
    }

    /// Runs `attempt` until the policy accepts its answer or gives up.
    private func retrying<Response>(
        _ request: HTTPRequest,
        status: (Response) -> (Int, [String: String]),
        attempt: () async throws(TransportError) -> Response
    ) async throws(TransportError) -> Response {
        var retries = 0
        while true {
            let decision: RetryPolicy.Decision
            do {
                let response = try await attempt()
                let (code, headers) = status(response)
                decision = policy.decision(status: code, headers: headers, retriesSoFar: retries, now: now())
                guard case .retry = decision else { return response }
            } catch {
                decision = policy.decision(error: error, method: request.method, retriesSoFar: retries)
                guard case .retry = decision else { throw error }
            }
            try await wait(decision)
            retries += 1
        }
    }

    private func wait(_ decision: RetryPolicy.Decision) async throws(TransportError) {
        switch decision {
        case .giveUp:
            return
        case .retry(let delay):
            do {
                try await clock.sleep(until: clock.now.advanced(by: delay), tolerance: nil)
            } catch {
                throw TransportError(.cancelled, "retry wait cancelled")
            }
        }
    }
}
