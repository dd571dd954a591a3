import CronSchedule
import Foundation
import Testing

/// The calendar day of an instant in a schedule's zone (what `status.daily` is keyed by).
@Suite struct CalendarDayTests {
    @Test(arguments: [
        ("UTC", 1_795_391_999, "2026-11-22"),
        ("UTC", 1_795_392_000, "2026-11-23"),
        // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z.
        ("Europe/Berlin", 1_792_879_199, "2026-10-24"),  // 2026-10-24T21:59:59Z = 23:59:59 CEST
        ("Europe/Berlin", 1_792_879_200, "2026-10-25"),  // 2026-10-24T22:00:00Z = 00:00 CEST
        ("Europe/Berlin", 1_792_969_199, "2026-10-25"),  // 2026-10-25T22:59:59Z = 23:59:59 CET
        ("Europe/Berlin", 1_792_969_200, "2026-10-26"),  // 2026-10-25T23:00:00Z = 00:00 CET
        // America/New_York, 2026-11-01: 02:00 EDT becomes 01:00 EST at 06:00Z.
        ("America/New_York", 1_793_505_599, "2026-10-31"),  // 2026-11-01T03:59:59Z = 23:59:59 EDT
        ("America/New_York", 1_793_505_600, "2026-11-01"),  // 2026-11-01T04:00:00Z = 00:00 EDT
        ("America/New_York", 1_793_595_599, "2026-11-01"),  // 2026-11-02T04:59:59Z = 23:59:59 EST
        ("America/New_York", 1_793_595_600, "2026-11-02"),  // 2026-11-02T05:00:00Z = 00:00 EST
    ] as [(String, Int64, String)])
    func dayOfAnInstant(zone: String, seconds: Int64, day: String) throws {
        let schedule = try CronJobSchedule("0 * * * *", timeZone: zone)
        #expect(schedule.calendarDay(of: Date(timeIntervalSince1970: TimeInterval(seconds))) == day)
    }
}
