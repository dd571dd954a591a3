import Testing

@testable import CronSchedule

/// Rejected expressions and time zones, each with the exact typed error. The accept/reject
/// decisions are robfig/cron v3's standard parser plus Kubernetes' `TZ` validation.
@Suite("Parser: rejected expressions")
struct InvalidExpressionTests {
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var text: String
        var error: CronParseError
        var testDescription: String { "\"\(text)\"" }
    }

    typealias P = CronParseError.FieldProblem

    static func field(_ field: CronField, _ token: String, _ problem: P) -> CronParseError {
        .invalidField(field, token: token, problem: problem)
    }

    static let cases: [InvalidCase] = [
        // Whole-expression problems.
        .init(text: "", error: .emptyExpression),
        .init(text: " ", error: .wrongFieldCount(found: 0, expression: " ")),
        .init(text: "* * * *", error: .wrongFieldCount(found: 4, expression: "* * * *")),
        .init(text: "0 * * * * *", error: .wrongFieldCount(found: 6, expression: "0 * * * * *")),
        .init(text: "0 0 * * * 2024", error: .wrongFieldCount(found: 6, expression: "0 0 * * * 2024")),
        .init(text: "*", error: .wrongFieldCount(found: 1, expression: "*")),
        .init(text: " @daily", error: .wrongFieldCount(found: 1, expression: " @daily")),
        .init(text: "TZ=UTC 0 0 * * *", error: .timeZoneInExpression("TZ=UTC 0 0 * * *")),
        .init(text: "CRON_TZ=Europe/Berlin 0 0 * * *", error: .timeZoneInExpression("CRON_TZ=Europe/Berlin 0 0 * * *")),
        .init(text: "TZ=America/New_York @daily", error: .timeZoneInExpression("TZ=America/New_York @daily")),
        // Descriptors.
        .init(text: "@unrecognized", error: .unknownDescriptor("@unrecognized")),
        .init(text: "@DAILY", error: .unknownDescriptor("@DAILY")),
        .init(text: "@daily ", error: .unknownDescriptor("@daily ")),
        .init(text: "@reboot", error: .unknownDescriptor("@reboot")),
        .init(text: "@every", error: .unknownDescriptor("@every")),
        .init(text: "@every Xm", error: .invalidDuration("Xm", problem: .malformedNumber)),
        .init(text: "@every ", error: .invalidDuration("", problem: .empty)),
        .init(text: "@every 10", error: .invalidDuration("10", problem: .missingUnit)),
        .init(text: "@every 5d", error: .invalidDuration("5d", problem: .unknownUnit("d"))),
        .init(text: "@every 1h ", error: .invalidDuration("1h ", problem: .unknownUnit("h "))),
        .init(text: "@every  1h", error: .invalidDuration(" 1h", problem: .malformedNumber)),
        .init(text: "@every .s", error: .invalidDuration(".s", problem: .malformedNumber)),
        .init(text: "@every -", error: .invalidDuration("-", problem: .malformedNumber)),
        .init(text: "@every 9999999999h", error: .invalidDuration("9999999999h", problem: .overflow)),
        // Not numbers.
        .init(text: "* 5 j * *", error: field(.dayOfMonth, "j", .notANumber("j"))),
        .init(text: "a * * * *", error: field(.minute, "a", .notANumber("a"))),
        .init(text: "L * * * *", error: field(.minute, "L", .notANumber("L"))),
        .init(text: "0 0 L * *", error: field(.dayOfMonth, "L", .notANumber("L"))),
        .init(text: "0 0 15W * *", error: field(.dayOfMonth, "15W", .notANumber("15W"))),
        .init(text: "0 0 * * 1#2", error: field(.dayOfWeek, "1#2", .notANumber("1#2"))),
        .init(text: "0 0 * * 5L", error: field(.dayOfWeek, "5L", .notANumber("5L"))),
        .init(text: "0 0 * * H", error: field(.dayOfWeek, "H", .notANumber("H"))),
        .init(text: "mon * * * *", error: field(.minute, "mon", .notANumber("mon"))),
        .init(text: "0 0 jan * *", error: field(.dayOfMonth, "jan", .notANumber("jan"))),
        .init(text: "0 0 * mon *", error: field(.month, "mon", .notANumber("mon"))),
        .init(text: "0 0 * * jan", error: field(.dayOfWeek, "jan", .notANumber("jan"))),
        .init(text: "0 0 * * monday", error: field(.dayOfWeek, "monday", .notANumber("monday"))),
        .init(text: "0 0 * january *", error: field(.month, "january", .notANumber("january"))),
        .init(text: "0 0 * jan-x *", error: field(.month, "jan-x", .notANumber("x"))),
        .init(text: "0 2-x * * *", error: field(.hour, "2-x", .notANumber("x"))),
        .init(text: "1.5 * * * *", error: field(.minute, "1.5", .notANumber("1.5"))),
        .init(text: "-5 * * * *", error: field(.minute, "-5", .notANumber(""))),
        .init(text: "5- * * * *", error: field(.minute, "5-", .notANumber(""))),
        .init(text: "/5 * * * *", error: field(.minute, "/5", .notANumber(""))),
        .init(text: "*/ * * * *", error: field(.minute, "*/", .notANumber(""))),
        .init(text: "*/x * * * *", error: field(.minute, "*/x", .notANumber("x"))),
        .init(text: "99999999999999999999 * * * *",
              error: field(.minute, "99999999999999999999", .notANumber("99999999999999999999"))),
        .init(text: "５ * * * *", error: field(.minute, "５", .notANumber("５"))),
        // Negative steps.
        .init(text: "*/-12 * * * *", error: field(.minute, "*/-12", .negativeNumber("-12"))),
        .init(text: "0 0/-1 * * *", error: field(.hour, "0/-1", .negativeNumber("-1"))),
        // Out of bounds.
        .init(text: "60 * * * *", error: field(.minute, "60", .aboveMaximum(value: 60, maximum: 59))),
        .init(text: "0 24 * * *", error: field(.hour, "24", .aboveMaximum(value: 24, maximum: 23))),
        .init(text: "0 0 32 * *", error: field(.dayOfMonth, "32", .aboveMaximum(value: 32, maximum: 31))),
        .init(text: "0 0 0 * *", error: field(.dayOfMonth, "0", .belowMinimum(value: 0, minimum: 1))),
        .init(text: "0 0 * 0 *", error: field(.month, "0", .belowMinimum(value: 0, minimum: 1))),
        .init(text: "0 0 * 13 *", error: field(.month, "13", .aboveMaximum(value: 13, maximum: 12))),
        .init(text: "0 0 * * 7", error: field(.dayOfWeek, "7", .aboveMaximum(value: 7, maximum: 6))),
        .init(text: "0 0 * * 0-7", error: field(.dayOfWeek, "0-7", .aboveMaximum(value: 7, maximum: 6))),
        .init(text: "0 0 * * 5-7", error: field(.dayOfWeek, "5-7", .aboveMaximum(value: 7, maximum: 6))),
        .init(text: "0 0 * * 1,7", error: field(.dayOfWeek, "7", .aboveMaximum(value: 7, maximum: 6))),
        .init(text: "0 0 0-15 * *", error: field(.dayOfMonth, "0-15", .belowMinimum(value: 0, minimum: 1))),
        .init(text: "0-60 * * * *", error: field(.minute, "0-60", .aboveMaximum(value: 60, maximum: 59))),
        .init(text: "0 0 * 1-13/2 *", error: field(.month, "1-13/2", .aboveMaximum(value: 13, maximum: 12))),
        // Reversed ranges (no wrap-around).
        .init(text: "0 22-2 * * *", error: field(.hour, "22-2", .reversedRange(start: 22, end: 2))),
        .init(text: "0 0 * * fri-mon", error: field(.dayOfWeek, "fri-mon", .reversedRange(start: 5, end: 1))),
        .init(text: "0 0 * dec-jan *", error: field(.month, "dec-jan", .reversedRange(start: 12, end: 1))),
        .init(text: "70/5 * * * *", error: field(.minute, "70/5", .reversedRange(start: 70, end: 59))),
        // Steps and separators.
        .init(text: "*/0 * * * *", error: field(.minute, "*/0", .zeroStep)),
        .init(text: "0 1-5/0 * * *", error: field(.hour, "1-5/0", .zeroStep)),
        .init(text: "5--5 * * * *", error: field(.minute, "5--5", .tooManyHyphens)),
        .init(text: "1-2-3 * * * *", error: field(.minute, "1-2-3", .tooManyHyphens)),
        .init(text: "*//2 * * * *", error: field(.minute, "*//2", .tooManySlashes)),
        .init(text: "0 1/2/3 * * *", error: field(.hour, "1/2/3", .tooManySlashes)),
        // The first bad field is reported.
        .init(text: "61 25 * * *", error: field(.minute, "61", .aboveMaximum(value: 61, maximum: 59))),
    ]

    @Test(arguments: cases)
    func rejected(_ testCase: InvalidCase) {
        #expect(throws: testCase.error) { try CronExpression.parse(testCase.text) }
    }

    @Test func atLeastFiftyKindsOfInvalidExpression() {
        #expect(Set(Self.cases.map(\.text)).count >= 50)
    }

    @Test(arguments: ["", "Local", "Mars/Olympus_Mons", "europe/berlin", "Europe/Berlin ", "PST", "IST",
                      "GMT+1", "UTC+01:00", "+05:00", "Z"])
    func unknownTimeZone(_ name: String) {
        #expect(throws: CronParseError.unknownTimeZone(name)) {
            try CronJobSchedule("0 0 * * *", timeZone: name)
        }
    }

    @Test func messagesNameFieldTokenAndReason() {
        let weekday = CronParseError.invalidField(.dayOfWeek, token: "7", problem: .aboveMaximum(value: 7, maximum: 6))
        #expect(weekday.description == "day-of-week field \"7\": 7 is above the maximum 6 (Sunday is 0; 7 is not accepted)")
        let hour = CronParseError.invalidField(.hour, token: "22-2", problem: .reversedRange(start: 22, end: 2))
        #expect(hour.description == "hour field \"22-2\": range start 22 is after its end 2 (ranges do not wrap)")
        #expect(CronParseError.wrongFieldCount(found: 6, expression: "0 * * * * *").description.contains("has 6 fields"))
        #expect(CronParseError.unknownTimeZone("Mars/Base").description.contains("Mars/Base"))
        #expect(CronParseError.timeZoneInExpression("TZ=UTC * * * * *").description.contains("spec.timeZone"))
        let month = CronParseError.invalidField(.month, token: "foo", problem: .notANumber("foo"))
        #expect(month.description == "month field \"foo\": \"foo\" is not a number or a name (jan...dec)")
    }
}
