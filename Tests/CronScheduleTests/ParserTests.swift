import Foundation
import Testing

@testable import CronSchedule

/// Accepted expressions, translated from robfig/cron v3's `parser_test.go` (TestRange, TestField,
/// TestStandardSpecSchedule, descriptors) plus Kubernetes-relevant forms.
@Suite("Parser: accepted expressions")
struct ParserTests {
    struct ItemCase: Sendable, CustomTestStringConvertible {
        var text: String
        var field: CronField
        var values: [Int]
        var starred: Bool
        var testDescription: String { "\(field) \"\(text)\"" }
    }

    static let itemCases: [ItemCase] = [
        .init(text: "5", field: .minute, values: [5], starred: false),
        .init(text: "0", field: .minute, values: [0], starred: false),
        .init(text: "59", field: .minute, values: [59], starred: false),
        .init(text: "05", field: .minute, values: [5], starred: false),
        .init(text: "+5", field: .minute, values: [5], starred: false),
        .init(text: "5-5", field: .hour, values: [5], starred: false),
        .init(text: "5-6", field: .hour, values: [5, 6], starred: false),
        .init(text: "5-7", field: .hour, values: [5, 6, 7], starred: false),
        .init(text: "5-6/2", field: .hour, values: [5], starred: false),
        .init(text: "5-7/2", field: .hour, values: [5, 7], starred: false),
        .init(text: "5-7/1", field: .hour, values: [5, 6, 7], starred: false),
        .init(text: "*", field: .month, values: Array(1...12), starred: true),
        .init(text: "?", field: .dayOfMonth, values: Array(1...31), starred: true),
        .init(text: "*/1", field: .dayOfWeek, values: Array(0...6), starred: true),
        .init(text: "*/2", field: .month, values: [1, 3, 5, 7, 9, 11], starred: false),
        .init(text: "?/3", field: .dayOfWeek, values: [0, 3, 6], starred: false),
        .init(text: "*/15", field: .minute, values: [0, 15, 30, 45], starred: false),
        .init(text: "5/15", field: .minute, values: [5, 20, 35, 50], starred: false),
        .init(text: "1/2", field: .dayOfWeek, values: [1, 3, 5], starred: false),
        .init(text: "5/1", field: .hour, values: Array(5...23), starred: false),
        .init(text: "*/100", field: .minute, values: [0], starred: false),
        .init(text: "5,6", field: .minute, values: [5, 6], starred: false),
        .init(text: "5,6,7", field: .minute, values: [5, 6, 7], starred: false),
        .init(text: "1,5-7/2,3", field: .minute, values: [1, 3, 5, 7], starred: false),
        .init(text: "*,5", field: .dayOfMonth, values: Array(1...31), starred: true),
        .init(text: "1,,2", field: .minute, values: [1, 2], starred: false),
        .init(text: ",", field: .minute, values: [], starred: false),
        .init(text: "*-5", field: .hour, values: Array(0...23), starred: true),
        .init(text: "jan", field: .month, values: [1], starred: false),
        .init(text: "JAN-mar", field: .month, values: [1, 2, 3], starred: false),
        .init(text: "Dec", field: .month, values: [12], starred: false),
        .init(text: "jun-dec/3", field: .month, values: [6, 9, 12], starred: false),
        .init(text: "mon-fri", field: .dayOfWeek, values: [1, 2, 3, 4, 5], starred: false),
        .init(text: "SUN,sat", field: .dayOfWeek, values: [0, 6], starred: false),
        .init(text: "sun-6", field: .dayOfWeek, values: Array(0...6), starred: false),
        .init(text: "1-31", field: .dayOfMonth, values: Array(1...31), starred: false),
    ]

    @Test(arguments: itemCases)
    func field(_ testCase: ItemCase) throws {
        let values = try CronParser.field(testCase.text, testCase.field)
        #expect(values.values == testCase.values)
        #expect(values.isStarred == testCase.starred)
    }

    struct ExpressionCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: CronExpression
        var testDescription: String { text }
    }

    static let minuteFive = CronSpec(
        minute: .only(5), hour: .all(.hour), dayOfMonth: .all(.dayOfMonth), month: .all(.month),
        dayOfWeek: .all(.dayOfWeek))
    static let midnight = CronSpec(
        minute: .only(0), hour: .only(0), dayOfMonth: .all(.dayOfMonth), month: .all(.month),
        dayOfWeek: .all(.dayOfWeek))

    static let expressionCases: [ExpressionCase] = [
        .init(text: "5 * * * *", expected: .fields(minuteFive)),
        .init(text: "  5\t*  * *\n* ", expected: .fields(minuteFive)),
        .init(text: "5 * ? * ?", expected: .fields(minuteFive)),
        .init(text: "0 0 * * *", expected: .fields(midnight)),
        .init(text: "@daily", expected: .fields(midnight)),
        .init(text: "@midnight", expected: .fields(midnight)),
        .init(text: "@hourly", expected: .fields(CronSpec(
            minute: .only(0), hour: .all(.hour), dayOfMonth: .all(.dayOfMonth), month: .all(.month),
            dayOfWeek: .all(.dayOfWeek)))),
        .init(text: "@weekly", expected: .fields(CronSpec(
            minute: .only(0), hour: .only(0), dayOfMonth: .all(.dayOfMonth), month: .all(.month),
            dayOfWeek: .only(0)))),
        .init(text: "@monthly", expected: .fields(CronSpec(
            minute: .only(0), hour: .only(0), dayOfMonth: .only(1), month: .all(.month),
            dayOfWeek: .all(.dayOfWeek)))),
        .init(text: "@yearly", expected: .fields(CronSpec(
            minute: .only(0), hour: .only(0), dayOfMonth: .only(1), month: .only(1),
            dayOfWeek: .all(.dayOfWeek)))),
        .init(text: "@annually", expected: .fields(CronSpec(
            minute: .only(0), hour: .only(0), dayOfMonth: .only(1), month: .only(1),
            dayOfWeek: .all(.dayOfWeek)))),
        .init(text: "@every 5m", expected: .every(seconds: 300)),
        .init(text: "@every 1h30m", expected: .every(seconds: 5_400)),
        .init(text: "@every 1.5h", expected: .every(seconds: 5_400)),
        .init(text: "@every 90s", expected: .every(seconds: 90)),
        .init(text: "@every 2m3.9s", expected: .every(seconds: 123)),
        .init(text: "@every 500ms", expected: .every(seconds: 1)),
        .init(text: "@every 0", expected: .every(seconds: 1)),
        .init(text: "@every -1h", expected: .every(seconds: 1)),
        .init(text: "@every +10s", expected: .every(seconds: 10)),
        .init(text: "@every 1000000us", expected: .every(seconds: 1)),
        .init(text: "@every 2000000\u{00B5}s", expected: .every(seconds: 2)),
        .init(text: "@every 3000000000ns", expected: .every(seconds: 3)),
        .init(text: "@every .5m", expected: .every(seconds: 30)),
        .init(text: "@every 1h1m1s", expected: .every(seconds: 3_661)),
    ]

    @Test(arguments: expressionCases)
    func expression(_ testCase: ExpressionCase) throws {
        #expect(try CronExpression.parse(testCase.text) == testCase.expected)
    }

    @Test(arguments: ["UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney",
                      "Asia/Kolkata", "America/Argentina/Buenos_Aires", "EST5EDT", "EST", "CET", "US/Eastern",
                      "Etc/GMT+1", "Asia/Kathmandu"])
    func knownTimeZones(_ name: String) throws {
        let cron = try CronJobSchedule("0 0 * * *", timeZone: name)
        #expect(cron.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == TimeZone(identifier: name)?
            .secondsFromGMT(for: Date(timeIntervalSince1970: 0)))
    }

    @Test func defaultZoneIsUTC() throws {
        let cron = try CronJobSchedule("0 0 * * *")
        #expect(cron.timeZone.secondsFromGMT(for: Date()) == 0)
        #expect(cron.next(after: try instant("2024-05-05T12:00:00Z")) == (try instant("2024-05-06T00:00:00Z")))
    }
}

@Suite("Schedule values")
struct ScheduleValueTests {
    @Test func keepsTheZoneNameAsGiven() throws {
        #expect(try CronJobSchedule("0 0 * * *").timeZoneName == "UTC")
        #expect(try CronJobSchedule("0 0 * * *", timeZone: "Europe/Berlin").timeZoneName == "Europe/Berlin")
        #expect(try CronJobSchedule("0 0 * * *", timeZone: "UTC").timeZoneName == "UTC")
    }

    @Test func equalSchedulesCompareEqual() throws {
        #expect(try CronJobSchedule("0 0 * * *") == CronJobSchedule("@daily").withText("0 0 * * *"))
        #expect(try CronJobSchedule("0 0 * * *", timeZone: "Europe/Berlin") != CronJobSchedule("0 0 * * *"))
    }
}

extension CronJobSchedule {
    fileprivate func withText(_ text: String) -> CronJobSchedule {
        CronJobSchedule(expression: expression, text: text, timeZone: timeZone, timeZoneName: timeZoneName)
    }
}
