import Foundation
import Testing

@testable import CronSchedule

/// Parses an RFC 3339 instant such as `2012-03-11T00:00:00-05:00` (test tables only).
func instant(_ text: String) throws -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return try #require(formatter.date(from: text), "bad test instant \(text)")
}

/// RFC 3339 rendering of `date` in `zone` (for readable failure messages).
func rfc3339(_ date: Date?, in zone: String = "UTC") -> String {
    guard let date else { return "none" }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)
    return formatter.string(from: date)
}

/// Builds a schedule for a test, failing the test (not crashing) on a parse error.
func schedule(_ expression: String, zone: String? = nil) throws -> CronJobSchedule {
    do {
        return try CronJobSchedule(expression, timeZone: zone)
    } catch {
        Issue.record("\(expression) in \(zone ?? "UTC") failed to parse: \(error)")
        throw error
    }
}
