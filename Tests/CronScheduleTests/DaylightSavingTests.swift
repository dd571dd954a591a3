import Foundation
import Testing

@testable import CronSchedule

/// Schedules landing in the skipped (spring-forward) and repeated (fall-back) hour, with the
/// results robfig/cron v3 (and therefore the CronJob controller) produces: a slot inside the gap
/// is skipped, not moved; a slot inside the repeated hour fires in both passes.
@Suite("Daylight saving time")
struct DaylightSavingTests {
    struct SequenceCase: Sendable, CustomTestStringConvertible {
        var zone: String
        var expression: String
        var from: String
        /// Successive `next` results starting from `from`.
        var expected: [String]
        var note: String
        var testDescription: String { "\(zone) \(expression): \(note)" }
    }

    static let berlin: [SequenceCase] = [
        // 2026-03-29 02:00 CET -> 03:00 CEST.
        .init(zone: "Europe/Berlin", expression: "30 2 * * *", from: "2026-03-28T12:00:00+01:00",
              expected: ["2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"], note: "02:30 skipped"),
        .init(zone: "Europe/Berlin", expression: "0 2 * * *", from: "2026-03-28T12:00:00+01:00",
              expected: ["2026-03-30T02:00:00+02:00"], note: "02:00 skipped"),
        .init(zone: "Europe/Berlin", expression: "59 1 * * *", from: "2026-03-28T12:00:00+01:00",
              expected: ["2026-03-29T01:59:00+01:00", "2026-03-30T01:59:00+02:00"], note: "before the gap"),
        .init(zone: "Europe/Berlin", expression: "0 3 * * *", from: "2026-03-29T00:00:00+01:00",
              expected: ["2026-03-29T03:00:00+02:00"], note: "right after the gap"),
        .init(zone: "Europe/Berlin", expression: "*/30 * * * *", from: "2026-03-29T01:00:00+01:00",
              expected: ["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"],
              note: "every 30 minutes across the gap"),
        .init(zone: "Europe/Berlin", expression: "0 * * * *", from: "2026-03-29T00:30:00+01:00",
              expected: ["2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00"], note: "hourly across the gap"),
        .init(zone: "Europe/Berlin", expression: "30 2 29 3 *", from: "2026-03-01T00:00:00+01:00",
              expected: ["2027-03-29T02:30:00+02:00"], note: "a yearly slot in the gap waits a year"),
        // 2026-10-25 03:00 CEST -> 02:00 CET.
        .init(zone: "Europe/Berlin", expression: "30 2 * * *", from: "2026-10-25T00:00:00+02:00",
              expected: ["2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T02:30:00+01:00"],
              note: "02:30 fires twice"),
        .init(zone: "Europe/Berlin", expression: "0 2 * * *", from: "2026-10-25T00:00:00+02:00",
              expected: ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-26T02:00:00+01:00"],
              note: "02:00 fires twice"),
        .init(zone: "Europe/Berlin", expression: "0 3 * * *", from: "2026-10-25T00:00:00+02:00",
              expected: ["2026-10-25T03:00:00+01:00", "2026-10-26T03:00:00+01:00"], note: "03:00 once"),
        .init(zone: "Europe/Berlin", expression: "0 * * * *", from: "2026-10-25T01:30:00+02:00",
              expected: ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"],
              note: "hourly through the repeated hour"),
        .init(zone: "Europe/Berlin", expression: "*/20 2 * * *", from: "2026-10-25T01:50:00+02:00",
              expected: ["2026-10-25T02:00:00+02:00", "2026-10-25T02:20:00+02:00", "2026-10-25T02:40:00+02:00",
                         "2026-10-25T02:00:00+01:00", "2026-10-25T02:20:00+01:00", "2026-10-25T02:40:00+01:00",
                         "2026-10-26T02:00:00+01:00"],
              note: "every slot of the repeated hour twice"),
        .init(zone: "Europe/Berlin", expression: "@every 1h", from: "2026-03-29T01:30:00+01:00",
              expected: ["2026-03-29T03:30:00+02:00", "2026-03-29T04:30:00+02:00"], note: "@every is absolute"),
    ]

    static let newYork: [SequenceCase] = [
        // 2026-03-08 02:00 EST -> 03:00 EDT.
        .init(zone: "America/New_York", expression: "30 2 * * *", from: "2026-03-07T12:00:00-05:00",
              expected: ["2026-03-09T02:30:00-04:00"], note: "02:30 skipped"),
        .init(zone: "America/New_York", expression: "0 2 * * 0", from: "2026-03-01T03:00:00-05:00",
              expected: ["2026-03-15T02:00:00-04:00"], note: "the Sunday 02:00 slot is lost"),
        .init(zone: "America/New_York", expression: "0 * * * *", from: "2026-03-08T00:00:00-05:00",
              expected: ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00"], note: "hourly across the gap"),
        .init(zone: "America/New_York", expression: "15 1,2,3 * * *", from: "2026-03-08T01:15:00-05:00",
              expected: ["2026-03-08T03:15:00-04:00", "2026-03-09T01:15:00-04:00"], note: "02:15 skipped"),
        // 2026-11-01 02:00 EDT -> 01:00 EST.
        .init(zone: "America/New_York", expression: "30 1 * * *", from: "2026-11-01T00:00:00-04:00",
              expected: ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00"],
              note: "01:30 fires twice"),
        .init(zone: "America/New_York", expression: "0 1 * * 0", from: "2026-10-31T12:00:00-04:00",
              expected: ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-08T01:00:00-05:00"],
              note: "Sunday 01:00 fires twice"),
        .init(zone: "America/New_York", expression: "30 2 * * *", from: "2026-11-01T00:00:00-04:00",
              expected: ["2026-11-01T02:30:00-05:00", "2026-11-02T02:30:00-05:00"], note: "02:30 once"),
    ]

    static let sydney: [SequenceCase] = [
        // 2026-04-05 03:00 AEDT -> 02:00 AEST.
        .init(zone: "Australia/Sydney", expression: "30 2 * * *", from: "2026-04-04T12:00:00+11:00",
              expected: ["2026-04-05T02:30:00+11:00", "2026-04-05T02:30:00+10:00", "2026-04-06T02:30:00+10:00"],
              note: "02:30 fires twice"),
        .init(zone: "Australia/Sydney", expression: "0 * * * *", from: "2026-04-05T01:30:00+11:00",
              expected: ["2026-04-05T02:00:00+11:00", "2026-04-05T02:00:00+10:00", "2026-04-05T03:00:00+10:00"],
              note: "hourly through the repeated hour"),
        // 2026-10-04 02:00 AEST -> 03:00 AEDT.
        .init(zone: "Australia/Sydney", expression: "30 2 * * *", from: "2026-10-03T12:00:00+10:00",
              expected: ["2026-10-05T02:30:00+11:00"], note: "02:30 skipped"),
        .init(zone: "Australia/Sydney", expression: "0 3 * * *", from: "2026-10-04T00:00:00+10:00",
              expected: ["2026-10-04T03:00:00+11:00"], note: "right after the gap"),
        .init(zone: "Australia/Sydney", expression: "45 1 * * *", from: "2026-10-03T12:00:00+10:00",
              expected: ["2026-10-04T01:45:00+10:00", "2026-10-05T01:45:00+11:00"], note: "before the gap"),
        .init(zone: "Australia/Sydney", expression: "*/30 * * * *", from: "2026-10-04T01:30:00+10:00",
              expected: ["2026-10-04T03:00:00+11:00"], note: "every 30 minutes across the gap"),
    ]

    static let saoPaulo: [SequenceCase] = [
        // 2018-11-04: midnight does not exist (00:00 -03 -> 01:00 -02).
        .init(zone: "America/Sao_Paulo", expression: "@weekly", from: "2018-11-01T12:00:00-03:00",
              expected: ["2018-11-11T00:00:00-02:00"], note: "Sunday midnight does not exist"),
        .init(zone: "America/Sao_Paulo", expression: "0 1 * * *", from: "2018-11-03T12:00:00-03:00",
              expected: ["2018-11-04T01:00:00-02:00"], note: "01:00 is the first hour of the day"),
    ]

    @Test(arguments: berlin + newYork + sydney + saoPaulo)
    func sequence(_ testCase: SequenceCase) throws {
        let cron = try schedule(testCase.expression, zone: testCase.zone)
        var cursor = try instant(testCase.from)
        for expected in testCase.expected {
            let next = cron.next(after: cursor)
            #expect(next == (try instant(expected)), "after \(rfc3339(cursor, in: testCase.zone)) got \(rfc3339(next, in: testCase.zone)), want \(expected)")
            guard let next else { return }
            cursor = next
        }
    }

    @Test func slotsCountTheRepeatedHourTwice() throws {
        let cron = try schedule("30 2 * * *", zone: "Europe/Berlin")
        let slots = cron.slots(from: try instant("2026-10-24T12:00:00+02:00"), to: try instant("2026-10-26T12:00:00+01:00"))
        #expect(slots.times.count == 3)
        let spring = cron.slots(from: try instant("2026-03-28T12:00:00+01:00"), to: try instant("2026-03-30T12:00:00+02:00"))
        #expect(spring.times == [try instant("2026-03-30T02:30:00+02:00")])
    }
}
