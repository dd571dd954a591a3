import Foundation
import Testing

@testable import CronSchedule

/// The classes the differential test configures away or excludes, each pinned here: what croniter
/// 6.0.0 answers, what we (robfig/cron v3, the CronJob controller) answer, and that they differ.
/// If croniter's behaviour changes, these fail and the exclusions must be revisited.
@Suite("Differential: known croniter differences")
struct CroniterKnownDifferenceTests {
    struct Difference: Sendable {
        var name: String
        var expression: String
        var zone: String
        var start: String
        var dayOr: Bool
        var croniter: [String]
        var ours: [String]
    }

    static let differences: [Difference] = [
        // croniter's default `day_or=True` ORs the day fields even when one is a `*/1` star;
        // robfig ANDs them (star bit). The differential test passes robfig's rule as `day_or`.
        .init(name: "day-of-month/day-of-week default", expression: "0 0 */1 * 1", zone: "UTC",
              start: "2026-03-28T11:00:00Z", dayOr: true,
              croniter: ["2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", "2026-03-31T00:00:00Z"],
              ours: ["2026-03-30T00:00:00Z", "2026-04-06T00:00:00Z", "2026-04-13T00:00:00Z"]),
        // Spring forward: croniter moves the missing 02:30 to 03:30; robfig skips it.
        .init(name: "slot in the DST gap", expression: "30 2 * * *", zone: "Europe/Berlin",
              start: "2026-03-28T12:00:00+01:00", dayOr: false,
              croniter: ["2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"],
              ours: ["2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"]),
        // Fall back: croniter fires the repeated 02:30 once; robfig in both passes.
        .init(name: "slot in the repeated hour", expression: "30 2 * * *", zone: "Europe/Berlin",
              start: "2026-10-25T00:00:00+02:00", dayOr: false,
              croniter: ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00", "2026-10-27T02:30:00+01:00"],
              ours: ["2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00"]),
        .init(name: "hourly through the repeated hour", expression: "0 * * * *", zone: "Europe/Berlin",
              start: "2026-10-24T23:00:00+02:00", dayOr: false,
              croniter: ["2026-10-25T00:00:00+02:00", "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
                         "2026-10-25T03:00:00+01:00"],
              ours: ["2026-10-25T00:00:00+02:00", "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
                     "2026-10-25T02:00:00+01:00"]),
        // croniter reads a single-value range as the whole field.
        .init(name: "single-value range", expression: "52-52 * * * *", zone: "UTC",
              start: "2026-03-28T11:00:00Z", dayOr: false,
              croniter: ["2026-03-28T11:01:00Z", "2026-03-28T11:02:00Z", "2026-03-28T11:03:00Z"],
              ours: ["2026-03-28T11:52:00Z", "2026-03-28T12:52:00Z", "2026-03-28T13:52:00Z"]),
        // A day field listing a `*/n` item: robfig sets no star bit (step > 1), so the day fields
        // combine with OR and June 10 (a Tuesday, in `0-Fri`) matches; croniter does not.
        .init(name: "star item in a day-of-month list", expression: "*/10 18-21/5 19/9,*/2 * 0/2,0-Fri",
              zone: "America/New_York", start: "2025-06-10T08:01:33-04:00", dayOr: true,
              croniter: ["2025-06-11T18:00:00-04:00"],
              ours: ["2025-06-10T18:00:00-04:00"]),
        // A day list naming a day February lacks: croniter skips March 1.
        .init(name: "day list past the end of the month", expression: "0 0 30,1 * *", zone: "UTC",
              start: "2025-02-27T00:00:00Z", dayOr: true,
              croniter: ["2025-03-30T00:00:00Z", "2025-04-01T00:00:00Z"],
              ours: ["2025-03-01T00:00:00Z", "2025-03-30T00:00:00Z"]),
        // `a/n` whose first step passes the maximum: robfig keeps only `a`.
        .init(name: "start/step past the maximum", expression: "59/27 * * * *", zone: "UTC",
              start: "2026-03-28T11:00:00Z", dayOr: false,
              croniter: ["2026-03-28T11:27:00Z", "2026-03-28T11:54:00Z", "2026-03-28T12:00:00Z"],
              ours: ["2026-03-28T11:59:00Z", "2026-03-28T12:59:00Z", "2026-03-28T13:59:00Z"]),
    ]

    @Test func knownDifferences() throws {
        let cases = try Self.differences.enumerated().map { index, difference in
            CroniterOracle.Case(
                id: index, expression: difference.expression, zone: difference.zone,
                start: Int64(try instant(difference.start).timeIntervalSince1970),
                count: difference.croniter.count, day_or: difference.dayOr)
        }
        let response: CroniterOracle.Response
        do {
            response = try CroniterOracle.run(cases)
        } catch {
            Issue.record("\(error)")
            return
        }
        try #require(response.results.count == Self.differences.count)
        for (difference, result) in zip(Self.differences, response.results) {
            let theirs = (result.times ?? []).map { Date(timeIntervalSince1970: TimeInterval($0)) }
            #expect(theirs == (try difference.croniter.map(instant)), "\(difference.name): croniter changed")

            let cron = try schedule(difference.expression, zone: difference.zone)
            var ours: [Date] = []
            var cursor = try instant(difference.start)
            while ours.count < difference.ours.count, let next = cron.next(after: cursor) {
                ours.append(next)
                cursor = next
            }
            #expect(ours == (try difference.ours.map(instant)), "\(difference.name): ours changed")
            #expect(ours != theirs, "\(difference.name): no longer a difference")
        }
    }

    /// robfig gives up after five years without a match (`next` is nil); croniter searches longer
    /// and reports an error for dates that never exist. The generator avoids such expressions.
    @Test func impossibleDates() throws {
        let start = Int64(try instant("2026-01-01T00:00:00Z").timeIntervalSince1970)
        let expressions = ["0 0 30 2 *", "0 0 31 4,6,9,11 *"]
        let cases = expressions.enumerated().map { index, expression in
            CroniterOracle.Case(id: index, expression: expression, zone: "UTC", start: start, count: 1, day_or: false)
        }
        let response: CroniterOracle.Response
        do {
            response = try CroniterOracle.run(cases)
        } catch {
            Issue.record("\(error)")
            return
        }
        for (expression, result) in zip(expressions, response.results) {
            #expect(result.times == nil && result.error != nil, "\(expression): croniter now answers \(result.times ?? [])")
            #expect(try schedule(expression).next(after: try instant("2026-01-01T00:00:00Z")) == nil)
        }
    }
}
