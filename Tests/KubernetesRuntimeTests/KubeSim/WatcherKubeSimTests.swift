import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Testing

/// Watcher + Store against KubeSim over real HTTP, with its fault knobs.
@Suite(.timeLimit(.minutes(5))) struct WatcherKubeSimTests {
    static let jobCount = 520

    @Test func listsInPagesThenSurvivesDroppedWatchesCompactionAndMalformedLines() async throws {
        try await SimCluster.run { cluster in
            try cluster.createJobs(Self.jobCount)
            let clock = ImmediateClock()
            let log = RequestLog()
            let transport = try cluster.recordingTransport(log: log)
            let watcher = Watcher(source: jobSource(KubernetesClient(transport: transport)), clock: clock)
            let harness = CacheHarness()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.consume(watcher) }
                defer { group.cancelAll() }
                try await withDeadline {
                    try await Self.checkInitialList(cluster, harness, log)
                    try await Self.checkDroppedWatches(cluster, harness, log)
                    try await Self.checkCompaction(cluster, harness, log)
                    try await Self.checkMalformedLine(cluster, harness, log)
                }
            }
        }
    }

    /// The first list comes in pages of 500, then one atomic swap; a change arrives by watch.
    static func checkInitialList(_ cluster: SimCluster, _ harness: CacheHarness, _ log: RequestLog) async throws {
        await harness.wait { $0.isSynced }
        #expect(harness.cache.count == jobCount)
        let lists = log.requests.filter { $0.verb == .list }
        #expect(lists.count >= 2, "\(jobCount) Jobs need at least two pages of 500")
        #expect(lists.allSatisfy { $0.query["limit"] == "500" })
        #expect(lists.dropFirst().allSatisfy { !($0.query["continue"] ?? "").isEmpty })
        // One change through the watch proves it is open.
        try cluster.relabel("job-0", step: "1")
        await harness.wait(forContents: try cluster.jobProjections())
        #expect(harness.cache.get(ObjectKey(namespace: "default", name: "job-0"))?.step == "1")
        #expect(log.count(.watch) >= 1)
        #expect(log.requests.filter { $0.verb == .watch }.allSatisfy { $0.query["allowWatchBookmarks"] == "true" })
    }

    /// All watches dropped: the watcher resumes from its resourceVersion, never lists again.
    static func checkDroppedWatches(_ cluster: SimCluster, _ harness: CacheHarness, _ log: RequestLog) async throws {
        let listsBefore = log.count(.list)
        let watchesBefore = log.count(.watch)
        cluster.faults.closeWatches()
        try cluster.relabel("job-1", step: "2")
        try cluster.deleteJob("job-2")
        _ = try cluster.store.create(.jobs, namespace: "default", object: SimCluster.job("late-0"))
        await harness.wait(forContents: try cluster.jobProjections())
        #expect(log.count(.list) == listsBefore, "a dropped watch must not cause a relist")
        #expect(log.count(.watch) > watchesBefore)
        let rewatch = log.requests.last { $0.verb == .watch }
        #expect(!(rewatch?.query["resourceVersion"]?.isEmpty ?? true), "the re-watch resumes from a resourceVersion")
        #expect(harness.cache.count == jobCount)
    }

    /// History compacted (410 on resume): the watcher relists; handlers see only real deletes.
    static func checkCompaction(_ cluster: SimCluster, _ harness: CacheHarness, _ log: RequestLog) async throws {
        let listsBefore = log.count(.list)
        let changesBefore = harness.changes.count
        cluster.faults.compactHistory()
        cluster.faults.closeWatches()
        try cluster.relabel("job-3", step: "3")
        try cluster.deleteJob("job-4")
        await harness.wait { _ in log.count(.list) > listsBefore }
        await harness.wait(forContents: try cluster.jobProjections())
        let changes = harness.changes.dropFirst(changesBefore)
        let removed = changes.compactMap { change -> ObjectKey? in
            if case .removed(let old) = change { return old.key }
            return nil
        }
        #expect(removed.allSatisfy { $0.name == "job-4" }, "spurious deletes after the relist: \(removed)")
        #expect(harness.cache.get(ObjectKey(namespace: "default", name: "job-3"))?.step == "3")
        #expect(harness.cache.get(ObjectKey(namespace: "default", name: "job-4")) == nil)
    }

    /// A line that is not JSON ends the watch; the watcher reconnects and converges.
    static func checkMalformedLine(_ cluster: SimCluster, _ harness: CacheHarness, _ log: RequestLog) async throws {
        // The relist's watch must be open before the line is sent.
        try cluster.relabel("job-5", step: "5a")
        await harness.wait(forContents: try cluster.jobProjections())
        let watchesBefore = log.count(.watch)
        let listsBefore = log.count(.list)
        cluster.faults.sendMalformedWatchLine()
        await log.wait { requests in requests.filter { $0.verb == .watch }.count > watchesBefore }
        try cluster.relabel("job-5", step: "5b")
        await harness.wait(forContents: try cluster.jobProjections())
        #expect(harness.cache.get(ObjectKey(namespace: "default", name: "job-5"))?.step == "5b")
        #expect(log.count(.watch) > watchesBefore)
        #expect(log.count(.list) == listsBefore, "a broken watch line resumes the watch without a relist")
    }
}
