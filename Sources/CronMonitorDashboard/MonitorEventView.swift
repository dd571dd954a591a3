import CronMonitorAPI
import CronMonitorController
import KubernetesModel

/// One of a monitor's recent Events, as the monitor page lists them: an Event from the
/// operator's Events cache (the Events regarding this monitor's UID, with their own notes and
/// counts), or an alert still waiting in `status.pendingAlerts` to be written (`written`
/// false).
public struct MonitorEventView: Sendable, Codable, Equatable {
    /// The Event reason, e.g. `RunFailed`.
    public var reason: String
    /// `Warning` or `Normal`.
    public var type: String
    /// When last seen (a pending alert: its run's slot).
    public var time: Time?
    /// When first seen (Events only).
    public var firstTime: Time?
    /// How often it happened (the Event's series count; 1 for a pending alert).
    public var count: Int
    /// The run's Job and slot (pending alerts only: an Event says them in its note).
    public var jobName: String?
    public var scheduledTime: Time?
    /// The Event's note as written (a pending alert: the note it will be written with).
    public var note: String
    /// False while the alert is still waiting to be written (`status.pendingAlerts`).
    public var written: Bool
    /// The Event's name (Events only).
    public var name: String?
    public var reportingController: String?

    /// How many Events the monitor page lists (the cache keeps as many per monitor).
    public static let limit = MonitorEventCache.Limits.standard.perMonitor

    /// The alerts not yet written, then the Events newest first; at most `limit` Events.
    static func recent(pending: [PendingAlert], events: [MonitorEvent]) -> [MonitorEventView] {
        let waiting = pending.map { alert in
            MonitorEventView(
                reason: alert.reason, type: type(of: alert.reason), time: alert.scheduledTime, firstTime: nil, count: 1,
                jobName: alert.jobName, scheduledTime: alert.scheduledTime, note: alert.note, written: false, name: nil,
                reportingController: nil)
        }
        let written = events.sorted(by: MonitorEvent.isNewer).prefix(limit).map { event in
            MonitorEventView(
                reason: event.reason, type: event.type, time: event.lastTime.map(Time.init),
                firstTime: event.firstTime.map(Time.init), count: event.count, jobName: nil, scheduledTime: nil,
                note: event.note, written: true, name: event.key.name, reportingController: event.reportingController)
        }
        return waiting + written
    }

    /// The type of a pending alert's Event-to-be.
    static func type(of reason: String) -> String {
        (EventReason(rawValue: reason)?.isWarning ?? true) ? "Warning" : "Normal"
    }
}
