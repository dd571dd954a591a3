import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// A run is one Job, counted once for the life of the monitor: Jobs that share a second, outnumber
/// the history, leave it and come back. Slots of Jobs from other schedulers. Found by the fleet
/// load and the planner's properties; each case here was once a counterexample.
@Suite struct PlannerRunIdentityTests {
    static let etl = ["app": "etl"]

    static func selectorWorld(historyLimit: Int32) -> PlannerWorld {
        var world = PlannerWorld()
        world.cronJob = nil
        world.spec = CronMonitorSpec(jobSelector: LabelSelector(matchLabels: etl), schedule: "0 * * * *")
        world.spec.historyLimit = historyLimit
        return world
    }

    /// `count` finished Jobs created and started in the same second.
    static func burst(_ count: Int, createdMinutes: Double, prefix: String = "etl") -> [JobProjection] {
        (0..<count).map {
            PlannerWorld.external(createdMinutes: createdMinutes, .succeeded(afterMinutes: 1), name: "\(prefix)-\($0)")
        }
    }

    @Test(arguments: [1, 5, 11] as [Int32])
    func sameSecondJobsBeyondTheHistoryAreCountedOnceAndConverge(historyLimit: Int32) {
        var world = Self.selectorWorld(historyLimit: historyLimit)
        // 01:30: outside every slot's grace, so no Job serves a slot and none is a duplicate.
        world.jobs = Self.burst(12, createdMinutes: 90)
        let first = world.step(at: 95)
        #expect(first.status.totals?.runs == 12)
        #expect(first.status.totals?.succeeded == 12)
        #expect(first.status.totals?.duplicates == nil)
        #expect(first.status.runs?.count == Int(historyLimit))
        #expect(world.step(at: 96).status == first.status)
        for minutes in [130.0, 300] {
            let later = world.step(at: minutes)
            #expect(later.status.totals?.runs == 12, "planning at \(minutes) counted again")
            #expect(later.status.totals?.succeeded == 12)
            #expect(later.events.filter { $0.reason != .scheduleMissed } == [])
        }
    }

    @Test func sameSecondJobsThatLeaveAndComeBackAreNotCountedAgain() {
        var world = Self.selectorWorld(historyLimit: 3)
        let burst = Self.burst(8, createdMinutes: 90)
        world.jobs = burst
        #expect(world.step(at: 95).status.totals?.runs == 8)
        world.jobs = Array(burst.prefix(2))
        #expect(world.step(at: 96).status.totals?.runs == 8)
        world.jobs = burst
        #expect(world.step(at: 97).status.totals?.runs == 8)
        // More Jobs in that same second, seen later, are new runs; so is a later Job.
        world.jobs = burst + Self.burst(3, createdMinutes: 90, prefix: "late")
        #expect(world.step(at: 98).status.totals?.runs == 11)
        world.jobs += [PlannerWorld.external(createdMinutes: 99, .running, name: "next")]
        let plan = world.step(at: 99.5)
        #expect(plan.status.totals?.runs == 12)
        #expect(plan.status.countedJobs?.trimmedUIDs == nil, "a newer Job makes the same-second UIDs unnecessary")
        world.jobs = burst
        #expect(world.step(at: 100).status.totals?.runs == 12)
    }

    @Test func failuresTrimmedInTheirFirstPassAreAlertedOnceAndNeverAgain() {
        var world = Self.selectorWorld(historyLimit: 2)
        world.jobs = (0..<6).map {
            PlannerWorld.external(createdMinutes: 90, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"), name: "etl-\($0)")
        }
        let plan = world.step(at: 95)
        #expect(plan.reasons.filter { $0 == "RunFailed" }.count == 6)
        #expect(world.step(at: 96).reasons == [])
        world.jobs = Array(world.jobs.reversed())
        #expect(world.step(at: 97).reasons == [])
        #expect(world.status?.totals?.failed == 6)
    }

    @Test func jobsOfAnotherSchedulerServeTheSlotTheyWereCreatedInTheGraceOf() throws {
        var world = Self.selectorWorld(historyLimit: 20)
        world.jobs = [
            // The first ends (02:00:05) before the second starts: a duplicate, not an overlap.
            PlannerWorld.external(createdMinutes: 120 + 3.0 / 60, .succeeded(afterMinutes: 2.0 / 60), name: "etl-a"),
            PlannerWorld.external(createdMinutes: 120 + 7.0 / 60, .succeeded(afterMinutes: 1), name: "etl-b"),
        ]
        let plan = world.step(at: 125)
        #expect(plan.runs.sorted() == [":Missed", "etl-a:Succeeded", "etl-b:Duplicate"])
        #expect(plan.reasons == ["DuplicateRun", "ScheduleMissed"], "02:00 ran twice; 01:00 had no run")
        let records = try #require(plan.status.runs)
        #expect(records.filter { $0.jobName == "etl-a" }.map(\.scheduledTime) == [Time(PlannerWorld.at(120))])
    }

    @Test func jobsCreatedOutsideEverySlotsGraceServeNoSlotAndAreNoDuplicates() throws {
        var world = Self.selectorWorld(historyLimit: 20)
        world.spec.startGraceSeconds = 60
        world.jobs = [
            PlannerWorld.external(createdMinutes: 90, .succeeded(afterMinutes: 1), name: "etl-a"),
            PlannerWorld.external(createdMinutes: 90 + 0.5 / 60, .succeeded(afterMinutes: 1), name: "etl-b"),
        ]
        let plan = world.step(at: 100)
        #expect(plan.runs.sorted() == ["etl-a:Succeeded", "etl-b:Succeeded", ":Missed"].sorted())
        #expect(plan.status.runs?.filter { !($0.jobName ?? "").isEmpty }.allSatisfy { $0.scheduledTime == nil } == true)
        #expect(plan.status.totals?.duplicates == nil)
    }

    @Test(arguments: [OverlapPolicy.alert, .terminateNewest])
    func anOverlapGoingOnWhenTheMonitorIsCreatedIsAlerted(policy: OverlapPolicy) throws {
        var world = PlannerWorld()
        world.created = PlannerWorld.at(150)
        world.spec.onOverlap = policy
        world.jobs = [PlannerWorld.run(slot: 60), PlannerWorld.run(slot: 120)]
        let plan = world.step(at: 151)
        let expected = policy == .alert ? ["OverlappingRuns"] : ["OverlappingRuns", "RunTerminated"]
        #expect(plan.reasons == expected)
        #expect(plan.events.first?.related?.name == jobName(120))
        #expect(plan.jobsToEnd.map(\.job.name) == (policy == .alert ? [] : [jobName(120)]))
    }

    @Test func anOverlapThatEndedBeforeTheMonitorExistedIsRecordedNotAlerted() {
        var world = PlannerWorld()
        world.created = PlannerWorld.at(150)
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 70)),
            PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 5)),
        ]
        let plan = world.step(at: 151)
        #expect(plan.reasons == [])
        #expect(plan.status.totals?.overlaps == 1)
    }

    @Test func moreActiveRunsThanTheHistoryKeepTheNewestWithinTheLimit() {
        var world = PlannerWorld()
        world.spec.historyLimit = 2
        world.jobs = [60.0, 120, 180].map { PlannerWorld.run(slot: $0) }
        let plan = world.step(at: 181)
        #expect(plan.runs == [jobName(180), jobName(120)].map { "\($0):Running" })
        #expect(plan.status.activeRuns?.count == 3)
        #expect(world.step(at: 182).status.totals?.runs == 3)
    }

    @Test func aRunningJobOutOfSightForAPassIsJudgedWhenItComesBack() {
        var world = PlannerWorld()
        let run = PlannerWorld.run(slot: 60)
        world.jobs = [run]
        world.step(at: 61)
        world.jobs = []
        #expect(world.step(at: 62).runs == ["\(jobName(60)):Terminated"])
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 2, reason: "BackoffLimitExceeded"))]
        let plan = world.step(at: 63)
        #expect(plan.runs == ["\(jobName(60)):Failed"])
        #expect(plan.reasons == ["RunFailed"])
        #expect(plan.status.totals?.runs == 1)
    }
}
