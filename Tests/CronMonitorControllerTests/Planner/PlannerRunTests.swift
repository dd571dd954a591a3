import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// Run identity, start and finish, outcomes, the failure streak and recovery.
@Suite struct PlannerRunTests {
    @Test func anActiveJobIsARunningRun() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 61)
        #expect(plan.runs == ["\(jobName(60)):Running"])
        #expect(plan.status.active == 1)
        #expect(plan.status.activeRuns?.first?.scheduledTime == Time(PlannerWorld.at(60)))
        #expect(plan.status.lastStartTime == Time(PlannerWorld.at(60).addingTimeInterval(2)))
        #expect(plan.status.lastResult == nil, "an active run is no outcome")
        #expect(plan.status.totals?.runs == 1)
        #expect(plan.events == [])
        #expect(plan.healthy == "Unknown/NoRunsYet")
    }

    @Test func aSucceededRunIsRecordedWithItsDurationOnce() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60)]
        world.step(at: 61)
        world.change(jobName(60)) { $0.outcome = PlannerWorld.finish(.succeeded(afterMinutes: 3), start: $0.effectiveStart) }
        let plan = world.step(at: 64)
        let run = plan.status.runs?.first
        #expect(run?.result == .succeeded)
        #expect(run?.durationSeconds == 180)
        #expect(run?.finishTime == Time(PlannerWorld.at(63).addingTimeInterval(2)))
        #expect(plan.status.lastSuccessTime == run?.finishTime)
        #expect(plan.status.lastFinishTime == run?.finishTime)
        #expect(plan.status.totals?.runs == 1)
        #expect(plan.status.totals?.succeeded == 1)
        #expect(plan.status.active == 0)
        #expect(plan.status.activeRuns == [])
        #expect(plan.healthy == "True/Succeeded")
        #expect(plan.events == [])
    }

    @Test func aFailedRunIsAlertedOnceWithTheJobAndItsSlot() throws {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 2, reason: "BackoffLimitExceeded"))]
        let plan = world.step(at: 63)
        #expect(plan.runs == ["\(jobName(60)):Failed"])
        #expect(plan.status.runs?.first?.reason == "BackoffLimitExceeded")
        #expect(plan.status.runs?.first?.alerted == ["RunFailed"])
        let event = try #require(plan.events.first)
        #expect(plan.reasons == ["RunFailed"])
        #expect(event.related == JobReference(name: jobName(60), uid: "uid-\(jobName(60))"))
        #expect(event.note.contains(jobName(60)))
        #expect(event.note.contains("slot 2026-11-23T01:00:00Z"))
        #expect(event.note.contains("BackoffLimitExceeded"))
        #expect(plan.status.consecutiveFailures == 1)
        #expect(plan.status.lastFailureTime == Time(PlannerWorld.at(62).addingTimeInterval(2)))
        #expect(plan.status.totals?.failed == 1)
        #expect(plan.healthy == "False/RunFailed")
        #expect(world.step(at: 90).events == [], "alerted once, also later")
    }

    /// Outcomes straight from Job conditions, including the 1.31+ `*Target` / `SuccessCriteriaMet` ones.
    @Test(arguments: [
        (#"[{"type":"SuccessCriteriaMet","status":"True","lastTransitionTime":"2026-11-23T01:03:00Z"}]"#, "Succeeded", nil),
        (#"[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True","lastTransitionTime":"2026-11-23T01:03:00Z"}]"#, "Succeeded", nil),
        (#"[{"type":"FailureTarget","status":"True","reason":"BackoffLimitExceeded","lastTransitionTime":"2026-11-23T01:03:00Z"}]"#, "Failed", "BackoffLimitExceeded"),
        (#"[{"type":"FailureTarget","status":"True","reason":"DeadlineExceeded"},{"type":"Failed","status":"True","reason":"DeadlineExceeded","lastTransitionTime":"2026-11-23T01:03:00Z"}]"#, "Failed", "DeadlineExceeded"),
        (#"[{"type":"Failed","status":"True","reason":"PodFailurePolicy","lastTransitionTime":"2026-11-23T01:03:00Z"}]"#, "Failed", "PodFailurePolicy"),
        (#"[{"type":"Failed","status":"True","reason":"MaxFailedIndexesExceeded","lastTransitionTime":"2026-11-23T01:03:00Z"}]"#, "Failed", "MaxFailedIndexesExceeded"),
        (#"[{"type":"Suspended","status":"True"}]"#, "Running", nil),
        (#"[{"type":"Failed","status":"False"}]"#, "Running", nil),
    ] as [(String, String, String?)])
    func outcomesComeFromJobConditions(conditions: String, result: String, reason: String?) throws {
        let json = #"""
            {"metadata":{"name":"backup-29796540","namespace":"ops","uid":"u1","creationTimestamp":"2026-11-23T01:00:01Z",
             "ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"backup","uid":"cj-1","controller":true}],
             "annotations":{"batch.kubernetes.io/cronjob-scheduled-timestamp":"2026-11-23T01:00:00Z"}},
             "spec":{},"status":{"startTime":"2026-11-23T01:00:02Z","conditions":\#(conditions)}}
            """#
        var world = PlannerWorld()
        world.jobs = [JobProjection(try JSONDecoder().decode(BatchV1.Job.self, from: Data(json.utf8)))]
        let plan = world.step(at: 64)
        #expect(plan.runs == ["backup-29796540:\(result)"])
        #expect(plan.status.runs?.first?.reason == reason)
        if result != "Running" {
            #expect(plan.status.runs?.first?.finishTime == Time(PlannerWorld.at(63)))
        }
        #expect(plan.reasons == (result == "Failed" ? ["RunFailed"] : []))
    }

    @Test func aManualRunBelongsToNoSlotAndClaimsNone() {
        var world = PlannerWorld()
        var manual = PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1), name: "backup-manual-abc")
        manual.scheduledTime = nil
        manual.isManual = true
        world.jobs = [manual]
        let plan = world.step(at: 70)
        #expect(plan.status.runs?.contains { $0.jobName == "backup-manual-abc" && $0.scheduledTime == nil } == true)
        #expect(plan.status.runs?.contains { $0.result == .missed && $0.scheduledTime == Time(PlannerWorld.at(60)) } == true)
        #expect(plan.reasons == ["ScheduleMissed"])
    }

    @Test func aJobDeletedWhileRunningEndsItsRunWithoutAnAlert() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60)]
        world.step(at: 61)
        world.jobs = []
        let plan = world.step(at: 62)
        #expect(plan.runs == ["\(jobName(60)):Terminated"])
        #expect(plan.status.runs?.first?.reason == "JobDeleted")
        #expect(plan.status.active == 0)
        #expect(plan.events == [])
    }

    @Test func theFailureThresholdCountsConsecutiveFailures() {
        var world = PlannerWorld()
        world.spec.failureThreshold = 3
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))]
        #expect(world.step(at: 62).healthy == "True/FailuresBelowThreshold")
        world.jobs.append(PlannerWorld.run(slot: 120, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")))
        #expect(world.step(at: 122).status.consecutiveFailures == 2)
        world.jobs.append(PlannerWorld.run(slot: 180, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")))
        let plan = world.step(at: 182)
        #expect(plan.status.consecutiveFailures == 3)
        #expect(plan.healthy == "False/RunFailed")
        #expect(plan.reasons == ["RunFailed"])
    }

    @Test func aSuccessAfterFailuresRecoversOnce() throws {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))]
        #expect(world.step(at: 62).healthy == "False/RunFailed")
        world.jobs.append(PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 1)))
        let plan = world.step(at: 122)
        #expect(plan.healthy == "True/Succeeded")
        #expect(plan.status.consecutiveFailures == 0)
        #expect(plan.reasons == ["Recovered"])
        let recovered = try #require(plan.events.first)
        #expect(recovered.reason.isWarning == false)
        #expect(recovered.note.contains(jobName(120)))
    }

    @Test func runsThatFinishedDuringDowntimeAreJudgedInOrder() {
        var world = PlannerWorld()
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 120, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 180, .failed(afterMinutes: 1, reason: "DeadlineExceeded")),
        ]
        let plan = world.step(at: 200)
        #expect(plan.status.consecutiveFailures == 2)
        #expect(plan.reasons == ["RunFailed", "RunFailed"])
        #expect(plan.runs == ["\(jobName(180)):Failed", "\(jobName(120)):Failed", "\(jobName(60)):Succeeded"])
        #expect(plan.status.lastResult == .failed)
        #expect(plan.status.totals?.runs == 3)
    }

    @Test func runsThatFinishedBeforeTheMonitorExistedAreRecordedButNotAlerted() {
        var world = PlannerWorld()
        world.created = PlannerWorld.at(150)
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))]
        let plan = world.step(at: 151)
        #expect(plan.runs == ["\(jobName(60)):Failed"])
        #expect(plan.events == [])
        #expect(plan.healthy == "False/RunFailed")
    }

    @Test func historyKeepsTheNewestRunsAndNeverRevisitsTrimmedOnes() {
        var world = PlannerWorld()
        world.spec.historyLimit = 3
        world.jobs = (1...6).map { PlannerWorld.run(slot: Double($0 * 60), .failed(afterMinutes: 1, reason: "Boom")) }
        let plan = world.step(at: 400)
        #expect(plan.runs == [6, 5, 4].map { "\(jobName(Double($0 * 60))):Failed" })
        #expect(plan.reasons.count == 6, "each failure alerted once even if its record is trimmed at once")
        #expect(plan.status.totals?.runs == 6)
        let later = world.step(at: 410)
        #expect(later.runs == plan.runs)
        #expect(later.status.totals?.runs == 6, "trimmed runs are not counted again")
    }

    @Test func anActiveRunsRecordIsNeverTrimmed() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.spec.startGraceSeconds = 60
        world.jobs = [PlannerWorld.run(slot: 60)]
        let plan = world.step(at: 190)
        #expect(plan.status.runs?.contains { $0.jobName == jobName(60) && $0.result == .running } == true)
    }
}
