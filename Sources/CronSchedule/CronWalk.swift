/// The next-slot search of robfig/cron v3 (`SpecSchedule.Next`), which the Kubernetes CronJob
/// controller uses.
///
/// It walks wall-clock fields from coarse to fine, moving forward until each field matches and
/// starting over from the month whenever a finer field wraps. Months and days move by calendar
/// arithmetic on the wall clock; hours, minutes and seconds move by absolute time. That mix is what
/// decides DST behaviour: a slot inside a spring-forward gap is skipped (the hour walk jumps
/// over it), and a slot inside a fall-back overlap fires in both passes of the repeated hour.
struct CronWalk {
    let spec: CronSpec
    let clock: ZoneClock

    /// Gives up after this many years without a match, as robfig does.
    static let yearLimit: Int64 = 5

    /// What to do after one stage of the walk.
    private enum Step {
        case proceed(Int64)
        case restart(Int64)
    }

    func next(after seconds: Int64) -> Int64? {
        var time = seconds + 1
        var moved = false
        let lastYear = clock.civil(time).year + Self.yearLimit
        while clock.civil(time).year <= lastYear {
            switch walkOnce(from: time, moved: &moved) {
            case .proceed(let found):
                return found
            case .restart(let next):
                time = next
            }
        }
        return nil
    }

    /// One pass over the fields, coarse to fine; `.restart` when a field wrapped.
    private func walkOnce(from start: Int64, moved: inout Bool) -> Step {
        var time = start
        for stage in Stage.allCases {
            let step: Step
            switch stage {
            case .month: step = advanceMonth(time, &moved)
            case .day: step = advanceDay(time, &moved)
            case .hour: step = advanceHour(time, &moved)
            case .minute: step = advanceMinute(time, &moved)
            case .second: step = advanceSecond(time, &moved)
            }
            switch step {
            case .proceed(let next): time = next
            case .restart: return step
            }
        }
        return .proceed(time)
    }

    private enum Stage: CaseIterable {
        case month, day, hour, minute, second
    }

    private func advanceMonth(_ start: Int64, _ moved: inout Bool) -> Step {
        var time = start
        var now = clock.civil(time)
        while !spec.month.contains(now.month) {
            if !moved {
                moved = true
                time = clock.instant(year: now.year, month: now.month, day: 1)
                now = clock.civil(time)
            }
            time = clock.instant(year: now.year, month: now.month + 1, day: now.day,
                                 hour: now.hour, minute: now.minute, second: now.second)
            now = clock.civil(time)
            if now.month == 1 { return .restart(time) }
        }
        return .proceed(time)
    }

    private func advanceDay(_ start: Int64, _ moved: inout Bool) -> Step {
        var time = start
        var now = clock.civil(time)
        while !spec.dayMatches(dayOfMonth: Int(now.day), dayOfWeek: Int(now.weekday)) {
            if !moved {
                moved = true
                time = clock.instant(year: now.year, month: now.month, day: now.day)
                now = clock.civil(time)
            }
            time = clock.instant(year: now.year, month: now.month, day: now.day + 1,
                                 hour: now.hour, minute: now.minute, second: now.second)
            now = clock.civil(time)
            // Where midnight does not exist the day starts at another hour: pull back to the
            // day's start, or push forward when normalisation landed late on the previous day.
            if now.hour != 0 {
                time += now.hour > 12 ? (24 - now.hour) * 3_600 : -now.hour * 3_600
                now = clock.civil(time)
            }
            if now.day == 1 { return .restart(time) }
        }
        return .proceed(time)
    }

    private func advanceHour(_ start: Int64, _ moved: inout Bool) -> Step {
        advance(
            spec.hour, of: \.hour, unit: 3_600, wrap: 24, start, &moved,
            truncate: { now in clock.instant(year: now.year, month: now.month, day: now.day, hour: now.hour) })
    }

    private func advanceMinute(_ start: Int64, _ moved: inout Bool) -> Step {
        advance(spec.minute, of: \.minute, unit: 60, wrap: 60, start, &moved, truncate: nil)
    }

    /// Moves by absolute time, in `unit` seconds, until the wall clock's `field` is in `values`;
    /// `.restart` when the field wraps to 0. The first move truncates to the start of the unit
    /// (through `truncate` when the wall clock decides it, else arithmetically).
    private func advance(
        _ values: CronFieldValues, of field: KeyPath<CivilTime, Int64>, unit: Int64, wrap: Int64,
        _ start: Int64, _ moved: inout Bool, truncate: ((CivilTime) -> Int64)?
    ) -> Step {
        var time = start
        var now = clock.civil(time)
        while !values.contains(now[keyPath: field]) {
            if !moved {
                moved = true
                time = truncate?(now) ?? time - CivilTime.floorModulo(time, unit)
                now = clock.civil(time)
            }
            // Jump straight to the next candidate value when the offset cannot change on the way.
            let target = values.firstValue(after: now[keyPath: field]) ?? wrap
            let jump = (target - now[keyPath: field]) * unit
            if jump > unit && clock.isSteady(from: time, through: time + jump) {
                time += jump
            } else {
                time += unit
            }
            now = clock.civil(time)
            if now[keyPath: field] == 0 { return .restart(time) }
        }
        return .proceed(time)
    }

    /// Standard expressions only ever match second 0.
    private func advanceSecond(_ start: Int64, _ moved: inout Bool) -> Step {
        var time = start
        var now = clock.civil(time)
        while now.second != 0 {
            moved = true
            let jump = 60 - now.second
            if jump > 1 && clock.isSteady(from: time, through: time + jump) {
                time += jump
            } else {
                time += 1
            }
            now = clock.civil(time)
            if now.second == 0 { return .restart(time) }
        }
        return .proceed(time)
    }
}
