import Foundation
import KubernetesModel
import KubernetesRuntime

/// What the controller keeps of a CronJob: the schedule facts a monitor may inherit and the
/// facts that explain a missed slot (suspended, `Forbid`), and where its `@every` slots count from.
public struct CronJobProjection: CacheProjection {
    public var key: ObjectKey
    public var uid: String
    public var created: Date
    public var schedule: String
    public var timeZone: String?
    public var suspend: Bool
    public var forbidsConcurrency: Bool
    /// `status.lastScheduleTime`: the CronJob controller counts `@every` slots from it (else
    /// from the CronJob's creation).
    public var lastScheduleTime: Date?

    public init(
        key: ObjectKey, uid: String, created: Date, schedule: String, timeZone: String? = nil,
        suspend: Bool = false, forbidsConcurrency: Bool = false, lastScheduleTime: Date? = nil
    ) {
        self.key = key
        self.uid = uid
        self.created = created
        self.schedule = schedule
        self.timeZone = timeZone
        self.suspend = suspend
        self.forbidsConcurrency = forbidsConcurrency
        self.lastScheduleTime = lastScheduleTime
    }

    public init(_ cronJob: BatchV1.CronJob) {
        let metadata = cronJob.metadata
        self.init(
            key: ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? ""),
            uid: metadata.uid ?? "",
            created: metadata.creationTimestamp?.date ?? Date(timeIntervalSince1970: 0),
            schedule: cronJob.spec.schedule,
            timeZone: cronJob.spec.timeZone,
            suspend: cronJob.spec.suspend ?? false,
            forbidsConcurrency: cronJob.spec.concurrencyPolicy == "Forbid",
            lastScheduleTime: cronJob.status?.lastScheduleTime?.date)
    }
}
