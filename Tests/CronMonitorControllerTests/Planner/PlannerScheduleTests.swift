import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Missed slots, with their reasons, bounds and grace; and `spec.suspend`.
@Suite struct PlannerScheduleTests {
    @Test func aSlotWithoutARunPastItsGraceIsMissed() throws {
        var world = PlannerWorld()
        let plan = world.step(at: 66)
        #expect(plan.runs == [":Missed"])
        let record = try #require(plan.status.runs?.first)
        #expect(record.jobName == "")
        #expect(record.scheduledTime == Time(PlannerWorld.at(60)))
        #expect(record.reason == "NoJobCreated")
        #expect(plan.reasons == ["ScheduleMissed"])
        #expect(try #require(plan.events.first).note.contains("slot 2026-11-23T01:00:00Z"))
        #expect(plan.events.first?.related == nil)
        #expect(plan.status.totals?.missed == 1)
        #expect(plan.status.lastJudgedSlotTime == Time(PlannerWorld.at(60)))
        #expect(plan.healthy == "False/ScheduleMissed")
        #expect(plan.status.lastResult == .missed)
    }

    @Test func withinItsGraceASlotIsNotYetMissed() {
        var world = PlannerWorld()
        let plan = world.step(at: 62)
        #expect(plan.status.runs == [])
        #expect(plan.events == [])
        // Woken when the 01:00 slot's 300 s grace is over (+1 s).
        #expect(abs((plan.requeueAfter ?? 0) - (3 * 60 + 1)) < 0.001)
    }

    @Test func aLateRunInsideTheGraceCounts() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, startMinutes: 64)]
        let plan = world.step(at: 70)
        #expect(plan.runs == ["\(jobName(60)):Running"])
        #expect(plan.events == [])
    }

    @Test func aSuspendedCronJobsSlotsAreRecordedButNotAlerted() {
        var world = PlannerWorld()
        world.cronJob?.suspend = true
        let plan = world.step(at: 66)
        #expect(plan.runs == [":Missed"])
        #expect(plan.status.runs?.first?.reason == "Suspended")
        #expect(plan.events == [])
        #expect(plan.healthy == "Unknown/NoRunsYet", "an intended pause is not a missed schedule")
    }

    @Test func underForbidAStillRunningJobExplainsTheMiss() throws {
        var world = PlannerWorld()
        world.cronJob?.forbidsConcurrency = true
        world.jobs = [PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 126)
        let missed = try #require(plan.status.runs?.first { $0.result == .missed })
        #expect(missed.scheduledTime == Time(PlannerWorld.at(120)))
        #expect(missed.reason == "ForbidConcurrent")
        #expect(missed.message?.contains(jobName(60)) == true)
        #expect(plan.reasons == ["ScheduleMissed"])
    }

    @Test func slotsMissedWhileTheOperatorWasDownAreEachAlertedOnce() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))]
        world.step(at: 62)
        let plan = world.step(at: 5 * 60 + 10)
        #expect(plan.reasons == Array(repeating: "ScheduleMissed", count: 4))
        #expect(plan.status.totals?.missed == 4)
        #expect(plan.status.lastJudgedSlotTime == Time(PlannerWorld.at(300)))
        #expect(world.step(at: 5 * 60 + 20).events == [])
    }

    @Test func atMostOneHundredSlotsAreJudgedPerPass() {
        var world = PlannerWorld()
        world.spec.schedule = "* * * * *"
        world.spec.startGraceSeconds = 0
        world.spec.historyLimit = 100
        let first = world.plan(at: 150)
        world.status = first.status
        #expect(first.status.totals?.missed == 100)
        #expect(first.status.lastJudgedSlotTime == Time(PlannerWorld.at(100)))
        #expect(first.requeueAfter == 0, "the rest is judged in the next pass, at once")
        let second = world.step(at: 150)
        #expect(second.status.totals?.missed == 150)
        #expect(second.status.lastJudgedSlotTime == Time(PlannerWorld.at(150)))
    }

    @Test func slotsBeforeTheMonitorOrItsCronJobExistedAreNeverJudged() {
        var world = PlannerWorld()
        world.created = PlannerWorld.at(-600)
        world.cronJob?.created = PlannerWorld.at(170)
        let plan = world.step(at: 200)
        #expect(plan.status.runs?.map(\.scheduledTime) == [Time(PlannerWorld.at(180))], "only the slot after the CronJob's creation")
        world.cronJob?.created = PlannerWorld.at(-1000)
        world.created = PlannerWorld.at(190)
        world.status = nil
        #expect(world.step(at: 200).status.runs == [])
    }

    @Test func aSelectorTargetsJobsClaimTheSlotTheyStartedInTheGraceOf() {
        var world = PlannerWorld()
        world.cronJob = nil
        world.spec = CronMonitorSpec(jobSelector: LabelSelector(matchLabels: ["app": "etl"]), schedule: "0 * * * *")
        world.jobs = [
            PlannerWorld.external(createdMinutes: 62, .succeeded(afterMinutes: 1), name: "etl-a"),
            PlannerWorld.external(createdMinutes: 127, .succeeded(afterMinutes: 1), name: "etl-b"),
        ]
        let plan = world.step(at: 130)
        #expect(plan.status.runs?.filter { $0.result == .missed }.map(\.scheduledTime) == [Time(PlannerWorld.at(120))])
        #expect(plan.reasons == ["ScheduleMissed"])
    }

    @Test func aSuccessAfterAMissedSlotRecovers() {
        var world = PlannerWorld()
        #expect(world.step(at: 66).healthy == "False/ScheduleMissed")
        world.jobs = [PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 1))]
        let plan = world.step(at: 122)
        #expect(plan.healthy == "True/Succeeded")
        #expect(plan.reasons == ["Recovered"])
    }

    @Test func aSuspendedMonitorRecordsRunsButJudgesAndAlertsNothing() {
        var world = PlannerWorld()
        world.spec.suspend = true
        world.spec.maxDurationSeconds = 60
        world.spec.onStuck = .terminate
        world.jobs = [
            PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 120),
        ]
        let plan = world.step(at: 250)
        #expect(plan.healthy == "Unknown/Suspended")
        #expect(plan.events == [])
        #expect(plan.jobsToEnd == [])
        #expect(plan.runs == ["\(jobName(120)):Running", "\(jobName(60)):Failed"])
        #expect(plan.status.lastJudgedSlotTime == Time(PlannerWorld.at(240)))

        world.spec.suspend = false
        world.generation = 2
        let resumed = world.step(at: 251)
        #expect(!resumed.reasons.contains("RunFailed"), "a failure seen while suspended is not alerted later")
        #expect(!resumed.reasons.contains("ScheduleMissed"), "slots passed while suspended are not judged")
        #expect(resumed.reasons == ["RunStuck", "RunTerminated"])
    }

    @Test func requeueIsTheEarliestDueMoment() {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 120
        world.jobs = [PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 61)
        // Stuck at 01:02:02 comes before the 02:00 slot's grace end.
        #expect(abs((plan.requeueAfter ?? 0) - (60 + 2 + 1)) < 0.001)
    }
}
