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
    /// Whether `start` came from `--from` (else it is now).
    let startGiven: Bool
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
        startGiven = from != nil
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
        ] + startLines()
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

    /// Where the listed times start. `@every` slots count from an anchor (the CronJob controller
    /// takes the CronJob's `status.lastScheduleTime`, else its creation), so the output says which.
    private func startLines() -> [String] {
        let at = Self.format(start, in: schedule.timeZone)
        switch schedule.expression {
        case .fields:
            return ["After:       \(at)\(startGiven ? " (--from)" : " (now)")"]
        case .every:
            if startGiven { return ["Anchor:      \(at) (--from): slots are this time plus multiples of the interval"] }
            return [
                "Anchor:      \(at) (now, as no --from was given)",
                "             A CronJob counts @every slots from its status.lastScheduleTime, else its creation:",
                "             pass that time as --from to see its real slots.",
            ]
        }
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
