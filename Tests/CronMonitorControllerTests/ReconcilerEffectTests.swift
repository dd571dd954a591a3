import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization
import Testing

/// `CronMonitorReconciler` against a scripted API: the order of its effects (delete → status →
/// end → Events), a conflicting status write (re-read once, plan again, alert nothing twice), and
/// the leadership gate (not leading: no request at all).
@Suite(.timeLimit(.minutes(5))) struct ReconcilerEffectTests {
    /// Answers every request plausibly and keeps them in order. A Job is deleted once (then 404);
    /// status PATCHes get `statusReplies` in turn (then 200); a GET of the monitor returns `fresh`.
    final class EffectLog: HTTPTransport {
        private struct State {
            var requests: [String] = []
            var deleted: Set<String> = []
            var statusReplies: [Int]
        }

        private let state: Mutex<State>
        let fresh: Data

        init(statusReplies: [Int] = [], fresh: Data = Data("{}".utf8)) {
            state = Mutex(State(statusReplies: statusReplies))
            self.fresh = fresh
        }

        var requests: [String] { state.withLock { $0.requests } }

        func count(_ prefix: String) -> Int { requests.filter { $0.hasPrefix(prefix) }.count }

        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
            let line = "\(request.method.rawValue) \(path)"
            let status: Int = state.withLock { state in
                state.requests.append(line)
                switch request.method {
                case .delete:
                    return state.deleted.insert(path).inserted ? 200 : 404
                case .patch where path.hasSuffix("/status"):
                    return state.statusReplies.isEmpty ? 200 : state.statusReplies.removeFirst()
                default:
                    return request.method == .post ? 201 : 200
                }
            }
            let body: Data
            switch (request.method, status) {
            case (_, 404), (_, 409):
                let reason = status == 404 ? "NotFound" : "Conflict"
                body = Data(#"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"\#(reason)","code":\#(status)}"#.utf8)
            case (.get, _):
                body = fresh
            case (.post, _):
                body = request.body ?? Data("{}".utf8)
            default:
                body = Data(#"{"kind":"Status","apiVersion":"v1","metadata":{"name":"x"},"status":"Success"}"#.utf8)
            }
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
        }

        func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
            throw TransportError(.connect, "no streams in this test")
        }
    }

    /// Retention keeps two successes; the running 07:00 run turns stuck after 5 minutes and is
    /// terminated. Recorded once at 07:01; `now` is 07:08.
    static func world(retention: RetentionPolicy = RetentionPolicy(keepSucceeded: 2)) -> PlannerWorld {
        var world = PlannerRetentionTests.world(retention)
        world.spec.maxDurationSeconds = 300
        world.spec.onStuck = .terminate
        world.step(at: 421)
        return world
    }

    static func reconciler(
        _ world: PlannerWorld, at minutes: Double, transport: EffectLog, mayWrite: Bool = true
    ) -> CronMonitorReconciler {
        let caches = Caches(namespaces: [])
        var monitor = world.monitor
        monitor.metadata.resourceVersion = "1"
        _ = caches.monitors.stores[nil]?.apply(.restarted([monitor]))
        _ = caches.jobs.stores[nil]?.apply(.restarted(world.jobs))
        _ = caches.cronJobs.stores[nil]?.apply(.restarted(world.cronJob.map { [$0] } ?? []))
        var logger = Logger(label: "reconciler-effect-test")
        logger.logLevel = .critical
        let client = KubernetesClient(transport: transport)
        let now = PlannerWorld.at(minutes)
        let recorder = EventRecorder(
            client: client, reportingController: "cronmonitor.io/operator", reportingInstance: "test", logger: logger,
            now: { now })
        return CronMonitorReconciler(
            client: client, caches: caches, recorder: recorder, observer: OperatorObserver(), logger: logger,
            now: { now }, mayWrite: { mayWrite })
    }

    static var key: ObjectKey { ObjectKey(namespace: PlannerWorld.namespace, name: "backup-monitor") }

    @Test func effectsRunInOrderDeleteThenStatusThenEndThenEvents() async throws {
        let world = Self.world()
        let plan = world.plan(at: 428)
        try #require(!plan.jobsToDelete.isEmpty && !plan.jobsToEnd.isEmpty && plan.reasons.contains("RunStuck"))
        let transport = EffectLog()
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        let requests = transport.requests
        let deletes = requests.indices.filter { requests[$0].hasPrefix("DELETE ") && requests[$0].contains("/jobs/") }
        let status = requests.indices.filter { requests[$0].hasPrefix("PATCH ") && requests[$0].hasSuffix("/status") }
        let ends = requests.indices.filter { requests[$0].hasPrefix("PATCH ") && requests[$0].contains("/jobs/") }
        let events = requests.indices.filter { requests[$0].hasPrefix("POST ") && requests[$0].hasSuffix("/events") }
        #expect(deletes.count == plan.jobsToDelete.count)
        #expect(status.count == 1)
        #expect(ends.count == plan.jobsToEnd.count)
        #expect(events.count == plan.recordingPurge(of: plan.jobsToDelete).events.count, "JobsPurged too")
        #expect(requests.count == deletes.count + status.count + ends.count + events.count, "\(requests)")
        let order = [deletes, status, ends, events]
        for (earlier, later) in zip(order, order.dropFirst()) {
            #expect((earlier.max() ?? -1) < (later.min() ?? .max), "out of order: \(requests)")
        }
    }

    @Test func aConflictRereadsOncePlansAgainAndAlertsNothingTwice() async throws {
        let world = Self.world(retention: RetentionPolicy())
        let plan = world.plan(at: 428)
        try #require(plan.reasons.contains("RunStuck"))
        // Meanwhile the same status was written (this replica's earlier write, or a former leader's):
        // the fresh monitor already records every incident as alerted.
        var written = world.monitor
        written.metadata.resourceVersion = "2"
        written.status = plan.status
        let transport = EffectLog(statusReplies: [409], fresh: try JSONEncoder().encode(written))
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        // One write (409), one read, nothing more: no second write, no Event, and the stuck Job is
        // still ended (its deadline is not in the status).
        #expect(transport.count("GET ") == 1, "\(transport.requests)")
        #expect(transport.count("POST ") == 0, "alerted again: \(transport.requests)")
        #expect(transport.requests.filter { $0.hasSuffix("/status") }.count == 1, "\(transport.requests)")
        #expect(transport.requests.filter { $0.hasPrefix("PATCH ") && $0.contains("/jobs/") }.count == plan.jobsToEnd.count)
    }

    @Test func aConflictWithAnUnrelatedChangeWritesOnceMoreAndAlertsOnce() async throws {
        let world = Self.world(retention: RetentionPolicy())
        let plan = world.plan(at: 428)
        var fresh = world.monitor
        fresh.metadata.resourceVersion = "2"
        let transport = EffectLog(statusReplies: [409], fresh: try JSONEncoder().encode(fresh))
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        #expect(transport.count("GET ") == 1)
        #expect(transport.requests.filter { $0.hasSuffix("/status") }.count == 2)
        #expect(transport.count("POST ") == plan.events.count, "\(transport.requests)")
    }

    @Test func notLeadingWritesNothing() async throws {
        let transport = EffectLog()
        await #expect(throws: ReconcileError.notLeading) {
            _ = try await Self.reconciler(Self.world(), at: 428, transport: transport, mayWrite: false).reconcile(Self.key)
        }
        #expect(transport.requests.isEmpty)
    }
}
