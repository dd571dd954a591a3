import Foundation
import CronMonitorController
import KubernetesModel
import KubernetesRuntime
import Synchronization

/// `watch-ingest`: list N Jobs into the cache over HTTP, then stream status updates over the
/// watch: first a backlog of M changes made between the list and the watch (the client's
/// capacity), then M changes made while the watch is open (KubeSim producing concurrently).
struct WatchIngestBenchmark: Sendable {
    var options: BenchOptions

    func run() async throws {
        let jobs = options.jobs
        let simulator = try await SimulatorProcess.launch(options)
        defer { simulator.stop() }
        Figures.say("watch-ingest: KubeSim child pid \(simulator.processID) at \(simulator.url) holds \(jobs) Jobs (seeded in \(Figures.seconds(simulator.seedSeconds)); \(jobBytes()) bytes of JSON each before KubeSim adds its metadata)")
        // Both paths in one run, over the same KubeSim: each lists, drains a backlog, then follows live updates.
        var backlogCPU: [(JobWatch.Path, Double)] = []
        for (index, path) in JobWatch.Path.allCases.enumerated() {
            backlogCPU.append((path, try await measure(path, simulator: simulator, lastRound: 2 * (index + 1))))
        }
        let summary = backlogCPU.map { "\($0.0.rawValue) \(Figures.rate(options.updates, $0.1))" }.joined(separator: ", ")
        let speedup = backlogCPU.count == 2 && backlogCPU[1].1 > 0 ? backlogCPU[0].1 / backlogCPU[1].1 : 0
        Figures.say("watch-ingest: backlog events per CPU-second: \(summary) (\(Figures.ratio(speedup))×)")
    }

    /// One path's list, backlog and live phases; returns the backlog's client CPU seconds.
    private func measure(_ path: JobWatch.Path, simulator: SimulatorProcess, lastRound: Int) async throws -> Double {
        let jobs = options.jobs
        let updates = options.updates
        let tag = "watch-ingest [\(path.rawValue)]"
        // The backlog: made through the KubeSim store after the list, before the watch opens.
        let gateSamples = Mutex<(produced: String, drainStart: Sample)?>(nil)
        let source = GatedWatchSource(base: try JobWatch.source(url: simulator.url, path: path)) {
            simulator.send("update \(updates)")
            let produced = try await simulator.answer()
            gateSamples.withLock { $0 = (produced, Sample.now()) }
        }
        let store = Store<JobProjection>()
        let watcher = Watcher(source: source, clock: ContinuousClock(), pageSize: options.pageSize)
        var events = watcher.makeAsyncIterator()

        let listStart = Sample.now()
        let listed = try await JobWatch.applyList(from: &events, to: store)
        let list = listStart.until(.now())
        guard listed == jobs, store.count == jobs else {
            throw BenchError.measurement("listed \(listed) Jobs, cached \(store.count), expected \(jobs)")
        }
        Figures.say("\(tag): \(listed) listed in \(Figures.seconds(list.wall)) (\(Figures.rate(listed, list.wall)) objects/s; CPU \(Figures.seconds(list.cpu)), \(Figures.micros(list.cpu / Double(listed))) per object)")

        // Phase 1: drain the backlog (the gate runs inside the first `next()`).
        _ = try await JobWatch.apply(1, from: &events, to: store)
        guard let (produced, drainStart) = gateSamples.withLock({ $0 }) else {
            throw BenchError.measurement("the watch opened without the backlog being made")
        }
        _ = try await JobWatch.apply(updates - 1, from: &events, to: store)
        let backlog = drainStart.until(.now())
        let producer = try simulator.parseUpdated(produced)
        Figures.say("\(tag): KubeSim made \(updates) status updates in \(Figures.seconds(producer.wall)) before the watch opened")
        report(tag, "backlog", count: updates, wall: backlog.wall, cpu: backlog.cpu)

        // Phase 2: live, KubeSim patching while the client streams.
        let liveStart = Sample.now()
        simulator.send("update \(updates)")
        _ = try await JobWatch.apply(updates, from: &events, to: store)
        let live = liveStart.until(.now())
        let liveProducer = try simulator.parseUpdated(try await simulator.answer())
        Figures.say("\(tag): KubeSim made \(updates) live status updates in \(Figures.seconds(liveProducer.wall)) (its CPU \(Figures.seconds(liveProducer.cpu)), on the same cores)")
        report(tag, "live", count: updates, wall: live.wall, cpu: live.cpu)
        try check(store, lastRound: lastRound)
        return backlog.cpu
    }

    private func jobBytes() -> Int {
        let job = JobFixture(namespaces: options.namespaces).job(0)
        return (try? JSONEncoder().encode(job).count) ?? 0
    }

    private func report(_ tag: String, _ phase: String, count: Int, wall: Double, cpu: Double) {
        let cores = wall > 0 ? cpu / wall : 0
        Figures.say("\(tag): \(phase): \(count) events in \(Figures.seconds(wall)) (\(Figures.rate(count, wall)) events/s end to end: HTTP + decode + project + cache apply)")
        Figures.say("\(tag): \(phase): client CPU \(Figures.seconds(cpu)) = \(Figures.micros(cpu / Double(count))) per event = \(Figures.rate(count, cpu)) events per CPU-second; \(Figures.ratio(cores)) cores busy on average (\(ProcessMetrics.threadCount()) threads, \(ProcessInfo.processInfo.activeProcessorCount) cores online)")
    }

    /// The cache holds every Job, and the last update (of update round `lastRound`) of the first one arrived.
    private func check(_ store: Store<JobProjection>, lastRound: Int) throws(BenchError) {
        let fixture = JobFixture(namespaces: options.namespaces)
        let lastRevision = lastRound * 1_000 + (options.updates - 1) / options.jobs
        guard store.count == options.jobs,
            let first = store.get(ObjectKey(namespace: fixture.namespace(of: 0), name: fixture.name(of: 0))),
            first.outcome?.message?.contains("revision \(lastRevision)") == true
        else {
            throw .measurement("the cache does not hold the last update of \(fixture.name(of: 0))")
        }
    }
}
