import Foundation
import KubernetesModel

/// The CronJob planner's view of the Jobs a CronJob controls.
extension CronJobPlanner {
    /// Updates `status.active` and `status.lastSuccessfulTime` from the Jobs, like the real
    /// controller: finished Jobs leave the list, vanished ones too, and an unfinished Job it does
    /// not list is reported (not adopted).
    static func reconcileActive(_ plan: inout CronJobPlan, jobs: [JSONValue]) {
        var active = activeList(plan.status)
        let activeUIDs = Set(active.compactMap { $0["uid"]?.stringValue })
        let jobUIDs = Set(jobs.compactMap { $0.metadataString("uid") })
        var lastSuccess = plan.status["lastSuccessfulTime"]?.stringValue.flatMap(Timestamps.parse)
        for job in jobs {
            let uid = job.metadataString("uid") ?? ""
            let name = job.metadataString("name") ?? ""
            let finished = finishedCondition(job)
            switch (activeUIDs.contains(uid), finished) {
            case (false, nil):
                plan.events.append(ControllerEvent(.warning, reason: "UnexpectedJob",
                                                   message: "Saw a job that the controller did not create or forgot: \(name)"))
            case (true, let condition?):
                active.removeAll { $0["uid"]?.stringValue == uid }
                plan.events.append(ControllerEvent(.normal, reason: "SawCompletedJob",
                                                   message: "Saw completed job: \(name), condition: \(condition)"))
            case (true, nil), (false, _?):
                break
            }
            if finished != nil, let completion = job["status"]?["completionTime"]?.stringValue.flatMap(Timestamps.parse),
               lastSuccess.map({ completion > $0 }) ?? true {
                lastSuccess = completion
            }
        }
        for reference in activeList(plan.status) {
            let uid = reference["uid"]?.stringValue ?? ""
            guard !jobUIDs.contains(uid) else { continue }
            active.removeAll { $0["uid"]?.stringValue == uid }
            plan.events.append(ControllerEvent(.normal, reason: "MissingJob",
                                               message: "Active job went missing: \(reference["name"]?.stringValue ?? "")"))
        }
        plan.status.set("active", active.asArray)
        plan.status.set("lastSuccessfulTime", lastSuccess.map { .string(Timestamps.rfc3339($0)) })
    }

    /// `Complete` or `Failed` when the Job has finished, else nil.
    static func finishedCondition(_ job: JSONValue) -> String? {
        (job["status"]?["conditions"]?.arrayValue ?? []).first { condition in
            ["Complete", "Failed"].contains(condition["type"]?.stringValue ?? "") && condition["status"]?.stringValue == "True"
        }?["type"]?.stringValue
    }

    /// Names of finished Jobs beyond `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`,
    /// oldest (by start time; Jobs without one count as newest) first.
    static func historyCleanup(cronJob: JSONValue, jobs: [JSONValue]) -> [String] {
        let spec = cronJob["spec"]
        let successfulLimit = spec?["successfulJobsHistoryLimit"]?.intValue.map(Int.init) ?? defaultSuccessfulHistory
        let failedLimit = spec?["failedJobsHistoryLimit"]?.intValue.map(Int.init) ?? defaultFailedHistory
        let live = jobs.filter { $0["metadata"]?["deletionTimestamp"] == nil }
        let succeeded = live.filter { finishedCondition($0) == "Complete" }
        let failed = live.filter { finishedCondition($0) == "Failed" }
        return oldest(succeeded, keeping: successfulLimit) + oldest(failed, keeping: failedLimit)
    }

    private static func oldest(_ jobs: [JSONValue], keeping limit: Int) -> [String] {
        guard jobs.count > max(limit, 0) else { return [] }
        let ordered = jobs.sorted { lhs, rhs in
            let left = lhs["status"]?["startTime"]?.stringValue.flatMap(Timestamps.parse)
            let right = rhs["status"]?["startTime"]?.stringValue.flatMap(Timestamps.parse)
            switch (left, right) {
            case (nil, .some): return false
            case (.some, nil): return true
            case (let left?, let right?) where left != right: return left < right
            case (_, _): return (lhs.metadataString("name") ?? "") < (rhs.metadataString("name") ?? "")
            }
        }
        return ordered.prefix(jobs.count - max(limit, 0)).compactMap { $0.metadataString("name") }
    }

    /// The Job for `scheduledTime`: `spec.jobTemplate` with its labels and annotations, the
    /// scheduled-timestamp annotation (RFC 3339 in the CronJob's zone) and a controller reference.
    static func job(cronJob: JSONValue, name: String, scheduledTime: Date, timeZone: TimeZone) -> JSONValue {
        let template = cronJob["spec"]?["jobTemplate"]
        var annotations = template?["metadata"]?["annotations"] ?? .object([:])
        annotations.set(scheduledTimestampAnnotation, .string(rfc3339(scheduledTime, in: timeZone)))
        var metadata: JSONValue = .object([
            "name": .string(name),
            "annotations": annotations,
            "ownerReferences": .array([.object([
                "apiVersion": .string("batch/v1"), "kind": .string("CronJob"),
                "name": cronJob["metadata"]?["name"] ?? .string(""), "uid": cronJob["metadata"]?["uid"] ?? .string(""),
                "controller": .bool(true), "blockOwnerDeletion": .bool(true),
            ])]),
        ])
        if let labels = template?["metadata"]?["labels"] { metadata.set("labels", labels) }
        return .object([
            "apiVersion": .string("batch/v1"), "kind": .string("Job"),
            "metadata": metadata,
            "spec": template?["spec"] ?? .object([:]),
        ])
    }

    /// Go's `time.RFC3339` of `date` in `zone`: `Z` for UTC, else the offset.
    static func rfc3339(_ date: Date, in zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
