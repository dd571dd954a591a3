/// A parsed schedule expression: either five cron fields or a fixed `@every` interval.
public enum CronExpression: Sendable, Codable, Equatable, Hashable {
    /// Minute, hour, day-of-month, month and day-of-week sets (descriptors such as `@daily`
    /// parse into this form too).
    case fields(CronSpec)
    /// `@every <duration>`: a fixed interval in whole seconds (at least 1), counted from the
    /// instant the search starts, independent of time zones.
    case every(seconds: Int64)

    /// Parses what Kubernetes accepts in `CronJob.spec.schedule` (robfig/cron v3's standard
    /// parser, without `TZ=`/`CRON_TZ=` prefixes).
    public static func parse(_ text: String) throws(CronParseError) -> CronExpression {
        try CronParser.parse(text)
    }
}

/// The five field sets of a cron expression.
public struct CronSpec: Sendable, Codable, Equatable, Hashable {
    public var minute: CronFieldValues
    public var hour: CronFieldValues
    public var dayOfMonth: CronFieldValues
    public var month: CronFieldValues
    public var dayOfWeek: CronFieldValues

    public init(
        minute: CronFieldValues, hour: CronFieldValues, dayOfMonth: CronFieldValues,
        month: CronFieldValues, dayOfWeek: CronFieldValues
    ) {
        self.minute = minute
        self.hour = hour
        self.dayOfMonth = dayOfMonth
        self.month = month
        self.dayOfWeek = dayOfWeek
    }

    public func values(of field: CronField) -> CronFieldValues {
        switch field {
        case .minute: minute
        case .hour: hour
        case .dayOfMonth: dayOfMonth
        case .month: month
        case .dayOfWeek: dayOfWeek
        }
    }

    /// Whether a day matches: day-of-month and day-of-week must both match when either was
    /// written with a star (`*`, `?`, `*/1`), otherwise one of them is enough.
    public func dayMatches(dayOfMonth day: Int, dayOfWeek weekday: Int) -> Bool {
        let domMatch = dayOfMonth.contains(day)
        let dowMatch = dayOfWeek.contains(weekday)
        if dayOfMonth.isStarred || dayOfWeek.isStarred {
            return domMatch && dowMatch
        }
        return domMatch || dowMatch
    }
}
