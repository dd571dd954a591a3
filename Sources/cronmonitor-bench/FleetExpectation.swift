import CronMonitorAPI
import KubernetesModel

/// What a monitor's status must say once it has judged `runs` (its Jobs, oldest first): each Job
/// counted exactly once, the outcome of the newest, the failure streak in finish order, the
/// newest success and failure, a history trimmed to `historyLimit`, nothing active.
struct FleetExpectation: Sendable, Equatable {
    var runs: Int64
    var succeeded: Int64
    var failed: Int64
    var lastResult: RunResult
    var lastSuccess: Int64?
    var lastFailure: Int64?
    var consecutiveFailures: Int32
    var history: Int

    init(runs: [FleetFixture.Run], historyLimit: Int) {
        let failures = runs.filter { $0.failure != nil }
        self.runs = Int64(runs.count)
        failed = Int64(failures.count)
        succeeded = Int64(runs.count - failures.count)
        lastResult = runs.last?.failure == nil ? .succeeded : .failed
        lastSuccess = runs.filter { $0.failure == nil }.map(\.finish).max()
        lastFailure = failures.map(\.finish).max()
        consecutiveFailures = Int32(runs.sorted { $0.finish < $1.finish }.reversed().prefix { $0.failure != nil }.count)
        history = min(historyLimit, runs.count)
    }

    /// The first way `status` differs from this, or nil when it is correct.
    func mismatch(_ status: CronMonitorStatus?) -> String? {
        guard let status else { return "no status" }
        guard status.conditions?.condition(CronMonitorCondition.ready)?.status == .true else { return "not Ready" }
        let totals = status.totals ?? RunTotals()
        let checks: [(String, String, String)] = [
            ("totals.runs", "\(runs)", "\(totals.runs ?? 0)"),
            ("totals.succeeded", "\(succeeded)", "\(totals.succeeded ?? 0)"),
            ("totals.failed", "\(failed)", "\(totals.failed ?? 0)"),
            ("lastResult", lastResult.rawValue, status.lastResult?.rawValue ?? "none"),
            ("consecutiveFailures", "\(consecutiveFailures)", "\(status.consecutiveFailures ?? 0)"),
            ("lastSuccessTime", Self.text(lastSuccess), Self.text(status.lastSuccessTime?.secondsSinceEpoch)),
            ("lastFailureTime", Self.text(lastFailure), Self.text(status.lastFailureTime?.secondsSinceEpoch)),
            ("runs[] length", "\(history)", "\(status.runs?.count ?? 0)"),
            ("active", "0", "\(status.active ?? 0)"),
        ]
        return checks.first { $0.1 != $0.2 }.map { "\($0.0) is \($0.2), expected \($0.1)" }
    }

    private static func text(_ second: Int64?) -> String {
        second.map { Time(secondsSinceEpoch: $0).description } ?? "unset"
    }
}
