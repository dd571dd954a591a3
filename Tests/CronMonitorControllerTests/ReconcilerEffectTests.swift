import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import KubernetesTestSupport
import Logging
import Synchronization
import Testing

/// `CronMonitorReconciler` against a scripted API: the order of its effects (delete → alert
/// Events → one status PATCH recording them → end → notices), a conflicting status write
/// (re-read once, plan again, alert nothing twice), Events that cannot be written (the alert
/// stays pending, is recorded as alerted only once written), an Event already written by an
/// earlier process (409 counts as written), and the leadership gate (not leading: no request).
@Suite(.timeLimit(.minutes(5))) struct ReconcilerEffectTests {
    /// A small API server for one monitor: keeps requests in order; a Job is deleted once (then
    /// 404); a status PATCH merges into the monitor (or answers `statusReplies` in turn, a 409
    /// replacing the monitor with `fresh` as if someone else wrote it); a GET returns the
    /// monitor; an Event POST answers `eventReply` (201 creates it, a name taken answers 409).
    final class EffectLog: HTTPTransport {
        private struct State {
            var requests: [String] = []
            var deleted: Set<String> = []
            var statusReplies: [Int]
            var monitor: JSONValue
            var fresh: JSONValue?
            var resourceVersion = 1
            var eventReply: Int
            var events: [String: JSONValue] = [:]
            /// The installed CRD is older than the operator: status.pendingAlerts is pruned.
            var prunesPendingAlerts = false
        }

        private let state: Mutex<State>

        init(monitor: CronMonitor, statusReplies: [Int] = [], fresh: CronMonitor? = nil, eventReply: Int = 201) throws {
            var monitor = monitor
            monitor.metadata.resourceVersion = "1"
            state = Mutex(
                State(
                    statusReplies: statusReplies, monitor: try Self.json(monitor), fresh: try fresh.map(Self.json),
                    eventReply: eventReply))
        }

        static func json(_ value: some Encodable) throws -> JSONValue {
            try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        }

        var requests: [String] { state.withLock { $0.requests } }

        func count(_ prefix: String) -> Int { requests.filter { $0.hasPrefix(prefix) }.count }

        /// The monitor as the server has it now.
        func monitor() throws -> CronMonitor {
            let json = state.withLock { $0.monitor }
            return try JSONDecoder().decode(CronMonitor.self, from: JSONEncoder().encode(json))
        }

        /// The names of the Events the server holds.
        var eventNames: Set<String> { state.withLock { Set($0.events.keys) } }

        func setEventReply(_ status: Int) { state.withLock { $0.eventReply = status } }

        func prunePendingAlerts() { state.withLock { $0.prunesPendingAlerts = true } }

        /// Events with these names exist already (written by an earlier process).
        func holdEvents(named names: [String]) { state.withLock { state in for name in names { state.events[name] = .null } } }

        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
            let line = "\(request.method.rawValue) \(path)"
            let body = request.body.flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
            let (status, reply): (Int, JSONValue?) = state.withLock { state in
                state.requests.append(line)
                switch request.method {
                case .delete:
                    return (state.deleted.insert(path).inserted ? 200 : 404, nil)
                case .patch where path.hasSuffix("/status"):
                    let status = state.statusReplies.isEmpty ? 200 : state.statusReplies.removeFirst()
                    if status == 409, let fresh = state.fresh {
                        state.monitor = fresh
                        state.resourceVersion += 1
                        state.monitor = state.monitor.applyingMergePatch(
                            .object(["metadata": .object(["resourceVersion": .string("\(state.resourceVersion)")])]))
                    }
                    guard status == 200, let patch = body?["status"] else { return (status, nil) }
                    state.resourceVersion += 1
                    state.monitor = state.monitor.applyingMergePatch(
                        .object([
                            "status": patch, "metadata": .object(["resourceVersion": .string("\(state.resourceVersion)")]),
                        ]))
                    if state.prunesPendingAlerts {
                        state.monitor = state.monitor.applyingMergePatch(.object(["status": .object(["pendingAlerts": .null])]))
                    }
                    return (200, state.monitor)
                case .get:
                    return (200, state.monitor)
                case .post where path.hasSuffix("/events"):
                    guard state.eventReply == 201, let name = body?["metadata"]?["name"]?.stringValue else {
                        return (state.eventReply, nil)
                    }
                    guard state.events[name] == nil else { return (409, nil) }
                    state.events[name] = body
                    return (201, body)
                default:
                    return (200, nil)
                }
            }
            let data: Data
            if let reply, status < 300 {
                data = (try? JSONEncoder().encode(reply)) ?? Data("{}".utf8)
            } else if status >= 300 {
                let reason = [403: "Forbidden", 404: "NotFound", 409: status == 409 && line.hasPrefix("POST") ? "AlreadyExists" : "Conflict"][status] ?? "InternalError"
                data = Data(#"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"\#(reason)","code":\#(status)}"#.utf8)
            } else {
                data = Data(#"{"kind":"Status","apiVersion":"v1","metadata":{"name":"x"},"status":"Success"}"#.utf8)
            }
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: data)
        }

        func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
            throw TransportError(.connect, "no streams in this test")
        }
    }

    /// The recorder's outcomes, "<reason> <outcome>", in order.
    final class Outcomes: Sendable {
        let list = Mutex<[String]>([])
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

    /// A reconciler whose cache holds `monitor` (the world's by default) and the world's Jobs.
    static func reconciler(
        _ world: PlannerWorld, monitor: CronMonitor? = nil, at minutes: Double, transport: EffectLog,
        deliveries: AlertDeliveries = AlertDeliveries(), logs: CapturedLogs? = nil,
        limits: EventCorrelator.Limits = .standard, outcomes: Outcomes? = nil, mayWrite: Bool = true
    ) -> CronMonitorReconciler {
        let caches = Caches(namespaces: [])
        var monitor = monitor ?? world.monitor
        monitor.metadata.resourceVersion = monitor.metadata.resourceVersion ?? "1"
        _ = caches.monitors.stores[nil]?.apply(.restarted([monitor]))
        _ = caches.jobs.stores[nil]?.apply(.restarted(world.jobs))
        _ = caches.cronJobs.stores[nil]?.apply(.restarted(world.cronJob.map { [$0] } ?? []))
        var logger = logs?.logger(level: .warning) ?? Logger(label: "reconciler-effect-test")
        if logs == nil { logger.logLevel = .critical }
        let client = KubernetesClient(transport: transport)
        let now = PlannerWorld.at(minutes)
        let recorder = EventRecorder(
            client: client, reportingController: "cronmonitor.io/operator", reportingInstance: "test", limits: limits,
            logger: logger, now: { now },
            onOutcome: { reason, outcome in outcomes?.list.withLock { $0.append("\(reason) \(outcome.rawValue)") } })
        return CronMonitorReconciler(
            client: client, caches: caches, recorder: recorder, observer: OperatorObserver(), logger: logger,
            deliveries: deliveries, now: { now }, mayWrite: { mayWrite })
    }

    static var key: ObjectKey { ObjectKey(namespace: PlannerWorld.namespace, name: "backup-monitor") }

    static func alerted(_ monitor: CronMonitor) -> [String] {
        (monitor.status?.runs ?? []).flatMap { run in (run.alerted ?? []).map { "\(run.jobName ?? ""):\($0)" } }.sorted()
    }

    static func isStatusWrite(_ request: String) -> Bool { request.hasPrefix("PATCH ") && request.hasSuffix("/status") }
    static func isEventWrite(_ request: String) -> Bool { request.hasPrefix("POST ") && request.hasSuffix("/events") }

    @Test func effectsRunInOrderDeleteThenAlertsThenOneStatusThenEndThenNotices() async throws {
        let world = Self.world()
        let plan = world.plan(at: 428)
        try #require(!plan.jobsToDelete.isEmpty && !plan.jobsToEnd.isEmpty && plan.reasons.contains("RunStuck"))
        let transport = try EffectLog(monitor: world.monitor)
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        let requests = transport.requests
        let deletes = requests.indices.filter { requests[$0].hasPrefix("DELETE ") && requests[$0].contains("/jobs/") }
        let status = requests.indices.filter { Self.isStatusWrite(requests[$0]) }
        let ends = requests.indices.filter { requests[$0].hasPrefix("PATCH ") && requests[$0].contains("/jobs/") }
        let events = requests.indices.filter { Self.isEventWrite(requests[$0]) }
        let alerts = plan.events.filter { $0.incident != nil }.count
        let notices = plan.recordingPurge(of: plan.jobsToDelete).events.count - alerts
        #expect(alerts == 2 && notices == 1, "RunStuck, RunTerminated; JobsPurged")
        #expect(deletes.count == plan.jobsToDelete.count)
        #expect(status.count == 1, "a change costs one status PATCH: \(requests)")
        #expect(ends.count == plan.jobsToEnd.count)
        #expect(events.count == alerts + notices)
        #expect(requests.count == deletes.count + status.count + ends.count + events.count, "\(requests)")
        let order = [deletes, Array(events.prefix(alerts)), status, ends, Array(events.dropFirst(alerts))]
        for (earlier, later) in zip(order, order.dropFirst()) {
            #expect((earlier.max() ?? -1) < (later.min() ?? .max), "out of order: \(requests)")
        }
        let final = try transport.monitor()
        #expect(final.status?.pendingAlerts == nil)
        #expect(Self.alerted(final).contains("\(jobName(420)):RunStuck"))
        #expect(Self.alerted(final).contains("\(jobName(420)):RunTerminated"))
    }

    @Test func aRunIsRecordedAsAlertedOnlyOnceItsEventIsWritten() async throws {
        let world = Self.world(retention: RetentionPolicy())
        let transport = try EffectLog(monitor: world.monitor, eventReply: 403)
        let deliveries = AlertDeliveries()
        let action = try await Self.reconciler(world, at: 428, transport: transport, deliveries: deliveries)
            .reconcile(Self.key)

        // Judged and written, its alerts pending, none recorded; retried within 5 s (not at the
        // plan's next wake-up).
        let pending = try transport.monitor()
        #expect(pending.status?.runs?.first { $0.jobName == jobName(420) }?.result == .stuck)
        #expect(pending.status?.pendingAlerts?.map(\.reason).sorted() == ["RunStuck", "RunTerminated"])
        #expect(!Self.alerted(pending).contains { $0.hasPrefix(jobName(420)) })
        #expect(action == .requeue(after: .seconds(5)))
        #expect(transport.eventNames.isEmpty)

        // The API accepts Events again (an RBAC rule added): the next reconcile, from the written
        // monitor, writes each Event once and records it.
        transport.setEventReply(201)
        let retry = Self.reconciler(
            world, monitor: pending, at: 428 + 5.0 / 60, transport: transport, deliveries: deliveries)
        _ = try await retry.reconcile(Self.key)
        let delivered = try transport.monitor()
        #expect(delivered.status?.pendingAlerts == nil)
        #expect(Self.alerted(delivered).filter { $0.hasPrefix(jobName(420)) } == ["\(jobName(420)):RunStuck", "\(jobName(420)):RunTerminated"])
        #expect(transport.eventNames.count == 2)
        #expect(transport.count("POST ") == 4, "two refused, two written: \(transport.requests)")
    }

    @Test func anEventAnEarlierProcessWroteIsNotWrittenAgain() async throws {
        // A former leader wrote the status with the pending alerts and their Events, and crashed
        // before recording them as alerted.
        var world = Self.world(retention: RetentionPolicy())
        let plan = world.plan(at: 428)
        world.status = plan.status
        try #require(plan.status.pendingAlerts?.count == 2)
        let transport = try EffectLog(monitor: world.monitor)
        let names = plan.events.compactMap(\.incident).map {
            CronMonitorReconciler.eventName(monitor: world.monitor, incident: $0)
        }
        transport.holdEvents(named: names)
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        // Each create finds its Event (409 AlreadyExists): written once, now recorded.
        #expect(transport.count("POST ") == 2)
        #expect(transport.eventNames == Set(names))
        let final = try transport.monitor()
        #expect(final.status?.pendingAlerts == nil)
        #expect(Self.alerted(final).filter { $0.hasPrefix(jobName(420)) }.count == 2)
    }

    @Test func aConflictAfterTheEventsRecordsThemWithoutWritingThemAgain() async throws {
        let world = Self.world(retention: RetentionPolicy())
        // The status write after the Events conflicts with someone else's change.
        var fresh = world.monitor
        fresh.spec.failureThreshold = 2
        let transport = try EffectLog(monitor: world.monitor, statusReplies: [409], fresh: fresh)
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        #expect(transport.count("GET ") == 1, "\(transport.requests)")
        #expect(transport.requests.filter(Self.isStatusWrite).count == 2, "\(transport.requests)")
        #expect(transport.requests.filter(Self.isEventWrite).count == 2, "written once: \(transport.requests)")
        let final = try transport.monitor()
        #expect(final.status?.pendingAlerts == nil)
        #expect(Self.alerted(final).filter { $0.hasPrefix(jobName(420)) }.count == 2)
    }

    @Test func aFoldedAlertIsCountedOnceAcrossAConflict() async throws {
        let world = Self.world(retention: RetentionPolicy())
        var fresh = world.monitor
        fresh.spec.failureThreshold = 2
        let transport = try EffectLog(monitor: world.monitor, statusReplies: [409], fresh: fresh)
        // The monitor's Event budget is spent: every alert folds into its reason's aggregate.
        let spent = EventCorrelator.Limits(seriesWindow: 360, seriesFlushInterval: 30, burst: 0, refillInterval: 300)
        let outcomes = Outcomes()
        _ = try await Self.reconciler(world, at: 428, transport: transport, limits: spent, outcomes: outcomes)
            .reconcile(Self.key)

        #expect(outcomes.list.withLock { $0 } == ["RunStuck folded", "RunTerminated folded"], "each incident counted once")
        #expect(Self.alerted(try transport.monitor()).filter { $0.hasPrefix(jobName(420)) }.count == 2)
    }

    @Test func aConflictWithTheAlertsAlreadyRecordedWritesNoNewEvent() async throws {
        let world = Self.world(retention: RetentionPolicy())
        // Meanwhile the whole reconcile happened elsewhere (a former leader): its Events exist
        // and the fresh monitor records every incident as alerted.
        var done = world
        done.step(at: 428)
        let transport = try EffectLog(monitor: world.monitor, statusReplies: [409], fresh: done.monitor)
        let names = world.plan(at: 428).events.compactMap(\.incident).map {
            CronMonitorReconciler.eventName(monitor: world.monitor, incident: $0)
        }
        transport.holdEvents(named: names)
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        // The Events were tried before the write (each found: 409), the write conflicted, the
        // fresh monitor needed nothing: no second write, no new Event, and the stuck Job is still
        // ended (its deadline is not in the status).
        #expect(transport.count("GET ") == 1, "\(transport.requests)")
        #expect(transport.eventNames == Set(names), "no new Event: \(transport.requests)")
        #expect(transport.requests.filter(Self.isStatusWrite).count == 1, "\(transport.requests)")
        #expect(
            transport.requests.filter { $0.hasPrefix("PATCH ") && $0.contains("/jobs/") }.count
                == world.plan(at: 428).jobsToEnd.count)
    }

    @Test func aConflictWithAnUnrelatedChangeWritesOnceMoreAndAlertsOnce() async throws {
        let world = Self.world(retention: RetentionPolicy())
        let plan = world.plan(at: 428)
        let transport = try EffectLog(monitor: world.monitor, statusReplies: [409], fresh: world.monitor)
        _ = try await Self.reconciler(world, at: 428, transport: transport).reconcile(Self.key)

        #expect(transport.count("GET ") == 1)
        #expect(transport.requests.filter(Self.isStatusWrite).count == 2, "\(transport.requests)")
        #expect(transport.count("POST ") == plan.events.count, "\(transport.requests)")
    }

    @Test func aCRDThatDropsPendingAlertsIsReportedOnce() async throws {
        let world = Self.world(retention: RetentionPolicy())
        let transport = try EffectLog(monitor: world.monitor, eventReply: 403)
        transport.prunePendingAlerts()
        let logs = CapturedLogs()
        let deliveries = AlertDeliveries()
        _ = try await Self.reconciler(world, at: 428, transport: transport, deliveries: deliveries, logs: logs)
            .reconcile(Self.key)
        #expect(try transport.monitor().status?.pendingAlerts == nil, "pruned by the API server")
        _ = try await Self.reconciler(
            world, monitor: try transport.monitor(), at: 429, transport: transport, deliveries: deliveries, logs: logs
        ).reconcile(Self.key)

        let errors = logs.entries(startingWith: "the installed CronMonitor CRD is older than this operator")
        #expect(errors.count == 1)
        #expect(errors.first?.level == .error)
        // Each refused Event is said at warning level: two, then only RunTerminated, which is
        // judged again in every pass; RunStuck, decided once, was lost with the pruned field
        // (what the error says).
        #expect(logs.entries("cannot write event").map { $0.metadata["k8s.event.reason"] ?? "" } == ["RunStuck", "RunTerminated", "RunTerminated"])
    }

    @Test func eventNamesAreStablePerIncidentAndValid() {
        var monitor = PlannerWorld().monitor
        let name = CronMonitorReconciler.eventName(monitor: monitor, incident: "RunFailed/job/uid-1")
        #expect(name == CronMonitorReconciler.eventName(monitor: monitor, incident: "RunFailed/job/uid-1"))
        #expect(name != CronMonitorReconciler.eventName(monitor: monitor, incident: "RunStuck/job/uid-1"))
        #expect(name.hasPrefix("backup-monitor."))
        monitor.metadata.uid = "mon-2"
        #expect(name != CronMonitorReconciler.eventName(monitor: monitor, incident: "RunFailed/job/uid-1"), "a new monitor")
        monitor.metadata.name = String(repeating: "m", count: 253)
        #expect(CronMonitorReconciler.eventName(monitor: monitor, incident: "RunFailed/job/uid-1").count <= 253)
    }

    @Test func notLeadingWritesNothing() async throws {
        let world = Self.world()
        let transport = try EffectLog(monitor: world.monitor)
        await #expect(throws: ReconcileError.notLeading) {
            _ = try await Self.reconciler(world, at: 428, transport: transport, mayWrite: false).reconcile(Self.key)
        }
        #expect(transport.requests.isEmpty)
    }
}
