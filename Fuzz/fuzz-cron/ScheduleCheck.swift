import CronSchedule
import Foundation
import FuzzSupport

/// Parses the input as a CronJob schedule and, when it parses, checks that `next`, `slots` and
/// `mostRecent` agree within a three-day window.
enum ScheduleCheck {
    /// 2000-01-01T00:00:00Z, and forty years after it: the range of start instants.
    static let epoch2000: Int64 = 946_684_800
    static let startRange: UInt64 = 40 * 365 * 86_400
    static let window: TimeInterval = 3 * 86_400

    static func run(_ input: [UInt8]) {
        let (expressionBytes, zoneBytes) = input.splitOnce(at: UInt8(ascii: "\n"))
        let expression = String(decoding: expressionBytes, as: UTF8.self)
        let zone = zoneBytes.map { String(decoding: $0, as: UTF8.self) }
        let schedule: CronJobSchedule
        do {
            schedule = try CronJobSchedule(expression, timeZone: zone)
        } catch {
            fuzzCheck(!error.description.isEmpty, "a parse error without a message")
            return
        }
        _ = CronDescription.describe(schedule.expression)

        let start = Date(timeIntervalSince1970: TimeInterval(epoch2000 + Int64(input.fnv1a % startRange)))
        let end = start.addingTimeInterval(window)
        let slots = schedule.slots(from: start, to: end)
        fuzzCheck(slots.times.count <= CronJobSchedule.controllerSlotLimit, "more slots than the limit")
        for (earlier, later) in zip([start] + slots.times, slots.times) {
            fuzzCheck(earlier < later, "slots not strictly increasing after \(earlier): \(later)")
        }
        fuzzCheck(slots.times.allSatisfy { $0 <= end }, "a slot after the window's end")

        let next = schedule.next(after: start)
        fuzzCheck(next.map { $0 > start } ?? true, "next(after: \(start)) is not after it: \(String(describing: next))")
        if let first = slots.times.first {
            fuzzCheck(next == first, "next \(String(describing: next)) differs from the first slot \(first)")
        } else if let next {
            fuzzCheck(next > end, "next \(next) lies in a window without slots")
        }
        if case .fields = schedule.expression, let next {
            let recent = schedule.mostRecent(atOrBefore: next)
            fuzzCheck(recent == next, "mostRecent(atOrBefore: \(next)) is \(String(describing: recent))")
        }
        _ = try? schedule.controllerMostRecent(earliest: start, now: end)
    }
}
