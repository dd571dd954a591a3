import CronSchedule
import Foundation

/// The schedule's slots as the CronJob controller places them. Cron expressions have a fixed
/// phase; `@every` slots fall on `anchor + k × interval` (the controller counts them from the
/// CronJob's last schedule time, else its creation), never on "the search start + interval".
extension ResolvedTarget {
    /// The latest slot-phase instant at or before `date`: `date` itself for cron expressions,
    /// the latest `anchor + k × interval` for `@every`. Searching after it finds exactly the
    /// slots after `date`.
    func aligned(_ date: Date) -> Date {
        switch schedule.expression {
        case .fields:
            return date
        case .every(let interval):
            let anchorSeconds = Int64(anchor.timeIntervalSince1970.rounded(.down))
            let offset = Int64(date.timeIntervalSince1970.rounded(.down)) - anchorSeconds
            // Floor division: instants before the anchor align to earlier multiples.
            var periods = offset / interval
            if offset % interval < 0 { periods -= 1 }
            return Date(timeIntervalSince1970: TimeInterval(anchorSeconds + periods * interval))
        }
    }

    /// The first slot strictly after `date` (nil when there is none within five years).
    func next(after date: Date) -> Date? {
        schedule.next(after: aligned(date))
    }

    /// Slots `s` with `start < s <= end`, earliest first, at most the controller's limit.
    func slots(from start: Date, to end: Date) -> CronSlots {
        schedule.slots(from: aligned(start), to: end)
    }

    /// The latest slot at or before `instant` and strictly after `earliest`.
    func mostRecent(atOrBefore instant: Date, after earliest: Date) -> Date? {
        schedule.mostRecent(atOrBefore: instant, after: aligned(earliest))
    }
}
