import CronMonitorAPI
import Foundation
import KubeSim
import KubernetesClient

/// `latency`: Job finish → the operator's status PATCH and Event POST, as KubeSim sees them. A
/// release `cronmonitor-operator run --leader-elect` child (as `failover` starts it: default
/// `--kube-api-qps` 50 / `--kube-api-burst` 100, 4 concurrent reconciles) over a KubeSim child
/// holding C CronJob monitors (one per CronJob and namespace) over N Jobs, each monitor's newest
/// Job running. Once every monitor has its first status and the writes have been quiet for 2 s,
/// the child finishes running Jobs at `--rate` a second for `--seconds` (one in ten failed), each
/// of a different monitor, stamping each finish just before its store patch; it records when each
/// status PATCH and Event POST arrives (KubeSim's `request` log line), all on one clock.
struct LatencyBenchmark: Sendable {
    var options: BenchOptions

    /// Quiet time after the sync before the finishes start (the client's token bucket refills).
    static let quietSeconds: Int64 = 2

    func run() async throws {
        var options = options
        options.anchor = Int(Date().timeIntervalSince1970)
        let fleet = CronJobFleet(options: options)
        let simulator = try await SimulatorProcess.launch(options)
        defer { simulator.stop() }
        say("KubeSim child pid \(simulator.processID) at \(simulator.url) holds \(fleet.monitors) CronJob monitors (one per CronJob and namespace) over \(fleet.jobs) Jobs, \(fleet.monitors) of them running (seeded in \(Figures.seconds(simulator.seedSeconds)))")
        var launcher = try OperatorLauncher(scenario: "latency", simulator: simulator)
        try await launcher.stoppingAll { launcher in
            try await measure(fleet, simulator: simulator, launcher: &launcher)
        }
    }

    private func measure(_ fleet: CronJobFleet, simulator: SimulatorProcess, launcher: inout OperatorLauncher) async throws {
        let timeout = options.timeoutSeconds
        let start = MonotonicTime.now()
        let replica = try launcher.start()
        let pid = replica.processID
        let interrupts = InterruptGuard { [pid] }
        defer { interrupts.cancel() }
        say("operator: \(launcher.executable.path) run --leader-elect (defaults: --kube-api-qps 50 --kube-api-burst 100, 4 concurrent reconciles), \(replica.label), log \(replica.logPath); timeout \(timeout) s per phase")
        try await OperatorLauncher.waitUntilReady(replica, deadline: .now + .seconds(timeout))
        say("sync: caches synced (/readyz) \(Figures.seconds(MonotonicTime.seconds(start, MonotonicTime.now()))) after the process started")

        // Every monitor's first status, then quiet.
        var counts = try await simulator.counts(within: timeout, "sync")
        let deadline = ContinuousClock.now + .seconds(timeout)
        while counts.monitorsPatched < fleet.monitors
            || MonotonicTime.now() - (counts.lastStatusPatch ?? 0) < Self.quietSeconds * 1_000_000_000
        {
            guard ContinuousClock.now < deadline, !replica.hasExited else {
                throw BenchError.measurement("sync: \(counts.monitorsPatched) of \(fleet.monitors) monitors got a status write within \(timeout) s\(replica.hasExited ? " (the operator exited)" : "") (log: \(replica.logPath))")
            }
            try await Task.sleep(for: .milliseconds(100))
            counts = try await simulator.counts(within: timeout, "sync")
        }
        let synced = counts
        say("sync: every monitor's status written, the last \(Figures.seconds(MonotonicTime.seconds(start, synced.lastStatusPatch ?? start))) after the process started (\(synced.statusPatches) status PATCHes, \(synced.eventPosts) Event POSTs); then no write for \(Self.quietSeconds) s")

        // The finishes.
        let kindsBefore = try await simulator.kinds(within: timeout, "finish")
        let total = options.rate * options.seconds
        let finished = try await simulator.ask("finish \(options.rate) \(total)", within: options.seconds + timeout, "finish")
        let span = finished.split(separator: " ").dropFirst(2).compactMap { Int64($0) }
        guard finished.hasPrefix("finished \(total) "), span.count == 2 else { throw BenchError.simulator("unexpected answer \(finished)") }
        let finishSeconds = MonotonicTime.seconds(span[0], span[1])
        say("finish: KubeSim finished \(total) running Jobs in \(Figures.seconds(finishSeconds)) (\(Figures.rate(max(0, total - 1), finishSeconds)) a second; target rate \(options.rate)), \((0..<total).filter(CronJobFleet.failsAtFinish).count) of them failed")
        let drained = ContinuousClock.now + .seconds(timeout)
        var missing = try await simulator.ask("missing", within: timeout, "finish")
        while missing != "missing 0 0", ContinuousClock.now < drained, !replica.hasExited {
            try await Task.sleep(for: .milliseconds(100))
            missing = try await simulator.ask("missing", within: timeout, "finish")
        }
        let kindsAfter = try await simulator.kinds(within: timeout, "finish")
        let results = try await collect(simulator)
        report(results, kinds: RequestCounts.breakdown(kindsBefore, kindsAfter))
        let left = missing.split(separator: " ").dropFirst().compactMap { Int($0) }
        if left != [0, 0] {
            throw BenchError.measurement("finish: \(left.first ?? 0) finishes got no status PATCH of their monitor and \(left.last ?? 0) failed ones no Event POST within \(timeout) s after the last finish (log: \(replica.logPath))")
        }
        try await verify(fleet, finished: total, url: simulator.url)
    }

    /// One line of `results`.
    struct Measured {
        var monitor: Int
        var failed: Bool
        var patch: Double?
        var patches: Int
        var event: Double?
    }

    private func collect(_ simulator: SimulatorProcess) async throws -> [Measured] {
        simulator.send("results")
        var results: [Measured] = []
        while true {
            let line = try await simulator.answer()
            if line == "end" { return results }
            let numbers = line.split(separator: " ").dropFirst().compactMap { Int64($0) }
            guard line.hasPrefix("job "), numbers.count == 5 else { throw BenchError.simulator("unexpected answer \(line)") }
            results.append(Measured(
                monitor: Int(numbers[0]), failed: numbers[1] == 1, patch: numbers[2] >= 0 ? Double(numbers[2]) / 1e9 : nil,
                patches: Int(numbers[3]), event: numbers[4] >= 0 ? Double(numbers[4]) / 1e9 : nil))
        }
    }

    private func report(_ results: [Measured], kinds: String) {
        let patches = results.compactMap(\.patch)
        let events = results.filter(\.failed).compactMap(\.event)
        say("finish -> first status PATCH of its monitor: \(LatencyFigures.summary(patches, of: results.count))")
        say("failed finish -> first Event POST about its monitor: \(LatencyFigures.summary(events, of: results.filter(\.failed).count))")
        let twice = results.filter { $0.patches > 1 }.count
        say("finish: status PATCHes per finished Job's monitor since its finish: \(results.map(\.patches).reduce(0, +)) for \(results.count) finishes; \(twice) monitors written more than once")
        say("finish: requests during the phase: \(kinds)")
        // Finishes are made in monitor order at `--rate`: a monitor's index says when it finished.
        let window = 5
        let windows = stride(from: 0, to: options.seconds, by: window).map { from in
            let range = (from * options.rate)..<min(results.count, (from + window) * options.rate)
            let values = results.filter { range.contains($0.monitor) }.compactMap(\.patch).sorted()
            return "\(from)-\(min(options.seconds, from + window)) s: p50 \(LatencyFigures.milliseconds(LatencyFigures.percentile(values, 0.5))), max \(LatencyFigures.milliseconds(values.last ?? 0))"
        }
        say("finish -> status PATCH by when the Job finished: \(windows.joined(separator: "; "))")
        for (title, values) in [("status PATCH", patches), ("Event POST", events)] {
            let p99 = LatencyFigures.percentile(values.sorted(), 0.99)
            say("target p99 <= 100 ms (\(title)): \(values.isEmpty ? "no sample" : p99 <= 0.1 ? "met" : "missed") (p99 \(LatencyFigures.milliseconds(p99)))")
        }
    }

    /// Reads every finished monitor back from the API: its status must record the finish.
    private func verify(_ fleet: CronJobFleet, finished: Int, url: URL) async throws {
        let configuration = ClusterConfiguration(server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil)
        let client = KubernetesClient(transport: try CurlTransport(configuration: configuration))
        let monitors = try await client.listAll(CronMonitor.self, namespace: nil).items
        var byKey: [String: CronMonitor] = [:]
        for monitor in monitors { byKey["\(monitor.metadata.namespace ?? "")/\(monitor.metadata.name ?? "")"] = monitor }
        let wrong = (0..<finished).filter { index in
            let status = byKey[fleet.key(ofMonitor: index)]?.status
            let result: RunResult = CronJobFleet.failsAtFinish(index) ? .failed : .succeeded
            return status?.lastResult != result || status?.totals?.runs != Int64(fleet.jobCount(of: index)) || (status?.active ?? 0) != 0
        }
        guard wrong.isEmpty else {
            throw BenchError.measurement("read back: \(wrong.count) of \(finished) finished monitors do not record their Job's finish (e.g. \(fleet.key(ofMonitor: wrong[0])))")
        }
        say("read back from the API: all \(finished) finished monitors record their Job's result, \(fleet.jobs / fleet.monitors) runs each, none active")
    }

    private func say(_ line: String) { Figures.say("latency: \(line)") }
}

/// Latency figures in milliseconds.
enum LatencyFigures {
    /// `count n of m, p50 …, p99 …, max …`.
    static func summary(_ values: [Double], of expected: Int) -> String {
        let sorted = values.sorted()
        guard let last = sorted.last else { return "no sample (of \(expected))" }
        return "count \(sorted.count) of \(expected), p50 \(milliseconds(percentile(sorted, 0.5))), p99 \(milliseconds(percentile(sorted, 0.99))), max \(milliseconds(last))"
    }

    /// Nearest rank.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[max(0, min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))]
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
}
