import Foundation
import KubeSim

/// `startup`: a release `cronmonitor-operator run --leader-elect` child (as `failover` starts it,
/// default `--kube-api-qps` 50 / `--kube-api-burst` 100) over a KubeSim child holding N Jobs and
/// C CronJob monitors (default 100,000 and 10,000, none with a status yet). From the process
/// start: caches synced (`/readyz` 200, polled every 50 ms), Lease held (its log), the first
/// status PATCH KubeSim received, and every monitor's first status PATCH; the process's RSS
/// (VmRSS of `/proc/<pid>/status`) once synced and once every monitor has been written, and its
/// peak (VmHWM).
struct StartupBenchmark: Sendable {
    var options: BenchOptions

    func run() async throws {
        var options = options
        options.anchor = Int(Date().timeIntervalSince1970)
        let fleet = CronJobFleet(options: options)
        let launched = ContinuousClock.now
        let simulator = try await SimulatorProcess.launch(options)
        defer { simulator.stop() }
        let childRSS = (try? ChildMetrics.residentBytes(of: simulator.processID)).map { "; its RSS \(Figures.mebibytes($0))" } ?? ""
        say("KubeSim child pid \(simulator.processID) at \(simulator.url) holds \(fleet.monitors) CronJob monitors over \(fleet.jobs) finished Jobs in \(fleet.namespaces) namespaces, and \(fleet.monitors) CronJobs (seeded in \(Figures.seconds(simulator.seedSeconds)), ready \(Figures.seconds((ContinuousClock.now - launched).inSeconds)) after launch\(childRSS))")
        var launcher = try OperatorLauncher(scenario: "startup", simulator: simulator)
        try await launcher.stoppingAll { launcher in
            try await measure(fleet, simulator: simulator, launcher: &launcher)
        }
    }

    private func measure(_ fleet: CronJobFleet, simulator: SimulatorProcess, launcher: inout OperatorLauncher) async throws {
        let timeout = options.timeoutSeconds
        let start = MonotonicTime.now()
        let startInstant = ContinuousClock.now
        let replica = try launcher.start()
        let pid = replica.processID
        let interrupts = InterruptGuard { [pid] }
        defer { interrupts.cancel() }
        say("operator: \(launcher.executable.path) run --leader-elect (defaults: --kube-api-qps 50 --kube-api-burst 100), \(replica.label), log \(replica.logPath); timeout \(timeout) s per phase")
        func since(_ instant: Int64) -> String { Figures.seconds(MonotonicTime.seconds(start, instant)) }

        // Phase 1: caches synced.
        var deadline = ContinuousClock.now + .seconds(timeout)
        var peakSeen = 0
        while true {
            if let port = replica.state.probePort, await FailoverCluster.isReady(probePort: port) { break }
            guard ContinuousClock.now < deadline, !replica.hasExited else {
                throw BenchError.measurement("ready: caches not synced within \(timeout) s\(replica.hasExited ? " (the operator exited)" : "") (log: \(replica.logPath))")
            }
            peakSeen = max(peakSeen, (try? ChildMetrics.residentBytes(of: pid)) ?? 0)
            try await Task.sleep(for: .milliseconds(50))
        }
        let ready = MonotonicTime.now()
        let readyRSS = try ChildMetrics.residentBytes(of: pid)
        let readyPeak = try ChildMetrics.peakResidentBytes(of: pid)
        say("process start -> caches synced (/readyz 200): \(since(ready)); RSS then \(Figures.mebibytes(readyRSS)) (peak so far \(Figures.mebibytes(readyPeak)))")

        // Phase 2: the first status write.
        deadline = ContinuousClock.now + .seconds(timeout)
        var counts = try await simulator.counts(within: timeout, "first status write")
        while counts.firstStatusPatch == nil {
            guard ContinuousClock.now < deadline, !replica.hasExited else {
                throw BenchError.measurement("first status write: none within \(timeout) s after ready (log: \(replica.logPath))")
            }
            try await Task.sleep(for: .milliseconds(20))
            counts = try await simulator.counts(within: timeout, "first status write")
        }
        let first = counts.firstStatusPatch ?? ready
        let leader = replica.state.becameLeader.map { "; the log said 'became leader' at \(Figures.seconds(($0 - startInstant).inSeconds))" } ?? ""
        say("process start -> first status write (PATCH received by KubeSim): \(since(first))\(leader)")

        // Phase 3: every monitor written once.
        deadline = ContinuousClock.now + .seconds(timeout)
        while counts.monitorsPatched < fleet.monitors {
            guard ContinuousClock.now < deadline, !replica.hasExited else {
                throw BenchError.measurement("reconcile: \(counts.monitorsPatched) of \(fleet.monitors) monitors got a status write within \(timeout) s after the first (log: \(replica.logPath))")
            }
            peakSeen = max(peakSeen, (try? ChildMetrics.residentBytes(of: pid)) ?? 0)
            try await Task.sleep(for: .milliseconds(500))
            counts = try await simulator.counts(within: timeout, "reconcile")
        }
        let allRSS = try ChildMetrics.residentBytes(of: pid)
        let allPeak = try ChildMetrics.peakResidentBytes(of: pid)
        let last = counts.lastStatusPatch ?? first
        let kinds = try await simulator.kinds(within: timeout, "reconcile")
        say("process start -> every monitor's first status write: \(since(last)) (\(counts.statusPatches) status PATCHes, \(Figures.rate(counts.statusPatches, MonotonicTime.seconds(first, last))) a second after the first; \(counts.eventPosts) Event POSTs)")
        say("requests KubeSim received: \(RequestCounts.breakdown([:], kinds))")
        say("RSS once every monitor was written: \(Figures.mebibytes(allRSS)) (whole process; VmHWM peak \(Figures.mebibytes(allPeak)), highest VmRSS sampled \(Figures.mebibytes(max(peakSeen, allRSS))))")
        let startTarget = MonotonicTime.seconds(start, first) <= 5
        say("target start -> first status write <= 5 s: \(startTarget ? "met" : "missed") (\(since(first)))")
        let memoryTarget = max(allRSS, allPeak) <= 160 * 1_048_576
        say("target RSS <= 160 MiB with \(fleet.jobs) Jobs + \(fleet.monitors) monitors: \(memoryTarget ? "met" : "missed") (RSS \(Figures.mebibytes(allRSS)), peak \(Figures.mebibytes(allPeak)))")
    }

    private func say(_ line: String) { Figures.say("startup: \(line)") }
}
