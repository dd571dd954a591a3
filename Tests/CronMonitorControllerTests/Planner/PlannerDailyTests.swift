import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// `status.daily`: per calendar day of the monitor's zone, each run counted once, bounded.
@Suite struct PlannerDailyTests {
    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? .distantPast
    }

    /// Minutes after the world's origin.
    static func minutes(_ text: String) -> Double { utc(text).timeIntervalSince(PlannerWorld.origin) / 60 }

    @Test func eachRunIsCountedOnceAcrossPassesAndAfterItsRecordIsTrimmed() {
        var world = PlannerWorld()
        world.spec.historyLimit = 1
        world.jobs = [PlannerWorld.run(slot: 60)]
        #expect(world.step(at: 61).status.daily == [DailyRuns(date: "2026-11-23", runs: 1)])
        world.change(jobName(60)) { $0.outcome = PlannerWorld.finish(.succeeded(afterMinutes: 1), start: $0.effectiveStart) }
        world.step(at: 62)
        world.jobs.append(PlannerWorld.run(slot: 120, .succeeded(afterMinutes: 2)))
        world.step(at: 123)
        world.jobs.append(PlannerWorld.run(slot: 180, .failed(afterMinutes: 3, reason: "BackoffLimitExceeded")))
        var plans = [world.step(at: 184), world.step(at: 200), world.step(at: 230)]
        world.jobs.removeAll { $0.key.name != jobName(180) }
        plans.append(world.step(at: 235))
        let expected = [
            DailyRuns(
                date: "2026-11-23", runs: 3, succeeded: 2, failed: 1, p95Seconds: 180, longestSeconds: [180, 120, 60])
        ]
        for plan in plans {
            #expect(plan.status.runs?.count == 1)
            #expect(plan.status.totals?.runs == 3)
            #expect(plan.status.daily == expected)
        }
    }

    @Test func stuckRunsAndMissedSlotsAreCountedOnTheirDays() {
        var world = PlannerWorld()
        world.spec.maxDurationSeconds = 600
        world.jobs = [PlannerWorld.run(slot: 23 * 60), PlannerWorld.run(slot: 25 * 60, .succeeded(afterMinutes: 1))]
        // Slot 24 * 60 (2026-11-24T00:00Z) has no run.
        let plan = world.step(at: 25 * 60 + 10)
        #expect(
            plan.status.daily == [
                DailyRuns(date: "2026-11-24", runs: 1, succeeded: 1, missed: 1, p95Seconds: 60, longestSeconds: [60]),
                DailyRuns(date: "2026-11-23", runs: 1, missed: 22, stuck: 1),
            ])
        #expect(world.step(at: 25 * 60 + 20).status.daily == plan.status.daily)
    }

    /// Days in Europe/Berlin around the end of summer time (2026-10-25, 03:00 CEST → 02:00 CET):
    /// 00:30 local is 22:30Z before the change and 23:30Z after it; 23:30 CET on the 25th is
    /// 22:30Z (with the summer offset it would be the 26th).
    @Test func daysFollowTheMonitorsZoneAcrossADaylightSavingChange() {
        var world = PlannerWorld()
        world.created = Self.utc("2026-10-23T00:00:00Z")
        world.cronJob = CronJobProjection(
            key: ObjectKey(namespace: PlannerWorld.namespace, name: "backup"), uid: "cj-1",
            created: Self.utc("2026-10-01T00:00:00Z"), schedule: "30 0 * * *", timeZone: "Europe/Berlin")
        let manualStart = Self.utc("2026-10-25T22:30:00Z")
        world.jobs = [
            PlannerWorld.run(slot: Self.minutes("2026-10-24T22:30:00Z"), .succeeded(afterMinutes: 1)),
            PlannerWorld.run(
                slot: Self.minutes("2026-10-25T23:30:00Z"), .failed(afterMinutes: 2, reason: "BackoffLimitExceeded")),
            JobProjection(
                key: ObjectKey(namespace: PlannerWorld.namespace, name: "backup-manual"), uid: "uid-manual",
                cronJobOwner: JobProjection.Owner(name: "backup", uid: "cj-1"), created: manualStart, isManual: true,
                startTime: manualStart,
                outcome: JobOutcome(result: .succeeded, finishTime: manualStart.addingTimeInterval(600))),
        ]
        // The slot 2026-10-23T22:30Z (00:30 on the 24th in Berlin) has no run.
        let plan = world.step(at: Self.minutes("2026-10-26T00:00:00Z"))
        #expect(plan.status.resolvedTimeZone == "Europe/Berlin")
        #expect(
            plan.status.daily == [
                DailyRuns(date: "2026-10-26", runs: 1, failed: 1, p95Seconds: 120, longestSeconds: [120]),
                DailyRuns(date: "2026-10-25", runs: 2, succeeded: 2, p95Seconds: 600, longestSeconds: [600, 60]),
                DailyRuns(date: "2026-10-24", missed: 1),
            ])
    }

    /// 100 daily slots missed in one pass: the newest 90 days are kept; the next day pushes the
    /// oldest out.
    @Test func atMostNinetyDaysAreKept() throws {
        var world = PlannerWorld()
        world.created = PlannerWorld.at(-100 * 1_440)
        world.cronJob?.created = world.created
        world.cronJob?.schedule = "0 12 * * *"
        let first = world.step(at: 0)
        #expect(first.status.totals?.missed == 100)
        let days = try #require(first.status.daily)
        #expect(days.count == 90)
        #expect(days.first?.date == "2026-11-22")
        #expect(days.last?.date == "2026-08-25")
        #expect(days.allSatisfy { $0.missed == 1 && $0.runs == nil })
        #expect(days.map(\.date) == days.map(\.date).sorted(by: >), "newest first")
        let next = world.step(at: 1_440 + 6)
        #expect(next.status.totals?.missed == 101)
        #expect(next.status.daily?.count == 90)
        #expect(next.status.daily?.first?.date == "2026-11-23")
        #expect(next.status.daily?.last?.date == "2026-08-26")
    }

    /// The per-day sketch: exact nearest-rank p95 while the day has fewer than 400 finished runs
    /// (the 20 longest durations hold it), an upper bound beyond.
    @Test func theDailySketchGivesTheP95ExactlyUpTo399RunsAndAnUpperBoundBeyond() {
        var day = DailyRuns(date: "2026-11-23")
        var all: [Int64] = []
        for index in 1...600 {
            let duration = Int64((index * 7_919) % 1_000 + 1)
            if index.isMultiple(of: 3) {
                day.failed = (day.failed ?? 0) + 1
            } else {
                day.succeeded = (day.succeeded ?? 0) + 1
            }
            day.recordDuration(duration)
            all.append(duration)
            let exact = RunDurations.nearestRank(95, of: all.sorted())
            let longest = day.longestSeconds ?? []
            #expect(longest.count == min(index, DailyRuns.longestKept))
            #expect(longest == Array(all.sorted(by: >).prefix(DailyRuns.longestKept)))
            if index <= 399 {
                #expect(day.p95Seconds == exact, "\(index) runs")
            } else {
                #expect((day.p95Seconds ?? 0) >= (exact ?? 0), "\(index) runs")
                #expect(day.p95Seconds == longest.last)
            }
        }
    }
}
