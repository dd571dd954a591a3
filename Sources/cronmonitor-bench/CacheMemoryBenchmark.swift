import Foundation
import CronMonitorController
import KubernetesRuntime

/// `cache-memory`: this process's RSS before and after caching N JobProjections through the
/// list path, and its peak while listing and while relisting. KubeSim runs in a child process,
/// so its memory is not in any figure.
struct CacheMemoryBenchmark: Sendable {
    var options: BenchOptions

    func run() async throws {
        let jobs = options.jobs
        let simulator = try await SimulatorProcess.launch(options)
        defer { simulator.stop() }
        Figures.say("cache-memory: KubeSim child pid \(simulator.processID) at \(simulator.url) holds \(jobs) Jobs (its memory is not counted below)")

        let store = Store<JobProjection>()
        let watcher = Watcher(source: try JobWatch.source(url: simulator.url, path: .readBytes), clock: ContinuousClock(), pageSize: options.pageSize)
        var events = watcher.makeAsyncIterator()
        ProcessMetrics.trimHeap()
        let baseline = try ProcessMetrics.residentBytes()
        try ProcessMetrics.resetPeak()

        let listed = try await JobWatch.applyList(from: &events, to: store)
        let listPeak = try ProcessMetrics.peakResidentBytes()
        let untrimmed = try ProcessMetrics.residentBytes()
        ProcessMetrics.trimHeap()
        let steady = try ProcessMetrics.residentBytes()
        guard listed == jobs, store.count == jobs else {
            throw BenchError.measurement("listed \(listed) Jobs, cached \(store.count), expected \(jobs)")
        }
        let perJob = Double(steady - baseline) / Double(jobs)
        Figures.say("cache-memory: RSS before \(Figures.mebibytes(baseline)), after caching \(jobs) Jobs \(Figures.mebibytes(steady)) (\(Figures.mebibytes(untrimmed)) before malloc_trim)")
        Figures.say(String(format: "cache-memory: %.0f bytes per cached Job (RSS delta / Jobs; JobProjection stride %d bytes + its strings, dictionary and index overhead)", perJob, MemoryLayout<JobProjection>.stride))
        report("list", peak: listPeak, steady: steady, baseline: baseline)

        // Relist: KubeSim compacts its history and ends the watch; the watcher gets 410 and lists again.
        try ProcessMetrics.resetPeak()
        simulator.send("relist")
        _ = try await simulator.answer()
        let relistStart = Sample.now()
        let relisted = try await JobWatch.applyList(from: &events, to: store)
        let relist = relistStart.until(.now())
        let relistPeak = try ProcessMetrics.peakResidentBytes()
        ProcessMetrics.trimHeap()
        let afterRelist = try ProcessMetrics.residentBytes()
        guard relisted == jobs, store.count == jobs else {
            throw BenchError.measurement("relisted \(relisted) Jobs, cached \(store.count), expected \(jobs)")
        }
        Figures.say("cache-memory: relist of \(relisted) Jobs took \(Figures.seconds(relist.wall)); RSS after it \(Figures.mebibytes(afterRelist))")
        report("relist", peak: relistPeak, steady: steady, baseline: baseline)
    }

    private func report(_ phase: String, peak: Int, steady: Int, baseline: Int) {
        let cacheGrowth = Double(peak - baseline) / Double(max(1, steady - baseline))
        Figures.say("cache-memory: \(phase) peak RSS \(Figures.mebibytes(peak)) = \(Figures.ratio(Double(peak) / Double(steady)))× steady state (\(Figures.ratio(cacheGrowth))× the cache's own steady growth over the \(Figures.mebibytes(baseline)) baseline)")
    }
}
