import Foundation

/// Slots of a schedule inside an interval, capped.
public struct CronSlots: Sendable, Equatable, Hashable {
    /// Slot times, earliest first.
    public var times: [Date]
    /// True when the interval holds more slots than the limit allowed to return.
    public var limitReached: Bool

    public init(times: [Date], limitReached: Bool) {
        self.times = times
        self.limitReached = limitReached
    }
}

extension CronJobSchedule {
    /// The CronJob controller examines at most this many missed slots at once.
    public static let controllerSlotLimit = 100

    /// Slots `s` with `start < s <= end`, earliest first, at most `limit` of them.
    public func slots(from start: Date, to end: Date, limit: Int = controllerSlotLimit) -> CronSlots {
        let last = Self.wholeSeconds(end)
        var times: [Date] = []
        var cursor = Self.wholeSeconds(start)
        while let slot = nextSecond(after: cursor), slot <= last {
            guard times.count < limit else { return CronSlots(times: times, limitReached: true) }
            times.append(Self.date(slot))
            cursor = slot
        }
        return CronSlots(times: times, limitReached: false)
    }

    /// The latest slot at or before `instant` (and strictly after `earliest` when given).
    ///
    /// `@every` schedules have no fixed phase: their slots are counted from `earliest`, so without
    /// it there is no answer. Cron expressions are searched back up to about six years.
    public func mostRecent(atOrBefore instant: Date, after earliest: Date? = nil) -> Date? {
        let target = Self.wholeSeconds(instant)
        let floor = earliest.map(Self.wholeSeconds)
        switch expression {
        case .every(let interval):
            guard let floor, target >= floor + interval else { return nil }
            return Self.date(floor + (target - floor) / interval * interval)
        case .fields:
            return mostRecentFieldSlot(atOrBefore: target, after: floor).map(Self.date)
        }
    }

    /// Search windows growing backwards from the target, each checked with one `next` call, then
    /// a binary search for the last start whose next slot is still at or before the target.
    private func mostRecentFieldSlot(atOrBefore target: Int64, after floor: Int64?) -> Int64? {
        let windows: [Int64] = [120, 7_200, 172_800, 5_356_800, 34_560_000, 189_734_400]
        for window in windows {
            var low = target - window
            if let floor { low = max(low, floor) }
            guard let first = nextSecond(after: low), first <= target else {
                if low == floor { return nil }
                continue
            }
            // Invariant: next(after: low) <= target < next(after: high).
            var high = target
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if let slot = nextSecond(after: middle), slot <= target {
                    low = middle
                } else {
                    high = middle
                }
            }
            guard var result = nextSecond(after: low) else { return nil }
            while let later = nextSecond(after: result), later <= target {
                result = later
            }
            return result
        }
        return nil
    }
}
