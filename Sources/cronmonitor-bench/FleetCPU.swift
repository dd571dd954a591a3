import Foundation

/// The CPU one phase of `fleet` cost: this process by `getrusage` (the operator, and with it the
/// benchmark's own tracking: its observer's checks and the convergence polls) and the KubeSim
/// child by `/proc/<pid>/stat`.
struct FleetCPU: Sendable {
    private let child: Int32
    private let process: Double
    private let simulator: Double?
    private let tracking: Double
    private let reconciles: Int

    /// The target for the first sync of the default fleet (issue 13 item 5).
    static let syncTarget = 5.0

    /// Starts a phase's count now.
    init(child: Int32, tracker: FleetTracker) {
        self.child = child
        process = ProcessMetrics.cpuSeconds()
        simulator = ChildMetrics.cpuSeconds(of: child)
        tracking = tracker.cpuSeconds
        reconciles = tracker.totalReconciles
    }

    /// What a phase cost, from the start until now.
    struct Spent: Sendable {
        /// CPU seconds of this process.
        var process: Double
        /// One line of figures: this process's CPU, per monitor, how much of it was the
        /// tracker's checks, and the child's.
        var line: String
    }

    func spent(monitors: Int, tracker: FleetTracker) -> Spent {
        let process = ProcessMetrics.cpuSeconds() - self.process
        let perMonitor = process / Double(max(1, monitors)) * 1_000
        let checks = tracker.cpuSeconds - tracking
        let kubeSim = zip(simulator, ChildMetrics.cpuSeconds(of: child)).map { Self.cpu($1 - $0) } ?? "unknown"
        let finished = tracker.totalReconciles - reconciles
        let line = "CPU of this process (operator, the benchmark's tracking included) \(Self.cpu(process)) = "
            + String(format: "%.2f ms", perMonitor) + " per monitor (of it the tracker's status checks \(Self.cpu(checks))); "
            + "\(finished) reconciles finished; KubeSim child \(kubeSim)"
        return Spent(process: process, line: line)
    }

    static func cpu(_ seconds: Double) -> String { String(format: "%.2f CPU-s", seconds) }
}

/// Both optionals' values, or nil.
private func zip<A, B>(_ first: A?, _ second: B?) -> (A, B)? {
    guard let first, let second else { return nil }
    return (first, second)
}
