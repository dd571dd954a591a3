import Foundation

/// When `RetryingTransport` tries again, and after how long. Pure: no clock, no IO.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt; the request is sent at most `maxRetries + 1` times.
    public var maxRetries: Int
    /// Backoff before the first retry when the server gave no `Retry-After`; doubles each time.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// A `Retry-After` longer than this is not waited for: the response is returned as is
    /// (the transport never retries earlier than the server asked).
    public var maxRetryAfter: Duration

    public init(
        maxRetries: Int = 5,
        initialBackoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    public enum Decision: Sendable, Equatable {
        case giveUp
        case retry(after: Duration)
    }

    /// After a response: 429 and 5xx (except 501 and 505, which a retry cannot fix) are retried,
    /// after `Retry-After` when present, else after the exponential backoff.
    /// `retriesSoFar` counts the retries already made (0 after the first attempt).
    public func decision(status: Int, headers: [String: String], retriesSoFar: Int, now: Date) -> Decision {
        guard retriesSoFar < maxRetries else { return .giveUp }
        let retryable = status == 429 || ((500...599).contains(status) && status != 501 && status != 505)
        guard retryable else { return .giveUp }
        if let header = headers["retry-after"], let delay = RetryAfter.delay(from: header, now: now) {
            return delay > maxRetryAfter ? .giveUp : .retry(after: delay)
        }
        return .retry(after: backoff(retriesSoFar: retriesSoFar))
    }

    /// After a transport failure: only connection failures of idempotent requests are retried
    /// (the request cannot have reached the server twice).
    public func decision(error: TransportError, method: HTTPMethod, retriesSoFar: Int) -> Decision {
        guard retriesSoFar < maxRetries, error.kind == .connect, method.isIdempotent else { return .giveUp }
        return .retry(after: backoff(retriesSoFar: retriesSoFar))
    }

    /// `initialBackoff × 2^retriesSoFar`, capped at `maxBackoff`.
    public func backoff(retriesSoFar: Int) -> Duration {
        var delay = initialBackoff
        for _ in 0..<max(0, retriesSoFar) {
            delay *= 2
            if delay >= maxBackoff { return maxBackoff }
        }
        return min(delay, maxBackoff)
    }
}

extension HTTPMethod {
    /// RFC 9110 idempotent methods among those the Kubernetes API uses.
    public var isIdempotent: Bool {
        switch self {
        case .get, .put, .delete: return true
        case .post, .patch: return false
        }
    }
}
