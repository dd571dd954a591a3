import CronMonitorAPI
import Foundation
import KubernetesModel

/// `GET /api/v1/monitors`: every monitor's summary (by namespace, then name) and how many are in
/// each health.
public struct MonitorList: Sendable, Codable, Equatable {
    public var monitors: [MonitorSummary]
    /// Monitors per `MonitorHealth` (every health is present, 0 when none).
    public var counts: [String: Int]
    /// The live feed's version when this list was read (`changed` events carry newer ones).
    public var version: UInt64
    public var generatedAt: Time

    public init(_ monitors: [CronMonitor], version: UInt64, now: Date) {
        self.monitors = monitors.map(MonitorSummary.init).sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        var counts: [String: Int] = [:]
        for health in MonitorHealth.allCases { counts[health.rawValue] = 0 }
        for monitor in self.monitors { counts[monitor.health.rawValue, default: 0] += 1 }
        self.counts = counts
        self.version = version
        generatedAt = Time(now)
    }
}
