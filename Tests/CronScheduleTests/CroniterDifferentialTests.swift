import Foundation
import Testing

@testable import CronSchedule

/// Differential test against Python croniter 6.0.0 (an independent implementation).
///
/// Configuration and exclusions, each backed by a dedicated test below:
/// - croniter's `day_or` is set per expression to robfig's rule (OR only when neither day field
///   is starred); croniter's default would OR `*/1`-style stars too.
/// - Near a DST transition croniter resolves gap and overlap slots differently (it moves a
///   skipped 02:30 to 03:30 and fires an overlap slot once), so each sequence is compared up to
///   its first element within [transition - 2 h, transition + 26 h]; the DST behaviour itself is
///   pinned by `DaylightSavingTests`.
/// - croniter reads a single-value range such as `5-5` as the whole field, so the generator only
///   writes ranges with distinct ends.
/// - `@every` is not croniter syntax; robfig gives up after five years where croniter keeps
///   looking, so generated expressions avoid that.
@Suite("Differential: croniter")
struct CroniterDifferentialTests {
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
                        "Asia/Kathmandu", "Pacific/Chatham"]
    static let expressionCount = 2_000
    static let zonesPerExpression = 3
    static let slotsPerCase = 10
    /// 2024-01-01T00:00:00Z ..< 2028-01-01T00:00:00Z
    static let startRange: ClosedRange<Int64> = 1_704_067_200...1_830_297_599

    struct Prepared {
        var oracleCase: CroniterOracle.Case
        var ours: [Int64]
    }

    @Test func matchesCroniter() throws {
        var generator = ExpressionGenerator(seed: 0x5EED_C0DE)
        var prepared: [Prepared] = []
        for _ in 0..<Self.expressionCount {
            let expression = generator.expression()
            let parsed = try CronExpression.parse(expression)
            guard case .fields(let spec) = parsed else {
                Issue.record("generator produced a non-field expression \(expression)")
                continue
            }
            let dayOr = !(spec.dayOfMonth.isStarred || spec.dayOfWeek.isStarred)
            var zones = Self.zones
            zones.shuffle(using: &generator.random)
            for zone in zones.prefix(Self.zonesPerExpression) {
                let start = Int64.random(in: Self.startRange, using: &generator.random)
                let schedule = try CronJobSchedule(expression, timeZone: zone)
                var ours: [Int64] = []
                var cursor = start
                while ours.count < Self.slotsPerCase, let next = schedule.nextSecond(after: cursor) {
                    ours.append(next)
                    cursor = next
                }
                let oracleCase = CroniterOracle.Case(
                    id: prepared.count, expression: expression, zone: zone, start: start,
                    count: Self.slotsPerCase, day_or: dayOr)
                prepared.append(Prepared(oracleCase: oracleCase, ours: ours))
            }
        }

        let response: CroniterOracle.Response
        do {
            response = try CroniterOracle.run(prepared.map(\.oracleCase))
        } catch {
            Issue.record("\(error)")
            return
        }
        #expect(response.croniter == "6.0.0", "the oracle expectations were written against croniter 6.0.0")
        #expect(response.results.count == prepared.count)

        let dangerWindows = Dictionary(uniqueKeysWithValues: Self.zones.map { ($0, Self.transitions(in: $0)) })
        var compared = 0
        var excluded = 0
        var failures: [String] = []
        for result in response.results {
            let item = prepared[result.id]
            let zone = item.oracleCase.zone
            guard let theirs = result.times else {
                failures.append("\(item.oracleCase.expression) [\(zone)]: croniter error \(result.error ?? "?")")
                continue
            }
            let windows = dangerWindows[zone] ?? []
            for index in 0..<Self.slotsPerCase {
                let mine = index < item.ours.count ? item.ours[index] : nil
                let their = index < theirs.count ? theirs[index] : nil
                if [mine, their].contains(where: { $0.map { Self.isNearTransition($0, windows) } ?? false }) {
                    excluded += Self.slotsPerCase - index
                    break
                }
                guard let mine else {
                    // robfig stops after five years without a match; croniter keeps going.
                    excluded += Self.slotsPerCase - index
                    break
                }
                compared += 1
                if mine != their {
                    failures.append("\(item.oracleCase.expression) [\(zone)] after \(item.oracleCase.start) slot \(index): "
                        + "ours \(rfc3339(Date(timeIntervalSince1970: TimeInterval(mine)), in: zone)), "
                        + "croniter \(their.map { rfc3339(Date(timeIntervalSince1970: TimeInterval($0)), in: zone) } ?? "none")")
                    break
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) mismatches, first: \(failures.prefix(10).joined(separator: "\n"))")
        // The exclusions must not hollow the comparison out.
        let total = prepared.count * Self.slotsPerCase
        #expect(compared >= total * 9 / 10, "only \(compared) of \(total) slots compared (\(excluded) excluded)")
    }

    /// Offset transitions of `zone` in the test period.
    static func transitions(in zone: String) -> [Int64] {
        guard let timeZone = TimeZone(identifier: zone) else { return [] }
        var result: [Int64] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(startRange.lowerBound - 86_400))
        let end = Date(timeIntervalSince1970: TimeInterval(startRange.upperBound + 12 * 366 * 86_400))
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: cursor), transition < end {
            result.append(Int64(transition.timeIntervalSince1970))
            cursor = transition
        }
        return result
    }

    static func isNearTransition(_ time: Int64, _ transitions: [Int64]) -> Bool {
        transitions.contains { time >= $0 - 7_200 && time <= $0 + 26 * 3_600 }
    }
}
