import Foundation
import Testing

@testable import CronSchedule

/// Cases translated from robfig/cron v3's `spec_test.go` (TestNext, TestActivation and the time
/// zone tests) into five-field expressions; robfig's leading seconds field is dropped.
@Suite("robfig/cron v3 Next")
struct RobfigNextTests {
    struct NextCase: Sendable, CustomTestStringConvertible {
        var from: String
        var expression: String
        var zone: String?
        /// nil: the schedule never fires.
        var expected: String?
        var testDescription: String { "\(expression) [\(zone ?? "UTC")] after \(from)" }
    }

    static let utcCases: [NextCase] = [
        .init(from: "2012-07-09T14:45:00Z", expression: "0/15 * * * *", expected: "2012-07-09T15:00:00Z"),
        .init(from: "2012-07-09T14:59:00Z", expression: "0/15 * * * *", expected: "2012-07-09T15:00:00Z"),
        .init(from: "2012-07-09T14:59:59Z", expression: "0/15 * * * *", expected: "2012-07-09T15:00:00Z"),
        // Wrap around hours and days.
        .init(from: "2012-07-09T15:45:00Z", expression: "20-35/15 * * * *", expected: "2012-07-09T16:20:00Z"),
        .init(from: "2012-07-09T23:46:00Z", expression: "*/15 * * * *", expected: "2012-07-10T00:00:00Z"),
        .init(from: "2012-07-09T23:45:00Z", expression: "20-35/15 * * * *", expected: "2012-07-10T00:20:00Z"),
        .init(from: "2012-07-09T23:35:51Z", expression: "20-35/15 * * * *", expected: "2012-07-10T00:20:00Z"),
        .init(from: "2012-07-09T23:35:51Z", expression: "20-35/15 1/2 * * *", expected: "2012-07-10T01:20:00Z"),
        .init(from: "2012-07-09T23:35:51Z", expression: "20-35/15 10-12 * * *", expected: "2012-07-10T10:20:00Z"),
        .init(from: "2012-07-09T23:35:51Z", expression: "20-35/15 1/2 */2 * *", expected: "2012-07-11T01:20:00Z"),
        .init(from: "2012-07-09T23:35:51Z", expression: "20-35/15 * 9-20 * *", expected: "2012-07-10T00:20:00Z"),
        .init(from: "2012-07-09T23:35:51Z", expression: "20-35/15 * 9-20 Jul *", expected: "2012-07-10T00:20:00Z"),
        // Wrap around months. `*/5` has a step, so it is not a star: day-of-month OR Monday.
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 9 Apr-Oct ?", expected: "2012-08-09T00:00:00Z"),
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 */5 Apr,Aug,Oct Mon", expected: "2012-08-01T00:00:00Z"),
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 */5 Oct Mon", expected: "2012-10-01T00:00:00Z"),
        // Wrap around years.
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 * Feb Mon", expected: "2013-02-04T00:00:00Z"),
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 * Feb Mon/2", expected: "2013-02-01T00:00:00Z"),
        // Wrap around minute, hour, day, month and year at once.
        .init(from: "2012-12-31T23:59:45Z", expression: "* * * * *", expected: "2013-01-01T00:00:00Z"),
        // Leap year.
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 29 Feb ?", expected: "2016-02-29T00:00:00Z"),
        // Unsatisfiable.
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 30 Feb ?", expected: nil),
        .init(from: "2012-07-09T23:35:00Z", expression: "0 0 31 Apr ?", expected: nil),
        // Descriptors.
        .init(from: "2012-07-09T15:00:00Z", expression: "@hourly", expected: "2012-07-09T16:00:00Z"),
        .init(from: "2012-07-09T15:00:00Z", expression: "@daily", expected: "2012-07-10T00:00:00Z"),
        .init(from: "2012-07-09T15:00:00Z", expression: "@midnight", expected: "2012-07-10T00:00:00Z"),
        .init(from: "2012-07-09T15:00:00Z", expression: "@weekly", expected: "2012-07-15T00:00:00Z"),
        .init(from: "2012-07-09T15:00:00Z", expression: "@monthly", expected: "2012-08-01T00:00:00Z"),
        .init(from: "2012-07-09T15:00:00Z", expression: "@yearly", expected: "2013-01-01T00:00:00Z"),
        .init(from: "2012-07-09T15:00:00Z", expression: "@annually", expected: "2013-01-01T00:00:00Z"),
        .init(from: "2012-07-09T15:00:07Z", expression: "@every 5m", expected: "2012-07-09T15:05:07Z"),
        .init(from: "2012-07-09T15:00:07Z", expression: "@every 1h30m", expected: "2012-07-09T16:30:07Z"),
        .init(from: "2012-07-09T15:00:07Z", expression: "@every 100ms", expected: "2012-07-09T15:00:08Z"),
        .init(from: "2012-07-09T15:00:07Z", expression: "@every 1.5s", expected: "2012-07-09T15:00:08Z"),
    ]

    static let zonedCases: [NextCase] = [
        // 2am EST (-5) -> 3am EDT (-4).
        .init(from: "2012-03-11T00:00:00-05:00", expression: "30 2 11 Mar ?", zone: "America/New_York",
              expected: "2013-03-11T02:30:00-04:00"),
        .init(from: "2012-03-11T00:00:00-05:00", expression: "0 * * * ?", zone: "America/New_York",
              expected: "2012-03-11T01:00:00-05:00"),
        .init(from: "2012-03-11T01:00:00-05:00", expression: "0 * * * ?", zone: "America/New_York",
              expected: "2012-03-11T03:00:00-04:00"),
        .init(from: "2012-03-11T03:00:00-04:00", expression: "0 * * * ?", zone: "America/New_York",
              expected: "2012-03-11T04:00:00-04:00"),
        .init(from: "2012-03-11T00:00:00-05:00", expression: "0 1 * * ?", zone: "America/New_York",
              expected: "2012-03-11T01:00:00-05:00"),
        .init(from: "2012-03-11T01:00:00-05:00", expression: "0 1 * * ?", zone: "America/New_York",
              expected: "2012-03-12T01:00:00-04:00"),
        // The 2am slot does not exist that night and is skipped.
        .init(from: "2012-03-11T00:00:00-05:00", expression: "0 2 * * ?", zone: "America/New_York",
              expected: "2012-03-12T02:00:00-04:00"),
        // 2am EDT (-4) -> 1am EST (-5).
        .init(from: "2012-11-04T00:00:00-04:00", expression: "30 2 04 Nov ?", zone: "America/New_York",
              expected: "2012-11-04T02:30:00-05:00"),
        .init(from: "2012-11-04T01:45:00-04:00", expression: "30 1 04 Nov ?", zone: "America/New_York",
              expected: "2012-11-04T01:30:00-05:00"),
        .init(from: "2012-11-04T00:00:00-04:00", expression: "0 * * * ?", zone: "America/New_York",
              expected: "2012-11-04T01:00:00-04:00"),
        .init(from: "2012-11-04T01:00:00-04:00", expression: "0 * * * ?", zone: "America/New_York",
              expected: "2012-11-04T01:00:00-05:00"),
        .init(from: "2012-11-04T01:00:00-05:00", expression: "0 * * * ?", zone: "America/New_York",
              expected: "2012-11-04T02:00:00-05:00"),
        // The 1am job runs twice.
        .init(from: "2012-11-04T00:00:00-04:00", expression: "0 1 * * ?", zone: "America/New_York",
              expected: "2012-11-04T01:00:00-04:00"),
        .init(from: "2012-11-04T01:00:00-04:00", expression: "0 1 * * ?", zone: "America/New_York",
              expected: "2012-11-04T01:00:00-05:00"),
        .init(from: "2012-11-04T01:00:00-05:00", expression: "0 1 * * ?", zone: "America/New_York",
              expected: "2012-11-05T01:00:00-05:00"),
        .init(from: "2012-11-04T00:00:00-04:00", expression: "0 2 * * ?", zone: "America/New_York",
              expected: "2012-11-04T02:00:00-05:00"),
        .init(from: "2012-11-04T02:00:00-05:00", expression: "0 2 * * ?", zone: "America/New_York",
              expected: "2012-11-05T02:00:00-05:00"),
        .init(from: "2012-11-04T00:00:00-04:00", expression: "0 3 * * ?", zone: "America/New_York",
              expected: "2012-11-04T03:00:00-05:00"),
        .init(from: "2012-11-04T03:00:00-05:00", expression: "0 3 * * ?", zone: "America/New_York",
              expected: "2012-11-05T03:00:00-05:00"),
        .init(from: "2012-11-04T00:00:00-04:00", expression: "0 3 3 * ?", zone: "America/New_York",
              expected: "2012-12-03T03:00:00-05:00"),
        // Midnight does not exist in Sao Paulo on 2018-11-04 (robfig/cron issue 157).
        .init(from: "2018-10-17T05:00:00-04:00", expression: "0 9 10 * ?", zone: "America/Sao_Paulo",
              expected: "2018-11-10T06:00:00-05:00"),
        .init(from: "2018-02-14T05:00:00-05:00", expression: "0 9 22 * ?", zone: "America/Sao_Paulo",
              expected: "2018-02-22T07:00:00-05:00"),
        // The start instant's own offset does not matter, only the schedule's zone.
        .init(from: "2016-01-03T13:09:03+05:30", expression: "14 14 * * *", zone: "Asia/Kolkata",
              expected: "2016-01-03T14:14:00+05:30"),
        .init(from: "2016-01-03T04:09:03+05:30", expression: "14 14 * * ?", zone: "Asia/Kolkata",
              expected: "2016-01-03T14:14:00+05:30"),
        .init(from: "2016-01-03T14:09:03+05:30", expression: "14 14 * * *", zone: "Pacific/Honolulu",
              expected: "2016-01-03T14:14:00-10:00"),
    ]

    @Test(arguments: utcCases + zonedCases)
    func next(_ testCase: NextCase) throws {
        let cron = try schedule(testCase.expression, zone: testCase.zone)
        let actual = cron.next(after: try instant(testCase.from))
        let expected = try testCase.expected.map(instant)
        #expect(actual == expected, "got \(rfc3339(actual, in: testCase.zone ?? "UTC"))")
    }

    struct ActivationCase: Sendable, CustomTestStringConvertible {
        var time: String
        var expression: String
        var fires: Bool
        var testDescription: String { "\(expression) at \(time): \(fires)" }
    }

    /// robfig's TestActivation: does the schedule fire exactly at `time`?
    static let activationCases: [ActivationCase] = [
        .init(time: "2012-07-09T15:00:00Z", expression: "0/15 * * * *", fires: true),
        .init(time: "2012-07-09T15:45:00Z", expression: "0/15 * * * *", fires: true),
        .init(time: "2012-07-09T15:40:00Z", expression: "0/15 * * * *", fires: false),
        .init(time: "2012-07-09T15:05:00Z", expression: "5/15 * * * *", fires: true),
        .init(time: "2012-07-09T15:20:00Z", expression: "5/15 * * * *", fires: true),
        .init(time: "2012-07-09T15:50:00Z", expression: "5/15 * * * *", fires: true),
        .init(time: "2012-07-15T15:00:00Z", expression: "0/15 * * Jul *", fires: true),
        .init(time: "2012-07-15T15:00:00Z", expression: "0/15 * * Jun *", fires: false),
        .init(time: "2012-07-15T08:30:00Z", expression: "30 08 ? Jul Sun", fires: true),
        .init(time: "2012-07-15T08:30:00Z", expression: "30 08 15 Jul ?", fires: true),
        .init(time: "2012-07-16T08:30:00Z", expression: "30 08 ? Jul Sun", fires: false),
        .init(time: "2012-07-16T08:30:00Z", expression: "30 08 15 Jul ?", fires: false),
        .init(time: "2012-07-09T15:00:00Z", expression: "@hourly", fires: true),
        .init(time: "2012-07-09T15:04:00Z", expression: "@hourly", fires: false),
        .init(time: "2012-07-09T15:00:00Z", expression: "@daily", fires: false),
        .init(time: "2012-07-09T00:00:00Z", expression: "@daily", fires: true),
        .init(time: "2012-07-09T00:00:00Z", expression: "@weekly", fires: false),
        .init(time: "2012-07-08T00:00:00Z", expression: "@weekly", fires: true),
        .init(time: "2012-07-08T01:00:00Z", expression: "@weekly", fires: false),
        .init(time: "2012-07-08T00:00:00Z", expression: "@monthly", fires: false),
        .init(time: "2012-07-01T00:00:00Z", expression: "@monthly", fires: true),
        // Both day fields restricted: either may match.
        .init(time: "2012-07-15T00:00:00Z", expression: "* * 1,15 * Sun", fires: true),
        .init(time: "2012-06-15T00:00:00Z", expression: "* * 1,15 * Sun", fires: true),
        .init(time: "2012-08-01T00:00:00Z", expression: "* * 1,15 * Sun", fires: true),
        .init(time: "2012-10-15T00:00:00Z", expression: "* * */2 * Sun", fires: true),
        // One day field starred: both must match.
        .init(time: "2012-07-15T00:00:00Z", expression: "* * * * Mon", fires: false),
        .init(time: "2012-07-09T00:00:00Z", expression: "* * 1,15 * *", fires: false),
        .init(time: "2012-07-15T00:00:00Z", expression: "* * 1,15 * *", fires: true),
        .init(time: "2012-07-15T00:00:00Z", expression: "* * */2 * Sun", fires: true),
        .init(time: "2012-07-15T00:00:00Z", expression: "* * */1 * Mon", fires: false),
        .init(time: "2012-07-15T00:00:00Z", expression: "* * *,5 * Mon", fires: false),
    ]

    @Test(arguments: activationCases)
    func activation(_ testCase: ActivationCase) throws {
        let cron = try schedule(testCase.expression)
        let time = try instant(testCase.time)
        let fired = cron.next(after: time.addingTimeInterval(-1)) == time
        #expect(fired == testCase.fires)
    }
}
