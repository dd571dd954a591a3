import ArgumentParser
import CronSchedule
import Foundation

/// `cronmonitor-operator schedule "<expr>"`: shows when a CronJob schedule fires, with the
/// CronJob controller's semantics (time zones and DST included).
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the next run times of a CronJob schedule and describe it in plain English."
    )

    @Argument(help: "A CronJob schedule, e.g. \"30 2 * * 1-5\" or \"@daily\" (quote it).")
    var expression: String

    @Option(name: .customLong("time-zone"), help: "IANA time zone of the schedule (CronJob spec.timeZone).")
    var timeZone: String = "UTC"

    @Option(help: "How many run times to print (1-1000).")
    var count: Int = 5

    @Option(
        help: """
            Start after this RFC 3339 instant instead of now, e.g. 2026-03-28T12:00:00+01:00. For @every \
            it is the anchor slots count from: the CronJob's status.lastScheduleTime, else its creation.
            """)
    var from: String?

    func run() async throws {
        let now = Date()
        do {
            let report = try ScheduleReport(expression: expression, timeZone: timeZone, count: count, from: from, now: now)
            print(report.rendered())
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.validationFailure
        }
    }
}
