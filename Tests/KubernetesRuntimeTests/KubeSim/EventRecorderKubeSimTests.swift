import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization
import Testing

/// EventRecorder over the real events.k8s.io API of KubeSim, with an injected `now`.
@Suite(.timeLimit(.minutes(5))) struct EventRecorderKubeSimTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let monitor = ObjectReference(
        apiVersion: "cronmonitor.io/v1alpha1", kind: "CronMonitor", namespace: "default", name: "nightly", uid: "uid-1")

    /// A settable `now` for the recorder.
    final class TestNow: Sendable {
        private let value = Mutex(EventRecorderKubeSimTests.start)
        var date: Date { value.withLock { $0 } }
        func advance(by seconds: TimeInterval) { value.withLock { $0 += seconds } }
    }

    static func recorder(_ cluster: SimCluster, now: TestNow) throws -> EventRecorder {
        var logger = Logger(label: "events")
        logger.logLevel = .critical
        return EventRecorder(
            client: KubernetesClient(transport: try cluster.curlTransport()), reportingController: "cronmonitor.io/operator",
            reportingInstance: "operator-test", logger: logger, now: { now.date })
    }

    static func draft(note: String) -> EventDraft {
        EventDraft(regarding: monitor, type: .warning, reason: "RunFailed", action: "JudgeRun", note: note)
    }

    static func storedEvents(_ cluster: SimCluster) async throws -> [EventsV1.Event] {
        let client = KubernetesClient(transport: try cluster.curlTransport())
        return try await client.list(EventsV1.Event.self, namespace: "default").items
    }

    @Test func repeatsWithinSixMinutesBecomeOneEventWithASeriesCount() async throws {
        try await SimCluster.run { cluster in
            let now = TestNow()
            let recorder = try Self.recorder(cluster, now: now)
            for _ in 0..<100 {
                await recorder.record(Self.draft(note: "Job nightly-1 failed"))
                now.advance(by: 3)  // 100 occurrences within 300 s
            }
            now.advance(by: 30)
            await recorder.flushSeries()
            let events = try await Self.storedEvents(cluster)
            #expect(events.count == 1)
            #expect(events.first?.series?.count == 100)
            #expect(events.first?.regarding?.name == "nightly")
            #expect(events.first?.reportingController == "cronmonitor.io/operator")
        }
    }

    /// 1,000 distinct events about one object over 999 s of `now`: the burst of 25, then one
    /// more per 5 minutes, and one aggregate Event whose series counts all the others.
    @Test func beyondTheBudgetDistinctEventsFoldIntoOneAggregateThatCountsThemAll() async throws {
        try await SimCluster.run { cluster in
            let now = TestNow()
            let recorder = try Self.recorder(cluster, now: now)
            var outcomes: [EventOutcome: Int] = [:]
            for index in 0..<1000 {
                outcomes[await recorder.record(Self.draft(note: "incident \(index)")), default: 0] += 1
                now.advance(by: 1)
            }
            now.advance(by: 30)
            await recorder.flushSeries()
            let allowance = 25 + Int(999 / 300)
            let events = try await Self.storedEvents(cluster)
            #expect(outcomes == [.emitted: allowance, .folded: 1000 - allowance])
            #expect(events.count == allowance + 1)
            #expect(events.map { $0.series?.count ?? 1 }.reduce(0, +) == 1000)
            let aggregate = events.first { $0.series != nil }
            #expect(aggregate?.series?.count == 1000 - allowance)
            #expect(aggregate?.note == "\(1000 - allowance) more RunFailed incidents since 2027-01-15T08:00:25Z; latest: incident 999")
        }
    }

    /// Distinct events about one object at the same instant each get their own Event object
    /// (their names must not collide), the ones beyond the budget their aggregate.
    @Test func distinctEventsAtTheSameInstantAreAllAccountedFor() async throws {
        try await SimCluster.run { cluster in
            let now = TestNow()
            let recorder = try Self.recorder(cluster, now: now)
            for index in 0..<30 {
                await recorder.record(Self.draft(note: "incident \(index)"))
            }
            now.advance(by: 30)
            await recorder.flushSeries()
            let events = try await Self.storedEvents(cluster)
            #expect(events.count == 26, "the burst of 25 and one aggregate")
            #expect(Set(events.compactMap { $0.metadata.name }).count == events.count)
            #expect(events.map { $0.series?.count ?? 1 }.reduce(0, +) == 30)
        }
    }
}
