import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel
import KubernetesRuntime
import Testing

/// The oracles of the planner properties can fail: a suite whose checks never fire would pass
/// vacuously.
@Suite struct PlannerPropertyOracleTests {
    static func job(_ name: String, _ result: JobOutcome.Result?) -> JobProjection {
        JobProjection(
            key: ObjectKey(namespace: PropertyCase.namespace, name: name), uid: "uid-\(name)",
            created: Date(timeIntervalSince1970: 1_772_953_200), outcome: result.map { JobOutcome(result: $0) })
    }

    static func status(runs: Int64, records: Int, succeeded: Int64 = 0) -> CronMonitorStatus {
        var status = CronMonitorStatus()
        var totals = RunTotals()
        totals.runs = runs
        totals.succeeded = succeeded
        status.totals = totals
        status.runs = (0..<records).map { _ in RunRecord(result: .succeeded) }
        // One day that agrees with the totals, each success 60 s long.
        let durations = [Int64](repeating: 60, count: Int(min(succeeded, Int64(DailyRuns.longestKept))))
        status.daily = [
            DailyRuns(
                date: "2026-03-08", runs: runs, succeeded: succeeded, p95Seconds: durations.isEmpty ? nil : 60,
                longestSeconds: durations.isEmpty ? nil : durations)
        ]
        return status
    }

    @Test func aRepeatedRunAlertOrMissedSlotIsCaught() {
        var ledger = PropertyLedger()
        let failed = PlannedEvent(.runFailed, note: "Job a failed", related: JobReference(name: "a", uid: "uid-a"))
        #expect(ledger.record([failed], pass: 0).isEmpty)
        #expect(ledger.record([failed], pass: 1).map(\.property) == [.alertedOnce])
        let missed = PlannedEvent(.scheduleMissed, note: "no run started for slot 2026-03-08T07:00:00Z within 300s: none")
        let other = PlannedEvent(.scheduleMissed, note: "no run started for slot 2026-03-08T08:00:00Z within 300s: none")
        #expect(ledger.record([missed, other], pass: 2).isEmpty)
        #expect(ledger.record([missed], pass: 3).map(\.property) == [.alertedOnce])
    }

    @Test func aMiscountOrADecreaseIsCaught() {
        var ledger = PropertyLedger()
        let spec = CronMonitorSpec(historyLimit: 5)
        ledger.observe(targets: [Self.job("a", .succeeded), Self.job("b", nil)])
        let fine = ledger.check(Self.status(runs: 2, records: 2, succeeded: 1), spec: spec, targets: [], pass: 0, last: true)
        #expect(fine.isEmpty)
        let overcounted = ledger.check(
            Self.status(runs: 3, records: 2, succeeded: 1), spec: spec, targets: [], pass: 1, last: true)
        #expect(overcounted.map(\.detail) == ["totals.runs is 3 but 2 distinct Jobs were targets"])
        let decreased = ledger.check(Self.status(runs: 3, records: 2), spec: spec, targets: [], pass: 2, last: true)
        #expect(decreased.map(\.detail) == ["totals.runs is 3 but 2 distinct Jobs were targets", "totals.succeeded decreased"])
        var other = PropertyLedger()
        other.observe(targets: [Self.job("a", .succeeded)])
        let ended = other.check(Self.status(runs: 1, records: 1, succeeded: 2), spec: spec, targets: [], pass: 0, last: true)
        #expect(ended.map(\.detail) == ["succeeded + failed + stuck + duplicates = 2 exceeds totals.runs 1"])
    }

    @Test func aLongHistoryOrALargeStatusIsCaught() {
        var ledger = PropertyLedger()
        ledger.observe(targets: [Self.job("a", .succeeded)])
        let violations = ledger.check(
            Self.status(runs: 1, records: 2), spec: CronMonitorSpec(historyLimit: 1), targets: [], pass: 0, last: true)
        #expect(violations.map(\.property) == [.bounded])
        var huge = Self.status(runs: 1, records: 1)
        huge.runs?[0].message = String(repeating: "x", count: 6_000)
        #expect(
            ledger.check(huge, spec: CronMonitorSpec(historyLimit: 1), targets: [], pass: 1, last: true).map(\.property)
                == [.bounded])
    }

    @Test func aDailyMiscountOrAnUnboundedDailyIsCaught() {
        var ledger = PropertyLedger()
        let spec = CronMonitorSpec(historyLimit: 5)
        ledger.observe(targets: [Self.job("a", .succeeded), Self.job("b", nil)])
        var overcounted = Self.status(runs: 2, records: 2, succeeded: 1)
        overcounted.daily?.append(DailyRuns(date: "2026-03-07", runs: 1))
        #expect(
            ledger.check(overcounted, spec: spec, targets: [], pass: 0, last: true).map(\.detail) == [
                "status.daily's runs sum to 3 over 2 days, totals.runs is 2"
            ])
        var sketchless = Self.status(runs: 2, records: 2, succeeded: 1)
        sketchless.daily?[0].longestSeconds = nil
        #expect(ledger.check(sketchless, spec: spec, targets: [], pass: 1, last: true).map(\.property) == [.bounded])
        var unordered = Self.status(runs: 2, records: 2, succeeded: 1)
        unordered.daily?.insert(DailyRuns(date: "2026-03-01"), at: 0)
        #expect(ledger.check(unordered, spec: spec, targets: [], pass: 2, last: true).map(\.property) == [.bounded])
        var long = Self.status(runs: 2, records: 2, succeeded: 1)
        long.daily? += (0..<90).map { DailyRuns(date: "2026-02-\(String(999 - $0))") }
        #expect(
            ledger.check(long, spec: spec, targets: [], pass: 3, last: true).map(\.detail) == [
                "status.daily holds 91 days"
            ])
    }

    @Test func aRepeatedRunTooShortIsCaught() {
        var ledger = PropertyLedger()
        let tooShort = PlannedEvent(
            .runTooShort, note: "Job a succeeded after 1s", related: JobReference(name: "a", uid: "uid-a"))
        #expect(ledger.record([tooShort], pass: 0).isEmpty)
        #expect(ledger.record([tooShort], pass: 1).map(\.property) == [.alertedOnce])
    }

    @Test func aFailedRunNeverAlertedIsCaughtInRestrictedMode() {
        var ledger = PropertyLedger()
        ledger.observe(targets: [Self.job("a", .failed), Self.job("b", .failed)])
        _ = ledger.record([PlannedEvent(.runFailed, note: "", related: JobReference(name: "a", uid: "uid-a"))], pass: 0)
        #expect(ledger.finalViolations(restricted: true, pass: 0).map(\.detail) == [
            "failed target Job(s) never alerted RunFailed: uid-b"
        ])
        #expect(ledger.finalViolations(restricted: false, pass: 0).isEmpty)
    }
}
