import Foundation
import KubernetesModel

/// What the simulated Job controller does to one Job at one instant.
public enum JobAction: Sendable, Equatable {
    /// Nothing: finished, suspended, deleting, hanging or still running.
    case none
    /// Start it: `startTime`, and one active pod unless the script creates none.
    case start
    /// It succeeded.
    case complete
    /// It failed for `reason` (`BackoffLimitExceeded` or `DeadlineExceeded`).
    case fail(reason: String, message: String)
}

/// The Job lifecycle as a pure function of the Job, its script and the time.
enum JobLifecycle {
    static func action(for job: JSONValue, script: JobScript, now: Date) -> JobAction {
        if job["metadata"]?["deletionTimestamp"] != nil || isFinished(job) { return .none }
        if job["spec"]?["suspend"]?.boolValue == true { return .none }
        guard let startText = job["status"]?["startTime"]?.stringValue, let start = Timestamps.parse(startText) else {
            return .start
        }
        let elapsed = now.timeIntervalSince(start)
        let deadline = job["spec"]?["activeDeadlineSeconds"]?.intValue.map { TimeInterval($0) }
        let runEnd = script.outcome.runEnd.map { _ in TimeInterval(script.runSeconds) }
        if let deadline, elapsed >= deadline, runEnd.map({ deadline <= $0 }) ?? true {
            return .fail(reason: deadlineExceeded, message: "Job was active longer than specified deadline")
        }
        guard let runEnd, elapsed >= runEnd, let end = script.outcome.runEnd else { return .none }
        switch end {
        case .succeeds: return .complete
        case .fails: return .fail(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")
        }
    }

    static let deadlineExceeded = "DeadlineExceeded"

    static func isFinished(_ job: JSONValue) -> Bool {
        (job["status"]?["conditions"]?.arrayValue ?? []).contains { condition in
            ["Complete", "Failed"].contains(condition["type"]?.stringValue ?? "") && condition["status"]?.stringValue == "True"
        }
    }

    /// The status after `action`, or nil when nothing changes. Pending Pods count as `active`
    /// (as in the real controller), running ones as `ready`; a script without a Pod leaves
    /// `active` unset and fails nothing.
    static func status(after action: JobAction, current: JSONValue?, script: JobScript, now: Date) -> JSONValue? {
        var status = current ?? .object([:])
        let time = JSONValue.string(Timestamps.rfc3339(now))
        switch action {
        case .none:
            return nil
        case .start:
            status.set("startTime", time)
            if script.outcome.createsPod { status.set("active", .int(1)) }
            status.set("ready", .int(script.outcome.startsContainer ? 1 : 0))
        case .complete:
            let reason = "CompletionsReached"
            let message = "Reached expected number of succeeded pods"
            appendConditions([("SuccessCriteriaMet", reason, message), ("Complete", reason, message)], to: &status, time: time)
            status.set("active", .int(0))
            status.set("ready", .int(0))
            status.set("succeeded", .int(1))
            status.set("completionTime", time)
        case .fail(let reason, let message):
            appendConditions([("FailureTarget", reason, message), ("Failed", reason, message)], to: &status, time: time)
            status.set("active", .int(0))
            status.set("ready", .int(0))
            if script.outcome.createsPod { status.set("failed", .int(1)) }
        }
        return status
    }

    private static func appendConditions(_ conditions: [(type: String, reason: String, message: String)], to status: inout JSONValue,
                                         time: JSONValue) {
        var list = status["conditions"]?.arrayValue ?? []
        for condition in conditions {
            list.append(.object([
                "type": .string(condition.type), "status": .string("True"), "reason": .string(condition.reason),
                "message": .string(condition.message), "lastProbeTime": time, "lastTransitionTime": time,
            ]))
        }
        status.set("conditions", .array(list))
    }
}
