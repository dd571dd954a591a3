import Foundation

/// How many slots the CronJob controller estimates were missed.
public enum MissedSchedules: Sendable, Equatable, Hashable, Codable {
    case none
    /// Between 1 and 100.
    case few
    /// More than 100: the controller only starts the most recent one and warns.
    case many
}

/// The CronJob controller's view of "what should have run by now".
public struct ControllerScheduleCheck: Sendable, Equatable, Hashable {
    /// The most recent slot at or before `now`, after the earliest time; nil if none.
    public var mostRecent: Date?
    public var missed: MissedSchedules
    /// The controller's estimate of how many slots passed (0 when at most one did).
    public var estimatedMissed: Int64

    public init(mostRecent: Date?, missed: MissedSchedules, estimatedMissed: Int64) {
        self.mostRecent = mostRecent
        self.missed = missed
        self.estimatedMissed = estimatedMissed
    }
}

/// The schedule has fewer than two future slots (or two slots less than a second apart), which
/// the CronJob controller reports as an error, e.g. `59 23 31 2 *`.
public struct UnsatisfiableScheduleError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var expression: String

    public var description: String {
        "schedule \"\(expression)\" has no two consecutive slots (it can never, or almost never, run)"
    }
}

extension CronJobSchedule {
    /// The controller's `mostRecentScheduleTime`, reproduced including its shortcut: it takes the
    /// gap between the first two slots after `earliest` as the period, estimates how many periods
    /// fit before `now`, and walks only from about one period before the estimated last slot. For
    /// irregular schedules that estimate can overshoot, and then, like the controller, this finds
    /// no recent slot.
    ///
    /// `earliest` is the CronJob's `lastScheduleTime`, else its creation time (or the starting
    /// deadline when that is later).
    public func controllerMostRecent(
        earliest: Date, now: Date
    ) throws(UnsatisfiableScheduleError) -> ControllerScheduleCheck {
        let nowSeconds = Self.wholeSeconds(now)
        guard let first = nextSecond(after: Self.wholeSeconds(earliest)) else {
            throw UnsatisfiableScheduleError(expression: text)
        }
        // Slots are whole seconds, so comparing against the floor of `now` is exact.
        if nowSeconds < first {
            return ControllerScheduleCheck(mostRecent: nil, missed: .none, estimatedMissed: 0)
        }
        guard let second = nextSecond(after: first) else {
            throw UnsatisfiableScheduleError(expression: text)
        }
        if nowSeconds < second {
            return ControllerScheduleCheck(mostRecent: Self.date(first), missed: .none, estimatedMissed: 0)
        }
        let period = second - first
        guard period >= 1 else { throw UnsatisfiableScheduleError(expression: text) }
        let count = (nowSeconds - first) / period + 1
        let potentialEarliest = first + (count - 2) * period
        var mostRecent: Int64?
        var cursor = potentialEarliest
        while let slot = nextSecond(after: cursor), slot <= nowSeconds {
            mostRecent = slot
            cursor = slot
        }
        let missed: MissedSchedules = count > Int64(Self.controllerSlotLimit) ? .many : (count > 0 ? .few : .none)
        return ControllerScheduleCheck(mostRecent: mostRecent.map(Self.date), missed: missed, estimatedMissed: count)
    }
}
