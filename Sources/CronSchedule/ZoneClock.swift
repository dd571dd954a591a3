import Foundation

/// Instants (whole seconds since the Unix epoch) read and built in one time zone, with the
/// same rules Go's `time` package applies, because the CronJob controller's schedule walk is
/// written against those rules.
struct ZoneClock: Sendable {
    let zone: TimeZone

    /// UTC offset in seconds in effect at `instant`.
    func offset(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// The wall-clock reading of `instant` in this zone.
    func civil(_ instant: Int64) -> CivilTime {
        CivilTime(wallSeconds: instant + offset(at: instant))
    }

    /// The instant of a wall-clock reading, like Go's `time.Date`.
    ///
    /// Out-of-range fields are normalised first. A reading that falls in a spring-forward gap or
    /// a fall-back overlap resolves as Go resolves it: look the offset up at the reading taken as
    /// UTC, shift by it, and use the offset in effect at the shifted instant. (A gap reading moves
    /// back by the gap, e.g. 02:30 on a New York spring-forward day becomes 01:30 EST; an overlap
    /// reading takes the earlier, daylight-time instant.)
    func instant(
        year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
    ) -> Int64 {
        let wall = CivilTime.wallSeconds(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let guess = offset(at: wall)
        guard guess != 0 else { return wall }
        return wall - offset(at: wall - guess)
    }

    /// True when the zone's offset does not change in `(from, through]`.
    func isSteady(from: Int64, through: Int64) -> Bool {
        let start = Date(timeIntervalSince1970: TimeInterval(from))
        guard let transition = zone.nextDaylightSavingTimeTransition(after: start) else { return true }
        return transition.timeIntervalSince1970 > TimeInterval(through)
    }
}
