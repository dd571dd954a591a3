import CronMonitorController
import CronMonitorOperator
import Foundation
import KubernetesClient
import Logging

/// One operator replica in this process, built as `cronmonitor-operator run` builds it: curl,
/// then the request counter, the client-side rate limiter (`--kube-api-qps` / `--kube-api-burst`)
/// shared by every request, and retries for reads and writes (watchers back off themselves).
struct FleetOperator: Sendable {
    let replica: Operator<ContinuousClock>
    let counter: RequestCounter
    let tracker: FleetTracker
    let started: ContinuousClock.Instant
    private let running: Task<Void, any Error>

    static func start(url: URL, options: BenchOptions, identity: String, tracker: FleetTracker) throws -> FleetOperator {
        let configuration = ClusterConfiguration(
            server: url, tls: TLSSettings(), credentials: StaticCredentials(), namespace: nil)
        let counter = RequestCounter(base: try CurlTransport(configuration: configuration))
        let clock = ContinuousClock()
        let limited = RateLimitedTransport(
            base: counter, qps: Double(options.kubeAPIQPS), burst: options.kubeAPIBurst, clock: clock)
        var logger = Logger(label: "cronmonitor-operator")
        logger.logLevel = .critical
        let replica = Operator(
            client: KubernetesClient(transport: RetryingTransport(base: limited, clock: clock)),
            watchClient: KubernetesClient(transport: limited),
            options: OperatorOptions(identity: identity, reportingInstance: identity),
            observer: tracker.observer, logger: logger)
        let started = ContinuousClock.now
        let running = Task { try await replica.run() }
        return FleetOperator(replica: replica, counter: counter, tracker: tracker, started: started, running: running)
    }

    private init(
        replica: Operator<ContinuousClock>, counter: RequestCounter, tracker: FleetTracker, started: ContinuousClock.Instant,
        running: Task<Void, any Error>
    ) {
        self.replica = replica
        self.counter = counter
        self.tracker = tracker
        self.started = started
        self.running = running
    }

    /// Stops it gracefully (in-flight reconciles finish) and waits until it has.
    func stop() async {
        running.cancel()
        _ = await running.result
    }
}
