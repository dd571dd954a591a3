import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization

/// `reconcile`: the CPU cost of one reconcile, in this process, against an API that answers at
/// once (no network): a monitor whose selector picks its 40 Jobs among the 20,000 of its
/// namespace, with 100 runs in its status. Three figures: a no-op reconcile (the status is
/// current), a reconcile that writes one change (its newest Job finished), and the status diff
/// alone, by the field-wise merge patch and by the earlier encode-both-and-diff path, in the same
/// run. Its instruction counts under callgrind come from `cronmonitor-bench instructions`, which
/// runs the same set-up on the main thread (valgrind crashes on this async scenario).
struct ReconcileBenchmark: Sendable {
    var options: BenchOptions

    static let namespace = "ops"
    static let monitorName = "etl-0007"
    /// Jobs of the monitor still in the cache, and runs in its status.
    static let ownJobs = 40
    static let runs = 100
    static let origin = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z

    func run() async throws {
        let count = options.updates
        let prepared = try await Self.prepare(jobs: options.jobs)
        let (reconciler, key, transport) = (prepared.reconciler, prepared.key, prepared.transport)
        let (converged, before) = (prepared.converged, prepared.before)
        Figures.say(
            "reconcile: monitor \(Self.namespace)/\(Self.monitorName) selects \(Self.ownJobs) of the \(options.jobs) Jobs of its namespace; \(Self.runs) runs in its status; \(count) reconciles per case")

        prepared.cache(status: converged)
        let writesBefore = transport.statusWrites
        let noOp = try await Self.measure(count) { _ = try await reconciler.reconcile(key) }
        guard transport.statusWrites == writesBefore else {
            throw BenchError.measurement("a no-op reconcile wrote the status")
        }
        Figures.say("reconcile [no-op]: CPU \(Figures.micros(noOp / Double(count))) per reconcile; 0 writes")

        prepared.cache(status: before)
        let change = try await Self.measure(count) { _ = try await reconciler.reconcile(key) }
        let writes = transport.statusWrites - writesBefore
        guard writes == count else { throw BenchError.measurement("\(writes) status writes for \(count) changes") }
        Figures.say("reconcile [one run finished]: CPU \(Figures.micros(change / Double(count))) per reconcile; 1 status PATCH each")

        let fieldWise = try await Self.measure(count) { _ = try converged.mergePatch(from: before) }
        let encodeBoth = try await Self.measure(count) {
            _ = try Self.encoded(before).mergePatch(to: Self.encoded(converged))
        }
        guard try converged.mergePatch(from: before) == Self.encoded(before).mergePatch(to: Self.encoded(converged)) else {
            throw BenchError.measurement("the two diffs disagree")
        }
        Figures.say(
            "reconcile: status diff alone: field-wise \(Figures.micros(fieldWise / Double(count))), encode both and diff \(Figures.micros(encodeBoth / Double(count))) (\(Figures.ratio(fieldWise > 0 ? encodeBoth / fieldWise : 0))×)")
    }

    /// The reconciler over the fixture's caches and an `InstantAPI`, converged: the status its
    /// first reconcile wrote (`converged`: a reconcile of the monitor with it writes nothing) and
    /// that status before the newest Job finished (`before`: each reconcile writes the same change).
    struct Prepared: Sendable {
        var reconciler: CronMonitorReconciler
        var caches: Caches
        var transport: InstantAPI
        var monitor: CronMonitor
        var converged = CronMonitorStatus()
        var before = CronMonitorStatus()

        var key: ObjectKey { ObjectKey(namespace: ReconcileBenchmark.namespace, name: ReconcileBenchmark.monitorName) }

        /// Caches the monitor with `status`.
        func cache(status: CronMonitorStatus?) {
            var cached = monitor
            cached.status = status
            _ = caches.monitors.stores[nil]?.apply(.restarted([cached]))
        }
    }

    static func prepare(jobs: Int) async throws -> Prepared {
        let fixture = Self.fixture(jobs: jobs)
        let transport = InstantAPI()
        let client = KubernetesClient(transport: transport)
        var logger = Logger(label: "cronmonitor-bench.reconcile")
        logger.logLevel = .error
        let now = fixture.now
        let recorder = EventRecorder(
            client: client, reportingController: "cronmonitor.io/operator", reportingInstance: "bench", logger: logger,
            now: { now })
        let caches = Caches(namespaces: [])
        _ = caches.jobs.stores[nil]?.apply(.restarted(fixture.jobs))
        let reconciler = CronMonitorReconciler(
            client: client, caches: caches, recorder: recorder, observer: OperatorObserver(), logger: logger,
            now: { now })
        var prepared = Prepared(reconciler: reconciler, caches: caches, transport: transport, monitor: fixture.monitor)

        // Converge: reconcile from an empty status, keep what it wrote.
        prepared.cache(status: fixture.monitor.status)
        _ = try await reconciler.reconcile(prepared.key)
        guard let converged = transport.lastStatus else { throw BenchError.measurement("the first reconcile wrote no status") }
        guard (converged.runs ?? []).count == Self.runs else {
            throw BenchError.measurement("the status holds \((converged.runs ?? []).count) runs, not \(Self.runs)")
        }
        prepared.converged = converged
        // The status before the newest Job finished: one run still running.
        var before = converged
        before.runs = before.runs.map { runs in
            runs.map { run in
                guard run.jobName == fixture.newestJob else { return run }
                var running = run
                running.result = .running
                running.finishTime = nil
                running.durationSeconds = nil
                return running
            }
        }
        let succeeded = before.totals?.succeeded ?? 1
        before.totals?.succeeded = succeeded - 1
        prepared.before = before
        return prepared
    }

    /// CPU seconds of `count` runs of `body`.
    static func measure(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = Sample.now()
        for _ in 0..<count { try await body() }
        return start.until(.now()).cpu
    }

    static func encoded(_ status: CronMonitorStatus) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(status))
    }

    struct Fixture {
        var monitor: CronMonitor
        var jobs: [JobProjection]
        var newestJob: String
        var now: Date
    }

    /// `jobs` Jobs in one namespace, 40 per app label; the monitor selects app `etl-0007`, runs
    /// every 5 minutes, and keeps 100 runs: its 40 Jobs (the newest 40 slots; the newest finished
    /// a minute ago) and 60 missed slots before them.
    static func fixture(jobs total: Int) -> Fixture {
        let slot: TimeInterval = 300
        let now = origin.addingTimeInterval(Double(runs) * slot + 60)
        var jobs: [JobProjection] = []
        jobs.reserveCapacity(total)
        var newest = ""
        for index in 0..<total {
            let app = index / ownJobs
            let position = index % ownJobs
            let slotTime = origin.addingTimeInterval(Double(runs - ownJobs + position + 1) * slot)
            let start = slotTime.addingTimeInterval(2)
            let name = String(format: "etl-%04d-%02d", app, position)
            if app == 7, position == ownJobs - 1 { newest = name }
            jobs.append(
                JobProjection(
                    key: ObjectKey(namespace: namespace, name: name), uid: "uid-\(name)",
                    labels: ["app": String(format: "etl-%04d", app), "team": "data"], created: start, startTime: start,
                    outcome: JobOutcome(result: .succeeded, finishTime: start.addingTimeInterval(40))))
        }
        var spec = CronMonitorSpec(
            jobSelector: LabelSelector(matchLabels: ["app": "etl-0007"]), schedule: "*/5 * * * *", historyLimit: Int32(runs))
        spec.startGraceSeconds = 60
        let monitor = CronMonitor(
            metadata: ObjectMeta(
                name: monitorName, namespace: namespace, uid: "mon-7", resourceVersion: "1", generation: 1,
                creationTimestamp: Time(origin)),
            spec: spec)
        return Fixture(monitor: monitor, jobs: jobs, newestJob: newest, now: now)
    }
}

/// An API server that answers at once: a status PATCH is taken (and kept), anything else is 200.
final class InstantAPI: HTTPTransport {
    private let state = Mutex<(writes: Int, last: CronMonitorStatus?)>((0, nil))

    var statusWrites: Int { state.withLock { $0.writes } }
    var lastStatus: CronMonitorStatus? { state.withLock { $0.last } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var body = Data(#"{"kind":"Status","apiVersion":"v1","status":"Success"}"#.utf8)
        if request.method == .patch, request.path.hasSuffix("/status"), let data = request.body {
            state.withLock { state in
                state.writes += 1
                if state.last == nil, let status = (try? JSONParser.parse(data))?["status"],
                    let encoded = try? JSONEncoder().encode(status)
                {
                    state.last = try? JSONDecoder().decode(CronMonitorStatus.self, from: encoded)
                }
            }
            body = Data(#"{"metadata":{"resourceVersion":"2"},"status":{}}"#.utf8)
        }
        return HTTPResponse(status: request.method == .post ? 201 : 200, headers: ["Content-Type": "application/json"], body: body)
    }

    func stream(_ request: HTTPRequest) async throws(TransportError) -> HTTPStreamingResponse {
        throw TransportError(.connect, "no streams in this benchmark")
    }
}
