import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization
import Testing

/// Two (and later more) LeaderElectors on one Lease in KubeSim, with short real timings.
@Suite(.timeLimit(.minutes(5))) struct LeaderElectionKubeSimTests {
    typealias Elector = LeaderElector<ContinuousClock>

    struct Candidate {
        var name: String
        var elector: Elector
        var transport: RecordingTransport<CurlTransport>
        var task: Task<Void, any Error>
    }

    static func start(
        _ name: String, cluster: SimCluster, log: RequestLog, monitor: LeadershipMonitor, timing: LeaseTiming
    ) async throws -> Candidate {
        // No warm-up: a claim answered after the renew deadline (a slow first request on a
        // loaded machine) must be renewed, not end the elector.
        let transport = try cluster.recordingTransport(log: log, label: name, now: { log.elapsed })
        var logger = Logger(label: "elector-\(name)")
        logger.logLevel = .critical
        let elector = Elector(
            client: KubernetesClient(transport: transport), namespace: "default", name: "runtime-test",
            identity: "\(name)_\(UUID().uuidString)", timing: timing, clock: ContinuousClock(), logger: logger)
        monitor.watch(name, elector.leadership, onLed: { log.recheck() })
        let task = Task {
            defer {
                monitor.exited(name)
                log.recheck()
            }
            try await elector.run()
        }
        return Candidate(name: name, elector: elector, transport: transport, task: task)
    }

    /// Waits until one of `names` has led (awaited through its `Leadership`, so a leadership cut
    /// short on a starved machine still counts); returns the first that did, or "none" when all of
    /// them ended without leading.
    static func leader(among names: Set<String>, monitor: LeadershipMonitor, log: RequestLog) async throws -> String {
        let found: String
        do {
            found = try await withDeadline(seconds: 90) {
                await log.wait { _ in
                    monitor.led.contains { names.contains($0) } || names.allSatisfy { monitor.hasExited($0) }
                }
                return monitor.led.first { names.contains($0) } ?? "none (all of \(names.sorted()) ended without leading)"
            }
        } catch {
            report(noLeaderAmong: names, monitor: monitor, log: log)
            throw error
        }
        if !names.contains(found) { report(noLeaderAmong: names, monitor: monitor, log: log) }
        return found
    }

    static func report(noLeaderAmong names: Set<String>, monitor: LeadershipMonitor, log: RequestLog) {
        let requests = log.requests.filter { names.contains($0.label) }.suffix(40)
            .map { "\($0.at) \($0.label) \($0.verb) → \($0.outcome ?? "in flight")" }
        print("no leader among \(names.sorted()); led so far: \(monitor.led); their last requests:\n\(requests.joined(separator: "\n"))")
    }

    @Test func electorsNeverBothLeadAcrossKillPauseAndRelease() async throws {
        try await SimCluster.run { cluster in
            // Short, but with room for slow requests on a loaded machine: a leader whose renewal
            // takes longer than the renew deadline gives up for good (a claim that slow is only
            // renewed before leading).
            let timing = try LeaseTiming(leaseDuration: .seconds(6), renewDeadline: .seconds(4), retryPeriod: .milliseconds(500))
            let monitor = LeadershipMonitor()
            let log = RequestLog(onStep: { monitor.sample() })
            let sampler = Task {
                while !Task.isCancelled {
                    monitor.sample()
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            var candidates: [String: Candidate] = [:]
            for name in ["a", "b"] {
                candidates[name] = try await Self.start(name, cluster: cluster, log: log, monitor: monitor, timing: timing)
            }
            // Every elector (and its release) ends before the server stops, also when a step
            // fails: a request still arriving while KubeSim shuts down can trap in NIO
            // ("Deinited NIOAsyncWriter").
            let outcome: Result<Void, any Error>
            do {
                // Kill the first leader: cut off from the API and cancelled, so it cannot release.
                let first = try await Self.leader(among: ["a", "b"], monitor: monitor, log: log)
                let killed = try #require(candidates[first])
                let survivor = first == "a" ? "b" : "a"
                killed.transport.setCutOff(true)
                killed.task.cancel()
                _ = await killed.task.result
                #expect(try await Self.leader(among: [survivor], monitor: monitor, log: log) == survivor)

                // Pause the new leader (its requests fail): it stops leading, a fresh candidate takes over.
                candidates["c"] = try await Self.start("c", cluster: cluster, log: log, monitor: monitor, timing: timing)
                let paused = try #require(candidates[survivor])
                paused.transport.setCutOff(true)
                #expect(try await Self.leader(among: ["c"], monitor: monitor, log: log) == "c")
                await #expect(throws: LeaderElectionError.lost) { try await paused.task.value }
                paused.transport.setCutOff(false)

                // Release gracefully: the standby takes over at its next read.
                candidates["d"] = try await Self.start("d", cluster: cluster, log: log, monitor: monitor, timing: timing)
                await log.wait { requests in requests.contains { $0.label == "d" && $0.verb == .get } }
                let released = try #require(candidates["c"])
                let clock = ContinuousClock()
                let releaseStart = clock.now
                released.task.cancel()
                _ = await released.task.result
                let releaseWrite = try #require(log.requests.last { $0.label == "c" && $0.verb == .update })
                #expect(try await Self.leader(among: ["d"], monitor: monitor, log: log) == "d")
                let takeover = releaseStart.duration(to: clock.now)
                let readsAfterRelease = log.requests.filter { $0.label == "d" && $0.verb == .get && $0.sequence > releaseWrite.sequence }
                print("released lease taken over after \(takeover); standby reads after the release: \(readsAfterRelease.count)")
                #expect(readsAfterRelease.count <= 3, "the standby must take a released lease at its next read")

                monitor.sample()
                print("leadership samples: \(monitor.samples)")
                #expect(monitor.samples > 100)
                #expect(monitor.violations.isEmpty, "two electors led at once: \(monitor.violations.prefix(5))")
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            for candidate in candidates.values {
                candidate.task.cancel()
                _ = await candidate.task.result
            }
            sampler.cancel()
            _ = await sampler.result
            await monitor.stop()
            try outcome.get()
        }
    }
}
