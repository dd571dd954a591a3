/// Plain-English descriptions of schedules, for CLI output, Events and status messages:
/// `30 2 * * 1-5` reads "At 02:30 on Monday through Friday".
public enum CronDescription {
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    public static func describe(_ expression: CronExpression) -> String {
        switch expression {
        case .every(let seconds):
            return "Every \(duration(seconds))"
        case .fields(let spec):
            return time(spec) + days(spec) + months(spec.month)
        }
    }

    // MARK: Time of day

    private static func time(_ spec: CronSpec) -> String {
        let minutes = spec.minute.values
        let hours = spec.hour.values
        let allMinutes = minutes.count == 60
        let allHours = hours.count == 24
        if minutes.isEmpty || hours.isEmpty {
            return "Never (an empty \(minutes.isEmpty ? "minute" : "hour") field)"
        }
        if allHours {
            if allMinutes { return "Every minute" }
            if let step = evenStep(minutes, maximum: 59) { return "Every \(step) minutes" }
            return "At \(plural("minute", minutes.count)) \(list(minutes.map(String.init))) past every hour"
        }
        if minutes.count * hours.count <= 6 {
            let times = hours.flatMap { hour in minutes.map { clock(hour, $0) } }
            return "At " + list(times)
        }
        let minutePart: String
        var connector = "during"
        if allMinutes {
            minutePart = "Every minute"
        } else if let step = evenStep(minutes, maximum: 59) {
            minutePart = "Every \(step) minutes"
        } else {
            minutePart = "At \(plural("minute", minutes.count)) \(list(minutes.map(String.init)))"
            connector = "past"
        }
        let hourPart: String
        if let step = evenStep(hours, maximum: 23) {
            hourPart = "every \(ordinal(step)) hour"
        } else {
            hourPart = "\(plural("hour", hours.count)) \(list(runs(hours).map { run in run.map(String.init) }))"
        }
        return "\(minutePart) \(connector) \(hourPart)"
    }

    // MARK: Days and months

    private static func days(_ spec: CronSpec) -> String {
        let dom = spec.dayOfMonth
        let dow = spec.dayOfWeek
        let domAll = dom.values.count == 31
        let dowAll = dow.values.count == 7
        let domText = "on \(plural("day-of-month", dom.values.count)) \(list(runs(dom.values).map { $0.map(String.init) }))"
        let dowText = "on \(list(runs(dow.values).map { $0.map { weekdayNames[$0] } }))"
        if dom.isStarred || dow.isStarred {
            // Both must match; a starred field matches everything.
            switch (domAll, dowAll) {
            case (true, true): return ""
            case (true, false): return " " + dowText
            case (false, true): return " " + domText
            case (false, false): return " \(domText) if it is a \(list(dow.values.map { weekdayNames[$0] }, conjunction: "or"))"
            }
        }
        // Neither starred: either may match.
        if domAll || dowAll { return "" }
        if dom.values.isEmpty { return dow.values.isEmpty ? " on no day" : " " + dowText }
        if dow.values.isEmpty { return " " + domText }
        return " \(domText), or \(dowText)"
    }

    private static func months(_ month: CronFieldValues) -> String {
        let values = month.values
        if values.count == 12 { return "" }
        if values.isEmpty { return " in no month" }
        return " in " + list(runs(values).map { $0.map { monthNames[$0 - 1] } })
    }

    // MARK: Formatting helpers

    /// `0, n, 2n, ...` covering the whole field with n > 1.
    private static func evenStep(_ values: [Int], maximum: Int) -> Int? {
        guard values.count > 1, values.first == 0 else { return nil }
        let step = values[1] - values[0]
        guard step > 1, values == Array(stride(from: 0, through: maximum, by: step)) else { return nil }
        return step
    }

    /// Consecutive values of three or more collapse into "A through B".
    private static func runs(_ values: [Int]) -> [[Int]] {
        var result: [[Int]] = []
        for value in values {
            if let last = result.last?.last, last + 1 == value {
                result[result.count - 1].append(value)
            } else {
                result.append([value])
            }
        }
        return result.flatMap { run in run.count >= 3 ? [[run[0], run[run.count - 1]]] : run.map { [$0] } }
    }

    /// Renders runs produced by `runs` (two-element entries are ranges).
    private static func list(_ runs: [[String]]) -> String {
        list(runs.map { $0.count == 2 ? "\($0[0]) through \($0[1])" : ($0.first ?? "") })
    }

    private static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + (items.last ?? "")
        }
    }

    private static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }

    private static func plural(_ word: String, _ count: Int) -> String {
        count == 1 ? word : word + "s"
    }

    private static func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    private static func duration(_ seconds: Int64) -> String {
        let parts: [(Int64, String)] = [(seconds / 86_400, "day"), (seconds % 86_400 / 3_600, "hour"),
                                        (seconds % 3_600 / 60, "minute"), (seconds % 60, "second")]
        let words = parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        return words.joined(separator: " ")
    }
}

extension CronJobSchedule {
    /// Plain-English description of the expression (the time zone is not included).
    public var englishDescription: String {
        CronDescription.describe(expression)
    }
}
