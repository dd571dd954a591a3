import CronMonitorAPI
import CronMonitorController
import CronMonitorOperator
import Foundation
import KubeSim
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging
import Synchronization
import Testing

/// A KubeSim cluster on loopback (real HTTP) with its Job simulator and the CronMonitor CRD, a
/// client for it, and a way to run operator replicas against it.
struct Cluster {
    /// The test's own client.
    let client: KubernetesClient
    /// The operator replicas' client: every request is recorded as the permission it needs.
    let operatorClient: KubernetesClient
    let recorder: RecordingTransport
    /// The API server's address.
    let url: URL
    let store: ObjectStore
    /// The simulator's fault injection.
    let faults: FaultInjector

    static let token = "scenario-token"
    static let namespace = "demo"

    /// - Parameter inProcessOperator: whether the scenario runs operators in this process (their
    ///   requests are then checked against the declared RBAC).
    static func with<Result: Sendable>(
        inProcessOperator: Bool = true, installCRD: Bool = true, _ body: (Cluster) async throws -> Result
    ) async throws -> Result {
        let offset = ClockOffset()
        let store = try ObjectStore(now: { Date().addingTimeInterval(offset.value) })
        var logger = Logger(label: "kubesim-scenario")
        logger.logLevel = .critical
        let server = KubeSimServer(
            store: store, configuration: KubeSimServer.Configuration(token: token, bookmarkInterval: .seconds(5)),
            logger: logger)
        let simulator = JobSimulator(
            store: store, configuration: JobSimulator.Configuration(interval: .milliseconds(100)), logger: logger)
        return try await server.withRunning { url in
            let configuration = ClusterConfiguration(
                server: url, tls: TLSSettings(), credentials: StaticCredentials(Credentials(bearerToken: token)),
                namespace: nil)
            let client = KubernetesClient(transport: try CurlTransport(configuration: configuration))
            let recorder = RecordingTransport(base: try CurlTransport(configuration: configuration))
            let cluster = Cluster(
                client: client, recorder: recorder, url: url, store: store, faults: server.faults, offset: offset)
            try await cluster.createNamespace()
            if installCRD { try await cluster.installCRD() }
            let simulation = Task { try await simulator.run() }
            defer { simulation.cancel() }
            let result = try await body(cluster)
            let undeclared = recorder.permissions.filter { !$0.isDeclared }
            #expect(undeclared.isEmpty, "the operator made calls its RBAC does not grant: \(undeclared)")
            if inProcessOperator { #expect(!recorder.permissions.isEmpty, "no operator request was recorded") }
            return result
        }
    }

    private let offset: ClockOffset

    private init(
        client: KubernetesClient, recorder: RecordingTransport, url: URL, store: ObjectStore, faults: FaultInjector,
        offset: ClockOffset
    ) {
        self.client = client
        self.recorder = recorder
        self.url = url
        self.operatorClient = KubernetesClient(transport: recorder)
        self.store = store
        self.faults = faults
        self.offset = offset
    }

    /// Runs `body` with the cluster's clock `seconds` behind (to create objects in the past).
    func inThePast<T>(_ seconds: TimeInterval, _ body: () async throws -> T) async rethrows -> T {
        offset.value = -seconds
        defer { offset.value = 0 }
        return try await body()
    }

    /// Installs the CronMonitor CRD (done by `with` unless told otherwise).
    func installCRD() async throws {
        _ = try await client.create(resource: Self.customResourceDefinitions, namespace: nil, object: try Self.crd(), as: JSONValue.self)
    }

    /// Runs `body` while the CRD accepts any CronMonitor (a schema that keeps unknown fields),
    /// then replaces it by the real one. What `body` wrote stays stored as it is, as a real API
    /// server keeps the objects written before a CRD's schema narrowed: how a cluster comes to
    /// hold monitors the current schema refuses. Needs `with(installCRD: false)`.
    func withSchemalessCRD(_ body: () async throws -> Void) async throws {
        let crd = try Self.crd()
        var loose = crd.objectValue ?? [:]
        var spec = crd["spec"]?.objectValue ?? [:]
        spec["versions"] = .array((crd["spec"]?["versions"]?.arrayValue ?? []).map { version in
            var members = version.objectValue ?? [:]
            members["schema"] = ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]
            return .object(members)
        })
        loose["spec"] = .object(spec)
        _ = try await client.create(
            resource: Self.customResourceDefinitions, namespace: nil, object: JSONValue.object(loose), as: JSONValue.self)
        try await body()
        _ = try store.update(.customResourceDefinitions, namespace: nil, name: "cronmonitors.cronmonitor.io", object: crd)
    }

    private static let customResourceDefinitions = ResourceDescriptor(
        group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
        plural: "customresourcedefinitions", isNamespaced: false)

    private static func crd() throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/crd/bases/cronmonitor.io_cronmonitors.yaml")
        return try YAMLParser.parse(try Data(contentsOf: url))
    }

    private func createNamespace() async throws {
        let namespaces = ResourceDescriptor(group: "", version: "v1", kind: "Namespace", plural: "namespaces", isNamespaced: false)
        let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(Self.namespace)]]
        _ = try await client.create(resource: namespaces, namespace: nil, object: namespace, as: JSONValue.self)
    }

    /// Starts an operator replica; cancel the task to stop it gracefully.
    func startOperator(
        identity: String, leaderElect: Bool, observer: OperatorObserver = OperatorObserver()
    ) -> (Operator<ContinuousClock>, Task<Void, any Error>) {
        var logger = Logger(label: "operator-\(identity)")
        logger.logLevel = ProcessInfo.processInfo.environment["SCENARIO_LOG"] == nil ? .critical : .debug
        var options = OperatorOptions(identity: identity, reportingInstance: identity)
        options.leaderElect = leaderElect
        options.leaderElectionNamespace = Self.namespace
        let replica = Operator(
            client: operatorClient, options: options, observer: observer, logger: logger)
        return (replica, Task { try await replica.run() })
    }

    /// Runs one operator replica until `body` returns; then stops it (gracefully).
    func withOperator<T: Sendable>(
        identity: String = "replica-a", leaderElect: Bool = false, observer: OperatorObserver = OperatorObserver(),
        client: KubernetesClient? = nil, logger: Logger? = nil, cachesEvents: Bool = false,
        _ body: (Operator<ContinuousClock>) async throws -> T
    ) async throws -> T {
        let logger = logger ?? {
            var logger = Logger(label: "operator-\(identity)")
            logger.logLevel = ProcessInfo.processInfo.environment["SCENARIO_LOG"] == nil ? .critical : .debug
            return logger
        }()
        var options = OperatorOptions(identity: identity, reportingInstance: identity, cachesEvents: cachesEvents)
        options.leaderElect = leaderElect
        options.leaderElectionNamespace = Self.namespace
        let cronMonitorOperator = Operator(
            client: client ?? operatorClient, options: options, observer: observer, logger: logger)
        let running = Task { try await cronMonitorOperator.run() }
        defer { running.cancel() }
        let result = try await body(cronMonitorOperator)
        running.cancel()
        _ = await running.result
        return result
    }

    // MARK: Objects

    func createCronJob(_ name: String, schedule: String, forbid: Bool = false) async throws -> BatchV1.CronJob {
        let json: JSONValue = [
            "apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": ["name": .string(name), "namespace": .string(Self.namespace)],
            "spec": [
                "schedule": .string(schedule), "concurrencyPolicy": .string(forbid ? "Forbid" : "Allow"),
                "jobTemplate": ["spec": ["template": ["spec": [
                    "restartPolicy": "Never", "containers": [["name": "main", "image": "busybox"]],
                ]]]],
            ],
        ]
        return try await client.create(resource: BatchV1.CronJob.resource, namespace: Self.namespace, object: json, as: BatchV1.CronJob.self)
    }

    /// A Job as the CronJob controller creates it for `slot`, run by KubeSim's Job simulator
    /// for `seconds` with `outcome` (succeed, fail or hang).
    @discardableResult
    func createRun(
        of cronJob: BatchV1.CronJob, slot: Date, outcome: String, seconds: Int = 1, name: String? = nil
    ) async throws -> BatchV1.Job {
        try await createJob(
            name ?? "\(cronJob.metadata.name ?? "")-\(Int64(slot.timeIntervalSince1970) / 60)", slot: slot,
            owner: cronJob, outcome: outcome, seconds: seconds)
    }

    /// A Job with KubeSim's run annotations, optionally owned by a CronJob for `slot`.
    @discardableResult
    func createJob(
        _ jobName: String, slot: Date? = nil, owner cronJob: BatchV1.CronJob? = nil, labels: [String: String] = [:],
        outcome: String, seconds: Int = 1
    ) async throws -> BatchV1.Job {
        var annotations: [String: JSONValue] = [
            "kubesim.cronmonitor.io/outcome": .string(outcome),
            "kubesim.cronmonitor.io/run-seconds": .string("\(seconds)"),
        ]
        if let slot { annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] = .string(Time(slot).description) }
        var metadata: [String: JSONValue] = [
            "name": .string(jobName), "namespace": .string(Self.namespace), "annotations": .object(annotations),
            "labels": .object(labels.mapValues(JSONValue.string)),
        ]
        if let cronJob {
            metadata["ownerReferences"] = [[
                "apiVersion": "batch/v1", "kind": "CronJob", "name": .string(cronJob.metadata.name ?? ""),
                "uid": .string(cronJob.metadata.uid ?? ""), "controller": true,
            ]]
        }
        let json: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": .object(metadata),
            "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "main", "image": "busybox"]]]]],
        ]
        return try await client.create(resource: BatchV1.Job.resource, namespace: Self.namespace, object: json, as: BatchV1.Job.self)
    }

    func createMonitor(_ name: String, spec: CronMonitorSpec) async throws {
        _ = try await client.create(
            CronMonitor(metadata: ObjectMeta(name: name, namespace: Self.namespace), spec: spec), namespace: Self.namespace)
    }

    func monitor(_ name: String) async throws -> CronMonitor {
        try await client.get(CronMonitor.self, name: name, namespace: Self.namespace)
    }

    func events(about monitor: String) async throws -> [EventsV1.Event] {
        try await client.list(EventsV1.Event.self, namespace: Self.namespace).items
            .filter { $0.regarding?.name == monitor }
    }

    func jobNames() async throws -> [String] {
        try await client.list(BatchV1.Job.self, namespace: Self.namespace).items.compactMap(\.metadata.name).sorted()
    }

    /// Polls the API (a test's observation, not the operator's) until `condition` holds, for
    /// at most `timeout`.
    func eventually(
        _ what: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    }
}

/// The simulated cluster clock's offset, shared with KubeSim's `now`.
final class ClockOffset: Sendable {
    private let seconds = Mutex<TimeInterval>(0)
    var value: TimeInterval {
        get { seconds.withLock { $0 } }
        set { seconds.withLock { $0 = newValue } }
    }
}
