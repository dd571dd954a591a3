import CronSchedule
import Foundation

/// What `schedule` prints, computed from already-read inputs (no clock, no IO).
struct ScheduleReport {
    enum InputError: Error, CustomStringConvertible {
        case count(Int)
        case from(String)

        var description: String {
            switch self {
            case .count(let value): "--count must be between 1 and 1000, got \(value)"
            case .from(let value): "--from \"\(value)\" is not an RFC 3339 time such as 2026-03-28T12:00:00Z"
            }
        }
    }

    let schedule: CronJobSchedule
    let start: Date
    let times: [Date]

    init(expression: String, timeZone: String, count: Int, from: String?, now: Date) throws {
        guard (1...1000).contains(count) else { throw InputError.count(count) }
        schedule = try CronJobSchedule(expression, timeZone: timeZone)
        if let from {
            guard let parsed = Self.parseInstant(from) else { throw InputError.from(from) }
            start = parsed
        } else {
            start = now
        }
        var times: [Date] = []
        var cursor = start
        while times.count < count, let next = schedule.next(after: cursor) {
            times.append(next)
            cursor = next
        }
        self.times = times
    }

    func rendered() -> String {
        let zoneName = schedule.timeZoneName
        var lines = [
            "Schedule:    \(schedule.text)",
            "Description: \(schedule.englishDescription)",
            "Time zone:   \(zoneName)",
            "After:       \(Self.format(start, in: schedule.timeZone))",
        ]
        if times.isEmpty {
            lines.append("Never runs: no matching time within five years.")
        } else {
            lines.append("Next \(times.count) run\(times.count == 1 ? "" : "s") (\(zoneName) | UTC):")
            let utc = TimeZone(secondsFromGMT: 0) ?? schedule.timeZone
            for time in times {
                lines.append("  \(Self.format(time, in: schedule.timeZone))  |  \(Self.format(time, in: utc))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ date: Date, in zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }

    static func parseInstant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
