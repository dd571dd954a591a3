import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Duplicate runs, overlapping runs and stuck runs, with the actions they take.
@Suite struct PlannerIncidentTests {
    // MARK: Duplicates

    @Test func aSecondJobForTheSameSlotIsADuplicate() throws {
        var world = PlannerWorld()
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1), name: "backup-rerun", startMinutes: 62),
        ]
        let plan = world.step(at: 64)
        #expect(plan.runs.sorted() == ["\(jobName(60)):Succeeded", "backup-rerun:Duplicate"].sorted())
        #expect(plan.reasons == ["DuplicateRun"])
        let event = try #require(plan.events.first)
        #expect(event.related?.name == "backup-rerun")
        #expect(event.note.contains("slot 2026-11-23T01:00:00Z"))
        #expect(plan.status.totals?.duplicates == 1)
        #expect(plan.status.totals?.runs == 2)
        #expect(plan.healthy == "True/Succeeded")
    }

    @Test func aDuplicateOfARunWhoseJobIsGoneIsStillADuplicate() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))]
        world.step(at: 62)
        world.jobs = [PlannerWorld.run(slot: 60, name: "backup-again", startMinutes: 70)]
        let plan = world.step(at: 71)
        #expect(plan.runs.contains("backup-again:Duplicate"))
        #expect(plan.reasons == ["DuplicateRun"])
    }

    @Test func aFailingDuplicateNeitherAlertsNorCountsAsAFailure() {
        var world = PlannerWorld()
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"), name: "dup", startMinutes: 63),
        ]
        let plan = world.step(at: 70)
        #expect(plan.reasons == ["DuplicateRun"])
        #expect(plan.status.consecutiveFailures == 0)
        #expect(plan.status.totals?.failed == nil)
    }

    @Test func manualRunsAreNeverDuplicates() {
        var world = PlannerWorld()
        var manual = PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1), name: "backup-manual", startMinutes: 61)
        manual.scheduledTime = nil
        manual.isManual = true
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 0.5)), manual]
        let plan = world.step(at: 65)
        #expect(plan.events == [])
        #expect(plan.status.totals?.duplicates == nil)
    }

    @Test func jobsNamedByTheirSlotWithoutTheAnnotationAreMatchedByName() throws {
        // backup-29923260 is 2026-11-23T01:00:00Z in minutes since the epoch; no annotation.
        let json = #"""
            {"metadata":{"name":"backup-29923260","namespace":"ops","uid":"u1","creationTimestamp":"2026-11-23T01:00:01Z",
             "ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"backup","uid":"cj-1","controller":true}]},
             "spec":{},"status":{"startTime":"2026-11-23T01:00:02Z"}}
            """#
        let named = JobProjection(try JSONDecoder().decode(BatchV1.Job.self, from: Data(json.utf8)))
        var world = PlannerWorld()
        world.jobs = [named, PlannerWorld.run(slot: 60, name: "backup-again", startMinutes: 62)]
        let plan = world.step(at: 63)
        #expect(named.scheduledTime == PlannerWorld.at(60))
        #expect(plan.runs.contains("backup-again:Duplicate"))
        #expect(plan.reasons.contains("DuplicateRun"))
    }

    // MARK: Overlaps

    @Test func twoActiveRunsOverlap() throws {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60), PlannerWorld.run(slot: 120)]
        let plan = world.step(at: 121)
        #expect(plan.reasons == ["OverlappingRuns"])
        let event = try #require(plan.events.first)
        #expect(event.related?.name == jobName(120))
        #expect(event.note.contains(jobName(60)))
        #expect(plan.status.totals?.overlaps == 1)
        #expect(plan.jobsToEnd == [], "onOverlap defaults to Alert")
        #expect(plan.status.active == 2)
    }

    @Test func terminateNewestEndsTheNewerRunNatively() {
        var world = PlannerWorld()
        world.spec.onOverlap = .terminateNewest
        world.jobs = [PlannerWorld.run(slot: 60), PlannerWorld.run(slot: 120)]
        let plan = world.step(at: 123)
        #expect(plan.ended == ["\(jobName(120))=178"])
        #expect(plan.reasons == ["OverlappingRuns", "RunTerminated"])
        #expect(plan.status.runs?.first { $0.jobName == jobName(120) }?.result == .terminated)
        #expect(plan.status.runs?.first { $0.jobName == jobName(120) }?.reason == "Overlap")
        #expect(plan.events.last?.reason.isWarning == false)

        world.change(jobName(120)) { $0.activeDeadlineSeconds = 178 }
        let again = world.step(at: 124)
        #expect(again.jobsToEnd == [], "already patched: no second patch")
        world.change(jobName(120)) {
            $0.outcome = JobOutcome(result: .failed, reason: "DeadlineExceeded", finishTime: PlannerWorld.at(124))
        }
        let ended = world.step(at: 125)
        #expect(ended.events == [], "its end is the termination, not a new failure")
        #expect(ended.status.runs?.first { $0.jobName == jobName(120) }?.result == .terminated)
        #expect(ended.status.consecutiveFailures == 0)
    }

    @Test func anOverlapSeenOnlyAfterTheFactIsAlertedWithoutAction() {
        var world = PlannerWorld()
        world.spec.onOverlap = .terminateNewest
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 70)),
            PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 5)),
        ]
        let plan = world.step(at: 140)
        #expect(plan.reasons == ["OverlappingRuns"])
        #expect(plan.jobsToEnd == [])
    }

    @Test func runsOneAfterAnotherDoNotOverlap() {
        var world = PlannerWorld()
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 50)),
            PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 5)),
            PlannerWorld.run(slot: 180),
        ]
        #expect(world.step(at: 181).events == [])
    }

    // MARK: Stuck runs

    @Test func aRunPastMaxDurationIsStuckAndAlertedOnce() throws {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 600
        world.jobs = [PlannerWorld.run(slot: 60)]
        let early = world.step(at: 65)
        #expect(early.events == [])
        #expect(abs((early.requeueAfter ?? 0) - (5 * 60 + 2 + 1)) < 0.001, "woken one second after the run turns stuck")
        let plan = world.step(at: 71)
        #expect(plan.runs == ["\(jobName(60)):Stuck"])
        #expect(plan.reasons == ["RunStuck"])
        #expect(try #require(plan.events.first).note.contains("maxDurationSeconds 600"))
        #expect(plan.jobsToEnd == [], "onStuck defaults to Alert")
        #expect(plan.status.totals?.stuck == 1)
        #expect(plan.status.consecutiveFailures == 1)
        #expect(plan.healthy == "False/RunStuck")
        #expect(world.step(at: 90).events == [])
    }

    @Test func onStuckTerminateEndsTheJobAtItsElapsedTime() {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 600
        world.spec.onStuck = .terminate
        world.jobs = [PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 71)
        #expect(plan.ended == ["\(jobName(60))=658"])
        #expect(plan.reasons == ["RunStuck", "RunTerminated"])
        #expect(plan.status.runs?.first?.result == .stuck)
        #expect(plan.status.runs?.first?.reason == "Terminated")

        world.change(jobName(60)) { $0.activeDeadlineSeconds = 658 }
        #expect(world.step(at: 72).jobsToEnd == [])
        world.change(jobName(60)) {
            $0.outcome = JobOutcome(result: .failed, reason: "DeadlineExceeded", finishTime: PlannerWorld.at(72))
        }
        let ended = world.step(at: 73)
        #expect(ended.events == [], "the DeadlineExceeded end is the termination, not a new failure")
        #expect(ended.status.runs?.first?.result == .stuck)
        #expect(ended.status.runs?.first?.finishTime == Time(PlannerWorld.at(72)))
        #expect(ended.status.consecutiveFailures == 1)
        #expect(ended.status.totals?.failed == nil)
    }

    @Test func aShorterExistingDeadlineIsLeftAlone() {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 60
        world.spec.onStuck = .terminate
        var job = PlannerWorld.run(slot: 60)
        job.activeDeadlineSeconds = 30
        world.jobs = [job]
        let plan = world.step(at: 70)
        #expect(plan.jobsToEnd == [])
        #expect(plan.reasons == ["RunStuck", "RunTerminated"])
    }

    @Test func withoutMaxDurationARunIsNeverStuck() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 60 * 24)
        #expect(plan.runs.contains("\(jobName(60)):Running"))
        #expect(!plan.reasons.contains("RunStuck"))
    }

    @Test func aStuckRunThatSucceedsStaysStuckUntilTheNextSuccessRecovers() {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 600
        world.jobs = [PlannerWorld.run(slot: 60)]
        world.step(at: 71)
        world.change(jobName(60)) { $0.outcome = JobOutcome(result: .succeeded, finishTime: PlannerWorld.at(80)) }
        let finished = world.step(at: 81)
        #expect(finished.runs == ["\(jobName(60)):Stuck"])
        #expect(finished.events == [])
        world.jobs.append(PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 1)))
        let recovered = world.step(at: 122)
        #expect(recovered.reasons == ["Recovered"])
        #expect(recovered.healthy == "True/Succeeded")
    }
}
