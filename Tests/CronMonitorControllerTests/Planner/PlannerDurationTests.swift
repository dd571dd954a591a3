import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import Testing

/// `spec.minDurationSeconds` (`RunTooShort`) and `status.durations`.
@Suite struct PlannerDurationTests {
    /// A world whose runs must take at least five minutes.
    static func world(minDurationSeconds: Int64? = 300) -> PlannerWorld {
        var world = PlannerWorld()
        world.spec.minDurationSeconds = minDurationSeconds
        return world
    }

    @Test func aSuccessFasterThanTheMinimumIsRecordedAndAlertedOnce() throws {
        var world = Self.world()
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))]
        let plan = world.step(at: 62)
        #expect(plan.reasons == ["RunTooShort"])
        let event = try #require(plan.events.first)
        #expect(
            event.note
                == "Job \(jobName(60)) (slot 2026-11-23T01:00:00Z) succeeded after 60s, less than minDurationSeconds 300")
        #expect(event.related == JobReference(name: jobName(60), uid: "uid-\(jobName(60))"))
        #expect(event.reason.isWarning)
        let run = try #require(plan.status.runs?.first)
        #expect(run.result == .succeeded, "the result stays Succeeded")
        #expect(run.reason == "TooShort")
        #expect(run.message == "succeeded after 60s, less than minDurationSeconds 300")
        #expect(run.alerted == ["RunTooShort"])
        #expect(plan.status.totals?.succeeded == 1)
        #expect(plan.status.lastResult == .succeeded)
        #expect(plan.healthy == "True/Succeeded")
        #expect(world.step(at: 63).events == [], "alerted once")
        #expect(world.step(at: 64).events == [])
    }

    @Test func aSuccessOfExactlyTheMinimumIsNotTooShort() {
        var world = Self.world()
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 5))]
        let plan = world.step(at: 66)
        #expect(plan.events == [])
        #expect(plan.status.runs?.first?.reason == nil)
    }

    @Test func aFastFailureIsAlertedAsAFailureOnly() {
        var world = Self.world()
        world.jobs = [PlannerWorld.run(slot: 60, .failed(afterMinutes: 1, reason: "BackoffLimitExceeded"))]
        let plan = world.step(at: 62)
        #expect(plan.reasons == ["RunFailed"])
        #expect(plan.status.runs?.first?.alerted == ["RunFailed"])
    }

    @Test func withoutAMinimumAFastSuccessIsFine() {
        var world = Self.world(minDurationSeconds: nil)
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 0))]
        let plan = world.step(at: 62)
        #expect(plan.events == [])
        #expect(plan.status.runs?.first?.reason == nil)
        #expect(plan.status.runs?.first?.durationSeconds == 0)
    }

    @Test func whileSuspendedATooShortRunIsRecordedButNeverEmitted() {
        var world = Self.world()
        world.spec.suspend = true
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))]
        let suspended = world.step(at: 62)
        #expect(suspended.events == [])
        #expect(suspended.status.runs?.first?.reason == "TooShort")
        #expect(suspended.status.runs?.first?.alerted == ["RunTooShort"])
        world.spec.suspend = false
        world.generation += 1
        #expect(!world.step(at: 63).reasons.contains("RunTooShort"), "not alerted after the suspension either")
    }

    @Test func aTooShortRunThatFinishedBeforeTheMonitorExistedIsNotEmitted() {
        var world = Self.world()
        world.created = PlannerWorld.at(120)
        world.jobs = [PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1))]
        let plan = world.step(at: 121)
        #expect(plan.events == [])
        #expect(plan.status.runs?.first?.alerted == ["RunTooShort"])
    }

    /// A too-short success is no proof that the job works (it does not end a failure streak, so
    /// no `Recovered`), nor a failure (it does not extend the streak).
    @Test func aTooShortSuccessNeitherEndsNorExtendsTheFailureStreak() {
        var world = Self.world()
        world.spec.failureThreshold = 2
        world.jobs = [
            PlannerWorld.run(slot: 60, .failed(afterMinutes: 10, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 120, .failed(afterMinutes: 10, reason: "BackoffLimitExceeded")),
        ]
        #expect(world.step(at: 131).healthy == "False/RunFailed")
        world.jobs.append(PlannerWorld.run(slot: 180, .succeeded(afterMinutes: 1)))
        let tooShort = world.step(at: 182)
        #expect(tooShort.reasons == ["RunTooShort"])
        #expect(tooShort.status.consecutiveFailures == 2)
        #expect(tooShort.healthy == "False/RunFailed")
        world.jobs.append(PlannerWorld.run(slot: 240, .failed(afterMinutes: 10, reason: "BackoffLimitExceeded")))
        #expect(world.step(at: 251).status.consecutiveFailures == 3)
        world.jobs.append(PlannerWorld.run(slot: 300, .succeeded(afterMinutes: 10)))
        let recovered = world.step(at: 311)
        #expect(recovered.status.consecutiveFailures == 0)
        #expect(recovered.reasons == ["Recovered"])
    }

    @Test(arguments: [0, -5] as [Int64])
    func aMinimumOfZeroOrLessIsAnInvalidSpec(minimum: Int64) throws {
        var world = Self.world(minDurationSeconds: minimum)
        let plan = world.step(at: 1)
        #expect(plan.ready == "False/InvalidSpec")
        #expect(plan.reasons == ["InvalidSpec"])
        let message = try #require(plan.condition(CronMonitorCondition.ready)?.message)
        #expect(message == "spec.minDurationSeconds has invalid value \(minimum): expected an integer greater than 0")
    }

    @Test func aDecodedMinimumOfZeroIsAnInvalidSpecAndAPositiveOneIsRead() throws {
        let zero = try JSONDecoder().decode(
            CronMonitorSpec.self, from: Data(#"{"cronJobName":"backup","minDurationSeconds":0}"#.utf8))
        #expect(zero.outOfRangeFields.map(\.field) == ["spec.minDurationSeconds"])
        let sixty = try JSONDecoder().decode(
            CronMonitorSpec.self, from: Data(#"{"cronJobName":"backup","minDurationSeconds":60}"#.utf8))
        #expect(sixty.minDurationSeconds == 60)
        #expect(sixty.outOfRangeFields == [])
        #expect(String(decoding: try JSONEncoder().encode(sixty), as: UTF8.self).contains(#""minDurationSeconds":60"#))
    }

    // MARK: status.durations

    /// Nearest rank over the succeeded and failed runs in the history: a stuck run and a missed
    /// slot are left out.
    @Test func durationsArePercentilesOfTheFinishedRunsInTheHistory() throws {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 3_000
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 4)),
            PlannerWorld.run(slot: 180, .failed(afterMinutes: 3, reason: "BackoffLimitExceeded")),
            PlannerWorld.run(slot: 240, .succeeded(afterMinutes: 10)),
            PlannerWorld.run(slot: 300, .succeeded(afterMinutes: 2)),
            PlannerWorld.run(slot: 420),
        ]
        // Slot 360 is missed; the run of slot 420 is stuck at 470.
        let plan = world.step(at: 480)
        #expect(plan.runs.contains("\(jobName(420)):Stuck"))
        #expect(plan.runs.contains(":Missed"))
        // Sorted: 60, 120, 180, 240, 600 s. p50: rank ⌈2.5⌉ = 3; p95: rank ⌈4.75⌉ = 5.
        #expect(plan.status.durations == RunDurations(p50Seconds: 180, p95Seconds: 600, maxSeconds: 600))
    }

    @Test func durationsCoverOnlyTheRunsKeptInTheHistory() {
        var world = PlannerWorld()
        world.spec.historyLimit = 2
        world.jobs = [
            PlannerWorld.run(slot: 60, .succeeded(afterMinutes: 30)),
            PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 1)),
            PlannerWorld.run(slot: 180, .succeeded(afterMinutes: 2)),
        ]
        let plan = world.step(at: 190)
        #expect(plan.status.durations == RunDurations(p50Seconds: 60, p95Seconds: 120, maxSeconds: 120))
    }

    @Test func durationsAreUnsetWithoutAFinishedRun() {
        var world = PlannerWorld()
        world.jobs = [PlannerWorld.run(slot: 60)]
        #expect(world.step(at: 61).status.durations == nil)
    }

    @Test(arguments: [
        ([7], RunDurations(p50Seconds: 7, p95Seconds: 7, maxSeconds: 7)),
        ([9, 1], RunDurations(p50Seconds: 1, p95Seconds: 9, maxSeconds: 9)),
        (Array(1...100), RunDurations(p50Seconds: 50, p95Seconds: 95, maxSeconds: 100)),
        (Array((1...20).reversed()), RunDurations(p50Seconds: 10, p95Seconds: 19, maxSeconds: 20)),
        (Array(1...21), RunDurations(p50Seconds: 11, p95Seconds: 20, maxSeconds: 21)),
    ] as [([Int64], RunDurations)])
    func nearestRankPercentiles(durations: [Int64], expected: RunDurations) {
        #expect(RunDurations(of: durations) == expected)
    }
}
