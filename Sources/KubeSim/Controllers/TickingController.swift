import Foundation

/// A simulated controller: `tick(now:)` makes one pass over its objects (testable without
/// sleeping); `run()` ticks every `interval` on the injected clock until cancelled.
public protocol TickingController: Sendable {
    associatedtype Pass
    var clock: any Clock<Duration> { get }
    var now: @Sendable () -> Date { get }
    var interval: Duration { get }
    @discardableResult func tick(now: Date) -> Pass
}

extension TickingController {
    /// Ticks until cancelled.
    public func run() async throws {
        while true {
            tick(now: now())
            try await clock.sleep(for: interval)
        }
    }
}
