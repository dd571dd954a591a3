/// The client-side limit on requests to the API server, from `--kube-api-qps` and
/// `--kube-api-burst` (controller-runtime's names): `burst` requests at once after a quiet period,
/// then `qps` per second. A `qps` of 0 turns the limit off (`burst` then has no effect).
public struct APIRateLimit: Sendable, Equatable {
    public static let defaultQPS = 50.0
    public static let defaultBurst = 100
    /// The smallest limit other than 0 (one request per 100 s); smaller rates would make a
    /// waiting request's delay overflow.
    public static let minimumQPS = 0.01

    /// Sustained requests per second; 0: unlimited.
    public let qps: Double
    /// Requests allowed at once (at least 1).
    public let burst: Int

    /// Checks the flags' values.
    public init(qps: Double = defaultQPS, burst: Int = defaultBurst) throws(APIRateLimitError) {
        guard qps == 0 || (qps.isFinite && qps >= Self.minimumQPS) else {
            throw .qps(qps)
        }
        guard burst >= 1 else {
            throw .burst(burst)
        }
        self.qps = qps
        self.burst = burst
    }

    /// Whether requests go out unthrottled.
    public var isUnlimited: Bool { qps == 0 }
}

/// A `--kube-api-qps` or `--kube-api-burst` value out of range.
public enum APIRateLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    case qps(Double)
    case burst(Int)

    public var description: String {
        switch self {
        case .qps(let value):
            "--kube-api-qps must be 0 (no limit) or a number of requests per second of at least "
                + "\(APIRateLimit.minimumQPS), got \(value)"
        case .burst(let value):
            "--kube-api-burst must be at least 1, got \(value)"
        }
    }
}
