import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// A small world for planner tests: one monitor (on CronJob `backup` with an hourly schedule
/// by default), its Jobs, and a clock in minutes from 2026-11-23T00:00:00Z (the monitor's
/// creation). `step(at:)` plans and then "writes" the planned status, as the reconciler does,
/// and checks that planning again from the written status alerts nothing new.
struct PlannerWorld {
    static let origin = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z
    static let namespace = "ops"

    var spec = CronMonitorSpec(cronJobName: "backup")
    var created = Self.origin
    var generation: Int64 = 1
    var status: CronMonitorStatus?
    var cronJob: CronJobProjection? = CronJobProjection(
        key: ObjectKey(namespace: Self.namespace, name: "backup"), uid: "cj-1",
        created: Self.origin.addingTimeInterval(-86_400), schedule: "0 * * * *")
    var jobs: [JobProjection] = []
    /// The Pods of the Jobs by Job UID; nil: Pods are not watched.
    var pods: [String: [PodProjection]]?

    /// Minutes after the origin.
    static func at(_ minutes: Double) -> Date { origin.addingTimeInterval(minutes * 60) }

    var monitor: CronMonitor {
        CronMonitor(
            metadata: ObjectMeta(
                name: "backup-monitor", namespace: Self.namespace, uid: "mon-1", generation: generation,
                creationTimestamp: Time(created)),
            spec: spec, status: status)
    }

    func plan(at minutes: Double, delivered: Set<String> = []) -> Plan {
        Planner.plan(
            PlanInput(
                monitor: monitor, jobs: jobs, cronJob: cronJob, now: Self.at(minutes), delivered: delivered, pods: pods))
    }

    /// Reconciles at `minutes` as the reconciler does when every Event is written: plans, stores
    /// the planned status (its alerts pending), delivers every alert and stores the status that
    /// records them as alerted; then expects a plan from that status to be quiet (no Events, same
    /// status): every incident is alerted exactly once. Returns the first plan with the final
    /// status.
    @discardableResult
    mutating func step(at minutes: Double, sourceLocation: SourceLocation = #_sourceLocation) -> Plan {
        var plan = plan(at: minutes)
        let previous = status
        status = plan.status
        let delivered = Set(plan.events.compactMap(\.incident))
        if !delivered.isEmpty {
            let recorded = self.plan(at: minutes, delivered: delivered)
            #expect(
                recorded.events.allSatisfy { $0.incident == nil }, "recording delivered alerts alerted again",
                sourceLocation: sourceLocation)
            #expect(recorded.status.pendingAlerts == nil, "delivered alerts still pending", sourceLocation: sourceLocation)
            status = recorded.status
            plan.status = recorded.status
        }
        // The reconciler writes the status as a merge patch from the previous one.
        #expect(
            (try? StatusMergePatchTests.expectPatch(from: previous, to: plan.status, sourceLocation: sourceLocation)) != nil,
            "the status merge patch failed to encode", sourceLocation: sourceLocation)
        let again = self.plan(at: minutes)
        #expect(again.events == [], "planning again alerted twice", sourceLocation: sourceLocation)
        #expect(again.status == plan.status, "planning again changed the status", sourceLocation: sourceLocation)
        return plan
    }

    enum Outcome {
        case running
        case succeeded(afterMinutes: Double)
        case failed(afterMinutes: Double, reason: String)
    }

    /// A Job the CronJob created for the slot `slotMinutes`, started 2 s after it.
    static func run(
        slot slotMinutes: Double, _ outcome: Outcome = .running, name: String? = nil, uid: String? = nil,
        startMinutes: Double? = nil, owner: String = "backup", ownerUID: String = "cj-1"
    ) -> JobProjection {
        let slot = at(slotMinutes)
        let jobName = name ?? "\(owner)-\(Int64(slot.timeIntervalSince1970) / 60)"
        let start = startMinutes.map(at) ?? slot.addingTimeInterval(2)
        return JobProjection(
            key: ObjectKey(namespace: namespace, name: jobName), uid: uid ?? "uid-\(jobName)",
            cronJobOwner: JobProjection.Owner(name: owner, uid: ownerUID),
            created: start.addingTimeInterval(-1), scheduledTime: slot, startTime: start,
            outcome: outcome.jobOutcome(start: start))
    }

    /// A Job of another creator (no slot annotation): its slot is its creation time.
    static func external(
        createdMinutes: Double, _ outcome: Outcome = .running, name: String, labels: [String: String] = ["app": "etl"]
    ) -> JobProjection {
        let created = at(createdMinutes)
        return JobProjection(
            key: ObjectKey(namespace: namespace, name: name), uid: "uid-\(name)", labels: labels,
            created: created, startTime: created, outcome: outcome.jobOutcome(start: created))
    }

    /// Updates the Job named `name`.
    mutating func change(_ name: String, _ edit: (inout JobProjection) -> Void) {
        guard let index = jobs.firstIndex(where: { $0.key.name == name }) else {
            Issue.record("no Job \(name)")
            return
        }
        edit(&jobs[index])
    }

    static func finish(_ outcome: Outcome, start: Date) -> JobOutcome? { outcome.jobOutcome(start: start) }
}

extension PlannerWorld.Outcome {
    func jobOutcome(start: Date) -> JobOutcome? {
        switch self {
        case .running:
            nil
        case .succeeded(let minutes):
            JobOutcome(result: .succeeded, finishTime: start.addingTimeInterval(minutes * 60))
        case .failed(let minutes, let reason):
            JobOutcome(
                result: .failed, reason: reason, message: "\(reason) happened",
                finishTime: start.addingTimeInterval(minutes * 60))
        }
    }
}

extension Plan {
    var reasons: [String] { events.map(\.reason.rawValue) }
    var runs: [String] { (status.runs ?? []).map { "\($0.jobName ?? ""):\($0.result.rawValue)" } }
    func condition(_ type: String) -> Condition? { status.conditions?.condition(type) }
    var healthy: String {
        condition(CronMonitorCondition.healthy).map { "\($0.status.rawValue)/\($0.reason)" } ?? "-"
    }
    var ready: String {
        condition(CronMonitorCondition.ready).map { "\($0.status.rawValue)/\($0.reason)" } ?? "-"
    }
    var deleted: [String] { jobsToDelete.map(\.name) }
    var ended: [String] { jobsToEnd.map { "\($0.job.name)=\($0.activeDeadlineSeconds)" } }
}

/// Job names as the CronJob controller makes them for the slot `minutes` after the origin.
func jobName(_ minutes: Double, cronJob: String = "backup") -> String {
    "\(cronJob)-\(Int64(PlannerWorld.at(minutes).timeIntervalSince1970) / 60)"
}
