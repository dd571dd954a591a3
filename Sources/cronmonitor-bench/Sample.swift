import Foundation

/// Wall-clock and CPU time at one moment, for differences.
struct Sample: Sendable {
    var wall: ContinuousClock.Instant
    var cpu: Double

    static func now() -> Sample { Sample(wall: .now, cpu: ProcessMetrics.cpuSeconds()) }

    /// Seconds of wall time and CPU time from `self` to `later`.
    func until(_ later: Sample) -> (wall: Double, cpu: Double) {
        let elapsed = (later.wall - wall).components
        return (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, later.cpu - cpu)
    }
}
