import Foundation
import KubeSim

/// `failover`: two `cronmonitor-operator run --leader-elect` processes over a KubeSim child, as
/// two replicas of a Deployment. Two scenarios, each `--runs` times, at a random point of the
/// leader's 2 s renewal cycle:
///
/// - SIGKILL the leader, create a monitor at once: seconds until the standby holds the Lease and
///   until the monitor has a status (only the standby can have written it);
/// - SIGTERM the leader: seconds until the standby holds the Lease (the leader releases it on
///   the way out) and until the leader exited; then a monitor created once the leader has exited:
///   seconds from the signal until it has a status.
///
/// The API is polled every 50 ms, so figures are up to 50 ms late. After each run a fresh
/// standby is started and awaited (ready: caches synced), so every run starts from a warm standby.
/// It starts after a random delay of up to one retry period: a replacement started at once would
/// read the Lease a nearly constant time after each of the new leader's renewals, which shortens
/// its takeover after a kill; replicas started independently read at any point of the cycle.
struct FailoverBenchmark: Sendable {
    var options: BenchOptions

    /// The replica holding the Lease and the one waiting for it.
    struct Pair: Sendable {
        var leader: OperatorProcess
        var standby: OperatorProcess
    }

    func run() async throws {
        let simulator = try await SimulatorProcess.launch(options)
        defer { simulator.stop() }
        let cluster = try FailoverCluster(url: simulator.url)
        var launcher = try OperatorLauncher(scenario: "failover", simulator: simulator)
        say("KubeSim child pid \(simulator.processID) at \(simulator.url); replicas: \(launcher.executable.path) run --leader-elect (Lease \(FailoverFixture.namespace)/\(FailoverFixture.leaseName), standard timing 15 s / 10 s / 2 s); logs in \(launcher.logDirectory.path)")
        var figures = FailoverFigures()
        try await launcher.stoppingAll { launcher in
            let first = try launcher.start()
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<2000)))
            var pair = try await settle(first, launcher.start(), cluster: cluster)
            for run in 1...options.runs {
                pair = try await killLeader(run: run, pair, cluster: cluster, launcher: &launcher, figures: &figures)
            }
            for run in 1...options.runs {
                pair = try await terminateLeader(run: run, pair, cluster: cluster, launcher: &launcher, figures: &figures)
            }
        }
        for series in figures.all { say(series.summary) }
    }

    /// Waits until one replica holds the Lease and the other is ready.
    private func settle(_ first: OperatorProcess, _ second: OperatorProcess, cluster: FailoverCluster) async throws -> Pair {
        let deadline = deadline()
        while ContinuousClock.now < deadline {
            let holder = await cluster.leaseHolder()
            if let holder, holder == first.state.identity { return try await ready(Pair(leader: first, standby: second)) }
            if let holder, holder == second.state.identity { return try await ready(Pair(leader: second, standby: first)) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.measurement("no replica took the Lease within \(options.timeoutSeconds) s (logs: \(first.logPath), \(second.logPath))")
    }

    private func ready(_ pair: Pair) async throws -> Pair {
        try await OperatorLauncher.waitUntilReady(pair.standby, deadline: deadline())
        say("\(pair.leader.label) leads; \(pair.standby.label) is a ready standby")
        return pair
    }

    private func killLeader(
        run: Int, _ pair: Pair, cluster: FailoverCluster, launcher: inout OperatorLauncher, figures: inout FailoverFigures
    ) async throws -> Pair {
        let signalled = try await signalLeader(SIGKILL, pair, writing: "kill-\(run)-before", cluster: cluster)
        let after = "kill-\(run)-after"
        try await cluster.createMonitor(after)
        var leaseAt: ContinuousClock.Instant?
        var statusAt: ContinuousClock.Instant?
        let deadline = deadline()
        while leaseAt == nil || statusAt == nil, ContinuousClock.now < deadline {
            if leaseAt == nil, await cluster.isHeld(by: pair.standby.state.identity) { leaseAt = .now }
            if statusAt == nil, await cluster.hasStatus(after) { statusAt = .now }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let leaseAt, let statusAt else {
            throw BenchError.measurement("SIGKILL run \(run): within \(options.timeoutSeconds) s the standby \(leaseAt == nil ? "did not take the Lease" : "wrote no status") (log: \(pair.standby.logPath))")
        }
        let logged = pair.standby.state.becameLeader.map { "logged 'became leader' at \(Figures.seconds(($0 - signalled).inSeconds)), " } ?? ""
        say("SIGKILL run \(run): killed \(pair.leader.label); \(pair.standby.label) holds the Lease after \(Figures.seconds((leaseAt - signalled).inSeconds)) (\(logged)polled), first status write after \(Figures.seconds((statusAt - signalled).inSeconds))")
        figures.killToLease.values.append((leaseAt - signalled).inSeconds)
        figures.killToStatus.values.append((statusAt - signalled).inSeconds)
        return try await replace(pair, launcher: &launcher)
    }

    private func terminateLeader(
        run: Int, _ pair: Pair, cluster: FailoverCluster, launcher: inout OperatorLauncher, figures: inout FailoverFigures
    ) async throws -> Pair {
        let signalled = try await signalLeader(SIGTERM, pair, writing: "term-\(run)-before", cluster: cluster)
        let after = "term-\(run)-after"
        var leaseAt: ContinuousClock.Instant?
        var statusAt: ContinuousClock.Instant?
        var created = false
        let deadline = deadline()
        while leaseAt == nil || statusAt == nil, ContinuousClock.now < deadline {
            if leaseAt == nil, await cluster.isHeld(by: pair.standby.state.identity) { leaseAt = .now }
            if !created, pair.leader.hasExited {
                try await cluster.createMonitor(after)
                created = true
            }
            if created, statusAt == nil, await cluster.hasStatus(after) { statusAt = .now }
            try await Task.sleep(for: .milliseconds(50))
        }
        let leader = pair.leader.state
        guard let leaseAt, let statusAt, let exited = leader.exited else {
            throw BenchError.measurement("SIGTERM run \(run): within \(options.timeoutSeconds) s \(leader.exited == nil ? "the leader did not exit" : leaseAt == nil ? "the standby did not take the Lease" : "the standby wrote no status") (logs: \(pair.leader.logPath), \(pair.standby.logPath))")
        }
        let released = leader.released.map { "released the Lease at \(Figures.seconds(($0 - signalled).inSeconds)), " } ?? "logged no release, "
        say("SIGTERM run \(run): \(pair.leader.label) \(released)exited \(leader.exitStatus.map { "with status \($0)" } ?? "") after \(Figures.seconds((exited - signalled).inSeconds)); \(pair.standby.label) holds the Lease after \(Figures.seconds((leaseAt - signalled).inSeconds)), first status write after \(Figures.seconds((statusAt - signalled).inSeconds))")
        figures.termToLease.values.append((leaseAt - signalled).inSeconds)
        figures.termToExit.values.append((exited - signalled).inSeconds)
        figures.termToStatus.values.append((statusAt - signalled).inSeconds)
        return try await replace(pair, launcher: &launcher)
    }

    /// The standby leads now; a new standby takes its place, started at a random point of the
    /// leader's renewal cycle.
    private func replace(_ pair: Pair, launcher: inout OperatorLauncher) async throws -> Pair {
        try await Task.sleep(for: .milliseconds(Int.random(in: 0..<2000)))
        return try await ready(Pair(leader: pair.standby, standby: launcher.start()))
    }

    /// Creates a monitor and waits until the leader has written its status (the leader is at
    /// work), then sends `signal` to the leader at a random point of its renewal cycle; returns
    /// when it was sent.
    private func signalLeader(
        _ signal: Int32, _ pair: Pair, writing name: String, cluster: FailoverCluster
    ) async throws -> ContinuousClock.Instant {
        try await cluster.createMonitor(name)
        let deadline = deadline()
        while !(await cluster.hasStatus(name)) {
            guard ContinuousClock.now < deadline else {
                throw BenchError.measurement("\(pair.leader.label) wrote no status for \(name) within \(options.timeoutSeconds) s (log: \(pair.leader.logPath))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 0..<2000)))
        let signalled = ContinuousClock.now
        pair.leader.send(signal)
        return signalled
    }

    private func deadline() -> ContinuousClock.Instant { .now + .seconds(options.timeoutSeconds) }

    private func say(_ line: String) { Figures.say("failover: \(line)") }
}
