import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime

/// Runs a `PropertyCase` the way the reconciler runs the planner, and checks the properties
/// after every pass. Each pass: the world moves on (the script, and the Job controller ending
/// Jobs whose `activeDeadlineSeconds` ran out), the planner plans from the status written last,
/// Jobs in `jobsToDelete` are deleted (`recordingPurge`), Jobs in `jobsToEnd` get their deadline,
/// and the plan's status becomes the monitor's. Then the pass is planned again to check that
/// nothing changes.
struct PassDriver {
    let testCase: PropertyCase
    private(set) var violations: [Violation] = []
    private var world: [JobProjection] = []
    private var spec: CronMonitorSpec
    private var generation: Int64 = 1
    private var cronJob: CronJobProjection?
    private var status: CronMonitorStatus?
    private var ledger = PropertyLedger()
    private var pass = 0

    /// The violations of `testCase`, at most one per property (the first). `detailed` also
    /// describes how a status changed when planned again (costly).
    static func run(_ testCase: PropertyCase, detailed: Bool = false) -> [Violation] {
        var driver = PassDriver(testCase: testCase, detailed: detailed)
        driver.runAll()
        return driver.violations
    }

    let detailed: Bool

    private init(testCase: PropertyCase, detailed: Bool) {
        self.testCase = testCase
        self.detailed = detailed
        spec = testCase.spec
        cronJob = testCase.cronJob
    }

    private mutating func runAll() {
        var previousNow: Date?
        for (index, script) in testCase.passes.enumerated() {
            pass = index
            advanceWorld(script, previousNow: previousNow)
            previousNow = script.now
            run(script)
        }
        for violation in ledger.finalViolations(restricted: testCase.isRestricted, pass: pass) {
            report(violation)
        }
    }

    private mutating func report(_ violation: Violation) {
        guard !violations.contains(where: { $0.property == violation.property }) else { return }
        violations.append(violation)
    }

    private mutating func advanceWorld(_ script: PassScript, previousNow: Date?) {
        for index in world.indices {
            // The Job controller fails a Job whose `activeDeadlineSeconds` ran out.
            guard world[index].outcome == nil, let deadline = world[index].activeDeadlineSeconds else { continue }
            let end = world[index].effectiveStart.addingTimeInterval(TimeInterval(deadline))
            if end <= script.now {
                world[index].outcome = JobOutcome(
                    result: .failed, reason: "DeadlineExceeded", message: "Job was active longer than specified deadline",
                    finishTime: max(end, previousNow ?? end))
            }
        }
        let deleted = Set(script.deleted)
        world.removeAll { deleted.contains($0.uid) }
        for finish in script.finished {
            guard let index = world.firstIndex(where: { $0.uid == finish.uid }), world[index].outcome == nil else { continue }
            world[index].outcome = finish.outcome
        }
        for uid in script.beingDeleted {
            guard let index = world.firstIndex(where: { $0.uid == uid }) else { continue }
            world[index].isBeingDeleted = true
        }
        world += script.added
        if let edit = script.spec {
            spec = edit
            generation += 1
        }
        if let suspend = script.cronJobSuspend { cronJob?.suspend = suspend }
    }

    private var monitor: CronMonitor {
        CronMonitor(
            metadata: ObjectMeta(
                name: "nightly", namespace: PropertyCase.namespace, uid: "mon-1", generation: generation,
                creationTimestamp: Time(testCase.monitorCreated)),
            spec: spec, status: status)
    }

    private func plan(_ script: PassScript, delivered: Set<String> = []) -> (plan: Plan, targets: [JobProjection]) {
        let hidden = Set(script.hidden)
        let monitor = monitor
        let targets = Planner.targets(of: monitor, cronJob: cronJob, among: world.filter { !hidden.contains($0.uid) })
        var pods: [String: [PodProjection]]?
        if let plans = testCase.podPlans, !script.podsUnknown {
            var byJob: [String: [PodProjection]] = [:]
            for job in targets {
                let found = plans[job.uid]?.pods(of: job, now: script.now) ?? []
                if !found.isEmpty { byJob[job.uid] = found }
            }
            pods = byJob
        }
        let plan = Planner.plan(
            PlanInput(monitor: monitor, jobs: targets, cronJob: cronJob, now: script.now, delivered: delivered, pods: pods))
        return (plan, targets)
    }

    /// Applies a plan (made by `plan(_:)` from the current world and status) like the
    /// reconciler: writes its status, then emits its notices and, unless Events fail in this
    /// pass, writes the Events of its pending alerts. Returns the incidents delivered (the next
    /// plan records them as alerted).
    private mutating func apply(_ planned: (plan: Plan, targets: [JobProjection]), eventsFail: Bool) -> Set<String> {
        var (plan, targets) = planned
        if let requeue = plan.requeueAfter, requeue < 0 {
            report(Violation(property: .wellFormed, pass: pass, detail: "requeueAfter \(requeue) is negative"))
        }
        for reference in plan.jobsToDelete {
            guard let job = targets.first(where: { $0.uid == reference.uid }), job.outcome != nil else {
                report(
                    Violation(
                        property: .wellFormed, pass: pass, detail: "deletes \(reference.name), not a finished target Job"))
                continue
            }
        }
        let doomed = Set(plan.jobsToDelete.map(\.uid))
        world.removeAll { doomed.contains($0.uid) }
        plan = plan.recordingPurge(of: plan.jobsToDelete)
        for termination in plan.jobsToEnd {
            guard let index = world.firstIndex(where: { $0.uid == termination.job.uid }) else { continue }
            world[index].activeDeadlineSeconds = termination.activeDeadlineSeconds
        }
        status = plan.status
        ledger.observe(targets: targets)
        ledger.gaveUp(plan.givenUpAlerts)
        let written = eventsFail ? plan.events.filter { $0.incident == nil } : plan.events
        for violation in ledger.record(written, pass: pass) { report(violation) }
        let last = pass == testCase.passes.count - 1
        for violation in ledger.check(plan.status, spec: spec, targets: targets, pass: pass, last: last) {
            report(violation)
        }
        return Set(written.compactMap(\.incident))
    }

    /// Immediate re-plans one pass may take before it must be quiet.
    static let maxContinuations = 12

    private mutating func run(_ script: PassScript) {
        // The last pass writes every Event, so that every alert is delivered by the end.
        let eventsFail = script.eventsFail && pass < testCase.passes.count - 1
        var applied = plan(script)
        var delivered = apply(applied, eventsFail: eventsFail)
        // Once planning again changed something, later passes are not planned twice (saves time
        // on a planner that does not converge; the other properties are still checked).
        guard !violations.contains(where: { $0.property == .idempotent }) else { return }
        var again = plan(script, delivered: delivered)
        var continuations = 0
        while !Self.isQuiet(again.plan, written: status, eventsFail: eventsFail),
            continuations < Self.maxContinuations,
            !delivered.isEmpty
                || Self.mayContinue(after: applied.plan, with: again.plan, written: status, eventsFail: eventsFail)
        {
            continuations += 1
            applied = again
            delivered = apply(applied, eventsFail: eventsFail)
            again = plan(script, delivered: delivered)
        }
        if !Self.isQuiet(again.plan, written: status, eventsFail: eventsFail) {
            // Describing the difference is costly; only the first one is reported.
            if !violations.contains(where: { $0.property == .idempotent }) {
                let settling = continuations == 0 ? "" : " (after \(continuations) immediate re-plan(s))"
                report(
                    Violation(
                        property: .idempotent, pass: pass,
                        detail: Self.difference(written: status, again: again.plan, detailed: detailed) + settling))
            }
            return
        }
        // A third plan of the same world, at the same time, is identical (checked in the last
        // pass only, to save time).
        guard pass == testCase.passes.count - 1 else { return }
        if plan(script).plan != again.plan {
            report(Violation(property: .idempotent, pass: pass, detail: "a third plan of the same world differs"))
        }
    }

    /// Whether planning again may change something because the plan applied last asked to be
    /// planned again at once (the reconciler does so):
    /// - alerts were delivered: the next plan records them (checked by the caller);
    /// - more than 100 slots were due (`requeueAfter` 0): the next plan judges the next ones;
    /// - retention deletes a Job only once a written status records its finished run, so a Job
    ///   that finished in this pass is deleted by the next plan (requeued within a second), which
    ///   changes nothing else.
    static func mayContinue(after applied: Plan, with again: Plan, written: CronMonitorStatus?, eventsFail: Bool)
        -> Bool
    {
        guard let requeue = applied.requeueAfter else { return false }
        if requeue == 0 { return true }
        let events = eventsFail ? again.events.filter { $0.incident == nil } : again.events
        return requeue <= 1 && !again.jobsToDelete.isEmpty && events.isEmpty && again.jobsToEnd.isEmpty
            && again.status == written
    }

    /// Nothing left to do: no Event (but the pending alerts, while Events fail), no Job to end
    /// or delete, the status as written.
    static func isQuiet(_ plan: Plan, written: CronMonitorStatus?, eventsFail: Bool = false) -> Bool {
        let events = eventsFail ? plan.events.filter { $0.incident == nil } : plan.events
        return events.isEmpty && plan.jobsToEnd.isEmpty && plan.jobsToDelete.isEmpty && plan.status == written
    }

    /// How a plan made from the written status differs from a quiet one.
    static func difference(written: CronMonitorStatus?, again: Plan, detailed: Bool) -> String {
        var problems: [String] = []
        if !again.events.isEmpty {
            problems.append("planning again emits " + again.events.map { Self.describe($0) }.joined(separator: ", "))
        }
        if !again.jobsToEnd.isEmpty {
            problems.append("planning again ends " + again.jobsToEnd.map(\.job.name).joined(separator: ", "))
        }
        if !again.jobsToDelete.isEmpty {
            problems.append("planning again deletes " + again.jobsToDelete.map(\.name).joined(separator: ", "))
        }
        if again.status != written {
            problems.append(
                "planning again changes the status"
                    + (detailed ? ": " + StatusDiff.describe(from: written, to: again.status) : ""))
        }
        return problems.joined(separator: "; ")
    }

    static func describe(_ event: PlannedEvent) -> String {
        "\(event.reason.rawValue)(\(event.related?.name ?? "-"))"
    }
}
