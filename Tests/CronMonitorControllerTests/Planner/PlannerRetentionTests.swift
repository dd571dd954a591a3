import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Retention: which finished Jobs are deleted, and that nothing unrecorded, active, foreign or
/// newest-failed ever is.
@Suite struct PlannerRetentionTests {
    /// Four succeeded hourly runs and two failed ones, already recorded by a first pass.
    static func world(_ retention: RetentionPolicy) -> PlannerWorld {
        var world = PlannerWorld()
        world.spec.retention = retention
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 120, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 180, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 240, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 300, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 360, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 420),
        ]
        return world
    }

    @Test func keepSucceededDeletesTheOlderSuccessesOnceRecorded() {
        var world = Self.world(RetentionPolicy(keepSucceeded: 2))
        let first = world.step(at: 421)
        #expect(first.jobsToDelete == [], "runs are recorded before their Jobs may go")
        #expect(first.requeueAfter.map { $0 <= 1 } == true)
        let plan = world.step(at: 422)
        #expect(plan.deleted == [jobName(180), jobName(60)])
        #expect(plan.jobsToDelete.first?.uid == "uid-\(jobName(180))")
        #expect(plan.events == [])
    }

    @Test func keepFailedZeroStillKeepsTheNewestFailure() {
        var world = Self.world(RetentionPolicy(keepFailed: 0))
        world.step(at: 421)
        #expect(world.step(at: 422).deleted == [jobName(120)])
    }

    @Test func maxAgeDeletesOldFinishedJobsButNotTheNewestFailureNorActiveOnes() {
        var world = Self.world(RetentionPolicy(maxAgeSeconds: 3 * 3600))
        world.step(at: 421)
        let plan = world.step(at: 422)
        // Finished before 04:02 (422 − 180 min): the 01:00 and 03:00 successes; 02:00's failure
        // is old too; 04:00's failure is the newest failure and stays.
        #expect(plan.deleted == [jobName(180), jobName(120), jobName(60)])
        #expect(!plan.deleted.contains(jobName(420)))
        // The 07:00 slot's grace (07:05) comes before the next Job ages out (05:00's run at 08:01).
        #expect(abs((plan.requeueAfter ?? 0) - (3 * 60 + 1)) < 0.001)
        world.spec.schedule = "0 0 1 1 *"
        let yearly = world.plan(at: 422)
        let ageOut: TimeInterval = (301 * 60 + 2) + 3 * 3600 - 422 * 60 + 1
        #expect(abs((yearly.requeueAfter ?? 0) - ageOut) < 0.001, "woken when the next finished Job ages out")
    }

    @Test func jobsBeingDeletedAreNotDeletedAgain() {
        var world = Self.world(RetentionPolicy(keepSucceeded: 0))
        world.step(at: 421)
        world.change(jobName(60)) { $0.isBeingDeleted = true }
        let plan = world.step(at: 422)
        #expect(plan.deleted == [jobName(360), jobName(300), jobName(180)])
    }

    @Test func recordingAPurgeCountsItAndAnnouncesItOnce() throws {
        var world = Self.world(RetentionPolicy(keepSucceeded: 2))
        world.step(at: 421)
        let plan = world.plan(at: 422)
        let purged = plan.recordingPurge(of: Array(plan.jobsToDelete.prefix(1)))
        #expect(purged.status.totals?.purged == 1)
        #expect(purged.reasons == ["JobsPurged"])
        let event = try #require(purged.events.first)
        #expect(event.reason.isWarning == false)
        #expect(event.note.contains(jobName(180)))
        #expect(plan.recordingPurge(of: []) == plan)
    }

    @Test func withoutRetentionNothingIsDeleted() {
        var world = Self.world(RetentionPolicy())
        world.step(at: 421)
        #expect(world.step(at: 422).jobsToDelete == [])
        world.spec.retention = nil
        #expect(world.step(at: 423).jobsToDelete == [])
    }

    @Test func runsStayInTheHistoryAfterTheirJobsArePurged() {
        var world = Self.world(RetentionPolicy(keepSucceeded: 1))
        world.step(at: 421)
        let plan = world.step(at: 422)
        world.jobs.removeAll { job in plan.jobsToDelete.contains { $0.uid == job.uid } }
        let after = world.step(at: 423)
        #expect(after.runs.contains("\(jobName(60)):Succeeded"))
        #expect(after.events == [])
        #expect(after.jobsToDelete == [])
    }
}
