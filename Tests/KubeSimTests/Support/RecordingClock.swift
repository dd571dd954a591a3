import Synchronization

/// A clock whose time stands still and whose sleeps return at once, recording how long each
/// would have been (for asserting injected latency without timing anything).
final class RecordingClock: Clock, Sendable {
    typealias Instant = ContinuousClock.Instant
    private let start = ContinuousClock.now
    private let recorded = Mutex<[Duration]>([])

    var now: Instant { start }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        recorded.withLock { $0.append(start.duration(to: deadline)) }
        try Task.checkCancellation()
    }

    var sleeps: [Duration] { recorded.withLock { $0 } }
}
