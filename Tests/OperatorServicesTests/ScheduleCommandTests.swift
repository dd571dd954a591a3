import Foundation
import Testing

/// `cronmonitor-operator schedule`: run times from an explicit or stated anchor.
@Suite struct ScheduleCommandTests {
    static func lines(_ arguments: [String]) throws -> [String] {
        let outcome = try BinaryTests.run(["schedule"] + arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        /// The run times printed, in UTC.
        var times: [String]
        /// A line of the output that says where the times start.
        var anchor: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // @every counts from the anchor, as the CronJob controller counts from lastScheduleTime.
        Case(
            arguments: ["@every 90m", "--from", "2026-03-01T10:07:00Z", "--count", "3"],
            times: ["2026-03-01T11:37:00Z", "2026-03-01T13:07:00Z", "2026-03-01T14:37:00Z"],
            anchor: "Anchor:      2026-03-01T10:07:00Z (--from): slots are this time plus multiples of the interval"),
        Case(
            arguments: ["@every 1h30m", "--from", "2026-03-01T11:07:00+01:00", "--count", "2"],
            times: ["2026-03-01T11:37:00Z", "2026-03-01T13:07:00Z"],
            anchor: "Anchor:      2026-03-01T10:07:00Z (--from): slots are this time plus multiples of the interval"),
        // A cron expression has its own phase: --from only says where the listing starts.
        Case(
            arguments: ["0 */2 * * *", "--from", "2026-03-01T10:07:00Z", "--count", "2"],
            times: ["2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"],
            anchor: "After:       2026-03-01T10:07:00Z (--from)"),
    ]

    @Test(arguments: cases)
    func runTimesCountFromTheGivenAnchor(_ testCase: Case) throws {
        let lines = try Self.lines(testCase.arguments)
        #expect(lines.contains(testCase.anchor), "\(lines)")
        let printed = lines.filter { $0.first?.isNumber == true && $0.contains("|") }.compactMap { $0.split(separator: "|").last }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(printed == testCase.times)
    }

    @Test func withoutFromTheOutputSaysTheAnchorIsNow() throws {
        let lines = try Self.lines(["@every 90m", "--count", "1"])
        #expect(lines.contains { $0.hasPrefix("Anchor:") && $0.hasSuffix("(now, as no --from was given)") }, "\(lines)")
        #expect(lines.contains { $0.contains("status.lastScheduleTime") })
    }

    @Test func aScheduleThatNeverFiresSaysSo() throws {
        let lines = try Self.lines(["0 0 30 2 *", "--from", "2026-01-01T00:00:00Z"])
        #expect(lines.contains("Never runs: no matching time within five years."))
    }
}
