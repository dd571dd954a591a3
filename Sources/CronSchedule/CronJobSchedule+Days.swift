import Foundation

extension CronJobSchedule {
    /// The calendar day of `instant` in the schedule's time zone, as `YYYY-MM-DD` (the day a
    /// wall clock in that zone shows; DST transitions only move the day's first and last instants).
    public func calendarDay(of instant: Date) -> String {
        let civil = ZoneClock(zone: timeZone).civil(Self.wholeSeconds(instant))
        return Self.padded(civil.year, 4) + "-" + Self.padded(civil.month, 2) + "-" + Self.padded(civil.day, 2)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }
}
