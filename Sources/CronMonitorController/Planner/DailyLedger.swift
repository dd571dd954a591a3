import CronMonitorAPI
import CronSchedule
import Foundation

/// `status.daily`: per calendar day of the monitor's time zone, the runs counted, their final
/// judgements and a bounded sketch of their durations. Updated only where `totals` is (a run
/// first seen; a run reaching its final judgement; a missed slot), so each run is counted once,
/// also after its record left `status.runs`, and planning again changes nothing.
///
/// At most `daysKept` days are kept, the newest. A day once dropped is older than every day kept
/// and never comes back (the number of days kept never decreases), so the counts of a kept day
/// are complete.
struct DailyLedger {
    static let daysKept = 90

    enum Count {
        case run
        case succeeded(durationSeconds: Int64)
        case failed(durationSeconds: Int64)
        case missed
        case stuck
    }

    private let schedule: CronJobSchedule
    private var days: [String: DailyRuns]
    private var changed = false
    private let previous: [DailyRuns]?

    init(_ daily: [DailyRuns]?, schedule: CronJobSchedule) {
        self.schedule = schedule
        previous = daily
        days = Dictionary((daily ?? []).map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Counts `count` for the run (or missed slot) of `time`: its slot, else its Job's creation.
    mutating func count(_ count: Count, at time: Date) {
        let date = schedule.calendarDay(of: time)
        var day = days[date] ?? DailyRuns(date: date)
        switch count {
        case .run: day.runs = (day.runs ?? 0) + 1
        case .missed: day.missed = (day.missed ?? 0) + 1
        case .stuck: day.stuck = (day.stuck ?? 0) + 1
        case .succeeded(let duration):
            day.succeeded = (day.succeeded ?? 0) + 1
            day.recordDuration(duration)
        case .failed(let duration):
            day.failed = (day.failed ?? 0) + 1
            day.recordDuration(duration)
        }
        days[date] = day
        changed = true
    }

    /// Newest first, at most `daysKept`; unset while no day has anything. The previous value
    /// when nothing was counted (so a status written by an older version stays as it was).
    var status: [DailyRuns]? {
        guard changed else { return previous }
        let kept = days.values.sorted { $0.date > $1.date }.prefix(Self.daysKept)
        return kept.isEmpty ? nil : Array(kept)
    }
}
