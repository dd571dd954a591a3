/// Exponential backoff: `initial`, doubling up to `maximum`, each delay spread by ±`jitter`
/// (a fraction) so that many clients do not retry in step. Pure: randomness is passed in.
public struct ExponentialBackoff: Sendable, Equatable {
    public let initial: Duration
    public let maximum: Duration
    public let jitter: Double
    /// Failures since the last reset.
    public private(set) var attempts: Int = 0

    /// The watcher's policy: 800 ms doubling to 30 s, ±20 %.
    public static let watcher = ExponentialBackoff(initial: .milliseconds(800), maximum: .seconds(30), jitter: 0.2)
    /// The work queue's per-key policy: 5 ms doubling to 1000 s, no jitter.
    public static let workQueue = ExponentialBackoff(initial: .milliseconds(5), maximum: .seconds(1000), jitter: 0)

    public init(initial: Duration, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before the next attempt; counts one more failure.
    public mutating func next(using random: inout some RandomNumberGenerator) -> Duration {
        let base = baseDelay(forAttempt: attempts)
        attempts += 1
        guard jitter > 0 else { return base }
        let spread = Double.random(in: -jitter...jitter, using: &random)
        let jittered = base * (1 + spread)
        return min(max(jittered, .zero), maximum)
    }

    /// The delay without jitter for the given zero-based attempt.
    public func baseDelay(forAttempt attempt: Int) -> Duration {
        // 2^40 × any sane initial delay exceeds any sane maximum: stop doubling there.
        let doublings = min(attempt, 40)
        let delay = initial * Double(1 << doublings)
        return min(delay, maximum)
    }

    public mutating func reset() {
        attempts = 0
    }
}
