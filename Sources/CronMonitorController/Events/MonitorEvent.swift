import CronMonitorAPI
import Foundation
import KubernetesModel
import KubernetesRuntime

/// What the dashboard keeps of one Event about a CronMonitor: enough for its "Recent Events"
/// (reason, type, note, count, first and last time, whom it regards and who wrote it), never
/// the whole object. The note is cut at `noteLimit` characters, so every projection is small
/// whatever a workload wrote into a Job message.
public struct MonitorEvent: CacheProjection {
    /// The Event's own namespace and name.
    public var key: ObjectKey
    public var reason: String
    /// `Normal` or `Warning` (anything else as the Event says it).
    public var type: String
    public var note: String
    /// How often it happened: the series count, else the deprecated count, else 1.
    public var count: Int
    public var firstTime: Date?
    /// When last seen: the series' last observation, the deprecated last timestamp, the event
    /// time, the creation time, in that order.
    public var lastTime: Date?
    public var regarding: Regarding
    public var reportingController: String?

    /// The monitor an Event regards.
    public struct Regarding: Sendable, Equatable, Hashable {
        public var uid: String
        public var namespace: String
        public var name: String

        public init(uid: String, namespace: String, name: String) {
            self.uid = uid
            self.namespace = namespace
            self.name = name
        }
    }

    /// The longest note kept, in characters (the API allows 1 kB, and tolerates more).
    public static let noteLimit = 1024

    public init(
        key: ObjectKey, reason: String, type: String, note: String, count: Int = 1, firstTime: Date? = nil,
        lastTime: Date? = nil, regarding: Regarding, reportingController: String? = nil
    ) {
        self.key = key
        self.reason = reason
        self.type = type
        self.note = note.count > Self.noteLimit ? String(note.prefix(Self.noteLimit - 1)) + "…" : note
        self.count = max(1, count)
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.regarding = regarding
        self.reportingController = reportingController
    }

    /// An `events.k8s.io/v1` Event.
    public init(_ event: EventsV1.Event) {
        let created = event.metadata.creationTimestamp?.date
        self.init(
            key: ObjectKey(namespace: event.metadata.namespace ?? "", name: event.metadata.name ?? ""),
            reason: event.reason ?? "", type: event.type ?? "", note: event.note ?? "",
            count: event.series?.count ?? event.deprecatedCount ?? 1,
            firstTime: event.eventTime?.date ?? event.deprecatedFirstTimestamp?.date ?? created,
            lastTime: event.series?.lastObservedTime.date ?? event.deprecatedLastTimestamp?.date
                ?? event.eventTime?.date ?? created,
            regarding: Regarding(event.regarding, eventNamespace: event.metadata.namespace),
            reportingController: event.reportingController ?? event.deprecatedSource?.component)
    }

    /// A core `v1` Event (where events.k8s.io is not served).
    public init(_ event: CoreV1.Event) {
        let created = event.metadata.creationTimestamp?.date
        self.init(
            key: ObjectKey(namespace: event.metadata.namespace ?? "", name: event.metadata.name ?? ""),
            reason: event.reason ?? "", type: event.type ?? "", note: event.message ?? "",
            count: event.series?.count ?? event.count ?? 1,
            firstTime: event.firstTimestamp?.date ?? event.eventTime?.date ?? created,
            lastTime: event.series?.lastObservedTime.date ?? event.lastTimestamp?.date ?? event.eventTime?.date
                ?? created,
            regarding: Regarding(event.involvedObject, eventNamespace: event.metadata.namespace),
            reportingController: event.reportingComponent ?? event.source?.component)
    }

    /// Whether it is about `monitor` itself (by UID: a monitor deleted and created again under
    /// the same name does not inherit the Events of the old one).
    public func regards(_ monitor: CronMonitor) -> Bool {
        guard let uid = monitor.metadata.uid, !uid.isEmpty else { return false }
        return regarding.uid == uid
    }

    /// Newest first: by last time, then by name (a stable order for equal times).
    public static func isNewer(_ lhs: MonitorEvent, than rhs: MonitorEvent) -> Bool {
        let left = lhs.lastTime ?? .distantPast
        let right = rhs.lastTime ?? .distantPast
        return left != right ? left > right : lhs.key.name > rhs.key.name
    }
}

extension MonitorEvent.Regarding {
    init(_ reference: ObjectReference?, eventNamespace: String?) {
        self.init(
            uid: reference?.uid ?? "", namespace: reference?.namespace ?? eventNamespace ?? "",
            name: reference?.name ?? "")
    }
}
