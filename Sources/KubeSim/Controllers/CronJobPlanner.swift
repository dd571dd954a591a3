import CronSchedule
import Foundation
import KubernetesModel

/// The CronJob controller's decisions as a pure function of a CronJob, the Jobs it controls and
/// the time, following the order of the real controller's sync: reconcile `status.active` with the
/// Jobs, stop if suspended, find the most recent due slot (at most 100 missed slots are
/// considered and only the newest is started; `startingDeadlineSeconds` drops older ones), apply
/// the concurrency policy, build the Job, then trim finished Jobs to the history limits.
enum CronJobPlanner {
    static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"
    static let defaultSuccessfulHistory = 3
    static let defaultFailedHistory = 1

    static func plan(cronJob: JSONValue, jobs: [JSONValue], now: Date) -> CronJobPlan {
        var plan = decide(cronJob: cronJob, jobs: jobs, now: now)
        plan.statusChanged = plan.status.normalized != (cronJob["status"] ?? .object([:])).normalized
        return plan
    }

    private static func decide(cronJob: JSONValue, jobs: [JSONValue], now: Date) -> CronJobPlan {
        var plan = CronJobPlan(status: cronJob["status"] ?? .object([:]))
        guard cronJob["metadata"]?["deletionTimestamp"] == nil else { return plan }
        reconcileActive(&plan, jobs: jobs)
        plan.cleanup = historyCleanup(cronJob: cronJob, jobs: jobs)
        if !plan.cleanup.isEmpty {
            let removed = Set(plan.cleanup)
            plan.status.set("active", activeList(plan.status).filter { !removed.contains($0["name"]?.stringValue ?? "") }.asArray)
        }
        let spec = cronJob["spec"] ?? .object([:])
        let schedule: CronJobSchedule
        do {
            schedule = try CronJobSchedule(spec["schedule"]?.stringValue ?? "", timeZone: spec["timeZone"]?.stringValue)
        } catch {
            // Like the controller: a bad zone is reported even when suspended, a bad schedule not.
            if let event = scheduleEvent(for: error, spec: spec, suspended: spec["suspend"]?.boolValue == true) {
                plan.events.append(event)
            }
            return plan
        }
        if spec["suspend"]?.boolValue == true { return plan }
        guard let scheduledTime = dueSlot(cronJob: cronJob, schedule: schedule, now: now, plan: &plan) else { return plan }
        if let deadline = spec["startingDeadlineSeconds"]?.intValue,
           scheduledTime.addingTimeInterval(TimeInterval(deadline)) < now {
            plan.events.append(ControllerEvent(.warning, reason: "MissSchedule",
                                               message: "Missed scheduled time to start a job: \(rfc1123(scheduledTime))"))
            return plan
        }
        let name = jobName(cronJob: cronJob, scheduledTime: scheduledTime)
        let active = activeList(plan.status)
        if active.contains(where: { $0["name"]?.stringValue == name })
            || plan.status["lastScheduleTime"]?.stringValue.flatMap(Timestamps.parse) == scheduledTime {
            return plan
        }
        switch spec["concurrencyPolicy"]?.stringValue ?? "Allow" {
        case "Forbid" where !active.isEmpty:
            plan.events.append(ControllerEvent(.normal, reason: "JobAlreadyActive",
                message: "Not starting job because prior execution is running and concurrency policy is Forbid"))
            return plan
        case "Replace":
            plan.replace = active.compactMap { $0["name"]?.stringValue }
            plan.status.set("active", nil)
        default:
            break
        }
        plan.create = CronJobPlan.JobToCreate(
            job: job(cronJob: cronJob, name: name, scheduledTime: scheduledTime, timeZone: schedule.timeZone),
            scheduledTime: scheduledTime)
        return plan
    }

    /// The most recent slot not yet handled, or nil; records the too-many-missed warning.
    static func dueSlot(cronJob: JSONValue, schedule: CronJobSchedule, now: Date, plan: inout CronJobPlan) -> Date? {
        let created = cronJob.metadataString("creationTimestamp").flatMap(Timestamps.parse) ?? now
        var earliest = plan.status["lastScheduleTime"]?.stringValue.flatMap(Timestamps.parse) ?? created
        if let deadline = cronJob["spec"]?["startingDeadlineSeconds"]?.intValue {
            earliest = max(earliest, now.addingTimeInterval(-TimeInterval(deadline)))
        }
        let check: ControllerScheduleCheck
        do {
            check = try schedule.controllerMostRecent(earliest: earliest, now: now)
        } catch {
            plan.events.append(ControllerEvent(.warning, reason: "InvalidSchedule",
                                               message: "invalid schedule: \(schedule.text) : \(error)"))
            return nil
        }
        switch check.missed {
        case .many:
            plan.events.append(ControllerEvent(.warning, reason: "TooManyMissedTimes",
                message: "too many missed start times: \(check.estimatedMissed). Set or decrease .spec.startingDeadlineSeconds or check clock skew"))
        case .few, .none:
            break
        }
        return check.mostRecent
    }

    static func scheduleEvent(for error: CronParseError, spec: JSONValue, suspended: Bool) -> ControllerEvent? {
        switch error {
        case .unknownTimeZone:
            ControllerEvent(.warning, reason: "UnknownTimeZone",
                            message: "invalid timeZone: \"\(spec["timeZone"]?.stringValue ?? "")\": \(error)")
        case .emptyExpression, .timeZoneInExpression, .wrongFieldCount, .unknownDescriptor, .invalidDuration, .invalidField:
            suspended ? nil : ControllerEvent(.warning, reason: "UnparseableSchedule",
                            message: "unparseable schedule: \"\(spec["schedule"]?.stringValue ?? "")\" : \(error)")
        }
    }

    /// `<cronjob>-<scheduled time in minutes since the epoch>`.
    static func jobName(cronJob: JSONValue, scheduledTime: Date) -> String {
        "\(cronJob.metadataString("name") ?? "")-\(Int64(scheduledTime.timeIntervalSince1970.rounded(.down)) / 60)"
    }

    static func activeList(_ status: JSONValue) -> [JSONValue] {
        status["active"]?.arrayValue ?? []
    }

    static func rfc1123(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

extension [JSONValue] {
    /// The list as a JSON value; an empty list is absent, as `omitempty` writes it.
    var asArray: JSONValue? { isEmpty ? nil : .array(self) }
}

extension JSONValue {
    /// The value without empty `active` lists, so that an absent and an empty list compare equal.
    var normalized: JSONValue {
        var copy = self
        if copy["active"]?.arrayValue?.isEmpty == true { copy.set("active", nil) }
        return copy
    }
}
