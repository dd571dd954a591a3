@testable import CronSchedule

/// SplitMix64: a tiny deterministic generator so the differential test sees the same
/// expressions on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Valid standard cron expressions covering every syntactic form both robfig/cron and croniter
/// accept: `*`, `?`, numbers, ranges, `*/n`, `a-b/n`, `a/n`, lists, month and weekday names in
/// mixed case, and the `@` descriptors (not `@every`, which croniter lacks).
struct ExpressionGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func expression() -> String {
        if Int.random(in: 0..<40, using: &random) == 0 {
            return ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
                .randomElement(using: &random) ?? "@daily"
        }
        let monthIsStar = Int.random(in: 0..<3, using: &random) > 0
        return [
            field(.minute, starWeight: 1),
            field(.hour, starWeight: 4),
            field(.dayOfMonth, starWeight: 6, highDays: monthIsStar),
            monthIsStar ? "*" : field(.month, starWeight: 0),
            field(.dayOfWeek, starWeight: 6),
        ].joined(separator: " ")
    }

    /// One field: a star (weighted) or a list of one to three items.
    private mutating func field(_ field: CronField, starWeight: Int, highDays: Bool = true) -> String {
        if Int.random(in: 0..<(starWeight + 4), using: &random) < starWeight {
            let stars = field == .dayOfMonth || field == .dayOfWeek ? ["*", "*", "?"] : ["*"]
            return stars.randomElement(using: &random) ?? "*"
        }
        let count = [1, 1, 1, 2, 3].randomElement(using: &random) ?? 1
        // croniter skips the 1st of a month when a day list also names a day the month before
        // lacks (see CroniterKnownDifferenceTests): lists keep to days 1-28.
        let highDays = highDays && !(field == .dayOfMonth && count > 1)
        return (0..<count).map { _ in item(field, highDays: highDays, inList: count > 1) }.joined(separator: ",")
    }

    private mutating func item(_ field: CronField, highDays: Bool, inList: Bool) -> String {
        let low = field.minimum
        let high = field == .dayOfMonth && !highDays ? 28 : field.maximum
        let span = high - low
        let step = Int.random(in: 2...max(2, span / 2), using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0, 1:
            return value(field, Int.random(in: low...high, using: &random))
        case 2:
            let (start, end) = range(low, high)
            return "\(value(field, start))-\(value(field, end))"
        case 3 where inList && (field == .dayOfMonth || field == .dayOfWeek):
            // croniter treats a day field whose list holds a `*` item as a star when it combines
            // the day fields; robfig does not (see CroniterKnownDifferenceTests). Same values:
            return "\(low)-\(high)/\(step)"
        case 3:
            return "*/\(step)"
        case 4:
            let (start, end) = range(low, high)
            return "\(value(field, start))-\(value(field, end))/\(step)"
        case 5:
            // `a/n` with at least two values: croniter wraps `a/n` around the field when `a + n`
            // passes the maximum, robfig does not (see CroniterKnownDifferenceTests).
            guard high - step >= low else { return "*/\(step)" }
            return "\(value(field, Int.random(in: low...(high - step), using: &random)))/\(step)"
        default:
            return value(field, Int.random(in: low...high, using: &random))
        }
    }

    /// A range with `start < end`: croniter misreads single-value ranges such as `5-5` (see
    /// `CroniterKnownDifferenceTests`), so the differential test leaves them to the parser tables.
    private mutating func range(_ low: Int, _ high: Int) -> (Int, Int) {
        let start = Int.random(in: low...(high - 1), using: &random)
        return (start, Int.random(in: (start + 1)...high, using: &random))
    }

    /// A number, or for months and weekdays sometimes the name in random case.
    private mutating func value(_ field: CronField, _ number: Int) -> String {
        let names = field.names
        guard !names.isEmpty, Bool.random(using: &random) else { return String(number) }
        let name = names[number - field.minimum]
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return name
        case 1: return name.uppercased()
        default: return name.prefix(1).uppercased() + name.dropFirst()
        }
    }
}
