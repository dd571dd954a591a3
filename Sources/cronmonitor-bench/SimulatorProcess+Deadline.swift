import Foundation
import Synchronization

extension SimulatorProcess {
    /// Sends `command` and returns the answer, or throws when none came within `seconds`
    /// (`what` names the phase in the message) instead of waiting for ever.
    func ask(_ command: String, within seconds: Int, _ what: String) async throws -> String {
        send(command)
        let answered = AnswerBox()
        // The pipe read cannot be cancelled: a child that never answers leaves this task waiting
        // until the child is stopped (which ends the read with an error).
        Task {
            let result: Result<String, any Error>
            do { result = .success(try await self.answer()) } catch { result = .failure(error) }
            answered.value.withLock { $0 = result }
        }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let result = answered.value.withLock({ $0 }) { return try result.get() }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw BenchError.simulator("\(what): no answer to '\(command)' within \(seconds) s")
    }

    /// `counts`, parsed.
    func counts(within seconds: Int, _ what: String) async throws -> RequestCounts {
        let line = try await ask("counts", within: seconds, what)
        let numbers = line.split(separator: " ").dropFirst().compactMap { Int64($0) }
        guard line.hasPrefix("counts "), numbers.count == 5 else { throw BenchError.simulator("unexpected answer \(line)") }
        return RequestCounts(
            statusPatches: Int(numbers[0]), monitorsPatched: Int(numbers[1]), eventPosts: Int(numbers[2]),
            firstStatusPatch: numbers[3] >= 0 ? numbers[3] : nil, lastStatusPatch: numbers[4] >= 0 ? numbers[4] : nil)
    }

    /// `kinds`, parsed: requests by kind.
    func kinds(within seconds: Int, _ what: String) async throws -> [String: Int] {
        let line = try await ask("kinds", within: seconds, what)
        guard line.hasPrefix("kinds") else { throw BenchError.simulator("unexpected answer \(line)") }
        var kinds: [String: Int] = [:]
        for entry in line.dropFirst("kinds".count).split(separator: ",") {
            guard let equals = entry.lastIndex(of: "="), let count = Int(entry[entry.index(after: equals)...]) else { continue }
            kinds[entry[..<equals].trimmingCharacters(in: .whitespaces)] = count
        }
        return kinds
    }
}

/// Where the reading task leaves the answer.
private final class AnswerBox: Sendable {
    let value = Mutex<Result<String, any Error>?>(nil)
}

/// What the KubeSim child of `latency` / `startup` has received so far (instants in
/// `MonotonicTime` nanoseconds).
struct RequestCounts: Sendable {
    var statusPatches: Int
    var monitorsPatched: Int
    var eventPosts: Int
    var firstStatusPatch: Int64?
    var lastStatusPatch: Int64?

    /// "k1 n1, k2 n2" of what `after` has more than `before`, largest first.
    static func breakdown(_ before: [String: Int], _ after: [String: Int]) -> String {
        after.map { ($0.key, $0.value - (before[$0.key] ?? 0)) }.filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }
}
