import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// The alert outbox (`status.pendingAlerts`): a run is recorded as alerted only once its Event
/// was delivered; until then the alert waits in the status and is planned again; it is never
/// decided twice; what waits is bounded. Cases from the property tests' counterexamples.
@Suite struct PlannerAlertOutboxTests {
    static func failedWorld() -> PlannerWorld {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))]
        return world
    }

    static func alerted(_ status: CronMonitorStatus) -> [String] {
        (status.runs ?? []).flatMap { run in (run.alerted ?? []).map { "\(run.jobName ?? ""):\($0)" } }
    }

    @Test func anAlertWaitsInTheStatusUntilItsEventIsDelivered() throws {
        var world = Self.failedWorld()
        let decided = world.plan(at: 62)
        let incident = try #require(decided.events.first?.incident)
        #expect(decided.reasons == ["RunFailed"])
        #expect(decided.status.pendingAlerts?.map(\.reason) == ["RunFailed"])
        #expect(decided.status.pendingAlerts?.first?.uid == "uid-\(jobName(60))")
        #expect(Self.alerted(decided.status) == [], "not alerted before its Event is written")
        #expect(decided.status.totals?.failed == 1)

        // The Event could not be written: planning again from the written status plans the same
        // Event again and changes nothing else.
        world.status = decided.status
        let retried = world.plan(at: 63)
        #expect(retried.events == decided.events)
        #expect(retried.status.pendingAlerts == decided.status.pendingAlerts)
        #expect(retried.status.totals == decided.status.totals)

        // Delivered: recorded as alerted, nothing waits, nothing more to emit.
        let recorded = world.plan(at: 63, delivered: [incident])
        #expect(recorded.events == [])
        #expect(recorded.status.pendingAlerts == nil)
        #expect(Self.alerted(recorded.status) == ["\(jobName(60)):RunFailed"])
        world.status = recorded.status
        #expect(world.plan(at: 64).events == [])
    }

    @Test func anIncidentJudgedInEveryPassWaitsOnce() {
        var world = PlannerWorld()
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1), name: "backup-rerun", startMinutes: 62),
        ]
        let first = world.plan(at: 64)
        world.status = first.status
        let second = world.plan(at: 65)
        #expect(first.reasons == ["DuplicateRun"])
        #expect(second.reasons == ["DuplicateRun"], "planned again while undelivered, not decided again")
        #expect(second.status.pendingAlerts?.count == 1)
        #expect(second.status.totals?.duplicates == 1)
    }

    @Test func aRunTrimmedInThePassThatJudgesItStillGetsItsAlert() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [
            PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 120, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded")),
        ]
        let plan = world.step(at: 122)
        #expect(plan.reasons == ["RunFailed", "RunFailed"])
        #expect(plan.runs == ["\(jobName(120)):Failed"])
        #expect(plan.status.pendingAlerts == nil)
    }

    @Test func beyondCapacityTheOldestAlertsOfRunsThatLeftTheHistoryAreGivenUpFirst() {
        var world = Self.failedWorld()
        world.step(at: 62)
        // A long outage of Event writes: 500 missed-slot alerts wait (their records trimmed), and
        // the oldest alert is about a run still in the history.
        var status = world.plan(at: 62).status
        let inHistory = PendingAlert(reason: "RunFailed", note: "Job x failed", jobName: jobName(60), uid: "uid-\(jobName(60))")
        status.runs = status.runs?.map { run in
            var run = run
            run.alerted = nil
            return run
        }
        let missed = (0..<500).map { index in
            PendingAlert(
                reason: "ScheduleMissed", note: "slot \(index)",
                scheduledTime: Time(PlannerWorld.origin.addingTimeInterval(-Double(index + 1) * 3_600)))
        }
        status.pendingAlerts = [inHistory] + missed
        world.status = status
        // The next slot is missed too: 502 wait, two are given up: the two oldest missed slots.
        let plan = world.plan(at: 125)
        #expect(plan.givenUpAlerts.map(\.note) == ["slot 0", "slot 1"])
        #expect(plan.status.pendingAlerts?.count == 500)
        #expect(plan.status.pendingAlerts?.first == inHistory)
        world.status = plan.status
        let again = world.plan(at: 125)
        #expect(again.givenUpAlerts == [])
        #expect(again.status == plan.status, "stable once given up")
    }

    @Test func anAlertOfAReasonThisVersionDoesNotKnowIsGivenUp() {
        var world = Self.failedWorld()
        world.step(at: 62)
        var status = world.plan(at: 62).status
        let unknown = PendingAlert(reason: "RunExploded", note: "from a newer version", jobName: jobName(60), uid: "uid-\(jobName(60))")
        status.pendingAlerts = [unknown]
        world.status = status
        let plan = world.plan(at: 63)
        #expect(plan.givenUpAlerts == [unknown])
        #expect(plan.status.pendingAlerts == nil)
        #expect(plan.events == [])
    }

    @Test func aMonitorWhoseSpecTurnedInvalidStillDeliversWhatWaits() throws {
        var world = Self.failedWorld()
        world.status = world.plan(at: 62).status
        world.spec.schedule = "bad"
        world.generation += 1
        let plan = world.plan(at: 63)
        #expect(plan.reasons.sorted() == ["InvalidSpec", "RunFailed"])
        let incident = try #require(plan.events.first { $0.reason == .runFailed }?.incident)
        world.status = plan.status
        let recorded = world.plan(at: 63, delivered: [incident])
        #expect(recorded.status.pendingAlerts == nil)
        #expect(Self.alerted(recorded.status) == ["\(jobName(60)):RunFailed"])
        #expect(recorded.events == [])
    }
}
