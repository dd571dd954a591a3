import Foundation
import Testing

@testable import CronSchedule

/// The Go `time` rules the walk depends on.
@Suite("Zone clock")
struct ZoneClockTests {
    @Test(arguments: [
        // (wall reading, expected instant) with Go's documented choices.
        ("America/Los_Angeles", [2011, 11, 6, 1, 0, 0], Int64(1_320_566_400)),   // 01:00 PDT (first of two)
        ("America/Los_Angeles", [2011, 11, 6, 1, 59, 59], Int64(1_320_569_999)), // 01:59:59 PDT
        ("America/Los_Angeles", [2011, 11, 6, 2, 0, 0], Int64(1_320_573_600)),   // 02:00 PST
        ("America/Los_Angeles", [2011, 3, 13, 1, 0, 0], Int64(1_300_006_800)),   // 01:00 PST
        ("America/Los_Angeles", [2011, 3, 13, 1, 59, 59], Int64(1_300_010_399)), // 01:59:59 PST
        ("America/Los_Angeles", [2011, 3, 13, 3, 0, 0], Int64(1_300_010_400)),   // 03:00 PDT
        ("America/Los_Angeles", [2011, 3, 13, 2, 30, 0], Int64(1_300_008_600)),  // gap: 02:30 -> 01:30 PST
        ("UTC", [2012, 14, 1, 0, 0, 0], Int64(1_359_676_800)),                    // month 14 -> February next year
        ("UTC", [2013, 1, 0, 0, 0, 0], Int64(1_356_912_000)),                     // day 0 -> December 31
        ("UTC", [2016, 2, 30, 25, 61, 0], Int64(1_456_884_060)),                  // carries into March 2 02:01
        ("UTC", [1969, 12, 31, 23, 59, 59], Int64(-1)),
    ])
    func goDate(_ zone: String, _ fields: [Int], _ expected: Int64) throws {
        let clock = ZoneClock(zone: try #require(TimeZone(identifier: zone)))
        let instant = clock.instant(
            year: Int64(fields[0]), month: Int64(fields[1]), day: Int64(fields[2]),
            hour: Int64(fields[3]), minute: Int64(fields[4]), second: Int64(fields[5]))
        #expect(instant == expected)
    }

    @Test(arguments: [Int64(-86_401), -1, 0, 951_782_400, 1_709_164_800, 4_107_542_399, 253_402_300_799])
    func civilRoundTrip(_ seconds: Int64) {
        let civil = CivilTime(wallSeconds: seconds)
        let back = CivilTime.wallSeconds(
            year: civil.year, month: civil.month, day: civil.day, hour: civil.hour, minute: civil.minute,
            second: civil.second)
        #expect(back == seconds)
    }

    @Test func weekdaysAndLeapDays() {
        // 2000-02-29 was a Tuesday; 1970-01-01 a Thursday; 2024-02-29 a Thursday.
        #expect(CivilTime(wallSeconds: 951_782_400).weekday == 2)
        #expect(CivilTime(wallSeconds: 951_782_400).day == 29)
        #expect(CivilTime(wallSeconds: 0).weekday == 4)
        let leap = CivilTime(wallSeconds: 1_709_164_800)
        #expect([leap.year, leap.month, leap.day, leap.weekday] == [2024, 2, 29, 4])
    }
}

/// Properties over generated expressions: `next`, `slots` and `mostRecent` agree.
@Suite("Query consistency")
struct QueryConsistencyTests {
    @Test func mostRecentAndSlotsAgreeWithNext() throws {
        var generator = ExpressionGenerator(seed: 42)
        let zones = ["UTC", "Europe/Berlin", "Australia/Sydney", "America/New_York"]
        var checked = 0
        for index in 0..<150 {
            let expression = generator.expression()
            let cron = try CronJobSchedule(expression, timeZone: zones[index % zones.count])
            let at = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: 1_704_067_200...1_830_297_599, using: &generator.random)))
            guard let recent = cron.mostRecent(atOrBefore: at) else { continue }
            checked += 1
            #expect(recent <= at, "\(expression)")
            let following = cron.next(after: recent)
            #expect(following.map { $0 > at } ?? true, "\(expression): a later slot \(rfc3339(following)) is still <= \(rfc3339(at))")
            // slots from just before the most recent slot up to `at` end with that slot.
            let window = cron.slots(from: recent.addingTimeInterval(-1), to: at, limit: 5)
            #expect(window.times.first == recent, "\(expression)")
            #expect(window.times.count == 1, "\(expression)")
        }
        #expect(checked >= 100)
    }
}
