/// A wall-clock reading (proleptic Gregorian calendar), the fields the cron walk looks at.
///
/// `weekday` is 0 for Sunday through 6 for Saturday, as in cron.
struct CivilTime: Equatable, Sendable {
    var year: Int64
    var month: Int64
    var day: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64
    var weekday: Int64

    /// The wall-clock reading of `seconds` counted from 1970-01-01T00:00:00 as if the zone were UTC.
    init(wallSeconds seconds: Int64) {
        let days = Self.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let date = Self.civilDate(daysSinceEpoch: days)
        year = date.year
        month = date.month
        day = date.day
        hour = secondOfDay / 3_600
        minute = (secondOfDay % 3_600) / 60
        second = secondOfDay % 60
        // 1970-01-01 was a Thursday (4).
        weekday = Self.floorModulo(days + 4, 7)
    }

    /// Seconds from the epoch of a (possibly out-of-range) wall reading, normalised the way
    /// Go's `time.Date` normalises: month overflow first, then every smaller unit carries.
    static func wallSeconds(
        year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64
    ) -> Int64 {
        let monthIndex = month - 1
        let normalisedYear = year + floorDivide(monthIndex, 12)
        let normalisedMonth = floorModulo(monthIndex, 12) + 1
        let days = daysSinceEpoch(year: normalisedYear, month: normalisedMonth, day: 1) + (day - 1)
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// Days from 1970-01-01 of a valid Gregorian date (era-based arithmetic on a March-first year).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        value - floorDivide(value, divisor) * divisor
    }
}
