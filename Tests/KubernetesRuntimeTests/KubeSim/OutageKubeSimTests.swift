import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Testing

/// The watcher and the retrying transport against an API server that refuses requests.
@Suite(.timeLimit(.minutes(5))) struct OutageKubeSimTests {
    /// While every request fails with 503 for 60 s of the watcher's (virtual) clock, the watcher
    /// sends at most 0.5 requests per second.
    /// With `operatorStack`, the watcher's client is the operator's watch client: rate limited,
    /// without request retries (the operator's writes go through `RetryingTransport`; its
    /// watchers never do, because retries under the watcher's backoff would multiply requests).
    @Test(arguments: [false, true])
    func watcherSendsAtMostHalfARequestPerSecondDuringAnOutage(operatorStack: Bool) async throws {
        try await SimCluster.run { cluster in
            try cluster.createJobs(3)
            cluster.faults.fail(InjectedFailure(code: 503, count: 1_000_000))
            let clock = ImmediateClock()
            let log = RequestLog()
            let recording = try cluster.recordingTransport(log: log, now: { clock.now.offset })
            let transport: any HTTPTransport =
                operatorStack ? RateLimitedTransport(base: recording, qps: 50, burst: 100, clock: clock) : recording
            let watcher = Watcher(source: jobSource(KubernetesClient(transport: transport)), clock: clock)
            let harness = CacheHarness()
            let outage = Duration.seconds(60)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.consume(watcher) }
                defer { group.cancelAll() }
                try await withDeadline {
                    await log.wait { requests in requests.contains { $0.at >= outage } }
                }
            }
            let during = log.requests.filter { $0.at < outage }
            print("requests during a 60 s outage (operator stack: \(operatorStack)): \(during.count), at \(during.map(\.at))")
            #expect(during.count >= 2, "the watcher keeps trying")
            #expect(during.count <= 30 + 2, "at most 0.5 requests per second (30 + slack), got \(during.count)")
            #expect(!harness.cache.isSynced)
        }
    }

    /// A watcher throttled with 429 waits at least Retry-After before its next request.
    @Test func watcherHonoursRetryAfter() async throws {
        try await SimCluster.run { cluster in
            try cluster.createJobs(3)
            cluster.faults.fail(InjectedFailure(code: 429, count: 2, verb: "list", retryAfterSeconds: 7))
            let clock = ImmediateClock()
            let log = RequestLog()
            let transport = try cluster.recordingTransport(log: log, now: { clock.now.offset })
            let watcher = Watcher(source: jobSource(KubernetesClient(transport: transport)), clock: clock)
            let harness = CacheHarness()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await harness.consume(watcher) }
                defer { group.cancelAll() }
                try await withDeadline { await harness.wait { $0.isSynced } }
            }
            let lists = log.requests.filter { $0.verb == .list }
            #expect(lists.count == 3)
            for (earlier, later) in zip(lists, lists.dropFirst()) {
                #expect(later.at - earlier.at >= .seconds(7), "retried before Retry-After")
            }
            #expect(harness.cache.count == 3)
        }
    }

    /// `RetryingTransport` over KubeSim's 429 never retries before Retry-After.
    @Test(arguments: [1, 3])
    func retryingTransportWaitsForRetryAfter(retryAfterSeconds: Int) async throws {
        try await SimCluster.run { cluster in
            cluster.faults.fail(InjectedFailure(code: 429, count: 2, verb: "list", retryAfterSeconds: retryAfterSeconds))
            let clock = ImmediateClock()
            let log = RequestLog()
            let transport = RetryingTransport(
                base: try cluster.recordingTransport(log: log, now: { clock.now.offset }), clock: clock)
            let client = KubernetesClient(transport: transport)
            let jobs = try await client.list(BatchV1.Job.self, namespace: "default")
            #expect(jobs.items.isEmpty)
            #expect(log.count(.list) == 3, "two throttled attempts, then success")
            #expect(clock.sleeps.count == 2)
            #expect(clock.sleeps.allSatisfy { $0 >= .seconds(retryAfterSeconds) }, "slept \(clock.sleeps)")
            let lists = log.requests.filter { $0.verb == .list }
            for (earlier, later) in zip(lists, lists.dropFirst()) {
                #expect(later.at - earlier.at >= .seconds(retryAfterSeconds))
            }
        }
    }

    /// A Retry-After beyond the policy's limit is not waited for: one request, the 429 surfaces.
    @Test func retryingTransportGivesUpOnTooLongRetryAfter() async throws {
        try await SimCluster.run { cluster in
            cluster.faults.fail(InjectedFailure(code: 429, count: 1, verb: "list", retryAfterSeconds: 600))
            let clock = ImmediateClock()
            let log = RequestLog()
            let transport = RetryingTransport(base: try cluster.recordingTransport(log: log), clock: clock)
            let client = KubernetesClient(transport: transport)
            await #expect {
                _ = try await client.list(BatchV1.Job.self, namespace: "default")
            } throws: { error in
                guard let error = error as? KubernetesError, case .tooManyRequests(_, let seconds) = error else { return false }
                return seconds == 600
            }
            #expect(log.count(.list) == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }
}
