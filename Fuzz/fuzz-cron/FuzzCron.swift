import Foundation
import FuzzSupport
import CronSchedule

/// Input: a cron expression, optionally followed by a newline and an IANA time-zone name.
/// What parses is walked over a bounded window starting at an instant derived from the input.
@main
enum FuzzCron {
    static func main() {
        FuzzDriver.run { data, size in
            ScheduleCheck.run(FuzzDriver.bytes(data, size))
            return 0
        }
    }
}
