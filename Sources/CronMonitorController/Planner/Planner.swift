import CronMonitorAPI
import CronSchedule
import Foundation
import KubernetesModel

/// The pure heart of the controller: from a monitor, its Jobs, its CronJob and the time, it
/// computes the monitor's next status and what to do. No IO, no clock of its own; the same
/// input always gives the same plan, and planning again from the status a plan wrote changes
/// nothing (so a no-op reconcile writes nothing and an incident is alerted once).
public enum Planner {
    /// The Jobs a monitor targets among the Jobs of its namespace: those its CronJob controls
    /// (by name, and by UID once the CronJob is known), or those its selector matches.
    public static func targets(
        of monitor: CronMonitor, cronJob: CronJobProjection?, among jobs: [JobProjection]
    ) -> [JobProjection] {
        let namespace = monitor.metadata.namespace ?? ""
        if let name = monitor.spec.cronJobName, monitor.spec.jobSelector == nil {
            return jobs.filter { job in
                guard job.key.namespace == namespace, let owner = job.cronJobOwner, owner.name == name else {
                    return false
                }
                return cronJob.map { owner.uid == $0.uid } ?? true
            }
        }
        if let selector = monitor.spec.jobSelector, monitor.spec.cronJobName == nil,
            (try? selector.validate()) != nil
        {
            return jobs.filter { $0.key.namespace == namespace && selector.matches(labels: $0.labels) }
        }
        return []
    }

    public static func plan(_ input: PlanInput) -> Plan {
        let monitor = input.monitor
        var status = monitor.status ?? CronMonitorStatus()
        status.observedGeneration = monitor.metadata.generation
        switch resolve(monitor, cronJob: input.cronJob, now: input.now) {
        case .invalid(let reason, let message, let event):
            return invalidPlan(input, status: status, reason: reason, message: message, event: event)
        case .resolved(let target):
            var builder = PlanBuilder(input: input, target: target, status: status)
            builder.build()
            return builder.plan
        }
    }

    /// A monitor that cannot be judged: `Ready=False` with the reason, and one Warning Event
    /// when this reason is new for this generation. Nothing else changes; no requeue (the
    /// monitor, or its CronJob, changing triggers the next look).
    private static func invalidPlan(
        _ input: PlanInput, status: CronMonitorStatus, reason: String, message: String, event: EventReason
    ) -> Plan {
        var status = status
        let generation = input.monitor.metadata.generation
        let previous = status.conditions?.condition(CronMonitorCondition.ready)
        let alreadyReported =
            previous?.status == .false && previous?.reason == reason && previous?.observedGeneration == generation
        var conditions = status.conditions ?? []
        conditions.set(
            Condition(
                type: CronMonitorCondition.ready, status: .false, observedGeneration: generation,
                lastTransitionTime: Time(input.now), reason: reason, message: message))
        // Runs are not judged while the monitor is not ready: its health is unknown, for the same reason.
        conditions.set(
            Condition(
                type: CronMonitorCondition.healthy, status: .unknown, observedGeneration: generation,
                lastTransitionTime: Time(input.now), reason: reason,
                message: "runs are not judged while the monitor is not ready: \(message)"))
        status.conditions = conditions
        status.reason = reason
        // What the spec says, even when it cannot be used: `kubectl get` is never a blank row.
        status.target = specTarget(input.monitor.spec) ?? status.target
        status.resolvedSchedule = input.monitor.spec.schedule ?? input.cronJob?.schedule ?? status.resolvedSchedule
        status.nextScheduleTime = nil
        // Alerts decided while the spec was valid are still delivered.
        var outbox = AlertOutbox(status)
        var runs = status.runs ?? []
        outbox.settle(delivered: input.delivered, records: &runs)
        let givenUp = outbox.giveUp(keeping: runs)
        if status.runs != nil { status.runs = runs }
        status.pendingAlerts = outbox.status
        let events = outbox.events + (alreadyReported ? [] : [PlannedEvent(event, note: message)])
        return Plan(status: status, events: events, givenUpAlerts: givenUp)
    }
}

/// The monitor's target and schedule once its spec checks out.
struct ResolvedTarget: Sendable {
    var schedule: CronJobSchedule
    var description: String
    var startGrace: TimeInterval
    /// Slots before this are never judged (the monitor, or its CronJob, did not exist).
    var judgeFrom: Date
    /// Where `@every` slots count from, as the CronJob controller counts them: the CronJob's
    /// `status.lastScheduleTime`, else its creation; the monitor's creation for selector monitors.
    var anchor: Date
}

extension ResolvedTarget {
    /// The slot a run serves: the slot the CronJob controller recorded (annotation or name
    /// suffix); else, for Jobs of other schedulers, the most recent slot of the schedule at or
    /// before the Job's creation, when the Job was created within the start grace of it. A Job
    /// created outside every slot's grace window, like a manual run, serves no slot.
    func slot(of job: JobProjection) -> Date? {
        if job.isManual { return nil }
        if let recorded = job.scheduledTime { return recorded }
        // `@every` slots count from `judgeFrom`; cron slots only need looking for within the grace.
        let earliest: Date
        switch schedule.expression {
        case .every: earliest = judgeFrom
        case .fields: earliest = job.created.addingTimeInterval(-startGrace - 1)
        }
        guard let slot = mostRecent(atOrBefore: job.created, after: earliest),
            job.created.timeIntervalSince(slot) <= startGrace
        else { return nil }
        return slot
    }
}

enum Resolution {
    case resolved(ResolvedTarget)
    case invalid(reason: String, message: String, event: EventReason)
}

extension Planner {
    /// The target as the spec names it (`CronJob/NAME` or the selector), also when the spec is
    /// invalid; nil when it names neither.
    static func specTarget(_ spec: CronMonitorSpec) -> String? {
        switch (spec.cronJobName, spec.jobSelector) {
        case (.some(let name), .none): "CronJob/\(name)"
        case (.none, .some(let selector)): "selector: " + ((try? selector.queryString()) ?? "(invalid)")
        case (.some(let name), .some): "CronJob/\(name) and a selector"
        case (.none, .none): nil
        }
    }

    static func resolve(_ monitor: CronMonitor, cronJob: CronJobProjection?, now: Date) -> Resolution {
        let spec = monitor.spec
        let invalidFields = spec.invalidFields + spec.outOfRangeFields
        if !invalidFields.isEmpty {
            // Fields the operator could not read (an unknown enum value, a wrong type) or whose
            // value is out of range.
            return .invalid(
                reason: ReadyReason.invalidSpec, message: invalidFields.map(\.message).joined(separator: "; "),
                event: .invalidSpec)
        }
        let description: String
        var inheritedSchedule: String?
        var inheritedZone: String?
        var judgeFrom = monitor.metadata.creationTimestamp?.date ?? Date(timeIntervalSince1970: 0)
        var anchor = judgeFrom
        switch (spec.cronJobName, spec.jobSelector) {
        case (.some(let name), .none):
            guard let cronJob else {
                return .invalid(
                    reason: ReadyReason.cronJobNotFound,
                    message: "CronJob \(monitor.metadata.namespace ?? "")/\(name) not found",
                    event: .cronJobNotFound)
            }
            description = "CronJob/\(name)"
            inheritedSchedule = cronJob.schedule
            inheritedZone = cronJob.timeZone
            judgeFrom = max(judgeFrom, cronJob.created)
            anchor = cronJob.lastScheduleTime ?? cronJob.created
        case (.none, .some(let selector)):
            do throws(LabelSelectorError) {
                description = "selector: " + (try selector.queryString())
            } catch {
                return .invalid(
                    reason: ReadyReason.invalidSpec, message: "spec.jobSelector is invalid: \(error)",
                    event: .invalidSpec)
            }
            guard spec.schedule != nil else {
                return .invalid(
                    reason: ReadyReason.invalidSpec, message: "spec.schedule is required with spec.jobSelector",
                    event: .invalidSpec)
            }
        case (.some, .some), (.none, .none):
            return .invalid(
                reason: ReadyReason.invalidSpec,
                message: "exactly one of spec.cronJobName and spec.jobSelector must be set", event: .invalidSpec)
        }
        let expression = spec.schedule ?? inheritedSchedule ?? ""
        let zone = spec.timeZone ?? inheritedZone ?? CronMonitorSpec.Defaults.timeZone
        let schedule: CronJobSchedule
        do throws(CronParseError) {
            schedule = try CronJobSchedule(expression, timeZone: zone)
        } catch {
            let reason: String
            switch error {
            case .unknownTimeZone: reason = ReadyReason.unknownTimeZone
            case .emptyExpression, .timeZoneInExpression, .wrongFieldCount, .unknownDescriptor, .invalidDuration,
                .invalidField:
                reason = ReadyReason.invalidSchedule
            }
            return .invalid(
                reason: reason, message: "schedule \"\(expression)\" (time zone \(zone)) is invalid: \(error)",
                event: .invalidSpec)
        }
        guard schedule.next(after: now) != nil else {
            return .invalid(
                reason: ReadyReason.scheduleNeverFires,
                message: "schedule \"\(expression)\" (time zone \(zone)) has no slot within five years",
                event: .invalidSpec)
        }
        let grace = TimeInterval(max(0, spec.resolvedStartGraceSeconds))
        return .resolved(
            ResolvedTarget(
                schedule: schedule, description: description, startGrace: grace, judgeFrom: judgeFrom, anchor: anchor))
    }
}
