import CronMonitorAPI
import KubernetesModel

/// One of a monitor's recent alerts (Events), as the monitor page lists them.
///
/// The operator does not cache Events, and the dashboard reads nothing but the caches; so the
/// list is derived from what the status records about alerts: each run's `alerted` reasons
/// (Events written or folded) and the `pendingAlerts` not yet written. That list is the same on
/// every replica (followers included), survives restarts and failovers, and costs no memory of
/// its own. The note is rebuilt from the run record (result, reason, message and explanation);
/// the Event objects themselves are what `kubectl get events` shows.
public struct MonitorEventView: Sendable, Codable, Equatable {
    /// The Event reason, e.g. `RunFailed`.
    public var reason: String
    /// `Warning` or `Normal`.
    public var type: String
    /// When the incident happened (the run's finish, start, or slot).
    public var time: Time?
    public var jobName: String?
    public var scheduledTime: Time?
    public var note: String
    /// False while the Event is still waiting to be written (`status.pendingAlerts`).
    public var written: Bool

    /// How many the monitor page lists.
    public static let limit = 20

    /// The alerts recorded in `status`, newest first, at most `limit`.
    static func recent(of status: CronMonitorStatus?) -> [MonitorEventView] {
        var events: [MonitorEventView] = []
        for alert in status?.pendingAlerts ?? [] {
            events.append(
                MonitorEventView(
                    reason: alert.reason, type: type(of: alert.reason), time: alert.scheduledTime, jobName: alert.jobName,
                    scheduledTime: alert.scheduledTime, note: alert.note, written: false))
        }
        for run in status?.runs ?? [] {
            for reason in run.alerted ?? [] {
                events.append(
                    MonitorEventView(
                        reason: reason, type: type(of: reason), time: run.finishTime ?? run.startTime ?? run.scheduledTime,
                        jobName: run.jobName, scheduledTime: run.scheduledTime, note: note(for: run), written: true))
            }
        }
        // Stable: runs are newest first already; pending alerts lead.
        let ordered = events.enumerated().sorted { lhs, rhs in
            let left = lhs.element.time?.secondsSinceEpoch ?? .min
            let right = rhs.element.time?.secondsSinceEpoch ?? .min
            return left != right ? left > right : lhs.offset < rhs.offset
        }
        return ordered.prefix(limit).map(\.element)
    }

    static func type(of reason: String) -> String {
        (EventReason(rawValue: reason)?.isWarning ?? true) ? "Warning" : "Normal"
    }

    /// "Job nightly-29000000 (slot 2026-01-01T00:00:00Z): Failed, BackoffLimitExceeded: <message>; <explanation>".
    static func note(for run: RunRecord) -> String {
        var text = run.jobName.map { "Job \($0)" } ?? "No Job"
        if let slot = run.scheduledTime?.rfc3339 { text += " (slot \(slot))" }
        text += ": \(run.result.rawValue)"
        if let reason = run.reason { text += ", \(reason)" }
        if let message = run.message, !message.isEmpty { text += ": \(message)" }
        if let explanation = RunExplanation(run).summary { text += "; \(explanation)" }
        return text
    }
}
