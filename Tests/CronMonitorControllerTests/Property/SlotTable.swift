import Foundation
import KubernetesModel

/// The slots of the few schedules the generator uses, around a few interesting instants (DST
/// changes in the generated time zones), so generated Jobs carry realistic scheduled times.
/// Computed once, by a matcher that only knows the shapes below; the planner's own cron code is
/// what is under test, so it is not used here.
enum SlotTable {
    struct Shape: Sendable {
        var text: String
        var minutes: [Int]
        var hours: Set<Int>
        /// 0 = Sunday.
        var weekdays: Set<Int>
    }

    static let allHours = Set(0..<24)
    static let allDays = Set(0..<7)

    static let shapes: [Shape] = [
        Shape(text: "*/5 * * * *", minutes: Array(stride(from: 0, to: 60, by: 5)), hours: allHours, weekdays: allDays),
        Shape(text: "0 * * * *", minutes: [0], hours: allHours, weekdays: allDays),
        Shape(text: "@hourly", minutes: [0], hours: allHours, weekdays: allDays),
        Shape(text: "30 1 * * *", minutes: [30], hours: [1], weekdays: allDays),
        Shape(text: "0 2 * * 0", minutes: [0], hours: [2], weekdays: [0]),
        Shape(text: "*/15 9-17 * * 1-5", minutes: [0, 15, 30, 45], hours: Set(9...17), weekdays: Set(1...5)),
        Shape(text: "0 */6 * * *", minutes: [0], hours: [0, 6, 12, 18], weekdays: allDays),
    ]

    /// Time zones with whole-hour offsets only (so local minutes equal UTC minutes).
    static let zones = ["UTC", "America/New_York", "Europe/London", "Australia/Sydney"]

    /// Instants the generated sequences start near: DST changes of the zones above, and an
    /// ordinary day.
    static let epochs: [Date] = [
        "2026-03-08T07:00:00Z",  // New York springs forward
        "2026-11-01T06:00:00Z",  // New York falls back
        "2026-03-29T01:00:00Z",  // London springs forward
        "2026-10-25T01:00:00Z",  // London falls back
        "2026-04-04T16:00:00Z",  // Sydney falls back
        "2026-10-03T16:00:00Z",  // Sydney springs forward
        "2026-06-15T12:00:00Z",  // nothing special
    ].map { text in
        (try? Time(rfc3339: text))?.date ?? Date(timeIntervalSince1970: 1_781_524_800)
    }

    /// Slots are known from this long before an epoch until this long after it.
    static let before: TimeInterval = 6 * 86_400
    static let after: TimeInterval = 6 * 86_400

    private struct LocalHour: Sendable {
        var start: Date
        var hour: Int
        var weekday: Int
    }

    /// Per zone and epoch: each UTC hour of the window with its local hour and weekday.
    private static let hours: [String: [[LocalHour]]] = {
        var table: [String: [[LocalHour]]] = [:]
        for zone in zones {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
            table[zone] = epochs.map { epoch in
                stride(from: -before, to: after, by: 3_600).map { offset in
                    let start = epoch.addingTimeInterval(offset)
                    let parts = calendar.dateComponents([.hour, .weekday], from: start)
                    return LocalHour(start: start, hour: parts.hour ?? 0, weekday: (parts.weekday ?? 1) - 1)
                }
            }
        }
        return table
    }()

    /// The slots of `shape` in `zone` around epoch number `epoch`, ascending.
    static func slots(_ shape: Shape, zone: String, epoch: Int) -> [Date] {
        guard let window = hours[zone]?[epoch] else { return [] }
        var slots: [Date] = []
        for hour in window where shape.hours.contains(hour.hour) && shape.weekdays.contains(hour.weekday) {
            for minute in shape.minutes {
                slots.append(hour.start.addingTimeInterval(TimeInterval(minute * 60)))
            }
        }
        return slots
    }

    /// The latest of `slots` (ascending) at or before `time`.
    static func latest(in slots: [Date], atOrBefore time: Date) -> Date? {
        var low = 0
        var high = slots.count
        while low < high {
            let middle = (low + high) / 2
            if slots[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? slots[low - 1] : nil
    }
}
