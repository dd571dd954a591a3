import CronMonitorAPI
import Foundation
import KubernetesModel

extension CronMonitorStatus {
    /// The JSON merge patch that turns `old` into this status, or nil when they are equal.
    ///
    /// Field by field: an unchanged field costs one `==`, a changed one is encoded alone (an
    /// array or a scalar replaced whole, as RFC 7386 does; a small object diffed member by
    /// member), a field gone becomes `null`. The reconciler's common change, a run finishing in a
    /// history of 100, encodes the history once instead of encoding both statuses whole and
    /// decoding them into JSON values to diff them. `patchedFields` names every field; a test
    /// keeps it in step with the type.
    public func mergePatch(from old: CronMonitorStatus?) throws -> JSONValue? {
        let old = old ?? CronMonitorStatus()
        var patch: [String: JSONValue] = [:]
        func replace<T: Encodable & Equatable>(_ key: String, _ field: KeyPath<CronMonitorStatus, T?>) throws {
            let new = self[keyPath: field]
            guard new != old[keyPath: field] else { return }
            patch[key] = try new.map(JSONValue.encoding) ?? .null
        }
        func merge<T: Encodable & Equatable>(_ key: String, _ field: KeyPath<CronMonitorStatus, T?>) throws {
            let new = self[keyPath: field]
            guard new != old[keyPath: field] else { return }
            guard let new else {
                patch[key] = .null
                return
            }
            let encoded = try JSONValue.encoding(new)
            patch[key] = try old[keyPath: field].map { try JSONValue.encoding($0).mergePatch(to: encoded) } ?? encoded
        }
        try replace("observedGeneration", \.observedGeneration)
        try replace("conditions", \.conditions)
        try replace("reason", \.reason)
        try replace("target", \.target)
        try replace("resolvedSchedule", \.resolvedSchedule)
        try replace("resolvedTimeZone", \.resolvedTimeZone)
        try replace("lastScheduleTime", \.lastScheduleTime)
        try replace("nextScheduleTime", \.nextScheduleTime)
        try replace("lastJudgedSlotTime", \.lastJudgedSlotTime)
        try replace("lastStartTime", \.lastStartTime)
        try replace("lastFinishTime", \.lastFinishTime)
        try replace("lastSuccessTime", \.lastSuccessTime)
        try replace("lastFailureTime", \.lastFailureTime)
        try replace("lastResult", \.lastResult)
        try replace("consecutiveFailures", \.consecutiveFailures)
        try replace("active", \.active)
        try replace("activeRuns", \.activeRuns)
        if runs != old.runs {
            // The largest field, written by hand (see `RunRecord.jsonValue`).
            patch["runs"] = try runs?.jsonValue() ?? .null
        }
        try merge("totals", \.totals)
        try merge("countedJobs", \.countedJobs)
        try replace("pendingAlerts", \.pendingAlerts)
        try merge("durations", \.durations)
        try replace("daily", \.daily)
        return patch.isEmpty ? nil : .object(patch)
    }

    /// The fields `mergePatch(from:)` compares, by their JSON names.
    public static let patchedFields: Set<String> = [
        "observedGeneration", "conditions", "reason", "target", "resolvedSchedule", "resolvedTimeZone", "lastScheduleTime",
        "nextScheduleTime", "lastJudgedSlotTime", "lastStartTime", "lastFinishTime", "lastSuccessTime",
        "lastFailureTime", "lastResult", "consecutiveFailures", "active", "activeRuns", "runs", "totals", "countedJobs",
        "pendingAlerts", "durations", "daily",
    ]
}
