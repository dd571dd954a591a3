/// The five fields of a standard cron expression, in the order they are written.
public enum CronField: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
    case minute
    case hour
    case dayOfMonth
    case month
    case dayOfWeek

    /// Smallest value the field accepts.
    public var minimum: Int {
        switch self {
        case .minute, .hour, .dayOfWeek: 0
        case .dayOfMonth, .month: 1
        }
    }

    /// Largest value the field accepts (day-of-week stops at 6: 7 is not Sunday here).
    public var maximum: Int {
        switch self {
        case .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 6
        }
    }

    /// Human name used in error messages and descriptions ("day-of-month").
    public var displayName: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// Three-letter names the field accepts, case-insensitively, in value order from `minimum`.
    var names: [String] {
        switch self {
        case .minute, .hour, .dayOfMonth: []
        case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        }
    }

    /// The value of a name token, when the field has names and the token is one of them.
    func value(named token: String) -> Int? {
        guard let index = names.firstIndex(of: token.lowercased()) else { return nil }
        return minimum + index
    }
}
