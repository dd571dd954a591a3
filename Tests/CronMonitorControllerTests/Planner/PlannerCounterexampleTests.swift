import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// The counterexamples the planner property tests (Tests/CronMonitorControllerTests/Property)
/// found, shrunk and rewritten as table tests. Each names the property it breaks. They fail on
/// the planner as of this writing (its history watermark: "with a full history, a finished Job
/// older than the oldest record was judged before") and pass once run identity no longer
/// depends on what the trimmed history still holds.
@Suite struct PlannerCounterexampleTests {
    /// A Job of `backup` created by hand (`kubectl create job --from=cronjob/backup`): no slot.
    static func manual(
        _ name: String, createdMinutes: Double, _ outcome: PlannerWorld.Outcome = .running
    ) -> JobProjection {
        let created = PlannerWorld.at(createdMinutes)
        return JobProjection(
            key: ObjectKey(namespace: PlannerWorld.namespace, name: name), uid: "uid-\(name)",
            cronJobOwner: JobProjection.Owner(name: "backup", uid: "cj-1"), created: created, isManual: true,
            startTime: created, outcome: outcome.jobOutcome(start: created))
    }

    static func count(_ reason: EventReason, in plans: [Plan]) -> Int {
        plans.flatMap(\.events).filter { $0.reason == reason }.count
    }

    /// Counted once, idempotence (the known bug): two Jobs started in the same second, more
    /// than `historyLimit`. The trimmed one starts exactly at the oldest kept record, so the
    /// watermark does not exclude it and every pass admits it as a new run.
    @Test func sameSecondJobsBeyondTheHistoryAreCountedOnce() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [
            Self.manual("backup-a", createdMinutes: 10, .succeeded(afterMinutes: 1)),
            Self.manual("backup-b", createdMinutes: 10, .succeeded(afterMinutes: 1)),
        ]
        let first = world.step(at: 20)
        let later = [world.step(at: 21), world.step(at: 30)]
        #expect(first.status.totals?.runs == 2)
        #expect(later.map { $0.status.totals?.runs } == [2, 2])
        #expect(later.map { $0.status.totals?.succeeded } == [2, 2])
        #expect(later.flatMap(\.events) == [])
    }

    /// Alerted once: the same with failures; each failed Job is alerted once, not once per pass.
    @Test func sameSecondFailuresBeyondTheHistoryAreAlertedOnce() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [
            Self.manual("backup-a", createdMinutes: 10, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
            Self.manual("backup-b", createdMinutes: 10, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
        ]
        let plans = [world.step(at: 20), world.step(at: 21), world.step(at: 30)]
        #expect(Self.count(.runFailed, in: plans) == 2)
        #expect(plans.last?.status.totals?.failed == 2)
    }

    /// Bounded: `status.runs` holds at most `historyLimit` records (PRODUCT.md), also when more
    /// runs than that are active; `activeRuns` lists them all.
    @Test func theHistoryHoldsAtMostHistoryLimitRecordsWhileMoreRunsAreActive() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [PlannerWorld.run(slot: 0), PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 61)
        #expect((plan.status.runs?.count ?? 0) <= 1)
        #expect(plan.status.activeRuns?.count == 2)
    }

    /// Counted once, idempotence, with no two times equal: an older run still active keeps its
    /// record beyond the limit and lowers the watermark, so the newer finished run (trimmed) is
    /// admitted again on every pass.
    @Test func aFinishedRunNewerThanAnActiveOneIsNotReadmitted() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [PlannerWorld.run(slot: 0), PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 5))]
        let first = world.step(at: 70)
        let second = world.step(at: 71)
        #expect(first.status.totals?.runs == 2)
        #expect(second.status.totals?.runs == 2)
        #expect(second.status.totals?.succeeded == 1)
        #expect(second.events == [])
    }

    /// Counted once, alerted once: raising `historyLimit` un-fills the history, so a run trimmed
    /// earlier is admitted (and alerted) again.
    @Test func raisingTheHistoryLimitDoesNotReadmitTrimmedRuns() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [
            PlannerWorld.run(slot: 0, .failed(afterMinutes: 2, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 2)),
        ]
        let first = world.step(at: 70)
        #expect(first.reasons == ["RunFailed"])
        world.spec.historyLimit = 2
        world.generation = 2
        let second = world.step(at: 71)
        #expect(second.events == [], "the failure of \(jobName(0)) was alerted already")
        #expect(second.status.totals?.runs == 2)
        #expect(second.status.totals?.failed == 1)
    }

    /// Counted once, failures alerted: a Job that becomes a target after the history filled up
    /// (its label added later; or a Job of an older slot created after newer ones) and is older
    /// than the oldest record is skipped: never counted, its failure never alerted.
    @Test func aJobThatBecomesATargetLateIsCountedAndAlerted() {
        var world = PlannerWorld()
        world.spec = CronMonitorSpec(
            jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "0 * * * *", historyLimit: 1)
        world.cronJob = nil
        world.step(at: 130)  // slots 00:00, 01:00, 02:00 missed; the history holds 02:00's
        world.jobs = [
            PlannerWorld.external(
                createdMinutes: 30, .failed(afterMinutes: 10, reason: "BackoffLimitExceeded"), name: "etl-late")
        ]
        let plan = world.step(at: 131)
        #expect(plan.status.totals?.runs == 1)
        #expect(plan.events.filter { $0.reason == .runFailed }.map(\.related?.name) == ["etl-late"])
    }

    /// Failures alerted: a Job being deleted but not finished is not active, so its record is
    /// trimmed like a finished one; when it then fails, the watermark hides it and its failure
    /// is never alerted.
    @Test func anUnfinishedRunBeingDeletedIsAlertedWhenItFails() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [Self.manual("backup-manual", createdMinutes: 10)]
        world.step(at: 20)
        world.change("backup-manual") { $0.isBeingDeleted = true }
        world.jobs.append(PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 2)))
        world.step(at: 70)
        world.change("backup-manual") {
            let start = $0.effectiveStart
            $0.outcome = PlannerWorld.finish(.failed(afterMinutes: 65, reason: "BackoffLimitExceeded"), start: start)
        }
        let plan = world.step(at: 80)
        #expect(plan.events.filter { $0.reason == .runFailed }.map(\.related?.name) == ["backup-manual"])
        #expect(plan.status.totals?.failed == 1)
    }

    /// Idempotence, then alerted once (found once Pods joined the generated cases): a Pending run
    /// past its grace, trimmed from a history of one by an active run of the same second. Health
    /// was judged from the runs judged in the pass, so planning again from the written history
    /// (where the pending run is counted but no longer tracked) said Healthy=Unknown instead of
    /// False/RunNotStarted, and the next passes re-alerted the overlap. Health now reads the
    /// written history and its pending alerts.
    @Test func aPendingRunTrimmedFromTheHistoryKeepsThePlanIdempotent() {
        let origin = Date(timeIntervalSince1970: 1_775_227_124)  // 2026-04-03T14:38:44Z
        let testCase = PropertyCase(
            spec: CronMonitorSpec(
                jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "0 * * * *",
                timeZone: "America/New_York", historyLimit: 1),
            monitorCreated: origin,
            cronJob: nil,
            passes: [
                PassScript(
                    now: origin,
                    added: [
                        JobProjection(
                            key: ObjectKey(namespace: "ops", name: "job-00"), uid: "uid-00", labels: ["app": "etl"],
                            created: origin - 34567),
                        JobProjection(
                            key: ObjectKey(namespace: "ops", name: "job-01"), uid: "uid-01", labels: ["app": "etl"],
                            created: origin - 34567),
                    ],
                    eventsFail: true),
                PassScript(now: origin),
                PassScript(now: origin),
            ],
            podPlans: [
                "uid-00": PodPlan(blocker: "ImagePullBackOff", startsAfter: nil, failure: "Error"),
                "uid-01": PodPlan(blocker: "Unschedulable", startsAfter: 879, failure: "Error"),
            ])
        #expect(PassDriver.run(testCase, detailed: true) == [])
    }
}
