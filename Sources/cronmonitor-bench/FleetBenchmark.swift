import CronMonitorAPI
import Foundation
import KubernetesClient

/// `fleet`: the operator, in this process, over C CronMonitors and N finished Jobs held by a
/// KubeSim child. Three phases, each measured until every monitor's status is correct (the
/// expected totals, last result, failure streak and times of its Jobs, not merely written):
/// the first sync, a burst of B finished Jobs, and a restart over the converged statuses (which
/// must write nothing). A phase that does not converge within `--timeout` ends the benchmark
/// with that figure.
struct FleetBenchmark: Sendable {
    var options: BenchOptions

    func run() async throws {
        var options = options
        options.anchor = Int(Date().timeIntervalSince1970)
        let fixture = FleetFixture(options: options)
        let keys = (0..<fixture.monitors).map { "\(fixture.namespace(ofMonitor: $0))/\(fixture.monitorName($0))" }
        var histories = (0..<fixture.monitors).map { monitor in
            (0..<fixture.historyCount(of: monitor)).map { fixture.historyRun(monitor: monitor, index: $0) }
        }
        let simulator = try await SimulatorProcess.launch(options)
        defer { simulator.stop() }
        let layout = (options.sameSecond ? "each monitor's Jobs created and started in one second" : "distinct timestamps")
            + (options.withPods ? "; each Job with its finished Pod" : "")
        let spread = fixture.namespaces == 1 ? "all in one namespace" : "over \(min(fixture.namespaces, fixture.monitors)) namespaces"
        say("KubeSim child pid \(simulator.processID) at \(simulator.url) holds \(fixture.monitors) selector CronMonitors (\(spread)) over \(fixture.jobs) finished Jobs (\(layout); seeded in \(Figures.seconds(simulator.seedSeconds)))")

        // Phase 1: the first sync.
        let tracker = FleetTracker(expected: expectations(histories, keys: keys))
        let syncCPU = FleetCPU(child: simulator.processID, tracker: tracker)
        let first = try FleetOperator.start(url: simulator.url, options: options, identity: "fleet-bench-first", tracker: tracker)
        say("operator in this process: --kube-api-qps \(options.kubeAPIQPS) --kube-api-burst \(options.kubeAPIBurst), \(first.replica.options.maxConcurrentReconciles) concurrent reconciles; timeout \(options.timeoutSeconds) s per phase")
        let sync = await converge(first, since: first.started)
        let syncSpent = report("sync", sync, operator: first, before: RequestCounter.Counts(), since: first.started, cpu: syncCPU)
        if fixture.monitors == 500, fixture.jobs == 20_000 {
            let verdict = syncSpent.process <= FleetCPU.syncTarget ? "met" : "missed"
            say("sync: target <= \(FleetCPU.cpu(FleetCPU.syncTarget)) for 500 monitors over 20000 Jobs: \(verdict) (\(FleetCPU.cpu(syncSpent.process)))")
        }
        guard case .converged = sync else { return await first.stop() }
        try await verify(histories, keys: keys, url: simulator.url, phase: "sync")

        // Phase 2: a burst of finished Jobs.
        let burstNow = Int64(Date().timeIntervalSince1970)
        for (monitor, run) in fixture.burstRuns(count: options.burst, now: burstNow) {
            histories[monitor].append(run)
        }
        let beforeBurst = first.counter.counts
        tracker.expect(expectations(histories, keys: keys))
        let burstCPU = FleetCPU(child: simulator.processID, tracker: tracker)
        let burstStart = ContinuousClock.now
        simulator.send("burst \(options.burst) \(burstNow)")
        let made = try await simulator.answer()
        let allMade = ContinuousClock.now
        say("burst: KubeSim created \(options.burst) finished Jobs in \(Figures.seconds(Double(made.split(separator: " ").last ?? "") ?? 0)) (while the operator absorbed them)")
        let burst = await converge(first, since: burstStart)
        report("burst", burst, operator: first, before: beforeBurst, since: burstStart, cpu: burstCPU)
        if case .converged = burst {
            say("burst: that is \(Figures.seconds(max(0, seconds(since: allMade)))) after the last of the Jobs was created")
        }
        guard case .converged = burst else { return await first.stop() }
        try await verify(histories, keys: keys, url: simulator.url, phase: "burst")

        // Phase 3: a restart over the converged statuses.
        await first.stop()
        let restarted = FleetTracker(expected: expectations(histories, keys: keys))
        let restartCPU = FleetCPU(child: simulator.processID, tracker: restarted)
        let second = try FleetOperator.start(
            url: simulator.url, options: options, identity: "fleet-bench-second", tracker: restarted)
        let deadline = second.started + .seconds(options.timeoutSeconds)
        while !second.replica.isReady, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        guard second.replica.isReady else {
            say("restart: caches not synced within \(options.timeoutSeconds) s")
            return await second.stop()
        }
        say("restart: caches synced (ready) \(Figures.seconds(seconds(since: second.started))) after start")
        while restarted.reconciledCount < fixture.monitors, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let counts = second.counter.counts
        let reconciled = restarted.reconciledCount
        if reconciled < fixture.monitors {
            say("restart: did not reconcile every monitor within \(options.timeoutSeconds) s: \(reconciled) of \(fixture.monitors) reconciled, \(counts.totalStatusPatches) status PATCHes")
        } else {
            say("restart: every monitor reconciled \(Figures.seconds(seconds(since: second.started))) after start (\(restarted.totalReconciles) reconciles); \(restarted.correctCount) of \(fixture.monitors) correct")
            say("restart: status PATCHes \(counts.totalStatusPatches) (target 0); other writes \(counts.otherWrites); \(counts.total) requests in all")
            say("restart: \(restartCPU.spent(monitors: fixture.monitors, tracker: restarted).line)")
        }
        await second.stop()
    }

    private func say(_ line: String) { Figures.say("fleet: \(line)") }

    private func expectations(_ histories: [[FleetFixture.Run]], keys: [String]) -> [String: FleetExpectation] {
        Dictionary(uniqueKeysWithValues: zip(keys, histories.map { FleetExpectation(runs: $0, historyLimit: FleetFixture.historyLimit) }))
    }

    private enum Convergence {
        case converged(seconds: Double)
        case timedOut(correct: Int)
    }

    /// Waits until every monitor's last reported status is correct, or the timeout.
    private func converge(_ replica: FleetOperator, since start: ContinuousClock.Instant) async -> Convergence {
        let deadline = start + .seconds(options.timeoutSeconds)
        while replica.tracker.correctCount < options.monitors {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(10))) != nil else {
                return .timedOut(correct: replica.tracker.correctCount)
            }
        }
        return .converged(seconds: seconds(since: start))
    }

    @discardableResult
    private func report(
        _ phase: String, _ outcome: Convergence, operator replica: FleetOperator, before: RequestCounter.Counts,
        since start: ContinuousClock.Instant, cpu: FleetCPU
    ) -> FleetCPU.Spent {
        let spent = cpu.spent(monitors: options.monitors, tracker: replica.tracker)
        let after = replica.counter.counts
        let patches = after.statusPatches.map { ($0.key, $0.value - (before.statusPatches[$0.key] ?? 0)) }.filter { $0.1 > 0 }
        let total = patches.reduce(0) { $0 + $1.1 }
        let perMonitor = Double(total) / Double(options.monitors)
        switch outcome {
        case .converged(let elapsed):
            say("\(phase): every monitor's status correct \(Figures.seconds(elapsed)) after \(phase == "sync" ? "the operator started" : "the burst began")")
        case .timedOut(let correct):
            let example = replica.tracker.firstIncorrect.map { " (e.g. \($0.key): \($0.why))" } ?? ""
            say("\(phase): did not converge within \(options.timeoutSeconds) s: \(correct) of \(options.monitors) monitors correct\(example)")
        }
        let most = patches.max { $0.1 < $1.1 }.flatMap { $0.1 > 1 ? " (most: \($0.0), \($0.1))" : nil } ?? ""
        say("\(phase): status PATCHes \(total) = \(Figures.ratio(perMonitor)) per monitor; \(patches.filter { $0.1 > 1 }.count) monitors written more than once\(most)")
        say("\(phase): other writes \(after.otherWrites - before.otherWrites); \(after.total - before.total) requests in all (\(breakdown(before, after)))")
        let firstCorrect = replica.tracker.firstCorrect.values.map { max(0, Self.seconds($0 - start)) }.sorted()
        let firstWritten = after.statusWritten.values.compactMap { writes in writes.first { $0 >= start } }
            .map { Self.seconds($0 - start) }.sorted()
        let written = firstWritten.last.map {
            "\(firstWritten.count) monitors got a status write, the last its first \(Figures.seconds($0)) after the start"
        } ?? "no monitor got a status write"
        let correct = firstCorrect.last.map {
            "; \(firstCorrect.count) were correct, first correct p50 \(Figures.seconds(Self.percentile(firstCorrect, 0.5))), p90 \(Figures.seconds(Self.percentile(firstCorrect, 0.9))), last \(Figures.seconds($0))"
        } ?? "; none was correct"
        say("\(phase): fairness: \(written)\(correct)")
        say("\(phase): \(spent.line)")
        return spent
    }

    private func breakdown(_ before: RequestCounter.Counts, _ after: RequestCounter.Counts) -> String {
        after.byKind.map { ($0.key, $0.value - (before.byKind[$0.key] ?? 0)) }.filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    /// Reads every monitor back from the API (not through the operator) and checks its status.
    private func verify(_ histories: [[FleetFixture.Run]], keys: [String], url: URL, phase: String) async throws {
        let configuration = ClusterConfiguration(server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil)
        let client = KubernetesClient(transport: try CurlTransport(configuration: configuration))
        let monitors = try await client.listAll(CronMonitor.self, namespace: nil).items
        let expected = expectations(histories, keys: keys)
        let wrong = monitors.compactMap { monitor -> String? in
            let key = "\(monitor.metadata.namespace ?? "")/\(monitor.metadata.name ?? "")"
            guard let expectation = expected[key] else { return "\(key): not part of the fleet" }
            return expectation.mismatch(monitor.status).map { "\(key): \($0)" }
        }
        guard monitors.count == keys.count, wrong.isEmpty else {
            throw BenchError.measurement("\(phase): the API holds \(monitors.count) monitors, \(wrong.count) with a wrong status (\(wrong.first ?? "")) although the operator reported them correct")
        }
        say("\(phase): read back from the API: all \(monitors.count) statuses as expected")
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double { Self.seconds(ContinuousClock.now - start) }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}
